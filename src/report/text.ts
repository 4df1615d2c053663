import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding, Notification, RunResult } from '../engine/types.js';
import type { Severity } from '../rule-api.js';
import { findingFrame, sourceLineReader } from './code-frame.js';
import { estateSummaryLines } from './estate-summary.js';
import { safePreview, standardsLine, summaryWithFiles } from './summary.js';
import { terminalSafe as safe } from './terminal-safe.js';

export interface TextReportOptions {
  color: boolean;
  /**
   * Source text of a root-relative path, or undefined when it cannot be read. Used only to
   * restore indentation and place the underline: the line shown is the masked snippet.
   */
  readSource?: (path: string) => string | undefined;
  /** Findings only: no notifications and no summary. */
  quiet?: boolean;
  /** Also list suppressed findings and those the baseline accepts (tagged); by default only their count is shown. */
  showSuppressed?: boolean;
}

/**
 * Every string that can come from the scanned repository (paths, messages, snippets, names,
 * suppression reasons, parser errors) goes through `safe` before it is coloured, so the only
 * escape sequences in the output are jwtlint's own colours.
 *
 * actionlint-style text: `path:line:col: severity: message [rule-id]`, the line with an
 * underline, then help, standards, evidence and related places; a summary at the end.
 */
export function formatText(result: RunResult, options: TextReportOptions): string {
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  const lines = sourceLineReader(options.readSource);
  const shown = bySeverity(result.findings.filter((finding) => options.showSuppressed || (!finding.suppression && finding.baselineState !== 'unchanged')));
  const blocks = shown.map((finding) => findingBlock(finding, lines(finding), options.color, paint));
  if (!options.quiet) {
    const notes = result.notifications.map((notification) => notificationLine(notification, paint));
    if (notes.length > 0) blocks.push(notes.join('\n'));
    const estate = estateSummaryLines(result.estate);
    if (estate.length > 0) blocks.push(estate.join('\n'));
    blocks.push(paint.bold(summaryWithFiles(result)));
  }
  return blocks.length > 0 ? `${blocks.join('\n\n')}\n` : '';
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/**
 * What to fix first comes first: production findings before test code, each most severe
 * first, then by place (the sort is stable and findings arrive in file order).
 */
function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => Number(a.inTestCode) - Number(b.inTestCode) || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

const SEVERITY_STYLE: Record<Severity, (paint: ChalkInstance) => ChalkInstance> = {
  critical: (paint) => paint.bold.magenta,
  high: (paint) => paint.bold.red,
  medium: (paint) => paint.yellow,
  low: (paint) => paint.blue,
};

function findingBlock(finding: Finding, sourceLine: string | undefined, color: boolean, paint: ChalkInstance): string {
  const { line, column } = finding.location;
  const file = safe(finding.location.file);
  const severity = SEVERITY_STYLE[finding.severity](paint)(finding.severity);
  const tags = [
    ...(finding.confidence === 'low' ? ['low confidence'] : []),
    ...(finding.inTestCode ? ['test code'] : []),
    ...(finding.suppression ? [`suppressed: ${safe(finding.suppression.reason)}`] : []),
    ...(finding.baselineState === 'unchanged' ? ['baselined'] : []),
  ];
  const where = tags.length > 0 ? `${severity} ${paint.dim(`(${tags.join('; ')})`)}` : severity;
  const out = [`${paint.bold(`${file}:${line}:${column}:`)} ${where}: ${safe(finding.message)} ${paint.gray(`[${safe(finding.ruleId)}]`)}`];

  const frame = findingFrame(finding, sourceLine, color);
  if (frame) out.push(indent(frame));
  out.push(`  ${paint.cyan(`why ${finding.severity}:`)} ${safe(finding.severityReason)}`);
  out.push(`  ${paint.cyan('help:')} ${safe(finding.remediation)}`);
  const standards = safe(standardsLine(finding.standards));
  if (standards) out.push(`  ${paint.cyan('standards:')} ${standards}`);
  if (finding.evidence) {
    out.push(`  ${paint.cyan('evidence:')} ${safe(safePreview(finding.evidence))} (${finding.evidence.length} chars)`);
  }
  for (const related of finding.relatedLocations) {
    const at = related.location;
    out.push(`  ${paint.cyan('related:')} ${safe(at.file)}:${at.line}:${at.column}: ${safe(related.label)}`);
  }
  return out.join('\n');
}

function notificationLine(notification: Notification, paint: ChalkInstance): string {
  const level = notification.level === 'error' ? paint.red('error') : notification.level === 'warning' ? paint.yellow('warning') : 'note';
  const file = notification.file ? safe(notification.file) : '';
  const place = file && notification.line ? `${file}:${notification.line}:` : file ? `${file}:` : '';
  const where = place ? `${paint.bold(place)} ` : '';
  return `${where}${level}: ${safe(notification.message)} ${paint.gray(`[${safe(notification.kind)}]`)}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
