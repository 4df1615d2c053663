import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { formatJson } from '../../src/report/json.js';
import { RAW_SECRET, RAW_TOKEN, sampleResult } from './sample-result.js';

describe('formatJson', () => {
  const text = formatJson(sampleResult());
  const report = JSON.parse(text);

  it('has the documented top-level shape', () => {
    expect(Object.keys(report)).toEqual([
      'reportVersion',
      'tool',
      'root',
      'summary',
      'findings',
      'suppressedFindings',
      'notifications',
      'stats',
      'internalError',
      'estate',
    ]);
    expect(report.reportVersion).toBe(1);
    expect(report.tool).toEqual({ name: 'jwtlint', version: '9.8.7', informationUri: 'https://github.com/jwtlint/jwtlint' });
    expect(report.root).toBe('/work/sample project');
    expect(report.summary).toEqual({ total: 4, bySeverity: { critical: 0, high: 2, medium: 2, low: 0 }, suppressed: 0 });
    expect(report.suppressedFindings).toEqual([]);
    expect(report.stats).toEqual({ filesDiscovered: 5, filesParsed: 4, durationMs: 12 });
    expect(report.internalError).toBe(false);
    expect(report.notifications).toHaveLength(2);
  });

  it('keeps findings in order with root-relative POSIX locations', () => {
    expect(report.findings.map((f: { location: { file: string; line: number } }) => `${f.location.file}:${f.location.line}`)).toEqual([
      'fixtures/token.json:2',
      'src/config.js:3',
      'src/auth.js:4',
      'test/my dir/auth.test.js:2',
    ]);
    expect(report.findings[1]).toEqual({
      ruleId: 'hardcoded-secret',
      messageId: 'literal',
      message: 'This JWT secret is written in the source code.',
      severity: 'high',
      severityReason: 'the default for the rule',
      confidence: 'high',
      location: { file: 'src/config.js', line: 3, column: 24, endLine: 3, endColumn: 42 },
      relatedLocations: [
        { location: { file: 'src/auth.js', line: 4, column: 10, endLine: 4, endColumn: 51 }, label: 'The secret signs tokens here.' },
      ],
      snippet: "const JWT_SECRET = 'shh***'; // dev only",
      evidence: { kind: 'secret', preview: 'shh***', length: 16 },
      remediation: 'Load the key from the environment or a secret manager.',
      standards: { nhi: ['NHI2'], csf: ['PR.AA-01', 'PR.DS-01'], csf11: ['PR.AC-1'], cwe: ['CWE-798', 'CWE-321'] },
      inTestCode: false,
      fingerprint: 'a1b2c3d4e5f60718',
      lineHash: '3f2a9c1b7d0e4a55:1',
    });
    expect(report.findings[2]).not.toHaveProperty('evidence');
  });

  it('never contains a raw secret or token', () => {
    expect(text).not.toContain(RAW_SECRET);
    expect(text).not.toContain(RAW_TOKEN);
  });

  it('reports an internal error', () => {
    expect(JSON.parse(formatJson(sampleResult({ internalError: true }))).internalError).toBe(true);
  });

  it('lists suppressed findings apart, with their reason, and splits new from baselined', () => {
    const result = sampleResult({ baseline: { entries: 3, matched: 1, unmatched: 2 } });
    const [token, secret, noExpiry, unpinned] = result.findings as [Finding, Finding, Finding, Finding];
    result.findings = [
      { ...token, baselineState: 'unchanged' },
      { ...secret, baselineState: 'new', suppression: { kind: 'inSource', reason: 'fixture', location: { file: 'src/config.js', line: 2 } } },
      { ...noExpiry, baselineState: 'new' },
      { ...unpinned, baselineState: 'new' },
    ];
    const report = JSON.parse(formatJson(result));
    expect(report.summary).toEqual({ total: 3, bySeverity: { critical: 0, high: 1, medium: 2, low: 0 }, suppressed: 1, new: 2, baselined: 1 });
    expect(report.findings.map((f: { ruleId: string; baselineState: string }) => `${f.ruleId}:${f.baselineState}`)).toEqual([
      'hardcoded-token:unchanged',
      'no-expiry:new',
      'unpinned-algorithm:new',
    ]);
    expect(report.suppressedFindings).toHaveLength(1);
    expect(report.suppressedFindings[0]).toMatchObject({ ruleId: 'hardcoded-secret', suppression: { reason: 'fixture', file: 'src/config.js', line: 2 } });
    expect(report.baseline).toEqual({ entries: 3, matched: 1, unmatched: 2 });
    expect(JSON.parse(formatJson(result, { omitSuppressed: true })).suppressedFindings).toEqual([]);
  });
});
