// What kind of config file a path is. Secret, lifetime and algorithm detection runs only on
// recognisable configuration (so that package.json, tsconfig, lockfiles, fixtures of other
// tools and API collections never yield a "secret" by accident); token detection runs on
// every config-like file.
import type { FileKind } from '../discover/file-kind.js';
import type { ConfigDocument, ConfigFormat } from './types.js';
import { withoutTemplateSuffix } from '../discover/template-name.js';
import { isCloudFormationDocument, mayBeCloudFormation } from './cloudformation.js';
import { isJenkinsfileName } from './ci-systems.js';

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
    case 'jenkinsfile':
      return kind;
    case 'terraform':
      return 'hcl';
    default:
      return /\.toml$/i.test(withoutTemplateSuffix(path)) ? 'toml' : null;
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
  // AWS SAM's `template.yaml` is the deployed template itself, not a copy-into-place example.
  if (/^(sam-)?template\.(ya?ml|json)$/.test(base)) return false;
  return /(^|[.\-_])(example|examples|sample|samples|template|templates|tmpl|tpl|dist)([.\-_]|$)/.test(base);
}

const TEST_PATH = /(^|\/)(__tests__|__mocks__|__fixtures__|tests?|spec|specs|fixtures?|e2e|cypress|mocks?)\//i;
// Applied to a base name (no `/`): `[^/]` after the second dot is enough, and unlike `[^/]+$` never rescans.
const TEST_FILE = /\.(?:test|spec|e2e)\.[^/]/i;

/**
 * Words that name a test run, as a whole `.`/`-`/`_`-separated word of a configuration
 * file's name (`.env.test`, `test.env`, `docker-compose.ci.yml`, `values-e2e.yaml`,
 * `application-test.yml`, node-config `config/test.json`) or of a folder (`overlays/ci/`,
 * `integration-tests/`). Whole words only: `contest.env`, `latest.env`, `attest/`,
 * `.env.testnet` and `protest-values.yaml` stay production. `integration`, `qa`, `uat`,
 * `sandbox` and `dev` are deployed environments, not test runs.
 */
const TEST_RUN_WORDS = new Set(['test', 'tests', 'testing', 'e2e', 'ci', 'jest', 'vitest', 'cypress', 'playwright', 'testdata']);
const NAME_WORDS = /[.\-_]+/;
const CONFIG_EXTENSIONS = new Set(['env', 'yml', 'yaml', 'json', 'json5', 'toml', 'properties', 'sh', 'bash', 'zsh', 'ini', 'conf']);

/** CI pipeline configuration, by path. */
const CI_FILE = /^(\.gitlab-ci|\.travis|\.drone|\.woodpecker|bitbucket-pipelines|azure-pipelines([.\-_][\w.-]*)?|appveyor|\.appveyor|codeship-steps|codeship-services)\.ya?ml$/i;
const CI_DIR = /(^|\/)(\.github\/workflows|\.circleci|\.buildkite|\.woodpecker|\.gitlab\/ci)\/[^/]+$/i;
/** A pipeline whose file name says it deploys is production context: `deploy.yml`, `release.yml`, `cd.yml`, `azure-pipelines-prod.yml`. */
const DEPLOY_WORDS = new Set(['deploy', 'deployment', 'deployments', 'release', 'releases', 'publish', 'cd', 'delivery', 'promote', 'rollout', 'prod', 'production', 'prd', 'live', 'staging', 'stage', 'stg', 'preprod', 'uat', 'infra', 'terraform', 'pages']);

function nameWords(name: string): string[] {
  return name.toLowerCase().split(NAME_WORDS).filter((w) => w !== '');
}

/** CI pipeline configuration (GitHub Actions, GitLab CI, CircleCI, Travis, Azure Pipelines, Bitbucket, Drone, Buildkite...). */
export function isCiConfigPath(path: string): boolean {
  return CI_DIR.test(path) || CI_FILE.test(baseName(path)) || isJenkinsfileName(baseName(path));
}

/**
 * CI configuration that runs tests: every pipeline file except one whose name says it
 * deploys or releases. The file is the unit judged: a deploy job inside a general
 * `ci.yml` or `.gitlab-ci.yml` is test context too (override with `testPaths: ['!.gitlab-ci.yml']`).
 */
export function isCiTestConfigPath(path: string): boolean {
  if (!isCiConfigPath(path)) return false;
  return !nameWords(baseName(path)).some((w) => DEPLOY_WORDS.has(w));
}

/**
 * Configuration used only by tests: files below a test folder, files named for a test run
 * (`.env.test`, `.env.ci`, `test.env`, `config.test.json`, `docker-compose.ci.yml`,
 * `values-test.yaml`, Kustomize `overlays/test/`), and CI pipelines that do not deploy.
 */
export function isTestConfigPath(path: string): boolean {
  if (TEST_PATH.test(path) || TEST_FILE.test(baseName(path))) return true;
  // A pipeline is judged by deploy words first: `.github/workflows/deploy-ci.yml` deploys.
  if (isCiConfigPath(path)) return isCiTestConfigPath(path);
  const segments = path.split('/');
  const base = segments.pop()!;
  // Folder names: `overlays/ci/`, `integration-tests/`, `env/testing/`.
  if (segments.some((segment) => nameWords(segment).some((w) => TEST_RUN_WORDS.has(w)))) return true;
  // The file's own name without its extension: `test.env`, `values.ci.yaml`, `Dockerfile.test`.
  const words = nameWords(base);
  if (words.length > 1 && CONFIG_EXTENSIONS.has(words[words.length - 1]!)) words.pop();
  return words.some((w) => TEST_RUN_WORDS.has(w));
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
  /^(template|sam-template|[\w.-]+\.template)\.ya?ml$/i, // AWS SAM / CloudFormation
];

const JSON_CONFIG_NAMES = [
  /^appsettings([.\-_][\w.-]+)?\.json$/i, // appsettings.json, appsettings.Development.json
  /^(config|settings|secrets|local\.settings|env|environment)([.\-_][\w.-]+)?\.json$/i,
  /^(app|now|vercel)\.json$/i, // Heroku app.json `env`, Vercel `env`
  /^(template|[\w.-]+\.template)\.json$/i, // CloudFormation
  /\.tfvars\.json$/i, // Terraform variable values in JSON
];

const TOML_CONFIG_NAMES = [/^wrangler([.\-_][\w.-]+)?\.toml$/i, /^(fly|netlify|secrets|config|settings|app|samconfig)([.\-_][\w.-]+)?\.toml$/i];

function inDir(path: string, dir: RegExp): boolean {
  return dir.test(path);
}

/** A file whose name alone says it is application or deployment configuration. */
export function recognisedByPath(path: string, format: ConfigFormat): boolean {
  // A template (`app.json.example`, `serverless.yml.sample`) is recognised as the file it becomes.
  const base = withoutTemplateSuffix(baseName(path));
  // A Dockerfile's ENV/ARG and a script's variables are deployment settings wherever the file lives.
  if (format === 'env' || format === 'properties' || format === 'dockerfile' || format === 'shell' || format === 'jenkinsfile' || format === 'hcl') return true;
  if (/(^|\/)\.vscode\//.test(path)) return false;
  if (nodeConfigInfo(path)) return true;
  switch (format) {
    case 'yaml':
      return inDir(path, /(^|\/)\.github\/workflows\/[^/]+$/) || inDir(path, /(^|\/)\.circleci\/[^/]+$/) || inDir(path, /(^|\/)\.buildkite\/[^/]+$/) || YAML_CONFIG_NAMES.some((r) => r.test(base));
    case 'json':
      return JSON_CONFIG_NAMES.some((r) => r.test(base));
    case 'toml':
      return TOML_CONFIG_NAMES.some((r) => r.test(base));
  }
}

/** A document that is configuration by its content: a Kubernetes manifest, a compose file, a CI pipeline. */
export function recognisedByContent(doc: ConfigDocument): boolean {
  return doc.kubernetesKind !== undefined || doc.compose || doc.ci || isCloudFormationDocument(doc);
}

/** Cheap check: could a YAML text be recognised by its content once parsed? */
export function mayBeRecognisedByContent(text: string): boolean {
  return /^(apiVersion|kind|services|jobs|stages|pipeline)\s*:/m.test(text) || mayBeCloudFormation(text);
}
