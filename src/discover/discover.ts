import fs from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Notification } from '../engine/types.js';
import { fileKindOf, type FileKind } from './file-kind.js';
import { ancestorFolders, IGNORE_FILE_NAMES, IgnoreMatchingTooCostly, IgnoreRules } from './ignore-rules.js';
import { IncludeFilter } from './include.js';
import { direntKind, EXCLUDED_FILE_SUFFIXES, EXCLUDED_FOLDER_NAMES, loadIgnoreFile, unreadable, walkFolder, withTrailingSeparator } from './walk.js';

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
  /** Extra `.gitignore`-style patterns, relative to the root (from configuration and `--exclude`). */
  ignore: string[];
  /**
   * `--include`: `.gitignore`-style patterns relative to the root; when given, only walked
   * files that they select are kept (files named in `paths` always are).
   */
  include?: readonly string[];
}

export interface DiscoveryResult {
  files: DiscoveredFile[];
  notifications: Notification[];
  /** Folders whose entries were read (excluded and ignored folders are never read). */
  foldersRead: number;
}

/** Folders and files never worth scanning, as glob patterns (for display and the bench). */
export const DEFAULT_EXCLUDES: readonly string[] = [
  ...[...EXCLUDED_FOLDER_NAMES].map((name) => `**/${name}/**`),
  ...EXCLUDED_FILE_SUFFIXES.map((suffix) => `**/*${suffix}`),
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
  // Ignore rules are the repository's: when matching them costs more than the tree allows,
  // the walk starts over without them (configured patterns first kept, then dropped), which
  // scans more files, never fewer, in time linear in the tree.
  let walked: WalkedTargets | undefined;
  let costly: IgnoreMatchingTooCostly | undefined;
  let dropped: 'ignore files' | 'ignore files and configured patterns' | undefined;
  for (const drop of [undefined, 'ignore files', 'ignore files and configured patterns'] as const) {
    try {
      walked = walkTargets(root, options, { ignoreFiles: drop === undefined, patterns: drop === 'ignore files and configured patterns' ? [] : options.ignore });
      dropped = drop;
      break;
    } catch (error) {
      if (!(error instanceof IgnoreMatchingTooCostly)) throw error;
      costly = error;
    }
  }
  const { explicitFiles, walkedFiles, walkedLinks, walkedSpecial, foldersRead, notifications } = walked!;
  if (costly && dropped) notifications.unshift(ignoreFallbackNote(costly, dropped));

  const byPath = new Map<string, DiscoveredFile>();
  const rootPrefix = withTrailingSeparator(root);
  const keep = (relative: string): void => {
    const kind = fileKindOf(relative);
    if (kind !== 'other') byPath.set(relative, { path: relative, absolutePath: rootPrefix + relative, kind });
  };
  const include = includeOf(options);
  for (const file of walkedFiles) if (include === undefined || include.includes(file)) keep(file);
  for (const file of explicitFiles) keep(file);

  // What was not read and could have mattered: links to folders or to scannable files, and
  // FIFOs, sockets and devices with a scannable name (reading one could block forever).
  for (const link of [...new Set(walkedLinks)].sort()) {
    const note = await symlinkNote(root, link);
    if (note) notifications.push(note);
  }
  for (const { path: special, what } of walkedSpecial) {
    if (fileKindOf(special) === 'other') continue;
    notifications.push({ kind: 'skipped', level: 'note', file: special, message: `${special} is not a regular file (${what}); it was not scanned.` });
  }

  const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, notifications, foldersRead };
}

function includeOf(options: DiscoverOptions): IncludeFilter | undefined {
  const patterns = options.include;
  return patterns !== undefined && patterns.length > 0 ? new IncludeFilter(patterns) : undefined;
}

/**
 * What a named path gives the scan, judged before it runs: `problem` when it cannot give
 * anything (outside the root, missing, unreadable, not a kind jwtlint reads, ignored),
 * `empty` when it is a folder that holds no file jwtlint would read.
 */
export interface TargetVerdict {
  problem?: string;
  empty?: boolean;
}

/**
 * Judges each of `options.paths` (in order; `[]` means the root) as discovery would, without
 * scanning: a folder is walked only until its first file that discovery would keep, so the
 * cost is small unless the folder holds nothing to scan (then it is one walk of it).
 */
export function inspectTargets(options: DiscoverOptions): TargetVerdict[] {
  const root = path.resolve(options.root);
  const include = includeOf(options);
  const targets = options.paths.length > 0 ? options.paths : ['.'];
  return targets.map((target) => {
    const relative = toPosix(path.relative(root, path.resolve(root, target)));
    if (relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) return { problem: `is outside the scan root ${root} (with several paths, or one file, the root is the working directory), so it was not scanned` };
    let stats: fs.Stats;
    try {
      stats = fs.statSync(path.resolve(root, target));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { problem: code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})` };
    }
    if (stats.isFile()) {
      if (fileKindOf(relative) !== 'other') return {};
      return {
        problem: /\.d\.[cm]?ts$/i.test(relative)
          ? 'is a TypeScript declaration file (types only), which jwtlint does not read'
          : 'is not a file type jwtlint reads (see "What is scanned" in the README)',
      };
    }
    if (!stats.isDirectory()) return { problem: `is not a regular file or folder (${direntKind(stats)}), so it was not read` };
    try {
      return inspectFolder(root, relative, options.ignore, include);
    } catch (error) {
      // Matching the repository's ignore rules costs too much: the scan will walk without
      // them and find more, not less; nothing to say here.
      if (error instanceof IgnoreMatchingTooCostly) return {};
      throw error;
    }
  });
}

function inspectFolder(root: string, folder: string, patterns: readonly string[], include: IncludeFilter | undefined): TargetVerdict {
  const rules = new IgnoreRules();
  const ignoreFilesRead = new Set<string>();
  const notifications: Notification[] = [];
  const readIgnoreFiles = (at: string): void => {
    if (ignoreFilesRead.has(at)) return;
    ignoreFilesRead.add(at);
    for (const name of IGNORE_FILE_NAMES) loadIgnoreFile(root, at === '' ? name : `${at}/${name}`, at, null, rules, notifications);
  };
  readIgnoreFiles('');
  rules.add('', patterns);
  if (folder !== '') {
    for (const ancestor of ancestorFolders(folder)) readIgnoreFiles(ancestor);
    if (rules.isFolderIgnored(folder)) {
      return { problem: 'is ignored by .gitignore, .jwtlintignore, the configuration\'s ignore or --exclude, so nothing in it is scanned' };
    }
  }
  try {
    fs.readdirSync(folder === '' ? root : path.join(root, folder));
  } catch (error) {
    return { problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  const keeps = (file: string) => fileKindOf(file) !== 'other' && (include === undefined || include.includes(file));
  const found = walkFolder(root, folder, rules, ignoreFilesRead, notifications, keeps);
  return found.files.some(keeps) ? {} : { empty: true };
}

interface WalkedTargets {
  explicitFiles: string[];
  walkedFiles: string[];
  walkedLinks: string[];
  walkedSpecial: { path: string; what: string }[];
  foldersRead: number;
  notifications: Notification[];
}

/** One walk of the targets with the ignore rules given; throws IgnoreMatchingTooCostly. */
function walkTargets(root: string, options: DiscoverOptions, honour: { ignoreFiles: boolean; patterns: readonly string[] }): WalkedTargets {
  const notifications: Notification[] = [];
  const explicitFiles: string[] = [];
  const walkedFiles: string[] = [];
  const walkedLinks: string[] = [];
  const walkedSpecial: { path: string; what: string }[] = [];
  const rules = new IgnoreRules();
  /** Folders whose ignore files are already in `rules` (or, when they are not honoured, need not be). */
  const ignoreFilesRead = new Set<string>();
  const readIgnoreFiles = (folder: string): void => {
    if (ignoreFilesRead.has(folder)) return;
    ignoreFilesRead.add(folder);
    for (const name of IGNORE_FILE_NAMES) loadIgnoreFile(root, folder === '' ? name : `${folder}/${name}`, folder, null, rules, notifications);
  };
  // The root's ignore files first: the configured patterns come after them and win.
  if (honour.ignoreFiles) readIgnoreFiles('');
  rules.add('', honour.patterns);
  let foldersRead = 0;

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
      stats = fs.statSync(absolute);
    } catch (error) {
      notifications.push(unreadable(relative || '.', error, 'path'));
      continue;
    }
    if (stats.isFile()) {
      explicitFiles.push(relative);
    } else if (stats.isDirectory()) {
      // Ignore files above a named folder (up to the root) speak about its contents too.
      if (honour.ignoreFiles) for (const folder of relative === '' ? [] : ancestorFolders(relative)) readIgnoreFiles(folder);
      const found = walkFolder(root, relative, rules, honour.ignoreFiles ? ignoreFilesRead : null, notifications);
      foldersRead += found.foldersRead;
      walkedFiles.push(...found.files);
      walkedLinks.push(...found.links);
      walkedSpecial.push(...found.special);
    } else {
      // A FIFO, socket or device: reading it could block forever or never end.
      notifications.push({ kind: 'skipped', level: 'warning', file: relative || '.', message: `${relative || '.'} is not a regular file or folder (${direntKind(stats)}); it was not scanned.` });
    }
  }
  return { explicitFiles, walkedFiles, walkedLinks, walkedSpecial, foldersRead, notifications };
}

function ignoreFallbackNote(error: IgnoreMatchingTooCostly, dropped: 'ignore files' | 'ignore files and configured patterns'): Notification {
  const what = dropped === 'ignore files' ? '.gitignore and .jwtlintignore files were not applied' : '.gitignore and .jwtlintignore files and the configured ignore patterns were not applied';
  return {
    kind: 'config',
    level: 'warning',
    message: `Matching ignore rules took ${error.steps.toLocaleString('en-US')} steps for ${error.entries.toLocaleString('en-US')} entries, more than a tree this size allows: ${what}, so the files they would have excluded are scanned.`,
  };
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

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
