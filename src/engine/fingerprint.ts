import { createHash } from 'node:crypto';

/**
 * Stable identity of a finding: rule, path and the normalised source line, plus the
 * occurrence index among identical triples. Line numbers are left out so that the
 * fingerprint survives code inserted above the finding.
 */
export function fingerprintOf(ruleId: string, path: string, snippet: string, occurrence: number): string {
  const normalised = snippet.replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${ruleId}\0${path}\0${normalised}\0${occurrence}`).digest('hex').slice(0, 32);
}
