import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { FORMATS } from '../../src/cli/scan-command.js';
import { makeTempProject, removeTempProject, writeFiles } from './helpers/temp-project.js';
import { BIN, PROJECT_ROOT, assertBuilt, jwtlint, jwtlintInProcess as cliInProcess } from './helpers/run-jwtlint.js';

const ANSI = /\u001b\[/;
const RAW_SECRET = 'shhhh-super-dev-secret-123';

// `--version` and the exit codes run the built binary (`node bin/jwtlint.js`); the formats,
// options and rule commands run the same CLI in this process (`runCli`), which spares a
// bundle start-up (about 0.3 s) per call.
// Severities here are the rules' defaults: hardcoded-secret and weak-secret high,
// long-expiry medium (only below --max-expiry 2h), symmetric-algorithm low.
const SECRET_PROJECT = {
  'package.json': '{ "name": "secret-project", "dependencies": { "jsonwebtoken": "^9.0.2" } }\n',
  'src/auth.js': [
    "const jwt = require('jsonwebtoken');",
    `const SECRET = '${RAW_SECRET}';`,
    '',
    'function issue(user) {',
    "  return jwt.sign({ sub: user.id }, SECRET, { expiresIn: '2h' });",
    '}',
    '',
    'module.exports = { issue };',
    '',
  ].join('\n'),
};

// no-expiry (medium) and symmetric-algorithm (low), nothing higher.
const MEDIUM_PROJECT = {
  'src/sign.js': [
    "const jwt = require('jsonwebtoken');",
    '',
    'function issue(user) {',
    '  return jwt.sign({ sub: user.id }, process.env.JWT_SECRET);',
    '}',
    '',
    'module.exports = { issue };',
    '',
  ].join('\n'),
};

const CLEAN_PROJECT = {
  'src/index.js': "console.log('hello');\n",
  'README.md': '# nothing to see\n',
};

const roots: string[] = [];
function project(files: Record<string, string>): string {
  const root = makeTempProject(files);
  roots.push(root);
  return root;
}

let secretRoot: string;
let mediumRoot: string;
let cleanRoot: string;

beforeAll(async () => {
  assertBuilt();
  secretRoot = project(SECRET_PROJECT);
  mediumRoot = project(MEDIUM_PROJECT);
  cleanRoot = project(CLEAN_PROJECT);
});
afterAll(() => {
  for (const root of roots) removeTempProject(root);
});

interface JsonFindingSummary {
  location: { file: string; line: number };
  ruleId: string;
}
function findingKeys(stdout: string): string[] {
  return (JSON.parse(stdout).findings as JsonFindingSummary[]).map((f) => `${f.location.file}:${f.location.line}:${f.ruleId}`);
}

describe('jwtlint --version', () => {
  it("prints package.json's version", async () => {
    const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
    const run = jwtlint(['--version']);
    expect(run).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('jwtlint scan: exit codes', () => {
  it('exits 0 and says so when nothing is found', async () => {
    const run = jwtlint(['scan', cleanRoot]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('No findings (1 file scanned)\n');
    expect(run.stderr).toBe('');
  });

  it('exits 1 when a finding is at or above the default threshold', async () => {
    expect(jwtlint(['scan', mediumRoot]).status).toBe(1);
  });

  it.each([
    ['critical', 0],
    ['high', 0],
    ['medium', 1],
    ['low', 1],
    ['none', 0],
  ])('--fail-on %s exits %i when the worst finding is medium', async (failOn, status) => {
    const run = jwtlint(['scan', mediumRoot, '--format', 'json', '--fail-on', failOn]);
    expect(JSON.parse(run.stdout).summary.bySeverity).toEqual({ critical: 0, high: 0, medium: 1, low: 1 });
    expect(run.status).toBe(status);
  });

  it('exits 2 and lists every usage problem at once', async () => {
    const run = jwtlint(['scan', 'missing-folder', '--format', 'xml', '--fail-on', 'urgent', '--max-expiry', 'forever'], {
      cwd: cleanRoot,
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([
      `jwtlint: error: --format must be one of ${FORMATS.join(', ')} (got "xml").`,
      'jwtlint: error: --fail-on must be one of critical, high, medium, low, none (got "urgent").',
      'jwtlint: error: --max-expiry must be a positive duration such as 24h, 30m, 7d, 1w or a number of seconds (got "forever").',
      'jwtlint: error: no such file or folder: missing-folder',
      'Run "jwtlint scan --help" for usage.',
      '',
    ]);
  });

  it('exits 2 on an unknown option, with a suggestion', async () => {
    const run = jwtlint(['scan', cleanRoot, '--formt', 'json']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("jwtlint: error: unknown option '--formt'");
    expect(run.stderr).toContain('--format');
  });

  it('exits 2 on an unknown command and on a missing command', async () => {
    expect(jwtlint(['scna']).status).toBe(2);
    const bare = jwtlint([]);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toContain('Usage: jwtlint');
  });

  it('exits 0 for --help', async () => {
    const run = jwtlint(['scan', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--fail-on <severity>');
  });
});

describe('jwtlint scan: text format', () => {
  it('prints path:line:col: severity: message [rule-id], the masked line with an underline, and help', async () => {
    const run = await cliInProcess(['scan', secretRoot]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    const headers = lines.filter((line) => /^src\/auth\.js:\d+:\d+: /.test(line));
    expect(headers.map((line) => line.replace(/:\d+: (\w+): .* \[([a-z-]+)\]$/, ' $1 $2'))).toEqual([
      'src/auth.js:2 high hardcoded-secret',
      'src/auth.js:2 high weak-secret',
      'src/auth.js:5 low symmetric-algorithm',
    ]);
    const first = lines.indexOf(headers[0]!);
    expect(lines[first + 1]).toMatch(/^ {2}> 2 \| const SECRET = '[^']*\*+';$/);
    expect(lines[first + 2]).toMatch(/^ {6}\| {16}\^+$/);
    expect(lines[first + 3]).toMatch(/^ {2}why high: \S/);
    expect(lines[first + 4]).toMatch(/^ {2}help: \S/);
    expect(run.stdout).toMatch(/^ {2}standards: OWASP NHI2:2025 · NIST CSF PR\.AA-01, PR\.DS-01/m);
    expect(run.stdout).toContain(`  evidence: `);
    expect(run.stdout).toContain(`(${RAW_SECRET.length} chars)`);
    expect(lines.filter(Boolean).at(-1)).toBe('3 findings: 2 high, 1 low (2 files scanned)');
  });

  it('uses no ANSI codes off a terminal, and none with --no-color or NO_COLOR', async () => {
    expect((await cliInProcess(['scan', secretRoot])).stdout).not.toMatch(ANSI);
    expect((await cliInProcess(['scan', secretRoot, '--no-color'], { env: { FORCE_COLOR: '1' } })).stdout).not.toMatch(ANSI);
    expect((await cliInProcess(['scan', secretRoot], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
  });

  it('uses colour when FORCE_COLOR asks for it', async () => {
    expect((await cliInProcess(['scan', secretRoot], { env: { FORCE_COLOR: '1' } })).stdout).toMatch(ANSI);
  });

  it('prints findings only with --quiet', async () => {
    const run = await cliInProcess(['scan', secretRoot, '--quiet']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('[hardcoded-secret]');
    expect(run.stdout).not.toContain('findings:');
  });

  it('names files relative to the working directory when given a file', async () => {
    const run = await cliInProcess(['scan', 'src/auth.js', '--format', 'json'], { cwd: secretRoot });
    expect(findingKeys(run.stdout)).toContain('src/auth.js:2:hardcoded-secret');
    expect(JSON.parse(run.stdout).root).toBe(secretRoot);
  });
});

describe('jwtlint scan: json and sarif', () => {
  it('writes the JSON report to stdout and nothing to stderr', async () => {
    const run = await cliInProcess(['scan', secretRoot, '--format', 'json']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    expect(report.tool.name).toBe('jwtlint');
    expect(report.root).toBe(secretRoot);
    expect(report.summary).toEqual({ total: 3, bySeverity: { critical: 0, high: 2, medium: 0, low: 1 }, suppressed: 0 });
    expect(report.stats.filesDiscovered).toBe(2);
    expect(findingKeys(run.stdout)).toEqual([
      'src/auth.js:2:hardcoded-secret',
      'src/auth.js:2:weak-secret',
      'src/auth.js:5:symmetric-algorithm',
    ]);
  });

  it('writes schema-valid SARIF to stdout', async () => {
    const run = await cliInProcess(['scan', secretRoot, '--format', 'sarif']);
    expect(run.status).toBe(1);
    const log = JSON.parse(run.stdout);
    const schema = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'test', 'report', 'sarif-schema-2.1.0.json'), 'utf8'));
    const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
    ajvFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
    expect(log.runs[0].tool.driver.version).toBe(version);
    expect(log.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(rules.map((rule) => rule.id));
    expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['hardcoded-secret', 'weak-secret', 'symmetric-algorithm']);
  });

  it('--output writes the report to the file and a one-line summary to stderr', async () => {
    const out = path.join(secretRoot, 'report.sarif');
    const run = await cliInProcess(['scan', 'src', '--format', 'sarif', '--output', 'report.sarif'], { cwd: secretRoot });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('jwtlint: 3 findings: 2 high, 1 low; sarif report written to report.sarif\n');
    expect(JSON.parse(readFileSync(out, 'utf8')).runs[0].results).toHaveLength(3);
  });

  it('--output keeps text reports free of colour and --quiet silences the summary', async () => {
    const run = await cliInProcess(['scan', 'src', '--output', 'report.txt', '--quiet'], { cwd: secretRoot, env: { FORCE_COLOR: '1' } });
    expect(run).toEqual({ status: 1, stdout: '', stderr: '' });
    const text = readFileSync(path.join(secretRoot, 'report.txt'), 'utf8');
    expect(text).toContain('[hardcoded-secret]');
    expect(text).not.toMatch(ANSI);
  });

  it('exits 2 when --output points into a missing folder', async () => {
    const run = await cliInProcess(['scan', secretRoot, '--output', path.join(secretRoot, 'no', 'such', 'x.json')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--output .* does not exist/);
  });

  it('stops quietly when the reader closes the pipe early', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 100; i++) files[`src/verify-${i}.js`] = MEDIUM_PROJECT['src/sign.js'];
    const root = project(files);
    const run = spawnSync('bash', ['-c', 'node "$1" scan "$2" --format json --fail-on none | head -c 100 >/dev/null; echo "${PIPESTATUS[0]}"', '_', BIN, root], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('0\n');
  });

  it('never prints the raw secret in any format', async () => {
    for (const format of ['text', 'json', 'sarif']) {
      const run = await cliInProcess(['scan', secretRoot, '--format', format], { env: { FORCE_COLOR: '1' } });
      expect(run.stdout, format).not.toContain(RAW_SECRET);
      expect(run.stdout, format).not.toContain(RAW_SECRET.slice(0, 10));
      expect(run.stderr, format).not.toContain(RAW_SECRET);
    }
  });
});

describe('jwtlint scan: options and configuration', () => {
  it('--max-expiry lowers the lifetime threshold', async () => {
    const keys = async (args: string[]) => findingKeys((await cliInProcess(['scan', secretRoot, '--format', 'json', ...args])).stdout);
    expect(await keys([])).not.toContain('src/auth.js:5:long-expiry');
    expect(await keys(['--max-expiry', '2h'])).not.toContain('src/auth.js:5:long-expiry');
    expect(await keys(['--max-expiry', '1h'])).toContain('src/auth.js:5:long-expiry');
    expect(await keys(['--max-expiry', '3599'])).toContain('src/auth.js:5:long-expiry');
  });

  it('reads failOn, maxExpiry, ignore and rules from a YAML config', async () => {
    const root = project({
      ...SECRET_PROJECT,
      'src/legacy/old.js': MEDIUM_PROJECT['src/sign.js'],
      'jwtlint.yaml': 'failOn: critical\nmaxExpiry: 30m\nignore:\n  - src/legacy/\nrules:\n  weak-secret: off\n',
    });
    const run = await cliInProcess(['scan', '.', '--format', 'json', '--config', 'jwtlint.yaml'], { cwd: root });
    expect(run.status).toBe(0);
    expect(findingKeys(run.stdout)).toEqual([
      'src/auth.js:2:hardcoded-secret',
      'src/auth.js:5:long-expiry',
      'src/auth.js:5:symmetric-algorithm',
    ]);
  });

  it('lets command-line flags override the config file', async () => {
    const root = project({ ...SECRET_PROJECT, 'jwtlint.json': '{ "failOn": "none", "maxExpiry": "30m" }' });
    const run = await cliInProcess(['scan', '.', '--format', 'json', '--config', 'jwtlint.json', '--fail-on', 'low', '--max-expiry', '1d'], {
      cwd: root,
    });
    expect(run.status).toBe(1);
    expect(findingKeys(run.stdout)).not.toContain('src/auth.js:5:long-expiry');
  });

  it('exits 2 listing every configuration and flag problem together', async () => {
    const root = project({
      ...CLEAN_PROJECT,
      'jwtlint.yaml': 'failOn: sometimes\nrules:\n  hardcoded-secrets: off\nextends: recommended\n',
    });
    const run = await cliInProcess(['scan', '.', '--config', 'jwtlint.yaml', '--format', 'pdf'], { cwd: root });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`--format must be one of ${FORMATS.join(', ')} (got "pdf")`);
    expect(run.stderr).toContain('unknown key "extends"');
    expect(run.stderr).toContain('failOn must be one of critical, high, medium, low, none (got "sometimes")');
    expect(run.stderr).toContain('unknown rule id "hardcoded-secrets" (did you mean "hardcoded-secret"?)');
  });

  it('refuses a JavaScript config file without running it', async () => {
    const root = project({ ...CLEAN_PROJECT, 'jwtlint.config.js': "require('fs').writeFileSync('pwned', 'yes');\n" });
    const run = await cliInProcess(['scan', '.', '--config', 'jwtlint.config.js'], { cwd: root });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('configuration must be JSON or YAML data');
    expect(existsSync(path.join(root, 'pwned'))).toBe(false);
  });

  it('honours .gitignore and .jwtlintignore in the scanned folder', async () => {
    const root = project(SECRET_PROJECT);
    writeFiles(root, { '.jwtlintignore': 'src/auth.js\n' });
    const run = await cliInProcess(['scan', root]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('No findings (1 file scanned)\n');
  });
});

describe('jwtlint rules and explain', () => {
  it('lists every rule of the registry with severity and standards', async () => {
    const run = await cliInProcess(['rules']);
    expect(run.status).toBe(0);
    const rows = run.stdout.split('\n');
    expect(rows[0]).toMatch(/^RULE\s+SEVERITY\s+OWASP NHI\s+NIST CSF\s+CWE$/);
    for (const rule of rules) {
      const row = rows.find((line) => line.startsWith(`${rule.id} `));
      expect(row, rule.id).toBeDefined();
      expect(row!.split(/\s{2,}/).slice(0, 2)).toEqual([rule.id, rule.severity]);
      for (const cwe of rule.standards.cwe) expect(row).toContain(cwe);
    }
    expect(run.stdout).not.toMatch(ANSI);
  });

  it("explains a rule with its documentation sections", async () => {
    const rule = rules.find((candidate) => candidate.id === 'hardcoded-secret')!;
    const run = await cliInProcess(['explain', 'hardcoded-secret']);
    expect(run.status).toBe(0);
    for (const heading of ['Standards', 'Why it matters', 'Incorrect', 'Correct', 'Remediation', 'Limitations', 'References']) {
      expect(run.stdout).toMatch(new RegExp(`^${heading}$`, 'm'));
    }
    expect(run.stdout).toContain(rule.description);
    expect(run.stdout).toContain('OWASP NHI2:2025 Secret Leakage');
    expect(run.stdout).toContain('CWE-798: Use of Hard-coded Credentials');
  });

  it('exits 2 for an unknown rule and suggests the closest id', async () => {
    const run = await cliInProcess(['explain', 'weak-secrets']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('jwtlint: error: unknown rule "weak-secrets" (did you mean "weak-secret"?). Run "jwtlint rules" to list them.\n');
  });
});
