import { readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { rules as registry } from '../../rules/index.js';
import { parseDuration } from '../config/duration.js';
import { parseSize } from '../config/size.js';
import { discoverConfig, emptyConfig, FAIL_ON_VALUES, loadConfig, type FailOn, type JwtlintConfig } from '../config/load-config.js';
import { formatBaseline, parseBaseline } from '../engine/baseline.js';
import { RepositoryArea } from '../own-files/area.js';
import { MAX_BASELINE_BYTES, readOwnFile } from '../own-files/read.js';
import { checkOwnOutput, writeOwnOutput, type OutputKind, type WriteResult } from '../own-files/write.js';
import { determineScanRoot, inspectTargets } from '../discover/discover.js';
import { formatCompact } from '../report/compact.js';
import { runScan } from '../engine/run.js';
import type { Baseline, Notification, RunResult, ScanOptions } from '../engine/types.js';
import { formatCodeQuality } from '../report/codequality.js';
import { formatGitlab } from '../report/gitlab.js';
import { formatHtml } from '../report/html.js';
import { formatJson } from '../report/json.js';
import { DEFAULT_SARIF_CATEGORY, formatSarif } from '../report/sarif.js';
import { leftOutFiles, newFindings, SEVERITIES, summaryLine } from '../report/summary.js';
import { formatText } from '../report/text.js';
import { useColor } from './color.js';
import { estateFile, estateKeyFrom, headCommit } from '../estate/estate-file.js';
import { toolInfo } from '../engine/tool-info.js';
import { changedFilesSince, findRepositoryRoot } from './git.js';
import { EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, type CliIo, type ExitCode } from './io.js';
import { createProgress } from './progress.js';
import { terminalSafe } from '../report/terminal-safe.js';

export const FORMATS = ['text', 'json', 'sarif', 'gitlab', 'codequality', 'compact', 'html'] as const;
export type Format = (typeof FORMATS)[number];
export const DEFAULT_FAIL_ON: FailOn = 'low';
export const DEFAULT_MAX_EXPIRY = '24h';

export interface ScanFlags {
  format: string;
  output?: string;
  failOn?: string;
  /** A file name, or false for `--no-config` (no discovery either). */
  config?: string | false;
  maxExpiry?: string;
  color: boolean;
  quiet?: boolean;
  baseline?: string;
  writeBaseline?: string;
  changedSince?: string;
  sarifCategory?: string;
  showSuppressed?: boolean;
  omitSuppressed?: boolean;
  /** sarif and codequality: keep baselined findings (left out by default). */
  includeBaselined?: boolean;
  /** sarif: one rule descriptor per severity used and one for test code (`<rule-id>/<severity>`), for GitHub code scanning. */
  sarifSeverityVariants?: boolean;
  /** `--no-prefilter`: parse every JS/TS file (to check that the prefilter changes nothing). */
  prefilter?: boolean;
  /** False for `--no-progress`: no progress line on stderr even on a terminal. */
  progress?: boolean;
  /** `--file-timeout`: per-file analysis budget (a duration). */
  fileTimeout?: string;
  /** `--workers`: accepted so that existing pipelines keep running; read workers are gone. */
  workers?: string;
  /** `--max-file-size`: files above it are skipped with a note (a size). */
  maxFileSize?: string;
  /** `--fail-on-incomplete`: exit 1 when a file could not be analysed, findings or not. */
  failOnIncomplete?: boolean;
  /** `--exclude` (repeatable): `.gitignore`-style patterns added to the configuration's `ignore`. */
  exclude?: string[];
  /** `--include` (repeatable): only walked files these `.gitignore`-style patterns select are scanned. */
  include?: string[];
  /** `--estate-out`: write the repository's estate file (units, keys, roles, fingerprints). */
  estateOut?: string;
  /** `--estate-name`: the repository's name in the estate file (default: its folder's name). */
  estateName?: string;
}

export interface ScanPlan {
  format: Format;
  failOn: FailOn;
  maxExpirySeconds: number;
  config: JwtlintConfig;
  /** Notifications about configuration found at the root (an ignored JavaScript config). */
  configNotifications: Notification[];
  outputFile?: string;
  baseline?: Baseline;
  writeBaselineFile?: string;
  onlyFiles?: { ref: string; files: string[] };
  fileTimeBudgetMs?: number;
  maxFileBytes?: number;
  root: string;
  /** The scanned repository, where jwtlint's own files are opened without following links. */
  area: RepositoryArea;
  /** Configuration `ignore` then `--exclude`. */
  ignore: string[];
  include: string[];
  /** Named folders that hold nothing to scan (not an error: said on standard error, even with --quiet). */
  emptyTargets: string[];
  estateOutFile?: string;
  /** JWTLINT_ESTATE_KEY and its id, for --estate-out. */
  estateKey?: { key: Buffer; keyId: string };
}

/** `jwtlint scan`: validates every input first (all problems at once), scans, reports, and picks the exit code. */
export async function scanCommand(paths: string[], flags: ScanFlags, io: CliIo): Promise<ExitCode> {
  const targets = paths.length > 0 ? paths : ['.'];
  const planned = await planScan(targets, flags, io);
  if (!planned.ok) {
    for (const problem of planned.problems) io.stderr.write(`jwtlint: error: ${terminalSafe(problem, { multiline: true })}\n`);
    io.stderr.write('Run "jwtlint scan --help" for usage.\n');
    return EXIT_USAGE;
  }
  const plan = planned.plan;
  for (const target of plan.emptyTargets) {
    io.stderr.write(`jwtlint: note: ${terminalSafe(shorten(target))} holds no file to scan (none of a type jwtlint reads, or all of them ignored); nothing was scanned there.\n`);
  }
  if (flags.workers !== undefined && !flags.quiet) {
    io.stderr.write('jwtlint: warning: --workers is ignored: read workers were removed (on a 2-core machine they gained nothing); the scan reads files on one thread.\n');
  }

  // stderr only: stdout may carry a JSON or SARIF report.
  const progress = createProgress({ stream: io.stderr, env: io.env, enabled: flags.progress !== false && flags.quiet !== true });
  let result: RunResult;
  try {
    const options = scanOptions(targets, plan, io, flags);
    // Cleared before anything else is written, the error below included.
    result = await runScan(progress ? { ...options, onProgress: progress.onProgress } : options).finally(() => progress?.done());
  } catch (error) {
    io.stderr.write(`jwtlint: internal error: ${describeError(error)}\n`);
    return EXIT_INTERNAL;
  }
  if (plan.configNotifications.length > 0) result = { ...result, notifications: [...plan.configNotifications, ...result.notifications] };

  if (plan.outputFile) {
    const written = writeOutput(plan.outputFile, render(result, plan, flags, io), outputKind(plan.format), plan.area, io);
    if (!written.ok) return writeFailed(io, '--output', flags.output!, written);
    if (!flags.quiet) io.stderr.write(`jwtlint: ${summaryLine(result)}; ${plan.format} report written to ${terminalSafe(flags.output!)}\n`);
  } else if (!plan.writeBaselineFile) {
    // With --write-baseline the report is written only where --output says: the run
    // records findings, and its one line below says how many.
    io.stdout.write(render(result, plan, flags, io));
  }

  if (plan.estateOutFile) {
    const written = writeEstate(result, plan, flags, io);
    if (!written.ok) return writeFailed(io, '--estate-out', flags.estateOut!, written);
  }

  if (plan.writeBaselineFile) {
    const written = writeOutput(plan.writeBaselineFile, formatBaseline(result.findings), 'baseline', plan.area, io);
    if (!written.ok) return writeFailed(io, '--write-baseline', flags.writeBaseline!, written);
    const count = result.findings.filter((finding) => !finding.suppression).length;
    if (!flags.quiet) io.stderr.write(`jwtlint: wrote ${count} ${count === 1 ? 'finding' : 'findings'} to ${terminalSafe(flags.writeBaseline!)}\n`);
  }

  if (result.internalError) {
    for (const notification of result.notifications) {
      if (notification.kind === 'internal-error' || notification.kind === 'rule-error') {
        io.stderr.write(`jwtlint: internal error: ${terminalSafe(notification.message, { multiline: true })}\n`);
      }
    }
    return EXIT_INTERNAL;
  }
  // Writing a baseline accepts every current finding, so it never fails the run.
  if (plan.writeBaselineFile) return EXIT_OK;
  if (failsThreshold(result, plan.failOn)) return EXIT_FINDINGS;
  // A scan that could not read or analyse some files says nothing about them: with
  // --fail-on-incomplete that fails the run like a finding would.
  const leftOut = leftOutFiles(result);
  if (flags.failOnIncomplete && leftOut.length > 0) {
    if (!flags.quiet) io.stderr.write(`jwtlint: --fail-on-incomplete: ${leftOut.length} ${leftOut.length === 1 ? 'file was' : 'files were'} left out (see the warnings)\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

/**
 * `/dev/stdout` and `/dev/stderr` (and their /dev/fd, /proc/self/fd spellings) are
 * jwtlint's own streams, written as they are: reopening them fails when the stream is a
 * socket (ENXIO; Node's child processes get socket pairs), and would start a file over.
 */
const STANDARD_STREAMS: Record<string, 'stdout' | 'stderr'> = {
  '/dev/stdout': 'stdout',
  '/dev/fd/1': 'stdout',
  '/proc/self/fd/1': 'stdout',
  '/dev/stderr': 'stderr',
  '/dev/fd/2': 'stderr',
  '/proc/self/fd/2': 'stderr',
};

/** What an existing --output file must be to be replaced: a compact report is recognised as a text one (same finding lines, same summary). */
function outputKind(format: Format): OutputKind {
  return format === 'compact' ? 'text' : format;
}

function writeOutput(file: string, content: string, kind: OutputKind, area: RepositoryArea, io: CliIo): WriteResult {
  const stream = STANDARD_STREAMS[file];
  if (stream === undefined) return writeOwnOutput(file, content, kind, area);
  io[stream].write(content);
  return { ok: true };
}

/**
 * A report or baseline that could not be written: one line, exit 2 (the output named on the
 * command line cannot be honoured), whether the target was refused or the write failed.
 */
function writeFailed(io: CliIo, flag: string, value: string, failure: Extract<WriteResult, { ok: false }>): ExitCode {
  const line = failure.refused ? `${flag} ${value}: ${failure.problem}.` : `cannot write ${value}: ${failure.problem}.`;
  io.stderr.write(`jwtlint: error: ${terminalSafe(line)}\n`);
  return EXIT_USAGE;
}

/**
 * The estate file of --estate-out. The repository is named by --estate-name or its top
 * level's folder; its commit is read from `.git` as files (git is not run). Written under the
 * rules of every other output of jwtlint (own-files/write.ts): inside the scanned tree only to
 * a regular file reached without links, replacing only an earlier estate file.
 */
function writeEstate(result: RunResult, plan: ScanPlan, flags: ScanFlags, io: CliIo): WriteResult {
  const top = findRepositoryRoot(result.root);
  const commit = top === undefined ? undefined : headCommit(top, plan.area);
  const name = flags.estateName ?? path.basename(top ?? result.root);
  // A subfolder of a repository: its place there, so that merged reports point into the repository.
  const folder = top === undefined ? '' : path.relative(top, result.root).split(path.sep).join('/');
  const document = estateFile({
    estate: result.estate,
    repository: { name, ...(folder !== '' && !folder.startsWith('..') && { path: folder }), ...(commit && { commit }) },
    version: toolInfo().version,
    ...(plan.estateKey && { keyId: plan.estateKey.keyId }),
  });
  const written = writeOutput(plan.estateOutFile!, `${JSON.stringify(document, null, 2)}\n`, 'estate', plan.area, io);
  if (written.ok && !flags.quiet) {
    const prints = plan.estateKey ? `fingerprints under estate key ${plan.estateKey.keyId}` : 'no fingerprints: JWTLINT_ESTATE_KEY is not set, so merging it compares nothing';
    io.stderr.write(`jwtlint: estate of ${terminalSafe(name)} (${document.units.length} ${document.units.length === 1 ? 'unit' : 'units'}, ${document.keys.length} ${document.keys.length === 1 ? 'key' : 'keys'}; ${prints}) written to ${terminalSafe(flags.estateOut!)}\n`);
  }
  return written;
}

export function scanOptions(targets: string[], plan: ScanPlan, io: CliIo, flags: ScanFlags): ScanOptions {
  const { config } = plan;
  return {
    cwd: io.cwd,
    ...(plan.estateKey && { estateKey: plan.estateKey.key }),
    paths: targets,
    maxExpirySeconds: plan.maxExpirySeconds,
    ignore: plan.ignore,
    ...(plan.include.length > 0 && { include: [...plan.include] }),
    disabledRules: config.disabledRules,
    ...(config.maxClockToleranceSeconds !== undefined && { maxClockToleranceSeconds: config.maxClockToleranceSeconds }),
    ...(Object.keys(config.severityOverrides).length > 0 && { severityOverrides: config.severityOverrides }),
    ...(config.testPaths.length > 0 && { testPaths: config.testPaths }),
    ...(Object.keys(config.units).length > 0 && { units: config.units }),
    ...(plan.onlyFiles && { onlyFiles: plan.onlyFiles }),
    ...(plan.baseline && { baseline: plan.baseline }),
    ...(flags.prefilter === false && { prefilter: false }),
    ...(plan.fileTimeBudgetMs !== undefined && { fileTimeBudgetMs: plan.fileTimeBudgetMs }),
    ...(plan.maxFileBytes !== undefined && { maxFileBytes: plan.maxFileBytes }),
  };
}

export async function planScan(
  targets: string[],
  flags: ScanFlags,
  io: CliIo,
): Promise<{ ok: true; plan: ScanPlan } | { ok: false; problems: string[] }> {
  const problems: string[] = [];

  const format = flags.format as Format;
  if (!FORMATS.includes(format)) problems.push(`--format must be one of ${FORMATS.join(', ')} (got "${flags.format}").`);

  if (flags.failOn !== undefined && !(FAIL_ON_VALUES as readonly string[]).includes(flags.failOn)) {
    problems.push(`--fail-on must be one of ${FAIL_ON_VALUES.join(', ')} (got "${flags.failOn}").`);
  }

  const maxExpiryFlag = flags.maxExpiry === undefined ? undefined : parseDuration(flags.maxExpiry);
  if (flags.maxExpiry !== undefined && maxExpiryFlag === undefined) {
    problems.push(`--max-expiry must be a positive duration such as 24h, 30m, 7d, 1w or a number of seconds (got "${flags.maxExpiry}").`);
  }

  // Only from the command line: a configuration file lives in the scanned repository.
  const fileTimeoutFlag = flags.fileTimeout === undefined ? undefined : parseDuration(flags.fileTimeout);
  if (flags.fileTimeout !== undefined && fileTimeoutFlag === undefined) {
    problems.push(`--file-timeout must be a positive duration such as 30s, 2m or a number of seconds (got "${flags.fileTimeout}").`);
  }


  const maxFileBytes = flags.maxFileSize === undefined ? undefined : parseSize(flags.maxFileSize);
  if (flags.maxFileSize !== undefined && maxFileBytes === undefined) {
    problems.push(`--max-file-size must be a positive size such as 2MB, 512kB or a number of bytes (got "${flags.maxFileSize}").`);
  }

  let targetsExist = true;
  for (const target of targets) {
    const stat = tryStat(path.resolve(io.cwd, target));
    if (!stat.ok) {
      problems.push(stat.error === 'ENOENT' ? `no such file or folder: ${target}` : `cannot read ${shorten(target)} (${stat.error}).`);
      targetsExist = false;
    }
  }
  const exclude = flags.exclude ?? [];
  const include = flags.include ?? [];
  for (const [flag, patterns] of [['--exclude', exclude], ['--include', include]] as const) {
    if (patterns.some((pattern) => pattern.trim() === '')) problems.push(`${flag} must be a non-empty .gitignore-style pattern.`);
  }
  const root = targetsExist ? determineScanRoot(io.cwd, targets) : path.resolve(io.cwd);
  // The repository may plant links and FIFOs where jwtlint reads and writes its own files.
  const area = RepositoryArea.forScan(root);

  let config = emptyConfig();
  let configNotifications: Notification[] = [];
  let configFile: string | undefined;
  if (typeof flags.config === 'string') {
    configFile = path.resolve(io.cwd, flags.config);
  } else if (flags.config !== false && targetsExist) {
    const discovered = discoverConfig(root);
    configNotifications = discovered.notifications;
    if (discovered.conflicting) {
      problems.push(`several configuration files in ${root}: ${discovered.conflicting.join(', ')}; keep one, or choose with --config.`);
    }
    configFile = discovered.file;
  }
  if (configFile !== undefined) {
    const loaded = await loadConfig(configFile, registry, area);
    if (loaded.ok) config = loaded.config;
    else problems.push(...loaded.problems);
  }

  // Every named path must give the scan something to read (checked as discovery will walk
  // it, stopping at the first file it would keep): a path outside the root, of a type jwtlint
  // does not read or ignored is a usage error, not a clean pass over nothing.
  const ignore = [...config.ignore, ...exclude];
  const emptyTargets: string[] = [];
  // With a missing path the root is the working directory, as it is with several paths.
  const present = targetsExist ? targets : targets.filter((target) => tryStat(path.resolve(io.cwd, target)).ok);
  const scansOneFolder = targetsExist && targets.length === 1 && root !== path.resolve(io.cwd);
  const verdicts = present.length === 0 ? [] : inspectTargets({ root, paths: scansOneFolder ? [] : present, ignore, include });
  verdicts.forEach((verdict, index) => {
    const target = terminalSafe(shorten(present[index]!));
    if (verdict.problem !== undefined) problems.push(`${target} ${verdict.problem}.`);
    else if (verdict.empty && include.length > 0) problems.push(`${target} holds no file that --include ${include.join(', --include ')} selects.`);
    else if (verdict.empty) emptyTargets.push(present[index]!);
  });

  // Checked now, so that a refused target stops the run before the scan; checked again
  // when written.
  const outputFile = outputPath(flags.output, '--output', FORMATS.includes(format) ? outputKind(format) : undefined, { io, area, problems });
  const writeBaselineFile = outputPath(flags.writeBaseline, '--write-baseline', 'baseline', { io, area, problems });
  if (outputFile !== undefined && outputFile === writeBaselineFile) problems.push('--output and --write-baseline name the same file.');
  const estateOutFile = outputPath(flags.estateOut, '--estate-out', 'estate', { io, area, problems });
  if (estateOutFile !== undefined && (estateOutFile === outputFile || estateOutFile === writeBaselineFile)) problems.push('--estate-out names the same file as another output.');
  if (flags.estateName !== undefined && (flags.estateName.trim() === '' || flags.estateName.length > 1024)) problems.push('--estate-name must be a non-empty name of at most 1024 characters.');
  if (flags.estateName !== undefined && estateOutFile === undefined) problems.push('--estate-name names the repository in the estate file: use it with --estate-out.');
  let estateKey: ScanPlan['estateKey'];
  if (estateOutFile !== undefined) {
    const key = estateKeyFrom(io.env);
    if (key.ok) estateKey = { key: key.key, keyId: key.keyId };
    else if (!('absent' in key)) problems.push(`${key.problem}.`);
  }

  let baseline: Baseline | undefined;
  if (flags.baseline !== undefined) {
    const read = readOwnFile(path.resolve(io.cwd, flags.baseline), area, MAX_BASELINE_BYTES);
    if (!read.ok) {
      problems.push(
        read.code !== undefined
          ? `--baseline ${flags.baseline}: cannot read it (${read.code}); create one with --write-baseline.`
          : `--baseline ${flags.baseline}: ${read.problem}; jwtlint reads a baseline only from a regular file.`,
      );
    } else {
      const parsed = parseBaseline(read.text);
      if (parsed.ok) baseline = parsed.baseline;
      else problems.push(`--baseline ${flags.baseline}: ${parsed.problem}.`);
    }
  }

  if (flags.sarifCategory !== undefined && !/^\S+$/.test(flags.sarifCategory)) {
    problems.push(`--sarif-category must be a non-empty name without spaces (got "${flags.sarifCategory}").`);
  }

  let onlyFiles: ScanPlan['onlyFiles'];
  if (flags.changedSince !== undefined) {
    if (writeBaselineFile !== undefined) problems.push('--write-baseline records every finding, so it cannot be combined with --changed-since.');
    if (targetsExist) {
      const changed = await changedFilesSince(root, flags.changedSince);
      if (changed.ok) onlyFiles = { ref: flags.changedSince, files: changed.files };
      else problems.push(changed.problem);
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    plan: {
      format,
      // A flag given on the command line beats the configuration file, which beats the default.
      failOn: (flags.failOn as FailOn | undefined) ?? config.failOn ?? DEFAULT_FAIL_ON,
      maxExpirySeconds: maxExpiryFlag ?? config.maxExpirySeconds ?? parseDuration(DEFAULT_MAX_EXPIRY)!,
      config,
      configNotifications,
      root,
      area,
      ignore,
      include,
      emptyTargets,
      ...(outputFile !== undefined && { outputFile }),
      ...(estateOutFile !== undefined && { estateOutFile }),
      ...(estateKey && { estateKey }),
      ...(writeBaselineFile !== undefined && { writeBaselineFile }),
      ...(baseline && { baseline }),
      ...(onlyFiles && { onlyFiles }),
      ...(fileTimeoutFlag !== undefined && { fileTimeBudgetMs: fileTimeoutFlag * 1000 }),
      ...(maxFileBytes !== undefined && { maxFileBytes }),
    },
  };
}

/** The absolute path of an output flag's file, its problems (refused target) added to `problems`. */
function outputPath(
  value: string | undefined,
  flag: string,
  kind: OutputKind | undefined,
  { io, area, problems }: { io: CliIo; area: RepositoryArea; problems: string[] },
): string | undefined {
  if (value === undefined) return undefined;
  const file = path.resolve(io.cwd, value);
  if (kind !== undefined && STANDARD_STREAMS[file] === undefined) {
    const checked = checkOwnOutput(file, kind, area);
    if (!checked.ok) problems.push(`${flag} ${value}: ${checked.refused ? '' : 'cannot write it: '}${checked.problem}.`);
  }
  return file;
}

/** `statSync` that answers instead of throwing (ENAMETOOLONG, ELOOP, EACCES are usage errors too). */
function tryStat(file: string): { ok: true; stats: Stats } | { ok: false; error: string } {
  try {
    const stats = statSync(file, { throwIfNoEntry: false });
    return stats ? { ok: true, stats } : { ok: false, error: 'ENOENT' };
  } catch (error) {
    return { ok: false, error: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

function shorten(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** The report of `plan.format` as the scan command prints it (exported for tests that render every format of one scan). */
export function render(result: RunResult, plan: ScanPlan, flags: ScanFlags, io: CliIo): string {
  const omitSuppressed = flags.omitSuppressed === true;
  switch (plan.format) {
    case 'json':
      return formatJson(result, { omitSuppressed });
    case 'sarif':
      return formatSarif(result, {
        // Paths relative to the repository's top level, so code scanning finds the files
        // when a subfolder is scanned; the scan root when there is no repository.
        sourceRoot: findRepositoryRoot(result.root) ?? result.root,
        category: flags.sarifCategory ?? DEFAULT_SARIF_CATEGORY,
        omitSuppressed,
        includeBaselined: flags.includeBaselined === true,
        severityVariants: flags.sarifSeverityVariants === true,
      });
    case 'gitlab':
      return formatGitlab(result);
    case 'codequality':
      return formatCodeQuality(result, { sourceRoot: findRepositoryRoot(result.root) ?? result.root, includeBaselined: flags.includeBaselined === true });
    case 'html':
      return formatHtml(result, { readSource: (file) => readSourceFile(result.root, file) });
    case 'compact':
      return formatCompact(result, { quiet: flags.quiet === true, showSuppressed: flags.showSuppressed === true });
    case 'text':
      return formatText(result, {
        color: plan.outputFile === undefined && useColor(flags.color, io.env, io.stdout),
        readSource: (file) => readSourceFile(result.root, file),
        quiet: flags.quiet === true,
        showSuppressed: flags.showSuppressed === true,
      });
  }
}

function readSourceFile(root: string, file: string): string | undefined {
  try {
    return readFileSync(path.join(root, file), 'utf8');
  } catch {
    return undefined;
  }
}

/** True when a finding that is neither suppressed nor accepted by the baseline is at or above `failOn`. */
export function failsThreshold(result: RunResult, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  const threshold = SEVERITIES.indexOf(failOn);
  return newFindings(result).some((finding) => SEVERITIES.indexOf(finding.severity) <= threshold);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
