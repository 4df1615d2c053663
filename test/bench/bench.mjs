#!/usr/bin/env node
// `npm run bench`: the targets jwtlint is judged by, then the measurements behind them.
//
// Headline block first: (1) the floor ratio: jwtlint's wall time over the faster of two
// list+read floors (child.mjs floor-walk, a plain readdirSync walk, and floor, a fast-glob
// listing kept for reference; both read every file of a kind jwtlint reads, neither applies
// .gitignore), target <= 2x; (2) the scaling rows (generated monorepo at 1x/2x/4x, cost per
// 1,000 modules); (3) the pathological files (20,000 decodes, 20,000 signs, 20,000
// findings), target < 1 s each beyond an empty scan's start-up; (4) the hostile inputs
// whose time bounds used to be vitest assertions (hostile-bench.mjs), target: each bound.
// Then the details: per corpus jwtlint next to the floors, @babel/parser over every JS/TS
// file and ESLint with eslint-plugin-jwt. Each run is a child process of its own (under
// `/usr/bin/time -v` when available): wall time, CPU time, peak memory. No network.
// Progress goes to stderr while it runs; the report to stdout at the end.
//
//   npm run bench                      (i) this project's node_modules (a copy without the
//                                      default excludes), (ii) a generated monorepo at 1x, 2x,
//                                      4x, the resolution and polyglot sections, the estate-merge
//                                      section (10, 100, 1,000 repositories), pathological files, hostile
//                                      inputs and the prefilter section
//   npm run bench -- --quick           the same, smaller (2,500 modules at 1x; no ESLint on
//                                      node_modules; one run per jwtlint measurement)
//   npm run bench -- <dir>             (iii) one folder as jwtlint scans it (default excludes,
//                                      .gitignore), pathological files, hostile inputs and the
//                                      prefilter section on it
//   options: --no-eslint  --repeat N (jwtlint runs, median; default 3, 1 with --quick)  --modules N (1x size)
//            --all (with <dir>: the default sections too)  --fresh (regenerate)  --keep
//            --json <file> (every measurement as JSON)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, linkSync, copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { determineScanRoot, discoverFiles, DEFAULT_EXCLUDES } from '../../dist/src/discover/discover.js';
import { dialectOf } from '../../dist/src/lang/javascript/parse-js.js';
import { generateMonorepo } from './generate-monorepo.mjs';
import { CASES as PATHOLOGICAL_CASES, SIZE as PATHOLOGICAL_SIZE } from './pathological.mjs';
import { mergeBench } from './merge-bench.mjs';
import { polyglotBench } from './polyglot-bench.mjs';
import { prefilterBench } from './prefilter-bench.mjs';
import { resolutionBench } from './resolution-bench.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const PROJECT = resolve(HERE, '..', '..');
const CHILD = join(HERE, 'child.mjs');
const MAX_FILE_BYTES = 2 * 1024 * 1024; // the engine's limit: larger files are skipped, not parsed
const JS_KINDS = new Set(['js', 'ts', 'jsx', 'tsx']);

// ---- options -------------------------------------------------------------------------

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const valueOf = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const VALUE_FLAGS = new Set(['--repeat', '--modules', '--json']);
const positional = argv.filter((a, i) => !a.startsWith('--') && !VALUE_FLAGS.has(argv[i - 1]));
const quick = flag('--quick');
const withEslint = !flag('--no-eslint');
const repeat = Math.max(1, Number(valueOf('--repeat') ?? (quick ? 1 : 3)));
const baseModules = Number(valueOf('--modules') ?? (quick ? 2500 : 10000));
const userDir = positional[0] ? resolve(process.env.INIT_CWD ?? process.cwd(), positional[0]) : null;
const runDefaults = !userDir || flag('--all');
const jsonOut = valueOf('--json');
const work = join(tmpdir(), `jwtlint-bench-${process.pid}`);
const report = { environment: {}, headline: null, corpora: [], scaling: [], resolution: null, polyglot: null, merge: null, pathological: null, hostile: null, prefilter: [] };
/** jwtlint wall time over the faster floor: at most this. */
const FLOOR_TARGET = 2;
/** Each pathological file: at most this many seconds of wall time beyond an empty scan's. */
const PATHOLOGICAL_TARGET_S = 1;
/** Time beyond start-up at n statements ÷ at n/2: 2 when linear, 4 when quadratic. */
const PATHOLOGICAL_GROWTH_MAX = 2.5;

// ---- measuring one child run ---------------------------------------------------------

const TIME = (() => {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/time') || process.env.JWTLINT_BENCH_NO_TIME) return null;
  const probe = spawnSync('/usr/bin/time', ['-v', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /Maximum resident set size/.test(probe.stderr) ? '/usr/bin/time' : null;
})();

function fromTime(stderr) {
  const num = (re) => {
    const m = re.exec(stderr);
    return m ? Number(m[1]) : undefined;
  };
  const user = num(/User time \(seconds\): ([\d.]+)/);
  const system = num(/System time \(seconds\): ([\d.]+)/);
  const rss = num(/Maximum resident set size \(kbytes\): (\d+)/);
  if (user === undefined || system === undefined || rss === undefined) return null;
  return { cpuS: user + system, peakMb: rss / 1024 };
}

/** Runs child.mjs once; returns its result with wall/CPU/peak measured from outside. */
function runChild(args, { cwd = PROJECT, timeoutS = 900 } = {}) {
  const command = TIME ? TIME : process.execPath;
  const commandArgs = TIME ? ['-v', process.execPath, CHILD, ...args] : [CHILD, ...args];
  const t0 = performance.now();
  const p = spawnSync(command, commandArgs, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: timeoutS * 1000 });
  const wallS = (performance.now() - t0) / 1000;
  const line = (p.stdout ?? '').split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (!line) {
    const why = p.error ? String(p.error.message) : `exit ${p.status}`;
    // The error's first lines, without /usr/bin/time's report, stack frames and Node's banner.
    const said = (p.stderr ?? '').split('\n').filter((l) => l.trim() && !/^\s+(\w[\w ()%/:-]*): /.test(l) && !/^\s+at |^Node\.js v|^Command exited|^\s*[{}]\s*$/.test(l));
    return { failed: `${why}: ${said.slice(0, 3).join(' | ').slice(0, 400)}` };
  }
  const result = JSON.parse(line.slice('BENCH_RESULT '.length));
  const measured = TIME ? fromTime(p.stderr ?? '') : null;
  return {
    ...result,
    wallS,
    cpuS: measured?.cpuS ?? (result.usage.userMs + result.usage.systemMs) / 1000,
    peakMb: measured?.peakMb ?? result.usage.maxRssKb / 1024,
    measuredBy: measured ? '/usr/bin/time -v' : 'process.resourceUsage()',
  };
}

function median(runs) {
  const ok = runs.filter((r) => !r.failed);
  if (ok.length === 0) return runs[0];
  const sorted = [...ok].sort((a, b) => a.wallS - b.wallS);
  return { ...sorted[Math.floor(sorted.length / 2)], runs: ok.length };
}

function runRepeated(args, times, options) {
  return median(Array.from({ length: times }, () => runChild(args, options)));
}

// ---- corpora -----------------------------------------------------------------------------

/** The JS/TS files jwtlint considers for `paths` from `cwd` (same discovery, same size limit). */
async function jsFilesOf(cwd, paths) {
  const root = determineScanRoot(cwd, paths);
  const scansOneFolder = paths.length === 1 && root !== resolve(cwd);
  const { files } = await discoverFiles({ root, paths: scansOneFolder ? [] : paths, ignore: [] });
  return files.filter((f) => JS_KINDS.has(f.kind) && dialectOf(f.path) && statSync(f.absolutePath).size <= MAX_FILE_BYTES).map((f) => f.absolutePath);
}

/**
 * A hard-linked (else copied) tree of `from` in which every folder and file that a default
 * exclude would skip is renamed (`dist` → `dist_`, `x.min.js` → `x.min_.js`), and ignore
 * files are left out: jwtlint then scans all of it as it is.
 */
function copyWithoutExcludes(from, to) {
  const dirNames = new Set(DEFAULT_EXCLUDES.map((p) => /^\*\*\/([^*/]+)\/\*\*$/.exec(p)?.[1]).filter(Boolean));
  const suffixes = DEFAULT_EXCLUDES.map((p) => /^\*\*\/\*(\.[^*/]+)$/.exec(p)?.[1]).filter(Boolean);
  let linked = true;
  let files = 0;
  const walk = (src, dst) => {
    mkdirSync(dst, { recursive: true });
    for (const name of readdirSync(src)) {
      const s = join(src, name);
      const st = lstatSync(s);
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) {
        walk(s, join(dst, dirNames.has(name) ? `${name}_` : name));
        continue;
      }
      if (!st.isFile() || name === '.gitignore' || name === '.jwtlintignore') continue;
      const suffix = suffixes.find((x) => name.endsWith(x));
      const target = join(dst, suffix ? `${name.slice(0, -suffix.length)}${suffix.replace(/\.(\w+)$/, '_.$1')}` : name);
      if (linked) {
        try {
          linkSync(s, target);
        } catch {
          linked = false;
        }
      }
      if (!linked) copyFileSync(s, target);
      files++;
    }
  };
  walk(from, to);
  return files;
}

/** 1x, 2x, 4x: parts of `base` modules each, generated once and cached between runs. */
function monorepoParts(base, count) {
  const generator = readFileSync(join(HERE, 'generate-monorepo.mjs'));
  const hash = createHash('sha256').update(generator).digest('hex').slice(0, 10);
  const dir = join(tmpdir(), 'jwtlint-bench-cache', `monorepo-${hash}-${base}`);
  if (flag('--fresh')) rmSync(dir, { recursive: true, force: true });
  const parts = [];
  for (let i = 0; i < count; i++) {
    const part = join(dir, `part-${i}`);
    const stamp = join(dir, `part-${i}.done`);
    if (!existsSync(stamp)) {
      rmSync(part, { recursive: true, force: true });
      const t0 = performance.now();
      const info = generateMonorepo(part, base, 42 + i);
      writeFileSync(stamp, JSON.stringify(info));
      progress(`generated part-${i}: ${info.jsModules} modules, ${info.services} JWT services, ${(info.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s (cached in ${dir})`);
    }
    parts.push(`part-${i}`);
  }
  return { dir, parts };
}

// ---- printing ------------------------------------------------------------------------------
// The report is printed at the end, headline first; while the bench runs, progress lines go
// to stderr. `detail` collects the details section, `note` the lines above the headline.

const top = [];
const details = [];
const note = (line = '') => top.push(line);
const detail = (line = '') => details.push(line);
const progress = (line) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
const fmt = (n, digits = 0) => (n === undefined || n === null || Number.isNaN(n) ? '-' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const check = (ok) => (ok === undefined ? '?' : ok ? 'met' : 'NOT met');
const ok = (r) => r && !r.failed;

function row(label, r, files, bytes, note) {
  if (!ok(r)) return `${label.padEnd(38)} ${'failed: ' + (r?.failed ?? 'not run')}`;
  const mb = bytes / 1e6;
  return (
    `${label.padEnd(38)} ${fmt(files).padStart(7)} ${fmt(mb, mb < 10 ? 2 : 1).padStart(7)} ${fmt(r.wallS, 2).padStart(8)} ${fmt(r.cpuS, 2).padStart(8)} ` +
    `${fmt(r.peakMb).padStart(8)} ${fmt(files / r.wallS).padStart(9)} ${fmt(mb / r.wallS, 1).padStart(8)}  ${note ?? ''}`
  );
}

/** The faster of the two floors (by median wall time), with its name. */
function fasterFloor(walk, glob) {
  if (ok(walk) && (!ok(glob) || walk.wallS <= glob.wallS)) return { name: 'floor-walk', run: walk };
  if (ok(glob)) return { name: 'fast-glob floor', run: glob };
  return { name: 'none', run: null };
}

/**
 * Measures one corpus: both floors, jwtlint, babel, ESLint (optional), jwtlint with the
 * prefilter off (optional). `paths` are relative to `cwd`.
 */
async function measureCorpus(label, short, cwd, paths, { eslint = withEslint, noPrefilter = false } = {}) {
  const jsFiles = await jsFilesOf(cwd, paths);
  mkdirSync(work, { recursive: true });
  const listFile = join(work, `list-${report.corpora.length}.txt`);
  writeFileSync(listFile, `${jsFiles.join('\n')}\n`);
  const jsBytes = jsFiles.reduce((n, f) => n + statSync(f).size, 0);

  const floorRuns = Math.max(3, repeat);
  progress(`${short}: floor-walk x${floorRuns}, fast-glob floor x${floorRuns}, jwtlint x${repeat}, babel${eslint ? ', ESLint' : ''}${noPrefilter ? ', jwtlint without prefilter' : ''}`);
  // Floors and jwtlint interleaved run by run, so that a burst of load elsewhere hits all three alike.
  const walkRuns = [];
  const globRuns = [];
  const jwtlintRuns = [];
  for (let i = 0; i < Math.max(floorRuns, repeat); i++) {
    if (i < floorRuns) walkRuns.push(runChild(['floor-walk', cwd, ...paths], { cwd }));
    if (i < floorRuns) globRuns.push(runChild(['floor', cwd, ...paths], { cwd }));
    if (i < repeat) jwtlintRuns.push(runChild(['jwtlint', cwd, ...paths], { cwd }));
  }
  const walk = median(walkRuns);
  const glob = median(globRuns);
  const jwtlint = median(jwtlintRuns);
  const babel = runChild(['babel', listFile], { cwd });
  const eslintRun = eslint ? runChild(['eslint', listFile, cwd], { cwd, timeoutS: 1800 }) : null;
  const off = noPrefilter ? runChild(['jwtlint-api', cwd, ...paths, '--no-prefilter'], { cwd }) : null;

  const floor = fasterFloor(walk, glob);
  const candidates = floor.run?.files ?? 0;
  const candidateBytes = floor.run?.bytes ?? 0;
  const ratio = (a, b) => (ok(a) && ok(b) ? a.wallS / b.wallS : undefined);
  const jwtlintVsFloor = ratio(jwtlint, floor.run);
  const babelVsJwtlint = ratio(babel, jwtlint);
  const eslintVsJwtlint = ratio(eslintRun, jwtlint);
  const floorMet = jwtlintVsFloor !== undefined ? jwtlintVsFloor <= FLOOR_TARGET : undefined;

  detail('');
  detail(`${label}`);
  detail(`  ${fmt(floor.run?.listed)} files listed, ${fmt(candidates)} of a kind jwtlint reads (${fmt(candidateBytes / 1e6, 1)} MB), ${fmt(jsFiles.length)} JS/TS (${fmt(jsBytes / 1e6, 1)} MB); jwtlint discovered ${fmt(jwtlint.files)}`);
  detail(`  ${'tool'.padEnd(38)} ${'files'.padStart(7)} ${'MB'.padStart(7)} ${'wall s'.padStart(8)} ${'CPU s'.padStart(8)} ${'peak MB'.padStart(8)} ${'files/s'.padStart(9)} ${'MB/s'.padStart(8)}  ratio`);
  const floorNote = (r, name) => (ok(r) ? `${name === floor.name ? 'the floor (faster)' : `${fmt(ratio(r, floor.run), 2)}x the faster floor`}` : '');
  detail(`  ${row('(a) floor-walk: readdirSync + readFile', walk, walk.files, walk.bytes ?? 0, floorNote(walk, 'floor-walk'))}`);
  detail(`  ${row('(a) fast-glob + readFile (reference)', glob, glob.files, glob.bytes ?? 0, floorNote(glob, 'fast-glob floor'))}`);
  const parsedNote = jwtlint.parsed !== undefined ? `, ${fmt(jwtlint.parsed)} parsed, ${fmt(jwtlint.findings)} findings, engine ${fmt(jwtlint.engineMs / 1000, 2)} s` : '';
  detail(`  ${row('jwtlint scan (dist/)', jwtlint, jwtlint.files ?? candidates, candidateBytes, `${fmt(jwtlintVsFloor, 2)}x floor${parsedNote}`)}`);
  detail(`  ${row('(b) @babel/parser, every JS/TS file', babel, jsFiles.length, jsBytes, `${fmt(babelVsJwtlint, 1)}x jwtlint${babel.failures ? `, ${babel.failures} unparsable` : ''}`)}`);
  if (eslintRun) {
    const text = !ok(eslintRun) ? '' : eslintRun.pluginLoaded ? `${fmt(eslintVsJwtlint, 1)}x jwtlint, ${eslintRun.rules} jwt rules, ${fmt(eslintRun.messages)} messages, ${fmt(eslintRun.fatal)} parse errors` : `${fmt(eslintVsJwtlint, 1)}x jwtlint; plugin did not load (${eslintRun.pluginError}): ESLint with no rules, a lower bound`;
    detail(`  ${row('(c) ESLint + eslint-plugin-jwt', eslintRun, jsFiles.length, jsBytes, text)}`);
  } else {
    detail(`  ${'(c) ESLint + eslint-plugin-jwt'.padEnd(38)} skipped${quick ? ' (--quick)' : !withEslint ? ' (--no-eslint)' : ''}`);
  }
  if (off) detail(`  ${row('jwtlint, prefilter off (runScan API)', off, off.files ?? candidates, candidateBytes, ok(off) ? `${fmt(ratio(off, jwtlint), 1)}x jwtlint, ${fmt(off.parsed)} parsed, ${fmt(off.findings)} findings` : '')}`);
  detail(
    `  targets: wall <= ${FLOOR_TARGET}x the faster floor (${floor.name}): ${fmt(jwtlintVsFloor, 2)}x ${check(floorMet)}; ` +
      `(b) >= 4x jwtlint: ${check(babelVsJwtlint !== undefined ? babelVsJwtlint >= 4 : undefined)}; ` +
      `(c) >= 30x jwtlint: ${check(eslintVsJwtlint !== undefined ? eslintVsJwtlint >= 30 : undefined)}; ` +
      `peak < 400 MB: ${check(ok(jwtlint) ? jwtlint.peakMb < 400 : undefined)}`,
  );
  const entry = {
    label,
    short,
    cwd,
    paths,
    jsFiles: jsFiles.length,
    jsBytes,
    candidates,
    candidateBytes,
    floorWalk: walk,
    floorFastGlob: glob,
    fasterFloor: floor.name,
    jwtlint,
    babel,
    eslint: eslintRun,
    prefilterOff: off,
    ratios: { jwtlintVsFloor, jwtlintVsFloorWalk: ratio(jwtlint, walk), jwtlintVsFastGlobFloor: ratio(jwtlint, glob), babelVsJwtlint, eslintVsJwtlint },
    targets: { jwtlintVsFloorAtMost: FLOOR_TARGET, floorMet },
  };
  report.corpora.push(entry);
  return { ...entry, jsFileList: jsFiles };
}

/** Each pathological file in a folder of its own, scanned by the CLI in a child process (median of `repeat`). */
function measurePathological() {
  const base = join(work, 'pathological');
  const emptyDir = join(base, 'empty');
  mkdirSync(emptyDir, { recursive: true });
  const emptyRuns = Math.max(3, repeat);
  progress(`pathological files: empty-folder scan x${emptyRuns}, then ${PATHOLOGICAL_CASES.length} files x${repeat}`);
  const empty = runRepeated(['jwtlint', emptyDir, '.'], emptyRuns, { cwd: emptyDir });
  const cases = [];
  for (const [k, c] of PATHOLOGICAL_CASES.entries()) {
    const dir = join(base, `case-${k}`);
    mkdirSync(dir, { recursive: true });
    const { text, statements } = c.generate(PATHOLOGICAL_SIZE);
    writeFileSync(join(dir, c.file), text);
    const expected = c.expect(PATHOLOGICAL_SIZE);
    progress(`pathological: ${c.name} (${fmt(Buffer.byteLength(text) / 1e6, 2)} MB) x${repeat}`);
    const r = runRepeated(['jwtlint', dir, '.'], repeat, { cwd: dir, timeoutS: 300 });
    const beyondS = ok(r) && ok(empty) ? r.wallS - empty.wallS : undefined;
    // The same case at half the size: linear work doubles (about 2x), quadratic quadruples.
    const halfDir = join(base, `case-${k}-half`);
    mkdirSync(halfDir, { recursive: true });
    writeFileSync(join(halfDir, c.file), c.generate(PATHOLOGICAL_SIZE / 2).text);
    const half = runRepeated(['jwtlint', halfDir, '.'], repeat, { cwd: halfDir, timeoutS: 300 });
    const halfBeyondS = ok(half) && ok(empty) ? half.wallS - empty.wallS : undefined;
    const growth = beyondS !== undefined && halfBeyondS !== undefined && halfBeyondS > 0 ? beyondS / halfBeyondS : undefined;
    const counted = ok(r) ? (expected.rule ? (r.byRule?.[expected.rule] ?? 0) : r.findings) : undefined;
    // Reports with code frames: the same scan written as text, at both sizes.
    let asText;
    if (c.alsoText) {
      const full = runRepeated(['jwtlint-text', dir, '.'], repeat, { cwd: dir, timeoutS: 300 });
      const halfText = runRepeated(['jwtlint-text', halfDir, '.'], repeat, { cwd: halfDir, timeoutS: 300 });
      const textBeyond = ok(full) && ok(empty) ? full.wallS - empty.wallS : undefined;
      const halfTextBeyond = ok(halfText) && ok(empty) ? halfText.wallS - empty.wallS : undefined;
      const textGrowth = textBeyond !== undefined && halfTextBeyond ? textBeyond / halfTextBeyond : undefined;
      asText = { run: full, wallS: ok(full) ? full.wallS : undefined, beyondStartupS: textBeyond, findings: ok(full) ? full.findings : undefined, growth: textGrowth, linear: textGrowth !== undefined ? textGrowth <= PATHOLOGICAL_GROWTH_MAX : undefined };
    }
    cases.push({
      name: c.name,
      file: c.file,
      what: c.what,
      bytes: Buffer.byteLength(text),
      statements,
      run: r,
      wallS: ok(r) ? r.wallS : undefined,
      beyondStartupS: beyondS,
      usPerStatement: beyondS !== undefined ? (beyondS * 1e6) / statements : undefined,
      findings: ok(r) ? r.findings : undefined,
      byRule: r.byRule,
      notifications: r.notifications,
      expected,
      expectedMet: counted !== undefined ? counted >= expected.min : undefined,
      targetS: PATHOLOGICAL_TARGET_S,
      met: beyondS !== undefined ? beyondS < PATHOLOGICAL_TARGET_S : undefined,
      halfBeyondStartupS: halfBeyondS,
      growth,
      linear: growth !== undefined ? growth <= PATHOLOGICAL_GROWTH_MAX : undefined,
      text: asText,
    });
  }
  report.pathological = { size: PATHOLOGICAL_SIZE, repeat, emptyScan: empty, emptyScanS: ok(empty) ? empty.wallS : undefined, targetS: PATHOLOGICAL_TARGET_S, cases };
  return report.pathological;
}

function pathologicalRows(p, indent) {
  const out = [];
  out.push(`${indent}${'case'.padEnd(16)} ${'MB'.padStart(5)} ${'statements'.padStart(10)} ${'wall s'.padStart(7)} ${'beyond s'.padStart(8)} ${'µs/stmt'.padStart(8)} ${'findings'.padStart(9)} ${'peak MB'.padStart(8)} ${'n/(n/2)'.padStart(8)}  target < ${p.targetS} s beyond start-up; linear: n/(n/2) <= ${PATHOLOGICAL_GROWTH_MAX}`);
  out.push(`${indent}${'(empty folder)'.padEnd(16)} ${'-'.padStart(5)} ${'-'.padStart(10)} ${fmt(p.emptyScanS, 2).padStart(7)} ${'-'.padStart(8)} ${'-'.padStart(8)} ${'-'.padStart(9)} ${fmt(p.emptyScan.peakMb).padStart(8)}  start-up: node + CLI + an empty scan`);
  for (const c of p.cases) {
    if (!ok(c.run)) {
      out.push(`${indent}${c.name.padEnd(16)} failed: ${c.run?.failed}`);
      continue;
    }
    const fewer = c.expectedMet === false ? `; FEWER findings than expected (${fmt(c.expected.min)}${c.expected.rule ? ` ${c.expected.rule}` : ''})` : '';
    out.push(
      `${indent}${c.name.padEnd(16)} ${fmt(c.bytes / 1e6, 2).padStart(5)} ${fmt(c.statements).padStart(10)} ${fmt(c.wallS, 2).padStart(7)} ${fmt(c.beyondStartupS, 2).padStart(8)} ` +
        `${fmt(c.usPerStatement, 1).padStart(8)} ${fmt(c.findings).padStart(9)} ${fmt(c.run.peakMb).padStart(8)} ${(c.growth === undefined ? '?' : `${fmt(c.growth, 2)}x`).padStart(8)}  ${check(c.met)}; linear: ${check(c.linear)}${fewer}`,
    );
    if (c.text) {
      const t = c.text;
      out.push(
        `${indent}${'  as text'.padEnd(16)} ${''.padStart(5)} ${''.padStart(10)} ${fmt(t.wallS, 2).padStart(7)} ${fmt(t.beyondStartupS, 2).padStart(8)} ${fmt(t.beyondStartupS !== undefined ? (t.beyondStartupS * 1e6) / c.statements : undefined, 1).padStart(8)} ${fmt(t.findings).padStart(9)} ${fmt(t.run?.peakMb).padStart(8)} ${(t.growth === undefined ? '?' : `${fmt(t.growth, 2)}x`).padStart(8)}  the text report with code frames; linear: ${check(t.linear)}`,
      );
    }
  }
  return out;
}

/** The hostile inputs, all in one child process; each case timed once, cold. */
function measureHostile() {
  progress('hostile inputs (one child process, every case once)');
  const r = runChild(['hostile'], { timeoutS: 600 });
  if (!ok(r)) {
    report.hostile = { failed: r.failed };
    return report.hostile;
  }
  const cases = r.cases;
  const timed = cases.filter((c) => c.ms !== undefined || c.error);
  const failed = cases.filter((c) => c.met === false);
  const unavailable = cases.filter((c) => c.unavailable);
  report.hostile = { cases, totalMs: r.totalMs, wallS: r.wallS, peakMb: r.peakMb, timed: timed.length, notMet: failed.length, unavailable: unavailable.length };
  return report.hostile;
}

const hostileVerdict = (c) => (c.unavailable ? `unavailable (${c.unavailable})` : c.error ? `NOT met: ${c.error}` : check(c.met));
const hostileRow = (c, indent) =>
  `${indent}${fmt(c.ms, 1).padStart(8)} ms  ${`< ${fmt(c.boundMs / 1000)} s`.padEnd(6)} ${hostileVerdict(c).padEnd(8)} ${c.name}${c.runs?.length > 1 ? ` (median of ${c.runs.length}: ${c.runs.map((ms) => fmt(ms)).join(', ')} ms)` : ''}`;

// ---- main -----------------------------------------------------------------------------------

const started = performance.now();
const version = (pkg) => {
  try {
    return JSON.parse(readFileSync(join(PROJECT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
};
report.environment = {
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  measuredBy: TIME ? '/usr/bin/time -v' : 'process.resourceUsage() in the child',
  jwtlint: JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')).version,
  eslint: version('eslint'),
  'eslint-plugin-jwt': version('eslint-plugin-jwt'),
  '@typescript-eslint/parser': version('@typescript-eslint/parser'),
  '@babel/parser': version('@babel/parser'),
  quick,
  repeat,
};
note(`jwtlint benchmark${quick ? ' (--quick)' : ''}: Node ${process.version}, ${cpus().length} cores (${report.environment.cpu}); ${report.environment.measuredBy}`);
note(`eslint ${report.environment.eslint}, eslint-plugin-jwt ${report.environment['eslint-plugin-jwt']}, @typescript-eslint/parser ${report.environment['@typescript-eslint/parser']}, @babel/parser ${report.environment['@babel/parser']}`);
note(`Each tool runs in a child process: wall = start to exit, CPU = user + system, peak = max RSS. jwtlint: median of ${repeat} run(s), floors: median of ${Math.max(3, repeat)}, babel and ESLint: one run.`);

let primary = null;
let scaling = null;
let failure = null;
try {
  let prefilterCorpus = null;
  if (userDir) {
    if (!existsSync(userDir) || !statSync(userDir).isDirectory()) throw new Error(`not a folder: ${userDir}`);
    const r = await measureCorpus(`(iii) ${userDir}, as jwtlint scans it (default excludes and .gitignore apply)`, userDir, userDir, ['.'], { noPrefilter: !quick });
    primary = r;
    prefilterCorpus = { label: userDir, files: r.jsFileList };
  }
  if (runDefaults) {
    const nm = join(PROJECT, 'node_modules');
    const copy = join(work, 'node_modules-copy');
    const t0 = performance.now();
    progress(`copying ${nm} without default-excluded names`);
    const copied = copyWithoutExcludes(nm, copy);
    detail('');
    detail(`(i) copied ${nm} without default-excluded names (${fmt(copied)} files, hard links) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const r = await measureCorpus('(i) node_modules of this project, default excludes off (renamed copy)', '(i) node_modules', copy, ['.'], { eslint: withEslint && !quick });
    primary ??= r;
    prefilterCorpus ??= { label: 'node_modules', files: r.jsFileList };

    progress(`(ii) generated monorepo, ${fmt(baseModules)} modules per 1x`);
    const { dir, parts } = monorepoParts(baseModules, 4);
    detail('');
    detail(`(ii) generated monorepo, ${fmt(baseModules)} modules per 1x (cached in ${dir})`);
    const results = [];
    for (const factor of [1, 2, 4]) {
      const paths = parts.slice(0, factor);
      const label = `(ii) generated monorepo ${factor}x (${paths.join(' + ')})`;
      results.push({ factor, ...(await measureCorpus(label, `(ii) monorepo ${factor}x`, dir, paths, { eslint: withEslint && factor === 1, noPrefilter: !quick && factor === 1 })) });
    }
    const unit = (r, run) => (ok(run) ? (1000 * run.wallS * 1000) / r.jsFiles : undefined);
    const base1 = unit(results[0], results[0].jwtlint);
    scaling = results.map((r) => {
      const per = unit(r, r.jwtlint);
      return {
        factor: r.factor,
        modules: r.jsFiles,
        floorMs: unit(r, r.fasterFloor === 'fast-glob floor' ? r.floorFastGlob : r.floorWalk),
        jwtlintMs: per,
        cpuMs: ok(r.jwtlint) ? (1000 * r.jwtlint.cpuS * 1000) / r.jsFiles : undefined,
        peakMb: r.jwtlint.peakMb,
        babelMs: unit(r, r.babel),
        vs1x: per && base1 ? per / base1 : undefined,
        // What the modules added since 1x cost, per 1,000: start-up and other fixed costs cancel out.
        marginalMs: r.factor > 1 && ok(r.jwtlint) && ok(results[0].jwtlint) ? (1e6 * (r.jwtlint.wallS - results[0].jwtlint.wallS)) / (r.jsFiles - results[0].jsFiles) : undefined,
      };
    });
    report.scaling = scaling;

    progress('resolution section');
    detail('');
    report.resolution = await resolutionBench(quick ? 250 : 1000, detail);

    progress('polyglot section');
    detail('');
    report.polyglot = await polyglotBench(quick ? 200 : 500, detail, { reps: quick ? 1 : 3 });
  }

  progress('estate-merge section');
  detail('');
  report.merge = await mergeBench(detail, { reps: quick ? 1 : 3 });

  report.pathological = measurePathological();
  report.hostile = measureHostile();

  if (prefilterCorpus) {
    progress('prefilter section');
    detail('');
    detail(`prefilter section, on the JS/TS files of ${prefilterCorpus.label}`);
    report.prefilter.push({ corpus: prefilterCorpus.label, ...prefilterBench(prefilterCorpus.files, detail, { reps: quick ? 3 : 5 }) });
  }
} catch (error) {
  failure = error;
} finally {
  if (!flag('--keep')) rmSync(work, { recursive: true, force: true });
  else detail(`kept ${work}`);
}

// ---- the report: headline, then details ---------------------------------------------------

const headline = [];
const h = (line = '') => headline.push(line);
h('HEADLINE');
h(`  floor ratio: jwtlint wall time / the faster list+read floor; target <= ${FLOOR_TARGET}x`);
h('    (floors: floor-walk = plain recursive readdirSync walk, fast-glob floor = fast-glob listing, for reference;');
h('     both skip the default excludes, follow no links and read every file of a kind jwtlint reads; neither');
h('     applies .gitignore/.jwtlintignore, which jwtlint does: where those exclude files, the floors read more)');
for (const c of report.corpora) {
  const isPrimary = primary && c.label === primary.label;
  const floorRun = c.fasterFloor === 'fast-glob floor' ? c.floorFastGlob : c.floorWalk;
  const other = c.fasterFloor === 'fast-glob floor' ? ['floor-walk', c.floorWalk, c.ratios.jwtlintVsFloorWalk] : ['fast-glob floor', c.floorFastGlob, c.ratios.jwtlintVsFastGlobFloor];
  h(
    `  ${isPrimary ? '>' : ' '} ${c.short.padEnd(22)} jwtlint ${fmt(c.jwtlint.wallS, 2).padStart(6)} s / ${c.fasterFloor} ${fmt(floorRun?.wallS, 2)} s = ${fmt(c.ratios.jwtlintVsFloor, 2)}x  ${check(c.targets.floorMet).padEnd(7)}` +
      `  (${other[0]} ${fmt(other[1]?.wallS, 2)} s: ${fmt(other[2], 2)}x; ${fmt(c.candidates)} files, ${fmt(c.candidateBytes / 1e6, 1)} MB)`,
  );
}
if (primary) h(`    > the headline ratio: ${primary.short}: ${fmt(primary.ratios.jwtlintVsFloor, 2)}x the ${primary.fasterFloor}, ${check(primary.targets.floorMet)}`);
report.headline = primary
  ? {
      corpus: primary.short,
      floor: primary.fasterFloor,
      jwtlintS: primary.jwtlint.wallS,
      floorS: (primary.fasterFloor === 'fast-glob floor' ? primary.floorFastGlob : primary.floorWalk)?.wallS,
      ratio: primary.ratios.jwtlintVsFloor,
      target: FLOOR_TARGET,
      met: primary.targets.floorMet,
    }
  : null;
if (scaling) {
  h('');
  h('  scaling (generated monorepo): wall time per 1,000 JS/TS modules (flat or falling = linear; fixed start-up weighs most at 1x),');
  h('  and the marginal cost: what the modules added since 1x cost per 1,000');
  h(`    ${'size'.padEnd(5)} ${'modules'.padStart(8)} ${'floor ms'.padStart(9)} ${'jwtlint ms'.padStart(11)} ${'CPU ms'.padStart(8)} ${'peak MB'.padStart(8)} ${'babel ms'.padStart(9)}  ${'vs 1x'.padStart(5)}  ${'marginal ms'.padStart(11)}`);
  for (const r of scaling) {
    h(
      `    ${`${r.factor}x`.padEnd(5)} ${fmt(r.modules).padStart(8)} ${fmt(r.floorMs).padStart(9)} ${fmt(r.jwtlintMs).padStart(11)} ${fmt(r.cpuMs).padStart(8)} ` +
        `${fmt(r.peakMb).padStart(8)} ${fmt(r.babelMs).padStart(9)}  ${(r.vs1x ? r.vs1x.toFixed(2) : '-').padStart(5)}  ${fmt(r.marginalMs).padStart(11)}`,
    );
  }
}
if (report.polyglot) {
  const g = report.polyglot;
  const names = { ts: 'JS/TS', py: 'Python', go: 'Go', java: 'Java', kt: 'Kotlin', cs: 'C#' };
  h('');
  h(`  polyglot (generated services, every file using its JWT library): ${g.languages.map((l) => `${names[l.lang]} ${fmt(l.msPerMb)} ms/MB`).join(', ')}; grammar start-up ${fmt(g.grammarLoadMs)} ms once`);
  h(`    a JS/TS repository with ${fmt(g.jsOnly.otherMb, 1)} MB of Python, Go, Java, Kotlin and C# that use no JWT library: +${fmt(g.jsOnly.withOtherMs - g.jsOnly.aloneMs)} ms over ${fmt(g.jsOnly.aloneMs)} ms, other-language files parsed: ${Object.values(g.jsOnly.otherParsed).reduce((a, b) => a + b, 0)}`);
}
if (report.merge) {
  const m = report.merge;
  h('');
  h(`  estate merge (generated estate files, read + validated + merged + SARIF): ${m.sizes.map((s) => `${fmt(s.repositories)} repositories ${fmt(s.ms)} ms (${fmt(s.usPerRepository)} µs each)`).join(', ')}; CLI with ${fmt(m.cli.repositories)}: ${fmt(m.cli.wallMs)} ms wall`);
}
if (report.pathological) {
  const p = report.pathological;
  h('');
  h(`  pathological files: one file each, scanned by the CLI in a child process, median of ${p.repeat}; target each < ${p.targetS} s beyond an empty scan's start-up`);
  h('  (beyond s = wall s - the empty folder\'s wall s; µs/stmt = beyond s / statements)');
  for (const line of pathologicalRows(p, '    ')) h(line);
}
if (report.hostile) {
  const x = report.hostile;
  h('');
  if (x.failed) h(`  hostile inputs: failed: ${x.failed}`);
  else {
    const worst = [...x.cases].filter((c) => c.ms !== undefined).sort((a, b) => b.ms / b.boundMs - a.ms / a.boundMs)[0];
    const verdict = x.notMet > 0 ? `${x.notMet} over their bounds or failing: NOT met` : x.unavailable > 0 ? `${x.unavailable} could not run (see details): ?` : 'all within their bounds: met';
    h(
      `  hostile inputs (the bounds the vitest suite used to assert): ${x.cases.length} cases, ${verdict}; ` +
        `closest to its bound: ${worst ? `${fmt(worst.ms)} ms of ${fmt(worst.boundMs / 1000)} s, ${worst.name}` : '-'}`,
    );
    for (const c of x.cases.filter((c) => c.met === false)) h(hostileRow(c, '    '));
  }
}

if (report.pathological) {
  detail('');
  detail(`pathological files (${fmt(report.pathological.size)} repetitions each; a file of its own in an empty folder)`);
  for (const c of report.pathological.cases) {
    detail(`  ${c.name}: ${c.what}`);
    const rules = Object.entries(c.byRule ?? {}).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${fmt(v)}`).join(', ');
    const notes = Object.entries(c.notifications ?? {}).map(([k, v]) => `${k} ${fmt(v)}`).join(', ');
    detail(`    findings by rule: ${rules || 'none'}; notifications: ${notes || 'none'}; expected at least ${fmt(c.expected.min)}${c.expected.rule ? ` ${c.expected.rule}` : ''}: ${c.expectedMet === undefined ? '?' : c.expectedMet ? 'yes' : 'NO'}; CPU ${fmt(c.run?.cpuS, 2)} s, engine ${fmt(c.run?.engineMs / 1000, 2)} s`);
  }
}
if (report.hostile && !report.hostile.failed) {
  const x = report.hostile;
  detail('');
  detail(`hostile inputs: every case timed once (cold) in one child process, through dist/; over half its bound, twice more and the median counts (${fmt(x.totalMs / 1000, 1)} s in all, peak ${fmt(x.peakMb)} MB)`);
  detail('  by test file (the bound each asserted):');
  const bySource = new Map();
  for (const c of x.cases) bySource.set(c.source, [...(bySource.get(c.source) ?? []), c]);
  for (const [source, cs] of bySource) {
    const slowest = cs.filter((c) => c.ms !== undefined).sort((a, b) => b.ms - a.ms)[0];
    const bounds = [...new Set(cs.map((c) => c.boundMs / 1000))].join('/');
    const notMet = cs.filter((c) => c.met === false).length;
    const missing = cs.filter((c) => c.unavailable).length;
    const verdict = notMet ? `${notMet} NOT met` : missing ? `${missing} could not run` : 'all met';
    detail(`    ${source.padEnd(38)} ${String(cs.length).padStart(3)} case${cs.length === 1 ? ' ' : 's'}  bound ${bounds} s  ${verdict}  slowest ${fmt(slowest?.ms)} ms (${slowest?.name ?? '-'})`);
  }
  detail('  the 12 closest to their bounds:');
  for (const c of [...x.cases].filter((c) => c.ms !== undefined).sort((a, b) => b.ms / b.boundMs - a.ms / a.boundMs).slice(0, 12)) detail(hostileRow(c, '    '));
  const failedCases = x.cases.filter((c) => c.error);
  if (failedCases.length) {
    detail('  failed:');
    for (const c of failedCases) detail(hostileRow(c, '    '));
  }
  // A module missing from dist/ (not built, or being rebuilt) makes many cases unavailable: one line per reason.
  const unavailableBy = new Map();
  for (const c of x.cases.filter((c) => c.unavailable)) unavailableBy.set(c.unavailable, (unavailableBy.get(c.unavailable) ?? 0) + 1);
  if (unavailableBy.size) {
    detail('  could not run (run `npm run build` first; a rebuild during the bench has the same effect):');
    for (const [why, n] of unavailableBy) detail(`    ${String(n).padStart(3)} case${n === 1 ? ' ' : 's'}: ${why.slice(0, 200)}`);
  }
  detail('  (all cases: node test/bench/hostile-bench.mjs, or --json)');
}

const output = [...top, '', ...headline, '', 'DETAILS', ...details, '', `bench finished in ${((performance.now() - started) / 1000).toFixed(0)} s`];
console.log(output.join('\n'));
if (jsonOut) writeFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), jsonOut), `${JSON.stringify(report, null, 2)}\n`);
if (failure) {
  console.error(failure);
  process.exitCode = 1;
}
