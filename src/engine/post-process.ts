import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GitignoreMatcher } from '../discover/gitignore.js';
import type { Evidence, RuleReport, Severity } from '../rule-api.js';
import { applyBaseline } from './baseline.js';
import { securitySeverityIn } from './security-severity.js';
import { OPEN_NO_FOLLOW_NO_BLOCK } from '../discover/walk.js';
import { lineHashesAt } from './line-hash.js';
import { LoadedFile } from './load-file.js';
import { maskTokens, redactText } from './redact.js';
import { applySuppressions } from './suppressions.js';
import type { Finding, Notification, RuleMetadata, RunResult, ScanOptions } from './types.js';
import { pushTo } from '../collections.js';

export interface PostProcessContext {
  /** Text of every file the run read, by root-relative path (where suppression comments are). */
  texts: ReadonlyMap<string, string | LoadedFile>;
  /** Raw secret and token texts the rules reported: the redaction fence masks them anywhere. */
  secrets: readonly string[];
  /** Every rule id jwtlint knows, enabled or not (for validating suppression comments). */
  knownRuleIds: readonly string[];
  options: ScanOptions;
}

/** The raw text behind a report's evidence (to be masked, never printed). */
export function evidenceText(evidence: Evidence): string {
  return evidence.kind === 'secret' ? evidence.material.text : evidence.token.text;
}

export function evidenceTexts(reports: readonly Pick<RuleReport, 'evidence'>[]): string[] {
  return reports.flatMap((report) => (report.evidence ? [evidenceText(report.evidence)] : []));
}

/**
 * The post-processing step of a run (DESIGN.md step 6), after the rules and before any
 * report: configured severities and test paths, the redaction fence, inline suppressions,
 * GitHub line hashes, the `--changed-since` filter and the baseline. Returns a new result.
 */
export function postProcess(result: RunResult, context: PostProcessContext): RunResult {
  const { options } = context;
  const overrides = options.severityOverrides ?? {};
  const rules = result.rules.map((rule) => withSeverity(rule, overrides[rule.id]));

  let findings = result.findings.map((finding): Finding => {
    const configured = overrides[finding.ruleId];
    return {
      ...finding,
      ...(configured !== undefined && { severity: configured, severityReason: `set to ${configured} for every \`${finding.ruleId}\` finding by the configuration` }),
      message: redactText(finding.message, context.secrets),
      snippet: shortSnippet(maskTokens(finding.snippet), finding.location.column),
      relatedLocations: finding.relatedLocations.map((related) => ({ ...related, label: redactText(related.label, context.secrets) })),
    };
  });
  findings = markTestCode(findings, options.testPaths ?? []);

  const suppressed = applySuppressions(findings, context.texts, context.knownRuleIds, new Set(rules.map((rule) => rule.id)));
  findings = suppressed.findings;
  let notifications = [...result.notifications, ...suppressed.notifications].map(
    (notification): Notification => ({ ...notification, message: redactText(notification.message, context.secrets) }),
  );

  let changedSince: RunResult['changedSince'];
  if (options.onlyFiles) {
    const inScope = new Set(options.onlyFiles.files);
    findings = findings.filter((finding) => inScope.has(finding.location.file));
    notifications = notifications.filter((notification) => notification.file === undefined || inScope.has(notification.file));
    changedSince = { ref: options.onlyFiles.ref, files: inScope.size };
  }

  findings = withLineHashes(findings, result.root, context.texts);

  let baseline: RunResult['baseline'];
  if (options.baseline) {
    const applied = applyBaseline(findings, options.baseline);
    findings = applied.findings;
    baseline = applied.summary;
  }

  return {
    ...result,
    rules,
    findings,
    notifications: sortNotifications(notifications),
    ...(baseline && { baseline }),
    ...(changedSince && { changedSince }),
  };
}

/** Longest snippet kept: a finding in a minified bundle must not put the whole bundle into every report. */
export const MAX_SNIPPET_LENGTH = 240;

/** A window of the (masked) line around the finding's column, with `…` where it was cut. */
function shortSnippet(snippet: string, column: number): string {
  if (snippet.length <= MAX_SNIPPET_LENGTH) return snippet;
  const from = Math.max(0, Math.min(column - 1 - 80, snippet.length - MAX_SNIPPET_LENGTH));
  const to = Math.min(snippet.length, from + MAX_SNIPPET_LENGTH);
  return `${from > 0 ? '…' : ''}${snippet.slice(from, to)}${to < snippet.length ? '…' : ''}`;
}

function withSeverity(rule: RuleMetadata, severity: Severity | undefined): RuleMetadata {
  if (severity === undefined || severity === rule.severity) return rule;
  return { ...rule, severity, securitySeverity: securitySeverityIn(severity, rule.securitySeverity) };
}

function markTestCode(findings: Finding[], patterns: readonly string[]): Finding[] {
  if (patterns.length === 0) return findings;
  // The patterns come from the scanned repository: a matcher with bounded running time.
  const matcher = new GitignoreMatcher().add(patterns);
  const verdict = (file: string): boolean | undefined => {
    // The file first, then its folders from the deepest: `!fixtures/prod-like/` must win
    // over the built-in test-path guess for every file below it.
    const parts = file.split('/');
    for (let depth = parts.length; depth > 0; depth--) {
      const candidate = depth === parts.length ? file : `${parts.slice(0, depth).join('/')}/`;
      const { ignored, unignored } = matcher.test(candidate);
      if (unignored) return false;
      if (ignored) return true;
    }
    return undefined;
  };
  return findings.map((finding) => {
    const inTestCode = verdict(finding.location.file);
    return inTestCode === undefined || inTestCode === finding.inTestCode ? finding : { ...finding, inTestCode };
  });
}

/**
 * Line hashes as GitHub's upload step computes them, over each file's bytes read as UTF-8
 * (byte-order mark kept): from the text already read where it is those bytes, else (UTF-16,
 * invalid UTF-8) from the file read again, never through a link or a FIFO.
 */
function withLineHashes(findings: Finding[], root: string, texts: ReadonlyMap<string, string | LoadedFile>): Finding[] {
  const linesByFile = new Map<string, number[]>();
  for (const { location } of findings) pushTo(linesByFile, location.file, location.line);
  const byFile = new Map<string, Map<number, string> | null>();
  return findings.map((finding) => {
    const file = finding.location.file;
    if (!byFile.has(file)) {
      const source = texts.get(file);
      const stored = (source instanceof LoadedFile ? source.storedUtf8() : null) ?? readStoredUtf8(path.join(root, file));
      byFile.set(file, stored === null ? null : lineHashesAt(stored, linesByFile.get(file)!));
    }
    const hash = byFile.get(file)?.get(finding.location.line);
    return hash ? { ...finding, lineHash: hash } : finding;
  });
}

function readStoredUtf8(absolute: string): string | null {
  let fd: number | undefined;
  try {
    fd = openSync(absolute, OPEN_NO_FOLLOW_NO_BLOCK);
    return fstatSync(fd).isFile() ? readFileSync(fd).toString('utf8') : null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortNotifications(list: Notification[]): Notification[] {
  return [...list].sort(
    (a, b) => compare(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || compare(a.kind, b.kind) || compare(a.message, b.message),
  );
}
