import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, jwtlint } from './helpers/run-jwtlint.js';

// Reading on worker threads only changes who reads which file: the report is the same, byte
// for byte once timings are set aside, whatever the number of workers.
describe('--workers', () => {
  let root: string;

  beforeAll(() => {
    assertBuilt();
    root = mkdtempSync(path.join(tmpdir(), 'jwtlint-workers-'));
    const write = (rel: string, content: string | Buffer) => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), content);
    };
    // Enough files for the pool to start (1,000 or more), JWT services scattered among them.
    for (let i = 0; i < 1200; i++) {
      const pkg = `packages/p${i % 12}`;
      if (i % 97 === 0) {
        write(`${pkg}/src/auth-${i}.ts`, `import jwt from 'jsonwebtoken';\nexport const issue = (sub: string) => jwt.sign({ sub }, 'hardcoded-secret-${i}-value', { expiresIn: '30d' });\n`);
      } else if (i % 131 === 0) {
        write(`${pkg}/src/log-${i}.ts`, `export function trace(accessToken: string) {\n  console.log('token', accessToken);\n}\n`);
      } else {
        write(`${pkg}/src/module-${i}.ts`, `export function f${i}(x: number): number {\n  return x * ${i};\n}\n`);
      }
    }
    for (let p = 0; p < 12; p++) write(`packages/p${p}/package.json`, JSON.stringify({ name: `p${p}`, version: '1.0.0' }));
    write('packages/p0/.env', 'JWT_SECRET=shared-across-services-0123\n');
    write('packages/p1/.env', 'JWT_SECRET=shared-across-services-0123\n');
    write('packages/p2/src/broken.ts', "import jwt from 'jsonwebtoken';\nconst x = ;\njwt.sign({}, 'another-hardcoded-secret');\n");
    write('packages/p3/src/binary.js', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00]));
    write('packages/p4/src/latin1.js', Buffer.from("const s = 'caf\xe9';\n", 'latin1'));
  });

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const report = (workers: string) => {
    const run = jwtlint(['scan', root, '--format', 'json', '--no-config', '--fail-on', 'none', '--workers', workers]);
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { stats: Record<string, unknown>; findings: unknown[]; notifications: unknown[] };
    const readWorkers = json.stats.readWorkers ?? 0;
    delete json.stats.durationMs;
    delete json.stats.readWorkers;
    return { json: JSON.stringify(json), readWorkers, findings: json.findings.length, notifications: json.notifications.length };
  };

  it('gives the same report with 0, 1 and 2 workers', () => {
    const none = report('0');
    const one = report('1');
    const two = report('2');
    expect(none.readWorkers).toBe(0);
    expect(one.readWorkers).toBe(1);
    expect(two.readWorkers).toBe(2);
    expect(none.findings).toBeGreaterThan(10);
    expect(none.notifications).toBeGreaterThanOrEqual(3); // syntax error, binary file, invalid UTF-8
    expect(one.json).toBe(none.json);
    expect(two.json).toBe(none.json);
  });

  it('writes byte-identical SARIF with and without workers', () => {
    const sarif = (workers: string) => jwtlint(['scan', root, '--format', 'sarif', '--no-config', '--fail-on', 'none', '--workers', workers]).stdout;
    const none = sarif('0');
    expect(none.length).toBeGreaterThan(1000);
    expect(sarif('2')).toBe(none);
  });

  it('refuses a worker count that is not a whole number', () => {
    const run = jwtlint(['scan', root, '--workers', 'many']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--workers must be a whole number');
    expect(jwtlint(['scan', root, '--workers', 'auto', '--format', 'json', '--fail-on', 'none']).status).toBe(0);
  });
});
