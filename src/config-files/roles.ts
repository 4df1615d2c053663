// What kind of config file a path is. Secret, lifetime and algorithm detection runs only on
// recognisable configuration (so that package.json, tsconfig, lockfiles, fixtures of other
// tools and API collections never yield a "secret" by accident); token detection runs on
// every config-like file.
import type { FileKind } from '../discover/file-kind.js';
import type { ConfigDocument, ConfigFormat } from './types.js';

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function dirSegments(path: string): string[] {
  return path.split('/').slice(0, -1);
}

export function configFormatOf(path: string, kind: FileKind): ConfigFormat | null {
  switch (kind) {
    case 'env':
    case 'yaml':
    case 'json':
    case 'properties':
    case 'dockerfile':
    case 'shell':
      return kind;
    default:
      return /\.toml$/i.test(path) ? 'toml' : null;
  }
}

const LOCKFILE = /^(package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.ya?ml|yarn\.lock|composer\.lock|bun\.lockb?|deno\.lock|Cargo\.lock|poetry\.lock|Pipfile\.lock|packages\.lock\.json|project\.assets\.json)$/i;

/** Generated files with no settings worth a parse. */
export function isLockfile(path: string): boolean {
  return LOCKFILE.test(baseName(path));
}

/** `.env.example`, `.env.sample`, `appsettings.template.json`, `values.example.yaml`, `.env.dist`, `example.env`. */
export function isExampleFile(path: string): boolean {
  const base = baseName(path).toLowerCase();
  return /(^|[.\-_])(example|examples|sample|samples|template|templates|tmpl|tpl|dist)([.\-_]|$)/.test(base);
}

const TEST_PATH = /(^|\/)(__tests__|__mocks__|__fixtures__|tests?|spec|specs|fixtures?|e2e|cypress|mocks?)\//i;
// Applied to a base name (no `/`): `[^/]` after the second dot is enough, and unlike `[^/]+$` never rescans.
const TEST_FILE = /\.(?:test|spec|e2e)\.[^/]/i;

/** Test code and fixtures: `src/test/`, `test/`, `__tests__`, `*.test.*`, `fixtures/`. */
export function isTestConfigPath(path: string): boolean {
  return TEST_PATH.test(path) || TEST_FILE.test(baseName(path));
}

/** node-config: a file directly inside a `config/` directory (`config/default.json`, `config/production.yaml`). */
export function nodeConfigInfo(path: string): { dir: string; environment: string } | null {
  const segments = dirSegments(path);
  if (segments[segments.length - 1] !== 'config') return null;
  const m = /^(.+)\.(json|json5|ya?ml)$/i.exec(baseName(path));
  if (!m) return null;
  return { dir: segments.join('/'), environment: m[1]! };
}

const YAML_CONFIG_NAMES = [
  /^(docker-)?compose([.\-_][\w.-]+)?\.ya?ml$/i, // compose.yml, docker-compose.prod.yml
  /^[\w.-]+\.compose\.ya?ml$/i,
  /^values([.\-_][\w.-]+)?\.ya?ml$/i, // Helm values, values-production.yaml
  /^(application|bootstrap)([.\-_][\w.-]+)?\.ya?ml$/i, // Spring profiles
  /^(config|settings|secrets|appsettings|env|environment)([.\-_][\w.-]+)?\.ya?ml$/i,
  /^\.gitlab-ci\.ya?ml$/i,
  /^\.travis\.ya?ml$/i,
  /^\.drone\.ya?ml$/i,
  /^bitbucket-pipelines\.ya?ml$/i,
  /^azure-pipelines([.\-_][\w.-]+)?\.ya?ml$/i,
  /^serverless([.\-_][\w.-]+)?\.ya?ml$/i,
  /^(app|render|manifest|fly|cloudbuild|buildspec|kustomization)([.\-_][\w.-]+)?\.ya?ml$/i,
];

const JSON_CONFIG_NAMES = [
  /^appsettings([.\-_][\w.-]+)?\.json$/i, // appsettings.json, appsettings.Development.json
  /^(config|settings|secrets|local\.settings|env|environment)([.\-_][\w.-]+)?\.json$/i,
  /^(app|now|vercel)\.json$/i, // Heroku app.json `env`, Vercel `env`
];

const TOML_CONFIG_NAMES = [/^wrangler([.\-_][\w.-]+)?\.toml$/i, /^(fly|netlify|secrets|config|settings|app|samconfig)([.\-_][\w.-]+)?\.toml$/i];

function inDir(path: string, dir: RegExp): boolean {
  return dir.test(path);
}

/** A file whose name alone says it is application or deployment configuration. */
export function recognisedByPath(path: string, format: ConfigFormat): boolean {
  const base = baseName(path);
  // A Dockerfile's ENV/ARG and a script's variables are deployment settings wherever the file lives.
  if (format === 'env' || format === 'properties' || format === 'dockerfile' || format === 'shell') return true;
  if (/(^|\/)\.vscode\//.test(path)) return false;
  if (nodeConfigInfo(path)) return true;
  switch (format) {
    case 'yaml':
      return inDir(path, /(^|\/)\.github\/workflows\/[^/]+$/) || inDir(path, /(^|\/)\.circleci\/[^/]+$/) || YAML_CONFIG_NAMES.some((r) => r.test(base));
    case 'json':
      return JSON_CONFIG_NAMES.some((r) => r.test(base));
    case 'toml':
      return TOML_CONFIG_NAMES.some((r) => r.test(base));
  }
}

/** A document that is configuration by its content: a Kubernetes manifest, a compose file, a CI pipeline. */
export function recognisedByContent(doc: ConfigDocument): boolean {
  return doc.kubernetesKind !== undefined || doc.compose || doc.ci;
}

/** Cheap check: could a YAML text be recognised by its content once parsed? */
export function mayBeRecognisedByContent(text: string): boolean {
  return /^(apiVersion|kind|services|jobs|stages|pipeline)\s*:/m.test(text);
}
