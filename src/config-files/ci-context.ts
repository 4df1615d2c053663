// Which lines of a CI pipeline belong to a job that deploys. A pipeline is test context
// (`isCiTestConfigPath`), but a literal secret in a deploy job may well be a real one: those
// lines are reported as production. Jobs are read where the format names them (GitHub
// Actions and CircleCI `jobs.<id>`, GitLab top-level jobs); in other formats one deploy
// marker anywhere makes the whole file production. Settings outside every job (a workflow's
// top-level `env:`, GitLab's global `variables:`) reach every job, so they are production
// as soon as one job deploys.
import { isJenkinsfileName, isTravisPath, travisDeployLines } from './ci-systems.js';
import { isCiConfigPath, isCiTestConfigPath } from './roles.js';
import type { ConfigEntry, ParsedConfig } from './types.js';

/** Words of a job id, job name or stage that say it deploys. */
/** Words of a step name that say the step deploys (environment names do not: see marksDeploy). */
const STEP_DEPLOY_WORDS = new Set(['deploy', 'deploys', 'deployment', 'release', 'publish', 'promote', 'rollout']);
const DEPLOY_WORDS = new Set(['deploy', 'deployment', 'deployments', 'release', 'releases', 'publish', 'cd', 'delivery', 'promote', 'rollout', 'prod', 'production', 'prd', 'live', 'staging', 'stage', 'stg', 'preprod', 'uat']);
/** Environment names that are still a test run: `environment: test` does not deploy anything real. */
const TEST_ENVIRONMENT_WORDS = new Set(['test', 'tests', 'testing', 'ci', 'e2e', 'preview', 'review']);
/** Commands that ship something: `./deploy.sh`, `npm publish`, `kubectl apply`, `terraform apply`, `docker push`. */
const DEPLOY_COMMAND = /\b(?:deploy|publish|release|rollout)\b|\bkubectl\s+(?:apply|set|rollout)\b|\bhelm\s+(?:upgrade|install)\b|\bterraform\s+apply\b|\bdocker\s+push\b|\bvercel\s+(?:deploy|--prod)\b|\bfirebase\s+deploy\b|\bcdk\s+deploy\b/i;
const GITLAB_GLOBAL_KEYS = new Set(['variables', 'stages', 'default', 'include', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'spec']);
const WORDS = /[^a-z0-9]+/;

type Format = 'jobs-map' | 'gitlab' | 'jenkins' | 'other';

function formatOf(path: string): Format {
  if (/(^|\/)(\.github\/workflows|\.circleci)\//.test(path)) return 'jobs-map';
  if (/(^|\/)\.gitlab-ci\.ya?ml$|(^|\/)\.gitlab\/ci\//.test(path)) return 'gitlab';
  if (isJenkinsfileName(path.slice(path.lastIndexOf('/') + 1))) return 'jenkins'; // stages: `stage('Deploy')`
  return 'other';
}

function hasWord(text: string, words: ReadonlySet<string>): boolean {
  return text.toLowerCase().split(WORDS).some((w) => words.has(w));
}

/** The job an entry belongs to and the entry's path inside that job; null outside every job. */
function jobOf(entry: ConfigEntry, format: Format): { job: string; rest: string[] } | null {
  const { path } = entry;
  if (format === 'jobs-map') return path[0] === 'jobs' && path.length > 2 ? { job: path[1]!, rest: path.slice(2) } : null;
  if (format === 'jenkins') return path[0] === 'stages' && path.length > 2 ? { job: path[1]!, rest: path.slice(2) } : null;
  if (format === 'gitlab') return path.length > 1 && !GITLAB_GLOBAL_KEYS.has(path[0]!) && !path[0]!.startsWith('.') ? { job: path[0]!, rest: path.slice(1) } : null;
  return null;
}

/** Whether one entry, inside its job (`rest`), says the job deploys. */
function marksDeploy(entry: ConfigEntry, rest: string[], format: Format): boolean {
  const key = rest[0];
  // GitHub Actions and GitLab `environment:` (or `environment.name:`) names a deployment target; in CircleCI it holds variables.
  if (key === 'environment' && !((format === 'jobs-map' || format === 'jenkins') && entry.envVar)) return !hasWord(entry.value, TEST_ENVIRONMENT_WORDS) && entry.value !== '';
  if ((key === 'name' || key === 'stage') && rest.length === 1) return hasWord(entry.value, DEPLOY_WORDS);
  const last = rest[rest.length - 1] ?? '';
  // A step's name says what the step does: only deploying verbs count there. An environment
  // word in a step name ("Set environment to production" before a build) describes a
  // setting, not a deployment.
  if (key === 'steps' && last === 'name') return hasWord(entry.value, STEP_DEPLOY_WORDS);
  // Steps and scripts: `run:`, `script:`, `command:`.
  const commandKey = /^\d+$/.test(last) ? rest[rest.length - 2] : last;
  if (commandKey === 'run' || commandKey === 'script' || commandKey === 'command' || commandKey === 'commands') return DEPLOY_COMMAND.test(entry.value);
  // Azure `- deployment: web`, Bitbucket `deployment: production`.
  return rest.includes('deployment');
}

/**
 * Lines of a test-context CI file that are production context, because the job they belong
 * to (or every job, for settings outside jobs) deploys. Empty for files that are not
 * test-context CI configuration.
 */
export function deployContextLines(path: string, parsed: ParsedConfig): Set<number> {
  const lines = new Set<number>();
  if (!isCiTestConfigPath(path)) return lines;
  if (isTravisPath(path)) return travisDeployLines(parsed);
  const format = formatOf(path);
  const deployJobs = new Set<string>();
  let anyDeploy = false;
  for (const entry of parsed.entries) {
    const where = jobOf(entry, format);
    if (where && hasWord(where.job, DEPLOY_WORDS)) deployJobs.add(where.job);
    const marks = where ? marksDeploy(entry, where.rest, format) : format === 'other' && (entry.path.includes('deployment') || entry.path[0] === 'deploy' || ((entry.key === 'script' || entry.path.includes('script') || entry.path.includes('commands')) && DEPLOY_COMMAND.test(entry.value)));
    if (!marks) continue;
    anyDeploy = true;
    if (where) deployJobs.add(where.job);
  }
  if (deployJobs.size > 0) anyDeploy = true;
  if (!anyDeploy) return lines;
  for (const entry of parsed.entries) {
    const where = jobOf(entry, format);
    if (where ? deployJobs.has(where.job) : true) {
      lines.add(entry.keyLoc.line);
      lines.add(entry.valueLoc.line);
    }
  }
  return lines;
}

/** Words of a job id, job name or stage that say the job runs tests. */
const TEST_JOB_WORDS = new Set(['test', 'tests', 'testing', 'ci', 'e2e', 'lint', 'unit', 'spec', 'specs', 'check', 'checks', 'jest', 'vitest', 'cypress', 'playwright']);

/**
 * Lines of a pipeline judged production by its name (`deploy.yml`, `ci-cd.yml`,
 * `Jenkinsfile.release`) that belong to a job that only runs tests: a job whose id, name or
 * stage says test/ci/e2e/lint and where nothing deploys. Its keys are test keys.
 */
export function ciTestLines(path: string, parsed: ParsedConfig): Set<number> {
  const lines = new Set<number>();
  if (!isCiConfigPath(path) || isCiTestConfigPath(path)) return lines;
  const format = formatOf(path);
  if (format === 'other') return lines;
  const testJobs = new Set<string>();
  const deployJobs = new Set<string>();
  for (const entry of parsed.entries) {
    const where = jobOf(entry, format);
    if (!where) continue;
    if (hasWord(where.job, TEST_JOB_WORDS)) testJobs.add(where.job);
    const [key] = where.rest;
    if ((key === 'name' || key === 'stage') && where.rest.length === 1 && hasWord(entry.value, TEST_JOB_WORDS)) testJobs.add(where.job);
    if (hasWord(where.job, DEPLOY_WORDS) || marksDeploy(entry, where.rest, format)) deployJobs.add(where.job);
  }
  for (const entry of parsed.entries) {
    const where = jobOf(entry, format);
    if (!where || !testJobs.has(where.job) || deployJobs.has(where.job)) continue;
    lines.add(entry.keyLoc.line);
    lines.add(entry.valueLoc.line);
  }
  return lines;
}

const environmentIndexes = new WeakMap<ParsedConfig, Map<string, string>>();

/** Deployment environments named inside a pipeline, by the path of the job or step that names them. */
function environmentIndex(parsed: ParsedConfig): Map<string, string> {
  let index = environmentIndexes.get(parsed);
  if (index) return index;
  index = new Map();
  for (const e of parsed.entries) {
    if (e.valueType !== 'string' || e.value === '') continue;
    const n = e.path.length;
    // `environment: production` (GitHub Actions, GitLab, Azure), `environment: { name: production }`, Bitbucket `deployment: production`.
    if ((e.key === 'environment' || e.key === 'deployment') && !e.envVar) index.set(e.path.slice(0, -1).join('\0'), e.value);
    else if (n >= 2 && e.path[n - 2] === 'environment' && e.key === 'name') index.set(e.path.slice(0, -2).join('\0'), e.value);
  }
  environmentIndexes.set(parsed, index);
  return index;
}

/**
 * The deployment environment a CI entry belongs to, as the pipeline names it: the
 * `environment`/`deployment` of its job or step, else the name of its job (`deploy_production`,
 * Jenkins `stage('Deploy to staging')`). Undefined outside jobs that name one.
 */
export function ciEnvironmentName(path: string, parsed: ParsedConfig, entry: ConfigEntry): string | undefined {
  if (!isCiConfigPath(path)) return undefined;
  const index = environmentIndex(parsed);
  for (let n = entry.path.length - 1; n > 0; n--) {
    const named = index.get(entry.path.slice(0, n).join('\0'));
    if (named !== undefined) return named;
  }
  return jobOf(entry, formatOf(path))?.job;
}
