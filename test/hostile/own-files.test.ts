// Issue 12 (items 2, 5, 6, 8): the files jwtlint opens and writes for itself, its
// configuration, its baseline, its report, are as hostile as the repository they sit in.
// Each case runs the built CLI in a child process. The kill timeout only turns a hang into
// a failed test (a killed run has no exit code); no assertion depends on how long a run
// takes. A refused file is one `jwtlint: error:` line, never a stack trace, never a hang,
// and nothing is written through a link.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN } from '../cli/helpers/run-jwtlint.js';
import { makeTempProject, removeTempProject } from '../cli/helpers/temp-project.js';

/** A hang is killed after this long: a safety net that fails the test, never what it checks. */
const KILL_AFTER_MS = 20_000;

// hardcoded-secret and weak-secret (high), symmetric-algorithm (low): a scan exits 1.
const APP = "const jwt = require('jsonwebtoken');\njwt.sign({ sub: 1 }, 'secret', { expiresIn: '1h' });\n";
const OUTSIDE_TEXT = 'precious: written by someone else\n';

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function jwtlint(args: string[], cwd: string): Promise<Run> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'CI', 'TERM', 'NODE_OPTIONS']) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: KILL_AFTER_MS, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** Exit `code`, exactly one error line matching `message`, no stack frame anywhere. */
function expectRefused(run: Run, code: number, message: RegExp): void {
  expect(run.signal, `the run was killed (it hung); stderr: ${run.stderr.slice(0, 500)}`).toBeNull();
  expect(run.stderr).not.toMatch(/^\s+at /m);
  const errors = run.stderr.split('\n').filter((line) => /^jwtlint: (internal )?error/.test(line));
  expect(errors, run.stderr.slice(0, 2000)).toHaveLength(1);
  expect(errors[0]).toMatch(message);
  expect(errors[0]!.length).toBeLessThan(600);
  expect(run.status).toBe(code);
}

const canMkfifo = spawnSync('mkfifo', ['--version']).status === 0;
const hasDevFull = existsSync('/dev/full');

let bases: string[] = [];
beforeAll(() => assertBuilt());
afterAll(() => {
  for (const base of bases) removeTempProject(base);
  bases = [];
});

/** `<base>/repo` (the scanned repository, a git work tree) and `<base>/outside/target.txt`. */
function setup(files: Record<string, string> = {}): { base: string; repo: string; outside: string; target: string } {
  const base = makeTempProject({ 'repo/src/app.js': APP, 'outside/target.txt': OUTSIDE_TEXT, ...files });
  bases.push(base);
  const repo = path.join(base, 'repo');
  mkdirSync(path.join(repo, '.git'));
  return { base, repo, outside: path.join(base, 'outside'), target: path.join(base, 'outside', 'target.txt') };
}

function mkfifo(file: string): void {
  const made = spawnSync('mkfifo', [file]);
  if (made.status !== 0) throw new Error(`mkfifo ${file}: ${made.stderr}`);
}

const CONFIG_NAMES = ['.jwtlintrc.json', '.jwtlintrc.yaml', '.jwtlintrc.yml', 'jwtlint.config.json'];

describe.concurrent('configuration found in the scanned repository', () => {
  it.skipIf(!canMkfifo).each(CONFIG_NAMES)('refuses a FIFO named %s (exit 2), without blocking on it', async (name) => {
    const { repo } = setup();
    mkfifo(path.join(repo, name));
    expectRefused(await jwtlint(['scan', '.'], repo), 2, new RegExp(`${name.replace('.', '\\.')}: .*is a FIFO, not a regular file`));
  });

  it.each(CONFIG_NAMES)('refuses %s linked to /dev/zero without following the link', async (name) => {
    const { repo } = setup();
    symlinkSync('/dev/zero', path.join(repo, name));
    expectRefused(await jwtlint(['scan', '.'], repo), 2, /is a symbolic link inside the scanned repository/);
  });

  it('refuses a linked configuration even when its target is a valid configuration outside', async () => {
    const { repo, outside } = setup({ 'outside/config.json': '{ "failOn": "none" }' });
    symlinkSync(path.join(outside, 'config.json'), path.join(repo, '.jwtlintrc.json'));
    expectRefused(await jwtlint(['scan', '.'], repo), 2, /\.jwtlintrc\.json: .*symbolic link/);
  });

  it('refuses --config at a link inside the repository, and at a path through a linked folder', async () => {
    const { repo, outside } = setup({ 'outside/config.json': '{ "failOn": "none" }' });
    symlinkSync(path.join(outside, 'config.json'), path.join(repo, 'ci.json'));
    symlinkSync(outside, path.join(repo, 'settings'));
    expectRefused(await jwtlint(['scan', '.', '--config', 'ci.json'], repo), 2, /ci\.json: .*symbolic link/);
    expectRefused(await jwtlint(['scan', '.', '--config', 'settings/config.json'], repo), 2, /settings\/config\.json: the folder .*settings is a symbolic link/);
  });

  it('refuses a configuration over the size limit', async () => {
    const { repo } = setup({ 'repo/.jwtlintrc.json': `{ "ignore": [${'"x",'.repeat(100_000)} "y"] }` });
    expectRefused(await jwtlint(['scan', '.'], repo), 2, /\.jwtlintrc\.json: .*bytes, over the .*-byte limit/);
  });

  it('reports a 100,000-deep JSON configuration as a configuration error (exit 2), not a crash', async () => {
    const { repo } = setup({ 'repo/.jwtlintrc.json': `${'['.repeat(100_000)}${']'.repeat(100_000)}` });
    expectRefused(await jwtlint(['scan', '.'], repo), 2, /\.jwtlintrc\.json: .*nested more than \d+ levels deep/);
  });

  it.each([
    ['a 100,000-deep flow sequence', `failOn: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`],
    ['a 100,000-deep block sequence', `${'- '.repeat(100_000)}x\n`],
  ])('reports %s in YAML as a configuration error', async (_, text) => {
    const { repo } = setup({ 'repo/.jwtlintrc.yaml': text });
    expectRefused(await jwtlint(['scan', '.'], repo), 2, /\.jwtlintrc\.yaml: .*nested more than \d+ levels deep/);
  });

  it('reports a YAML alias that contains itself as a configuration error', async () => {
    const { repo } = setup({ 'repo/.jwtlintrc.yaml': 'failOn: &loop [1, { again: *loop }]\n' });
    expectRefused(await jwtlint(['scan', '.'], repo), 2, /\.jwtlintrc\.yaml: .*alias/);
  });

  it.each([
    ['.jwtlintrc.json', '{ "__proto__": { "failOn": "none" } }', /unknown key "__proto__"/],
    ['.jwtlintrc.json', '{ "constructor": { "prototype": { "failOn": "none" } } }', /unknown key "constructor"/],
    ['.jwtlintrc.json', '{ "rules": { "__proto__": "off" } }', /unknown rule id "__proto__"/],
    ['.jwtlintrc.yaml', '__proto__:\n  failOn: none\n', /unknown key "__proto__"/],
    ['.jwtlintrc.yaml', 'prototype: { failOn: none }\n', /unknown key "prototype"/],
  ])('sees a %s key %s as an unknown key', async (name, text, message) => {
    const { repo } = setup({ [`repo/${name}`]: text });
    expectRefused(await jwtlint(['scan', '.'], repo), 2, message);
  });
});

describe.concurrent('configuration and baseline named on the command line', () => {
  it.skipIf(!canMkfifo)('refuses --config and --baseline at a FIFO outside the repository', async () => {
    const { repo, outside } = setup();
    mkfifo(path.join(outside, 'config.json'));
    mkfifo(path.join(outside, 'baseline.json'));
    expectRefused(await jwtlint(['scan', '.', '--config', '../outside/config.json'], repo), 2, /config\.json: .*is a FIFO, not a regular file/);
    expectRefused(await jwtlint(['scan', '.', '--baseline', '../outside/baseline.json'], repo), 2, /--baseline \.\.\/outside\/baseline\.json: .*is a FIFO/);
  });

  it('refuses --config and --baseline at /dev/zero (followed: named by the user, but a device)', async () => {
    const { repo, outside } = setup();
    symlinkSync('/dev/zero', path.join(outside, 'zero.json'));
    expectRefused(await jwtlint(['scan', '.', '--config', '/dev/zero'], repo), 2, /\/dev\/zero: .*is a device, not a regular file/);
    expectRefused(await jwtlint(['scan', '.', '--baseline', '../outside/zero.json'], repo), 2, /--baseline .*: .*is a device, not a regular file/);
  });

  it('follows a link outside the repository that the user named', async () => {
    const { repo, outside } = setup({ 'outside/real.json': '{ "failOn": "none" }' });
    symlinkSync(path.join(outside, 'real.json'), path.join(outside, 'config.json'));
    const run = await jwtlint(['scan', '.', '--config', '../outside/config.json'], repo);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('refuses a baseline linked from inside the repository to a file outside', async () => {
    const { repo, outside } = setup();
    const written = await jwtlint(['scan', '.', '--write-baseline', '../outside/baseline.json'], repo);
    expect(written.status).toBe(0);
    const baseline = readFileSync(path.join(outside, 'baseline.json'), 'utf8');
    symlinkSync(path.join(outside, 'baseline.json'), path.join(repo, '.jwtlint-baseline.json'));
    expectRefused(await jwtlint(['scan', '.', '--baseline', '.jwtlint-baseline.json'], repo), 2, /--baseline \.jwtlint-baseline\.json: .*symbolic link inside the scanned repository/);
    // The same file named from outside the repository is a baseline like any other.
    const direct = await jwtlint(['scan', '.', '--baseline', '../outside/baseline.json'], repo);
    expect(direct.status).toBe(0);
    expect(readFileSync(path.join(outside, 'baseline.json'), 'utf8')).toBe(baseline);
  });

  it('refuses a baseline over the size limit', async () => {
    const { repo } = setup({ 'outside/big.json': `{ "version": 1, "tool": "jwtlint", "findings": [], "pad": "${'x'.repeat(33 * 1024 * 1024)}" }` });
    expectRefused(await jwtlint(['scan', '.', '--baseline', '../outside/big.json'], repo), 2, /--baseline .*bytes, over the .*-byte limit/);
  });
});

describe.concurrent('reports and baselines written', () => {
  it('never writes -o through a link the repository commits, nor through a linked folder', async () => {
    const { repo, target, outside } = setup();
    symlinkSync(target, path.join(repo, 'jwtlint.sarif'));
    symlinkSync(outside, path.join(repo, 'reports'));
    expectRefused(await jwtlint(['scan', '.', '--format', 'sarif', '-o', 'jwtlint.sarif'], repo), 2, /--output jwtlint\.sarif: .*symbolic link inside the scanned repository/);
    expectRefused(await jwtlint(['scan', '.', '--format', 'sarif', '-o', 'reports/jwtlint.sarif'], repo), 2, /--output reports\/jwtlint\.sarif: .*reports.* symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe(OUTSIDE_TEXT);
    expect(lstatSync(path.join(repo, 'jwtlint.sarif')).isSymbolicLink()).toBe(true);
    expect(existsSync(path.join(outside, 'jwtlint.sarif'))).toBe(false);
  });

  it('treats the whole git work tree as the repository when a subfolder is scanned', async () => {
    const { repo, target } = setup();
    symlinkSync(target, path.join(repo, 'jwtlint.sarif'));
    expectRefused(await jwtlint(['scan', 'src', '--format', 'sarif', '-o', 'jwtlint.sarif'], repo), 2, /symbolic link inside the scanned repository/);
    expect(readFileSync(target, 'utf8')).toBe(OUTSIDE_TEXT);
  });

  it('refuses --write-baseline at an existing file that is not a jwtlint baseline, and replaces a previous baseline', async () => {
    const { repo } = setup({ 'repo/notes.json': '{ "keep": "me" }\n' });
    expectRefused(await jwtlint(['scan', '.', '--write-baseline', 'notes.json'], repo), 2, /--write-baseline notes\.json: exists and is not a jwtlint baseline.*delete the file first/);
    expect(readFileSync(path.join(repo, 'notes.json'), 'utf8')).toBe('{ "keep": "me" }\n');

    expect((await jwtlint(['scan', '.', '--write-baseline', 'baseline.json'], repo)).status).toBe(0);
    writeFileSync(path.join(repo, 'src', 'more.js'), APP.replace("'secret'", "'changeme'"));
    const again = await jwtlint(['scan', '.', '--write-baseline', 'baseline.json'], repo);
    expect(again.status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(repo, 'baseline.json'), 'utf8')).findings.length).toBeGreaterThan(3);
  });

  it('replaces only an earlier report of the same format, or an empty file', async () => {
    const { repo } = setup({ 'repo/empty.sarif': '' });
    expect((await jwtlint(['scan', '.', '--format', 'sarif', '-o', 'empty.sarif'], repo)).status).toBe(1);
    expect((await jwtlint(['scan', '.', '--format', 'sarif', '-o', 'empty.sarif'], repo)).status).toBe(1);
    expect(JSON.parse(readFileSync(path.join(repo, 'empty.sarif'), 'utf8')).runs[0].tool.driver.name).toBe('jwtlint');
    expectRefused(await jwtlint(['scan', '.', '--format', 'json', '-o', 'empty.sarif'], repo), 2, /--output empty\.sarif: .*not a jwtlint json report/);
    for (const format of ['json', 'gitlab', 'text']) {
      expect((await jwtlint(['scan', '.', '--format', format, '-o', `report.${format}`], repo)).status).toBe(1);
      expect((await jwtlint(['scan', '.', '--format', format, '-o', `report.${format}`, '--quiet'], repo)).status).toBe(1);
    }
    writeFileSync(path.join(repo, 'README.md'), '# my project\n');
    expectRefused(await jwtlint(['scan', '.', '-o', 'README.md'], repo), 2, /--output README\.md: .*not a jwtlint text report/);
    expect(readFileSync(path.join(repo, 'README.md'), 'utf8')).toBe('# my project\n');
  });

  it.skipIf(!canMkfifo)('refuses -o at a FIFO inside the repository without blocking on it', async () => {
    const { repo } = setup();
    mkfifo(path.join(repo, 'report.json'));
    expectRefused(await jwtlint(['scan', '.', '--format', 'json', '-o', 'report.json'], repo), 2, /--output report\.json: .*is a FIFO/);
  });

  it('refuses -o at a folder', async () => {
    const { repo } = setup();
    expectRefused(await jwtlint(['scan', '.', '-o', 'src'], repo), 2, /--output src: .*is a folder/);
  });

  it.skipIf(!hasDevFull)('reports a full disk (-o /dev/full) as one line, exit 2', async () => {
    const { repo } = setup();
    expectRefused(await jwtlint(['scan', '.', '-o', '/dev/full'], repo), 2, /cannot write \/dev\/full: no space left on device \(ENOSPC\)/);
    expectRefused(await jwtlint(['scan', '.', '--write-baseline', '/dev/full'], repo), 2, /cannot write \/dev\/full: no space left on device \(ENOSPC\)/);
  });

  it('writes to /dev/stdout when asked: a path outside the repository is the user\'s choice', async () => {
    const { repo } = setup();
    const run = await jwtlint(['scan', '.', '--format', 'json', '-o', '/dev/stdout', '--quiet'], repo);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).tool.name).toBe('jwtlint');
  });
});
