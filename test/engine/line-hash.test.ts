import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
