import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScan } from '../../src/engine/run.js';
import { lineHashes, lineHashesAt } from '../../src/engine/line-hash.js';
import { countStringWork } from '../helpers/count-work.js';

// Expected values are the published test vectors of github/codeql-action (src/fingerprints.test.ts),
// so a match means GitHub's upload step would compute the same primaryLocationLineHash.
const VECTORS: [string, string[]][] = [
  ['', ['c129715d7a2bc9a3:1']],
  [' a\nb\n  \t\tc\n d', ['271789c17abda88f:1', '54703d4cd895b18:1', '180aee12dab6264:1', 'a23a3dc5e078b07b:1']],
  [
    ' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End',
    ['8b7cf3e952e7aeb2:1', 'b1ae1287ec4718d9:1', 'bff680108adb0fcc:1', 'c6805c5e1288b612:1', 'b86d3392aea1be30:1', 'e6ceba753e1a442:1'],
  ],
  ...[
    ' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n',
    ' hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r',
    ' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n',
    ' hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n',
  ].map((text): [string, string[]] => [
    text,
    ['e9496ae3ebfced30:1', 'fb7c023a8b9ccb3f:1', 'ce8ba1a563dcdaca:1', 'e20e36e16fcb0cc8:1', 'b3edc88f2938467e:1', 'c8e28b0b4002a3a0:1', 'c129715d7a2bc9a3:1'],
  ]),
  [
    'Lorem ipsum dolor sit amet.\n'.repeat(10),
    [
      'a7f2ff13bc495cf2:1',
      'a7f2ff13bc495cf2:2',
      'a7f2ff13bc495cf2:3',
      'a7f2ff13bc495cf2:4',
      'a7f2ff13bc495cf2:5',
      'a7f2ff13bc495cf2:6',
      'a7f2ff1481e87703:1',
      'a9cf91f7bbf1862b:1',
      '55ec222b86bcae53:1',
      'cc97dc7b1d7d8f7b:1',
      'c129715d7a2bc9a3:1',
    ],
  ],
];

describe('lineHashes', () => {
  it.each(VECTORS.map(([text, hashes], i) => [i, text, hashes] as const))('matches codeql-action vector %i', (_, text, hashes) => {
    expect(lineHashes(text).slice(1)).toEqual(hashes);
  });

  it('keeps the hash of a line when lines are inserted above it', () => {
    const body = "const jwt = require('jsonwebtoken');\njwt.sign({ sub: 1 }, key);\nmodule.exports = {};\n";
    const before = lineHashes(body);
    const after = lineHashes(`// a comment\n\n${body}`);
    expect(after[4]).toBe(before[2]);
    expect(after[3]).toBe(before[1]);
  });

  it('reads a 2 MB file a fixed number of times, and counts 60,000 repeats of a line', () => {
    // Counted: the string work while the file is hashed (characters read through string
    // methods). The scheme finds the line breaks (indexOf, LF then CR: the text twice), reads
    // each character once (charCodeAt), and makes one hash string per line: 3 per character
    // and about 10 per line today, bounded by 3 per character and 16 per line. Reading each
    // line's 100-character window again from its start, or slicing lines out, goes over.
    const line = 'const token = "abcdefghijklmnop";\n';
    const big = line.repeat(60_000);
    const bound = 3 * big.length + 16 * 60_002;
    const { result, work } = countStringWork(() => lineHashes(big), bound);
    expect(work).toBeLessThanOrEqual(bound);
    expect(result).toHaveLength(60_002);
    // Every line has the same 100-character window (its text, then the next lines): one hash,
    // numbered 1 to 59,997, then the last lines, whose windows reach the end of the file.
    const hex = result[1]!.split(':')[0];
    expect(result.slice(1, 59_998)).toEqual(Array.from({ length: 59_997 }, (_, i) => `${hex}:${i + 1}`));
    expect(new Set(result.slice(59_998).map((h) => h.split(':')[0])).size).toBe(4);
    expect(result.slice(59_998).every((h) => !h.startsWith(`${hex}:`))).toBe(true);
  });

  it('gives the same hashes for chosen lines only, repeated lines counted', () => {
    for (const [text] of VECTORS) {
      const all = lineHashes(text);
      const lines = all.map((_, line) => line).filter((line) => line > 0);
      const chosen = lineHashesAt(text, [...lines, 0, all.length + 5]);
      expect(lines.map((line) => chosen.get(line))).toEqual(all.slice(1));
      expect(chosen.has(0)).toBe(false);
    }
    const repeated = `${'x\n'.repeat(120)}y\n${'x\n'.repeat(120)}`;
    const all = lineHashes(repeated);
    const some = lineHashesAt(repeated, [1, 60, 200, 241]);
    for (const line of [1, 60, 200, 241]) expect(some.get(line)).toBe(all[line]);
    expect(new Set(all.slice(1, 20)).size).toBe(19); // every repeat has its own occurrence number
  });
});

// A finding in a large file (a lockfile) wants one or two lines: their occurrence numbers
// come from comparing the start of each line above with theirs, not from hashing every
// character. The answers must be the full pass's, whatever the text.
describe('lineHashesAt on few lines of a large text', () => {
  it('agrees with the full pass on random texts (spaces, tabs, CR, CRLF, repeats)', () => {
    const piece = fc.constantFrom('a', 'b', 'ab', ' ', '\t', '\n', '\r', '\r\n', 'lodash@4:', '  version "1"', 'x'.repeat(120));
    // Long enough (hundreds of lines) for one or two wanted lines to take the selective count.
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1_000, maxLength: 3_000 }), fc.array(fc.nat(), { minLength: 1, maxLength: 2 }), (pieces, picks) => {
        const text = pieces.join('');
        const all = lineHashes(text);
        const lines = picks.map((p) => 1 + (p % (all.length - 1)));
        const some = lineHashesAt(text, lines);
        for (const line of lines) expect(some.get(line), `line ${line} of ${JSON.stringify(text)}`).toBe(all[line]);
      }),
      { seed: 11_011, numRuns: 400 },
    );
  });

  it('counts repeats of a wanted line and of lines that only start like it', () => {
    const block = (name: string) => `${name}@^1.0.0:\n  version "1.0.0"\n  resolved "https://registry/${name}"\n\n`;
    const names = Array.from({ length: 2_000 }, (_, i) => `package-${i}`);
    const text = [...names.map(block), block('jsonwebtoken'), ...names.slice(0, 10).map(block), block('jsonwebtoken')].join('');
    const all = lineHashes(text);
    const lines = text.split('\n');
    const wanted = [lines.indexOf('jsonwebtoken@^1.0.0:') + 1, lines.lastIndexOf('jsonwebtoken@^1.0.0:') + 1, 3, all.length - 1];
    const some = lineHashesAt(text, wanted);
    for (const line of wanted) expect(some.get(line)).toBe(all[line]);
    // Windows that differ only in their 100th character are different lines.
    const near = `${'x'.repeat(99)}b\n`.repeat(30) + `${'x'.repeat(99)}a\n` + 'filler line\n'.repeat(3_000) + `${'x'.repeat(99)}a\n`;
    const nearAll = lineHashes(near);
    const nearSome = lineHashesAt(near, [31, 3_032]);
    expect([nearSome.get(31), nearSome.get(3_032)]).toEqual([nearAll[31], nearAll[3_032]]);
    expect(nearAll[3_032]!.endsWith(':2')).toBe(true);
  });

  it('reads the start of each line, not every character, for one line of a 2 MB lockfile', () => {
    // Counted string work: the full pass searches the text for LF and for CR, then reads
    // every character (3 units per character, 6.3 million here); the selective count makes
    // the same two searches and then reads about 18 characters per line (to each line's first
    // character, and up to the first difference where it starts like the wanted line):
    // bounded at 24 per line, which the full pass exceeds.
    const block = (i: number) => `package-${i}@^1.0.0:\n  version "1.0.${i}"\n  resolved "https://registry.example/package-${i}/-/package-${i}-1.0.${i}.tgz#${'0'.repeat(40)}"\n  integrity sha512-${'A'.repeat(86)}==\n\n`;
    const text = Array.from({ length: 9_000 }, (_, i) => block(i)).join('');
    expect(text.length).toBeGreaterThan(2_000_000);
    const wanted = text.split('\n').indexOf('package-4500@^1.0.0:') + 1;
    const expected = lineHashes(text)[wanted];
    const bound = 2 * text.length + 24 * 45_000;
    const { result, work } = countStringWork(() => lineHashesAt(text, [wanted]), 4 * text.length);
    expect(result.get(wanted)).toBe(expected);
    expect(work).toBeLessThanOrEqual(bound);
  });
});

// The engine hashes the text it already read instead of reading each file again; the value
// must still be GitHub's, which reads the bytes on disk as UTF-8 with the byte-order mark.
describe('line hashes of findings in a scan', () => {
  const hashesOnDisk = (file: string) => lineHashes(readFileSync(file).toString('utf8'));

  it('match the hashes of the bytes on disk, byte-order mark, CRLF and UTF-16 included', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'jwtlint-line-hash-'));
    try {
      // The finding on line 1, where the byte-order mark is part of GitHub's window.
      const code = "import jwt from 'jsonwebtoken'; export const t = jwt.sign({ sub: 'a' }, 'hardcoded-signing-secret-value');\n";
      const files: Record<string, Buffer> = {
        'bom.ts': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(code)]),
        'crlf.ts': Buffer.from(code.replace(/\n/g, '\r\n')),
        'plain.ts': Buffer.from(code),
        'utf16.ts': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(code, 'utf16le')]),
      };
      for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(root, name), bytes);
      const result = await runScan({ cwd: root, paths: [root], maxExpirySeconds: 86_400, ignore: [], disabledRules: [] });
      for (const name of Object.keys(files)) {
        const findings = result.findings.filter((f) => f.location.file === name);
        expect(findings.length, name).toBeGreaterThan(0);
        const expected = hashesOnDisk(path.join(root, name));
        for (const finding of findings) {
          expect(finding.location.line).toBe(1);
          expect(finding.lineHash, `${name}:${finding.location.line}`).toBe(expected[finding.location.line]);
        }
      }
      // The byte-order mark changes line 1's hash: the scan did not hash the text without it.
      expect(hashesOnDisk(path.join(root, 'bom.ts'))[1]).not.toBe(hashesOnDisk(path.join(root, 'plain.ts'))[1]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
