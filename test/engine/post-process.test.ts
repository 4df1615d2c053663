import { describe, expect, it } from 'vitest';
import { postProcess, type PostProcessContext } from '../../src/engine/post-process.js';
import type { ScanOptions } from '../../src/engine/types.js';
import { sampleResult } from '../report/sample-result.js';

const OPTIONS: ScanOptions = { cwd: '/', paths: ['.'], maxExpirySeconds: 86_400, ignore: [], disabledRules: [] };
const KNOWN = ['hardcoded-secret', 'hardcoded-token', 'no-expiry', 'unpinned-algorithm'];

function context(options: Partial<ScanOptions> = {}, extra: Partial<PostProcessContext> = {}): PostProcessContext {
  return { texts: new Map(), secrets: [], knownRuleIds: KNOWN, options: { ...OPTIONS, ...options }, ...extra };
}

describe('postProcess', () => {
  it('applies configured severities to the findings and moves security-severity into the band', () => {
    const result = postProcess(sampleResult(), context({ severityOverrides: { 'hardcoded-secret': 'low', 'no-expiry': 'critical' } }));
    const byId = new Map(result.rules.map((rule) => [rule.id, rule]));
    expect(byId.get('hardcoded-secret')).toMatchObject({ severity: 'low', securitySeverity: 3.9 });
    expect(byId.get('no-expiry')).toMatchObject({ severity: 'critical', securitySeverity: 9.1 });
    expect(byId.get('unpinned-algorithm')).toMatchObject({ severity: 'high', securitySeverity: 5.9 });
    expect(result.findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual([
      'hardcoded-token:medium',
      'hardcoded-secret:low',
      'no-expiry:critical',
      'unpinned-algorithm:high',
    ]);
  });

  it('marks configured test paths as test code, and !patterns as production code', () => {
    const result = postProcess(sampleResult(), context({ testPaths: ['fixtures/', '!test/my dir/'] }));
    expect(result.findings.map((f) => `${f.location.file}:${f.inTestCode}`)).toEqual([
      'fixtures/token.json:true',
      'src/config.js:false',
      'src/auth.js:false',
      'test/my dir/auth.test.js:false',
    ]);
  });

  it('masks known secrets and JWT-shaped text in messages, labels and notifications', () => {
    const raw = sampleResult();
    raw.findings[1] = { ...raw.findings[1]!, message: 'leaked shhhh-dev-secret here', relatedLocations: [{ location: raw.findings[1]!.location, label: 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl' }] };
    raw.notifications = [{ kind: 'unparsable', level: 'warning', file: 'a.yaml', message: 'bad value shhhh-dev-secret' }];
    const result = postProcess(raw, context({}, { secrets: ['shhhh-dev-secret'] }));
    const text = JSON.stringify(result);
    expect(text).not.toContain('shhhh-dev-secret');
    expect(text).not.toContain('eyJzdWIiOiIxIn0');
    expect(result.findings[1]!.message).toBe('leaked sh******** here');
  });

  it('keeps only findings and file notifications of the changed files', () => {
    const result = postProcess(sampleResult(), context({ onlyFiles: { ref: 'origin/main', files: ['src/auth.js', 'src/broken.ts'] } }));
    expect(result.findings.map((f) => f.location.file)).toEqual(['src/auth.js']);
    expect(result.notifications.map((n) => n.file)).toEqual(['src/auth.js', 'src/broken.ts']);
    expect(result.changedSince).toEqual({ ref: 'origin/main', files: 2 });
  });

  it('compares with a baseline after the changed-files filter', () => {
    const result = postProcess(sampleResult(), context({ baseline: { fingerprints: new Set(['a1b2c3d4e5f60718', 'not-there']) } }));
    expect(result.findings.map((f) => f.baselineState)).toEqual(['new', 'unchanged', 'new', 'new']);
    expect(result.baseline).toEqual({ entries: 2, matched: 1, unmatched: 1 });
  });
});
