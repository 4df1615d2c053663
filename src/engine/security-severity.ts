import type { Severity } from '../rule-api.js';

// GitHub's bands for `security-severity` (STANDARDS.md §6). A finding (or a rule whose
// severity the configuration changed) rated other than its rule gets the rule's score moved
// into the band of its own severity, as near the rule's score as the band allows.
const SECURITY_SEVERITY_BANDS: Record<Severity, [number, number]> = {
  critical: [9.1, 10],
  high: [7, 8.9],
  medium: [4, 6.9],
  low: [0.1, 3.9],
};

export function securitySeverityIn(severity: Severity, ruleScore: number): number {
  const [low, high] = SECURITY_SEVERITY_BANDS[severity];
  return Math.min(high, Math.max(low, ruleScore));
}

/**
 * The severity GitHub code scanning shows for a `security-severity` score ("over 9.0 is
 * critical, from 7.0 to 8.9 is high, from 4.0 to 6.9 is medium and from 0.1 to 3.9 is low. A
 * value of 0.0 or any other value outside the given range is regarded as having no security
 * severity"); undefined for no security severity. Scores are compared as written, to one decimal.
 */
export function githubSecuritySeverity(score: number): Severity | undefined {
  const rounded = Math.round(score * 10) / 10;
  if (rounded > 9 && rounded <= 10) return 'critical';
  if (rounded >= 7 && rounded <= 9) return 'high';
  if (rounded >= 4 && rounded < 7) return 'medium';
  if (rounded >= 0.1 && rounded < 4) return 'low';
  return undefined;
}
