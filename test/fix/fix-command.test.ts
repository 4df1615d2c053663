import { execFileSync } from 'node:child_process';
import { chmodSync, linkSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { applyReplacements } from '../../src/fix/edits.js';
import { sha256, writeFixedSource } from '../../src/fix/write-source.js';
import { RepositoryArea } from '../../src/own-files/area.js';
import { expectValidSarif } from '../report/sarif-schema.js';
import { makeTempProject, removeTempProject } from '../cli/helpers/temp-project.js';

// Not the rule docs' example key: the SARIF rule help quotes that one.
const SECRET = 'Zk3Pw9Qs7Nd2Xr6Lm4Bv8Ct1Hy5Gj0Fe';
const AUTH = [
  "import jwt from 'jsonwebtoken';",
  '',
  `const JWT_SECRET = process.env.JWT_SECRET || '${SECRET}';`,
  '',
  'export function verify(token: string) {',
  "  return jwt.verify(token, JWT_SECRET, { algorithms: ['HS256'], audience: 'api', issuer: 'auth', ignoreExpiration: true });",
  '}',
  '',
].join('\n');
const FIXED = [
  "import jwt from 'jsonwebtoken';",
  '',
  "const JWT_SECRET = (() => { const value = process.env.JWT_SECRET; if (!value) throw new Error('JWT_SECRET is not set'); return value; })();",
  '',
  'export function verify(token: string) {',
  "  return jwt.verify(token, JWT_SECRET, { algorithms: ['HS256'], audience: 'api', issuer: 'auth' });",
  '}',
  '',
].join('\n');

const roots: string[] = [];
afterAll(() => roots.forEach(removeTempProject));
function project(files: Record<string, string>): string {
  const root = makeTempProject(files);
  roots.push(root);
  return root;
}

function fakeIo(cwd: string): CliIo & { out: string; err: string } {
  const io = { cwd, env: {}, out: '', err: '', stdout: { write: (t: string) => (io.out += t), isTTY: false }, stderr: { write: (t: string) => (io.err += t), isTTY: false } };
  return io;
}

async function fix(root: string, ...args: string[]) {
  const io = fakeIo(root);
  const code = await runCli(['node', 'jwtlint', 'fix', '--no-config', ...args], io);
  return { code, out: io.out, err: io.err };
}

function git(root: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: root, stdio: 'ignore' });
}

describe('jwtlint fix --dry-run', () => {
  it('prints a unified diff with the secret masked, writes nothing, and lists every finding', async () => {
    const root = project({ 'src/auth.ts': AUTH });
    const run = await fix(root, '--dry-run');
    expect(readFileSync(path.join(root, 'src/auth.ts'), 'utf8')).toBe(AUTH);
    expect(run.out).toContain('--- a/src/auth.ts\n+++ b/src/auth.ts\n@@ -1,7 +1,7 @@');
    expect(run.out).toContain("+const JWT_SECRET = (() => { const value = process.env.JWT_SECRET; if (!value) throw new Error('JWT_SECRET is not set'); return value; })();");
    expect(run.out).toMatch(/^-const JWT_SECRET = process\.env\.JWT_SECRET \|\| 'Zk3P\*+';$/m);
    expect(run.out).not.toContain(SECRET);
    expect(run.out).toMatch(/src\/auth\.ts:3:\d+ {2}hardcoded-secret {2}would fix: /);
    expect(run.out).toMatch(/src\/auth\.ts:6:\d+ {2}expiry-not-enforced {2}would fix: removed `ignoreExpiration: true`/);
    // HS256 with a shared secret: symmetric-algorithm has no fixer.
    expect(run.out).toMatch(/symmetric-algorithm {2}no fixer for this rule/);
    expect(run.out).toMatch(/^jwtlint fix: 2 fixed, 0 suggested, 0 skipped, \d+ without a fixer; 1 file would change \(dry run: nothing written\)$/m);
    expect(run.out).toContain('Rotate every key whose committed fallback was removed');
    expect(run.code).toBe(1);
  });

  it('--rule limits the fixes to those rules', async () => {
    const root = project({ 'src/auth.ts': AUTH });
    const run = await fix(root, '--dry-run', '--rule', 'expiry-not-enforced');
    expect(run.out).toContain('-  return jwt.verify');
    expect(run.out).not.toContain('+const JWT_SECRET');
    expect(run.out).not.toContain('hardcoded-secret');
    expect(run.code).toBe(0);
    const unknown = await fix(root, '--dry-run', '--rule', 'expiry-not-enforce');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--rule: unknown rule "expiry-not-enforce"');
  });

  it('--format json: the scan report with a fix entry per finding, whose replacements turn the file into the fixed one', async () => {
    const root = project({ 'src/auth.ts': AUTH });
    const run = await fix(root, '--dry-run', '--format', 'json');
    const report = JSON.parse(run.out) as { findings: { ruleId: string; fix?: { outcome: string; replacements?: Parameters<typeof applyReplacements>[1] } }[] };
    const fixed = report.findings.filter((f) => f.fix?.outcome === 'fixed');
    expect(fixed.map((f) => f.ruleId).sort()).toEqual(['expiry-not-enforced', 'hardcoded-secret']);
    expect(applyReplacements(AUTH, fixed.flatMap((f) => f.fix!.replacements!))).toBe(FIXED);
    expect(report.findings.filter((f) => f.ruleId === 'symmetric-algorithm').map((f) => f.fix)).toEqual([{ outcome: 'no-fixer' }]);
    expect(run.out).not.toContain(SECRET);
  });

  it('--format sarif: a valid SARIF 2.1.0 log whose results carry their fixes as artifact changes', async () => {
    const root = project({ 'src/auth.ts': AUTH });
    const run = await fix(root, '--dry-run', '--format', 'sarif');
    const log = JSON.parse(run.out);
    expectValidSarif(log);
    const withFixes = log.runs[0].results.filter((r: { fixes?: unknown[] }) => r.fixes);
    expect(withFixes.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual(['expiry-not-enforced', 'hardcoded-secret']);
    const replacements = withFixes.flatMap((r: { fixes: { artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: Parameters<typeof applyReplacements>[1][number]['deletedRegion']; insertedContent: { text: string } }[] }[] }[] }) =>
      r.fixes.flatMap((f) => f.artifactChanges.flatMap((c) => {
        expect(c.artifactLocation.uri).toBe('src/auth.ts');
        return c.replacements.map((x) => ({ deletedRegion: x.deletedRegion, insertedContent: x.insertedContent.text }));
      })),
    );
    expect(applyReplacements(AUTH, replacements)).toBe(FIXED);
    expect(run.out).not.toContain(SECRET);
  });
});

describe('jwtlint fix writing', () => {
  it('refuses a dirty git tree, and a folder outside git, unless --allow-dirty', async () => {
    const root = project({ 'src/auth.ts': AUTH, 'README.md': 'x\n' });
    const outside = await fix(root);
    expect(outside.code).toBe(2);
    expect(outside.err).toContain('is not in a git repository');
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-qm', 'init');
    writeFileSync(path.join(root, 'README.md'), 'changed\n');
    const dirty = await fix(root);
    expect(dirty.code).toBe(2);
    expect(dirty.err).toContain('uncommitted changes (README.md)');
    expect(readFileSync(path.join(root, 'src/auth.ts'), 'utf8')).toBe(AUTH);
    git(root, 'commit', '-qam', 'readme');
    writeFileSync(path.join(root, 'notes.txt'), 'untracked\n');
    expect((await fix(root)).err).toContain('uncommitted changes (notes.txt)');
    const allowed = await fix(root, '--allow-dirty');
    expect(allowed.code, allowed.err).toBe(1); // symmetric-algorithm remains
    expect(readFileSync(path.join(root, 'src/auth.ts'), 'utf8')).toBe(FIXED);
  });

  it('writes a clean tree in place, keeping the file mode, and a second run has nothing left to fix', async () => {
    const root = project({ 'src/auth.ts': AUTH });
    chmodSync(path.join(root, 'src/auth.ts'), 0o640);
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-qm', 'init');
    const run = await fix(root, '--rule', 'hardcoded-secret,expiry-not-enforced');
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/fixed: removed `ignoreExpiration: true`/);
    expect(run.out).toMatch(/^jwtlint fix: 2 fixed, 0 suggested, 0 skipped, 0 without a fixer; 1 file changed$/m);
    expect(readFileSync(path.join(root, 'src/auth.ts'), 'utf8')).toBe(FIXED);
    expect(statSync(path.join(root, 'src/auth.ts')).mode & 0o777).toBe(0o640);
    git(root, 'commit', '-qam', 'fixed');
    const again = await fix(root, '--rule', 'hardcoded-secret,expiry-not-enforced');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^jwtlint fix: 0 fixed, 0 suggested, 0 skipped, 0 without a fixer; 0 files changed$/m);
  });

  it('leaves generated files, suppressed findings, and what it cannot be sure of', async () => {
    const root = project({
      'src/generated.ts': `// @generated by protoc\n${AUTH}`,
      'src/suppressed.ts': AUTH.replace('ignoreExpiration: true });', 'ignoreExpiration: true }); // jwtlint-disable-line expiry-not-enforced -- refresh tokens are checked elsewhere'),
      'src/spread.js': "const jwt = require('jsonwebtoken');\nconst base = { algorithms: ['RS256'], audience: 'a', issuer: 'i' };\nexports.v = (t) => jwt.verify(t, process.env.PUB, { ...base, ignoreExpiration: true });\n",
      'src/chain.js': `const jwt = require('jsonwebtoken');\nconst key = process.env.A || process.env.B || '${SECRET}';\nexports.s = (p) => jwt.sign(p, key, { algorithm: 'HS256', expiresIn: '5m' });\n`,
      'app.py': `import jwt\nimport os\nSECRET = os.getenv("JWT_SECRET", "${SECRET}")\ndef issue(sub):\n    return jwt.encode({"sub": sub}, SECRET, algorithm="HS256")\n`,
    });
    const run = await fix(root, '--dry-run', '--rule', 'hardcoded-secret,expiry-not-enforced');
    // Only the suppressed file changes, for its other finding.
    expect(run.out.match(/^--- a\/.*$/gm)).toEqual(['--- a/src/suppressed.ts']);
    expect(run.out).toMatch(/src\/suppressed\.ts:3:\d+ {2}hardcoded-secret {2}would fix/);
    expect(run.out).toMatch(/src\/generated\.ts:\d+:\d+ {2}expiry-not-enforced {2}skipped: a generated file/);
    expect(run.out).not.toMatch(/src\/suppressed\.ts:\d+:\d+ {2}expiry-not-enforced/);
    expect(run.out).toMatch(/src\/spread\.js:3:\d+ {2}expiry-not-enforced {2}skipped: the options object spreads another object/);
    expect(run.out).toMatch(/src\/chain\.js:2:\d+ {2}hardcoded-secret {2}skipped: the literal is not the right side of `process\.env\.X/);
    expect(run.out).toMatch(/app\.py:3:\d+ {2}hardcoded-secret {2}skipped: jwtlint fix edits JavaScript and TypeScript source only/);
    expect(run.code).toBe(1);
    expect(run.out).not.toContain(SECRET);
  });
});

describe('jwtlint fix and the file as stored', () => {
  it('keeps a byte-order mark and CRLF line ends, and never touches an ignored file', async () => {
    const crlf = `\ufeff${AUTH.replaceAll('\n', '\r\n')}`;
    const root = project({ 'src/auth.ts': crlf, 'vendor-copy/auth.ts': AUTH, '.jwtlintignore': 'vendor-copy/\n' });
    const run = await fix(root, '--allow-dirty', '--rule', 'hardcoded-secret,expiry-not-enforced');
    expect(run.code, run.err).toBe(0);
    expect(readFileSync(path.join(root, 'src/auth.ts'), 'utf8')).toBe(`\ufeff${FIXED.replaceAll('\n', '\r\n')}`);
    expect(readFileSync(path.join(root, 'vendor-copy/auth.ts'), 'utf8')).toBe(AUTH);
    expect(run.out).not.toContain('vendor-copy');
  });
});

describe('expiry-not-enforced where the code reads exp itself', () => {
  const REFRESH = [
    "import jwt from 'jsonwebtoken';",
    '',
    'export function renew(token: string, key: string) {',
    "  const payload = jwt.verify(token, key, { algorithms: ['RS256'], audience: 'api', issuer: 'auth', ignoreExpiration: true }) as { sub: string; exp: number };",
    '  if (payload.exp > Date.now() / 1000) throw new Error(\'not expired yet\');',
    '  return payload.sub;',
    '}',
    '',
  ].join('\n');

  it('only suggests the removal (a refresh flow may read expired tokens on purpose), and applies it with --apply-suggestions', async () => {
    const root = project({ 'src/renew.ts': REFRESH });
    const offered = await fix(root, '--allow-dirty', '--rule', 'expiry-not-enforced');
    expect(offered.out).toMatch(/src\/renew\.ts:4:\d+ {2}expiry-not-enforced {2}suggested, not applied \(the surrounding code reads `exp` itself/);
    expect(readFileSync(path.join(root, 'src/renew.ts'), 'utf8')).toBe(REFRESH);
    expect(offered.code).toBe(1);
    const json = JSON.parse((await fix(root, '--dry-run', '--rule', 'expiry-not-enforced', '--format', 'json')).out);
    const suggestion = json.findings.find((f: { ruleId: string }) => f.ruleId === 'expiry-not-enforced').fix;
    expect(suggestion).toMatchObject({ outcome: 'suggested', applied: false });
    expect(applyReplacements(REFRESH, suggestion.replacements)).toBe(REFRESH.replace(', ignoreExpiration: true }', ' }'));

    const applied = await fix(root, '--allow-dirty', '--rule', 'expiry-not-enforced', '--apply-suggestions');
    expect(applied.out).toMatch(/expiry-not-enforced {2}suggestion applied: removed `ignoreExpiration: true`/);
    expect(readFileSync(path.join(root, 'src/renew.ts'), 'utf8')).toBe(REFRESH.replace(', ignoreExpiration: true }', ' }'));
    expect(applied.code).toBe(0);
  });
});

describe('writeFixedSource', () => {
  const content = Buffer.from('after\n');
  const hashOf = (text: string) => sha256(Buffer.from(text));

  it('replaces the file when its bytes are those the scan read', () => {
    const root = project({ 'a.ts': 'before\n' });
    expect(writeFixedSource(root, 'a.ts', content, hashOf('before\n'), RepositoryArea.forScan(root))).toEqual({ ok: true });
    expect(readFileSync(path.join(root, 'a.ts'), 'utf8')).toBe('after\n');
  });

  it('refuses a file that changed since the scan, a symbolic link, a hard link, a link on the way and a path out of the root', () => {
    const root = project({ 'a.ts': 'changed\n', 'real/b.ts': 'before\n', 'c.ts': 'before\n' });
    const outside = project({ 'd.ts': 'before\n' });
    const area = RepositoryArea.forScan(root);
    symlinkSync(path.join(outside, 'd.ts'), path.join(root, 'link.ts'));
    symlinkSync(outside, path.join(root, 'linked'));
    linkSync(path.join(root, 'c.ts'), path.join(root, 'c-again.ts'));
    expect(writeFixedSource(root, 'a.ts', content, hashOf('before\n'), area)).toEqual({ ok: false, problem: 'it changed since the scan read it' });
    expect(writeFixedSource(root, 'link.ts', content, hashOf('before\n'), area)).toEqual({ ok: false, problem: 'it is a symbolic link' });
    expect(writeFixedSource(root, 'c.ts', content, hashOf('before\n'), area)).toEqual({ ok: false, problem: 'it has other names (hard links) that a rewrite would leave behind' });
    expect(writeFixedSource(root, 'linked/d.ts', content, hashOf('before\n'), area)).toMatchObject({ ok: false, problem: expect.stringContaining('symbolic link') });
    expect(writeFixedSource(root, '../d.ts', content, hashOf('before\n'), area)).toEqual({ ok: false, problem: 'not a plain path inside the scan root' });
    expect(readFileSync(path.join(outside, 'd.ts'), 'utf8')).toBe('before\n');
    expect(readFileSync(path.join(root, 'c.ts'), 'utf8')).toBe('before\n');
    expect(readFileSync(path.join(root, 'a.ts'), 'utf8')).toBe('changed\n');
  });
});
