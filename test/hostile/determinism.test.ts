// Deterministic output: the hostile tree scanned twice, and a copy of it created in reverse
// order (so that directory listings come back in another order), give byte-identical JSON
// and SARIF once the timing field (stats.durationMs) and the root folder's name are set aside.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN } from '../cli/helpers/run-jwtlint.js';
import { buildHostileTree, removeHostileTree, type HostileTree } from './hostile-tree.js';

let forward: HostileTree;
let reverse: HostileTree;

beforeAll(async () => {
  forward = await buildHostileTree();
  reverse = await buildHostileTree({ reverse: true });
}, 120_000);

afterAll(async () => {
  for (const tree of [forward, reverse]) {
    if (!tree) continue;
    await tree.close();
    removeHostileTree(tree);
  }
});

function scan(tree: HostileTree, format: 'json' | 'sarif'): Promise<string> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const variable of ['FORCE_COLOR', 'NO_COLOR', 'CI', 'TERM', 'NODE_OPTIONS']) delete env[variable];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, 'scan', tree.root, '--format', format], { cwd: tree.base, env, maxBuffer: 256 * 1024 * 1024, timeout: 240_000 }, (error, stdout) => {
      // Exit code 1 (findings) is expected; anything else is a failure.
      if (error && (error as { code?: unknown }).code !== 1) reject(error);
      else resolve(normalise(stdout, tree));
    });
  });
}

function normalise(output: string, tree: HostileTree): string {
  return output
    .replace(/"durationMs": \d+/g, '"durationMs": 0')
    .split(tree.root)
    .join('<ROOT>')
    .split(encodeURI(tree.root))
    .join('<ROOT>');
}

describe('deterministic output on the hostile tree', () => {
  it('gives byte-identical JSON and SARIF across runs and file orders', async () => {
    assertBuilt();
    const [json1, json2, jsonReverse, sarif, sarifReverse] = await Promise.all([
      scan(forward, 'json'),
      scan(forward, 'json'),
      scan(reverse, 'json'),
      scan(forward, 'sarif'),
      scan(reverse, 'sarif'),
    ]);
    expect(json1.length).toBeGreaterThan(1000);
    expect(json2).toBe(json1);
    expect(jsonReverse).toBe(json1);
    expect(sarifReverse).toBe(sarif);
    JSON.parse(sarif);
  }, 300_000);
});
