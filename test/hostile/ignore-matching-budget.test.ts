// Ignore files are the repository's. A hostile one can make every rule test cost pattern ×
// name (`*aaaa…ab` against `aaaa…a`): 4,100 such rules against 2,000 long names took minutes.
// Matching is metered in steps (src/discover/gitignore.ts `matchSteps`); when it costs more
// than the tree allows, discovery walks again without the ignore files, so the scan reads
// more files, never fewer, in work linear in the tree. Counted, never timed.
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/discover.js';
import { matchSteps } from '../../src/discover/gitignore.js';
import { tempProjectsRemovedAfterEach } from '../cli/helpers/temp-project.js';

const project = tempProjectsRemovedAfterEach();

/** `count` files with long names of `a`, spread over folders. */
function longNames(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`d${i % 20}/${'a'.repeat(100)}${i}.js`] = 'export {};\n';
  return files;
}

/** 4,100 rules that each cost about pattern × name against a long name of `a`, and match nothing. */
const BOMB = Array.from({ length: 4_100 }, (_, i) => `*${'a'.repeat(120 + (i % 100))}b`).join('\n');

async function discoverCounted(root: string, ignore: string[] = []) {
  const before = matchSteps();
  const result = await discoverFiles({ root, paths: [], ignore });
  return { result, steps: matchSteps() - before, paths: result.files.map((f) => f.path) };
}

describe('ignore matching is bounded by the tree', () => {
  it('walks again without a .gitignore whose rules cost too much, and says so', async () => {
    const root = project({ ...longNames(600), '.gitignore': `${BOMB}\nsecret-notes/\n`, 'secret-notes/keys.js': 'export {};\n' });
    // Unmetered, each of the 600 names would take about 4,100 × 170 × 100 steps (tens of
    // billions in all). The walk gives up after the fixed allowance plus 16 steps per
    // character of the ignore file, about 13 million, then walks once more without it.
    const { result, steps, paths } = await discoverCounted(root);
    expect(steps).toBeLessThanOrEqual(2_000_000 + 16 * (BOMB.length + 20) + 4_096 * 700 + 1_000_000);
    expect(paths).toHaveLength(600 + 1); // every file, the one the .gitignore excluded included
    expect(paths).toContain('secret-notes/keys.js');
    expect(result.notifications).toEqual([
      expect.objectContaining({ kind: 'config', level: 'warning', message: expect.stringContaining('.gitignore and .jwtlintignore files were not applied') }),
    ]);
  });

  it('keeps the configured patterns when only an ignore file is too costly', async () => {
    const root = project({ ...longNames(500), '.jwtlintignore': BOMB, 'fixtures/keys.js': 'export {};\n' });
    const { paths, result } = await discoverCounted(root, ['fixtures/']);
    expect(paths).not.toContain('fixtures/keys.js');
    expect(paths).toContain('d0/' + 'a'.repeat(100) + '0.js');
    expect(result.notifications.map((n) => n.kind)).toEqual(['config']);
  });

  it('drops costly configured patterns too, with a note', async () => {
    const root = project(longNames(500));
    const { paths, result } = await discoverCounted(root, BOMB.split('\n'));
    expect(paths).toHaveLength(500);
    expect(result.notifications.map((n) => n.message)).toEqual([expect.stringContaining('and the configured ignore patterns were not applied')]);
  });

  it('matches a 50,000-line .gitignore of names and paths at a few steps per entry', async () => {
    // Literal names and anchored paths are indexed by their last name: each entry looks at
    // the rules filed under its own name, not at 50,000.
    const lines = Array.from({ length: 50_000 }, (_, i) => (i % 2 ? `generated-${i}.js` : `/build-${i}/out/`));
    const root = project({ ...longNames(1_000), '.gitignore': `${lines.join('\n')}\ngenerated-7.js\n`, 'generated-7.js': 'x', 'generated-8.js': 'x' });
    const { paths, steps, result } = await discoverCounted(root);
    expect(result.notifications).toEqual([]);
    expect(paths).not.toContain('generated-7.js');
    expect(paths).toContain('generated-8.js');
    expect(steps).toBeLessThanOrEqual(10 * 1_100);
  });

  it('leaves ordinary ignore files alone: wildcards, negations, anchored and ** rules', async () => {
    const gitignore = ['*.log', '.pnp.*', '.yarn/*', '!.yarn/releases', 'packages/**/.yarn/*', '**/stats', 'tmp*/', '*~', '[Bb]uild-*/'].join('\n');
    const root = project({
      ...longNames(300),
      '.gitignore': gitignore,
      'debug.log': 'x',
      '.pnp.cjs': 'x',
      '.yarn/cache/a.js': 'x',
      '.yarn/releases/yarn.cjs': 'x',
      'packages/api/.yarn/cache.js': 'x',
      'packages/api/src/stats/index.js': 'x',
      'tmp-1/a.js': 'x',
      'notes.js~': 'x',
      'Build-x/app.js': 'x',
      'src/app.js': 'x',
    });
    const { paths, result } = await discoverCounted(root);
    expect(result.notifications).toEqual([]);
    expect(paths.filter((p) => !p.startsWith('d'))).toEqual(['.yarn/releases/yarn.cjs', 'src/app.js']);
  });
});
