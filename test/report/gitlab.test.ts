import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { buildGitlabReport, formatGitlab } from '../../src/report/gitlab.js';
import { RAW_SECRET, RAW_TOKEN, sampleResult } from './sample-result.js';

describe('formatGitlab', () => {
  const now = new Date('2026-03-01T12:00:00.500Z');
  const report = buildGitlabReport(sampleResult(), { now });

  it('has the security-report-schemas 15.x SAST shape', () => {
    expect(report.version).toMatch(/^15\.\d+\.\d+$/);
    expect(report.scan).toEqual({
      analyzer: { id: 'jwtlint', name: 'jwtlint', version: '9.8.7', vendor: { name: 'jwtlint' }, url: 'https://github.com/jwtlint/jwtlint' },
      scanner: { id: 'jwtlint', name: 'jwtlint', version: '9.8.7', vendor: { name: 'jwtlint' }, url: 'https://github.com/jwtlint/jwtlint' },
      type: 'sast',
      start_time: '2026-03-01T12:00:00',
      end_time: '2026-03-01T12:00:00',
      status: 'success',
    });
    for (const v of report.vulnerabilities) {
      expect(Object.keys(v).sort()).toEqual(['description', 'id', 'identifiers', 'location', 'name', 'severity', 'solution', 'tracking']);
      expect(v.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(v.name.length).toBeLessThanOrEqual(255);
      expect(['Critical', 'High', 'Medium', 'Low']).toContain(v.severity);
    }
  });

  it('uses the rule id as primary identifier, then the CWEs', () => {
    const secret = report.vulnerabilities[1]!;
    expect(secret).toMatchObject({
      severity: 'High',
      solution: 'Load the key from the environment or a secret manager.',
      location: { file: 'src/config.js', start_line: 3, end_line: 3 },
    });
    expect(secret.identifiers).toEqual([
      { type: 'jwtlint_rule_id', name: 'jwtlint hardcoded-secret', value: 'hardcoded-secret', url: 'https://github.com/jwtlint/jwtlint/blob/main/docs/rules/hardcoded-secret.md' },
      { type: 'cwe', name: 'CWE-798', value: '798', url: 'https://cwe.mitre.org/data/definitions/798.html' },
      { type: 'cwe', name: 'CWE-321', value: '321', url: 'https://cwe.mitre.org/data/definitions/321.html' },
    ]);
    expect(secret.description).toContain('Evidence: shh*** (16 characters).');
  });

  it('tracks each vulnerability by a hash of the line-independent fingerprint, so it survives lines moving', () => {
    const secret = report.vulnerabilities[1]!;
    expect(secret.tracking).toEqual({
      type: 'source',
      items: [{ file: 'src/config.js', line_start: 3, line_end: 3, signatures: [{ algorithm: 'hash', value: 'jwtlint/v1:a1b2c3d4e5f60718' }] }],
    });
    // Code added above: new lines, same signature and id.
    const result = sampleResult();
    result.findings = result.findings.map((f) => ({ ...f, location: { ...f.location, line: f.location.line + 5, endLine: f.location.endLine + 5 } }));
    const moved = buildGitlabReport(result, { now }).vulnerabilities[1]!;
    expect(moved.tracking.items[0]).toMatchObject({ line_start: 8, line_end: 8 });
    expect(moved.tracking.items[0]!.signatures).toEqual(secret.tracking.items[0]!.signatures);
    expect(moved.id).toBe(secret.id);
    // Distinct findings, distinct signatures.
    const values = report.vulnerabilities.map((v) => v.tracking.items[0]!.signatures[0]!.value);
    expect(new Set(values).size).toBe(values.length);
  });

  it('leaves suppressed findings out and reports a failed run', () => {
    const result = sampleResult({ internalError: true });
    result.findings = result.findings.map((f, i): Finding => (i === 1 ? { ...f, suppression: { kind: 'inSource', reason: 'x', location: { file: f.location.file, line: 1 } } } : f));
    const partial = buildGitlabReport(result, { now });
    expect(partial.vulnerabilities).toHaveLength(3);
    expect(partial.scan.status).toBe('failure');
  });

  it('never contains a raw secret or token', () => {
    const text = formatGitlab(sampleResult());
    expect(text).not.toContain(RAW_SECRET);
    expect(text).not.toContain(RAW_TOKEN);
  });
});
