import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { tempProjectsRemovedAfterEach } from './helpers/temp-project.js';

// In process (runCli with the real engine, tiny projects): what a scan does with the paths it
// is given (issue 14, item 4), --exclude / --include, the compact format, `rules --format
// json`, --output errors and --write-baseline's one line.

const project = tempProjectsRemovedAfterEach();

const SECRET = 'shhhh-super-dev-secret-123';
const APP = {
  'package.json': '{ "name": "app", "dependencies": { "jsonwebtoken": "^9.0.2" } }\n',
  'src/auth.js': `const jwt = require('jsonwebtoken');\nmodule.exports = (u) => jwt.sign({ sub: u }, '${SECRET}', { expiresIn: '1h' });\n`,
  'src/util.ts': 'export const x = 1;\n',
  'lib/sign.js': "const jwt = require('jsonwebtoken');\nmodule.exports = (u) => jwt.sign({ sub: u }, process.env.KEY);\n",
  'docs/README.md': '# docs\n',
  'types/index.d.ts': 'export declare const x: number;\n',
  'generated/.gitignore': '*\n',
  'generated/token.js': "const jwt = require('jsonwebtoken');\njwt.sign({}, 'generated-secret-value-123');\n",
  'ruby/app.rb': 'puts 1\n',
  '.gitignore': 'tmp/\n',
  'tmp/scratch.js': "require('jsonwebtoken').sign({}, 'scratch-secret-value-123');\n",
};

async function run(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io: CliIo & { out: string; err: string } = {
    cwd,
    env: {},
    out: '',
    err: '',
    stdout: { write: (text: string) => (io.out += text), isTTY: false },
    stderr: { write: (text: string) => (io.err += text), isTTY: false },
  };
  const code = await runCli(['node', 'jwtlint', ...args], io);
  return { code, out: io.out, err: io.err };
}

/** The files that a JSON report says were scanned, from its findings. */
function findingFiles(jsonReport: string): string[] {
  return [...new Set((JSON.parse(jsonReport).findings as { location: { file: string } }[]).map((f) => f.location.file))].sort();
}

describe('named paths that give the scan nothing to read', () => {
  it('are usage errors, one line each naming the path and why, exit 2 even with --quiet', async () => {
    const root = project(APP);
    const outside = project({ 'x.js': '' });
    const r = await run(root, 'scan', '-q', 'src', 'docs/README.md', 'types/index.d.ts', 'tmp', path.join(outside, 'x.js'), 'nope.js');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toEqual([
      'jwtlint: error: no such file or folder: nope.js',
      'jwtlint: error: docs/README.md is not a file type jwtlint reads (see "What is scanned" in the README).',
      'jwtlint: error: types/index.d.ts is a TypeScript declaration file (types only), which jwtlint does not read.',
      "jwtlint: error: tmp is ignored by .gitignore, .jwtlintignore, the configuration's ignore or --exclude, so nothing in it is scanned.",
      `jwtlint: error: ${path.join(outside, 'x.js')} is outside the scan root ${root} (with several paths, or one file, the root is the working directory), so it was not scanned.`,
      'Run "jwtlint scan --help" for usage.',
    ]);
  });

  it('a named FIFO is refused', async () => {
    const root = project(APP);
    try {
      execFileSync('mkfifo', [path.join(root, 'pipe.js')]);
    } catch {
      return; // no mkfifo here
    }
    const r = await run(root, 'scan', 'pipe.js');
    expect(r.code).toBe(2);
    expect(r.err).toContain('jwtlint: error: pipe.js is not a regular file or folder (a FIFO), so it was not read.');
  });

  it('a folder with nothing jwtlint reads is a note, not an error (an empty or non-JavaScript repository passes), even with --quiet', async () => {
    const root = project({ 'app.rb': 'puts 1\n', 'README.md': '# x\n' });
    mkdirSync(path.join(root, 'empty'));
    const whole = await run(root, 'scan', '-q');
    expect(whole).toEqual({ code: 0, out: '', err: 'jwtlint: note: . holds no file to scan (none of a type jwtlint reads, or all of them ignored); nothing was scanned there.\n' });
    const named = await run(root, 'scan', 'empty', '--format', 'json');
    expect(named.code).toBe(0);
    expect(named.err).toContain('jwtlint: note: empty holds no file to scan');
    expect(JSON.parse(named.out).stats.filesDiscovered).toBe(0);
    // Everything in it ignored by its own ignore file: the folder itself is not ignored, so a note too.
    const generated = await run(project(APP), 'scan', 'generated', '-q');
    expect(generated).toEqual({ code: 0, out: '', err: 'jwtlint: note: generated holds no file to scan (none of a type jwtlint reads, or all of them ignored); nothing was scanned there.\n' });
  });

  it('a folder whose files --include does not select is an error', async () => {
    const root = project(APP);
    const r = await run(root, 'scan', 'src', 'lib', '--include', '*.tsx');
    expect(r.code).toBe(2);
    expect(r.err).toContain('jwtlint: error: src holds no file that --include *.tsx selects.');
    expect(r.err).toContain('jwtlint: error: lib holds no file that --include *.tsx selects.');
  });

  it('a scan of files and folders that hold something is unchanged', async () => {
    const root = project(APP);
    const r = await run(root, 'scan', 'src', 'lib/sign.js', '--format', 'json', '--fail-on', 'none');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(findingFiles(r.out)).toEqual(['lib/sign.js', 'src/auth.js']);
  });
});

describe('--exclude and --include', () => {
  it('--exclude adds ignore patterns after the configuration (repeatable); a named file is still scanned', async () => {
    const root = project({ ...APP, '.jwtlintrc.yaml': 'ignore: [lib/]\n' });
    const all = await run(root, 'scan', '--format', 'json', '--fail-on', 'none');
    expect(findingFiles(all.out)).toContain('src/auth.js');
    expect(findingFiles(all.out)).not.toContain('lib/sign.js');
    const excluded = await run(root, 'scan', '--format', 'json', '--fail-on', 'none', '--exclude', 'src/*.js', '--exclude', 'package.json');
    expect(excluded.code).toBe(0);
    expect(findingFiles(excluded.out)).toEqual([]);
    expect(JSON.parse(excluded.out).stats.filesDiscovered).toBe(2); // src/util.ts, .jwtlintrc.yaml
    // A named file is scanned whatever the ignore rules say.
    const named = await run(root, 'scan', 'src/auth.js', '--format', 'json', '--fail-on', 'none', '--exclude', 'src/');
    expect(findingFiles(named.out)).toEqual(['src/auth.js']);
    // A named folder that --exclude ignores is an error, like one .gitignore ignores.
    const folder = await run(root, 'scan', 'src', 'package.json', '--exclude', 'src/');
    expect(folder.code).toBe(2);
    expect(folder.err).toContain('jwtlint: error: src is ignored by');
  });

  it('--include keeps only the walked files it selects (folders, globs, `!`), after the ignore rules', async () => {
    const root = project(APP);
    const js = await run(root, 'scan', '--format', 'json', '--fail-on', 'none', '--include', '*.js');
    expect(JSON.parse(js.out).stats.filesDiscovered).toBe(2); // src/auth.js, lib/sign.js; never generated/token.js (ignored)
    const folder = await run(root, 'scan', '--format', 'json', '--fail-on', 'none', '--include', 'lib/');
    expect(findingFiles(folder.out)).toEqual(['lib/sign.js']);
    const negated = await run(root, 'scan', '--format', 'json', '--fail-on', 'none', '--include', 'src/', '--include', '!*.ts');
    expect(JSON.parse(negated.out).stats.filesDiscovered).toBe(1);
    // Named files are not filtered by --include.
    const named = await run(root, 'scan', 'lib/sign.js', 'src', '--format', 'json', '--fail-on', 'none', '--include', '*.js');
    expect(findingFiles(named.out)).toEqual(['lib/sign.js', 'src/auth.js']);
  });

  it('refuses an empty pattern', async () => {
    const root = project(APP);
    const r = await run(root, 'scan', '--exclude', ' ');
    expect(r.code).toBe(2);
    expect(r.err).toContain('jwtlint: error: --exclude must be a non-empty .gitignore-style pattern.');
  });
});

describe('--format compact', () => {
  it('prints one line per finding, escaped and masked, then notifications and the summary; --quiet keeps the findings only', async () => {
    const root = project({ ...APP, 'src/\u001b[2Jevil.js': `const jwt = require('jsonwebtoken');\njwt.sign({}, '${SECRET}-2');\n` });
    const r = await run(root, 'scan', 'src', '--format', 'compact', '--fail-on', 'none');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^\d+ findings: .* \(3 files scanned\)$/);
    const findings = lines.slice(0, -1);
    for (const line of findings) expect(line).toMatch(/^[^ ]+:\d+:\d+: (critical|high|medium|low)( \([^)]*\))?: .+ \[[a-z-]+\]$/);
    expect(findings).toContain(findings.find((line) => line.startsWith('auth.js:2:') && line.endsWith('[hardcoded-secret]')));
    expect(r.out).toContain('\\x1b[2Jevil.js:2:');
    expect(r.out).not.toContain('\u001b');
    expect(r.out).not.toContain(SECRET);
    const quiet = await run(root, 'scan', 'src', '--format', 'compact', '--fail-on', 'none', '-q');
    expect(quiet.out).toBe(`${findings.join('\n')}\n`);
  });

  it('can be written with --output and replaced by the next run', async () => {
    const root = project(APP);
    for (const quiet of [[], [], ['-q'], ['-q']]) {
      const r = await run(root, 'scan', '--format', 'compact', '-o', 'report.txt', ...quiet);
      expect(r.code, r.err).toBe(1);
    }
    expect(readFileSync(path.join(root, 'report.txt'), 'utf8')).toMatch(/^src\/auth\.js:2:\d+: high: /m);
  });
});

describe('jwtlint rules --format json', () => {
  it('lists every rule with the fields machines need', async () => {
    const r = await run(process.cwd(), 'rules', '--format', 'json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out);
    expect(list.tool.name).toBe('jwtlint');
    expect(list.rules.map((rule: { id: string }) => rule.id)).toEqual(rules.map((rule) => rule.id));
    const weak = list.rules.find((rule: { id: string }) => rule.id === 'weak-secret');
    expect(Object.keys(weak)).toEqual(['id', 'description', 'severity', 'securitySeverity', 'confidence', 'standards', 'helpUri']);
    expect(weak).toMatchObject({ severity: 'high', confidence: expect.any(String), standards: { cwe: expect.any(Array) } });
    expect(weak.helpUri).toMatch(/\/rules\/weak-secret\.ts$/);
    expect((await run(process.cwd(), 'rules', '--format', 'xml')).code).toBe(2);
  });
});

describe('--output and --write-baseline', () => {
  it('an --output that cannot be written is one line on standard error, exit 2, no stack trace', async () => {
    const root = project(APP);
    mkdirSync(path.join(root, 'reports'));
    const missing = await run(root, 'scan', '-o', 'nowhere/report.txt');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('jwtlint: error: --output nowhere/report.txt: its folder does not exist.');
    const folder = await run(root, 'scan', '-o', 'reports');
    expect(folder.code).toBe(2);
    expect(folder.err).toMatch(/^jwtlint: error: --output reports: is a folder inside the scanned repository; jwtlint writes only regular files there\.$/m);
    if (existsSync('/sys/kernel')) {
      // /sys refuses new files even to root: permission denied.
      const denied = await run(root, 'scan', '-o', '/sys/jwtlint-report.txt');
      expect(denied.code).toBe(2);
      expect(denied.err).toMatch(/^jwtlint: error: .*\/sys\/jwtlint-report\.txt.*EACCES/m);
    }
    for (const r of [missing, folder]) expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('--write-baseline prints one line, not the report', async () => {
    const root = project(APP);
    const r = await run(root, 'scan', '--write-baseline', '.jwtlint-baseline.json');
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^jwtlint: wrote \d+ findings to \.jwtlint-baseline\.json\n$/);
    const withReport = await run(root, 'scan', '--write-baseline', '.jwtlint-baseline.json', '--format', 'json', '-o', 'report.json');
    expect(withReport.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(root, 'report.json'), 'utf8')).tool.name).toBe('jwtlint');
  });
});

describe('GitLab Code Quality and the SARIF options for GitHub', () => {
  it('--format codequality writes a CodeClimate array with jwtlint as the engine', async () => {
    const root = project(APP);
    const r = await run(root, 'scan', '.', '--format', 'codequality', '--fail-on', 'none');
    expect(r.code).toBe(0);
    const issues = JSON.parse(r.out) as { engine_name: string; check_name: string; severity: string; location: { path: string } }[];
    expect(issues.length).toBeGreaterThan(0);
    expect(new Set(issues.map((i) => i.engine_name))).toEqual(new Set(['jwtlint']));
    expect(issues.some((i) => i.check_name === 'hardcoded-secret' && i.location.path === 'src/auth.js')).toBe(true);
    expect(r.out).not.toContain(SECRET);
  });

  it('--sarif-severity-variants points results at <rule-id>/<severity> descriptors; without it every ruleId is a rule id', async () => {
    const root = project({ ...APP, 'test/auth.test.js': "const jwt = require('jsonwebtoken');\njwt.sign({ sub: 1 }, 'test-only-secret-value-123', { expiresIn: '1h' });\n" });
    const ids = new Set(rules.map((rule) => rule.id));
    const plain = JSON.parse((await run(root, 'scan', '.', '--format', 'sarif', '--fail-on', 'none')).out) as { runs: { results: { ruleId: string }[] }[] };
    expect(plain.runs[0]!.results.every((result) => ids.has(result.ruleId))).toBe(true);
    const github = JSON.parse((await run(root, 'scan', '.', '--format', 'sarif', '--fail-on', 'none', '--sarif-severity-variants')).out) as typeof plain;
    const variants = github.runs[0]!.results.filter((result) => !ids.has(result.ruleId)).map((result) => result.ruleId);
    expect(variants.length).toBeGreaterThan(0);
    for (const id of variants) expect(ids.has(id.split('/')[0]!), id).toBe(true);
    expect(variants).toContain('hardcoded-secret/test');
  });
});
