import { GitignoreMatcher, matchSteps, MatchStepLimitReached, withMatchStepLimit } from './gitignore.js';

export const IGNORE_FILE_NAMES = ['.gitignore', '.jwtlintignore'] as const;

interface Level {
  folder: string;
  /** Path segments from the root to `folder`. */
  depth: number;
  matcher: GitignoreMatcher;
}

/** What a walk knows about a folder it entered: enough to judge each entry with one test per level. */
export interface FolderContext {
  folder: string;
  /** The folder's path, lower-cased, as segments. */
  segments: readonly string[];
  /** The levels that speak about its entries, deepest first. */
  chain: readonly Level[];
  /** `segments` plus one slot that each entry test fills with the entry's name (no array per entry). */
  entrySegments: string[];
}

/**
 * Thrown by a walk whose ignore rules cost more to match than the tree allows (see
 * IgnoreRules.ignoresEntry): the caller walks again without them.
 */
export class IgnoreMatchingTooCostly extends Error {
  constructor(
    readonly steps: number,
    readonly entries: number,
  ) {
    super(`ignore rules took ${steps} matching steps for ${entries} entries`);
    this.name = 'IgnoreMatchingTooCostly';
  }
}

// What matching may cost, in matchSteps(): a fixed amount, then a share per entry tested and
// per level of ignore files that speaks about it, and per character of the ignore files read.
// Real repositories take tens of steps per entry (measured over a whole walk: medusa 89,
// hoppscotch 72, novu 10, amplication 6; each wildcard rule that no index narrows costs about
// a name's length); a hostile ignore file (4,100 `*aaaa…ab` rules against long names) takes
// hundreds of thousands. The share per entry leaves room for ignore files with a hundred such
// rules, and bounds the work by the tree: at most about 4,096 steps per entry and level.
const FIXED_ALLOWANCE = 2_000_000;
const ALLOWANCE_PER_ENTRY_LEVEL = 4_096;
const ALLOWANCE_PER_IGNORE_CHARACTER = 16;

/**
 * `.gitignore`-style rules from ignore files at several folder levels. Rules of a deeper
 * folder are read relative to that folder and take precedence over shallower ones, and a
 * file inside an ignored folder stays ignored whatever deeper files say, as in git.
 * Paths are root-relative and POSIX; the root folder is `''`.
 */
export class IgnoreRules {
  private readonly levels = new Map<string, Level>();
  /** Per folder: the levels that speak about its entries, deepest first. */
  private readonly chains = new Map<string, readonly Level[]>();
  private readonly ignoredFolders = new Map<string, boolean>();
  private readonly stepsAtStart = matchSteps();
  private allowance = FIXED_ALLOWANCE;
  private entriesTested = 0;

  add(folder: string, patterns: string | readonly string[]): void {
    this.allowance += ALLOWANCE_PER_IGNORE_CHARACTER * (typeof patterns === 'string' ? patterns.length : patterns.join('\n').length);
    let level = this.levels.get(folder);
    if (!level) {
      level = { folder, depth: folder === '' ? 0 : folder.split('/').length, matcher: new GitignoreMatcher() };
      this.levels.set(folder, level);
    }
    level.matcher.add(typeof patterns === 'string' ? patterns : [...patterns]);
    this.chains.clear();
    this.ignoredFolders.clear();
  }

  /**
   * The context of a folder being walked, with the rules added so far (its own ignore files
   * included): from its parent's context, or from scratch for the folder a walk starts at.
   */
  enter(folder: string, parent: FolderContext | null): FolderContext {
    const own = this.levels.get(folder);
    if (!parent) {
      const segments = folder === '' ? [] : folder.toLowerCase().split('/');
      return { folder, segments, chain: this.chainOf(folder), entrySegments: [...segments, ''] };
    }
    const name = folder.slice(folder.lastIndexOf('/') + 1).toLowerCase();
    const segments = [...parent.segments, name];
    return { folder, segments, chain: own ? [own, ...parent.chain] : parent.chain, entrySegments: [...segments, ''] };
  }

  /**
   * Whether an entry of a walked folder is ignored. The folder itself is not (the walk
   * does not enter ignored folders), so only rules that match the entry itself count.
   */
  ignoresEntry(context: FolderContext, name: string, isFolder: boolean): boolean {
    if (context.chain.length === 0) return false;
    this.entriesTested++;
    this.allowance += ALLOWANCE_PER_ENTRY_LEVEL * context.chain.length;
    const segments = context.entrySegments;
    segments[segments.length - 1] = name.toLowerCase();
    try {
      return withMatchStepLimit(this.stepsAtStart + this.allowance, () => {
        for (const level of context.chain) {
          const result = level.matcher.testSegments(segments, level.depth, isFolder);
          if (result.ignored) return true;
          if (result.unignored) return false;
        }
        return false;
      });
    } catch (error) {
      if (error instanceof MatchStepLimitReached) throw new IgnoreMatchingTooCostly(matchSteps() - this.stepsAtStart, this.entriesTested);
      throw error;
    }
  }

  /** Matching steps taken and entries tested so far (for the bench and tests). */
  get matchingWork(): { steps: number; entries: number } {
    return { steps: matchSteps() - this.stepsAtStart, entries: this.entriesTested };
  }

  isIgnored(filePath: string): boolean {
    const parent = parentFolder(filePath);
    if (parent !== '' && this.isFolderIgnored(parent)) return true;
    return this.lastMatchIgnores(parent, filePath, false);
  }

  /**
   * Whether a folder is ignored, by a rule of its own or through an ignored ancestor: then
   * nothing below it can be re-included, and the walk does not enter it. Iterative (from
   * the top folder down) so that a very deep path cannot overflow the stack.
   */
  isFolderIgnored(folder: string): boolean {
    const known = this.ignoredFolders.get(folder);
    if (known !== undefined) return known;
    let ignored = false;
    for (const ancestor of [...ancestorFolders(folder).slice(1), folder]) {
      const cached = this.ignoredFolders.get(ancestor);
      if (cached !== undefined) {
        ignored = cached;
        continue;
      }
      ignored = ignored || this.lastMatchIgnores(parentFolder(ancestor), ancestor, true);
      this.ignoredFolders.set(ancestor, ignored);
    }
    return ignored;
  }

  /** The verdict of the deepest level with a matching rule about `target`, an entry of `folder`. */
  private lastMatchIgnores(folder: string, target: string, isFolder: boolean): boolean {
    for (const level of this.chainOf(folder)) {
      const relative = level.folder === '' ? target : target.slice(level.folder.length + 1);
      const result = level.matcher.test(isFolder ? `${relative}/` : relative);
      if (result.ignored) return true;
      if (result.unignored) return false;
    }
    return false;
  }

  /** The levels at `folder` and above, deepest first; built from the nearest known ancestor down. */
  private chainOf(folder: string): readonly Level[] {
    const known = this.chains.get(folder);
    if (known) return known;
    const missing: string[] = [];
    let chain: readonly Level[] = [];
    for (let current: string | null = folder; current !== null; current = current === '' ? null : parentFolder(current)) {
      const cached = this.chains.get(current);
      if (cached) {
        chain = cached;
        break;
      }
      missing.push(current);
    }
    for (let i = missing.length - 1; i >= 0; i--) {
      const level = this.levels.get(missing[i]!);
      if (level) chain = [level, ...chain];
      this.chains.set(missing[i]!, chain);
    }
    return chain;
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
