#!/usr/bin/env node
// Estate-merge section of `npm run bench` (bench.mjs): what `jwtlint estate merge` costs for
// 10, 100 and 1,000 repositories. Generated estate files (each repository: 4 units, 6 keys
// with 2 values each, places in code and configuration; one value in 20 shared with another
// repository, one key name common to all) are read, validated, merged and rendered as SARIF
// in process through dist/ (run `npm run build` first), median of `reps`; then the CLI merges
// the largest set once in a child process (start-up included). Merging is linear in the
// repositories: the cost per repository should stay flat. Runs alone too:
// `node test/bench/merge-bench.mjs [reps]`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseEstateFile } from '../../dist/src/estate/estate-read.js';
import { mergeEstates } from '../../dist/src/estate/merge.js';
import { formatMergeSarif } from '../../dist/src/report/estate-merge.js';
import { formatMergeHtml } from '../../dist/src/report/estate-merge-html.js';
import { estateKeyId } from '../../dist/src/estate/estate-file.js';

const KEY = 'merge-bench-estate-key-0123456789abcdefghij';
const KEY_ID = estateKeyId(Buffer.from(KEY));
const SIZES = [10, 100, 1000];
const BIN = fileURLToPath(new URL('../../bin/jwtlint.js', import.meta.url));

/** A stand-in fingerprint: 64 hex digits derived from a label (the merge never sees a value). */
const print = (label) => createHash('sha256').update(label).digest('hex');

function estateOf(r) {
  const units = Array.from({ length: 4 }, (_, u) => ({ id: `package:svc-${u}`, name: `repo${r}-svc-${u}`, kind: 'package', path: `svc-${u}`, signs: u === 0, verifies: u !== 0 }));
  const keys = Array.from({ length: 6 }, (_, k) => {
    // Every 20th repository copies its first key's value from the repository before it.
    const values = [k === 0 && r % 20 === 1 ? print(`${r - 1}/0/0`) : print(`${r}/${k}/0`), print(`${r}/${k}/1`)];
    return {
      id: `key-${k + 1}`,
      known: 'value',
      names: [k === 0 ? 'JWT_SECRET' : `SERVICE_${k}_JWT_KEY`],
      environments: ['production', 'staging'],
      fingerprints: values,
      units: units.slice(0, 2).map((u) => ({ unit: u.id, signs: u.signs, verifies: u.verifies })),
      places: [
        { file: `svc-0/.env.production`, line: k + 1, unit: units[0].id, how: 'define', environment: 'production', fingerprints: [values[0]] },
        { file: `svc-0/.env.staging`, line: k + 1, unit: units[0].id, how: 'define', environment: 'staging', fingerprints: [values[1]] },
        { file: `svc-1/src/auth-${k}.ts`, line: 12, unit: units[1].id, how: 'code' },
      ],
    };
  });
  return { jwtlintEstate: 1, tool: { name: 'jwtlint', version: '0.1.0' }, repository: { name: `repo-${r}`, commit: print(`commit ${r}`).slice(0, 40) }, fingerprints: { algorithm: 'HMAC-SHA256', keyId: KEY_ID }, units, keys };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function mergeBench(detail, { reps = 3 } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'jwtlint-merge-bench-'));
  const out = { sizes: [], cli: null };
  try {
    for (let r = 0; r < SIZES.at(-1); r++) writeFileSync(join(work, `${r}.json`), `${JSON.stringify(estateOf(r), null, 2)}\n`);
    detail(`estate-merge section: generated estate files (4 units, 6 keys, 12 fingerprints each; one value in 20 shared); read, validated, merged and rendered as SARIF in process, median of ${reps}`);
    detail(`    ${'repos'.padStart(6)} ${'MB'.padStart(6)} ${'ms'.padStart(8)} ${'µs/repo'.padStart(9)} ${'indexed'.padStart(8)} ${'shared'.padStart(7)} ${'findings'.padStart(9)}`);
    for (const n of SIZES) {
      const files = Array.from({ length: n }, (_, r) => join(work, `${r}.json`));
      const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
      const times = [];
      let result;
      for (let i = 0; i < reps; i++) {
        const start = performance.now();
        const sources = files.map((source) => {
          const parsed = parseEstateFile(readFileSync(source, 'utf8'));
          if (!parsed.ok) throw new Error(`${source} ${parsed.problem}`);
          return { source, estate: parsed.estate };
        });
        result = mergeEstates(sources, KEY_ID);
        formatMergeSarif(result, { name: 'jwtlint', version: '0', informationUri: 'x' });
        times.push(performance.now() - start);
      }
      const ms = median(times);
      // The HTML page on top: its graph is laid out by dagre, at most MAX_GRAPH_NODES nodes.
      const htmlTimes = [];
      let html = '';
      for (let i = 0; i < reps; i++) {
        const start = performance.now();
        html = formatMergeHtml(result, { name: 'jwtlint', version: '0', informationUri: 'x' });
        htmlTimes.push(performance.now() - start);
      }
      const row = { repositories: n, mb: bytes / 1e6, ms, usPerRepository: (1000 * ms) / n, fingerprintsIndexed: result.work.fingerprintsIndexed, shared: result.shared.length, findings: result.findings.length, htmlMs: median(htmlTimes), htmlKb: Buffer.byteLength(html) / 1024 };
      out.sizes.push(row);
      detail(`    ${String(n).padStart(6)} ${row.mb.toFixed(2).padStart(6)} ${ms.toFixed(1).padStart(8)} ${row.usPerRepository.toFixed(0).padStart(9)} ${String(row.fingerprintsIndexed).padStart(8)} ${String(row.shared).padStart(7)} ${String(row.findings).padStart(9)}   html ${row.htmlMs.toFixed(0)} ms, ${row.htmlKb.toFixed(0)} kB`);
    }
    const n = SIZES.at(-1);
    const start = performance.now();
    const run = spawnSync(process.execPath, [BIN, 'estate', 'merge', ...Array.from({ length: n }, (_, r) => join(work, `${r}.json`)), '--format', 'sarif', '--output', join(work, 'merged.sarif')], {
      env: { ...process.env, JWTLINT_ESTATE_KEY: KEY },
      encoding: 'utf8',
    });
    out.cli = { repositories: n, wallMs: performance.now() - start, status: run.status };
    detail(`  CLI, ${n} estate files to SARIF in a child process: ${out.cli.wallMs.toFixed(0)} ms wall (start-up included), exit ${run.status}${run.status === 1 ? ' (findings)' : `: ${run.stderr.slice(0, 200)}`}`);
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await mergeBench((line) => console.log(line), { reps: Number(process.argv[2] ?? 3) });
}
