import type { Finding, Notification, RunResult } from '../engine/types.js';
import { summaryWithFiles } from './summary.js';
import { terminalSafe as safe } from './terminal-safe.js';

export interface CompactReportOptions {
  /** Findings only: no notifications and no summary line. */
  quiet?: boolean;
  /** Also list suppressed findings and those the baseline accepts (tagged). */
  showSuppressed?: boolean;
}

/**
 * One line per finding, for large repositories, editors' problem matchers and grep:
 * `path:line:col: severity: message [rule-id]` (the text report's first line for each
 * finding, tags included: `high (test code):`), in file order, without code frames, help or
 * evidence; then one line per notification and the summary line, unless `quiet`.
 *
 * No colour. Every string that can come from the scanned repository goes through
 * terminal-safe escaping, as in the text report; messages are the engine's, secrets masked.
 */
export function formatCompact(result: RunResult, options: CompactReportOptions = {}): string {
  const lines = result.findings
    .filter((finding) => options.showSuppressed || (!finding.suppression && finding.baselineState !== 'unchanged'))
    .map(findingLine);
  if (!options.quiet) {
    for (const notification of result.notifications) lines.push(notificationLine(notification));
    lines.push(summaryWithFiles(result));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function findingLine(finding: Finding): string {
  const { file, line, column } = finding.location;
  const tags = [
    ...(finding.confidence === 'low' ? ['low confidence'] : []),
    ...(finding.inTestCode ? ['test code'] : []),
    ...(finding.suppression ? [`suppressed: ${safe(finding.suppression.reason)}`] : []),
    ...(finding.baselineState === 'unchanged' ? ['baselined'] : []),
  ];
  const severity = tags.length > 0 ? `${finding.severity} (${tags.join('; ')})` : finding.severity;
  return `${safe(file)}:${line}:${column}: ${severity}: ${safe(finding.message)} [${safe(finding.ruleId)}]`;
}

function notificationLine(notification: Notification): string {
  const file = notification.file ? safe(notification.file) : '';
  const place = file && notification.line ? `${file}:${notification.line}: ` : file ? `${file}: ` : '';
  return `${place}${notification.level}: ${safe(notification.message)} [${safe(notification.kind)}]`;
}
