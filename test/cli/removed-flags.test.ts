import { describe, expect, it } from 'vitest';
import { assertBuilt, jwtlint } from './helpers/run-jwtlint.js';

// `--workers` read files on worker threads until 0.2; on a 2-core machine it gained nothing
// and was removed. A pipeline that still passes it keeps working: the flag is accepted, said
// to be ignored on standard error, and changes nothing in the report or the exit code.
describe('--workers (removed)', () => {
  const example = 'fixtures/examples/express-api';

  it('is accepted with a warning, and the report is the one without it', () => {
    assertBuilt();
    const plain = jwtlint(['scan', example, '--format', 'json', '--no-config']);
    const withFlag = jwtlint(['scan', example, '--format', 'json', '--no-config', '--workers', 'auto']);
    expect(withFlag.status).toBe(plain.status);
    expect(withFlag.stderr).toMatch(/--workers is ignored/);
    const report = (stdout: string) => {
      const json = JSON.parse(stdout);
      delete json.stats.durationMs;
      delete json.stats.phasesMs;
      return json;
    };
    expect(report(withFlag.stdout)).toEqual(report(plain.stdout));
    expect(report(plain.stdout).stats).not.toHaveProperty('readWorkers');
  });

  it('is not in the help, and --quiet silences the warning', () => {
    expect(jwtlint(['scan', '--help']).stdout).not.toContain('--workers');
    expect(jwtlint(['scan', example, '--quiet', '--no-config', '--workers', '2']).stderr).toBe('');
  });
});
