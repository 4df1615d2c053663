import { describe, expect, it } from 'vitest';
import { applyBaseline, createBaseline, formatBaseline, parseBaseline } from '../../src/engine/baseline.js';
import type { Finding } from '../../src/engine/types.js';

function finding(file: string, ruleId: string, fingerprint: string, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    messageId: 'm',
    message: 'message',
    severity: 'high',
    severityReason: 'reason',
    confidence: 'high',
    location: { file, line: 1, column: 1, endLine: 1, endColumn: 2 },
    relatedLocations: [],
    snippet: "const KEY = 'dev***';",
    remediation: '',
    standards: { nhi: [], csf: [], cwe: [] },
    inTestCode: false,
    fingerprint,
    ...extra,
  };
}

const A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const C = 'cccccccccccccccccccccccccccccccc';

describe('baseline files', () => {
  it('records fingerprints sorted by file and rule, without suppressed findings or any source text', () => {
    const findings = [
      finding('src/z.js', 'weak-secret', B),
      finding('src/a.js', 'no-expiry', C),
      finding('src/a.js', 'hardcoded-secret', A),
      finding('src/q.js', 'hardcoded-secret', 'dddddddddddddddddddddddddddddddd', { suppression: { kind: 'inSource', reason: 'r', location: { file: 'src/q.js', line: 1 } } }),
    ];
    expect(createBaseline(findings)).toEqual({
      version: 1,
      tool: 'jwtlint',
      findings: [
        { ruleId: 'hardcoded-secret', file: 'src/a.js', fingerprint: A },
        { ruleId: 'no-expiry', file: 'src/a.js', fingerprint: C },
        { ruleId: 'weak-secret', file: 'src/z.js', fingerprint: B },
      ],
    });
    const text = formatBaseline(findings);
    expect(text).not.toContain('dev');
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('reads back what it wrote', () => {
    const parsed = parseBaseline(formatBaseline([finding('src/a.js', 'no-expiry', A), finding('src/b.js', 'no-expiry', B)]));
    expect(parsed.ok && [...parsed.baseline.fingerprints]).toEqual([A, B]);
  });

  it.each([
    ['not json', 'not valid JSON'],
    ['[]', 'expected a JSON object'],
    ['{"tool":"eslint","version":1,"findings":[]}', 'its "tool" is not "jwtlint"'],
    ['{"tool":"jwtlint","version":2,"findings":[]}', 'baseline version 2 is not supported'],
    ['{"tool":"jwtlint","version":1}', '"findings" must be a list'],
    ['{"tool":"jwtlint","version":1,"findings":[{"fingerprint":"XYZ"}]}', 'findings[0] has no valid "fingerprint"'],
  ])('refuses %s', (text, problem) => {
    const parsed = parseBaseline(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toContain(problem);
  });

  it('marks known findings unchanged and the others new, and counts what the baseline no longer matches', () => {
    const { findings, summary } = applyBaseline([finding('src/a.js', 'no-expiry', A), finding('src/a.js', 'weak-secret', C)], { fingerprints: new Set([A, B]) });
    expect(findings.map((f) => f.baselineState)).toEqual(['unchanged', 'new']);
    expect(summary).toEqual({ entries: 2, matched: 1, unmatched: 1 });
  });
});
