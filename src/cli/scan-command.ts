import { readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { rules as registry } from '../../rules/index.js';
import { parseDuration } from '../config/duration.js';
import { FAIL_ON_VALUES, loadConfig, type FailOn, type JwtlintConfig } from '../config/load-config.js';
import { runScan } from '../engine/run.js';
import type { RunResult } from '../engine/types.js';
import { formatJson } from '../report/json.js';
import { formatSarif } from '../report/sarif.js';
import { SEVERITIES, summaryLine } from '../report/summary.js';
import { formatText } from '../report/text.js';
import { useColor } from './color.js';
import { EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, type CliIo, type ExitCode } from './io.js';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];
export const DEFAULT_FAIL_ON: FailOn = 'low';
export const DEFAULT_MAX_EXPIRY = '24h';

export interface ScanFlags {
  format: string;
  output?: string;
  failOn?: string;
  config?: string;
  maxExpiry?: string;
  color: boolean;
  quiet?: boolean;
}

interface ScanPlan {
  format: Format;
  failOn: FailOn;
  maxExpirySeconds: number;
  config: JwtlintConfig;
  outputFile?: string;
}

/** `jwtlint scan`: validates every input first (all problems at once), scans, reports, and picks the exit code. */
export async function scanCommand(paths: string[], flags: ScanFlags, io: CliIo): Promise<ExitCode> {
  const targets = paths.length > 0 ? paths : ['.'];
  const planned = await planScan(targets, flags, io);
  if (!planned.ok) {
    for (const problem of planned.problems) io.stderr.write(`jwtlint: error: ${problem}\n`);
    io.stderr.write('Run "jwtlint scan --help" for usage.\n');
    return EXIT_USAGE;
  }
  const plan = planned.plan;

  let result: RunResult;
  try {
    result = await runScan({
      cwd: io.cwd,
      paths: targets,
      maxExpirySeconds: plan.maxExpirySeconds,
      ignore: plan.config.ignore,
      disabledRules: Object.keys(plan.config.rules).filter((ruleId) => plan.config.rules[ruleId] === 'off'),
    });
  } catch (error) {
    io.stderr.write(`jwtlint: internal error: ${describeError(error)}\n`);
    return EXIT_INTERNAL;
  }

  const report = render(result, plan, flags, io);
  if (plan.outputFile) {
    try {
      await writeFile(plan.outputFile, report);
    } catch (error) {
      io.stderr.write(`jwtlint: error: cannot write ${flags.output}: ${describeError(error)}\n`);
      return EXIT_USAGE;
    }
    if (!flags.quiet) io.stderr.write(`jwtlint: ${summaryLine(result)}; ${plan.format} report written to ${flags.output}\n`);
  } else {
    io.stdout.write(report);
  }

  if (result.internalError) {
    for (const notification of result.notifications) {
      if (notification.kind === 'internal-error' || notification.kind === 'rule-error') {
        io.stderr.write(`jwtlint: internal error: ${notification.message}\n`);
      }
    }
    return EXIT_INTERNAL;
  }
  return failsThreshold(result, plan.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

async function planScan(
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

  let config: JwtlintConfig = { ignore: [], rules: {} };
  if (flags.config !== undefined) {
    const loaded = await loadConfig(path.resolve(io.cwd, flags.config), registry.map((rule) => rule.id));
    if (loaded.ok) config = loaded.config;
    else problems.push(...loaded.problems);
  }

  for (const target of targets) {
    if (!statSync(path.resolve(io.cwd, target), { throwIfNoEntry: false })) problems.push(`no such file or folder: ${target}`);
  }

  const outputFile = flags.output === undefined ? undefined : path.resolve(io.cwd, flags.output);
  if (outputFile !== undefined) {
    if (statSync(outputFile, { throwIfNoEntry: false })?.isDirectory()) problems.push(`--output ${flags.output} is a folder.`);
    else if (!statSync(path.dirname(outputFile), { throwIfNoEntry: false })?.isDirectory()) {
      problems.push(`--output ${flags.output}: folder ${path.dirname(flags.output!)} does not exist.`);
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
      ...(outputFile !== undefined && { outputFile }),
    },
  };
}

function render(result: RunResult, plan: ScanPlan, flags: ScanFlags, io: CliIo): string {
  switch (plan.format) {
    case 'json':
      return formatJson(result);
    case 'sarif':
      return formatSarif(result);
    case 'text':
      return formatText(result, {
        color: plan.outputFile === undefined && useColor(flags.color, io.env, io.stdout),
        readSource: (file) => readSourceFile(result.root, file),
        quiet: flags.quiet === true,
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

export function failsThreshold(result: RunResult, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  const threshold = SEVERITIES.indexOf(failOn);
  return result.findings.some((finding) => SEVERITIES.indexOf(finding.severity) <= threshold);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
