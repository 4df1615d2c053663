import fs from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import type { Notification } from '../engine/types.js';
import { fileKindOf, type FileKind } from './file-kind.js';
import { ancestorFolders, IGNORE_FILE_NAMES, IgnoreRules } from './ignore-rules.js';
import { tolerantReaddir } from './tolerant-readdir.js';

export type { FileKind } from './file-kind.js';
export { fileKindOf } from './file-kind.js';

export interface DiscoveredFile {
  /** Root-relative, POSIX separators. */
  path: string;
  absolutePath: string;
  kind: FileKind;
}

export interface DiscoverOptions {
  /** Absolute scan root; every returned path is relative to it. */
  root: string;
  /** Files or folders to scan, absolute or relative to `root`; empty means the whole root. */
  paths: string[];
  /** Extra `.gitignore`-style patterns, relative to the root (from configuration). */
  ignore: string[];
}

export interface DiscoveryResult {
  files: DiscoveredFile[];
  notifications: Notification[];
}

/** Folders and files never worth scanning: dependencies, build output, bundles, VCS data. */
export const DEFAULT_EXCLUDES: readonly string[] = [
  '**/node_modules/**',
  '**/.git/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/coverage/**',
  '**/.next/**',
  '**/vendor/**',
  '**/*.min.js',
  '**/*.bundle.js',
  '**/*.map',
];

/**
 * The folder that finding paths are relative to: the folder itself when exactly one
 * folder is scanned, otherwise the working directory.
 */
export function determineScanRoot(cwd: string, paths: readonly string[]): string {
  const base = path.resolve(cwd);
  if (paths.length !== 1) return base;
  const only = path.resolve(base, paths[0]!);
  return fs.statSync(only, { throwIfNoEntry: false })?.isDirectory() ? only : base;
}

/**
 * Lists the files to scan, sorted by path. Folders are walked with the default excludes,
 * the ignore files found from the root down and the configured patterns applied to what
 * lies inside them; a file named explicitly is scanned whatever those say, as long as its
 * kind is one jwtlint reads. Symbolic links are not followed.
 */
export async function discoverFiles(options: DiscoverOptions): Promise<DiscoveryResult> {
  const root = path.resolve(options.root);
  const notifications: Notification[] = [];
  const explicitFiles: string[] = [];
  const walkedFiles: string[] = [];
  const ignoreFiles = new Set<string>();

  const targets = options.paths.length > 0 ? options.paths : ['.'];
  for (const target of targets) {
    const absolute = path.resolve(root, target);
    const relative = toPosix(path.relative(root, absolute));
    if (relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) {
      notifications.push({
        kind: 'skipped',
        level: 'warning',
        message: `${target} is outside the scan root ${root}; it was not scanned.`,
        file: toPosix(target),
      });
      continue;
    }
    let stats: fs.Stats;
    try {
      stats = await stat(absolute);
    } catch (error) {
      notifications.push(unreadable(relative || '.', error, 'path'));
      continue;
    }
    if (stats.isFile()) {
      explicitFiles.push(relative);
    } else if (stats.isDirectory()) {
      const found = await walkFolder(root, relative, notifications);
      for (const file of found) {
        if (isIgnoreFile(file)) ignoreFiles.add(file);
        else walkedFiles.push(file);
      }
      // Ignore files above a named folder (up to the root) speak about its contents too.
      for (const folder of relative === '' ? [] : ancestorFolders(relative)) {
        for (const name of IGNORE_FILE_NAMES) ignoreFiles.add(folder === '' ? name : `${folder}/${name}`);
      }
    }
  }

  const rules = await loadIgnoreRules(root, [...ignoreFiles], notifications);
  rules.add('', options.ignore);

  const byPath = new Map<string, DiscoveredFile>();
  const keep = (relative: string, respectIgnores: boolean): void => {
    const kind = fileKindOf(relative);
    if (kind === 'other' || (respectIgnores && rules.isIgnored(relative))) return;
    byPath.set(relative, { path: relative, absolutePath: path.join(root, relative), kind });
  };
  for (const file of walkedFiles) keep(file, true);
  for (const file of explicitFiles) keep(file, false);

  const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, notifications };
}

async function walkFolder(root: string, folder: string, notifications: Notification[]): Promise<string[]> {
  const cwd = path.join(root, folder);
  const readdir = tolerantReaddir(fs.readdir, (unreadableFolder, error) => {
    notifications.push(unreadable(toPosix(path.relative(root, unreadableFolder)) || '.', error, 'folder'));
  });
  const entries = await fg('**/*', {
    cwd,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    ignore: [...DEFAULT_EXCLUDES],
    fs: { readdir },
  });
  return entries.map((entry) => (folder === '' ? entry : `${folder}/${entry}`));
}

async function loadIgnoreRules(root: string, ignoreFiles: string[], notifications: Notification[]): Promise<IgnoreRules> {
  const rules = new IgnoreRules();
  // Within one folder `.gitignore` is added first so that `.jwtlintignore` can override it.
  const ordered = [...ignoreFiles].sort((a, b) => ignoreFileRank(a) - ignoreFileRank(b));
  for (const file of ordered) {
    let text: string;
    try {
      text = await readFile(path.join(root, file), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') notifications.push(unreadable(file, error, 'ignore file'));
      continue;
    }
    const folder = path.posix.dirname(file);
    rules.add(folder === '.' ? '' : folder, text);
  }
  return rules;
}

function isIgnoreFile(file: string): boolean {
  return (IGNORE_FILE_NAMES as readonly string[]).includes(path.posix.basename(file));
}

function ignoreFileRank(file: string): number {
  return (IGNORE_FILE_NAMES as readonly string[]).indexOf(path.posix.basename(file));
}

function unreadable(file: string, error: unknown, what: string): Notification {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return {
    kind: 'unreadable',
    level: 'warning',
    message: `Cannot read ${what} ${file} (${code}); it was not scanned.`,
    file,
  };
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
