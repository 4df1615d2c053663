import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_ROOT, PROJECT_ROOT, subfolders } from '../helpers/fixtures.js';

// Issue #20: every before/after file of fixtures/fix compiles with `tsc --noEmit`, the
// TypeScript ones strictly (tsconfig.json), the JavaScript ones as checked JavaScript
// (tsconfig.js.json); the libraries they call are declared in fixtures/fix/shims.d.ts. One
// tsc run per configuration for all fixtures together.
const FIX = path.join(FIXTURES_ROOT, 'fix');
const TSC = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const fixtureFiles = subfolders(FIX)
  .flatMap((rule) => subfolders(path.join(FIX, rule)).flatMap((c) => readdirSync(path.join(FIX, rule, c)).map((f) => path.join(FIX, rule, c, f))))
  .filter((file) => /\/(before|after)\.[a-z]+$/.test(file))
  .sort();

function tsc(config: string, ...args: string[]) {
  return spawnSync(process.execPath, [TSC, '-p', path.join(FIX, config), ...args], { encoding: 'utf8', timeout: 120_000 });
}

describe('fixtures/fix type-check', () => {
  it('the two configurations cover every before and after file', () => {
    const listed = ['tsconfig.json', 'tsconfig.js.json'].flatMap((config) => tsc(config, '--listFilesOnly').stdout.split('\n')).filter((line) => line.startsWith(FIX)).filter((f) => !f.endsWith('shims.d.ts'));
    expect(listed.sort()).toEqual(fixtureFiles);
    expect(fixtureFiles.length).toBeGreaterThan(0);
  });

  it.each(['tsconfig.json', 'tsconfig.js.json'])('tsc --noEmit -p fixtures/fix/%s passes', (config) => {
    const run = tsc(config);
    expect(`${run.stdout}${run.stderr}`).toBe('');
    expect(run.status).toBe(0);
  });
});
