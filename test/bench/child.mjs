#!/usr/bin/env node
// One measured run of one tool, in a process of its own so that its wall time, CPU time and
// peak memory are its own. Started by bench.mjs (under `/usr/bin/time -v` when available);
// prints one `BENCH_RESULT {json}` line on stdout with what it did and its own resource usage.
//
//   node child.mjs floor      <cwd> <path>...         fast-glob listing + readFileSync of every file of a kind jwtlint reads
//   node child.mjs floor-walk <cwd> <path>...         plain recursive readdirSync walk + readFileSync of the same files
//   node child.mjs babel      <list-file>             read + @babel/parser (jwtlint's plugin choice) of every file listed
//   node child.mjs eslint     <list-file> <cwd>       ESLint + eslint-plugin-jwt (every rule) over the files listed
//   node child.mjs jwtlint    <cwd> <path>...         the jwtlint CLI (dist/), JSON report to a temp file
//   node child.mjs jwtlint-api <cwd> <path>... [--no-prefilter]   runScan() from dist/, for A/B runs
//   node child.mjs hostile                            the adversarial inputs of hostile-bench.mjs, timed one by one
//
// Both floors skip the default excludes (DEFAULT_EXCLUDES in src/discover/discover.ts), follow
// no symbolic links and read the files whose kind jwtlint reads (JS/TS, config files and
// lockfiles: fileKindOf). Neither applies .gitignore or .jwtlintignore files (jwtlint does).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const started = performance.now();
const [mode, ...args] = process.argv.slice(2);
const dist = new URL('../../dist/src/', import.meta.url);

function finish(result) {
  const usage = process.resourceUsage();
  const line = {
    mode,
    ...result,
    internalMs: performance.now() - started,
    usage: { maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 },
  };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(line)}\n`);
}

function readList(file) {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

/** The kinds of file jwtlint reads (src/engine/run.ts: JS/TS, config kinds, lockfiles). */
const READ_KINDS = new Set(['js', 'ts', 'jsx', 'tsx', 'env', 'yaml', 'json', 'properties', 'toml', 'shell', 'dockerfile', 'lockfile']);

async function floor(cwd, paths) {
  const { default: fg } = await import('fast-glob');
  const { DEFAULT_EXCLUDES } = await import(new URL('discover/discover.js', dist));
  const { fileKindOf } = await import(new URL('discover/file-kind.js', dist));
  let files = 0;
  let bytes = 0;
  let listed = 0;
  for (const path of paths) {
    const base = resolve(cwd, path);
    const entries = await fg('**/*', { cwd: base, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore: [...DEFAULT_EXCLUDES] });
    listed += entries.length;
    for (const entry of entries) {
      if (!READ_KINDS.has(fileKindOf(entry))) continue;
      bytes += readFileSync(join(base, entry)).length;
      files++;
    }
  }
  return { files, bytes, listed };
}

/**
 * The plainest walk Node offers: recursive readdirSync with file types, the default-excluded
 * folder names and file suffixes skipped (derived from DEFAULT_EXCLUDES, as the renamed copy
 * in bench.mjs does), symbolic links neither followed nor read, then readFileSync.
 */
async function floorWalk(cwd, paths) {
  const { DEFAULT_EXCLUDES } = await import(new URL('discover/discover.js', dist));
  const { fileKindOf } = await import(new URL('discover/file-kind.js', dist));
  const excludedDirs = new Set(DEFAULT_EXCLUDES.map((p) => /^\*\*\/([^*/]+)\/\*\*$/.exec(p)?.[1]).filter(Boolean));
  const excludedSuffixes = DEFAULT_EXCLUDES.map((p) => /^\*\*\/\*(\.[^*/]+)$/.exec(p)?.[1]).filter(Boolean);
  if (excludedDirs.size + excludedSuffixes.length !== DEFAULT_EXCLUDES.length) throw new Error(`floor-walk does not understand every default exclude: ${DEFAULT_EXCLUDES.join(' ')}`);
  let files = 0;
  let bytes = 0;
  let listed = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder: jwtlint notes it and goes on
    }
    for (const entry of entries) {
      const { name } = entry;
      if (entry.isDirectory()) {
        if (!excludedDirs.has(name)) walk(join(dir, name));
        continue;
      }
      if (!entry.isFile() || excludedSuffixes.some((suffix) => name.endsWith(suffix))) continue;
      listed++;
      if (!READ_KINDS.has(fileKindOf(name))) continue;
      bytes += readFileSync(join(dir, name)).length;
      files++;
    }
  };
  for (const path of paths) walk(resolve(cwd, path));
  return { files, bytes, listed };
}

async function babel(listFile) {
  const { dialectOf, parseJs } = await import(new URL('lang/javascript/parse-js.js', dist));
  let files = 0;
  let bytes = 0;
  let failures = 0;
  for (const file of readList(listFile)) {
    const text = readFileSync(file, 'utf8');
    bytes += Buffer.byteLength(text);
    files++;
    try {
      parseJs(text, dialectOf(file));
    } catch {
      failures++;
    }
  }
  return { files, bytes, failures };
}

async function eslint(listFile, cwd) {
  const files = readList(listFile);
  const { ESLint } = await import('eslint');
  const { default: tsParser } = await import('@typescript-eslint/parser');
  let plugin = null;
  let pluginError = null;
  try {
    plugin = (await import('eslint-plugin-jwt')).default;
  } catch (error) {
    pluginError = String(error?.message ?? error);
  }
  const rules = plugin ? Object.fromEntries(Object.keys(plugin.rules).map((id) => [`jwt/${id}`, 'error'])) : {};
  const plugins = plugin ? { jwt: plugin } : {};
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    ignore: false,
    cache: false,
    overrideConfig: [
      { files: ['**/*.{js,mjs,cjs,jsx}'], plugins, rules, languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } } },
      { files: ['**/*.{ts,mts,cts,tsx}'], plugins, rules, languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } } },
    ],
  });
  // One call over every file, as `eslint <files>` does.
  let messages = 0;
  let fatal = 0;
  let bytes = 0;
  for (const r of await eslint.lintFiles(files)) {
    fatal += r.fatalErrorCount;
    messages += r.messages.length - r.fatalErrorCount;
  }
  for (const f of files) bytes += readFileSync(f).length;
  return { files: files.length, bytes, messages, fatal, pluginLoaded: plugin !== null, pluginError, rules: Object.keys(rules).length };
}

function countBy(items, keyOf) {
  const counts = {};
  for (const item of items) counts[keyOf(item)] = (counts[keyOf(item)] ?? 0) + 1;
  return counts;
}
const countByRule = (findings) => countBy(findings, (f) => f.ruleId);

/** The CLI writing a text report (code frames included): the findings count from its summary line. */
async function jwtlintTextCli(cwd, paths) {
  const out = mkdtempSync(join(tmpdir(), 'jwtlint-bench-report-'));
  const report = join(out, 'report.txt');
  try {
    process.chdir(cwd);
    const { main } = await import(new URL('../bundle/main.mjs', dist));
    await main([process.execPath, 'jwtlint', 'scan', ...paths, '--format', 'text', '--output', report, '--no-config', '--no-color']);
    const exitCode = process.exitCode ?? 0;
    process.exitCode = 0;
    const text = readFileSync(report, 'utf8');
    const summary = /(\d[\d,]*) findings?:/.exec(text);
    return { exitCode, findings: summary ? Number(summary[1].replace(/,/g, '')) : 0, reportBytes: Buffer.byteLength(text) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function jwtlintCli(cwd, paths, extra = []) {
  const out = mkdtempSync(join(tmpdir(), 'jwtlint-bench-report-'));
  const report = join(out, 'report.json');
  try {
    process.chdir(cwd);
    const { main } = await import(new URL('../bundle/main.mjs', dist));
    await main([process.execPath, 'jwtlint', 'scan', ...paths, '--format', 'json', '--output', report, '--no-config', '--quiet', ...extra]);
    const exitCode = process.exitCode ?? 0;
    process.exitCode = 0;
    const json = JSON.parse(readFileSync(report, 'utf8'));
    return { exitCode, files: json.stats?.filesDiscovered, parsed: json.stats?.filesParsed, findings: json.findings?.length ?? 0, engineMs: json.stats?.durationMs, byRule: countByRule(json.findings ?? []), notifications: countBy(json.notifications ?? [], (n) => n.kind) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function jwtlintApi(cwd, rest) {
  const prefilter = !rest.includes('--no-prefilter');
  const paths = rest.filter((a) => a !== '--no-prefilter');
  const { runScan } = await import(new URL('engine/run.js', dist));
  const result = await runScan({ cwd, paths, maxExpirySeconds: 86_400, ignore: [], disabledRules: [], prefilter });
  return { files: result.stats.filesDiscovered, parsed: result.stats.filesParsed, findings: result.findings.length, engineMs: result.stats.durationMs, prefilter };
}

let result;
switch (mode) {
  case 'floor':
    result = await floor(args[0], args.slice(1));
    break;
  case 'floor-walk':
    result = await floorWalk(args[0], args.slice(1));
    break;
  case 'hostile': {
    const { runHostileCases } = await import('./hostile-bench.mjs');
    result = await runHostileCases();
    break;
  }
  case 'babel':
    result = await babel(args[0]);
    break;
  case 'eslint':
    result = await eslint(args[0], args[1]);
    break;
  case 'jwtlint':
    result = await jwtlintCli(args[0], args.slice(1));
    break;
  case 'jwtlint-text':
    result = await jwtlintTextCli(args[0], args.slice(1));
    break;
  case 'jwtlint-api':
    result = await jwtlintApi(args[0], args.slice(1));
    break;
  default:
    process.stderr.write(`unknown mode ${mode}\n`);
    process.exit(2);
}
finish(result);
