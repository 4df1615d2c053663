import { afterEach } from 'vitest';
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

/**
 * For a test file: `project(files)` makes a temporary project that is removed after each
 * test. Call at the top level of the file (it registers an `afterEach`).
 */
export function tempProjectsRemovedAfterEach(): (files: Record<string, string>) => string {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) removeTempProject(root);
  });
  return (files) => {
    const root = makeTempProject(files);
    roots.push(root);
    return root;
  };
}
