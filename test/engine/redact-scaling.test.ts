import { describe, expect, it } from 'vitest';
import { maskedPreview, maskTokens, redactLine, redactText } from '../../src/engine/redact.js';
import { countStringWork } from '../helpers/count-work.js';

// ---------------------------------------------------------------------------------------------
// A slow, obvious reference for the masking that redactLine and redactText do (after
// maskTokens, for redactText): scanning left to right, at each position the longest run of
// the text starting there that occurs in a long piece (at least 12 characters, and at least
// minLength), grown one character at a time while some piece still holds it; a run of 12
// or more is masked and skipped, else one character is copied. Then the short pieces are
// replaced where they occur whole, in order.
// ---------------------------------------------------------------------------------------------

const GRAM = 12;

// A copy of the forms redact.ts derives from a secret: its lines and its base64 encodings.
function referenceForms(secret: string): string[] {
  const lines = secret.split(/\r?\n/).filter((piece) => piece.length >= 3 && !piece.startsWith('-----'));
  const forms = lines.length > 0 ? lines : secret.length >= 3 ? [secret] : [];
  if (secret.length >= 6 && !secret.includes('\n')) {
    const base64 = Buffer.from(secret, 'utf8').toString('base64');
    forms.push(base64, base64.replace(/=+$/, ''), Buffer.from(secret, 'utf8').toString('base64url'));
  }
  return forms;
}

/**
 * The longest run of `text` from `at` that occurs in some piece: a run occurs only if its
 * prefixes do, so it grows one character at a time while some piece still holds it.
 */
function longestRunAt(text: string, at: number, pieces: string[]): number {
  let length = 0;
  while (at + length < text.length && pieces.some((piece) => piece.includes(text.slice(at, at + length + 1)))) length++;
  return length;
}

function referenceMask(text: string, secrets: readonly string[], minLength: number): string {
  if (secrets.length === 0) return text;
  const short: string[] = [];
  const long: string[] = [];
  for (const secret of secrets) {
    for (const piece of referenceForms(secret)) {
      if (piece.length < minLength) continue;
      (piece.length < GRAM ? short : long).push(piece);
    }
  }
  let out = '';
  for (let i = 0; i < text.length; ) {
    const run = longestRunAt(text, i, long);
    if (run >= GRAM) {
      out += maskedPreview(text.slice(i, i + run));
      i += run;
    } else {
      out += text[i];
      i++;
    }
  }
  for (const piece of short) if (out.includes(piece)) out = out.split(piece).join(maskedPreview(piece));
  return out;
}

// mulberry32: a small seeded generator, so that a failure can be replayed.
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABETS = [
  'ab',
  'abc',
  'ab=',
  'ab-_.',
  'xy"\'=',
  'ab\n',
  'a=-_."\'\n ',
  'ABab01+/=',
  'hardcoded-secret-0123456789xyz',
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_',
  'aé*ß',
  'a\u{1F600}b',
];

function randomCase(random: () => number): { text: string; secrets: string[]; minLength: number } {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T,>(items: readonly T[]): T => items[int(items.length)]!;
  const alphabet = [...pick(ALPHABETS)];
  const word = (length: number) => Array.from({ length }, () => pick(alphabet)).join('');
  const secret = (): string => {
    switch (int(6)) {
      case 0: {
        // periodic: a short unit repeated, perhaps with a tail
        const unit = word(1 + int(4));
        return (unit.repeat(2 + int(12)) + word(int(3))).slice(0, 40) || unit;
      }
      case 1: {
        // PEM-like, several body lines
        const lines = Array.from({ length: 1 + int(3) }, () => word(3 + int(20)));
        return ['-----BEGIN TEST KEY-----', ...lines, '-----END TEST KEY-----'].join(int(2) ? '\n' : '\r\n');
      }
      default:
        return word(3 + int(30));
    }
  };
  const secrets: string[] = [];
  const count = 1 + int(3);
  for (let s = 0; s < count; s++) {
    if (secrets.length > 0 && int(3) === 0) {
      // overlapping another secret: a piece of it with new text around
      const other = pick(secrets);
      const from = int(other.length);
      secrets.push(word(int(6)) + other.slice(from, from + 4 + int(20)) + word(int(6)));
    } else secrets.push(secret());
  }
  const segments: string[] = [];
  const parts = 1 + int(5);
  for (let p = 0; p < parts; p++) {
    const source = pick(secrets);
    const forms = referenceForms(source);
    switch (int(7)) {
      case 0:
        segments.push(source); // whole
        break;
      case 1: {
        const from = int(source.length);
        segments.push(source.slice(from, from + 1 + int(source.length))); // partially
        break;
      }
      case 2:
        segments.push(Buffer.from(source).toString(int(2) ? 'base64' : 'base64url'));
        break;
      case 3:
        if (forms.length > 0) {
          const form = pick(forms);
          const from = int(form.length);
          segments.push(form.slice(from, from + 6 + int(form.length)));
        }
        break;
      case 4:
        segments.push(`eyJ${word(8)}.${word(8)}.${word(3)}`);
        break;
      default:
        segments.push(word(int(12))); // noise (possibly empty: secrets adjacent)
    }
  }
  let text = segments.join(int(3) === 0 ? '' : pick(['', ' ', '\n', '=', '"', "'", '.']));
  if (text.length > 120) text = text.slice(0, 120);
  return { text, secrets, minLength: pick([3, 5, 8, 8, 11, 12, 13, 20]) };
}

describe('redaction matches the slow reference', () => {
  it('on 20,000 seeded random cases (redactLine and redactText)', () => {
    const random = generator(0x5eed);
    for (let n = 0; n < 20_000; n++) {
      const { text, secrets, minLength } = randomCase(random);
      const context = { n, text, secrets, minLength };
      const line = redactLine(text, secrets);
      if (line !== referenceMask(text, secrets, 3)) expect({ ...context, line }).toEqual({ ...context, line: referenceMask(text, secrets, 3) });
      const masked = redactText(text, secrets, minLength);
      const expected = referenceMask(maskTokens(text), secrets, minLength);
      if (masked !== expected) expect({ ...context, masked }).toEqual({ ...context, masked: expected });
    }
  });

  it('on seeded random cases with many secrets over wide alphabets (states with many transitions)', () => {
    const random = generator(0xd15e);
    const wide = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_."\'\n'];
    const odd = ['é', 'ß', '\u{1F600}', '\u00a0', '\u2028'];
    for (let n = 0; n < 400; n++) {
      const int = (k: number) => Math.floor(random() * k);
      const char = () => (int(20) === 0 ? odd[int(odd.length)]! : wide[int(wide.length)]!);
      const word = (length: number) => Array.from({ length }, char).join('');
      const secrets = Array.from({ length: 10 + int(40) }, () => word(8 + int(40)));
      const segments = Array.from({ length: 1 + int(6) }, () => {
        const secret = secrets[int(secrets.length)]!;
        const form = int(3) === 0 ? Buffer.from(secret).toString(int(2) ? 'base64' : 'base64url') : secret;
        const from = int(form.length);
        return int(2) ? form.slice(from, from + 4 + int(form.length)) : word(int(15));
      });
      const text = segments.join('');
      const minLength = [3, 8, 12, 16][int(4)]!;
      const context = { n, text, secrets, minLength };
      expect({ ...context, out: redactLine(text, secrets) }).toEqual({ ...context, out: referenceMask(text, secrets, 3) });
      expect({ ...context, out: redactText(text, secrets, minLength) }).toEqual({ ...context, out: referenceMask(maskTokens(text), secrets, minLength) });
    }
  });

  it('on periodic secrets, masking the whole run (no cap on the occurrences looked at)', () => {
    const secret = 'ab'.repeat(200) + 'XYZ';
    const text = `k=${'ab'.repeat(150)}XYZ tail`;
    expect(redactLine(text, [secret])).toBe(referenceMask(text, [secret], 3));
    expect(redactLine(text, [secret])).toBe(`k=${maskedPreview(text.slice(2, -5))} tail`);
  });

  it('on texts longer than the reused buffer, and again on short ones after', () => {
    const secret = 'bACEjFCiUrnZYArT7KqisYcp6he45a6Nv3foBEkHGQyFPRkiXBk4o54JgRibpT2G';
    const secrets = [secret];
    const before = '; '.repeat(60_000);
    const after = ' ,'.repeat(60_000);
    expect(redactLine(`${before}${secret}${after}${secret.slice(0, 20)}`, secrets)).toBe(`${before}${maskedPreview(secret)}${after}${maskedPreview(secret.slice(0, 20))}`);
    expect(redactLine(`k=${secret.slice(5, 30)}`, secrets)).toBe(`k=${maskedPreview(secret.slice(5, 30))}`);
  });

  it('keeps the pieces of one secrets list apart per minimum length', () => {
    const secrets = ['0123456789abcdefghij', 'short-one'];
    expect(redactText('x 0123456789abcdefghij short-one', secrets, 8)).toBe(`x ${maskedPreview('0123456789abcdefghij')} ${maskedPreview('short-one')}`);
    expect(redactText('x 0123456789abcdefghij short-one', secrets, 10)).toBe(`x ${maskedPreview('0123456789abcdefghij')} short-one`);
    expect(redactLine('x 89abcdefghij', secrets)).toBe(`x ${maskedPreview('89abcdefghij')}`);
    expect(redactLine('x 9abcdefghij', secrets)).toBe('x 9abcdefghij');
  });
});

describe('redaction scales with thousands of secrets', () => {
  // Counted: the string work (characters read through string methods and regex searches,
  // see countStringWork) while the lines are masked, the secrets' index built on the first
  // call included. The linear masking reads each character a few times (a rolling hash, a
  // walk of the automaton of the secrets, the previews: 7 to 8 per character of lines and
  // secrets today); the bound is 12 per character. The quadratic version looked at every
  // secret holding a 12-character run of the line: with 3,000 secrets sharing a frame,
  // thousands of indexOf calls per line, stopped at the bound.
  const cases: Array<[string, (i: number) => string]> = [
    ['distinct secrets sharing a common frame', (i) => `hardcoded-secret-${i}-xyz`],
    ['secrets sharing a long run', (i) => `${'a'.repeat(40)}${i}`],
  ];
  for (const [name, secretOf] of cases) {
    it(`masks 6,000 lines against 3,000 ${name} with string work linear in their length`, () => {
      const secrets = Array.from({ length: 3000 }, (_, i) => secretOf(i));
      const lines = Array.from({ length: 6000 }, (_, n) => `    super({ secretOrKey: "${secrets[n % 3000]}" }); // ${n}`);
      const messages = Array.from({ length: 6000 }, (_, n) => `The key "${secrets[n % 3000]}" is hardcoded.`);
      const characters = [...secrets, ...lines, ...messages].reduce((sum, text) => sum + text.length, 0);
      const bound = 12 * characters;
      const { result, work } = countStringWork(() => ({ lines: lines.map((line) => redactLine(line, secrets)), messages: messages.map((text) => redactText(text, secrets)) }), bound);
    expect(work).toBeLessThanOrEqual(bound);
      expect(result.lines.filter((out, n) => out.includes(secrets[n % 3000]!))).toEqual([]);
      expect(result.messages.filter((out, n) => out.includes(secrets[n % 3000]!))).toEqual([]);
      expect(result.lines[1]).toBe(`    super({ secretOrKey: "${maskedPreview(secrets[1]!)}" }); // 1`);
    });
  }
});
