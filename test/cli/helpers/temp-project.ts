import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Writes `files` (POSIX paths relative to a new temporary folder) and returns that folder. */
export function makeTempProject(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'jwtlint-test-'));
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(root, ...file.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

export function removeTempProject(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
