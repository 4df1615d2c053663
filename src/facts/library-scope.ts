// Which declared JWT library versions apply to a source file (for `unpinned-algorithm`'s
// severity): for each library, the entries of the nearest folder above the file whose
// manifest or lockfile names it. A root lockfile covers a workspace package that declares
// the library only in its own package.json only when that package has no entry itself.
import { posix } from 'node:path';
import semver from 'semver';
import type { DependencyUse, FileFacts } from './model.js';

export class LibraryScope {
  /** Folder ('' for the root) -> library name -> entries declared there. */
  private readonly byDir = new Map<string, Map<string, DependencyUse[]>>();

  constructor(dependencyFacts: readonly FileFacts[]) {
    for (const facts of dependencyFacts) {
      for (const dep of facts.dependencies) {
        const dir = posix.dirname(dep.loc.file) === '.' ? '' : posix.dirname(dep.loc.file);
        let names = this.byDir.get(dir);
        if (!names) this.byDir.set(dir, (names = new Map()));
        const list = names.get(dep.name) ?? [];
        list.push(dep);
        names.set(dep.name, list);
      }
    }
  }

  /** The entries that apply to `file`, nearest folder first per library; empty when none. */
  forFile(file: string): DependencyUse[] {
    if (this.byDir.size === 0) return [];
    const seen = new Set<string>();
    const result: DependencyUse[] = [];
    let dir = posix.dirname(file);
    for (;;) {
      const key = dir === '.' || dir === '/' ? '' : dir;
      for (const [name, deps] of this.byDir.get(key) ?? []) {
        if (seen.has(name)) continue;
        seen.add(name);
        result.push(...deps);
      }
      if (key === '') return result;
      dir = posix.dirname(dir);
    }
  }
}

/** True when `version` (a valid semver version) is `minimum` or later. */
export function versionAtLeast(version: string, minimum: string): boolean {
  return semver.gte(version, minimum);
}
