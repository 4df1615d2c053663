import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Scans a throwaway project made of these files (root-relative paths), then removes it. */
export async function scanFiles(files: Record<string, string>): Promise<RunResult> {
  const root = mkdtempSync(join(tmpdir(), 'jwtlint-files-'));
  try {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    return await scanFolder(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
