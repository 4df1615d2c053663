// What `jwtlint fix` prints: the text summary (with unified diffs for --dry-run), and the
// scan's JSON and SARIF reports with each finding's fix (json.ts `fixOf`, sarif.ts `fixesOf`).
import { redactText } from '../engine/redact.js';
import type { Finding, RunResult } from '../engine/types.js';
import { buildJsonReport, type JsonFix } from '../report/json.js';
import { buildSarifLog, type SarifFixInput, type SarifOptions } from '../report/sarif.js';
import { terminalSafe } from '../report/terminal-safe.js';
import { unifiedDiff } from './edits.js';
import type { FindingFix } from './run-fix.js';

/** One file's part of the run: its outcomes, and whether it was (or would be) changed and written. */
export interface FixedFile {
  file: string;
  before: string;
  after: string;
  outcomes: FindingFix[];
  secrets: string[];
  /** Set when writing was refused or failed: the file kept its text. */
  notWritten?: string;
}

export interface FixRun {
  result: RunResult;
  files: FixedFile[];
  dryRun: boolean;
  applySuggestions: boolean;
}

export function outcomeOf(run: FixRun): Map<Finding, FindingFix> {
  return new Map(run.files.flatMap((file) => file.outcomes.map((outcome) => [outcome.finding, outcome] as const)));
}

/** A finding that still needs a person after this run (what makes the exit code 1). */
export function remains(outcome: FindingFix, file: FixedFile): boolean {
  if (file.notWritten !== undefined) return true;
  return !(outcome.kind === 'fixed' || (outcome.kind === 'suggested' && outcome.applied));
}

export function formatFixText(run: FixRun, options: { quiet: boolean }): string {
  const out: string[] = [];
  if (run.dryRun) {
    for (const file of run.files) {
      if (file.after === file.before) continue;
      out.push(safeDiff(unifiedDiff(file.file, file.before, file.after), file.secrets));
    }
  }
  const counts = { fixed: 0, suggested: 0, skipped: 0, 'no-fixer': 0, failed: 0 };
  let rotate = false;
  for (const file of run.files) {
    for (const outcome of file.outcomes) {
      counts[outcome.kind]++;
      if (outcome.kind === 'fixed' && outcome.finding.ruleId === 'hardcoded-secret') rotate = true;
      const { location, ruleId } = outcome.finding;
      const where = `${location.file}:${location.line}:${location.column}`;
      out.push(terminalSafe(redactText(`${where}  ${ruleId}  ${describeOutcome(outcome, run)}${file.notWritten !== undefined && (outcome.kind === 'fixed' || outcome.kind === 'suggested') ? ` (not written: ${file.notWritten})` : ''}`, file.secrets, 3)));
    }
  }
  if (options.quiet) return out.length > 0 ? `${out.join('\n')}\n` : '';
  const changed = run.files.filter((file) => file.after !== file.before && file.notWritten === undefined).length;
  const parts = [`${counts.fixed} fixed`, `${counts.suggested} suggested`, `${counts.skipped} skipped`, `${counts['no-fixer']} without a fixer`, ...(counts.failed > 0 ? [`${counts.failed} failed`] : [])];
  const files = `${changed} ${changed === 1 ? 'file' : 'files'}`;
  out.push(`jwtlint fix: ${parts.join(', ')}; ${run.dryRun ? `${files} would change (dry run: nothing written)` : `${files} changed`}`);
  if (rotate) out.push('Rotate every key whose committed fallback was removed: it stays in git history and in every clone, so removing it from the code does not make it secret again.');
  return `${out.join('\n')}\n`;
}

function describeOutcome(outcome: FindingFix, run: FixRun): string {
  switch (outcome.kind) {
    case 'fixed':
      return `${run.dryRun ? 'would fix' : 'fixed'}: ${outcome.summary}`;
    case 'suggested':
      return outcome.applied
        ? `suggestion ${run.dryRun ? 'would be applied' : 'applied'}: ${outcome.summary} (${outcome.reason})`
        : `suggested, not applied (${outcome.reason}; --apply-suggestions applies it): ${outcome.summary}`;
    case 'skipped':
      return `skipped: ${outcome.reason}`;
    case 'no-fixer':
      return 'no fixer for this rule: fix it by hand (jwtlint explain ' + outcome.finding.ruleId + ')';
    case 'failed':
      return `failed: ${outcome.reason}`;
  }
}

/** A diff for the terminal: every secret of the file masked, control characters escaped. */
function safeDiff(diff: string, secrets: readonly string[]): string {
  const lines = diff.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return terminalSafe(lines.map((line) => redactText(line, secrets, 3)).join('\n'), { multiline: true });
}

function jsonFixOf(outcome: FindingFix | undefined): JsonFix | undefined {
  if (!outcome) return undefined;
  switch (outcome.kind) {
    case 'fixed':
      return { outcome: 'fixed', summary: outcome.summary, replacements: outcome.replacements.map((r) => ({ deletedRegion: { ...r.deletedRegion }, insertedContent: r.insertedContent })) };
    case 'suggested':
      return { outcome: 'suggested', summary: outcome.summary, reason: outcome.reason, applied: outcome.applied, replacements: outcome.replacements.map((r) => ({ deletedRegion: { ...r.deletedRegion }, insertedContent: r.insertedContent })) };
    case 'skipped':
    case 'failed':
      return { outcome: outcome.kind, reason: outcome.reason };
    case 'no-fixer':
      return { outcome: 'no-fixer' };
  }
}

/** The scan's JSON report, each finding with its `fix` entry; findings outside the run (other rules, suppressed) have none. */
export function formatFixJson(run: FixRun): string {
  const outcomes = outcomeOf(run);
  const report = buildJsonReport(run.result, { fixOf: (finding) => jsonFixOf(outcomes.get(finding)) });
  return `${JSON.stringify({ ...report, fixRun: { dryRun: run.dryRun, applySuggestions: run.applySuggestions, filesChanged: run.files.filter((f) => f.after !== f.before && f.notWritten === undefined).map((f) => f.file) } }, null, 2)}\n`;
}

/** The scan's SARIF log, each result with its fixes (fixed and suggested edits, as replacements in its file). */
export function formatFixSarif(run: FixRun, options: SarifOptions): string {
  const outcomes = outcomeOf(run);
  const fixesOf = (finding: Finding): SarifFixInput[] | undefined => {
    const outcome = outcomes.get(finding);
    if (!outcome || (outcome.kind !== 'fixed' && outcome.kind !== 'suggested')) return undefined;
    const description = outcome.kind === 'fixed' ? outcome.summary : `${outcome.summary} (suggestion: ${outcome.reason})`;
    return [{ description, replacements: outcome.replacements }];
  };
  return `${JSON.stringify(buildSarifLog(run.result, { ...options, fixesOf }), null, 2)}\n`;
}
