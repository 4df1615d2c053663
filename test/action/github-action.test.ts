// The GitHub Action (action.yml, bin/jwtlint-action.js, src/report/github-annotations.ts):
// workflow-command escaping, annotations and the job summary from jwtlint's SARIF, inputs
// passed as separate arguments (action.yml itself: test/cli/packaging.test.ts). No process
// is spawned: jwtlint's run is a stub.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildSarifLog } from '../../src/report/sarif.js';
import {
  escapeData,
  escapeMarkdown,
  escapeProperty,
  formatAnnotations,
  formatSummary,
  readSarif,
  runGithubAction,
  scanArguments,
  actionInputs,
  type GithubFinding,
} from '../../src/report/github-annotations.js';
import { RAW_SECRET, sampleResult } from '../report/sample-result.js';

const finding = (overrides: Partial<GithubFinding> = {}): GithubFinding => ({
  severity: 'high',
  ruleId: 'hardcoded-secret',
  message: 'A key is written here.',
  file: 'src/config.js',
  line: 4,
  column: 20,
  endLine: 4,
  endColumn: 33,
  inTestCode: false,
  baselined: false,
  suppressed: false,
  ...overrides,
});

describe('workflow command escaping', () => {
  it('escapes data and properties as GitHub documents', () => {
    expect(escapeData('100% a\r\nb')).toBe('100%25 a%0D%0Ab');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('never lets a message or a path start a second command', () => {
    const text = formatAnnotations([finding({ file: 'a,line=1::x\n::set-output name=x::y', message: 'ok\n::add-mask::z\r::error::w' })], 'high');
    expect(text.split('\n').filter(Boolean)).toHaveLength(1);
    expect(text).toBe('::error file=a%2Cline=1%3A%3Ax%0A%3A%3Aset-output name=x%3A%3Ay,line=4,endLine=4,col=20,endColumn=32,title=jwtlint hardcoded-secret (high)::ok%0A::add-mask::z%0D::error::w\n');
  });

  it('escapes every Markdown punctuation character in summary cells', () => {
    expect(escapeMarkdown('a|b <img src=x> [l](u) `c`\nd')).toBe('a\\|b \\<img src\\=x\\> \\[l\\]\\(u\\) \\`c\\` d');
  });
});

describe('annotations', () => {
  it('errors for findings that fail the run, warnings below, notices in test code, none for baselined or suppressed', () => {
    const text = formatAnnotations(
      [
        finding({ severity: 'low', ruleId: 'symmetric-algorithm' }),
        finding({ severity: 'medium', inTestCode: true, ruleId: 'hardcoded-token' }),
        finding({ severity: 'critical', baselined: true }),
        finding({ severity: 'critical', suppressed: true }),
        finding({ severity: 'critical', ruleId: 'alg-none', line: 7, endLine: 9 }),
      ],
      'high',
    );
    expect(text.split('\n').filter(Boolean)).toEqual([
      '::error file=src/config.js,line=7,endLine=9,title=jwtlint alg-none (critical)::A key is written here.',
      '::notice file=src/config.js,line=4,endLine=4,col=20,endColumn=32,title=jwtlint hardcoded-token (medium%2C test code)::A key is written here.',
      '::warning file=src/config.js,line=4,endLine=4,col=20,endColumn=32,title=jwtlint symmetric-algorithm (low)::A key is written here.',
    ]);
  });

  it('stops at the cap, and fail-on none makes no error', () => {
    const many = Array.from({ length: 80 }, (_, i) => finding({ line: i + 1, endLine: i + 1 }));
    expect(formatAnnotations(many, 'high').split('\n').filter(Boolean)).toHaveLength(50);
    expect(formatAnnotations([finding()], 'none')).toMatch(/^::warning /);
  });
});

describe('reading jwtlint SARIF', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'jwtlint-action-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('gives workspace-relative paths, the public rule id, severity and masked messages', () => {
    const log = JSON.parse(JSON.stringify(buildSarifLog(sampleResult({ root }), { sourceRoot: root })));
    const digest = readSarif(log, root);
    expect(digest.findings.length).toBeGreaterThan(0);
    for (const item of digest.findings) {
      expect(item.ruleId).not.toContain('/');
      expect(['critical', 'high', 'medium', 'low']).toContain(item.severity);
      expect(item.message).not.toContain(RAW_SECRET);
      expect(item.message).not.toMatch(/\]\(\d+\)/);
    }
    expect(digest.findings.map((item) => item.file)).toContain('test/my dir/auth.test.js');
    expect(digest.findings.find((item) => item.file === 'test/my dir/auth.test.js')?.inTestCode).toBe(true);
    // A scanned subfolder of the workspace keeps the workspace-relative path; outside it, no file.
    expect(readSarif(log, path.dirname(root)).findings[0]?.file).toBe(`${path.basename(root)}/${digest.findings[0]?.file}`);
    expect(readSarif(log, path.join(root, 'elsewhere')).findings[0]?.file).toBeUndefined();
  });

  it('tolerates anything that is not a jwtlint log', () => {
    expect(readSarif(null).findings).toEqual([]);
    expect(readSarif({ runs: [{ results: [{}, 3, { locations: [{ physicalLocation: { artifactLocation: { uri: '%E0%A4%A' } } }] }] }] }).findings).toHaveLength(2);
  });

  it('decodes percent-encoded paths relative to SRCROOT', () => {
    const log = {
      runs: [
        {
          originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(root).href}/` } },
          properties: { omitted: { baselined: 2, suppressed: 1 } },
          results: [{ ruleId: 'weak-secret/critical', level: 'error', message: { text: 'weak' }, properties: { severity: 'critical' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a%20b/c%25.js', uriBaseId: 'SRCROOT' }, region: { startLine: 2 } } }] }],
        },
      ],
    };
    const digest = readSarif(log, root);
    expect(digest).toMatchObject({ omittedBaselined: 2, omittedSuppressed: 1, findings: [{ ruleId: 'weak-secret', severity: 'critical', file: 'a b/c%.js', line: 2 }] });
  });
});

describe('job summary', () => {
  it('has a headline and one row per new finding, capped', () => {
    const findings = Array.from({ length: 5 }, (_, i) => finding({ line: i + 1, severity: i === 0 ? 'medium' : 'high' }));
    const summary = formatSummary({ findings, omittedBaselined: 3, omittedSuppressed: 0 }, { failOn: 'high', exitCode: 1, sarifFile: 'jwtlint.sarif', maxRows: 2 });
    expect(summary).toContain('**5 new findings** (4 high, 1 medium); 3 baselined. 4 at or above fail-on high; exit code 1: new findings at or above fail-on.');
    expect(summary).toContain('| severity | rule | location | message |');
    expect(summary.match(/^\| high ❌ \| hardcoded\\-secret \| src\\\/config\\\.js\\:\d \|/gm)).toHaveLength(2);
    expect(summary).toContain('3 more not shown: see jwtlint\\.sarif or the code scanning alerts.');
  });

  it('says why there is no report', () => {
    expect(formatSummary(undefined, { failOn: 'high', exitCode: 2 })).toContain('No report: exit code 2: usage or configuration error, see the step log.');
  });
});

describe('the action run', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('passes each input as one argument, after -- for the path', () => {
    const inputs = actionInputs({ INPUT_PATH: '--version', INPUT_FAIL_ON: 'high', INPUT_CONFIG: '$(touch x) `y`', INPUT_SARIF_FILE: 'out file.sarif', INPUT_CHANGED_SINCE: 'origin/main' });
    expect(scanArguments(inputs)).toEqual([
      'scan',
      '--format=sarif',
      '--output=out file.sarif',
      '--fail-on=high',
      '--sarif-category=jwtlint',
      '--omit-suppressed',
      '--sarif-severity-variants',
      '--config=$(touch x) `y`',
      '--changed-since=origin/main',
      '--',
      '--version',
    ]);
  });

  it('fences jwtlint output, sets outputs, annotates and writes the summary', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jwtlint-action-run-'));
    const env = { GITHUB_WORKSPACE: dir!, GITHUB_OUTPUT: path.join(dir!, 'out'), GITHUB_STEP_SUMMARY: path.join(dir!, 'summary.md'), INPUT_FAIL_ON: 'medium', INPUT_SARIF_FILE: 'r.sarif' };
    const printed: string[] = [];
    let args: string[] = [];
    const code = runGithubAction(env, {
      stdout: (text) => printed.push(text),
      runJwtlint: (given) => {
        args = given;
        printed.push('::warning::from the scanned repository\n');
        writeFileSync(path.join(dir!, 'r.sarif'), JSON.stringify(buildSarifLog(sampleResult({ root: dir! }), { sourceRoot: dir! })));
        return 1;
      },
    });
    expect(code).toBe(1);
    expect(args).toContain('--output=r.sarif');
    const fence = /^::stop-commands::([0-9a-f]{32})\n$/.exec(printed[0]!)?.[1];
    expect(fence).toBeDefined();
    expect(printed[1]).toBe('::warning::from the scanned repository\n');
    expect(printed[2]).toBe(`::${fence}::\n`);
    expect(printed[3]).toMatch(/^::error file=src\/config\.js,line=3,/);
    expect(readFileSync(env.GITHUB_OUTPUT, 'utf8')).toMatch(/^exit-code<<(jwtlint_[0-9a-f]+)\n1\n\1\nsarif-file<<(jwtlint_[0-9a-f]+)\nr\.sarif\n\2\n$/);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toMatch(/^## jwtlint\n\n\*\*\d+ new findings\*\*/);
  });

  it('offers no report for upload when jwtlint failed', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jwtlint-action-run-'));
    writeFileSync(path.join(dir, 'jwtlint.sarif'), '{}');
    const env = { GITHUB_WORKSPACE: dir, GITHUB_OUTPUT: path.join(dir, 'out') };
    expect(runGithubAction(env, { stdout: () => undefined, runJwtlint: () => 2 })).toBe(2);
    expect(readFileSync(env.GITHUB_OUTPUT, 'utf8')).not.toContain('sarif-file');
  });
});
