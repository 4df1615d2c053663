import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScan } from '../../src/engine/run.js';

// stats.durationMs covers the whole scan, post-processing (line hashes, suppressions,
// redaction) included, and stats.phasesMs says where it went. No bound on the time itself.
describe('run stats', () => {
  it('splits the scan duration into phases that add up to it', async () => {
    const root = path.resolve('fixtures/examples/express-api');
    const result = await runScan({ cwd: root, paths: [root], maxExpirySeconds: 86_400, ignore: [], disabledRules: [] });
    const phases = result.stats.phasesMs!;
    expect(Object.keys(phases)).toEqual(['discover', 'readAndParse', 'configParse', 'analyse', 'estate', 'rules', 'postProcess']);
    for (const ms of Object.values(phases)) expect(ms).toBeGreaterThanOrEqual(0);
    const sum = Object.values(phases).reduce((a, b) => a + b, 0);
    // Each phase is rounded on its own: the sum is within one millisecond per phase.
    expect(Math.abs(sum - result.stats.durationMs)).toBeLessThanOrEqual(7);
    expect(result.findings.length).toBeGreaterThan(0);
  });
});
