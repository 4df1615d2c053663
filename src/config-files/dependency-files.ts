// Which files hold dependency versions, by name alone: the reader decides a file's size
// limit (lockfiles get a higher one) before reading it.

export type DependencyFileKind = 'manifest' | 'npm-lockfile' | 'yarn-lockfile' | 'pnpm-lockfile';

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Which dependency file a path is, by its name; null for every other file. */
export function dependencyFileKind(path: string): DependencyFileKind | null {
  switch (baseName(path)) {
    case 'package.json':
      return 'manifest';
    case 'package-lock.json':
    case 'npm-shrinkwrap.json':
      return 'npm-lockfile';
    case 'yarn.lock':
      return 'yarn-lockfile';
    case 'pnpm-lock.yaml':
      return 'pnpm-lockfile';
    default:
      return null;
  }
}

/** Whether the file is read as configuration too (a package.json's `config`, env-like values), not only for its versions. */
export function alsoReadAsConfig(kind: DependencyFileKind): boolean {
  return kind === 'manifest';
}
