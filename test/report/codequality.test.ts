import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { buildCodeQualityReport, formatCodeQuality } from '../../src/report/codequality.js';
import { RAW_SECRET, RAW_TOKEN, sampleResult } from './sample-result.js';

describe('formatCodeQuality', () => {
  const issues = buildCodeQualityReport(sampleResult());

  it('is a JSON array of CodeClimate issues with the fields GitLab reads', () => {
    const parsed = JSON.parse(formatCodeQuality(sampleResult()));
    expect(Array.isArray(parsed)).toBe(true);
    expect(parsed).toEqual(issues);
    for (const issue of parsed) {
      expect(typeof issue.description).toBe('string');
      expect(issue.description.length).toBeGreaterThan(0);
      expect(typeof issue.check_name).toBe('string');
      expect(issue.fingerprint).toMatch(/^[0-9a-f]+$/);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
      expect(typeof issue.location.path).toBe('string');
      expect(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1).toBe(true);
      expect(issue.type).toBe('issue');
      expect(issue.categories).toEqual(['Security']);
    }
    expect(new Set(parsed.map((i: { fingerprint: string }) => i.fingerprint)).size).toBe(parsed.length);
  });

  it('maps a finding to an issue: rule as check, message, severity, path and lines', () => {
    expect(issues[1]).toEqual({
      type: 'issue',
      check_name: 'hardcoded-secret',
      description: 'This JWT secret is written in the source code. [hardcoded-secret, high]',
      content: { body: 'Severity high: the default for the rule.\n\nLoad the key from the environment or a secret manager.' },
      categories: ['Security'],
      fingerprint: 'a1b2c3d4e5f60718',
      severity: 'critical',
      location: { path: 'src/config.js', lines: { begin: 3, end: 3 } },
      engine_name: 'jwtlint',
    });
  });

  it('ranks critical as blocker down to low as minor, and test code as info', () => {
    const result = sampleResult();
    const secret = result.findings[1]!;
    result.findings = (['critical', 'high', 'medium', 'low'] as const).map((severity, i): Finding => ({ ...secret, severity, fingerprint: `f${i}` }));
    result.findings.push({ ...secret, severity: 'critical', inTestCode: true, fingerprint: 'f9' });
    const report = buildCodeQualityReport(result);
    expect(report.map((i) => i.severity)).toEqual(['blocker', 'critical', 'major', 'minor', 'info']);
    expect(report[4]!.description).toBe('This JWT secret is written in the source code. [hardcoded-secret, critical (test code)]');
  });

  it('leaves suppressed findings out, and baselined ones unless asked', () => {
    const result = sampleResult();
    const [token, secret, noExpiry, unpinned] = result.findings as [Finding, Finding, Finding, Finding];
    result.findings = [
      { ...token, baselineState: 'unchanged' },
      { ...secret, baselineState: 'new', suppression: { kind: 'inSource', reason: 'fixture', location: { file: 'src/config.js', line: 2 } } },
      { ...noExpiry, baselineState: 'new' },
      unpinned,
    ];
    expect(buildCodeQualityReport(result).map((i) => i.check_name)).toEqual(['no-expiry', 'unpinned-algorithm']);
    expect(buildCodeQualityReport(result, { includeBaselined: true }).map((i) => i.check_name)).toEqual(['hardcoded-token', 'no-expiry', 'unpinned-algorithm']);
    expect(formatCodeQuality({ ...result, findings: [] })).toBe('[]\n');
  });

  it('keeps the fingerprint when lines move, and makes paths relative to the repository root', () => {
    const result = sampleResult({ root: '/work/repo/services/api' });
    result.findings = result.findings.map((f) => ({ ...f, location: { ...f.location, line: f.location.line + 4, endLine: f.location.endLine + 4 } }));
    const moved = buildCodeQualityReport(result, { sourceRoot: '/work/repo' });
    expect(moved.map((i) => i.fingerprint)).toEqual(issues.map((i) => i.fingerprint));
    expect(moved[1]!.location).toEqual({ path: 'services/api/src/config.js', lines: { begin: 7, end: 7 } });
    expect(buildCodeQualityReport(result, { sourceRoot: '/elsewhere' })[1]!.location.path).toBe('src/config.js');
    expect(buildCodeQualityReport(sampleResult(), { sourceRoot: '/work/sample project' })[1]!.location.path).toBe('src/config.js');
  });

  it('never contains a raw secret or token', () => {
    const text = formatCodeQuality(sampleResult());
    expect(text).not.toContain(RAW_SECRET);
    expect(text).not.toContain(RAW_TOKEN);
  });
});
