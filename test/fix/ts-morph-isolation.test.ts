import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN } from '../cli/helpers/run-jwtlint.js';
import { makeTempProject, removeTempProject } from '../cli/helpers/temp-project.js';

// DESIGN.md, "ts-morph": never on the hot path of a scan. The built CLI runs with module
// hooks (helpers/ts-morph-probe.mjs) that note every resolution and load of ts-morph; a scan
// must note none, while `jwtlint fix` on the same project notes it (so the probe can fail).
const PROBE = path.join(import.meta.dirname, 'helpers', 'ts-morph-probe.mjs');
const project = makeTempProject({
  'src/auth.ts': "import jwt from 'jsonwebtoken';\nexport const check = (t: string) => jwt.verify(t, process.env.KEY!, { algorithms: ['RS256'], ignoreExpiration: true });\n",
});
afterAll(() => removeTempProject(project));
beforeAll(() => assertBuilt());

function probed(args: string[]): { status: number | null; loads: string[]; stderr: string } {
  const out = path.join(project, `..probe-${args[0]}-${Date.now()}.txt`);
  writeFileSync(out, '');
  const run = spawnSync(process.execPath, ['--import', PROBE, BIN, ...args], { cwd: project, env: { ...process.env, JWTLINT_PROBE_OUT: out }, encoding: 'utf8', timeout: 60_000 });
  const loads = existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean) : [];
  return { status: run.status, loads, stderr: run.stderr };
}

describe('ts-morph stays off the scan', () => {
  it('a plain scan never resolves nor loads ts-morph', () => {
    const scan = probed(['scan', 'src', '--format', 'json']);
    expect(scan.status, scan.stderr).toBe(1);
    expect(scan.loads).toEqual([]);
  });

  it('jwtlint fix does load it (the probe sees it)', () => {
    const fix = probed(['fix', 'src', '--dry-run']);
    expect(fix.status, fix.stderr).toBe(1);
    expect(fix.loads).toContain('resolve ts-morph');
    expect(fix.loads.some((line) => line.startsWith('load ') && line.includes('/node_modules/ts-morph/'))).toBe(true);
  });
});
