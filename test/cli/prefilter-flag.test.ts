import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, jwtlint, PROJECT_ROOT } from './helpers/run-jwtlint.js';

// The prefilter must only save work: with it switched off every JS/TS file is parsed and the
// findings stay the same, for single files and for whole estates.
describe('--no-prefilter', () => {
  beforeAll(() => assertBuilt());

  it.each(['fixtures/examples/express-api', 'fixtures/scenarios', 'fixtures/shared-secret/invalid/compose-interpolation'])('gives the same findings on %s', (folder) => {
    const root = path.join(PROJECT_ROOT, folder);
    const on = JSON.parse(jwtlint(['scan', root, '--format', 'json', '--fail-on', 'none']).stdout);
    const off = JSON.parse(jwtlint(['scan', root, '--format', 'json', '--fail-on', 'none', '--no-prefilter']).stdout);
    const key = (f: { ruleId: string; location: { file: string; line: number } }) => `${f.location.file}:${f.location.line}:${f.ruleId}`;
    expect(on.findings.map(key)).toEqual(off.findings.map(key));
    expect(on.findings.length).toBeGreaterThan(0);
    expect(off.stats.filesParsed).toBeGreaterThanOrEqual(on.stats.filesParsed);
  });
});
