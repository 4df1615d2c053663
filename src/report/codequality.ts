import path from 'node:path';
import type { Finding, RunResult } from '../engine/types.js';
import type { Severity } from '../rule-api.js';

// GitLab Code Quality report (`artifacts:reports:codequality`): the CodeClimate issue format,
// a JSON array. GitLab reads `description`, `check_name`, `fingerprint`, `severity` and
// `location.path` with `location.lines.begin`; it shows the report in merge requests (issues
// new or fixed against the target branch) on every tier, where the SAST report needs
// Ultimate. Suppressed findings are left out; baselined ones too unless asked for. Findings
// in test code are `info`, so the merge-request widget lists them after production code.

/** CodeClimate severities, most severe last: info, minor, major, critical, blocker. */
export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

const SEVERITY: Record<Severity, CodeQualitySeverity> = { critical: 'blocker', high: 'critical', medium: 'major', low: 'minor' };

export interface CodeQualityOptions {
  /**
   * Absolute folder that paths are relative to: the repository root, since GitLab resolves
   * `location.path` from it. Default: the scan root (paths as the other reports give them).
   */
  sourceRoot?: string;
  /** Keep findings the baseline holds (default: left out, as for `--fail-on`). */
  includeBaselined?: boolean;
}

export interface CodeQualityIssue {
  /** CodeClimate's engine name, first: it also lets jwtlint recognise its own report before replacing it. */
  engine_name: 'jwtlint';
  type: 'issue';
  check_name: string;
  description: string;
  content: { body: string };
  categories: ['Security'];
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number; end: number } };
}

export function buildCodeQualityReport(result: RunResult, options: CodeQualityOptions = {}): CodeQualityIssue[] {
  const prefix = pathPrefix(result.root, options.sourceRoot);
  return result.findings
    .filter((finding) => !finding.suppression && (options.includeBaselined || finding.baselineState !== 'unchanged'))
    .map((finding) => issue(finding, prefix));
}

/** The report as GitLab reads it: a JSON array, one issue per finding. */
export function formatCodeQuality(result: RunResult, options: CodeQualityOptions = {}): string {
  return `${JSON.stringify(buildCodeQualityReport(result, options), null, 2)}\n`;
}

function issue(finding: Finding, prefix: string): CodeQualityIssue {
  const where = finding.inTestCode ? ' (test code)' : '';
  return {
    engine_name: 'jwtlint',
    type: 'issue',
    check_name: finding.ruleId,
    description: `${finding.message} [${finding.ruleId}, ${finding.severity}${where}]`,
    content: { body: `Severity ${finding.severity}: ${finding.severityReason}.\n\n${finding.remediation}` },
    categories: ['Security'],
    // Line-independent (rule, path, masked source line, occurrence): GitLab compares issues
    // between the source and target branch by it, so moved code is not "new".
    fingerprint: finding.fingerprint,
    severity: finding.inTestCode ? 'info' : SEVERITY[finding.severity],
    location: {
      path: `${prefix}${finding.location.file}`,
      lines: { begin: finding.location.line, end: Math.max(finding.location.line, finding.location.endLine) },
    },
  };
}

/** `services/api/` when the scan root is that folder of the source root, else nothing. */
function pathPrefix(root: string, sourceRoot: string | undefined): string {
  if (sourceRoot === undefined) return '';
  const relative = path.relative(path.resolve(sourceRoot), path.resolve(root));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return '';
  return `${relative.split(path.sep).join('/')}/`;
}
