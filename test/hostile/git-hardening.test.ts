// Issue 12, item 1: `jwtlint scan --changed-since` runs git on a repository it must not
// trust. Each scenario builds a repository (test/hostile/git-traps.ts) whose hooks, filter
// and diff drivers, configuration, partial-clone remote, PATH or environment would run a
// trap that leaves a marker file outside the repository, then runs the built CLI
// (`node bin/jwtlint.js scan <repo> --changed-since main --format json`) and checks that no
// marker appeared, that the exit code is the documented one and that the changed files were
// still found. Then it runs plain git the way a user would and checks that the traps fire:
// the repository really is hostile for this git, so the first check could fail.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filterOverrides, gitEnvironment, HARDENING_CONFIG, trustedSearchPath } from '../../src/cli/git.js';
import { assertBuilt, jwtlint, type CliRun } from '../cli/helpers/run-jwtlint.js';
import { armConfiguration, armLazyFetch, buildRepository, hostileEnvironment, plantFakeGit, type TrappedRepository } from './git-traps.js';

/** The files changed since main that hold a JWT anti-pattern; src/base.js holds one too, unchanged. */
const CHANGED_WITH_FINDINGS = ['..dotted.js', 'src/committed.js', 'src/modified.js', 'src/untracked.js'];

const repositories: TrappedRepository[] = [];
function repository(): TrappedRepository {
  const r = buildRepository();
  repositories.push(r);
  return r;
}

beforeAll(() => {
  assertBuilt();
  // Without git these tests would prove nothing; they fail rather than skip.
  const version = spawnSync('git', ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) throw new Error('git is needed for the git hardening tests (git --version failed)');
});
afterAll(() => {
  for (const r of repositories) r.remove();
});

function scan(r: TrappedRepository, env: Record<string, string> = {}): CliRun {
  return jwtlint(['scan', r.repo, '--changed-since', 'main', '--format', 'json'], { cwd: r.base, env: { ...r.env, ...env } });
}

function filesWithFindings(run: CliRun): string[] {
  const report = JSON.parse(run.stdout) as { findings: { location: { file: string } }[] };
  return [...new Set(report.findings.map((finding) => finding.location.file))].sort();
}

/** The scan ran no trap, exited 1 and reported the changed files' findings, and only theirs. */
function expectCleanScan(r: TrappedRepository, run: CliRun): void {
  expect(r.fired(), run.stderr).toEqual([]);
  expect(run.status, run.stderr).toBe(1);
  expect(filesWithFindings(run)).toEqual(CHANGED_WITH_FINDINGS);
}

describe.each([
  { hooks: '.git/hooks', hooksPath: false, prefix: 'hook' },
  { hooks: 'a core.hooksPath folder', hooksPath: true, prefix: 'hookspath' },
])('a repository whose configuration is full of traps, hooks in $hooks', ({ hooksPath, prefix }) => {
  it('runs none of them and still finds the changed files', () => {
    const r = repository();
    armConfiguration(r, { hooksPath });
    expect(r.fired()).toEqual([]);

    expectCleanScan(r, scan(r));

    // Control: a user's git falls into the traps in this repository.
    for (const args of [['status'], ['diff', 'main'], ['commit', '-qam', 'control'], ['checkout', '-q', 'main']]) r.gitUnchecked(args);
    expect(r.fired()).toEqual(
      expect.arrayContaining([
        'core.fsmonitor',
        'filter.evil.clean',
        'filter.evil.smudge',
        'filter.evilprocess.process',
        'filter.included.clean',
        'global.filter.globalfilter.process',
        'diff.evil.command',
        `${prefix}-post-index-change`,
        `${prefix}-pre-commit`,
        `${prefix}-reference-transaction`,
        `${prefix}-post-checkout`,
      ]),
    );
  });
});

describe('a git program inside the scanned repository', () => {
  it.each([
    { where: 'node_modules/.bin first on PATH (npm scripts, npx)', entry: (bin: string) => bin },
    { where: 'a relative PATH entry', entry: () => '.' },
  ])('is never run: $where', ({ entry }) => {
    const r = repository();
    const { nodeModulesBin } = plantFakeGit(r);
    const PATH = [entry(nodeModulesBin), process.env.PATH ?? ''].join(path.delimiter);

    expectCleanScan(r, scan(r, { PATH }));

    // Control: a program that looks git up on this PATH from the repository runs the fake.
    spawnSync('git', ['--version'], { cwd: r.repo, env: { ...process.env, PATH } });
    expect(r.fired()).toHaveLength(1);
  });
});

describe('a partial clone whose promisor remote is an ext:: command', () => {
  it('never fetches the missing tree: exit 2 with a one-line problem', () => {
    const r = repository();
    armLazyFetch(r);

    const run = scan(r);
    expect(r.fired(), run.stderr).toEqual([]);
    expect(run.status).toBe(2);
    const problems = run.stderr.split('\n').filter((line) => line.includes('--changed-since'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^jwtlint: error: --changed-since: git failed: fatal: /);

    // Control: git asks the promisor remote for the tree, which runs the command.
    r.gitUnchecked(['diff-index', '--name-only', 'main', '--']);
    expect(r.fired()).toEqual(['lazy-fetch.ext-remote']);
  });
});

describe('a hostile parent environment', () => {
  it('injects no configuration, program or trace file into git', () => {
    const r = repository();
    const env = hostileEnvironment(r);

    expectCleanScan(r, scan(r, env));

    // Control: git with this environment runs the injected filter, fsmonitor, hooks and external diff, and writes the trace.
    for (const args of [['status'], ['diff', 'main']]) r.gitUnchecked(args, env);
    expect(r.fired()).toEqual(
      expect.arrayContaining([
        'env.GIT_CONFIG_COUNT.filter.evil.clean',
        'env.GIT_CONFIG_COUNT.core.fsmonitor',
        'env.GIT_EXTERNAL_DIFF',
        'env.GIT_TRACE',
        'envhooks-post-index-change',
      ]),
    );
  });
});

describe('the environment and options jwtlint gives git', () => {
  const hostile = {
    PATH: ['/usr/bin', '.', '', 'node_modules/.bin', '/work/repo/node_modules/.bin', '/work/repo/tools', '/work/repository-sibling/bin'].join(path.delimiter),
    HOME: '/home/ci',
    LANG: 'de_DE.UTF-8',
    GIT_DIR: '/elsewhere/.git',
    GIT_INDEX_FILE: '/elsewhere/index',
    GIT_CONFIG_PARAMETERS: "'core.fsmonitor=/evil'",
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'core.fsmonitor',
    GIT_CONFIG_VALUE_0: '/evil',
    GIT_CONFIG_GLOBAL: '/evil/gitconfig',
    GIT_EXTERNAL_DIFF: '/evil',
    GIT_ASKPASS: '/evil',
    SSH_ASKPASS: '/evil',
    GIT_SSH_COMMAND: '/evil',
    GIT_EXEC_PATH: '/evil',
    GIT_TRACE: '/evil/trace',
    GIT_CEILING_DIRECTORIES: '/work',
  };

  it('keeps only absolute PATH entries outside the repository', () => {
    expect(trustedSearchPath(hostile.PATH, ['/work/repo'])).toEqual(['/usr/bin', '/work/repository-sibling/bin']);
  });

  it('drops every inherited GIT_ variable but the discovery limits, and sets its own', () => {
    const env = gitEnvironment(hostile, ['/usr/bin']);
    expect(Object.keys(env).filter((name) => name.startsWith('GIT_')).sort()).toEqual([
      'GIT_ALLOW_PROTOCOL',
      'GIT_CEILING_DIRECTORIES',
      'GIT_CONFIG_NOSYSTEM',
      'GIT_EDITOR',
      'GIT_NO_LAZY_FETCH',
      'GIT_NO_REPLACE_OBJECTS',
      'GIT_OPTIONAL_LOCKS',
      'GIT_PAGER',
      'GIT_PROTOCOL_FROM_USER',
      'GIT_SEQUENCE_EDITOR',
      'GIT_TERMINAL_PROMPT',
    ]);
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      HOME: '/home/ci',
      LC_ALL: 'C',
      PAGER: 'cat',
      GIT_PAGER: 'cat',
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_ALLOW_PROTOCOL: 'none',
      GIT_OPTIONAL_LOCKS: '0',
      GIT_CEILING_DIRECTORIES: '/work',
    });
    expect(env.SSH_ASKPASS).toBeUndefined();
  });

  it('switches off every filter driver the configuration names, and refuses a name -c cannot express', () => {
    expect(filterOverrides(['filter.lfs.process', 'filter.lfs.required', 'filter.a.b.clean', 'filter.nodriver', 'core.fsmonitor'])).toEqual([
      ...['-c', 'filter.lfs.clean=', '-c', 'filter.lfs.smudge=', '-c', 'filter.lfs.process=', '-c', 'filter.lfs.required=false'],
      ...['-c', 'filter.a.b.clean=', '-c', 'filter.a.b.smudge=', '-c', 'filter.a.b.process=', '-c', 'filter.a.b.required=false'],
    ]);
    expect(filterOverrides([])).toEqual([]);
    expect(filterOverrides(['filter.a=b.clean'])).toBeUndefined();
  });

  it('overrides every configuration key that names a program', () => {
    const keys = HARDENING_CONFIG.map(([key]) => key);
    for (const key of ['core.hooksPath', 'core.fsmonitor', 'diff.external', 'core.pager', 'credential.helper', 'core.askPass', 'core.sshCommand', 'gpg.program', 'protocol.allow', 'core.editor', 'sequence.editor']) {
      expect(keys, key).toContain(key);
    }
  });
});
