import { createHash } from 'node:crypto';

/**
 * Stable identity of a finding (SARIF `jwtlint/v1`, baseline entries): rule, path and the
 * whitespace-normalised source line, plus the occurrence index among identical triples.
 * Line numbers are left out so that the fingerprint survives code inserted above the
 * finding. The line must already be masked: a hash of a line holding a weak secret would
 * let anyone holding a baseline file test guesses offline.
 */
export function fingerprintOf(ruleId: string, path: string, maskedSnippet: string, occurrence: number): string {
  const normalised = maskedSnippet.replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${ruleId}\0${path}\0${normalised}\0${occurrence}`).digest('hex').slice(0, 32);
}
