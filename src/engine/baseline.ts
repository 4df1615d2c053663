import type { Baseline, BaselineSummary, Finding } from './types.js';

// A baseline records the findings a team has accepted for now, by fingerprint (rule, path
// and the masked, whitespace-normalised source line: no line numbers, so it survives code
// moving around; no secret, since the line is hashed after masking). Entries are sorted and
// carry the rule id and path so that a diff of the file is reviewable.

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  ruleId: string;
  file: string;
  fingerprint: string;
}

export interface BaselineFile {
  version: typeof BASELINE_VERSION;
  tool: 'jwtlint';
  findings: BaselineEntry[];
}

/** The baseline of a run: every finding that is not suppressed inline. */
export function createBaseline(findings: readonly Finding[]): BaselineFile {
  const entries = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    if (finding.suppression) continue;
    entries.set(finding.fingerprint, { ruleId: finding.ruleId, file: finding.location.file, fingerprint: finding.fingerprint });
  }
  const sorted = [...entries.values()].sort(
    (a, b) => compare(a.file, b.file) || compare(a.ruleId, b.ruleId) || compare(a.fingerprint, b.fingerprint),
  );
  return { version: BASELINE_VERSION, tool: 'jwtlint', findings: sorted };
}

export function formatBaseline(findings: readonly Finding[]): string {
  return `${JSON.stringify(createBaseline(findings), null, 2)}\n`;
}

export type ParsedBaseline = { ok: true; baseline: Baseline & { entries: number } } | { ok: false; problem: string };

/** Reads a baseline file's text; the problem names what is wrong, without echoing the content. */
export function parseBaseline(text: string): ParsedBaseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, problem: 'not a jwtlint baseline (expected a JSON object)' };
  const record = data as Record<string, unknown>;
  if (record.tool !== 'jwtlint') return { ok: false, problem: 'not a jwtlint baseline (its "tool" is not "jwtlint")' };
  if (record.version !== BASELINE_VERSION) {
    return { ok: false, problem: `baseline version ${JSON.stringify(record.version)} is not supported; this jwtlint reads version ${BASELINE_VERSION}` };
  }
  if (!Array.isArray(record.findings)) return { ok: false, problem: '"findings" must be a list' };
  const fingerprints = new Set<string>();
  for (const [index, entry] of record.findings.entries()) {
    const fingerprint = (entry as { fingerprint?: unknown } | null)?.fingerprint;
    if (typeof fingerprint !== 'string' || !/^[0-9a-f]{16,64}$/.test(fingerprint)) {
      return { ok: false, problem: `findings[${index}] has no valid "fingerprint"` };
    }
    fingerprints.add(fingerprint);
  }
  return { ok: true, baseline: { fingerprints, entries: fingerprints.size } };
}

/** Marks each finding `unchanged` when the baseline holds its fingerprint, `new` otherwise. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): { findings: Finding[]; summary: BaselineSummary } {
  const matched = new Set<string>();
  const marked = findings.map((finding): Finding => {
    const known = baseline.fingerprints.has(finding.fingerprint);
    if (known) matched.add(finding.fingerprint);
    return { ...finding, baselineState: known ? 'unchanged' : 'new' };
  });
  return {
    findings: marked,
    summary: { entries: baseline.fingerprints.size, matched: matched.size, unmatched: baseline.fingerprints.size - matched.size },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
