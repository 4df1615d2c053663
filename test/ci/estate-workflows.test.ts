// docs/estate/github-actions.yml and docs/estate/gitlab-ci.yml, the organisation-scale
// workflows of README "Estate across repositories": what they ask for (matrix, artifacts,
// needs, permissions, the estate key), and a run of their own scripts, as written, on the
// repositories of fixtures/estate-merge/. The parts a CI service does itself (checkout,
// artifacts) are played here by small stand-ins; every `run:`/`script:` runs in a real shell,
// and every jwtlint command in them runs the real CLI (bin/jwtlint.js), so a flag the CLI does
// not know fails here as it would in CI.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidSarif } from '../report/sarif-schema.js';
import { assertBuilt, BIN, PROJECT_ROOT } from '../cli/helpers/run-jwtlint.js';

const GITHUB_FILE = path.join(PROJECT_ROOT, 'docs', 'estate', 'github-actions.yml');
const GITLAB_FILE = path.join(PROJECT_ROOT, 'docs', 'estate', 'gitlab-ci.yml');
const FIXTURES = path.join(PROJECT_ROOT, 'fixtures', 'estate-merge');
const REPOSITORIES = ['billing', 'catalog', 'catalog-staging', 'inventory', 'notes-api', 'notes-worker', 'reports'];
// fixtures/estate-merge/README.md: billing and reports share a key, catalog and catalog-staging
// another (across environments), notes-api and notes-worker a third; inventory shares a name only.
const SHARED_SECRET_FINDINGS = 10;

const OWNER = 'acme';
const ESTATE_KEY = 'estate-workflow-test-key-5f0c9a3e71d24b68a0c1';
const READ_TOKEN = 'read-token-4e1b7d0c9a2f45e3b8d6';
const JOB_TOKEN = 'job-token-8c2a6e4f1b3d47a9c0e5';
const SECRETS = [ESTATE_KEY, READ_TOKEN, JOB_TOKEN];

// The actions the GitHub workflow uses, each pinned at the commit its release tag names
// (read from the actions' own repositories).
const PINNED_ACTIONS: Record<string, string> = {
  'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1': 'v7.0.1',
  'actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f': 'v7.0.0',
  'actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c': 'v8.0.1',
};

// Printed by commander (showHelpAfterError) after every parse error: unknown option or
// command, missing argument. No jwtlint command of the workflows may ever print it.
const PARSE_ERROR = 'Run "jwtlint help" for usage.';

let scratch: string;
beforeAll(() => {
  assertBuilt();
  scratch = mkdtempSync(path.join(tmpdir(), 'jwtlint-estate-workflows-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scratchDir(name: string): string {
  const dir = path.join(scratch, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Shared: the lines that run jwtlint, the jwtlint stand-in, processes.

/** The lines of a script that run jwtlint: the workflows start each such command on a line of its own. */
function jwtlintLines(script: string): string[] {
  return script
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(npx\s+)?jwtlint(\s|$)/.test(line));
}

/** A jwtlint command elsewhere on a line, which jwtlintLines would not count. */
function strayJwtlintCommands(script: string): string[] {
  return script
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => !/^(npx\s+)?jwtlint(\s|$)/.test(line) && /(^|[\s;&|(`$])(npx\s+)?jwtlint\s+(scan|estate|rules|explain|help|-)/.test(line));
}

interface Invocation {
  step: string;
  args: string[];
  cwd: string;
  status: number | null;
  stderr: string;
}

/**
 * bin/jwtlint.js of the jwtlint checkout the workflows make: it records the command (in the
 * file named by ESTATE_WORKFLOW_TEST_LOG, with the step named by ESTATE_WORKFLOW_TEST_STEP)
 * and runs the real CLI with the same arguments, environment and folder.
 */
const RECORDING_BIN = `#!/usr/bin/env node
'use strict';
const { spawnSync } = require('node:child_process');
const { appendFileSync } = require('node:fs');
const args = process.argv.slice(2);
const run = spawnSync(process.execPath, [${JSON.stringify(BIN)}, ...args], { stdio: ['inherit', 'inherit', 'pipe'], encoding: 'utf8' });
if (run.error) throw run.error;
process.stderr.write(run.stderr);
const record = { step: process.env.ESTATE_WORKFLOW_TEST_STEP, args, cwd: process.cwd(), status: run.status, stderr: run.stderr };
appendFileSync(process.env.ESTATE_WORKFLOW_TEST_LOG, JSON.stringify(record) + '\\n');
process.exit(run.status === null ? 3 : run.status);
`;

function writeJwtlintCheckout(dir: string): void {
  mkdirSync(path.join(dir, 'bin'), { recursive: true });
  writeFileSync(path.join(dir, 'bin', 'jwtlint.js'), RECORDING_BIN);
  chmodSync(path.join(dir, 'bin', 'jwtlint.js'), 0o755);
}

function readInvocations(log: string): Invocation[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Invocation);
}

interface Exit {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { cwd: string; env: Record<string, string> }): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function git(args: string[], cwd: string): void {
  const result = spawnSync('git', ['-c', 'user.name=jwtlint test', '-c', 'user.email=test@example.invalid', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
  expect(result.status, `git ${args.join(' ')}: ${result.stderr}`).toBe(0);
}

/** Every regular file under `root`, as relative paths. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), relative);
      else if (entry.isFile()) out.push(relative);
    }
  };
  walk(root, '');
  return out.sort();
}

/** The estate key and the tokens appear in no output, report or file a workflow left. */
function expectNoSecretIn(texts: string[], roots: string[]): void {
  for (const root of roots) {
    for (const file of filesUnder(root)) texts.push(readFileSync(path.join(root, file), 'latin1'));
  }
  for (const secret of SECRETS) {
    for (const text of texts) expect(text.includes(secret), `a secret (${secret.slice(0, 6)}…) was written out`).toBe(false);
  }
}

/** What a merged report says, whichever CI service made it. */
function expectMergedReport(dir: string, names: string[], estateDir: string): void {
  const text = readFileSync(path.join(dir, 'estate.txt'), 'utf8');
  expect(text).toContain(`Estate of ${names.length} repositories`);
  expect(text).toMatch(new RegExp(`${SHARED_SECRET_FINDINGS} findings: ${SHARED_SECRET_FINDINGS} high \\(${names.length} estate files merged\\)`));
  for (const name of names) expect(text).toMatch(new RegExp(`^  ${name.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}[: ]`, 'm'));

  const json = JSON.parse(readFileSync(path.join(dir, 'estate.json'), 'utf8'));
  expect(json.kind).toBe('estate-merge');
  expect(json.repositories.map((r: { name: string }) => r.name).sort()).toEqual([...names].sort());
  expect(json.repositories.every((r: { estateFile: string }) => r.estateFile.startsWith(`${estateDir}/`))).toBe(true);
  expect(json.sharedKeys).toHaveLength(3);

  const sarif = JSON.parse(readFileSync(path.join(dir, 'estate.sarif'), 'utf8'));
  expectValidSarif(sarif);
  const runLog = sarif.runs[0];
  expect(runLog.results).toHaveLength(SHARED_SECRET_FINDINGS);
  expect(new Set(runLog.results.map((r: { ruleId: string }) => r.ruleId))).toEqual(new Set(['shared-secret']));
  const bases = Object.keys(runLog.originalUriBaseIds);
  expect(bases).toHaveLength(names.length);
  for (const result of runLog.results) expect(bases).toContain(result.locations[0].physicalLocation.artifactLocation.uriBaseId);

  const html = readFileSync(path.join(dir, 'estate.html'), 'utf8');
  expect(html).toMatch(/^<!doctype html>/i);
}

// ---------------------------------------------------------------------------------------------
// GitHub Actions

interface GithubStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string | number | boolean>;
  run?: string;
  env?: Record<string, string>;
  shell?: string;
  'continue-on-error'?: boolean;
}

interface GithubJob {
  name?: string;
  needs?: string | string[];
  if?: string;
  'runs-on': string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix?: Record<string, unknown[]> };
  steps: GithubStep[];
}

interface GithubWorkflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, GithubJob>;
}

const githubText = readFileSync(GITHUB_FILE, 'utf8');
const githubWorkflow = (): GithubWorkflow => parse(githubText) as GithubWorkflow;
const needsOf = (job: GithubJob): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
const actionOf = (step: GithubStep): string => step.uses!.replace(/@.*/, '');
const EXPRESSION = /\$\{\{\s*(.*?)\s*\}\}/g;

type Contexts = Record<string, Record<string, unknown>>;

/** A `${{ }}` expression: the property paths the workflows use, nothing else. */
function evaluate(expression: string, contexts: Contexts): string {
  if (!/^[a-z_]+(\.[\w-]+)+$/i.test(expression)) throw new Error(`expression not played by this test: ${expression}`);
  const [context, ...keys] = expression.split('.');
  let value: unknown = contexts[context!];
  if (value === undefined) throw new Error(`unknown context in ${expression}`);
  for (const key of keys) value = (value as Record<string, unknown> | undefined)?.[key];
  if (value === undefined && ['matrix', 'secrets'].includes(context!)) throw new Error(`${expression} is not set`);
  return value === undefined ? '' : String(value);
}

function substitute(value: string | number | boolean, contexts: Contexts): string {
  return String(value).replace(EXPRESSION, (_, expression: string) => evaluate(expression, contexts));
}

/** `if:` of a step or job: the status functions the workflows use. */
function condition(text: string | undefined, ok: boolean): boolean {
  const expression = (text ?? 'success()').replace(/^\$\{\{\s*(.*?)\s*\}\}$/, '$1');
  if (expression === 'success()') return ok;
  if (expression === 'always()' || expression === '!cancelled()') return true;
  if (expression === 'failure()') return !ok;
  throw new Error(`condition not played by this test: ${text}`);
}

interface StepRecord {
  name: string;
  outcome: 'success' | 'failure' | 'skipped';
  exit?: Exit;
}

interface JobRecord {
  job: string;
  matrix: Record<string, string>;
  result: 'success' | 'failure' | 'skipped';
  steps: StepRecord[];
  summary: string;
  workspace: string;
}

interface GithubRun {
  jobs: JobRecord[];
  artifacts: Map<string, string>;
  invocations: Invocation[];
  root: string;
}

interface GithubRunner {
  root: string;
  log: string;
  artifacts: Map<string, string>;
  uploads: string[];
}

function inside(root: string, relative: string): string {
  const target = path.resolve(root, relative);
  if (target !== root && !target.startsWith(root + path.sep)) throw new Error(`${relative} is outside ${root}`);
  return target;
}

function expectInputs(step: GithubStep, allowed: string[]): Record<string, string | number | boolean> {
  const inputs = step.with ?? {};
  for (const input of Object.keys(inputs)) if (!allowed.includes(input)) throw new Error(`${step.uses}: input ${input} is not played by this test`);
  return inputs;
}

/** actions/checkout, actions/upload-artifact, actions/download-artifact, as far as the workflow uses them. */
function playAction(step: GithubStep, contexts: Contexts, workspace: string, runner: GithubRunner): void {
  const action = actionOf(step);
  if (action === 'actions/checkout') {
    const inputs = expectInputs(step, ['repository', 'ref', 'token', 'path', 'persist-credentials']);
    expect(inputs['persist-credentials'], 'the checkout keeps no token').toBe(false);
    const repository = substitute(inputs.repository!, contexts);
    const target = inside(workspace, substitute(inputs.path!, contexts));
    if (repository === 'jwtlint/jwtlint') {
      writeJwtlintCheckout(target);
      return;
    }
    const [owner, name] = repository.split('/');
    if (owner !== OWNER || !REPOSITORIES.includes(name!)) throw new Error(`no such repository: ${repository}`);
    expect(substitute(inputs.token!, contexts), `${repository} is read with JWTLINT_READ_TOKEN`).toBe(READ_TOKEN);
    cpSync(path.join(FIXTURES, name!), target, { recursive: true });
  } else if (action === 'actions/upload-artifact') {
    const inputs = expectInputs(step, ['name', 'path', 'if-no-files-found', 'retention-days', 'overwrite']);
    const name = substitute(inputs.name!, contexts);
    if (!/^[^"':<>|*?\\/\r\n]+$/.test(name)) throw new Error(`invalid artifact name ${name}`);
    if (runner.artifacts.has(name) && inputs.overwrite !== true) throw new Error(`artifact ${name} uploaded twice`);
    const files = substitute(inputs.path!, contexts)
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const found = files.filter((file) => existsSync(inside(workspace, file)));
    if (found.length === 0 && inputs['if-no-files-found'] === 'error') throw new Error(`artifact ${name}: no file found`);
    const dir = path.join(runner.root, 'artifacts', name);
    mkdirSync(dir, { recursive: true });
    // The files are all in one folder here, so the artifact holds them by name.
    for (const file of found) cpSync(inside(workspace, file), path.join(dir, path.basename(file)));
    runner.artifacts.set(name, dir);
    runner.uploads.push(name);
  } else if (action === 'actions/download-artifact') {
    const inputs = expectInputs(step, ['pattern', 'path', 'merge-multiple']);
    const pattern = substitute(inputs.pattern!, contexts);
    if (!/^[^*?[\]]+\*$/.test(pattern)) throw new Error(`pattern not played by this test: ${pattern}`);
    const target = inside(workspace, substitute(inputs.path!, contexts));
    for (const [name, dir] of runner.artifacts) {
      if (!name.startsWith(pattern.slice(0, -1))) continue;
      const into = inputs['merge-multiple'] === true ? target : path.join(target, name);
      mkdirSync(into, { recursive: true });
      for (const file of filesUnder(dir)) {
        if (existsSync(path.join(into, file))) throw new Error(`${file} downloaded twice into ${into}`);
        cpSync(path.join(dir, file), path.join(into, file));
      }
    }
  } else {
    throw new Error(`action not played by this test: ${step.uses}`);
  }
}

async function runGithubJob(workflow: GithubWorkflow, jobId: string, matrix: Record<string, string>, needs: Record<string, { result: string }>, runner: GithubRunner): Promise<JobRecord> {
  const job = workflow.jobs[jobId]!;
  const label = [jobId, ...Object.values(matrix)].join('-');
  const workspace = path.join(runner.root, 'jobs', label, 'workspace');
  const temp = path.join(runner.root, 'jobs', label, 'temp');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(temp, { recursive: true });
  const record: JobRecord = { job: jobId, matrix, result: 'success', steps: [], summary: '', workspace };
  const paths: string[] = [];
  const outputs: Record<string, { outputs: Record<string, string> }> = {};
  const contexts: Contexts = {
    github: { repository_owner: OWNER, repository: `${OWNER}/security`, workspace },
    runner: { temp },
    secrets: { JWTLINT_ESTATE_KEY: ESTATE_KEY, JWTLINT_READ_TOKEN: READ_TOKEN },
    matrix,
    needs,
    steps: outputs,
  };
  let ok = true;
  for (const [index, step] of job.steps.entries()) {
    const name = step.name ?? step.uses ?? `step ${index + 1}`;
    if (!condition(step.if, ok)) {
      record.steps.push({ name, outcome: 'skipped' });
      continue;
    }
    if (step.uses) {
      try {
        playAction(step, contexts, workspace, runner);
        record.steps.push({ name, outcome: 'success' });
      } catch (error) {
        record.steps.push({ name, outcome: 'failure', exit: { status: 1, stdout: '', stderr: String(error) } });
        ok = false;
      }
      continue;
    }
    const files = {
      output: path.join(temp, `${index}-output`),
      path: path.join(temp, `${index}-path`),
      env: path.join(temp, `${index}-env`),
      summary: path.join(temp, `${index}-summary`),
    };
    for (const file of Object.values(files)) writeFileSync(file, '');
    const env: Record<string, string> = {
      PATH: [...paths, process.env.PATH ?? ''].join(path.delimiter),
      HOME: temp,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_REPOSITORY_OWNER: OWNER,
      GITHUB_REPOSITORY: `${OWNER}/security`,
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: files.output,
      GITHUB_PATH: files.path,
      GITHUB_ENV: files.env,
      GITHUB_STEP_SUMMARY: files.summary,
      ESTATE_WORKFLOW_TEST_LOG: runner.log,
      ESTATE_WORKFLOW_TEST_STEP: `${label}/${name}`,
    };
    for (const [key, value] of Object.entries({ ...workflow.env, ...job.env, ...step.env })) env[key] = substitute(value, contexts);
    const shell = step.shell ?? workflow.defaults?.run?.shell;
    expect(shell, `${name}: bash, so that pipefail is set`).toBe('bash');
    const script = path.join(temp, `${index}.sh`);
    writeFileSync(script, step.run!);
    const exit = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, env });
    const outcome = exit.status === 0 ? 'success' : 'failure';
    record.steps.push({ name, outcome, exit });
    if (outcome === 'failure' && !step['continue-on-error']) ok = false;
    if (step.id) {
      const lines = readFileSync(files.output, 'utf8').split('\n').filter(Boolean);
      outputs[step.id] = { outputs: Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])) };
    }
    paths.unshift(...readFileSync(files.path, 'utf8').split('\n').filter(Boolean).reverse());
    expect(readFileSync(files.env, 'utf8'), 'no step sets variables for later steps').toBe('');
    record.summary += readFileSync(files.summary, 'utf8');
  }
  record.result = ok ? 'success' : 'failure';
  return record;
}

async function runGithubWorkflow(workflow: GithubWorkflow, name: string): Promise<GithubRun> {
  const root = scratchDir(`github-${name}`);
  const runner: GithubRunner = { root, log: path.join(root, 'invocations.jsonl'), artifacts: new Map(), uploads: [] };
  const results: Record<string, { result: string }> = {};
  const jobs: JobRecord[] = [];
  const pending = Object.keys(workflow.jobs);
  while (pending.length > 0) {
    const ready = pending.filter((id) => needsOf(workflow.jobs[id]!).every((need) => need in results));
    if (ready.length === 0) throw new Error(`jobs waiting on each other: ${pending.join(', ')}`);
    for (const id of ready) {
      pending.splice(pending.indexOf(id), 1);
      const job = workflow.jobs[id]!;
      const needs = Object.fromEntries(needsOf(job).map((need) => [need, results[need]!]));
      if (!condition(job.if, Object.values(needs).every((need) => need.result === 'success'))) {
        results[id] = { result: 'skipped' };
        continue;
      }
      const axes = Object.entries(job.strategy?.matrix ?? {});
      expect(axes.length, `${id}: one matrix axis`).toBeLessThanOrEqual(1);
      const combinations = axes.length === 0 ? [{}] : axes[0]![1].map((value) => ({ [axes[0]![0]]: String(value) }));
      // Matrix jobs run side by side, as on GitHub.
      const records = await Promise.all(combinations.map((matrix) => runGithubJob(workflow, id, matrix, needs, runner)));
      jobs.push(...records);
      results[id] = { result: records.every((record) => record.result === 'success') ? 'success' : 'failure' };
    }
  }
  return { jobs, artifacts: runner.artifacts, invocations: readInvocations(runner.log), root };
}

/** Each run step ran each of its jwtlint lines once (none was left unexercised) and none failed to parse. */
function expectEveryJwtlintLineRan(workflow: GithubWorkflow, outcome: GithubRun): void {
  for (const record of outcome.jobs) {
    const label = [record.job, ...Object.values(record.matrix)].join('-');
    for (const step of workflow.jobs[record.job]!.steps.filter((s) => s.run)) {
      const name = step.name ?? '';
      const ran = outcome.invocations.filter((invocation) => invocation.step === `${label}/${name}`);
      expect(ran, `${label}: ${name}`).toHaveLength(jwtlintLines(step.run!).length);
    }
  }
  for (const invocation of outcome.invocations) {
    expect(invocation.stderr, invocation.args.join(' ')).not.toContain(PARSE_ERROR);
    expect([0, 1], `${invocation.step}: jwtlint ${invocation.args.join(' ')}\n${invocation.stderr}`).toContain(invocation.status);
  }
}

describe('docs/estate/github-actions.yml', () => {
  const workflow = githubWorkflow();
  const scan = workflow.jobs.scan!;
  const merge = workflow.jobs.merge!;
  const allSteps = Object.values(workflow.jobs).flatMap((job) => job.steps);

  it('pins every action by full commit, with its release in a comment', () => {
    const uses = [...githubText.matchAll(/^\s*(?:- )?uses:\s*(\S+)(.*)$/gm)];
    expect(uses).toHaveLength(allSteps.filter((step) => step.uses).length);
    for (const [, ref, comment] of uses) {
      expect(Object.keys(PINNED_ACTIONS), ref).toContain(ref);
      expect(comment).toBe(` # ${PINNED_ACTIONS[ref!]}`);
    }
  });

  it('asks for least privilege and runs on no event that hands secrets to untrusted code', () => {
    expect(workflow.permissions).toEqual({});
    for (const [id, job] of Object.entries(workflow.jobs)) expect(job.permissions, id).toEqual({ contents: 'read' });
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
  });

  it('splices no expression into a script, and reads no context an outsider can set', () => {
    for (const step of allSteps) if (step.run) expect(step.run, step.name).not.toContain('${{');
    const expressions = [...githubText.matchAll(EXPRESSION)].map((match) => match[1]!);
    expect(expressions.length).toBeGreaterThan(10);
    for (const expression of expressions) {
      expect(expression).toMatch(/^(matrix\.repository|secrets\.(JWTLINT_ESTATE_KEY|JWTLINT_READ_TOKEN)|github\.repository_owner|needs\.scan\.result|steps\.merge\.outputs\.exit-code|!cancelled\(\))$/);
    }
  });

  it('gives the estate key only to the steps that run jwtlint on estates, from the secret, and no script names it', () => {
    expect(workflow.env).toBeUndefined();
    for (const job of Object.values(workflow.jobs)) expect(job.env).toBeUndefined();
    const keyed = allSteps.filter((step) => step.env?.JWTLINT_ESTATE_KEY !== undefined);
    expect(keyed.map((step) => step.name)).toEqual(['Scan', 'Merge']);
    for (const step of keyed) {
      expect(step.env!.JWTLINT_ESTATE_KEY).toBe('${{ secrets.JWTLINT_ESTATE_KEY }}');
      expect(jwtlintLines(step.run!).every((line) => /^jwtlint (scan .*--estate-out|estate merge) /.test(line)), step.name).toBe(true);
    }
    for (const step of allSteps.filter((s) => s.run)) {
      expect(step.run, step.name).not.toMatch(/JWTLINT_ESTATE_KEY|JWTLINT_READ_TOKEN|secrets|set -x|xtrace|printenv|\/proc\/self\/environ/);
      expect(strayJwtlintCommands(step.run!), step.name).toEqual([]);
    }
    expect(githubText.match(/secrets\.JWTLINT_ESTATE_KEY/g)).toHaveLength(2);
    expect(githubText.match(/secrets\.JWTLINT_READ_TOKEN/g)).toHaveLength(1);
  });

  it('scans each repository of the matrix in a job of its own, which uploads its estate file under a name of its own', () => {
    expect(scan.strategy!['fail-fast']).toBe(false);
    const repositories = scan.strategy!.matrix!.repository as string[];
    expect(new Set(repositories).size).toBe(repositories.length);
    const checkouts = scan.steps.filter((step) => step.uses && actionOf(step) === 'actions/checkout');
    expect(checkouts.map((step) => step.with!.repository)).toEqual(['jwtlint/jwtlint', '${{ github.repository_owner }}/${{ matrix.repository }}']);
    expect(checkouts[1]!.with!.token).toBe('${{ secrets.JWTLINT_READ_TOKEN }}');
    const upload = scan.steps.find((step) => step.uses && actionOf(step) === 'actions/upload-artifact')!;
    expect(upload.with!.name).toBe('estate-${{ matrix.repository }}');
    expect(upload.with!['if-no-files-found']).toBe('error');
    expect(jwtlintLines(scan.steps.find((step) => step.name === 'Scan')!.run!)).toEqual([
      'jwtlint scan repository --estate-out "estate/$REPOSITORY.json" --estate-name "$GITHUB_REPOSITORY_OWNER/$REPOSITORY" --fail-on none --quiet || status=$?',
    ]);
  });

  it('merges after the whole matrix, from every estate artifact and nothing else', () => {
    expect(needsOf(merge)).toEqual(['scan']);
    expect(merge.if).toBe('${{ !cancelled() }}');
    const download = merge.steps.find((step) => step.uses && actionOf(step) === 'actions/download-artifact')!;
    const prefix = String(scan.steps.find((step) => step.uses && actionOf(step) === 'actions/upload-artifact')!.with!.name).replace(/\$\{\{.*$/, '');
    expect(download.with).toEqual({ pattern: `${prefix}*`, path: 'estate', 'merge-multiple': true });
    const report = merge.steps.find((step) => step.uses && actionOf(step) === 'actions/upload-artifact')!;
    expect(String(report.with!.name).startsWith(prefix)).toBe(false);
    expect(report.if).toBe('${{ !cancelled() }}');
    expect(String(report.with!.path).split('\n').filter(Boolean)).toEqual(['estate.txt', 'estate.json', 'estate.sarif', 'estate.html']);
    expect(jwtlintLines(merge.steps.find((step) => step.id === 'merge')!.run!).map((line) => line.replace(/ \|\|.*/, ''))).toEqual(
      ['text -o estate.txt', 'json -o estate.json', 'sarif -o estate.sarif', 'html -o estate.html'].map((tail) => `jwtlint estate merge "\${files[@]}" --format ${tail}`),
    );
  });

  it('fences the text report in the job summary with more backticks than any run of them in it', () => {
    const script = merge.steps.find((step) => step.id === 'merge')!.run!;
    const fencing = script.split('\n').filter((line) => /^\s*(fence=|while grep -qF -- "\$fence")/.test(line));
    expect(fencing).toHaveLength(2);
    const dir = scratchDir('fence');
    for (const [text, fence] of [['no backticks\n', '```'], ['`one` and ```three```\n', '````'], ['a file named x`````y\n', '``````']] as const) {
      writeFileSync(path.join(dir, 'estate.txt'), text);
      const result = spawnSync('bash', ['-eo', 'pipefail', '-c', `${fencing.join('\n')}\nprintf '%s' "$fence"`], { cwd: dir, encoding: 'utf8' });
      expect(result.stdout, text).toBe(fence);
    }
  });

  it('runs end to end on fixtures/estate-merge: one estate artifact per repository, one merged report, and it fails on the shared keys', async () => {
    const outcome = await runGithubWorkflow(workflow, 'end-to-end');
    const scans = outcome.jobs.filter((record) => record.job === 'scan');
    expect(scans.map((record) => record.matrix.repository).sort()).toEqual([...REPOSITORIES].sort());
    for (const record of scans) expect(record.result, JSON.stringify(record.steps.filter((s) => s.outcome !== 'success'))).toBe('success');
    expectEveryJwtlintLineRan(workflow, outcome);
    expect(outcome.invocations.filter((invocation) => invocation.args[0] === 'scan')).toHaveLength(REPOSITORIES.length);
    expect(outcome.invocations.filter((invocation) => invocation.args[0] === 'estate')).toHaveLength(4);

    for (const record of scans) {
      // The findings, which name the repository's files, are printed between a stop-commands
      // line and its fresh end token: no line of them can act as a workflow command.
      const lines = record.steps.find((step) => step.name === 'Scan')!.exit!.stdout.trimEnd().split('\n');
      const token = /^::stop-commands::([0-9a-f-]{36})$/.exec(lines[0]!)![1]!;
      expect(lines.at(-1)).toBe(`::${token}::`);
      expect(lines.length).toBeGreaterThan(2);
      expect(githubText).not.toContain(token);
    }
    for (const repository of REPOSITORIES) {
      const dir = outcome.artifacts.get(`estate-${repository}`)!;
      expect(filesUnder(dir)).toEqual([`${repository}.json`]);
      const estate = JSON.parse(readFileSync(path.join(dir, `${repository}.json`), 'utf8'));
      expect(estate.jwtlintEstate).toBe(1);
      expect(estate.repository.name).toBe(`${OWNER}/${repository}`);
      expect(estate.fingerprints.algorithm).toBe('HMAC-SHA256');
    }

    const mergeJob = outcome.jobs.find((record) => record.job === 'merge')!;
    expect(mergeJob.steps.map((step) => `${step.name}: ${step.outcome}`)).toEqual([
      'Check out jwtlint: success',
      'Put jwtlint on the PATH: success',
      'Download the estate files: success',
      'Merge: success',
      'Upload the merged report: success',
      'Fail on keys shared across repositories: failure',
    ]);
    expect(mergeJob.steps.at(-1)!.exit!.stdout).toContain('::error title=jwtlint::JWT key values are shared across repositories');
    const names = REPOSITORIES.map((repository) => `${OWNER}/${repository}`);
    expectMergedReport(outcome.artifacts.get('jwtlint-estate-report')!, names, 'estate');
    expect(mergeJob.summary).toContain(`## jwtlint: the estate of ${REPOSITORIES.length} repositories\n\n\`\`\`\nEstate of ${REPOSITORIES.length} repositories`);
    expect(mergeJob.summary).toContain(`${SHARED_SECRET_FINDINGS} findings`);
    expect(mergeJob.summary.trimEnd().endsWith('```')).toBe(true);

    const texts = outcome.jobs.flatMap((record) => [record.summary, ...record.steps.flatMap((step) => (step.exit ? [step.exit.stdout, step.exit.stderr] : []))]);
    expectNoSecretIn(
      [...texts, ...outcome.invocations.map((invocation) => invocation.stderr)],
      [path.join(outcome.root, 'artifacts'), ...outcome.jobs.map((record) => path.join(record.workspace, 'estate'))],
    );
  }, 180_000);

  it('fails on a jwtlint flag the CLI does not know, and merges what was scanned when a repository could not be', async () => {
    const mutated = githubWorkflow();
    mutated.jobs.scan!.strategy!.matrix!.repository = ['billing', 'reports', 'no-such-repository'];
    const step = mutated.jobs.scan!.steps.find((s) => s.name === 'Scan')!;
    step.run = step.run!.replace('--estate-out', '--estate-output');
    const broken = await runGithubWorkflow(mutated, 'unknown-flag');
    const scans = broken.jobs.filter((record) => record.job === 'scan');
    for (const record of scans) expect(record.result).toBe('failure');
    const parsed = broken.invocations.filter((invocation) => invocation.args[0] === 'scan');
    expect(parsed).toHaveLength(2); // the third repository could not be checked out
    for (const invocation of parsed) {
      expect(invocation.status).toBe(2);
      expect(invocation.stderr).toContain("unknown option '--estate-output'");
      expect(invocation.stderr).toContain(PARSE_ERROR);
    }
    const mergeJob = broken.jobs.find((record) => record.job === 'merge')!;
    expect(mergeJob.steps.find((s) => s.name === 'Merge')!.exit!.stdout).toContain('::error title=jwtlint::No estate file was downloaded');
    expect(mergeJob.result).toBe('failure');

    const partial = githubWorkflow();
    partial.jobs.scan!.strategy!.matrix!.repository = ['billing', 'reports', 'no-such-repository'];
    const outcome = await runGithubWorkflow(partial, 'partial');
    expect(outcome.jobs.filter((record) => record.job === 'scan').map((record) => record.result).sort()).toEqual(['failure', 'success', 'success']);
    const mergeStep = outcome.jobs.find((record) => record.job === 'merge')!.steps.find((s) => s.name === 'Merge')!;
    expect(mergeStep.outcome).toBe('success');
    expect(mergeStep.exit!.stdout).toContain('::warning title=jwtlint::Some repositories could not be scanned');
    expect(readFileSync(path.join(outcome.artifacts.get('jwtlint-estate-report')!, 'estate.txt'), 'utf8')).toContain('Estate of 2 repositories');
  }, 180_000);
});

// ---------------------------------------------------------------------------------------------
// GitLab CI

interface GitlabJob {
  extends?: string;
  image?: string;
  stage?: string;
  timeout?: string;
  parallel?: { matrix: Record<string, string | string[]>[] };
  needs?: ({ job: string; artifacts?: boolean } | string)[];
  when?: string;
  before_script?: string[];
  script?: string[];
  artifacts?: { name?: string; when?: string; paths: string[]; expire_in?: string; reports?: unknown };
}

type GitlabConfig = Record<string, unknown> & {
  workflow: { rules: { if: string }[] };
  stages: string[];
  variables: Record<string, string>;
};

const gitlabText = readFileSync(GITLAB_FILE, 'utf8');
const gitlabConfig = (): GitlabConfig => parse(gitlabText) as GitlabConfig;
const GITLAB_KEYWORDS = new Set(['workflow', 'stages', 'variables', 'default', 'include']);

function gitlabJobs(config: GitlabConfig): Record<string, GitlabJob> {
  const jobs: Record<string, GitlabJob> = {};
  for (const [name, value] of Object.entries(config)) {
    if (GITLAB_KEYWORDS.has(name) || name.startsWith('.')) continue;
    const job = value as GitlabJob;
    const template = job.extends === undefined ? {} : (config[job.extends] as GitlabJob);
    if (job.extends !== undefined && template === undefined) throw new Error(`${name} extends a missing ${job.extends}`);
    jobs[name] = { ...template, ...job };
  }
  return jobs;
}

function scriptOf(job: GitlabJob): string {
  return [...(job.before_script ?? []), ...(job.script ?? [])].join('\n');
}

function matrixOf(job: GitlabJob): Record<string, string>[] {
  if (!job.parallel) return [{}];
  let combinations: Record<string, string>[] = [];
  for (const entry of job.parallel.matrix) {
    let part: Record<string, string>[] = [{}];
    for (const [variable, values] of Object.entries(entry)) {
      part = part.flatMap((combination) => (Array.isArray(values) ? values : [values]).map((value) => ({ ...combination, [variable]: value })));
    }
    combinations = [...combinations, ...part];
  }
  return combinations;
}

interface GitlabRecord {
  job: string;
  variables: Record<string, string>;
  exit: Exit;
  workspace: string;
}

interface GitlabServer {
  url: string;
  jwtlintRepository: string;
}

/** A "GitLab" that serves the fixture projects over file://, and a jwtlint repository to fetch. */
function makeGitlabServer(projects: string[]): GitlabServer {
  const root = scratchDir(`gitlab-server-${projects.length}-${Math.random().toString(36).slice(2, 8)}`);
  for (const project of projects) {
    const dir = path.join(root, `${project}.git`);
    mkdirSync(dir, { recursive: true });
    cpSync(path.join(FIXTURES, project.split('/').at(-1)!), dir, { recursive: true });
    git(['init', '--quiet'], dir);
    git(['add', '--all'], dir);
    git(['commit', '--quiet', '--message', 'fixture'], dir);
  }
  const tool = path.join(root, 'jwtlint');
  writeJwtlintCheckout(tool);
  git(['init', '--quiet'], tool);
  git(['add', '--all'], tool);
  git(['commit', '--quiet', '--message', 'jwtlint'], tool);
  return { url: `file://${root}`, jwtlintRepository: `file://${tool}` };
}

async function runGitlabJob(config: GitlabConfig, name: string, job: GitlabJob, variables: Record<string, string>, server: GitlabServer, root: string, log: string, artifacts: string[]): Promise<GitlabRecord> {
  const label = [name, ...Object.values(variables)].join('-').replace(/[^\w.-]+/g, '_');
  const workspace = path.join(root, 'jobs', label);
  const home = path.join(root, 'homes', label);
  mkdirSync(workspace, { recursive: true });
  mkdirSync(home, { recursive: true });
  for (const dir of artifacts) cpSync(dir, workspace, { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    CI: 'true',
    GITLAB_CI: 'true',
    CI_PIPELINE_SOURCE: 'schedule',
    CI_PROJECT_DIR: workspace,
    CI_SERVER_URL: server.url,
    CI_JOB_TOKEN: JOB_TOKEN,
    CI_JOB_NAME: Object.keys(variables).length === 0 ? name : `${name}: [${Object.values(variables).join(', ')}]`,
    ...config.variables,
    // CI/CD variables of the project, which take precedence over the file's variables.
    JWTLINT_ESTATE_KEY: ESTATE_KEY,
    JWTLINT_REPOSITORY: server.jwtlintRepository,
    ...variables,
    ESTATE_WORKFLOW_TEST_LOG: log,
    ESTATE_WORKFLOW_TEST_STEP: label,
  };
  // POSIX sh (dash here), stopping at the first failing command as the runner does.
  const exit = await run('sh', ['-e', '-c', scriptOf(job)], { cwd: workspace, env });
  return { job: name, variables, exit, workspace };
}

interface GitlabRun {
  records: GitlabRecord[];
  artifacts: Map<string, string>;
  invocations: Invocation[];
  root: string;
}

async function runGitlabPipeline(config: GitlabConfig, name: string): Promise<GitlabRun> {
  const root = scratchDir(`gitlab-${name}`);
  const log = path.join(root, 'invocations.jsonl');
  const jobs = gitlabJobs(config);
  const projects = [...new Set(Object.values(jobs).flatMap((job) => matrixOf(job).map((v) => v.PROJECT_PATH).filter((p): p is string => p !== undefined)))];
  const server = makeGitlabServer(projects.filter((project) => REPOSITORIES.includes(project.split('/').at(-1)!)));
  const records: GitlabRecord[] = [];
  const kept = new Map<string, string>(); // job instance label -> its artifacts folder
  for (const stage of config.stages) {
    const inStage = Object.entries(jobs).filter(([, job]) => job.stage === stage);
    const runs = inStage.flatMap(([jobName, job]) => {
      const needed = (job.needs ?? []).map((need) => (typeof need === 'string' ? need : need.job));
      const failed = records.some((record) => needed.includes(record.job) && record.exit.status !== 0);
      if (failed && job.when !== 'always') return [];
      const from = [...kept].filter(([label]) => needed.some((need) => label.startsWith(`${need}|`))).map(([, dir]) => dir);
      return matrixOf(job).map((variables) => runGitlabJob(config, jobName, job, variables, server, root, log, from).then((record) => ({ record, job })));
    });
    for (const { record, job } of await Promise.all(runs)) {
      records.push(record);
      if (!job.artifacts || (record.exit.status !== 0 && job.artifacts.when !== 'always')) continue;
      const dir = path.join(root, 'artifacts', `${record.job}-${records.length}`);
      for (const entry of job.artifacts.paths) {
        const source = path.join(record.workspace, entry);
        if (existsSync(source)) cpSync(source, path.join(dir, entry), { recursive: true });
      }
      kept.set(`${record.job}|${JSON.stringify(record.variables)}`, dir);
    }
  }
  return { records, artifacts: kept, invocations: readInvocations(log), root };
}

describe('docs/estate/gitlab-ci.yml', () => {
  const config = gitlabConfig();
  const jobs = gitlabJobs(config);

  it('runs only on a schedule or by hand, and commits no secret', () => {
    expect(config.workflow.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "schedule" || $CI_PIPELINE_SOURCE == "web"' }]);
    expect(Object.keys(config.variables).sort()).toEqual(['JWTLINT_REF', 'JWTLINT_REPOSITORY']);
    expect(Object.keys(jobs).sort()).toEqual(['merge', 'scan']);
    for (const [name, job] of Object.entries(jobs)) {
      const script = scriptOf(job);
      expect(script, name).not.toMatch(/JWTLINT_ESTATE_KEY|set -x|xtrace|printenv|\/proc\/self\/environ|\beval\b/);
      // Variables anyone who can push or open a merge request sets.
      expect(script, name).not.toMatch(/CI_COMMIT_(MESSAGE|TITLE|DESCRIPTION|BRANCH|REF_NAME|TAG)|CI_MERGE_REQUEST_/);
      expect(strayJwtlintCommands(script), name).toEqual([]);
    }
  });

  it('clones each project in a job of its own, with a token no URL, argument or file holds', () => {
    const scan = jobs.scan!;
    const projects = matrixOf(scan).map((variables) => variables.PROJECT_PATH!);
    expect(projects).toEqual(REPOSITORIES.map((repository) => `acme/${repository}`));
    const script = scriptOf(scan);
    expect(script).toContain('clone --quiet --depth 1 "$CI_SERVER_URL/$PROJECT_PATH.git" repository');
    expect(script).not.toMatch(/https?:\/\/[^\s"]*@/);
    expect(script.match(/\$(JWTLINT_READ_TOKEN|CI_JOB_TOKEN)\b/g)).toEqual(['$JWTLINT_READ_TOKEN', '$CI_JOB_TOKEN']);
    expect(jwtlintLines(script)).toEqual([
      'jwtlint --version',
      `jwtlint scan repository --estate-out "estate/$(printf '%s' "$PROJECT_PATH" | tr / +).json" --estate-name "$PROJECT_PATH" --fail-on none --quiet`,
    ]);
    expect(scan.artifacts).toMatchObject({ paths: ['estate/'] });
  });

  it("its credential helper hands git the token from git's own environment", () => {
    const helper = /credential\.helper='([^']+)'/.exec(scriptOf(jobs.scan!))![1]!;
    const fill = spawnSync('git', ['-c', 'credential.helper=', '-c', `credential.helper=${helper}`, 'credential', 'fill'], {
      input: 'protocol=https\nhost=gitlab.example\npath=acme/billing.git\n\n',
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: scratchDir('credential-home'), GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_USER: 'gitlab-ci-token', GIT_TOKEN: JOB_TOKEN },
    });
    expect(fill.status, fill.stderr).toBe(0);
    expect(fill.stdout).toContain('username=gitlab-ci-token\n');
    expect(fill.stdout).toContain(`password=${JOB_TOKEN}\n`);
  });

  it('merges after every scan job, from their artifacts, even when one failed; the reports are artifacts whatever the outcome', () => {
    const merge = jobs.merge!;
    expect(config.stages).toEqual(['scan', 'merge']);
    expect(merge.needs).toEqual([{ job: 'scan', artifacts: true }]);
    expect(merge.when).toBe('always');
    expect(merge.artifacts).toMatchObject({ when: 'always', paths: ['estate.txt', 'estate.json', 'estate.sarif', 'estate.html'] });
    expect(merge.artifacts!.reports).toBeUndefined();
    expect(jwtlintLines(scriptOf(merge)).map((line) => line.replace(/ \|\|.*/, ''))).toEqual([
      'jwtlint --version',
      ...['text -o estate.txt', 'json -o estate.json', 'sarif -o estate.sarif', 'html -o estate.html'].map((tail) => `jwtlint estate merge "$@" --format ${tail}`),
    ]);
  });

  it('runs end to end on fixtures/estate-merge: clone, scan, one estate file per project, one merged report, and the merge job fails on the shared keys', async () => {
    const outcome = await runGitlabPipeline(config, 'end-to-end');
    const scans = outcome.records.filter((record) => record.job === 'scan');
    expect(scans).toHaveLength(REPOSITORIES.length);
    for (const record of scans) expect(record.exit.status, record.exit.stderr).toBe(0);
    for (const record of outcome.records) {
      const label = [record.job, ...Object.values(record.variables)].join('-').replace(/[^\w.-]+/g, '_');
      expect(outcome.invocations.filter((invocation) => invocation.step === label), label).toHaveLength(jwtlintLines(scriptOf(jobs[record.job]!)).length);
    }
    for (const invocation of outcome.invocations) {
      expect(invocation.stderr).not.toContain(PARSE_ERROR);
      expect([0, 1], `jwtlint ${invocation.args.join(' ')}\n${invocation.stderr}`).toContain(invocation.status);
    }
    for (const record of scans) {
      const estate = JSON.parse(readFileSync(path.join(record.workspace, 'estate', `${record.variables.PROJECT_PATH!.replaceAll('/', '+')}.json`), 'utf8'));
      expect(estate.repository.name).toBe(record.variables.PROJECT_PATH);
      expect(estate.repository.commit).toMatch(/^[0-9a-f]{40}$/); // read from the clone's .git
      expect(estate.fingerprints.algorithm).toBe('HMAC-SHA256');
    }

    const merge = outcome.records.find((record) => record.job === 'merge')!;
    expect(merge.exit.status, merge.exit.stderr).toBe(1);
    expect(merge.exit.stdout).toContain(`Merging ${REPOSITORIES.length} estate files`);
    expect(merge.exit.stdout).toContain(`${SHARED_SECRET_FINDINGS} findings`);
    const report = [...outcome.artifacts].find(([label]) => label.startsWith('merge|'))![1];
    expectMergedReport(report, REPOSITORIES.map((repository) => `acme/${repository}`), 'estate');

    expectNoSecretIn(
      [...outcome.records.flatMap((record) => [record.exit.stdout, record.exit.stderr]), ...outcome.invocations.map((invocation) => invocation.stderr)],
      [path.join(outcome.root, 'artifacts'), ...scans.map((record) => path.join(record.workspace, 'repository', '.git'))],
    );
  }, 180_000);

  it('fails on a jwtlint flag the CLI does not know', async () => {
    const mutated = gitlabConfig();
    (mutated.scan as GitlabJob).parallel = { matrix: [{ PROJECT_PATH: ['acme/billing', 'acme/reports'] }] };
    const merge = mutated.merge as GitlabJob;
    merge.script = merge.script!.map((entry) => entry.replace('--format text -o estate.txt', '--formats text -o estate.txt'));
    const outcome = await runGitlabPipeline(mutated, 'unknown-flag');
    const mergeRecord = outcome.records.find((record) => record.job === 'merge')!;
    expect(mergeRecord.exit.status).toBe(2);
    expect(mergeRecord.exit.stderr).toContain("unknown option '--formats'");
    expect(outcome.invocations.filter((invocation) => invocation.stderr.includes(PARSE_ERROR))).toHaveLength(1);
  }, 180_000);
});

describe('the jwtlint checkout the workflows run', () => {
  it('has an executable bin/jwtlint.js with a node shebang, so that a link to it on the PATH runs', () => {
    expect(statSync(BIN).mode & 0o111).not.toBe(0);
    expect(readFileSync(BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
