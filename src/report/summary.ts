import type { Finding, MaskedEvidence, RunResult } from '../engine/types.js';
import type { RuleStandards, Severity } from '../rule-api.js';

/** Most severe first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

/** `3 findings: 1 critical, 2 high` or `No findings` */
export function summaryLine(result: RunResult): string {
  const total = result.findings.length;
  if (total === 0) return 'No findings';
  const counts = countBySeverity(result.findings);
  const parts = SEVERITIES.filter((severity) => counts[severity] > 0).map((severity) => `${counts[severity]} ${severity}`);
  return `${total} ${total === 1 ? 'finding' : 'findings'}: ${parts.join(', ')}`;
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
