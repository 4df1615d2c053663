import type { MaskedEvidence } from './types.js';

// Secrets and tokens never leave the engine in full: a short prefix, then asterisks.
export function maskedPreview(text: string): string {
  const firstLine = text.split(/\r?\n/)[0] ?? '';
  const source = firstLine.startsWith('-----BEGIN') ? firstLine : text;
  if (source.startsWith('-----BEGIN')) return `${source.slice(0, 16)}***`;
  const shown = text.length >= 24 ? 4 : text.length >= 10 ? 2 : text.length >= 4 ? 1 : 0;
  return `${text.slice(0, shown)}${'*'.repeat(Math.min(8, Math.max(3, text.length - shown)))}`;
}

export function maskEvidence(kind: MaskedEvidence['kind'], text: string): MaskedEvidence {
  return { kind, preview: maskedPreview(text), length: text.length };
}

/**
 * Secrets shorter than this are masked where they occur whole; longer ones wherever this
 * many of their characters in a row occur (a value continued on the next line, a snippet
 * cut short). Long enough that ordinary code rarely shares such a run with a secret, which
 * would mask unrelated lines and change their fingerprints.
 */
const GRAM = 12;

interface SecretIndex {
  /** Pieces too short for n-gram matching, masked where they occur whole. */
  short: string[];
  /** Every GRAM-character run of every longer piece → the pieces holding it. */
  grams: Map<string, string[]>;
  /** Rolling hashes of those runs: a text position is looked up only when its hash is here. */
  hashes: Set<number>;
}

// Polynomial rolling hash of a GRAM-character window, modulo 2^32 (Math.imul wraps).
const BASE = 0x01000193;
const BASE_POW = (() => {
  let p = 1;
  for (let i = 1; i < GRAM; i++) p = Math.imul(p, BASE);
  return p; // BASE^(GRAM-1): the weight of the character leaving the window
})();

function hashOf(text: string, from: number): number {
  let h = 0;
  for (let i = from; i < from + GRAM; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

// One index per list of secrets (the engine passes the same list for every line it masks).
const indexes = new WeakMap<readonly string[], Map<number, SecretIndex>>();

/**
 * The forms in which a secret can appear in source text: its lines (a PEM block's body
 * lines, without the armour) and its base64 and base64url encodings (a Kubernetes Secret's
 * `data:` value is the base64 of the key).
 */
function secretForms(secret: string): string[] {
  const lines = secret.split(/\r?\n/).filter((piece) => piece.length >= 3 && !piece.startsWith('-----'));
  const forms = lines.length > 0 ? lines : secret.length >= 3 ? [secret] : [];
  if (secret.length >= 6 && !secret.includes('\n')) {
    const base64 = Buffer.from(secret, 'utf8').toString('base64');
    forms.push(base64, base64.replace(/=+$/, ''), Buffer.from(secret, 'utf8').toString('base64url'));
  }
  return forms;
}

function indexOf(secrets: readonly string[], minLength: number): SecretIndex {
  let byLength = indexes.get(secrets);
  if (!byLength) {
    byLength = new Map();
    indexes.set(secrets, byLength);
  }
  const cached = byLength.get(minLength);
  if (cached) return cached;
  const index: SecretIndex = { short: [], grams: new Map(), hashes: new Set() };
  for (const secret of secrets) {
    for (const piece of secretForms(secret)) {
      if (piece.length < minLength) continue;
      if (piece.length < GRAM) {
        index.short.push(piece);
        continue;
      }
      for (let i = 0; i + GRAM <= piece.length; i++) {
        const gram = piece.slice(i, i + GRAM);
        index.hashes.add(hashOf(gram, 0));
        const holders = index.grams.get(gram);
        if (!holders) index.grams.set(gram, [piece]);
        else if (!holders.includes(piece)) holders.push(piece);
      }
    }
  }
  byLength.set(minLength, index);
  return index;
}

/** Occurrences of a run looked at per position: a periodic secret holds a run thousands of times. */
const MAX_OCCURRENCES = 16;

/** Length of the longest run of `text` from `at` that also occurs in `piece` (from its first occurrences). */
function overlapAt(text: string, at: number, piece: string): number {
  let best = 0;
  const gram = text.slice(at, at + GRAM);
  let seen = 0;
  for (let k = piece.indexOf(gram); k !== -1 && seen < MAX_OCCURRENCES; k = piece.indexOf(gram, k + 1), seen++) {
    let length = GRAM;
    while (at + length < text.length && k + length < piece.length && text[at + length] === piece[k + length]) length++;
    best = Math.max(best, length);
    // No later occurrence can match further than the end of the text or of the piece.
    if (best >= text.length - at || best >= piece.length - k - 1) break;
  }
  return best;
}

function maskSecrets(text: string, secrets: readonly string[], minLength: number): string {
  if (secrets.length === 0) return text;
  const index = indexOf(secrets, minLength);
  let out = text;
  if (index.grams.size > 0 && text.length >= GRAM) {
    // One pass with a rolling hash: a window is sliced and looked up only when its hash is
    // one of a secret's, so ordinary text costs a multiply and an add per character.
    const parts: string[] = [];
    let copied = 0; // text before this index is already in parts
    let i = 0;
    let h = hashOf(text, 0);
    while (i + GRAM <= text.length) {
      let length = 0;
      if (index.hashes.has(h)) {
        const holders = index.grams.get(text.slice(i, i + GRAM));
        if (holders) for (const piece of holders) length = Math.max(length, overlapAt(text, i, piece));
      }
      if (length >= GRAM) {
        parts.push(text.slice(copied, i), maskedPreview(text.slice(i, i + length)));
        i += length;
        copied = i;
        if (i + GRAM <= text.length) h = hashOf(text, i);
        continue;
      }
      if (i + GRAM < text.length) h = (Math.imul(h - Math.imul(text.charCodeAt(i), BASE_POW), BASE) + text.charCodeAt(i + GRAM)) | 0;
      i++;
    }
    if (copied > 0) {
      parts.push(text.slice(copied));
      out = parts.join('');
    }
  }
  for (const piece of index.short) if (out.includes(piece)) out = out.split(piece).join(maskedPreview(piece));
  return out;
}

/** Masks every secret (its lines, base64 forms and any long run of it) in a source line. */
export function redactLine(line: string, secrets: string[]): string {
  return maskSecrets(line, secrets, 3);
}

const BASE64URL_RUN = /[A-Za-z0-9_.-]+/g;

/**
 * Masks anything shaped like a JWT (three base64url segments, the first starting with
 * `eyJ`, the base64url of `{"`), whether or not a rule reported it. One pass over each run
 * of base64url characters and dots, split at the dots: linear however the text is built.
 */
export function maskTokens(text: string): string {
  if (!text.includes('eyJ')) return text;
  return text.replace(BASE64URL_RUN, (run) => (run.includes('eyJ') && run.includes('.') ? maskTokensInRun(run) : run));
}

function maskTokensInRun(run: string): string {
  const segments = run.split('.');
  const out: string[] = [];
  let i = 0;
  while (i < segments.length) {
    const first = segments[i]!;
    const at = first.indexOf('eyJ');
    // header (eyJ + at least 6 characters) . payload (at least 6) . signature (possibly empty)
    if (at !== -1 && first.length - at >= 9 && i + 2 < segments.length && segments[i + 1]!.length >= 6) {
      const token = `${first.slice(at)}.${segments[i + 1]}.${segments[i + 2]}`;
      out.push(`${first.slice(0, at)}${maskedPreview(token)}`);
      i += 3;
    } else {
      out.push(first);
      i++;
    }
  }
  return out.join('.');
}

/**
 * The last fence before output: masks the given secret values (at least `minLength` long,
 * so that short values such as `dev` do not mangle ordinary words) and every JWT-shaped
 * string in a text that should never have held one (messages, labels, notifications).
 */
export function redactText(text: string, secrets: readonly string[], minLength = 8): string {
  return maskSecrets(maskTokens(text), secrets, minLength);
}
