import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatBaseline } from '../../src/engine/baseline.js';
import { RepositoryArea } from '../../src/own-files/area.js';
import { readOwnFile } from '../../src/own-files/read.js';
import { checkOwnOutput, writeOwnOutput } from '../../src/own-files/write.js';
import { makeTempProject, removeTempProject } from '../cli/helpers/temp-project.js';

const bases: string[] = [];
afterAll(() => {
  for (const base of bases) removeTempProject(base);
});

/** `<base>/repo` (the area) with `<base>/outside`, real paths (the temporary folder may be reached through a link). */
function setup(files: Record<string, string> = {}): { repo: string; outside: string; area: RepositoryArea } {
  const base = realpathSync(makeTempProject({ 'repo/src/a.js': '', 'outside/x.txt': 'outside\n', ...files }));
  bases.push(base);
  const repo = path.join(base, 'repo');
  return { repo, outside: path.join(base, 'outside'), area: new RepositoryArea([repo]) };
}

describe('RepositoryArea.locate', () => {
  it('resolves folders outside the area, refuses a linked folder inside it', () => {
    const { repo, outside, area } = setup();
    const base = path.dirname(repo);
    symlinkSync(repo, path.join(base, 'alias-of-repo'));
    symlinkSync(outside, path.join(repo, 'reports'));
    expect(area.locate(path.join(repo, 'src', 'b.js'))).toEqual({ ok: true, path: path.join(repo, 'src', 'b.js'), inside: true });
    expect(area.locate(path.join(outside, 'r.json'))).toEqual({ ok: true, path: path.join(outside, 'r.json'), inside: false });
    // The user's own link to the repository leads inside it.
    expect(area.locate(path.join(base, 'alias-of-repo', 'r.json'))).toEqual({ ok: true, path: path.join(repo, 'r.json'), inside: true });
    expect(area.locate(path.join(repo, 'reports', 'r.json'))).toEqual({ ok: false, link: path.join(repo, 'reports') });
    expect(area.locate(path.join(repo, 'missing', 'r.json'))).toEqual({ ok: false, code: 'ENOENT' });
    expect(area.locate(path.join(repo, 'src', 'a.js', 'r.json'))).toEqual({ ok: false, code: 'ENOTDIR' });
  });

  it('takes the git work tree that holds the scan root as part of the area', () => {
    const { repo } = setup();
    mkdirSync(path.join(repo, '.git'));
    const area = RepositoryArea.forScan(path.join(repo, 'src'));
    expect(area.contains(repo)).toBe(true);
    expect(area.contains(path.join(repo, 'jwtlint.sarif'))).toBe(true);
    expect(area.contains(`${repo}-other`)).toBe(false);
    expect(area.contains(path.dirname(repo))).toBe(false);
  });
});

describe('readOwnFile', () => {
  it('reads a regular file up to the limit, and refuses a larger one', () => {
    const { repo, area } = setup({ 'repo/c.json': '{}', 'repo/big.json': 'x'.repeat(101) });
    expect(readOwnFile(path.join(repo, 'c.json'), area, 100)).toEqual({ ok: true, text: '{}' });
    expect(readOwnFile(path.join(repo, 'big.json'), area, 100)).toEqual({ ok: false, problem: 'is 101 bytes, over the 100-byte limit' });
  });

  it('follows a link outside the area, never one inside it', () => {
    const { repo, outside, area } = setup();
    symlinkSync(path.join(outside, 'x.txt'), path.join(repo, 'link.json'));
    symlinkSync(path.join(outside, 'x.txt'), path.join(outside, 'link.json'));
    expect(readOwnFile(path.join(repo, 'link.json'), area, 100)).toEqual({ ok: false, problem: expect.stringMatching(/^is a symbolic link inside the scanned repository/) });
    expect(readOwnFile(path.join(outside, 'link.json'), area, 100)).toEqual({ ok: true, text: 'outside\n' });
  });

  it('refuses a folder and a device, and reads a size-0 /proc file only up to the limit', () => {
    const { repo, area } = setup();
    expect(readOwnFile(path.join(repo, 'src'), area, 100)).toEqual({ ok: false, problem: 'is a folder, not a regular file' });
    expect(readOwnFile('/dev/null', area, 100)).toEqual({ ok: false, problem: 'is a device, not a regular file' });
    if (lstatSync('/proc/self/maps', { throwIfNoEntry: false })) {
      expect(readOwnFile('/proc/self/maps', area, 10)).toEqual({ ok: false, problem: 'is more than 10 bytes, over the 10-byte limit' });
    }
  });
});

describe('writeOwnOutput', () => {
  const baseline = (fingerprints: number) =>
    formatBaseline(
      Array.from({ length: fingerprints }, (_, i) => ({ ruleId: 'weak-secret', location: { file: `f${i}.js` }, fingerprint: `${i}`.padStart(16, '0') }) as never),
    );

  it('replaces a longer earlier output completely (truncated before writing)', () => {
    const { repo, area } = setup();
    const file = path.join(repo, 'baseline.json');
    writeFileSync(file, baseline(50));
    expect(writeOwnOutput(file, baseline(1), 'baseline', area)).toEqual({ ok: true });
    expect(readFileSync(file, 'utf8')).toBe(baseline(1));
  });

  it('creates a missing file, and checks without creating', () => {
    const { repo, area } = setup();
    const file = path.join(repo, 'new.sarif');
    expect(checkOwnOutput(file, 'sarif', area)).toEqual({ ok: true });
    expect(lstatSync(file, { throwIfNoEntry: false })).toBeUndefined();
    expect(writeOwnOutput(file, baseline(0), 'baseline', area)).toEqual({ ok: true });
    expect(readFileSync(file, 'utf8')).toBe(baseline(0));
  });

  it('refuses a link, a FIFO and a folder inside the area; a FIFO outside is the user\'s stream', () => {
    const { repo, outside, area } = setup();
    symlinkSync(path.join(outside, 'x.txt'), path.join(repo, 'out.txt'));
    expect(writeOwnOutput(path.join(repo, 'out.txt'), 'report', 'text', area)).toEqual({ ok: false, refused: true, problem: expect.stringMatching(/^is a symbolic link inside the scanned repository/) });
    expect(readFileSync(path.join(outside, 'x.txt'), 'utf8')).toBe('outside\n');
    expect(writeOwnOutput(path.join(repo, 'src'), 'report', 'text', area)).toEqual({ ok: false, refused: true, problem: expect.stringMatching(/^is a folder inside the scanned repository/) });
    if (spawnSync('mkfifo', [path.join(repo, 'pipe'), path.join(outside, 'pipe')]).status === 0) {
      expect(checkOwnOutput(path.join(repo, 'pipe'), 'text', area)).toEqual({ ok: false, refused: true, problem: expect.stringMatching(/^is a FIFO inside the scanned repository/) });
      // Checked without opening it (opening a FIFO to write blocks until a reader comes).
      expect(checkOwnOutput(path.join(outside, 'pipe'), 'text', area)).toEqual({ ok: true });
    }
    expect(writeOwnOutput('/dev/null', 'report', 'text', area)).toEqual({ ok: true });
  });

  it.skipIf(!existsSync('/dev/full'))('reports a write error as a sentence, and a path through a file as refused', () => {
    const { repo, area } = setup();
    expect(writeOwnOutput('/dev/full', 'report', 'text', area)).toEqual({ ok: false, refused: false, problem: 'no space left on device (ENOSPC)' });
    expect(writeOwnOutput(path.join(repo, 'missing', 'r.txt'), 'report', 'text', area)).toEqual({ ok: false, refused: true, problem: 'its folder does not exist' });
    expect(writeOwnOutput(path.join(repo, 'src', 'a.js', 'r.txt'), 'report', 'text', area)).toEqual({
      ok: false,
      refused: true,
      problem: 'cannot reach its folder: a part of the path is not a folder (ENOTDIR)',
    });
  });
});
