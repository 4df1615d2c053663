// The GitHub Action's side of jwtlint (action.yml → bin/jwtlint-action.js → this module,
// bundled into dist/bundle/github-action.mjs). One scan writes the SARIF report; its results
// then become workflow-command annotations (`::error file=…,line=…::message`) and a Markdown
// table in the job summary. The messages are the report's, already masked: no secret is
// printed in full, and nothing from the scanned repository can start a workflow command (a
// command's data and properties are escaped as GitHub documents, and jwtlint's own output is
// fenced with `::stop-commands::`).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, lstatSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'] as const;
export type GithubSeverity = (typeof SEVERITY_ORDER)[number];
export const FAIL_ON_INPUTS = [...SEVERITY_ORDER, 'none'] as const;
export type GithubFailOn = (typeof FAIL_ON_INPUTS)[number];
/** GitHub shows at most 10 errors and 10 warnings per step and 50 annotations per job: the rest go to the summary. */
export const MAX_ANNOTATIONS = 50;
export const MAX_SUMMARY_ROWS = 100;
const MAX_MESSAGE = 1_000;

/** Workflow command data (the message): `%`, CR and LF escaped. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow command property values: also `:` and `,`, which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Markdown table cell text: every ASCII punctuation character backslash-escaped (CommonMark allows it for all of them), no line breaks. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[!-/:-@[-`{-~]/g, (char) => `\\${char}`);
}

/** One SARIF result as the action shows it. */
export interface GithubFinding {
  severity: GithubSeverity;
  /** The public rule id (`hardcoded-secret`, never a SARIF variant id such as `hardcoded-secret/test`). */
  ruleId: string;
  message: string;
  /** Path relative to the workspace, `/`-separated; undefined when the file lies outside it. */
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  inTestCode: boolean;
  baselined: boolean;
  suppressed: boolean;
}

export interface SarifDigest {
  findings: GithubFinding[];
  /** Findings the log leaves out (jwtlint records how many in `runs[0].properties.omitted`). */
  omittedBaselined: number;
  omittedSuppressed: number;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined);
const LEVEL_SEVERITY: Record<string, GithubSeverity> = { error: 'high', warning: 'medium', note: 'low' };

/**
 * Reads jwtlint's SARIF log. `workspace` is the folder annotation paths are relative to
 * (GITHUB_WORKSPACE); result paths are relative to the log's SRCROOT, which is the git
 * repository's top folder, normally the same.
 */
export function readSarif(log: unknown, workspace?: string): SarifDigest {
  const digest: SarifDigest = { findings: [], omittedBaselined: 0, omittedSuppressed: 0 };
  for (const run of asArray(isObject(log) ? log.runs : undefined)) {
    if (!isObject(run)) continue;
    const omitted = isObject(run.properties) && isObject(run.properties.omitted) ? run.properties.omitted : {};
    digest.omittedBaselined += asNumber(omitted.baselined) ?? 0;
    digest.omittedSuppressed += asNumber(omitted.suppressed) ?? 0;
    const baseUris = isObject(run.originalUriBaseIds) ? run.originalUriBaseIds : {};
    for (const result of asArray(run.results)) {
      if (isObject(result)) digest.findings.push(readResult(result, baseUris, workspace));
    }
  }
  return digest;
}

function readResult(result: Json, baseUris: Json, workspace: string | undefined): GithubFinding {
  const properties = isObject(result.properties) ? result.properties : {};
  const declared = properties.severity;
  const severity = (SEVERITY_ORDER as readonly unknown[]).includes(declared) ? (declared as GithubSeverity) : (LEVEL_SEVERITY[String(result.level)] ?? 'medium');
  const suppressions = asArray(result.suppressions).filter(isObject);
  const message = isObject(result.message) && typeof result.message.text === 'string' ? result.message.text : '';
  const finding: GithubFinding = {
    severity,
    ruleId: String(result.ruleId ?? 'jwtlint').split('/')[0]!,
    // Related places are linked as [label](n) in SARIF messages: keep the label only.
    message: message.replace(/\[([^[\]]*)\]\(\d+\)/g, '$1'),
    inTestCode: asArray(properties.tags).includes('test'),
    baselined: result.baselineState === 'unchanged' || suppressions.some((s) => s.kind === 'external'),
    suppressed: suppressions.some((s) => s.kind === 'inSource'),
  };
  const location = asArray(result.locations)[0];
  const physical = isObject(location) && isObject(location.physicalLocation) ? location.physicalLocation : undefined;
  if (!physical) return finding;
  const artifact = isObject(physical.artifactLocation) ? physical.artifactLocation : {};
  const region = isObject(physical.region) ? physical.region : {};
  const file = workspacePath(artifact, baseUris, workspace);
  if (file === undefined) return finding;
  return { ...finding, file, line: asNumber(region.startLine), column: asNumber(region.startColumn), endLine: asNumber(region.endLine), endColumn: asNumber(region.endColumn) };
}

function workspacePath(artifact: Json, baseUris: Json, workspace: string | undefined): string | undefined {
  if (typeof artifact.uri !== 'string') return undefined;
  let relative: string;
  try {
    relative = artifact.uri.split('/').map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
  const base = typeof artifact.uriBaseId === 'string' ? baseUris[artifact.uriBaseId] : undefined;
  if (!workspace || !isObject(base) || typeof base.uri !== 'string' || !base.uri.startsWith('file:')) return relative;
  let absolute: string;
  try {
    absolute = path.join(fileURLToPath(base.uri), relative);
  } catch {
    return relative;
  }
  const fromWorkspace = path.relative(workspace, absolute);
  if (fromWorkspace === '' || fromWorkspace.startsWith('..') || path.isAbsolute(fromWorkspace)) return undefined;
  return fromWorkspace.split(path.sep).join('/');
}

const rank = (severity: GithubSeverity): number => SEVERITY_ORDER.indexOf(severity);

/** Whether a finding fails the run at this `fail-on` (baselined and suppressed ones never do). */
export function failsRun(finding: GithubFinding, failOn: GithubFailOn): boolean {
  return failOn !== 'none' && !finding.baselined && !finding.suppressed && rank(finding.severity) <= rank(failOn);
}

/** New findings, those that fail the run first, then most severe first; the log's order within that. */
function shown(findings: GithubFinding[], failOn: GithubFailOn): GithubFinding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .filter(({ finding }) => !finding.baselined && !finding.suppressed)
    .sort((a, b) => Number(failsRun(b.finding, failOn)) - Number(failsRun(a.finding, failOn)) || rank(a.finding.severity) - rank(b.finding.severity) || a.index - b.index)
    .map(({ finding }) => finding);
}

/**
 * `::error` for each new finding that fails the run at `failOn`, `::warning` for other new
 * findings, `::notice` for new findings in test code that do not fail it; baselined and
 * suppressed findings get none. At most `max` lines, most important first.
 */
export function formatAnnotations(findings: GithubFinding[], failOn: GithubFailOn, max = MAX_ANNOTATIONS): string {
  const lines: string[] = [];
  for (const finding of shown(findings, failOn).slice(0, max)) {
    const command = failsRun(finding, failOn) ? 'error' : finding.inTestCode ? 'notice' : 'warning';
    const properties: string[] = [];
    if (finding.file !== undefined) {
      properties.push(`file=${escapeProperty(finding.file)}`);
      if (finding.line !== undefined) {
        properties.push(`line=${finding.line}`);
        if (finding.endLine !== undefined) properties.push(`endLine=${finding.endLine}`);
        // GitHub honours columns only on a one-line annotation; SARIF's endColumn is exclusive.
        if (finding.column !== undefined && (finding.endLine === undefined || finding.endLine === finding.line)) {
          properties.push(`col=${finding.column}`);
          if (finding.endColumn !== undefined && finding.endColumn > finding.column) properties.push(`endColumn=${finding.endColumn - 1}`);
        }
      }
    }
    properties.push(`title=${escapeProperty(`jwtlint ${finding.ruleId} (${finding.severity}${finding.inTestCode ? ', test code' : ''})`)}`);
    lines.push(`::${command} ${properties.join(',')}::${escapeData(cut(finding.message, MAX_MESSAGE))}\n`);
  }
  return lines.join('');
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const EXIT_MEANING: Record<number, string> = {
  0: 'no new finding at or above fail-on',
  1: 'new findings at or above fail-on',
  2: 'usage or configuration error, see the step log',
  3: 'internal error, see the step log',
};

export interface SummaryOptions {
  failOn: GithubFailOn;
  exitCode: number;
  /** The SARIF file, named where the rows stop. */
  sarifFile?: string;
  maxRows?: number;
}

/** The job summary: a headline, then a table of new findings (severity, rule, file:line, message), at most `maxRows` rows. */
export function formatSummary(digest: SarifDigest | undefined, options: SummaryOptions): string {
  const out = ['## jwtlint', ''];
  const exit = `exit code ${options.exitCode}: ${EXIT_MEANING[options.exitCode] ?? 'unexpected'}`;
  if (!digest) {
    out.push(`No report: ${exit}.`, '');
    return `${out.join('\n')}\n`;
  }
  const rows = shown(digest.findings, options.failOn);
  const failing = rows.filter((finding) => failsRun(finding, options.failOn)).length;
  const baselined = digest.omittedBaselined + digest.findings.filter((f) => f.baselined).length;
  const suppressed = digest.omittedSuppressed + digest.findings.filter((f) => f.suppressed && !f.baselined).length;
  const counts = SEVERITY_ORDER.map((severity) => [severity, rows.filter((f) => f.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  const extras = [baselined > 0 && `${baselined} baselined`, suppressed > 0 && `${suppressed} suppressed`].filter(Boolean);
  out.push(
    `**${rows.length} new ${rows.length === 1 ? 'finding' : 'findings'}**${counts.length > 0 ? ` (${counts.join(', ')})` : ''}` +
      `${extras.length > 0 ? `; ${extras.join(', ')}` : ''}. ` +
      `${options.failOn === 'none' ? 'fail-on is none' : `${failing} at or above fail-on ${options.failOn}`}; ${exit}.`,
    '',
  );
  if (rows.length === 0) return `${out.join('\n')}\n`;
  const max = options.maxRows ?? MAX_SUMMARY_ROWS;
  out.push('| severity | rule | location | message |', '|---|---|---|---|');
  for (const finding of rows.slice(0, max)) {
    const where = finding.file === undefined ? '' : `${finding.file}${finding.line === undefined ? '' : `:${finding.line}`}`;
    const severity = `${finding.severity}${failsRun(finding, options.failOn) ? ' ❌' : ''}${finding.inTestCode ? ' (test code)' : ''}`;
    out.push(`| ${escapeMarkdown(severity)} | ${escapeMarkdown(finding.ruleId)} | ${escapeMarkdown(where)} | ${escapeMarkdown(cut(finding.message, 300))} |`);
  }
  if (rows.length > max) out.push('', `${rows.length - max} more not shown${options.sarifFile ? `: see ${escapeMarkdown(options.sarifFile)} or the code scanning alerts` : ''}.`);
  return `${out.join('\n')}\n`;
}

export interface ActionInputs {
  path: string;
  failOn: string;
  config: string;
  baseline: string;
  changedSince: string;
  category: string;
  sarifFile: string;
  annotations: string;
}

/** The action's inputs, from the `INPUT_*` variables action.yml sets (never spliced into a script). */
export function actionInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const input = (name: string, fallback = '') => (env[`INPUT_${name}`] ?? '').trim() || fallback;
  return {
    path: input('PATH', '.'),
    failOn: input('FAIL_ON', 'high'),
    config: input('CONFIG'),
    baseline: input('BASELINE'),
    changedSince: input('CHANGED_SINCE'),
    category: input('CATEGORY', 'jwtlint'),
    sarifFile: input('SARIF_FILE', 'jwtlint.sarif'),
    annotations: input('ANNOTATIONS', 'true'),
  };
}

/** jwtlint's arguments for the action's scan; every value is its own argument, so none is parsed as a flag. */
export function scanArguments(inputs: ActionInputs): string[] {
  // Severity variants: code scanning ranks each alert as the report does (test code as notes).
  const args = ['scan', '--format=sarif', `--output=${inputs.sarifFile}`, `--fail-on=${inputs.failOn}`, `--sarif-category=${inputs.category}`, '--omit-suppressed', '--sarif-severity-variants'];
  if (inputs.config) args.push(`--config=${inputs.config}`);
  if (inputs.baseline) args.push(`--baseline=${inputs.baseline}`);
  if (inputs.changedSince) args.push(`--changed-since=${inputs.changedSince}`);
  args.push('--', inputs.path);
  return args;
}

export interface ActionIo {
  stdout: (text: string) => void;
  /** Runs jwtlint with these arguments (inheriting standard output and error); returns its exit code. */
  runJwtlint: (args: string[]) => number;
}

/**
 * The action's scan step: runs jwtlint once (SARIF to `sarif-file`), sets the step outputs
 * `exit-code` and `sarif-file` (only for a report this run wrote: exit 0 or 1, a regular
 * file), prints annotations and appends the job summary. Returns jwtlint's exit code; the
 * step itself succeeds so that the upload can run, and action.yml fails the job afterwards.
 */
export function runGithubAction(env: NodeJS.ProcessEnv, io: ActionIo): number {
  const inputs = actionInputs(env);
  const failOn = (FAIL_ON_INPUTS as readonly string[]).includes(inputs.failOn) ? (inputs.failOn as GithubFailOn) : undefined;
  // jwtlint's own output is fenced: nothing it echoes from the repository runs as a command.
  const fence = randomBytes(16).toString('hex');
  io.stdout(`::stop-commands::${fence}\n`);
  let exitCode: number;
  try {
    exitCode = io.runJwtlint(scanArguments(inputs));
  } finally {
    io.stdout(`::${fence}::\n`);
  }

  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const sarifPath = path.resolve(workspace, inputs.sarifFile);
  let digest: SarifDigest | undefined;
  const wroteReport = (exitCode === 0 || exitCode === 1) && isRegularFile(sarifPath);
  if (wroteReport) {
    try {
      digest = readSarif(JSON.parse(readFileSync(sarifPath, 'utf8')), workspace);
    } catch (error) {
      io.stdout(`::warning title=jwtlint::${escapeData(`Could not read the SARIF report for annotations: ${(error as Error).message}`)}\n`);
    }
  }
  setOutput(env, 'exit-code', String(exitCode));
  if (wroteReport) setOutput(env, 'sarif-file', inputs.sarifFile);
  if (digest && failOn && inputs.annotations !== 'false') io.stdout(formatAnnotations(digest.findings, failOn));
  if (env.GITHUB_STEP_SUMMARY) {
    try {
      appendFileSync(env.GITHUB_STEP_SUMMARY, formatSummary(digest, { failOn: failOn ?? 'none', exitCode, sarifFile: inputs.sarifFile }));
    } catch (error) {
      io.stdout(`::warning title=jwtlint::${escapeData(`Could not write the job summary: ${(error as Error).message}`)}\n`);
    }
  }
  return exitCode;
}

function isRegularFile(file: string): boolean {
  try {
    return lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/** `name<<DELIMITER` form: a value can never add a second output. */
function setOutput(env: NodeJS.ProcessEnv, name: string, value: string): void {
  if (!env.GITHUB_OUTPUT) return;
  const delimiter = `jwtlint_${randomBytes(12).toString('hex')}`;
  appendFileSync(env.GITHUB_OUTPUT, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

/** Real input and output: `bin` is bin/jwtlint.js, run on this same Node. Writes are synchronous, so the command fence holds around the child's output. */
export function processIo(bin: string): ActionIo {
  return {
    stdout: (text) => writeSync(1, text),
    runJwtlint: (args) => {
      const child = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
      if (child.error) throw child.error;
      return child.status ?? 3;
    },
  };
}
