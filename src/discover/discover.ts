import fs from 'node:fs';
import { lstat, readFile, realpath, stat } from 'node:fs/promises';
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
  try {
    return fs.statSync(only, { throwIfNoEntry: false })?.isDirectory() ? only : base;
  } catch {
    // ENAMETOOLONG, ELOOP, EACCES...: not a folder we can scan; discovery reports the path.
    return base;
  }
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
  const walkedLinks: string[] = [];
  const walkedSpecial: { path: string; what: string }[] = [];
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
      for (const file of found.files) {
        if (isIgnoreFile(file)) ignoreFiles.add(file);
        else walkedFiles.push(file);
      }
      walkedLinks.push(...found.links);
      walkedSpecial.push(...found.special);
      // Ignore files above a named folder (up to the root) speak about its contents too.
      for (const folder of relative === '' ? [] : ancestorFolders(relative)) {
        for (const name of IGNORE_FILE_NAMES) ignoreFiles.add(folder === '' ? name : `${folder}/${name}`);
      }
    } else {
      // A FIFO, socket or device: reading it could block forever or never end.
      notifications.push({ kind: 'skipped', level: 'warning', file: relative || '.', message: `${relative || '.'} is not a regular file or folder (${specialKind(stats)}); it was not scanned.` });
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

  // What was not read and could have mattered: links to folders or to scannable files, and
  // FIFOs, sockets and devices with a scannable name (reading one could block forever).
  for (const link of [...new Set(walkedLinks)].sort()) {
    if (rules.isIgnored(link)) continue;
    const note = await symlinkNote(root, link);
    if (note) notifications.push(note);
  }
  for (const { path: special, what } of walkedSpecial) {
    if (fileKindOf(special) === 'other' || rules.isIgnored(special)) continue;
    notifications.push({ kind: 'skipped', level: 'note', file: special, message: `${special} is not a regular file (${what}); it was not scanned.` });
  }

  const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, notifications };
}

interface WalkResult {
  files: string[];
  /** Symbolic links (never followed). */
  links: string[];
  /** FIFOs, sockets and devices, with what they are. */
  special: { path: string; what: string }[];
}

/** The entries under `folder`, without following symbolic links. */
async function walkFolder(root: string, folder: string, notifications: Notification[]): Promise<WalkResult> {
  const cwd = path.join(root, folder);
  const readdir = tolerantReaddir(fs.readdir, (unreadableFolder, error) => {
    notifications.push(unreadable(toPosix(path.relative(root, unreadableFolder)) || '.', error, 'folder'));
  });
  const entries = await fg('**/*', {
    cwd,
    dot: true,
    onlyFiles: false,
    objectMode: true,
    followSymbolicLinks: false,
    ignore: [...DEFAULT_EXCLUDES],
    fs: { readdir },
  });
  const result: WalkResult = { files: [], links: [], special: [] };
  for (const entry of entries) {
    const relative = folder === '' ? entry.path : `${folder}/${entry.path}`;
    const { dirent } = entry;
    if (dirent.isFile()) result.files.push(relative);
    else if (dirent.isSymbolicLink()) result.links.push(relative);
    else if (!dirent.isDirectory()) result.special.push({ path: relative, what: direntKind(dirent) });
  }
  return result;
}

/** Why a symbolic link was not followed, or null when it could not have led to anything jwtlint reads. */
async function symlinkNote(root: string, link: string): Promise<Notification | null> {
  const absolute = path.join(root, link);
  let reason: string;
  try {
    // stat and realpath only look at the link's target; nothing is opened or read.
    const target = await stat(absolute);
    if (!target.isDirectory() && !(target.isFile() && fileKindOf(link) !== 'other')) return null;
    const real = await realpath(absolute);
    const realRoot = await realpath(root).catch(() => root);
    const inside = real === realRoot || real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
    reason = `a symbolic link to a ${target.isDirectory() ? 'folder' : 'file'} ${inside ? 'inside' : 'outside'} the scan root`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') reason = 'a broken symbolic link';
    else if (code === 'ELOOP') reason = 'a symbolic link loop';
    else reason = `a symbolic link that cannot be resolved (${code ?? String(error)})`;
  }
  return { kind: 'skipped', level: 'note', file: link, message: `${link} is ${reason}; symbolic links are not followed.` };
}

function direntKind(dirent: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (dirent.isFIFO()) return 'a FIFO';
  if (dirent.isSocket()) return 'a socket';
  if (dirent.isCharacterDevice() || dirent.isBlockDevice()) return 'a device';
  return 'not a file';
}

function specialKind(stats: fs.Stats): string {
  return direntKind(stats);
}

/** Ignore files larger than this are not read (no real one comes near it). */
export const MAX_IGNORE_FILE_BYTES = 1024 * 1024;

async function loadIgnoreRules(root: string, ignoreFiles: string[], notifications: Notification[]): Promise<IgnoreRules> {
  const rules = new IgnoreRules();
  // Within one folder `.gitignore` is added first so that `.jwtlintignore` can override it.
  const ordered = [...ignoreFiles].sort((a, b) => ignoreFileRank(a) - ignoreFileRank(b) || (a < b ? -1 : a > b ? 1 : 0));
  for (const file of ordered) {
    let text: string;
    try {
      // Only a regular file, never through a link: `.gitignore -> /dev/zero` or a FIFO would never end.
      const info = await lstat(path.join(root, file));
      if (!info.isFile()) {
        notifications.push({ kind: 'skipped', level: 'warning', file, message: `Ignore file ${file} is not a regular file; it was not read.` });
        continue;
      }
      if (info.size > MAX_IGNORE_FILE_BYTES) {
        notifications.push({ kind: 'too-large', level: 'warning', file, message: `Ignore file ${file} is ${info.size} bytes, over the ${MAX_IGNORE_FILE_BYTES}-byte limit; it was not read.` });
        continue;
      }
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
