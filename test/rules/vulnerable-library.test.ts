// vulnerable-library against hand-built dependency facts: which message, data and severity
// each kind of declaration gets. The fixtures (fixtures/vulnerable-library) cover extraction.
import { describe, expect, it } from 'vitest';
import vulnerableLibrary from '../../rules/vulnerable-library.js';
import type { DependencyUse, FileFacts, RuleReport } from '../../src/rule-api.js';
import { SETTINGS, fileFacts, loc } from '../helpers/facts.js';

const dep = (name: string, spec: string, source: DependencyUse['source'] = 'manifest', line = 5): DependencyUse => ({ name, spec, source, loc: loc(line, 5, 'package.json') });
const run = (facts: Partial<FileFacts>): RuleReport[] => vulnerableLibrary.check({ facts: fileFacts({ file: 'package.json', ...facts }), settings: SETTINGS });

describe('vulnerable-library', () => {
  it('reports a lockfile version with the advisories and the fixed release', () => {
    const [report] = run({ dependencies: [dep('jsonwebtoken', '8.5.1', 'lockfile', 12)] });
    expect(report).toMatchObject({
      loc: { line: 12 },
      messageId: 'vulnerableVersion',
      data: { name: 'jsonwebtoken', version: '8.5.1', advisories: 'CVE-2022-23540, CVE-2022-23541, CVE-2022-23539', fixed: '9.0.0' },
    });
    expect(report?.severity).toBeUndefined();
  });

  it('reports a manifest range by its lowest version and names the range', () => {
    const [report] = run({ dependencies: [dep('express-jwt', '^5.3.1')] });
    expect(report).toMatchObject({ messageId: 'vulnerableRange', data: { spec: '^5.3.1', version: '5.3.1', advisories: 'CVE-2020-15084', fixed: '6.0.0' } });
  });

  it('names the advisory by GHSA id when it has no CVE and upgrades past every matched advisory', () => {
    const [report] = run({ dependencies: [dep('jwt-simple', '0.3.0')] });
    expect(report?.data).toMatchObject({ advisories: 'CVE-2016-10555, GHSA-8v5f-hp78-jgxq', fixed: '0.5.3' });
  });

  it('lowers the severity to the advisory rating when every matched advisory is moderate', () => {
    const [report] = run({ dependencies: [dep('next-auth', '^4.22.1')] });
    expect(report).toMatchObject({ messageId: 'vulnerableRange', severity: 'medium', data: { fixed: '4.24.5' } });
  });

  it('is silent on patched versions, look-alike packages and specs that name no version', () => {
    const reports = run({
      dependencies: [
        dep('jsonwebtoken', '^9.0.2'),
        dep('hono', '4.11.4', 'lockfile'),
        dep('@types/jsonwebtoken', '8.5.9', 'lockfile'),
        dep('jsonwebtoken', 'github:auth0/node-jsonwebtoken#v8.5.1'),
        dep('jsonwebtoken', 'latest'),
        dep('jsonwebtoken', '*'),
      ],
    });
    expect(reports).toEqual([]);
  });

  it('reports the manifest line and the lockfile line separately', () => {
    const reports = run({ dependencies: [dep('hono', '^4.5.1', 'manifest', 7), dep('hono', '4.5.1', 'lockfile', 30)] });
    expect(reports.map((r) => `${r.loc.line} ${r.messageId}`)).toEqual(['7 vulnerableRange', '30 vulnerableVersion']);
  });
});
