import { estateJson } from './estate-summary.js';
import type { BaselineSummary, Finding, LibraryCoverage, MaskedEvidence, Notification, RunResult, RunStats, SourceLocation } from '../engine/types.js';
import type { Confidence, RuleStandards, Severity } from '../rule-api.js';
import { activeFindings, countBySeverity, newFindings, safePreview, suppressedFindings } from './summary.js';

/** Bumped when a field is removed or changes meaning; adding a field does not bump it. */
export const JSON_REPORT_VERSION = 1;

/** The documented shape of `--format json`. Paths are root-relative, POSIX; lines and columns 1-based. */
export interface JsonReport {
  reportVersion: number;
  tool: { name: string; version: string; informationUri: string };
  /** Absolute scan root. */
  root: string;
  /**
   * `total` and `bySeverity` count the findings that are not suppressed; with a baseline,
   * `new` and `baselined` split them.
   */
  summary: { total: number; bySeverity: Record<Severity, number>; suppressed: number; new?: number; baselined?: number };
  /** Findings not suppressed inline (baselined ones included, marked by `baselineState`). */
  findings: JsonFinding[];
  /** Findings silenced by a `jwtlint-disable-…` comment, with its reason (empty with `--omit-suppressed`). */
  suppressedFindings: (JsonFinding & { suppression: { reason: string; file: string; line: number } })[];
  notifications: Notification[];
  stats: RunStats;
  /** True when the run hit an internal error: the findings may be incomplete. */
  internalError: boolean;
  /** Deployable units (who signs, who verifies) and the keys they hold; no key values. */
  estate: ReturnType<typeof estateJson>;
  /** Present when findings were compared with a baseline file. */
  baseline?: BaselineSummary;
  /** Present when only files changed since a git ref were reported. */
  changedSince?: { ref: string; files: number };
  /**
   * The JWT packages the parsed files import: `modelled` (checked), and `unmodelled` with the
   * files importing each (not checked; each also an `unmodelled-library` notification).
   */
  libraries?: LibraryCoverage;
}

export interface JsonFinding {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Severity;
  /** One short clause: why this finding has its severity (blast radius, library version, configuration). */
  severityReason: string;
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
  /** GitHub's `primaryLocationLineHash` of the primary location. */
  lineHash?: string;
  /** With a baseline: `unchanged` when the baseline holds the finding, else `new`. */
  baselineState?: 'new' | 'unchanged';
  /** `jwtlint fix --format json` only: what the fix did or proposes for this finding. */
  fix?: JsonFix;
}

/**
 * A finding's fix in `jwtlint fix --format json`: `replacements` are against the file as the
 * scan read it (regions 1-based, end exclusive, columns in UTF-16 code units; `charOffset`
 * and `charLength` the same region 0-based), for `fixed` and `suggested` outcomes.
 */
export interface JsonFix {
  outcome: 'fixed' | 'suggested' | 'skipped' | 'no-fixer' | 'failed';
  summary?: string;
  reason?: string;
  /** Suggestions: whether it was applied (--apply-suggestions). */
  applied?: boolean;
  replacements?: JsonReplacement[];
}

export interface JsonReplacement {
  deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number; charOffset: number; charLength: number };
  insertedContent: string;
}

export interface JsonReportOptions {
  /** Leave suppressed findings out (they are still counted). */
  omitSuppressed?: boolean;
  /** `jwtlint fix`: the fix entry of a finding. */
  fixOf?: (finding: Finding) => JsonFix | undefined;
}

export function buildJsonReport(result: RunResult, options: JsonReportOptions = {}): JsonReport {
  const active = activeFindings(result);
  const suppressed = suppressedFindings(result);
  const fresh = newFindings(result).length;
  return {
    reportVersion: JSON_REPORT_VERSION,
    tool: { ...result.tool },
    root: result.root,
    summary: {
      total: active.length,
      bySeverity: countBySeverity(active),
      suppressed: suppressed.length,
      ...(result.baseline && { new: fresh, baselined: active.length - fresh }),
    },
    findings: active.map((finding) => {
      const fix = options.fixOf?.(finding);
      return fix ? { ...jsonFinding(finding), fix } : jsonFinding(finding);
    }),
    suppressedFindings: options.omitSuppressed
      ? []
      : suppressed.map((finding) => ({
          ...jsonFinding(finding),
          suppression: { reason: finding.suppression!.reason, file: finding.suppression!.location.file, line: finding.suppression!.location.line },
        })),
    notifications: result.notifications.map((notification) => ({ ...notification })),
    stats: { ...result.stats },
    internalError: result.internalError,
    estate: estateJson(result.estate),
    ...(result.baseline && { baseline: { ...result.baseline } }),
    ...(result.changedSince && { changedSince: { ...result.changedSince } }),
    ...(result.libraries && { libraries: librariesJson(result.libraries) }),
  };
}

/** A copy of the run's library coverage, for the JSON report and SARIF run properties. */
export function librariesJson(libraries: LibraryCoverage): LibraryCoverage {
  return { modelled: [...libraries.modelled], unmodelled: libraries.unmodelled.map(({ name, files }) => ({ name, files: [...files] })) };
}

export function formatJson(result: RunResult, options: JsonReportOptions = {}): string {
  return `${JSON.stringify(buildJsonReport(result, options), null, 2)}\n`;
}

// Fields are listed one by one so that a field added to Finding never reaches the
// output unreviewed.
function jsonFinding(finding: Finding): JsonFinding {
  return {
    ruleId: finding.ruleId,
    messageId: finding.messageId,
    message: finding.message,
    severity: finding.severity,
    severityReason: finding.severityReason,
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
    ...(finding.lineHash !== undefined && { lineHash: finding.lineHash }),
    ...(finding.baselineState !== undefined && { baselineState: finding.baselineState }),
  };
}
