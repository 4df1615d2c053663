import type { Finding, MaskedEvidence, Notification, RunResult, RunStats, SourceLocation } from '../engine/types.js';
import type { Confidence, RuleStandards, Severity } from '../rule-api.js';
import { countBySeverity, safePreview } from './summary.js';

/** Bumped when a field is removed or changes meaning; adding a field does not bump it. */
export const JSON_REPORT_VERSION = 1;

/** The documented shape of `--format json`. Paths are root-relative, POSIX; lines and columns 1-based. */
export interface JsonReport {
  reportVersion: number;
  tool: { name: string; version: string; informationUri: string };
  /** Absolute scan root. */
  root: string;
  summary: { total: number; bySeverity: Record<Severity, number> };
  findings: JsonFinding[];
  notifications: Notification[];
  stats: RunStats;
  /** True when the run hit an internal error: the findings may be incomplete. */
  internalError: boolean;
}

export interface JsonFinding {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Severity;
  confidence: Confidence;
  location: SourceLocation;
  relatedLocations: { location: SourceLocation; label: string }[];
  /** The source line, trimmed, secrets masked. */
  snippet: string;
  evidence?: MaskedEvidence;
  remediation: string;
  standards: RuleStandards;
  inTestCode: boolean;
  fingerprint: string;
}

export function buildJsonReport(result: RunResult): JsonReport {
  return {
    reportVersion: JSON_REPORT_VERSION,
    tool: { ...result.tool },
    root: result.root,
    summary: { total: result.findings.length, bySeverity: countBySeverity(result.findings) },
    findings: result.findings.map(jsonFinding),
    notifications: result.notifications.map((notification) => ({ ...notification })),
    stats: { ...result.stats },
    internalError: result.internalError,
  };
}

export function formatJson(result: RunResult): string {
  return `${JSON.stringify(buildJsonReport(result), null, 2)}\n`;
}

// Fields are listed one by one so that a field added to Finding never reaches the
// output unreviewed.
function jsonFinding(finding: Finding): JsonFinding {
  return {
    ruleId: finding.ruleId,
    messageId: finding.messageId,
    message: finding.message,
    severity: finding.severity,
    confidence: finding.confidence,
    location: { ...finding.location },
    relatedLocations: finding.relatedLocations.map((related) => ({ location: { ...related.location }, label: related.label })),
    snippet: finding.snippet,
    ...(finding.evidence && {
      evidence: { kind: finding.evidence.kind, preview: safePreview(finding.evidence), length: finding.evidence.length },
    }),
    remediation: finding.remediation,
    standards: finding.standards,
    inTestCode: finding.inTestCode,
    fingerprint: finding.fingerprint,
  };
}
