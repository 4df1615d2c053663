import { runScan } from '../../src/engine/run.js';
import type { Finding, RunResult } from '../../src/engine/types.js';

export const DEFAULT_MAX_EXPIRY_SECONDS = 86_400;

/** Scans one folder as its own root, the way the benchmark scans each corpus case. */
export function scanFolder(dir: string): Promise<RunResult> {
  return runScan({ cwd: dir, paths: [dir], maxExpirySeconds: DEFAULT_MAX_EXPIRY_SECONDS, ignore: [], disabledRules: [] });
}

export function findingKey(finding: Finding): string {
  return `${finding.location.line}:${finding.ruleId}`;
}
