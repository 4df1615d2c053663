// `--include`: keeps only the walked files that a pattern selects. Patterns use .gitignore
// syntax relative to the scan root (`src/`, `*.ts`, `services/*/config/**`, `!*.test.ts`);
// a pattern that selects a folder selects everything in it, and the last matching pattern
// decides, as in an ignore file. Files named on the command line are not filtered.
import { GitignoreMatcher } from './gitignore.js';

export class IncludeFilter {
  private readonly matcher: GitignoreMatcher;
  /** Per folder: selected (true), deselected by a `!` pattern (false), or no pattern spoke (undefined). */
  private readonly folders = new Map<string, boolean | undefined>();

  constructor(patterns: readonly string[]) {
    this.matcher = new GitignoreMatcher().add(patterns);
  }

  /** Whether a root-relative POSIX file path is selected: by its own name, or by its nearest folder a pattern speaks about. */
  includes(file: string): boolean {
    const own = this.matcher.test(file);
    if (own.ignored) return true;
    if (own.unignored) return false;
    const slash = file.lastIndexOf('/');
    return slash >= 0 && this.folderVerdict(file.slice(0, slash)) === true;
  }

  /** Memoised per folder, so a walk costs one test per file and per folder; iterative (a path can be thousands of folders deep). */
  private folderVerdict(folder: string): boolean | undefined {
    if (this.folders.has(folder)) return this.folders.get(folder);
    const missing: string[] = [];
    let verdict: boolean | undefined;
    for (let current: string | null = folder; current !== null; ) {
      if (this.folders.has(current)) {
        verdict = this.folders.get(current);
        break;
      }
      missing.push(current);
      const slash = current.lastIndexOf('/');
      current = slash >= 0 ? current.slice(0, slash) : null;
    }
    for (let i = missing.length - 1; i >= 0; i--) {
      const own = this.matcher.test(`${missing[i]}/`);
      if (own.ignored) verdict = true;
      else if (own.unignored) verdict = false;
      this.folders.set(missing[i]!, verdict);
    }
    return verdict;
  }
}
