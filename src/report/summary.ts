import type { Finding, MaskedEvidence, RunResult } from '../engine/types.js';
import type { RuleStandards, Severity } from '../rule-api.js';
import { terminalSafe as safe } from './terminal-safe.js';

/** Most severe first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

/** Findings that are not suppressed inline: the ones reports show and the summary counts. */
export function activeFindings(result: RunResult): Finding[] {
  return result.findings.filter((finding) => !finding.suppression);
}

export function suppressedFindings(result: RunResult): Finding[] {
  return result.findings.filter((finding) => finding.suppression !== undefined);
}

/** Findings that can fail the build: not suppressed, and not accepted by the baseline. */
export function newFindings(result: RunResult): Finding[] {
  return result.findings.filter((finding) => !finding.suppression && finding.baselineState !== 'unchanged');
}

/**
 * `3 findings: 1 critical, 2 high` or `No findings`; with a baseline, the new findings only
 * (`1 new finding: 1 high; 4 baselined`); suppressed findings are counted at the end.
 */
export function summaryLine(result: RunResult): string {
  const shown = result.baseline ? newFindings(result) : activeFindings(result);
  const total = shown.length;
  const noun = `${result.baseline ? 'new ' : ''}${total === 1 ? 'finding' : 'findings'}`;
  let line: string;
  if (total === 0) {
    line = `No ${noun}`;
  } else {
    const counts = countBySeverity(shown);
    const parts = SEVERITIES.filter((severity) => counts[severity] > 0).map((severity) => `${counts[severity]} ${severity}`);
    line = `${total} ${noun}: ${parts.join(', ')}`;
  }
  const extras: string[] = [];
  const baselined = activeFindings(result).length - total;
  if (result.baseline) extras.push(`${baselined} baselined`);
  const suppressed = suppressedFindings(result).length;
  if (suppressed > 0) extras.push(`${suppressed} suppressed`);
  return extras.length > 0 ? `${line}; ${extras.join(', ')}` : line;
}

/**
 * Notifications that mean a file's content was not analysed, or not all of it: it could not
 * be read, was over the size limit, ran over its time budget or hit an internal error (at
 * any level); could not be parsed at all, or was refused for what it is (outside the root,
 * not a regular file: warnings). Deliberate skips are notes and do not count: recovered
 * syntax errors (the rest was analysed), minified bundles, binary files, symbolic links.
 */
const ALWAYS_LEFT_OUT: ReadonlySet<string> = new Set(['unreadable', 'too-large', 'timeout', 'internal-error']);
const LEFT_OUT_AS_WARNINGS: ReadonlySet<string> = new Set(['unparsable', 'skipped']);

/** The files the scan meant to analyse and could not (each once), from the run's notifications. */
export function leftOutFiles(result: RunResult): string[] {
  const files = new Set<string>();
  for (const n of result.notifications) {
    if (n.file === undefined) continue;
    if (ALWAYS_LEFT_OUT.has(n.kind) || (LEFT_OUT_AS_WARNINGS.has(n.kind) && n.level !== 'note')) files.add(n.file);
  }
  return [...files].sort();
}

/** `, 2 left out: see the warnings`, or nothing when every file was analysed. */
export function leftOutClause(result: RunResult): string {
  const n = leftOutFiles(result).length;
  return n === 0 ? '' : `, ${n} left out: see the warnings`;
}

/** `OWASP NHI2:2025 · NIST CSF PR.AA-01, PR.DS-01 (CSF 1.1: PR.AC-1) · CWE-798, CWE-321` */
export function standardsLine(standards: RuleStandards): string {
  const parts: string[] = [];
  if (standards.nhi.length > 0) parts.push(`OWASP ${standards.nhi.map((id) => `${id}:2025`).join(', ')}`);
  if (standards.csf.length > 0) {
    const aliases = standards.csf11 && standards.csf11.length > 0 ? ` (CSF 1.1: ${standards.csf11.join(', ')})` : '';
    parts.push(`NIST CSF ${standards.csf.join(', ')}${aliases}`);
  }
  if (standards.cwe.length > 0) parts.push(standards.cwe.join(', '));
  return parts.join(' · ');
}

/**
 * The evidence preview as printed. The engine already masks it; this is a second fence so
 * that a preview never shows more than half of the value, whatever the engine sent.
 */
export function safePreview(evidence: MaskedEvidence): string {
  const visible = evidence.preview.replace(/\*+$/, '');
  const limit = Math.floor(evidence.length / 2);
  return visible.length <= limit ? evidence.preview : `${visible.slice(0, limit)}***`;
}

/** The summary line with how many files were scanned and left out, and a `--changed-since` scope (terminal-safe). */
export function summaryWithFiles(result: RunResult): string {
  const files = result.stats.filesDiscovered;
  const scope = result.changedSince
    ? `; reported for ${result.changedSince.files} ${result.changedSince.files === 1 ? 'file' : 'files'} changed since ${safe(result.changedSince.ref)}`
    : '';
  return `${summaryLine(result)} (${files} ${files === 1 ? 'file' : 'files'} scanned${leftOutClause(result)}${scope})`;
}
