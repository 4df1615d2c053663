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
