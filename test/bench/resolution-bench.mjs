#!/usr/bin/env node
// Resolution cost benchmark: a generated TypeScript project whose services reach their JWT
// secret through deep re-export chains, with import cycles mixed in. Prints wall time per
// size so that linear growth is visible. One section of `npm run bench` (bench.mjs); runs
// alone too: `node test/bench/resolution-bench.mjs [services]` after `npm run build`.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { runScan } from '../../dist/src/engine/run.js';

const CHAIN_DEPTH = 40;
const CYCLE_LENGTH = 25;

function write(root, rel, text) {
  const path = join(root, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

/** A project of about `services * 3 + CHAIN_DEPTH + cycles * CYCLE_LENGTH` modules. */
function generate(root, services) {
  write(root, 'package.json', JSON.stringify({ name: 'bench-estate', dependencies: { jsonwebtoken: '^9.0.2' } }));
  write(root, 'src/config/jwt.ts', "export const jwtConfig = { secret: process.env.JWT_SECRET || 'bench-fallback-secret', ttl: '30d' };\n");
  for (let level = 0; level < CHAIN_DEPTH; level++) {
    const next = level + 1 < CHAIN_DEPTH ? `./level${level + 1}` : '../config/jwt';
    write(root, `src/lib/level${level}.ts`, `export * from '${next}';\nexport const marker${level} = ${level};\n`);
  }
  const cycles = Math.max(1, Math.floor(services / 100));
  for (let c = 0; c < cycles; c++) {
    for (let i = 0; i < CYCLE_LENGTH; i++) {
      const next = (i + 1) % CYCLE_LENGTH;
      write(root, `src/cycles/c${c}/m${i}.ts`, `import { value${next} } from './m${next}';\nexport const value${i} = value${next};\nexport * from './m${next}';\n`);
    }
  }
  for (let s = 0; s < services; s++) {
    write(
      root,
      `src/services/s${s}/auth.ts`,
      `import jwt from 'jsonwebtoken';\nimport { jwtConfig } from '../../lib/level0';\nimport { value0 } from '../../cycles/c${s % cycles}/m0';\n\nexport function issue(sub: string) {\n  return jwt.sign({ sub, v: value0 }, jwtConfig.secret, { expiresIn: jwtConfig.ttl });\n}\n\nexport function check(token: string) {\n  return jwt.verify(token, jwtConfig.secret, { algorithms: ['HS256'] });\n}\n`,
    );
    write(root, `src/services/s${s}/handler.ts`, `import { issue } from './auth';\nexport const handle = (id: string) => ({ token: issue(id) });\n`);
    write(root, `src/services/s${s}/model.ts`, `export interface Model${s} { id: string; name: string }\nexport const empty${s}: Model${s} = { id: '', name: '' };\n`);
  }
}

async function measure(services) {
  const root = mkdtempSync(join(tmpdir(), 'jwtlint-bench-'));
  try {
    generate(root, services);
    const started = performance.now();
    const result = await runScan({ cwd: root, paths: [root], maxExpirySeconds: 86400, ignore: [], disabledRules: [] });
    const ms = performance.now() - started;
    const byRule = {};
    for (const f of result.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    return { services, modules: result.stats.filesDiscovered, parsed: result.stats.filesParsed, ms, byRule };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Runs the section at 1x, 2x and 4x `base` services; `log` receives each printed line. */
export async function resolutionBench(base = 1000, log = console.log) {
  log(`resolution benchmark: ${CHAIN_DEPTH}-deep re-export chain, ${CYCLE_LENGTH}-module import cycles, ${base} services at 1x (in-process runScan)`);
  const rows = [];
  for (const factor of [1, 2, 4]) {
    const r = await measure(base * factor);
    rows.push({ factor, ...r });
    const perModule = (r.ms / r.modules).toFixed(3);
    log(
      `${String(factor).padStart(2)}x  ${String(r.modules).padStart(6)} modules (${String(r.parsed).padStart(6)} parsed)  ${r.ms.toFixed(0).padStart(6)} ms  ${perModule} ms/module  ` +
        `findings: hardcoded-secret=${r.byRule['hardcoded-secret'] ?? 0} long-expiry=${r.byRule['long-expiry'] ?? 0} symmetric-algorithm=${r.byRule['symmetric-algorithm'] ?? 0}`,
    );
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await resolutionBench(Number(process.argv[2] ?? 1000));
}
