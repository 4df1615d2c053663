import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidSarif } from '../report/sarif-schema.js';
import { makeTempProject, removeTempProject, writeFiles } from './helpers/temp-project.js';
import { assertBuilt, jwtlintInProcess as jwtlint } from './helpers/run-jwtlint.js';

// End to end through the CLI (`runCli`, in this process: what is tested is what the commands
// do, and test/cli/cli.test.ts runs the built bin/jwtlint.js itself): suppressions, baselines,
// configuration files, --changed-since and the CI formats.

const RAW_SECRET = 'shhhh-super-dev-secret-123';

const AUTH = [
  "const jwt = require('jsonwebtoken');",
  `const SECRET = '${RAW_SECRET}';`,
  '',
  'function issue(user) {',
  "  return jwt.sign({ sub: user.id }, SECRET, { expiresIn: '2h' });",
  '}',
  '',
  'module.exports = { issue };',
  '',
].join('\n');
// hardcoded-secret and weak-secret (high) on line 2, symmetric-algorithm (low) on line 5.

const roots: string[] = [];
function project(files: Record<string, string>): string {
  const root = makeTempProject(files);
  roots.push(root);
  return root;
}

beforeAll(() => assertBuilt());
afterAll(() => {
  for (const root of roots) removeTempProject(root);
});

interface SarifResultLike {
  ruleId: string;
  level: string;
  baselineState?: string;
  suppressions?: { kind: string; status: string; justification: string }[];
  partialFingerprints: Record<string, string>;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
  properties: { tags: string[] };
}

function sarif(stdout: string): { results: SarifResultLike[]; log: { runs: { results: SarifResultLike[]; [key: string]: unknown }[] } } {
  const log = JSON.parse(stdout);
  expectValidSarif(log);
  return { results: log.runs[0].results, log };
}

function keys(results: SarifResultLike[]): string[] {
  return results.map((r) => `${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}:${r.ruleId}`);
}

describe('inline suppressions', () => {
  const suppressedAuth = AUTH.replace(
    `const SECRET =`,
    '// jwtlint-disable-next-line hardcoded-secret, weak-secret -- local fixture, the key is rotated\nconst SECRET =',
  );

  it('hide the finding from text, count it in the summary and keep it out of --fail-on', async () => {
    const root = project({ 'src/auth.js': suppressedAuth });
    const run = await jwtlint(['scan', root, '--fail-on', 'high']);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('[hardcoded-secret]');
    expect(run.stdout).toContain('[symmetric-algorithm]');
    expect(run.stdout.trim().split('\n').at(-1)).toBe('1 finding: 1 low; 2 suppressed (1 file scanned)');
    expect((await jwtlint(['scan', root])).status).toBe(1);
    const all = await jwtlint(['scan', root, '--show-suppressed']);
    expect(all.stdout).toMatch(/^src\/auth\.js:3:\d+: high \(suppressed: local fixture, the key is rotated\): .*\[hardcoded-secret\]$/m);
  });

  it('appear in SARIF as inSource suppressions with the reason, and in JSON apart', async () => {
    const root = project({ 'src/auth.js': suppressedAuth });
    const { results } = sarif((await jwtlint(['scan', root, '--format', 'sarif'])).stdout);
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed.map((r) => r.ruleId)).toEqual(['hardcoded-secret', 'weak-secret']);
    expect(suppressed[0]!.suppressions).toEqual([
      expect.objectContaining({ kind: 'inSource', status: 'accepted', justification: 'local fixture, the key is rotated' }),
    ]);
    expect(sarif((await jwtlint(['scan', root, '--format', 'sarif', '--omit-suppressed'])).stdout).results.map((r) => r.ruleId)).toEqual(['symmetric-algorithm']);
    const report = JSON.parse((await jwtlint(['scan', root, '--format', 'json'])).stdout);
    expect(report.summary).toEqual({ total: 1, bySeverity: { critical: 0, high: 0, medium: 0, low: 1 }, suppressed: 2 });
    expect(report.suppressedFindings.map((f: { ruleId: string; suppression: { line: number } }) => `${f.ruleId}@${f.suppression.line}`)).toEqual([
      'hardcoded-secret@2',
      'weak-secret@2',
    ]);
  });

  it('work with # comments in .env and YAML files', async () => {
    const root = project({
      'src/auth.js': "const jwt = require('jsonwebtoken');\nmodule.exports = (t) => jwt.verify(t, process.env.JWT_SECRET, { algorithms: ['HS256'] });\n",
      '.env': '# jwtlint-disable-next-line hardcoded-secret -- local development only\nJWT_SECRET=q8Vn2Lr5Tz1Wc7Yp4Hd9Kf3Mx6Bs0Ga2Xe\n',
    });
    const report = JSON.parse((await jwtlint(['scan', root, '--format', 'json'])).stdout);
    expect(report.suppressedFindings.map((f: { location: { file: string }; ruleId: string }) => `${f.location.file}:${f.ruleId}`)).toContain('.env:hardcoded-secret');
    expect(report.findings.map((f: { location: { file: string }; ruleId: string }) => `${f.location.file}:${f.ruleId}`)).not.toContain('.env:hardcoded-secret');
  });

  it('without a reason suppress nothing, and unused ones are reported', async () => {
    const root = project({
      'src/auth.js': AUTH.replace('const SECRET =', '// jwtlint-disable-next-line hardcoded-secret\nconst SECRET =').replace(
        'function issue',
        '// jwtlint-disable-next-line no-expiry -- lifetime is set below\nfunction issue',
      ),
    });
    const run = await jwtlint(['scan', root, '--fail-on', 'high']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('[hardcoded-secret]');
    expect(run.stdout).toContain('src/auth.js:2: warning: jwtlint-disable-next-line hardcoded-secret needs a reason after "--"; the finding stays reported. [invalid-suppression]');
    expect(run.stdout).toContain('src/auth.js:5: warning: jwtlint-disable-next-line no-expiry: no no-expiry finding on line 6; remove it from the comment. [unused-suppression]');
    const log = sarif((await jwtlint(['scan', root, '--format', 'sarif'])).stdout).log;
    const notes = (log.runs[0] as unknown as { invocations: { toolExecutionNotifications: { descriptor: { id: string } }[] }[] }).invocations[0]!.toolExecutionNotifications;
    expect(notes.map((n) => n.descriptor.id)).toEqual(['invalid-suppression', 'unused-suppression']);
  });
});

describe('baselines', () => {
  it('accept the current findings, survive lines inserted above, and fail only on new findings', async () => {
    const root = project({ 'src/auth.js': AUTH });
    const written = await jwtlint(['scan', '.', '--write-baseline', 'jwtlint-baseline.json'], { cwd: root });
    expect(written.status).toBe(0);
    expect(written.stderr).toBe('jwtlint: wrote 3 findings to jwtlint-baseline.json\n');
    expect(written.stdout).toBe('');
    const baselineText = readFileSync(path.join(root, 'jwtlint-baseline.json'), 'utf8');
    const baseline = JSON.parse(baselineText);
    expect(baseline.version).toBe(1);
    expect(baseline.tool).toBe('jwtlint');
    expect(baseline.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['hardcoded-secret', 'symmetric-algorithm', 'weak-secret']);
    expect(baselineText).not.toContain(RAW_SECRET.slice(0, 8));

    // Left out of SARIF by default (GitHub would open an alert for each); kept when asked.
    expect(sarif((await jwtlint(['scan', '.', '--format', 'sarif', '--baseline', 'jwtlint-baseline.json'], { cwd: root })).stdout).results).toEqual([]);
    const before = sarif((await jwtlint(['scan', '.', '--format', 'sarif', '--baseline', 'jwtlint-baseline.json', '--include-baselined'], { cwd: root })).stdout).results;
    expect(before.map((r) => r.baselineState)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    const clean = await jwtlint(['scan', '.', '--baseline', 'jwtlint-baseline.json'], { cwd: root });
    expect(clean.status).toBe(0);
    expect(clean.stdout).toBe('No new findings; 3 baselined (2 files scanned)\n');

    // Code inserted above every finding: same fingerprints and GitHub line hashes, new line numbers.
    writeFileSync(path.join(root, 'src/auth.js'), `// Authentication helpers.\n'use strict';\n\n${AUTH}`);
    const moved = sarif((await jwtlint(['scan', '.', '--format', 'sarif', '--baseline', 'jwtlint-baseline.json', '--include-baselined'], { cwd: root })).stdout).results;
    expect(moved.map((r) => r.locations[0]!.physicalLocation.region.startLine)).toEqual([5, 5, 8]);
    expect(moved.map((r) => r.partialFingerprints)).toEqual(before.map((r) => r.partialFingerprints));
    expect(moved.map((r) => r.baselineState)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect((await jwtlint(['scan', '.', '--baseline', 'jwtlint-baseline.json'], { cwd: root })).status).toBe(0);

    // A new finding fails the build; the baselined ones still do not.
    writeFiles(root, { 'src/verify.js': "const jwt = require('jsonwebtoken');\nmodule.exports = (t) => jwt.verify(t, process.env.JWT_SECRET, { algorithms: ['HS256'], audience: 'a', issuer: 'i' });\n" });
    const withNew = await jwtlint(['scan', '.', '--format', 'json', '--baseline', 'jwtlint-baseline.json'], { cwd: root });
    expect(withNew.status).toBe(1);
    const report = JSON.parse(withNew.stdout);
    expect(report.summary).toMatchObject({ new: 1, baselined: 3 });
    expect(report.findings.filter((f: { baselineState: string }) => f.baselineState === 'new').map((f: { ruleId: string }) => f.ruleId)).toEqual(['symmetric-algorithm']);
    expect(report.baseline).toEqual({ entries: 3, matched: 3, unmatched: 0 });
    expect((await jwtlint(['scan', '.', '--baseline', 'jwtlint-baseline.json', '--fail-on', 'medium'], { cwd: root })).status).toBe(0);
  });

  it('refuses a missing or broken baseline file (exit 2) and --write-baseline with --changed-since', async () => {
    const root = project({ 'src/auth.js': AUTH, 'broken.json': '{"tool":"jwtlint","version":7,"findings":[]}' });
    const missing = await jwtlint(['scan', '.', '--baseline', 'nope.json'], { cwd: root });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('jwtlint: error: --baseline nope.json: cannot read it (ENOENT); create one with --write-baseline.');
    const broken = await jwtlint(['scan', '.', '--baseline', 'broken.json'], { cwd: root });
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('baseline version 7 is not supported');
    const both = await jwtlint(['scan', '.', '--write-baseline', 'b.json', '--changed-since', 'HEAD'], { cwd: root });
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--write-baseline records every finding, so it cannot be combined with --changed-since.');
  });
});

describe('configuration files', () => {
  it('finds .jwtlintrc.yaml in the scan root: failOn, severities, options, test paths', async () => {
    const root = project({
      'src/auth.js': AUTH,
      'e2e/login.js': AUTH,
      '.jwtlintrc.yaml': [
        'failOn: critical',
        'testPaths: [e2e/]',
        'rules:',
        '  weak-secret: off',
        '  hardcoded-secret: { severity: critical }',
        '  long-expiry: { options: { maxExpiry: 1h } }',
      ].join('\n'),
    });
    const run = await jwtlint(['scan', root, '--format', 'sarif']);
    expect(run.status).toBe(1);
    const { results, log } = sarif(run.stdout);
    expect(keys(results)).toEqual([
      'e2e/login.js:2:hardcoded-secret',
      'e2e/login.js:5:long-expiry',
      'e2e/login.js:5:symmetric-algorithm',
      'src/auth.js:2:hardcoded-secret',
      'src/auth.js:5:long-expiry',
      'src/auth.js:5:symmetric-algorithm',
    ]);
    expect(results.map((r) => r.level)).toEqual(['note', 'note', 'note', 'error', 'warning', 'note']);
    expect(results[0]!.properties.tags).toContain('test');
    const rules = (log.runs[0] as unknown as { tool: { driver: { rules: { id: string; properties: Record<string, string> }[] } } }).tool.driver.rules;
    expect(rules.map((rule) => rule.id)).not.toContain('weak-secret');
    expect(rules.find((rule) => rule.id === 'hardcoded-secret')!.properties).toMatchObject({ severity: 'critical', 'security-severity': '9.1' });
    expect((await jwtlint(['scan', root, '--no-config'])).stdout).toContain('[weak-secret]');
  });

  it('exits 2 on several configuration files or any invalid setting, listing every problem', async () => {
    const two = project({ 'src/a.js': '', '.jwtlintrc.json': '{}', 'jwtlint.config.json': '{}' });
    const conflict = await jwtlint(['scan', two]);
    expect(conflict.status).toBe(2);
    expect(conflict.stderr).toContain(`several configuration files in ${two}: .jwtlintrc.json, jwtlint.config.json; keep one, or choose with --config.`);

    const bad = project({
      'src/a.js': '',
      '.jwtlintrc.json': JSON.stringify({ failOn: 'sometimes', rules: { 'weak-secret': 'medium', 'long-expiry': { options: { maxExpiry: 'forever' } } }, units: { '../x': 'y' } }),
    });
    const run = await jwtlint(['scan', bad]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('failOn must be one of critical, high, medium, low, none (got "sometimes").');
    expect(lines[1]).toContain('units: "../x" must be a folder relative to the scan root');
    expect(lines[2]).toContain('rules.long-expiry.options.maxExpiry must be a duration');
    expect(lines[3]).toBe('Run "jwtlint scan --help" for usage.');
  });

  it('never runs a .jwtlintrc.js and says it was ignored', async () => {
    const root = project({ 'src/auth.js': AUTH, '.jwtlintrc.js': "require('fs').writeFileSync(__dirname + '/pwned', 'yes');\nmodule.exports = { failOn: 'none' };\n" });
    const run = await jwtlint(['scan', root]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('.jwtlintrc.js: warning: .jwtlintrc.js is ignored: jwtlint reads configuration from JSON or YAML only');
    expect(existsSync(path.join(root, 'pwned'))).toBe(false);
  });
});

const hasGit = spawnSync('git', ['--version']).status === 0;

function git(root: string, ...args: string[]): void {
  const run = spawnSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
}

describe.runIf(hasGit)('--changed-since and repositories', () => {
  it('reports only files changed since the ref (committed, uncommitted or untracked)', async () => {
    const root = project({ 'src/old.js': AUTH, 'src/touched.js': "module.exports = 1;\n" });
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'initial');
    git(root, 'checkout', '-qb', 'feature');
    writeFiles(root, { 'src/touched.js': AUTH });
    git(root, 'commit', '-qam', 'feature work');
    writeFiles(root, { 'src/untracked.js': AUTH });
    const run = await jwtlint(['scan', '.', '--format', 'json', '--changed-since', 'main'], { cwd: root });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect([...new Set(report.findings.map((f: { location: { file: string } }) => f.location.file))]).toEqual(['src/touched.js', 'src/untracked.js']);
    expect(report.changedSince).toEqual({ ref: 'main', files: 2 });
    expect((await jwtlint(['scan', '.', '--changed-since', 'HEAD', '--fail-on', 'high'], { cwd: root })).status).toBe(1);
  });

  it('exits 2 with a clear message outside a repository or for an unknown ref', async () => {
    const plain = project({ 'src/a.js': AUTH });
    const outside = await jwtlint(['scan', plain, '--changed-since', 'main']);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toContain(`--changed-since needs a git repository, and ${plain} is not inside one.`);
    git(plain, 'init', '-q');
    git(plain, 'add', '-A');
    git(plain, 'commit', '-qm', 'initial');
    const unknown = await jwtlint(['scan', plain, '--changed-since', 'no-such-branch']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--changed-since: unknown git ref "no-such-branch"');
    expect((await jwtlint(['scan', plain, '--changed-since', '--upload-pack=evil'])).status).toBe(2);
  });

  it("never lets the scanned repository's git configuration run a program", async () => {
    const root = project({ 'src/a.js': AUTH, 'hook.sh': '#!/bin/sh\ntouch "$(dirname "$0")/pwned"\nexit 1\n' });
    chmodSync(path.join(root, 'hook.sh'), 0o755);
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'initial');
    // git runs core.fsmonitor for `git diff` and `git ls-files`: jwtlint must switch it off.
    git(root, 'config', 'core.fsmonitor', path.join(root, 'hook.sh'));
    git(root, 'config', 'diff.external', path.join(root, 'hook.sh'));
    writeFiles(root, { 'src/b.js': AUTH });
    const run = await jwtlint(['scan', '.', '--format', 'json', '--changed-since', 'HEAD'], { cwd: root });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).changedSince).toEqual({ ref: 'HEAD', files: 1 });
    expect(existsSync(path.join(root, 'pwned'))).toBe(false);
  });

  it('writes SARIF paths relative to the repository root when a subfolder is scanned', async () => {
    const root = project({ 'services/api/src/auth.js': AUTH });
    git(root, 'init', '-q');
    const run = await jwtlint(['scan', 'services/api', '--format', 'sarif', '--sarif-category', 'jwtlint-api'], { cwd: root });
    const { results, log } = sarif(run.stdout);
    expect(keys(results)[0]).toBe('services/api/src/auth.js:2:hardcoded-secret');
    const runObject = log.runs[0] as unknown as { automationDetails: { id: string }; originalUriBaseIds: { SRCROOT: { uri: string } } };
    expect(runObject.automationDetails).toEqual({ id: 'jwtlint-api/' });
    expect(runObject.originalUriBaseIds.SRCROOT.uri).toMatch(/\/$/);
    // The JSON report keeps scan-root-relative paths.
    expect(JSON.parse((await jwtlint(['scan', 'services/api', '--format', 'json'], { cwd: root })).stdout).findings[0].location.file).toBe('src/auth.js');
  });
});

describe('--format gitlab', () => {
  it('writes a GitLab SAST report', async () => {
    const root = project({ 'src/auth.js': AUTH });
    const run = await jwtlint(['scan', root, '--format', 'gitlab']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.scan.type).toBe('sast');
    expect(report.vulnerabilities.map((v: { identifiers: { value: string }[] }) => v.identifiers[0]!.value)).toEqual(['hardcoded-secret', 'weak-secret', 'symmetric-algorithm']);
    expect(run.stdout).not.toContain(RAW_SECRET);
  });
});
