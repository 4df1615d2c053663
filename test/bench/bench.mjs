#!/usr/bin/env node
// `npm run bench`: jwtlint side by side with (a) the floor for any Node scanner (fast-glob
// listing + reading every candidate file), (b) @babel/parser over every JS/TS file and (c)
// ESLint with eslint-plugin-jwt over the same files. Each run is a child process of its own
// (under `/usr/bin/time -v` when available): wall time, CPU time, peak memory, files and MB
// per second, and the ratios. No network.
//
//   npm run bench                      (i) this project's node_modules (a copy without the
//                                      default excludes), (ii) a generated monorepo at 1x, 2x,
//                                      4x, the resolution section and the prefilter section
//   npm run bench -- --quick           the same, smaller (2,500 modules at 1x; no ESLint on node_modules)
//   npm run bench -- <dir>             (iii) one folder as jwtlint scans it (default excludes,
//                                      .gitignore), plus the prefilter section on it
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
import { dialectOf } from '../../dist/src/parse/parse-js.js';
import { generateMonorepo } from './generate-monorepo.mjs';
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
const report = { environment: {}, corpora: [], resolution: null, prefilter: [] };

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
    return { failed: `${why}: ${(p.stderr ?? '').split('\n').filter((l) => l && !/^\s+(\w[\w ()%/:-]*): /.test(l)).slice(-5).join(' | ')}` };
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
      log(`  generated part-${i}: ${info.jsModules} modules, ${info.services} JWT services, ${(info.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s (cached in ${dir})`);
    }
    parts.push(`part-${i}`);
  }
  return { dir, parts };
}

// ---- printing ------------------------------------------------------------------------------

const lines = [];
function log(line = '') {
  lines.push(line);
  console.log(line);
}
const fmt = (n, digits = 0) => (n === undefined || Number.isNaN(n) ? '-' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

function row(label, r, files, bytes, note) {
  if (!r || r.failed) return `${label.padEnd(38)} ${'failed: ' + (r?.failed ?? 'not run')}`;
  const mb = bytes / 1e6;
  return (
    `${label.padEnd(38)} ${fmt(files).padStart(7)} ${fmt(mb, mb < 10 ? 2 : 1).padStart(7)} ${fmt(r.wallS, 2).padStart(8)} ${fmt(r.cpuS, 2).padStart(8)} ` +
    `${fmt(r.peakMb).padStart(8)} ${fmt(files / r.wallS).padStart(9)} ${fmt(mb / r.wallS, 1).padStart(8)}  ${note ?? ''}`
  );
}

/**
 * Measures one corpus: floor, jwtlint, babel, ESLint (optional), jwtlint with the prefilter
 * off (optional). `paths` are relative to `cwd`.
 */
async function measureCorpus(label, cwd, paths, { eslint = withEslint, noPrefilter = false } = {}) {
  const jsFiles = await jsFilesOf(cwd, paths);
  mkdirSync(work, { recursive: true });
  const listFile = join(work, `list-${report.corpora.length}.txt`);
  writeFileSync(listFile, `${jsFiles.join('\n')}\n`);
  const jsBytes = jsFiles.reduce((n, f) => n + statSync(f).size, 0);

  const floor = runRepeated(['floor', cwd, ...paths], Math.max(3, repeat), { cwd });
  const jwtlint = runRepeated(['jwtlint', cwd, ...paths], repeat, { cwd });
  const withWorkers = runRepeated(['jwtlint-workers', cwd, ...paths], repeat, { cwd });
  const babel = runChild(['babel', listFile], { cwd });
  const eslintRun = eslint ? runChild(['eslint', listFile, cwd], { cwd, timeoutS: 1800 }) : null;
  const off = noPrefilter ? runChild(['jwtlint-api', cwd, ...paths, '--no-prefilter'], { cwd }) : null;

  const candidates = floor.files ?? 0;
  const candidateBytes = floor.bytes ?? 0;
  const ratio = (a, b) => (a && b && !a.failed && !b.failed ? a.wallS / b.wallS : undefined);
  const jwtlintVsFloor = ratio(jwtlint, floor);
  const babelVsJwtlint = ratio(babel, jwtlint);
  const eslintVsJwtlint = ratio(eslintRun, jwtlint);

  log('');
  log(`${label}`);
  log(`  ${fmt(floor.listed)} files listed, ${fmt(candidates)} that jwtlint reads (${fmt(candidateBytes / 1e6, 1)} MB), ${fmt(jsFiles.length)} JS/TS (${fmt(jsBytes / 1e6, 1)} MB)`);
  log(`  ${'tool'.padEnd(38)} ${'files'.padStart(7)} ${'MB'.padStart(7)} ${'wall s'.padStart(8)} ${'CPU s'.padStart(8)} ${'peak MB'.padStart(8)} ${'files/s'.padStart(9)} ${'MB/s'.padStart(8)}  ratio`);
  log(`  ${row('(a) fast-glob + readFile (floor)', floor, candidates, candidateBytes, 'floor')}`);
  const parsedNote = jwtlint.parsed !== undefined ? `, ${fmt(jwtlint.parsed)} parsed, ${fmt(jwtlint.findings)} findings, engine ${fmt(jwtlint.engineMs / 1000, 2)} s` : '';
  log(`  ${row('jwtlint scan (dist/)', jwtlint, jwtlint.files ?? candidates, candidateBytes, `${fmt(jwtlintVsFloor, 1)}x floor${parsedNote}`)}`);
  log(`  ${row('jwtlint --workers auto', withWorkers, withWorkers.files ?? candidates, candidateBytes, `${fmt(ratio(withWorkers, floor), 1)}x floor, ${fmt(ratio(withWorkers, jwtlint), 2)}x jwtlint, ${fmt(withWorkers.readWorkers)} read worker(s)`)}`);
  log(`  ${row('(b) @babel/parser, every JS/TS file', babel, jsFiles.length, jsBytes, `${fmt(babelVsJwtlint, 1)}x jwtlint${babel.failures ? `, ${babel.failures} unparsable` : ''}`)}`);
  if (eslintRun) {
    const note = eslintRun.failed ? '' : eslintRun.pluginLoaded ? `${fmt(eslintVsJwtlint, 1)}x jwtlint, ${eslintRun.rules} jwt rules, ${fmt(eslintRun.messages)} messages, ${fmt(eslintRun.fatal)} parse errors` : `${fmt(eslintVsJwtlint, 1)}x jwtlint; plugin did not load (${eslintRun.pluginError}): ESLint with no rules, a lower bound`;
    log(`  ${row('(c) ESLint + eslint-plugin-jwt', eslintRun, jsFiles.length, jsBytes, note)}`);
  } else {
    log(`  ${'(c) ESLint + eslint-plugin-jwt'.padEnd(38)} skipped${quick ? ' (--quick)' : ''}`);
  }
  if (off) log(`  ${row('jwtlint, prefilter off (runScan API)', off, off.files ?? candidates, candidateBytes, off.failed ? '' : `${fmt(ratio(off, jwtlint), 1)}x jwtlint, ${fmt(off.parsed)} parsed, ${fmt(off.findings)} findings`)}`);
  const check = (ok) => (ok === undefined ? '?' : ok ? 'met' : 'NOT met');
  log(
    `  targets: wall <= 3x floor: ${check(jwtlintVsFloor !== undefined ? jwtlintVsFloor <= 3 : undefined)}; ` +
      `(b) >= 4x jwtlint: ${check(babelVsJwtlint !== undefined ? babelVsJwtlint >= 4 : undefined)}; ` +
      `(c) >= 30x jwtlint: ${check(eslintVsJwtlint !== undefined ? eslintVsJwtlint >= 30 : undefined)}; ` +
      `peak < 400 MB: ${check(jwtlint.peakMb !== undefined ? jwtlint.peakMb < 400 : undefined)}`,
  );
  const entry = { label, cwd, paths, jsFiles: jsFiles.length, jsBytes, candidates, candidateBytes, floor, jwtlint, jwtlintWithWorkers: withWorkers, babel, eslint: eslintRun, prefilterOff: off, ratios: { jwtlintVsFloor, babelVsJwtlint, eslintVsJwtlint } };
  report.corpora.push(entry);
  return { ...entry, jsFileList: jsFiles };
}

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
};
log(`jwtlint benchmark${quick ? ' (--quick)' : ''}: Node ${process.version}, ${cpus().length} cores (${report.environment.cpu}); ${report.environment.measuredBy}`);
log(`eslint ${report.environment.eslint}, eslint-plugin-jwt ${report.environment['eslint-plugin-jwt']}, @typescript-eslint/parser ${report.environment['@typescript-eslint/parser']}, @babel/parser ${report.environment['@babel/parser']}`);
log(`Each tool runs in a child process: wall = start to exit, CPU = user + system, peak = max RSS. jwtlint: median of ${repeat} run(s), floor: median of ${Math.max(3, repeat)}, the others: one run.`);

try {
  let prefilterCorpus = null;
  if (userDir) {
    if (!existsSync(userDir) || !statSync(userDir).isDirectory()) throw new Error(`not a folder: ${userDir}`);
    const r = await measureCorpus(`(iii) ${userDir}, as jwtlint scans it (default excludes and .gitignore apply)`, userDir, ['.'], { noPrefilter: !quick });
    prefilterCorpus = { label: userDir, files: r.jsFileList };
  }
  if (runDefaults) {
    const nm = join(PROJECT, 'node_modules');
    const copy = join(work, 'node_modules-copy');
    const t0 = performance.now();
    const copied = copyWithoutExcludes(nm, copy);
    log('');
    log(`(i) copying ${nm} without default-excluded names (${fmt(copied)} files, hard links) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const r = await measureCorpus('(i) node_modules of this project, default excludes off (renamed copy)', copy, ['.'], { eslint: withEslint && !quick });
    prefilterCorpus ??= { label: 'node_modules', files: r.jsFileList };

    log('');
    log(`(ii) generated monorepo, ${fmt(baseModules)} modules per 1x`);
    const { dir, parts } = monorepoParts(baseModules, 4);
    const sizes = [1, 2, 4].map((factor) => ({ factor, paths: parts.slice(0, factor) }));
    const results = [];
    for (const { factor, paths } of sizes) {
      const label = `(ii) generated monorepo ${factor}x (${paths.join(' + ')})`;
      results.push({ factor, ...(await measureCorpus(label, dir, paths, { eslint: withEslint && factor === 1, noPrefilter: !quick && factor === 1 })) });
    }
    log('');
    log('(ii) linearity (generated monorepo): per 1,000 JS/TS modules');
    log(`  ${'size'.padEnd(6)} ${'modules'.padStart(8)} ${'floor ms'.padStart(9)} ${'jwtlint ms'.padStart(11)} ${'CPU ms'.padStart(8)} ${'peak MB'.padStart(8)} ${'babel ms'.padStart(9)}  jwtlint vs 1x`);
    const unit = (r, key) => (r[key] && !r[key].failed ? (1000 * r[key].wallS * 1000) / r.jsFiles : undefined);
    const base1 = unit(results[0], 'jwtlint');
    for (const r of results) {
      const per = unit(r, 'jwtlint');
      log(
        `  ${`${r.factor}x`.padEnd(6)} ${fmt(r.jsFiles).padStart(8)} ${fmt(unit(r, 'floor')).padStart(9)} ${fmt(per).padStart(11)} ${fmt(r.jwtlint.failed ? undefined : (1000 * r.jwtlint.cpuS * 1000) / r.jsFiles).padStart(8)} ` +
          `${fmt(r.jwtlint.peakMb).padStart(8)} ${fmt(unit(r, 'babel')).padStart(9)}  ${per && base1 ? `${(per / base1).toFixed(2)}` : '-'}`,
      );
    }

    log('');
    report.resolution = await resolutionBench(quick ? 250 : 1000, (l) => log(l));
  }
  if (prefilterCorpus) {
    log('');
    log(`prefilter section, on the JS/TS files of ${prefilterCorpus.label}`);
    report.prefilter.push({ corpus: prefilterCorpus.label, ...prefilterBench(prefilterCorpus.files, (l) => log(l), { reps: quick ? 3 : 5 }) });
  }
} finally {
  if (!flag('--keep')) rmSync(work, { recursive: true, force: true });
  else log(`kept ${work}`);
}
log('');
log(`bench finished in ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (jsonOut) writeFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), jsonOut), `${JSON.stringify(report, null, 2)}\n`);
