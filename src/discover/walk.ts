// The directory walk: one synchronous `readdir` per folder, with the entry types it returns
// (no `stat` per file). Excluded and ignored folders are pruned before they are read, so a
// `.gitignore`d `tmp/` or a vendored tree costs one name test, not a walk. Ignore files are
// read as their folder is entered, which is before any path they can speak about is tested.
// No glob library: matching every entry against glob regexes cost more than the reads
// (measured on a 15,000-file repository: fast-glob 340–540 ms, this walk 120 ms), and
// fast-glob never entered a folder whose name holds a newline.
import fs from 'node:fs';
import path from 'node:path';
import type { Notification } from '../engine/types.js';
import { IGNORE_FILE_NAMES, type FolderContext, type IgnoreRules } from './ignore-rules.js';

/** Folder names never walked, at any depth: dependencies, build output, VCS data. */
export const EXCLUDED_FOLDER_NAMES: ReadonlySet<string> = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next', 'vendor']);

/** File name endings never read: minified and bundled code, source maps. */
export const EXCLUDED_FILE_SUFFIXES: readonly string[] = ['.min.js', '.bundle.js', '.map'];

/** Ignore files larger than this are not read (no real one comes near it). */
export const MAX_IGNORE_FILE_BYTES = 1024 * 1024;

export interface WalkResult {
  /** Regular files that no default exclude or ignore rule removes (ignore files included). */
  files: string[];
  /** Symbolic links (never followed) that no ignore rule removes. */
  links: string[];
  /** FIFOs, sockets and devices that no ignore rule removes, with what they are. */
  special: { path: string; what: string }[];
  /** Folders whose entries were read: the walk's unit of work. */
  foldersRead: number;
}

export function isExcludedFileName(name: string): boolean {
  return EXCLUDED_FILE_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/**
 * Walks `folder` (root-relative, `''` for the root) depth first. Each folder's ignore files
 * are added to `rules` before its entries are judged, unless the folder is already in
 * `ignoreFilesRead` (which the walk keeps up to date), or ignore files are not honoured
 * (`ignoreFilesRead` null); a folder that cannot be read is reported and walked as empty.
 */
export function walkFolder(
  root: string,
  folder: string,
  rules: IgnoreRules,
  ignoreFilesRead: Set<string> | null,
  notifications: Notification[],
  /** When given, the walk stops at the first regular file for which it returns true (a probe, not a scan). */
  stopAt?: (file: string) => boolean,
): WalkResult {
  const result: WalkResult = { files: [], links: [], special: [], foldersRead: 0 };
  // A named folder inside an ignored one holds nothing to scan, as in git.
  if (folder !== '' && rules.isFolderIgnored(folder)) return result;
  const pending: { folder: string; parent: FolderContext | null }[] = [{ folder, parent: null }];
  const rootPrefix = withTrailingSeparator(root);
  while (pending.length > 0) {
    const { folder: current, parent } = pending.pop()!;
    const absolute = current === '' ? root : rootPrefix + current;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(absolute, { withFileTypes: true });
    } catch (error) {
      notifications.push(unreadable(current || '.', error, 'folder'));
      continue;
    }
    result.foldersRead++;
    const prefix = current === '' ? '' : `${current}/`;
    if (ignoreFilesRead && !ignoreFilesRead.has(current)) {
      ignoreFilesRead.add(current);
      for (const name of IGNORE_FILE_NAMES) {
        const entry = entries.find((e) => e.name === name);
        if (entry) loadIgnoreFile(root, prefix + name, current, entry, rules, notifications);
      }
    }
    const context = rules.enter(current, parent);
    for (const entry of entries) {
      const { name } = entry;
      if (entry.isDirectory()) {
        if (!EXCLUDED_FOLDER_NAMES.has(name) && !rules.ignoresEntry(context, name, true)) pending.push({ folder: prefix + name, parent: context });
      } else if (isExcludedFileName(name) || rules.ignoresEntry(context, name, false)) {
        continue;
      } else if (entry.isFile()) {
        result.files.push(prefix + name);
        if (stopAt !== undefined && stopAt(prefix + name)) return result;
      } else if (entry.isSymbolicLink()) {
        result.links.push(prefix + name);
      } else {
        result.special.push({ path: prefix + name, what: direntKind(entry) });
      }
    }
  }
  return result;
}

/**
 * `root` (absolute and normalised) ready to take a root-relative path: cheaper than a
 * `path.join` per entry, which normalises the whole path again.
 */
export function withTrailingSeparator(root: string): string {
  return root.endsWith(path.sep) || root.endsWith('/') ? root : root + path.sep;
}

/**
 * Adds the rules of an ignore file, read only if it is a regular file: never through a
 * link (`.gitignore -> /dev/zero`), never a FIFO (it would block), never more than the limit.
 */
export function loadIgnoreFile(root: string, file: string, folder: string, entry: fs.Dirent | null, rules: IgnoreRules, notifications: Notification[]): void {
  if (entry && !entry.isFile()) {
    notifications.push({ kind: 'skipped', level: 'warning', file, message: `Ignore file ${file} is not a regular file; it was not read.` });
    return;
  }
  let fd: number | undefined;
  try {
    fd = fs.openSync(path.join(root, file), OPEN_NO_FOLLOW_NO_BLOCK);
    const info = fs.fstatSync(fd);
    if (!info.isFile()) {
      notifications.push({ kind: 'skipped', level: 'warning', file, message: `Ignore file ${file} is not a regular file; it was not read.` });
      return;
    }
    if (info.size > MAX_IGNORE_FILE_BYTES) {
      notifications.push({ kind: 'too-large', level: 'warning', file, message: `Ignore file ${file} is ${info.size} bytes, over the ${MAX_IGNORE_FILE_BYTES}-byte limit; it was not read.` });
      return;
    }
    rules.add(folder, fs.readFileSync(fd, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') notifications.push({ kind: 'skipped', level: 'warning', file, message: `Ignore file ${file} is not a regular file; it was not read.` });
    else if (code !== 'ENOENT' && code !== 'ENOTDIR') notifications.push(unreadable(file, error, 'ignore file'));
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Read-only, and neither through a symbolic link (ELOOP) nor blocking on a FIFO: a file
 * swapped for a link or a FIFO after it was listed cannot redirect or hang the read.
 */
export const OPEN_NO_FOLLOW_NO_BLOCK = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

export function direntKind(dirent: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (dirent.isFIFO()) return 'a FIFO';
  if (dirent.isSocket()) return 'a socket';
  if (dirent.isCharacterDevice() || dirent.isBlockDevice()) return 'a device';
  return 'not a file';
}

export function unreadable(file: string, error: unknown, what: string): Notification {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return {
    kind: 'unreadable',
    level: 'warning',
    message: `Cannot read ${what} ${file} (${code}); it was not scanned.`,
    file,
  };
}
