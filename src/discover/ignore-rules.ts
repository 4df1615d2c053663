import { GitignoreMatcher } from './gitignore.js';

export const IGNORE_FILE_NAMES = ['.gitignore', '.jwtlintignore'] as const;

/**
 * `.gitignore`-style rules from ignore files at several folder levels. Rules of a deeper
 * folder are read relative to that folder and take precedence over shallower ones, and a
 * file inside an ignored folder stays ignored whatever deeper files say, as in git.
 * Paths are root-relative and POSIX; the root folder is `''`.
 */
export class IgnoreRules {
  private readonly levels = new Map<string, GitignoreMatcher>();
  private readonly ignoredFolders = new Map<string, boolean>();

  add(folder: string, patterns: string | readonly string[]): void {
    let level = this.levels.get(folder);
    if (!level) {
      level = new GitignoreMatcher();
      this.levels.set(folder, level);
    }
    level.add(typeof patterns === 'string' ? patterns : [...patterns]);
    this.ignoredFolders.clear();
  }

  isIgnored(filePath: string): boolean {
    const parent = parentFolder(filePath);
    if (parent !== '' && this.isFolderIgnored(parent)) return true;
    return this.lastMatchIgnores(filePath, false);
  }

  /** Iterative (from the top folder down) so that a very deep path cannot overflow the stack. */
  private isFolderIgnored(folder: string): boolean {
    const known = this.ignoredFolders.get(folder);
    if (known !== undefined) return known;
    let ignored = false;
    for (const ancestor of [...ancestorFolders(folder).slice(1), folder]) {
      const cached = this.ignoredFolders.get(ancestor);
      if (cached !== undefined) {
        ignored = cached;
        continue;
      }
      ignored = ignored || this.lastMatchIgnores(ancestor, true);
      this.ignoredFolders.set(ancestor, ignored);
    }
    return ignored;
  }

  private lastMatchIgnores(target: string, isFolder: boolean): boolean {
    let ignored = false;
    for (const folder of ancestorFolders(target)) {
      const level = this.levels.get(folder);
      if (!level) continue;
      const relative = folder === '' ? target : target.slice(folder.length + 1);
      const result = level.test(isFolder ? `${relative}/` : relative);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }
}

function parentFolder(target: string): string {
  const slash = target.lastIndexOf('/');
  return slash < 0 ? '' : target.slice(0, slash);
}

/** `a/b/c` → `''`, `a`, `a/b`: the folders whose ignore files can speak about `a/b/c`. */
export function ancestorFolders(target: string): string[] {
  const folders = [''];
  let slash = target.indexOf('/');
  while (slash >= 0) {
    folders.push(target.slice(0, slash));
    slash = target.indexOf('/', slash + 1);
  }
  return folders;
}
