import type { Finding, RunResult } from '../engine/types.js';
import type { Severity } from '../rule-api.js';
import { cweNumber, cweUrl } from '../standards/index.js';
import { activeFindings, safePreview } from './summary.js';

// GitLab SAST report (security-report-schemas 15.x, `artifacts:reports:sast`). Suppressed
// findings are left out; GitLab shows `identifiers` (the rule id first, then CWE). Each
// vulnerability carries `tracking` (advanced vulnerability tracking): a `hash` signature of the
// line-independent fingerprint (rule, path, masked and normalised source line, occurrence), so
// a finding keeps its vulnerability record when code above it moves. No `scope_offset`
// signature: it needs the enclosing scope (function, class) and the offset in it, which the
// findings do not carry, and a wrong one would outrank the hash in GitLab's matching.

export const GITLAB_SCHEMA_VERSION = '15.0.7';

const SEVERITY: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

export interface GitlabReportOptions {
  /** When the scan ended (default: now); `start_time` is derived from the run's duration. */
  now?: Date;
}

export function buildGitlabReport(result: RunResult, options: GitlabReportOptions = {}) {
  const end = options.now ?? new Date();
  const start = new Date(end.getTime() - result.stats.durationMs);
  const tool = { id: 'jwtlint', name: 'jwtlint', version: result.tool.version, vendor: { name: 'jwtlint' }, url: result.tool.informationUri };
  const helpUri = new Map(result.rules.map((rule) => [rule.id, rule.helpUri]));
  return {
    version: GITLAB_SCHEMA_VERSION,
    scan: {
      analyzer: tool,
      scanner: tool,
      type: 'sast',
      start_time: timestamp(start),
      end_time: timestamp(end),
      status: result.internalError ? 'failure' : 'success',
    },
    vulnerabilities: activeFindings(result).map((finding) => vulnerability(finding, helpUri.get(finding.ruleId))),
  };
}

export function formatGitlab(result: RunResult, options: GitlabReportOptions = {}): string {
  return `${JSON.stringify(buildGitlabReport(result, options), null, 2)}\n`;
}

function vulnerability(finding: Finding, helpUri: string | undefined) {
  const evidence = finding.evidence ? ` Evidence: ${safePreview(finding.evidence)} (${finding.evidence.length} characters).` : '';
  return {
    id: uuidFromFingerprint(finding.fingerprint),
    name: truncate(`${finding.ruleId}: ${finding.message}`, 255),
    description: `${finding.message}${evidence} Severity ${finding.severity}: ${finding.severityReason}.`,
    severity: SEVERITY[finding.severity],
    solution: finding.remediation,
    identifiers: [
      { type: 'jwtlint_rule_id', name: `jwtlint ${finding.ruleId}`, value: finding.ruleId, ...(helpUri && { url: helpUri }) },
      ...finding.standards.cwe.map((id) => ({ type: 'cwe', name: id, value: cweNumber(id), url: cweUrl(id) })),
    ],
    location: { file: finding.location.file, start_line: finding.location.line, end_line: endLine(finding) },
    tracking: {
      type: 'source',
      items: [
        {
          file: finding.location.file,
          line_start: finding.location.line,
          line_end: endLine(finding),
          signatures: [{ algorithm: 'hash', value: `jwtlint/v1:${finding.fingerprint}` }],
        },
      ],
    },
  };
}

function endLine(finding: Finding): number {
  return Math.max(finding.location.line, finding.location.endLine);
}

/** The fingerprint (hex) shaped as a UUID, so the id is stable across runs. */
function uuidFromFingerprint(fingerprint: string): string {
  const hex = fingerprint.padEnd(32, '0').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** `YYYY-MM-DDTHH:MM:SS` in UTC, the pattern the schema requires. */
function timestamp(date: Date): string {
  return date.toISOString().slice(0, 19);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
