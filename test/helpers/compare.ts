import type { Finding, MaskedEvidence } from '../../src/engine/types.js';
import type { Annotation } from './annotations.js';

export interface Comparison {
  missing: string[];
  unexpected: string[];
}

const byLine = (a: string, b: string) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b);

/** Compares expected `line:rule` pairs with actual findings of one file; one finding per (line, rule). */
export function compare(expected: Annotation[], findings: Finding[]): Comparison {
  const want = new Set(expected.map((a) => `${a.line}:${a.ruleId}`));
  const got = new Set(findings.map((f) => `${f.location.line}:${f.ruleId}`));
  return {
    missing: [...want].filter((k) => !got.has(k)).sort(byLine),
    unexpected: [...got].filter((k) => !want.has(k)).sort(byLine),
  };
}

/** A failure message that names each missed and unexpected finding, with the engine's message for the latter. */
export function describeComparison(file: string, comparison: Comparison, findings: Finding[]): string {
  const lines = [`${file}:`];
  for (const key of comparison.missing) lines.push(`  missing     ${file}:${key}`);
  for (const key of comparison.unexpected) {
    const finding = findings.find((f) => `${f.location.line}:${f.ruleId}` === key);
    lines.push(`  unexpected  ${file}:${key}  ${finding?.message ?? ''}`);
  }
  return lines.join('\n');
}

/**
 * The raw text a masked evidence stands for, recovered from its source line: each place where the
 * preview's visible prefix occurs, extended to the evidence's length. Values too short to tell from
 * ordinary text are skipped, and so is PEM armour, which is public framing rather than key material.
 */
export function rawValuesBehind(evidence: MaskedEvidence, sourceLine: string): string[] {
  const prefix = evidence.preview.replace(/\*+$/, '');
  if (prefix === '' || evidence.length < 12) return [];
  const out: string[] = [];
  for (let at = sourceLine.indexOf(prefix); at >= 0; at = sourceLine.indexOf(prefix, at + 1)) {
    const raw = sourceLine.slice(at, at + evidence.length);
    if (raw.length >= prefix.length + 8 && !raw.startsWith('-----BEGIN ')) out.push(raw);
  }
  return out;
}
