import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { estateSummaryLines } from '../../src/report/estate-summary.js';
import { escapeCharacter, terminalSafe } from '../../src/report/terminal-safe.js';
import { formatText } from '../../src/report/text.js';
import { assertBuilt, jwtlint } from '../cli/helpers/run-jwtlint.js';
import { makeTempProject, removeTempProject } from '../cli/helpers/temp-project.js';
import { sampleResult } from './sample-result.js';

/** Every character the text report must never print raw (LF aside, which it prints itself). */
const DANGEROUS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
/** jwtlint's own colours: SGR sequences only. */
const SGR = /\u001b\[[0-9;]*m/g;

function isEscaped(code: number, multiline = false): boolean {
  return (
    (code <= 0x1f && code !== 0x09 && !(multiline && code === 0x0a)) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

describe('terminalSafe', () => {
  it('escapes C0 controls as \\xhh, keeping TAB', () => {
    expect(terminalSafe('a\u0000b')).toBe('a\\x00b');
    expect(terminalSafe('\u0007')).toBe('\\x07');
    expect(terminalSafe('\b\b\bok')).toBe('\\x08\\x08\\x08ok');
    expect(terminalSafe('\u001b[2J\u001b]0;pwned\u0007')).toBe('\\x1b[2J\\x1b]0;pwned\\x07');
    expect(terminalSafe('\u000b\u000c\u001f')).toBe('\\x0b\\x0c\\x1f');
    expect(terminalSafe('a\tb')).toBe('a\tb');
  });

  it('escapes LF and CR in single-line text, and only CR with multiline', () => {
    expect(terminalSafe('one\ntwo\r\nthree\rfour')).toBe('one\\x0atwo\\x0d\\x0athree\\x0dfour');
    expect(terminalSafe('one\ntwo\r\nthree\rfour', { multiline: true })).toBe('one\ntwo\\x0d\nthree\\x0dfour');
    expect(terminalSafe('\u001b[1A\n', { multiline: true })).toBe('\\x1b[1A\n');
  });

  it('escapes DEL and C1 controls (U+0080 to U+009F, including CSI U+009B)', () => {
    expect(terminalSafe('\u007f')).toBe('\\x7f');
    expect(terminalSafe('\u0080\u0085\u009b2J\u009d0;x\u009c\u009f')).toBe('\\x80\\x85\\x9b2J\\x9d0;x\\x9c\\x9f');
    // U+00A0 and above are printable.
    expect(terminalSafe('\u00a0é')).toBe('\u00a0é');
  });

  it('escapes bidi embeddings, overrides, isolates and marks as \\uhhhh', () => {
    const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
    for (const char of bidi) {
      expect(terminalSafe(`x${char}y`)).toBe(`x\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}y`);
    }
    expect(terminalSafe('access = "user\u202e \u2066// admin\u2069 \u2066"')).toBe('access = "user\\u202e \\u2066// admin\\u2069 \\u2066"');
  });

  it('escapes the line and paragraph separators, which code-frame treats as line breaks', () => {
    expect(terminalSafe('a\u2028b\u2029c')).toBe('a\\u2028b\\u2029c');
  });

  it('leaves zero-width characters, non-ASCII text and emoji alone', () => {
    const text = 'caf\u00e9 \u200b\u200c\u200d\u2060\ufeff 日本語 😀 \u05e9\u05dc\u05d5\u05dd';
    expect(terminalSafe(text)).toBe(text);
  });

  it('returns the input itself when there is nothing to escape', () => {
    for (const text of ['', 'plain', 'src/auth.js', "const s = jwt.sign(p, 'x'); // \\x1b is fine as text", 'tab\there']) {
      expect(terminalSafe(text)).toBe(text);
      expect(terminalSafe(text, { multiline: true })).toBe(text);
    }
    expect(terminalSafe('a\nb', { multiline: true })).toBe('a\nb');
  });

  it('escapes exactly the listed code units, across the whole BMP', () => {
    const wrong: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCharCode(code);
      for (const multiline of [false, true]) {
        const expected = isEscaped(code, multiline) ? escapeCharacter(char) : char;
        if (terminalSafe(char, { multiline }) !== expected) wrong.push(`U+${code.toString(16)}${multiline ? ' (multiline)' : ''}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(escapeCharacter('\u001b')).toBe('\\x1b');
    expect(escapeCharacter('\u202e')).toBe('\\u202e');
  });

  it('never leaves a dangerous character and escapes piecewise (so columns can be mapped)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const whole = terminalSafe(a + b);
        expect(whole).toBe(terminalSafe(a) + terminalSafe(b));
        expect(whole).not.toMatch(DANGEROUS);
        expect(whole).not.toMatch(/\n/);
        expect(terminalSafe(a, { multiline: true })).not.toMatch(DANGEROUS);
      }),
    );
  });

  it('runs in linear time on long adversarial input', () => {
    const size = 1_000_000;
    const allControls = '\u001b'.repeat(size);
    expect(terminalSafe(allControls)).toBe('\\x1b'.repeat(size));
    const mixed = '\u001b[2J\u202e\r\n\u0007\u009bxyz'.repeat(size / 10);
    expect(terminalSafe(mixed)).not.toMatch(DANGEROUS);
    const clean = `${'a'.repeat(size - 1)}\u001b`;
    expect(terminalSafe(clean).length).toBe(size + 3);
    const noControls = 'ab\\x1b['.repeat(size / 7);
    expect(terminalSafe(noControls)).toBe(noControls);
  });
});

describe('the text report with hostile repository data', () => {
  const HOSTILE = '\u001b[2J\u001b]0;pwned\u0007\r\u202e\u009b';
  const hostileFinding = (): Finding => {
    const base = sampleResult().findings[1]!;
    return {
      ...base,
      location: { ...base.location, file: `src/evil${HOSTILE}.js` },
      message: `Key ${HOSTILE} is written in the source code.`,
      snippet: "const JWT_SECRET = 'shh***'; // \u001b]0;pwned\u0007 \u202e",
      relatedLocations: [{ location: { ...base.location, file: `src/\nrelated${HOSTILE}.js` }, label: `label${HOSTILE}` }],
      suppression: { kind: 'inSource', reason: `fine\r\u001b[1A${HOSTILE}`, location: { file: 'src/evil.js', line: 2 } },
      evidence: { kind: 'secret', preview: '\u001b[***', length: 20 },
    };
  };

  function hostileResult() {
    return sampleResult({
      findings: [hostileFinding()],
      notifications: [
        { kind: 'unparsable', level: 'warning', message: `Cannot parse ${HOSTILE}: Unexpected token (1:1).`, file: `src/x${HOSTILE}.ts`, line: 3 },
      ],
      estate: {
        units: [
          { id: 'u1', name: `api${HOSTILE}`, kind: 'compose-service', path: `docker-compose${HOSTILE}.yml`, signs: true, verifies: false },
          { id: 'u2', name: 'worker', kind: 'package', path: 'worker', signs: false, verifies: true },
        ],
        keys: [
          {
            id: 'key-1',
            names: [`JWT_SECRET${HOSTILE}`],
            unitIds: ['u1', 'u2'],
            environments: [`prod${HOSTILE}`, 'staging'],
            sharedAcrossUnits: true,
            sharedAcrossEnvironments: true,
            places: [],
            signers: ['u1'],
            verifiers: ['u2'],
          },
        ],
      },
    });
  }

  const readSource = () => "\n\n    const JWT_SECRET = 'shhhh-dev-secret'; // \u001b]0;pwned\u0007 \u202e\n";

  it('prints no control or bidi character from the repository, without colour', () => {
    const text = formatText(hostileResult(), { color: false, readSource, showSuppressed: true });
    expect(text).not.toMatch(DANGEROUS);
    expect(text).toContain('src/evil\\x1b[2J\\x1b]0;pwned\\x07\\x0d\\u202e\\x9b.js:3:24: high (suppressed: fine\\x0d\\x1b[1A');
    expect(text).toContain('Key \\x1b[2J');
    expect(text).toContain("  > 3 |     const JWT_SECRET = 'shh***'; // \\x1b]0;pwned\\x07 \\u202e\n");
    expect(text).toContain('related: src/\\x0arelated\\x1b[2J');
    expect(text).toContain('evidence: \\x1b[*** (20 chars)');
    expect(text).toContain('src/x\\x1b[2J\\x1b]0;pwned\\x07\\x0d\\u202e\\x9b.ts:3: warning: Cannot parse \\x1b[2J');
    expect(text).toContain('api\\x1b[2J\\x1b]0;pwned\\x07\\x0d\\u202e\\x9b (compose service in docker-compose\\x1b[2J');
    expect(text).toContain('key-1 JWT_SECRET\\x1b[2J');
    expect(text).toContain('same value in prod\\x1b[2J');
  });

  it('keeps colours working: the only escape sequences are SGR colours', () => {
    const text = formatText(hostileResult(), { color: true, readSource, showSuppressed: true });
    expect(text).toMatch(SGR);
    const withoutColours = text.replace(SGR, '');
    expect(withoutColours).not.toMatch(DANGEROUS);
    expect(withoutColours).toContain('\\x1b]0;pwned\\x07 \\u202e');
  });

  it('moves the underline to the escaped columns', () => {
    const result = sampleResult();
    const base = result.findings[2]!;
    const snippet = "\u001b[2J\u202ereturn jwt.sign({ sub: user.id }, 'shh***');";
    const finding = { ...base, snippet, location: { file: 'src/a.js', line: 1, column: 15, endLine: 1, endColumn: 23 } };
    const text = formatText({ ...result, findings: [finding] }, { color: false, readSource: () => `  ${snippet}` });
    const [shown, marker] = text.split('\n').slice(1, 3);
    expect(shown).toBe("  > 1 |   \\x1b[2J\\u202ereturn jwt.sign({ sub: user.id }, 'shh***');");
    expect(shown!.slice(marker!.indexOf('^'), marker!.lastIndexOf('^') + 1)).toBe('jwt.sign');
  });

  it('underlines a masked value that sits after control characters', () => {
    const result = sampleResult();
    const base = result.findings[1]!;
    const snippet = "const \u0007\u0007 = 'shh***'; // x";
    const finding = { ...base, snippet, location: { ...base.location, line: 1, endLine: 1 } };
    const text = formatText({ ...result, findings: [finding] }, { color: false });
    const [shown, marker] = text.split('\n').slice(1, 3);
    expect(shown).toBe("  > 1 | const \\x07\\x07 = 'shh***'; // x");
    expect(shown!.slice(marker!.indexOf('^'), marker!.lastIndexOf('^') + 1)).toBe('shh***');
  });

  it('keeps tabs in code frames', () => {
    const result = sampleResult();
    const base = result.findings[2]!;
    const finding = { ...base, snippet: "return\tjwt.sign({ sub: user.id }, 'shh***');" };
    const text = formatText({ ...result, findings: [finding] }, { color: false });
    expect(text).toContain("return\tjwt.sign({ sub: user.id }, 'shh***');");
  });

  it('makes estate summary lines terminal-safe on their own', () => {
    const lines = estateSummaryLines(hostileResult().estate);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toMatch(DANGEROUS);
      expect(line).not.toContain('\n');
    }
  });
});

describe('jwtlint scan (text) on a repository with hostile names and lines', () => {
  const LINE = "const s = jwt.sign(p, 'supersecretvalue123'); // \u001b]0;pwned\u0007 \u202e";
  let root: string;
  let hostileName: string | undefined;

  beforeAll(() => {
    assertBuilt();
    root = makeTempProject({ 'src/plain.js': `const jwt = require('jsonwebtoken');\n${LINE}\n` });
    // Control characters are not allowed in file names everywhere (Windows): skip that part there.
    for (const name of ['evil\u001b[2J.js', 'fake\r\nok.js:1:1: note: all clear\u001b[1A.js']) {
      try {
        writeFileSync(path.join(root, 'src', name), `const jwt = require('jsonwebtoken');\n${LINE}\n`);
        hostileName ??= name;
      } catch {
        rmSync(path.join(root, 'src', name), { force: true });
      }
    }
  });

  afterAll(() => removeTempProject(root));

  it('reports the finding with the escapes visible and nothing raw', () => {
    const run = jwtlint(['scan', root, '--no-color']);
    expect(run.stderr).toBe('');
    const out = run.stdout;
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\u0007');
    expect(out).not.toContain('\u202e');
    expect(out).not.toContain('\r');
    expect(out).not.toMatch(DANGEROUS);
    expect(out).toMatch(/^src\/plain\.js:2:\d+: high: .*\[hardcoded-secret\]$/m);
    expect(out).toContain("// \\x1b]0;pwned\\x07 \\u202e\n");
    expect(out).not.toContain('supersecretvalue123');
    if (hostileName) {
      expect(out).toMatch(/^src\/evil\\x1b\[2J\.js:2:\d+: high: .*\[hardcoded-secret\]$/m);
      expect(out).toContain('src/fake\\x0d\\x0aok.js:1:1: note: all clear\\x1b[1A.js:2:');
      // The newline in the name did not start a line of its own.
      expect(out).not.toMatch(/^ok\.js/m);
    }
  });

  it('with colour forced, prints only SGR colour sequences', () => {
    const run = jwtlint(['scan', root], { env: { FORCE_COLOR: '1' } });
    const out = run.stdout;
    expect(out).toMatch(SGR);
    const withoutColours = out.replace(SGR, '');
    expect(withoutColours).not.toContain('\u001b');
    expect(withoutColours).not.toMatch(DANGEROUS);
    expect(withoutColours).toContain('\\x1b]0;pwned\\x07 \\u202e');
    expect(withoutColours).toMatch(/\[hardcoded-secret\]/);
  });
});
