import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveredFile } from '../../src/discover/discover.js';
import { loadAndJudge, loadFile, MAX_FILE_BYTES } from '../../src/engine/load-file.js';
import type { Notification } from '../../src/engine/types.js';

// Small files are read through one reused buffer, larger ones after a size check: every size
// around the boundary comes back whole, and no text changes when the next file is read.
describe('loadFile', () => {
  let root: string;
  const file = (name: string, content: string | Buffer): DiscoveredFile => {
    writeFileSync(path.join(root, name), content);
    return { path: name, absolutePath: path.join(root, name), kind: 'ts' };
  };

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'jwtlint-load-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([0, 1, 65_535, 65_536, 65_537, 200_000, MAX_FILE_BYTES])('reads a file of %i bytes whole', (size) => {
    const content = 'abcdefghij\n'.repeat(Math.ceil(size / 11)).slice(0, size);
    const loaded = loadFile(file(`f${size}.ts`, content), []);
    expect(loaded?.text.length).toBe(size);
    expect(loaded?.text === content).toBe(true);
  });

  it('keeps each text intact when the next file is read', () => {
    const first = loadFile(file('first.ts', 'const first = 1;\n'), []);
    loadFile(file('second.ts', 'x'.repeat(1000)), []);
    expect(first?.text).toBe('const first = 1;\n');
  });

  it('skips a file over the size limit with a note, without reading it', () => {
    const notes: Notification[] = [];
    expect(loadFile(file('huge.ts', Buffer.alloc(MAX_FILE_BYTES + 1, 0x61)), notes)).toBeNull();
    expect(notes).toEqual([expect.objectContaining({ kind: 'too-large', file: 'huge.ts' })]);
  });

  it('decodes UTF-16 with a byte-order mark, small or large', () => {
    for (const repeat of [10, 40_000]) {
      const text = 'const s = "é";\n'.repeat(repeat);
      const notes: Notification[] = [];
      const loaded = loadFile(file(`u16-${repeat}.ts`, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), notes);
      expect(loaded?.text).toBe(text);
      expect(notes[0]?.kind).toBe('encoding');
    }
  });

  it('takes a smaller limit, below or above the reused buffer', () => {
    for (const limit of [1000, 100_000]) {
      const notes: Notification[] = [];
      expect(loadFile(file(`over-${limit}.ts`, 'x'.repeat(limit + 1)), notes, limit)).toBeNull();
      expect(notes[0]?.message).toContain(`over the ${limit}-byte limit`);
      expect(loadFile(file(`at-${limit}.ts`, 'x'.repeat(limit)), [], limit)?.text.length).toBe(limit);
    }
  });

  it('reads the lockfiles it parses up to a higher limit', () => {
    const lock = JSON.stringify({ lockfileVersion: 3, packages: { '': {}, padding: 'x'.repeat(MAX_FILE_BYTES) } });
    const judged = { prefilter: true, maxFileBytes: MAX_FILE_BYTES };
    expect(loadAndJudge(file('package-lock.json', lock), [], judged)?.text.length).toBe(lock.length);
    // NuGet's packages.lock.json is read for the versions it resolves (dependencies-nuget.ts).
    expect(loadAndJudge(file('packages.lock.json', lock), [], judged)?.text.length).toBe(lock.length);
    const notes: Notification[] = [];
    expect(loadAndJudge(file('composer.lock', lock), notes, judged)).toBeNull();
    expect(notes[0]?.kind).toBe('too-large');
  });

  it('judges JS/TS files before any parse: minified bundles and the prefilter', () => {
    const judged = { prefilter: true, maxFileBytes: MAX_FILE_BYTES };
    const bundle = `var a=${'1+'.repeat(150_000)}1;`;
    expect(loadAndJudge(file('bundle.js', bundle), [], judged)?.js).toEqual({ minified: true, candidate: false });
    expect(loadAndJudge(file('auth.ts', "import jwt from 'jsonwebtoken';\n"), [], judged)?.js).toEqual({ minified: false, candidate: true });
    expect(loadAndJudge(file('plain.ts', 'export const x = 1;\n'), [], judged)?.js).toEqual({ minified: false, candidate: false });
    expect(loadAndJudge(file('plain2.ts', 'export const x = 1;\n'), [], { ...judged, prefilter: false })?.js).toEqual({ minified: false, candidate: true });
    expect(loadAndJudge({ ...file('settings.json', '{}'), kind: 'json' }, [], judged)?.js).toBeUndefined();
  });

  it('keeps a file that fails the prefilter as bytes, searchable, and decodes it only when asked', () => {
    const judged = { prefilter: true, maxFileBytes: MAX_FILE_BYTES };
    const text = '\ufeffexport const greeting = "grüße";\n// a comment\n';
    const loaded = loadAndJudge(file('plain-bytes.ts', text), [], judged)!;
    expect(loaded.js).toEqual({ minified: false, candidate: false });
    expect(loaded.isDecoded).toBe(false);
    // Searched on its UTF-8 bytes: the same answers as on the text.
    expect(loaded.includes('a comment')).toBe(true);
    expect(loaded.includes('grüße')).toBe(true);
    expect(loaded.includes('token')).toBe(false);
    expect(loaded.isDecoded).toBe(false);
    // Decoded once, without the byte-order mark, and unchanged by later reads.
    loadFile(file('other.ts', 'x'.repeat(5000)), []);
    expect(loaded.text).toBe(text.slice(1));
    expect(loaded.isDecoded).toBe(true);
    // A candidate is decoded at once: it is parsed next.
    expect(loadAndJudge(file('auth2.ts', "import jwt from 'jsonwebtoken';\n"), [], judged)!.isDecoded).toBe(true);
  });

  it('decodes invalid UTF-8 at once, with a note, whether or not the file can matter', () => {
    const notes: Notification[] = [];
    const loaded = loadAndJudge(file('latin1.ts', Buffer.from('export const s = "caf\xe9";\n', 'latin1')), notes, { prefilter: true, maxFileBytes: MAX_FILE_BYTES })!;
    expect(loaded.js?.candidate).toBe(false);
    expect(loaded.text).toBe('export const s = "caf\ufffd";\n');
    expect(notes).toEqual([expect.objectContaining({ kind: 'encoding', file: 'latin1.ts' })]);
  });
});
