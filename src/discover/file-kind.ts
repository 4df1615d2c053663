import { dependencyFileKind } from '../config-files/dependency-files.js';
import { isEnvTemplateName, withoutTemplateSuffix } from './template-name.js';

export type FileKind =
  | 'js'
  | 'ts'
  | 'jsx'
  | 'tsx'
  | 'env'
  | 'yaml'
  | 'json'
  | 'properties'
  | 'toml'
  | 'shell'
  | 'dockerfile'
  /** A Jenkins pipeline (`Jenkinsfile`, `Jenkinsfile.deploy`, `ci.jenkinsfile`): Groovy, read for its `environment {}` blocks. */
  | 'jenkinsfile'
  /** Terraform / OpenTofu (`.tf`, `.tofu`, `.tfvars`): HCL, read by src/config-files/parse-hcl.ts. */
  | 'terraform'
  /** Python source (`.py`): read by the Python front end (src/lang/python/). */
  | 'python'
  /** Go source (`.go`): read by the Go front end (src/lang/go/). */
  | 'go'
  /** Java source (`.java`): read by the Java front end (src/lang/java/). */
  | 'java'
  /** Kotlin source (`.kt`, `.kts` scripts other than Gradle's): read by the Kotlin front end (src/lang/kotlin/). */
  | 'kotlin'
  /** C# source (`.cs`): read by the C# front end (src/lang/csharp/). */
  | 'csharp'
  /** A language manifest that marks a deployable unit and is not read as config (`go.mod`, `pom.xml`, `*.csproj`). */
  | 'manifest'
  /** A lockfile in no config format (`yarn.lock`), read only for the dependency versions it pins. */
  | 'lockfile'
  | 'other';

const KIND_BY_EXTENSION: Record<string, FileKind> = {
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.jsx': 'jsx',
  '.tsx': 'tsx',
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.json': 'json',
  '.properties': 'properties',
  '.toml': 'toml',
  '.sh': 'shell',
  '.bash': 'shell',
  '.zsh': 'shell',
  '.csproj': 'manifest',
  '.tf': 'terraform',
  '.tofu': 'terraform',
  '.tfvars': 'terraform',
  '.py': 'python',
  '.go': 'go',
  '.java': 'java',
  '.kt': 'kotlin',
  '.kts': 'kotlin',
  '.cs': 'csharp',
};

// Declaration files hold types only: no key, lifetime or call can be written there.
const DECLARATION_FILE = /\.d\.[cm]?ts$/;
const DOCKERFILE = /^(?:dockerfile|containerfile)(?:\.(.+))?$|\.(?:dockerfile|containerfile)$/;
/** Suffixes that make `Dockerfile.<suffix>` something else: documentation, or a module about Dockerfiles (`dockerfile.ts`). */
const NOT_DOCKERFILE_SUFFIX = new Set(['md', 'txt', 'rst', 'adoc', 'html', 'go', 'py', 'rb', 'java', 'rs', 'cs']);
/**
 * Manifests that no config parser reads; `package.json`, `composer.json`, `pyproject.toml` and `Cargo.toml` keep their config kind.
 * A Gradle settings file is no unit of its own, but roots the build whose `project(':a:b')` paths its modules use.
 */
const MANIFEST_NAMES = new Set(['go.mod', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts', 'requirements.txt', 'gemfile']);
const UNIT_MANIFEST = /^(?:package\.json|go\.mod|pom\.xml|build\.gradle(?:\.kts)?|pyproject\.toml|requirements\.txt|[^/]+\.csproj|cargo\.toml|gemfile|composer\.json)$/;

function baseNameOf(fileName: string): string {
  return fileName.slice(fileName.lastIndexOf('/') + 1).toLowerCase();
}

/** `Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`, `Containerfile`. */
function isDockerfile(base: string): boolean {
  const m = DOCKERFILE.exec(base);
  if (!m) return false;
  if (m[1] === undefined) return true;
  const extension = base.slice(base.lastIndexOf('.') + 1);
  return !NOT_DOCKERFILE_SUFFIX.has(extension) && !Object.hasOwn(KIND_BY_EXTENSION, `.${extension}`);
}

/** Decides what a file is from its name alone (no content sniffing). */
export function fileKindOf(fileName: string): FileKind {
  const base = baseNameOf(fileName);
  if (base === '.env' || base.startsWith('.env.') || base.endsWith('.env') || isEnvTemplateName(base)) return 'env';
  if (DECLARATION_FILE.test(base)) return 'other';
  if (isDockerfile(base)) return 'dockerfile';
  if (base === 'jenkinsfile' || base.endsWith('.jenkinsfile') || (base.startsWith('jenkinsfile.') && !NOT_DOCKERFILE_SUFFIX.has(base.slice(base.lastIndexOf('.') + 1)))) return 'jenkinsfile';
  // Heroku `Procfile`: each line runs a shell command (`web: JWT_SECRET=... node server.js`).
  if (base === 'procfile' || (base.startsWith('procfile.') && !NOT_DOCKERFILE_SUFFIX.has(base.slice(9)) && !Object.hasOwn(KIND_BY_EXTENSION, base.slice(8)))) return 'shell';
  if (MANIFEST_NAMES.has(base)) return 'manifest';
  // Other Gradle scripts (convention plugins, init scripts) are build logic, not code a service runs.
  if (base.endsWith('.gradle.kts')) return 'other';
  if (base === 'yarn.lock') return 'lockfile';
  // Python dependency files in no config format (`requirements-dev.txt`, `Pipfile`, `poetry.lock`): read for the versions they pin.
  const dependency = dependencyFileKind(fileName);
  if (dependency === 'pip-requirements' || dependency === 'pipfile' || dependency === 'msbuild' || dependency === 'nuget-packages-config') return 'manifest';
  if (dependency === 'pipfile-lock' || dependency === 'poetry-lock' || dependency === 'uv-lock') return 'lockfile';
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return 'other';
  const kind = KIND_BY_EXTENSION[base.slice(dot)];
  if (kind) return kind;
  // A template is read as the file it becomes: `config.ts.example` is TypeScript, `app.json.sample` JSON.
  const inner = withoutTemplateSuffix(base);
  return inner !== base ? fileKindOf(inner) : 'other';
}

/**
 * A language manifest whose folder is a deployable unit (RULES.md "Units"): `package.json`,
 * `go.mod`, `pom.xml`, `build.gradle(.kts)`, `pyproject.toml`, `requirements.txt`, `*.csproj`,
 * `Cargo.toml`, `Gemfile`, `composer.json`. Independent of the file's kind: `package.json`
 * stays JSON and `pyproject.toml` stays TOML.
 */
export function isUnitManifest(fileName: string): boolean {
  return UNIT_MANIFEST.test(baseNameOf(fileName));
}
