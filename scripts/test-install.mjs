#!/usr/bin/env node
// Install test (`npm run test:install`, run by .ci/run after `npm test`): jwtlint installs
// and runs with no build step on the user's machine.
//
// 1. `npm pack`: the tarball holds what we publish and nothing else.
// 2. The tarball installed into an empty project (`npm install <tarball>`, the package
//    registry only), then `npx jwtlint scan` on a tiny project: exit 1 and the findings;
//    `npx jwtlint fix` refuses without ts-morph (exit 2, saying how to install it) and fixes
//    once ts-morph@28 is installed next to it.
// 3. The HEAD commit installed from git (`npm install git+file://…#HEAD`: what npm does for
//    `npm i -g github:…`, no build, no dev dependency needed), and the same scan.
// 4. When `pre-commit` is on the PATH (Debian's package: `apt-get install pre-commit`), the
//    hook of .pre-commit-hooks.yaml installed from this repository's HEAD commit with a clean
//    pre-commit cache, run in a throwaway repository: a staged hardcoded key fails the commit,
//    a clean file passes. Without pre-commit this part is skipped with a note
//    (JWTLINT_REQUIRE_PRE_COMMIT=1 makes that an error).
//
// Needs the npm registry and a committed bundle at HEAD; about 40 s without pre-commit and
// 70 s with it, on a 2-core machine (npm prepares a git dependency, and pre-commit installs
// its hook, with `npm install` including dev dependencies: that is most of the time).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, lstatSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(tmpdir(), 'jwtlint-install-'));
const failures = [];
let checks = 0;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options, env: { ...process.env, npm_config_update_notifier: 'false', ...options.env } });
  if (result.error) throw result.error;
  return result;
}

function check(ok, what, detail = '') {
  checks++;
  if (ok) console.log(`ok   ${what}`);
  else {
    failures.push(what);
    console.log(`FAIL ${what}${detail ? `\n${detail.trimEnd().replace(/^/gm, '     ')}` : ''}`);
  }
  return ok;
}

function must(result, what) {
  if (result.status !== 0) {
    check(false, what, `exit ${result.status}\n${result.stdout}\n${result.stderr}`);
    finish();
  }
  return result;
}

function du(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) bytes += du(full);
    else bytes += lstatSync(full).size;
  }
  return bytes;
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A project with the mistakes jwtlint exists for, and a clean one. */
const LEAKY = "const jwt = require('jsonwebtoken');\nexports.issue = (user) => jwt.sign({ sub: user.id }, 'secret');\n";
const CLEAN = "exports.add = (a, b) => a + b;\n";
const FIXABLE = "const jwt = require('jsonwebtoken');\nexports.check = (token) => jwt.verify(token, process.env.PUBLIC_KEY, {\n  algorithms: ['RS256'],\n  audience: 'api',\n  issuer: 'https://auth.example.com',\n  ignoreExpiration: true,\n});\n";

function finish() {
  rmSync(work, { recursive: true, force: true });
  console.log(`\ninstall: ${checks - failures.length} passed, ${failures.length} failed`);
  process.exit(failures.length > 0 ? 1 : 0);
}

// 1. The tarball.
const packed = must(run('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT }), 'npm pack');
const [pack] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')));
const files = pack.files.map((file) => file.path).sort();
console.log(`tarball ${pack.filename}: ${(pack.size / 1000).toFixed(1)} kB packed, ${(pack.unpackedSize / 1000).toFixed(1)} kB unpacked, ${files.length} files`);
const expected = ['LICENSE', 'README.md', 'SECURITY.md', 'bin/jwtlint.js', 'dist/bundle/THIRD-PARTY-LICENSES.txt', 'dist/bundle/main.mjs', 'dist/bundle/tree-sitter-c_sharp.wasm', 'dist/bundle/tree-sitter-go.wasm', 'dist/bundle/tree-sitter-java.wasm', 'dist/bundle/tree-sitter-kotlin.wasm', 'dist/bundle/tree-sitter-python.wasm', 'dist/bundle/tree-sitter-terraform.wasm', 'dist/bundle/web-tree-sitter.wasm', 'package.json', 'schema/estate.schema.json', 'schema/jwtlintrc.schema.json'];
check(JSON.stringify(files) === JSON.stringify(expected), 'the tarball holds exactly the bin, the bundle, its license notices, the configuration schema, README, LICENSE and SECURITY.md', `got: ${files.join(', ')}`);

// 2. An empty project installs the tarball and runs it.
const app = path.join(work, 'app');
mkdirSync(path.join(app, 'project'), { recursive: true });
writeFileSync(path.join(app, 'package.json'), '{ "name": "empty", "version": "1.0.0", "private": true }\n');
writeFileSync(path.join(app, 'project', 'auth.js'), LEAKY);
// Terraform is read by tree-sitter's WebAssembly, shipped beside the bundle: the installed package must find it.
// So are Python and Go (tree-sitter-python's and tree-sitter-go's grammars).
writeFileSync(path.join(app, 'project', 'auth.py'), 'import jwt\n\ndef issue(sub):\n    return jwt.encode({"sub": sub}, "py-literal-jwt-signing-secret-0123456789", algorithm="HS256")\n');
writeFileSync(path.join(app, 'project', 'auth.go'), 'package auth\n\nimport "github.com/golang-jwt/jwt/v5"\n\nfunc issue(c jwt.Claims) (string, error) {\n\treturn jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString([]byte("go-literal-jwt-signing-secret-0123456789"))\n}\n');
writeFileSync(path.join(app, 'project', 'main.tf'), 'variable "jwt_secret" {\n  default = "tf-literal-jwt-signing-secret-0123456789"\n}\n');
must(run('npm', ['install', '--no-audit', '--no-fund', path.join(work, pack.filename)], { cwd: app }), 'npm install <tarball> into an empty project');
const modules = path.join(app, 'node_modules');
const listed = run('npm', ['ls', '--all', '--parseable'], { cwd: app }).stdout.split('\n').filter(Boolean).length - 1;
console.log(`installed: ${listed} packages, ${mb(du(modules))} in node_modules`);
const scan = run('npx', ['--no-install', 'jwtlint', 'scan', 'project', '--format', 'json'], { cwd: app });
let rules = [];
let tfRules = [];
let pyRules = [];
let goRules = [];
try {
  rules = JSON.parse(scan.stdout).findings.map((finding) => finding.ruleId);
  tfRules = JSON.parse(scan.stdout).findings.filter((finding) => finding.location.file.endsWith('main.tf')).map((finding) => finding.ruleId);
  pyRules = JSON.parse(scan.stdout).findings.filter((finding) => finding.location.file.endsWith('auth.py')).map((finding) => finding.ruleId);
  goRules = JSON.parse(scan.stdout).findings.filter((finding) => finding.location.file.endsWith('auth.go')).map((finding) => finding.ruleId);
} catch {
  // reported below
}
check(scan.status === 1 && rules.includes('hardcoded-secret'), 'npx jwtlint scan reports the hardcoded key and exits 1', `exit ${scan.status}\n${scan.stdout.slice(0, 2000)}\n${scan.stderr}`);
check(!JSON.stringify(scan.stdout).includes("'secret'"), 'the report masks the key');
check(tfRules.includes('hardcoded-secret'), 'npx jwtlint scan reads Terraform through the WebAssembly shipped beside the bundle', scan.stdout.slice(0, 2000));
check(pyRules.includes('hardcoded-secret'), 'npx jwtlint scan reads Python through the WebAssembly shipped beside the bundle', scan.stdout.slice(0, 2000));
check(goRules.includes('hardcoded-secret'), 'npx jwtlint scan reads Go through the WebAssembly shipped beside the bundle', scan.stdout.slice(0, 2000));
const version = run('npx', ['--no-install', 'jwtlint', '--version'], { cwd: app });
check(version.status === 0 && version.stdout.trim().endsWith(pack.version), 'npx jwtlint --version', version.stdout + version.stderr);

// jwtlint fix needs ts-morph, an optional peer dependency that the install above leaves out.
mkdirSync(path.join(app, 'fixable'));
writeFileSync(path.join(app, 'fixable', 'verify.js'), FIXABLE);
const noTsMorph = run('npx', ['--no-install', 'jwtlint', 'fix', 'fixable', '--dry-run'], { cwd: app });
check(noTsMorph.status === 2 && noTsMorph.stderr.includes('npm install --save-dev ts-morph@28'), 'npx jwtlint fix without ts-morph exits 2 and says how to install it', `exit ${noTsMorph.status}\n${noTsMorph.stdout}\n${noTsMorph.stderr}`);
must(run('npm', ['install', '--no-audit', '--no-fund', 'ts-morph@28'], { cwd: app }), 'npm install ts-morph@28 next to jwtlint');
const listedWithTsMorph = run('npm', ['ls', '--all', '--parseable'], { cwd: app }).stdout.split('\n').filter(Boolean).length - 1;
console.log(`with ts-morph for jwtlint fix: ${listedWithTsMorph} packages, ${mb(du(modules))} in node_modules`);
const fixed = run('npx', ['--no-install', 'jwtlint', 'fix', 'fixable', '--dry-run'], { cwd: app });
check(fixed.status === 0 && fixed.stdout.includes('-  ignoreExpiration: true,\n') && fixed.stdout.includes('1 fixed'), 'npx jwtlint fix --dry-run with ts-morph installed prints the fix as a diff', `exit ${fixed.status}\n${fixed.stdout}\n${fixed.stderr}`);

// 3. Installed from git (npm's path for `npm i -g github:…`): the clone runs with no build.
const head = run('git', ['rev-parse', 'HEAD'], { cwd: ROOT }).stdout.trim();
const committed = run('git', ['cat-file', '-e', `${head}:dist/bundle/main.mjs`], { cwd: ROOT });
if (!check(/^[0-9a-f]{40}$/.test(head) && committed.status === 0, `HEAD (${head.slice(0, 12) || 'none'}) has a committed dist/bundle/main.mjs to install from git`)) finish();
const fromGit = path.join(work, 'from-git');
mkdirSync(fromGit);
writeFileSync(path.join(fromGit, 'package.json'), '{ "name": "empty", "version": "1.0.0", "private": true }\n');
must(run('npm', ['install', '--no-audit', '--no-fund', `git+${pathToFileURL(ROOT).href}#${head}`], { cwd: fromGit }), 'npm install git+file://<this repository>#HEAD into an empty project');
const gitScan = run('npx', ['--no-install', 'jwtlint', 'scan', path.join(app, 'project'), '-q'], { cwd: fromGit });
check(gitScan.status === 1 && gitScan.stdout.includes('[hardcoded-secret]'), 'jwtlint installed from git scans', `exit ${gitScan.status}\n${gitScan.stdout}\n${gitScan.stderr}`);

// 4. pre-commit from a clean cache.
const preCommit = run('sh', ['-c', 'command -v pre-commit'], {}).stdout.trim();
if (!preCommit) {
  const note = 'pre-commit is not on the PATH: the hook test is skipped (apt-get install pre-commit)';
  if (process.env.JWTLINT_REQUIRE_PRE_COMMIT === '1') check(false, note);
  else console.log(`skip ${note}`);
  finish();
}
const repo = path.join(work, 'repo');
const git = (...args) => must(run('git', ['-c', 'user.name=jwtlint test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: repo }), `git ${args[0]}`);
mkdirSync(repo);
git('init', '-q');
writeFileSync(path.join(repo, '.pre-commit-config.yaml'), `repos:\n  - repo: ${JSON.stringify(ROOT)}\n    rev: ${head}\n    hooks:\n      - id: jwtlint\n`);
writeFileSync(path.join(repo, 'README.md'), 'test\n');
git('add', '.');
git('commit', '-q', '-m', 'init');
const hookEnv = { PRE_COMMIT_HOME: path.join(work, 'pre-commit-cache'), PRE_COMMIT_COLOR: 'never', SKIP: '' };
writeFileSync(path.join(repo, 'clean.js'), CLEAN);
git('add', 'clean.js');
const started = process.hrtime.bigint();
const passing = run(preCommit, ['run'], { cwd: repo, env: hookEnv });
console.log(`pre-commit: first run, hook installed from a clean cache, ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
check(passing.status === 0 && /jwtlint\.+Passed/.test(passing.stdout), 'pre-commit: a clean staged file passes', `exit ${passing.status}\n${passing.stdout}\n${passing.stderr}`);
writeFileSync(path.join(repo, 'auth.js'), LEAKY);
git('add', 'auth.js');
const failing = run(preCommit, ['run'], { cwd: repo, env: hookEnv });
check(failing.status === 1 && /jwtlint\.+Failed/.test(failing.stdout) && failing.stdout.includes('[hardcoded-secret]'), 'pre-commit: a staged hardcoded key fails, reported as hardcoded-secret', `exit ${failing.status}\n${failing.stdout}\n${failing.stderr}`);
finish();
