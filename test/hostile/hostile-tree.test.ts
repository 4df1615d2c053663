// Issue 7: a generated hostile repository is scanned to completion, through runScan and
// through the CLI, with the expected notifications and no side effects: nothing executed,
// nothing written into the tree, no network, no secret from outside the root, bounded time.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/discover.js';
import { runScan } from '../../src/engine/run.js';
import type { Notification, RunResult } from '../../src/engine/types.js';
import { assertBuilt, BIN } from '../cli/helpers/run-jwtlint.js';
import { buildHostileTree, OUTSIDE_SECRET, PLANTED_SECRET, removeHostileTree, snapshot, type EntryState, type HostileTree } from './hostile-tree.js';
import { NETWORK_MODULES, writeProbe, type ProbeReport } from './probe.js';

const PROBLEM_KINDS = new Set(['unreadable', 'unparsable', 'binary', 'too-large', 'encoding', 'skipped', 'internal-error', 'rule-error']);
/** Generous bound for one file scanned on its own (the slowest, a 1.5 MB bundle, takes about a second). */
const PER_FILE_BOUND_MS = 15_000;

let tree: HostileTree;
let before: Map<string, EntryState>;
let result: RunResult;

function scan(paths: string[]): Promise<RunResult> {
  return runScan({ cwd: tree.root, paths, maxExpirySeconds: 86_400, ignore: [], disabledRules: [] });
}

function notificationsFor(notifications: Notification[], file: string): Notification[] {
  return notifications.filter((n) => n.file === file || (file === 'long' && n.file?.startsWith('long/')));
}

interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  probe: ProbeReport;
}

/** `node --require probe.cjs bin/jwtlint.js scan <root> ...`, stdout and stderr to files outside the tree. */
function cli(args: string[], name: string): CliRun {
  const probe = writeProbe(tree.base);
  const stdoutFile = path.join(tree.base, `${name}.stdout`);
  const stderrFile = path.join(tree.base, `${name}.stderr`);
  const probeOut = path.join(tree.base, `${name}.probe.json`);
  const out = openSync(stdoutFile, 'w');
  const err = openSync(stderrFile, 'w');
  const env: Record<string, string | undefined> = { ...process.env, JWTLINT_PROBE_OUT: probeOut };
  for (const variable of ['FORCE_COLOR', 'NO_COLOR', 'CI', 'TERM', 'NODE_OPTIONS']) delete env[variable];
  const run = spawnSync(process.execPath, ['--require', probe, BIN, 'scan', tree.root, ...args], {
    cwd: tree.base,
    env,
    stdio: ['ignore', out, err],
    timeout: 240_000,
  });
  closeSync(out);
  closeSync(err);
  if (run.error) throw run.error;
  return {
    status: run.status,
    signal: run.signal,
    stdout: readFileSync(stdoutFile, 'utf8'),
    stderr: readFileSync(stderrFile, 'utf8'),
    probe: JSON.parse(readFileSync(probeOut, 'utf8')) as ProbeReport,
  };
}

beforeAll(async () => {
  tree = await buildHostileTree();
  before = snapshot(tree.root);
}, 120_000);

afterAll(async () => {
  if (!tree) return;
  await tree.close();
  removeHostileTree(tree);
});

describe('a hostile repository', () => {
  it('is scanned to completion by runScan, with a notification for every input it cannot read', async () => {
    const started = performance.now();
    result = await scan([tree.root]);
    const elapsed = performance.now() - started;
    console.info(`[hostile] whole tree: ${result.stats.filesDiscovered} files discovered, ${result.stats.filesParsed} parsed, ${result.notifications.length} notifications, ${result.findings.length} findings, ${Math.round(elapsed)} ms`);

    expect(result.internalError).toBe(false);
    expect(result.notifications.filter((n) => n.kind === 'internal-error' || n.kind === 'rule-error')).toEqual([]);

    const misses: string[] = [];
    let checked = 0;
    for (const c of tree.cases) {
      if (c.expect === null) continue;
      checked++;
      const problems = notificationsFor(result.notifications, c.path).filter((n) => PROBLEM_KINDS.has(n.kind));
      if (c.expect.length === 0 && problems.length > 0) misses.push(`${c.path} (${c.what}): expected no problem, got ${problems.map((n) => `${n.kind}: ${n.message}`).join('; ')}`);
      if (c.expect.length > 0 && !problems.some((n) => c.expect!.includes(n.kind))) {
        misses.push(`${c.path} (${c.what}): expected ${c.expect.join(' or ')}, got ${problems.map((n) => n.kind).join(', ') || 'nothing'}`);
      }
    }
    expect(misses).toEqual([]);
    console.info(`[hostile] ${tree.cases.length} adversarial cases, ${checked} with an expected outcome`);
    if (tree.made.longPath) expect(notificationsFor(result.notifications, 'long').filter((n) => n.kind === 'unreadable').length).toBeGreaterThanOrEqual(2);

    // Findings where the planted key is, and nowhere from outside the root.
    const files = new Set(result.findings.map((f) => f.location.file));
    for (const file of ['ok/app.js', 'evil/index.js', 'encoding/utf8-bom.js', 'minified/chunk.js', 'deep/call-chain.js', 'yaml/docker-compose.yml']) expect(files, file).toContain(file);
    for (const finding of result.findings) {
      expect(finding.location.file.startsWith('..') || path.isAbsolute(finding.location.file)).toBe(false);
      expect(finding.location.file.startsWith('links/')).toBe(false);
      expect(finding.location.file.startsWith('node_modules/')).toBe(false);
    }
    const everything = JSON.stringify(result);
    expect(everything).not.toContain(OUTSIDE_SECRET);
    expect(everything).not.toContain(PLANTED_SECRET);
    expect(readdirSync(tree.markers)).toEqual([]);
  }, 240_000);

  it('finishes every file on its own within a bounded time', async () => {
    const { files } = await discoverFiles({ root: tree.root, paths: [], ignore: [] });
    const times: { file: string; ms: number }[] = [];
    for (const file of files) {
      const started = performance.now();
      const single = await scan([file.path]);
      times.push({ file: file.path, ms: performance.now() - started });
      expect(single.internalError, file.path).toBe(false);
    }
    times.sort((a, b) => b.ms - a.ms);
    console.info(`[hostile] ${times.length} files scanned one by one; slowest: ${times.slice(0, 5).map((t) => `${JSON.stringify(t.file)} ${Math.round(t.ms)} ms`).join(', ')}`);
    expect(times[0]!.ms).toBeLessThan(PER_FILE_BOUND_MS);
  }, 240_000);

  it('is scanned by the CLI with exit code 0 or 1, no code run, no network, no secret shown', () => {
    assertBuilt();
    const run = cli(['--format', 'json'], 'json');
    expect(run.signal).toBeNull();
    expect([0, 1], run.stderr).toContain(run.status);
    const report = JSON.parse(run.stdout) as { notifications: Notification[]; findings: { location: { file: string } }[] };
    expect(report.findings.length).toBeGreaterThan(0);
    // The JavaScript configuration files are reported, not run.
    const config = report.notifications.filter((n) => n.kind === 'config').map((n) => n.file).sort();
    expect(config).toEqual(['.jwtlintrc.cjs', '.jwtlintrc.js', '.jwtlintrc.mjs', 'jwtlint.config.js']);
    expect(readdirSync(tree.markers)).toEqual([]);
    expect(run.probe.events).toEqual([]);
    expect(run.probe.modules.filter((m) => NETWORK_MODULES.includes(m))).toEqual([]);
    expect(run.stdout + run.stderr).not.toContain(OUTSIDE_SECRET);
    expect(run.stdout + run.stderr).not.toContain(PLANTED_SECRET);
  }, 240_000);

  it('renders SARIF and text reports of it without leaking a secret', () => {
    for (const format of ['sarif', 'text']) {
      const run = cli(['--format', format], format);
      expect(run.signal).toBeNull();
      expect([0, 1], run.stderr).toContain(run.status);
      if (format === 'sarif') JSON.parse(run.stdout);
      expect(run.stdout + run.stderr).not.toContain(OUTSIDE_SECRET);
      expect(run.stdout + run.stderr).not.toContain(PLANTED_SECRET);
      expect(run.probe.events).toEqual([]);
    }
    expect(readdirSync(tree.markers)).toEqual([]);
  }, 240_000);

  it('does not hang on a FIFO ignore file above a named folder', async () => {
    if (!tree.made.fifo) return; // mkfifo is missing: nothing to test
    const started = performance.now();
    // Two paths: the root stays the tree, and special/.gitignore is an ignore file above special/sub.
    const sub = await scan(['special/sub', 'ok']);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(sub.notifications).toContainEqual(expect.objectContaining({ kind: 'skipped', file: 'special/.gitignore' }));
    expect(sub.findings.map((f) => f.location.file)).toContain('special/sub/code.js');
    const folder = await scan(['special']);
    expect(folder.notifications).toContainEqual(expect.objectContaining({ kind: 'skipped', file: 'pipe.js' }));
  }, 30_000);

  it('names a FIFO given on the command line instead of reading it', async () => {
    if (!tree.made.fifo) return;
    const single = await scan(['special/pipe.js']);
    expect(single.notifications).toEqual([expect.objectContaining({ kind: 'skipped', file: 'special/pipe.js' })]);
  }, 30_000);

  it('leaves the scanned tree exactly as it was', () => {
    const after = snapshot(tree.root);
    const changed: string[] = [];
    for (const [entry, state] of after) {
      const old = before.get(entry);
      if (!old) changed.push(`added ${entry}`);
      else if (JSON.stringify(old) !== JSON.stringify(state)) changed.push(`changed ${entry}: ${JSON.stringify(old)} → ${JSON.stringify(state)}`);
    }
    for (const entry of before.keys()) if (!after.has(entry)) changed.push(`removed ${entry}`);
    expect(changed).toEqual([]);
    expect(existsSync(path.join(tree.root, 'node_modules', '.cache'))).toBe(false);
    expect(readdirSync(tree.markers)).toEqual([]);
  });
});
