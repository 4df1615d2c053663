// Which files hold dependency versions, by name alone: the reader decides a file's size
// limit (lockfiles get a higher one) before reading it.

export type DependencyFileKind =
  | 'manifest'
  | 'npm-lockfile'
  | 'yarn-lockfile'
  | 'pnpm-lockfile'
  /** requirements*.txt, requirements/*.txt, constraints*.txt: PEP 508 lines. */
  | 'pip-requirements'
  | 'pyproject'
  | 'pipfile'
  | 'pipfile-lock'
  | 'poetry-lock'
  | 'uv-lock'
  | 'go-mod'
  | 'maven-pom'
  /** build.gradle, build.gradle.kts */
  | 'gradle-build'
  /** gradle/libs.versions.toml and other `*.versions.toml` catalogs under gradle/. */
  | 'gradle-catalog'
  /** *.csproj, *.fsproj, *.vbproj, Directory.Packages.props, Directory.Build.props */
  | 'msbuild'
  | 'nuget-packages-config'
  | 'nuget-lockfile';

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The folder a file sits in (`requirements` for `requirements/base.txt`), '' at the root. */
function parentName(path: string): string {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return '';
  return baseName(path.slice(0, slash));
}

/** pip's requirement and constraint files: `requirements.txt`, `requirements-dev.txt`, `requirements_test.in`, `requirements/base.txt`, `constraints.txt`. */
function isPipRequirements(path: string): boolean {
  const base = baseName(path).toLowerCase();
  if (!base.endsWith('.txt') && !base.endsWith('.in')) return false;
  const stem = base.slice(0, base.lastIndexOf('.'));
  if (stem.startsWith('requirements') || stem.startsWith('constraints')) return true;
  return base.endsWith('.txt') && parentName(path).toLowerCase() === 'requirements';
}

/** MSBuild projects by extension; Gradle version catalogs in a `gradle` folder. */
function otherDependencyFile(path: string): DependencyFileKind | null {
  const base = baseName(path);
  const lower = base.toLowerCase();
  // MSBuild and NuGet match these names case-insensitively (they come from Windows).
  if (lower.endsWith('.csproj') || lower.endsWith('.fsproj') || lower.endsWith('.vbproj') || lower === 'directory.packages.props' || lower === 'directory.build.props') return 'msbuild';
  if (lower === 'packages.config') return 'nuget-packages-config';
  if (base.endsWith('.versions.toml') && parentName(path) === 'gradle') return 'gradle-catalog';
  return null;
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
    case 'pyproject.toml':
      return 'pyproject';
    case 'Pipfile':
      return 'pipfile';
    case 'Pipfile.lock':
      return 'pipfile-lock';
    case 'poetry.lock':
      return 'poetry-lock';
    case 'uv.lock':
      return 'uv-lock';
    case 'go.mod':
      return 'go-mod';
    case 'pom.xml':
      return 'maven-pom';
    case 'build.gradle':
    case 'build.gradle.kts':
      return 'gradle-build';
    case 'packages.lock.json':
      return 'nuget-lockfile';
    default:
      return isPipRequirements(path) ? 'pip-requirements' : otherDependencyFile(path);
  }
}

/** Whether the file is read as configuration too (a package.json's `config`, env-like values; pyproject.toml's tool settings), not only for its versions. */
export function alsoReadAsConfig(kind: DependencyFileKind): boolean {
  return kind === 'manifest' || kind === 'pyproject';
}
