import path from 'node:path';
import { rules as registry } from '../../rules/index.js';
import { didYouMean } from '../config/did-you-mean.js';
import { isExcludedFileName } from '../discover/walk.js';
import { looksMinified, type LoadedFile } from '../engine/load-file.js';
import { runScan } from '../engine/run.js';
import type { Finding, RunResult } from '../engine/types.js';
import { fixers } from '../fix/fixers/index.js';
import { formatFixJson, formatFixSarif, formatFixText, remains, type FixedFile, type FixRun } from '../fix/report.js';
import { createFixProject, fixFile, isEditableSource, type FindingFix } from '../fix/run-fix.js';
import { loadTsMorph } from '../fix/ts-morph.js';
import { sha256, writeFixedSource } from '../fix/write-source.js';
import { DEFAULT_SARIF_CATEGORY } from '../report/sarif.js';
import { activeFindings } from '../report/summary.js';
import { terminalSafe } from '../report/terminal-safe.js';
import { findRepositoryRoot, workingTreeState } from './git.js';
import { EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, type CliIo, type ExitCode } from './io.js';
import { planScan, scanOptions, type ScanFlags } from './scan-command.js';

export const FIX_FORMATS = ['text', 'json', 'sarif'] as const;

export interface FixFlags {
  format: string;
  /** `--rule id,...` (repeatable): fix only these rules' findings. */
  rule?: string[];
  dryRun?: boolean;
  applySuggestions?: boolean;
  allowDirty?: boolean;
  config?: string | false;
  exclude?: string[];
  include?: string[];
  quiet?: boolean;
}

/** Files whose first kilobyte says a tool wrote them (`@generated`, Go's `Code generated … DO NOT EDIT`): never edited. */
function looksGenerated(text: string): boolean {
  const head = text.slice(0, 1024);
  return head.includes('@generated') || (head.includes('Code generated') && head.includes('DO NOT EDIT'));
}

/**
 * `jwtlint fix`: the scan (planned and run exactly as `jwtlint scan` does), then each JS/TS
 * file with findings loaded once into ts-morph and fixed, then written back (or shown as a
 * diff with --dry-run). Exit codes: 0 every finding in scope fixed (or nothing to fix); 1
 * findings remain (skipped, suggested and not applied, no fixer, or a file not written);
 * 2 usage (bad flags, dirty tree, no repository, ts-morph missing); 3 internal error.
 */
export async function fixCommand(paths: string[], flags: FixFlags, io: CliIo): Promise<ExitCode> {
  const targets = paths.length > 0 ? paths : ['.'];
  const problems: string[] = [];
  const format = (FIX_FORMATS as readonly string[]).includes(flags.format) ? (flags.format as (typeof FIX_FORMATS)[number]) : undefined;
  if (format === undefined) problems.push(`--format must be one of ${FIX_FORMATS.join(', ')} (got "${flags.format}").`);
  const ruleIds = registry.map((rule) => rule.id);
  const selected = new Set((flags.rule ?? []).flatMap((value) => value.split(',')).map((id) => id.trim()).filter((id) => id !== ''));
  for (const id of selected) if (!ruleIds.includes(id)) problems.push(`--rule: unknown rule "${id}".${didYouMean(id, ruleIds)}`);

  const scanFlags: ScanFlags = {
    format: format ?? 'text',
    // The fix's output has no colours.
    color: false,
    progress: false,
    ...(flags.config !== undefined && { config: flags.config }),
    ...(flags.exclude && { exclude: flags.exclude }),
    ...(flags.include && { include: flags.include }),
    ...(flags.quiet && { quiet: true }),
  };
  const planned = await planScan(targets, scanFlags, io);
  if (!planned.ok) problems.push(...planned.problems);
  if (problems.length > 0 || !planned.ok) return usage(io, problems);
  const plan = planned.plan;

  const loaded = await loadTsMorph();
  if (!loaded.ok) return usage(io, [`${loaded.problem}.`], false);

  // A dry run writes nothing, so it needs no clean tree.
  if (!flags.dryRun && !flags.allowDirty) {
    const state = await workingTreeState(plan.root);
    if (!state.ok) return usage(io, [`${state.problem}; --allow-dirty writes without asking git.`], false);
    if (!state.repository) {
      return usage(io, [`${plan.root} is not in a git repository, so nothing could show or undo the edits: look at them first with --dry-run, then write them with --allow-dirty.`], false);
    }
    if (state.changed.length > 0) {
      const shown = state.changed.slice(0, 5).map((file) => terminalSafe(file)).join(', ');
      const more = state.changed.length > 5 ? ` and ${state.changed.length - 5} more` : '';
      return usage(io, [`the working tree has uncommitted changes (${shown}${more}): commit or stash them so that the fixes can be reviewed on their own (git diff) and undone, or use --allow-dirty.`], false);
    }
  } else if (!flags.dryRun && findRepositoryRoot(plan.root) === undefined && !flags.quiet) {
    io.stderr.write('jwtlint: note: not in a git repository: the files are edited in place with no copy kept (--allow-dirty).\n');
  }

  const read = new Map<string, LoadedFile>();
  let result: RunResult;
  try {
    result = await runScan({
      ...scanOptions(targets, plan, io, scanFlags),
      onFileRead: (file) => {
        if (isEditableSource(file.file.path)) read.set(file.file.path, file);
      },
    });
  } catch (error) {
    io.stderr.write(`jwtlint: internal error: ${describeError(error)}\n`);
    return EXIT_INTERNAL;
  }
  if (result.internalError) {
    for (const notification of result.notifications) {
      if (notification.kind === 'internal-error' || notification.kind === 'rule-error') io.stderr.write(`jwtlint: internal error: ${terminalSafe(notification.message, { multiline: true })}\n`);
    }
    io.stderr.write('jwtlint: the scan had an internal error: nothing was fixed.\n');
    return EXIT_INTERNAL;
  }

  // Suppressed findings were accepted on purpose: left alone, as are rules not selected.
  const inScope = activeFindings(result).filter((finding) => selected.size === 0 || selected.has(finding.ruleId));
  const byFile = new Map<string, Finding[]>();
  for (const finding of inScope) byFile.set(finding.location.file, [...(byFile.get(finding.location.file) ?? []), finding]);
  const fixerMap = new Map(fixers.map((fixer) => [fixer.ruleId, fixer]));
  const project = createFixProject();
  const files: FixedFile[] = [];
  for (const [file, findings] of [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const source = read.get(file);
    const refuse = refusal(file, source, findings, fixerMap);
    if (refuse !== undefined) {
      const text = source?.text ?? '';
      files.push({ file, before: text, after: text, secrets: [], outcomes: findings.map((finding): FindingFix => (fixerMap.has(finding.ruleId) ? { finding, kind: 'skipped', reason: refuse } : { finding, kind: 'no-fixer' })) });
      continue;
    }
    files.push(fixFile(project, { file, text: source!.text, findings }, fixerMap, { applySuggestions: flags.applySuggestions === true }));
  }

  if (!flags.dryRun) {
    for (const file of files) {
      if (file.after === file.before) continue;
      const source = read.get(file.file)!;
      const bom = source.storedAs === 'bom+text' ? '\ufeff' : '';
      const written = writeFixedSource(result.root, file.file, Buffer.from(bom + file.after, 'utf8'), sha256(Buffer.from(source.storedUtf8()!, 'utf8')), plan.area);
      if (!written.ok) {
        file.notWritten = written.problem;
        io.stderr.write(`jwtlint: warning: ${terminalSafe(file.file)} was not written: ${terminalSafe(written.problem)}.\n`);
      }
    }
  }

  const run: FixRun = { result, files, dryRun: flags.dryRun === true, applySuggestions: flags.applySuggestions === true };
  switch (format!) {
    case 'json':
      io.stdout.write(formatFixJson(run));
      break;
    case 'sarif':
      io.stdout.write(formatFixSarif(run, { sourceRoot: findRepositoryRoot(result.root) ?? result.root, category: DEFAULT_SARIF_CATEGORY }));
      break;
    case 'text':
      io.stdout.write(formatFixText(run, { quiet: flags.quiet === true }));
      break;
  }

  const outcomes = files.flatMap((file) => file.outcomes.map((outcome) => ({ outcome, file })));
  const failed = outcomes.filter(({ outcome }) => outcome.kind === 'failed');
  for (const { outcome } of failed) io.stderr.write(`jwtlint: internal error: ${terminalSafe(outcome.finding.location.file)}: ${terminalSafe(outcome.kind === 'failed' ? outcome.reason : '')}\n`);
  if (failed.length > 0) return EXIT_INTERNAL;
  return outcomes.some(({ outcome, file }) => remains(outcome, file)) ? EXIT_FINDINGS : EXIT_OK;
}

/** Why a file is not edited at all, or undefined when its findings go to their fixers. */
function refusal(file: string, source: LoadedFile | undefined, findings: readonly Finding[], fixerMap: ReadonlyMap<string, unknown>): string | undefined {
  if (!findings.some((finding) => fixerMap.has(finding.ruleId))) return 'no fixer';
  if (!isEditableSource(file)) return 'jwtlint fix edits JavaScript and TypeScript source only';
  if (source === undefined) return 'not read as a source file by this scan';
  if (source.storedAs === 'other') return 'not stored as UTF-8: not edited';
  if (isExcludedFileName(path.posix.basename(file)) || looksMinified(source.text)) return 'a minified or bundled file';
  if (looksGenerated(source.text)) return 'a generated file (@generated, or "Code generated … DO NOT EDIT"): fix its source instead';
  return undefined;
}

function usage(io: CliIo, problems: string[], hint = true): ExitCode {
  for (const problem of problems) io.stderr.write(`jwtlint: error: ${terminalSafe(problem, { multiline: true })}\n`);
  if (hint) io.stderr.write('Run "jwtlint fix --help" for usage.\n');
  return EXIT_USAGE;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
