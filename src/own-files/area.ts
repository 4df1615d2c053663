// Where a file jwtlint reads or writes for itself (configuration, baseline, report) lies,
// and so how far it is trusted. The scanned repository is hostile: a symbolic link it
// commits must never redirect a read or a write, and a FIFO or device it holds must never
// be opened as if it were a file. A path the user names outside it is trusted: the user may
// point at a link of their own, or at /dev/stdout.
import { lstatSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';
import { findRepositoryRoot } from '../cli/git.js';

export type Located =
  /** `path`: the file's real folder joined with its name (no link left before the name). */
  | { ok: true; path: string; inside: boolean }
  /** A folder on the way is a link inside the repository (`link`, as the user wrote it), or cannot be walked (`code`). */
  | { ok: false; link: string; code?: undefined }
  | { ok: false; code: string; link?: undefined };

export class RepositoryArea {
  /** Real paths of the folders whose contents are not trusted. */
  private readonly folders: string[];

  constructor(folders: readonly string[]) {
    this.folders = [...new Set(folders.map(realOrResolved))];
  }

  /**
   * The scan root and the git work tree that holds it: a report written next to the
   * scanned subfolder (`jwtlint scan packages/api -o jwtlint.sarif` at the top of a
   * checkout) lands in the same hostile checkout. git never checks out a path named `.git`,
   * so the repository cannot move its own top level.
   */
  static forScan(root: string): RepositoryArea {
    const top = findRepositoryRoot(root);
    return new RepositoryArea(top === undefined ? [root] : [root, top]);
  }

  /** Whether a real (link-free) path is one of the area's folders or lies below one. */
  contains(realPath: string): boolean {
    return this.folders.some((folder) => realPath === folder || realPath.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep));
  }

  /**
   * Walks the folders leading to `file` one at a time, from the file system's root: a link
   * outside the area is followed (the user's own), a link in a folder of the area is not.
   * The answer is the file's path with every folder resolved, so that opening it can follow
   * no link but the file's own name (and that one only outside the area).
   */
  locate(file: string): Located {
    const absolute = path.resolve(file);
    const fsRoot = path.parse(absolute).root;
    const names = path.relative(fsRoot, path.dirname(absolute)).split(path.sep).filter((name) => name !== '');
    let current = fsRoot;
    for (const [index, name] of names.entries()) {
      const next = path.join(current, name);
      let stats: Stats;
      try {
        stats = lstatSync(next);
      } catch (error) {
        return { ok: false, code: errorCode(error) };
      }
      if (stats.isSymbolicLink()) {
        if (this.contains(current)) return { ok: false, link: path.join(fsRoot, ...names.slice(0, index + 1)) };
        try {
          current = realpathSync(next);
        } catch (error) {
          return { ok: false, code: errorCode(error) };
        }
      } else if (stats.isDirectory()) {
        current = next;
      } else {
        return { ok: false, code: 'ENOTDIR' };
      }
    }
    return { ok: true, path: path.join(current, path.basename(absolute)), inside: this.contains(current) };
  }
}

function realOrResolved(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return path.resolve(folder);
  }
}

export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}
