import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deployContextLines, isCiConfigPath, isTestConfigPath, parseConfigFile } from '../../src/config-files/index.js';
import { isTestContext } from '../../src/engine/run.js';
import type { RunResult } from '../../src/engine/types.js';
import { environmentOf } from '../../src/estate/estate.js';
import { FIXTURES_ROOT } from '../helpers/fixtures.js';
import { scanFolder } from '../helpers/scan.js';

// Issue #13 item 5: configuration used only by tests is test context (JSON `inTestCode`,
// SARIF level `note` and a `test` tag), like test code.

describe('isTestContext: configuration used only by tests', () => {
  it.each([
    '.env.test',
    '.env.testing',
    '.env.ci',
    '.env.e2e',
    '.env.test.local',
    'apps/api/.env.test',
    'api.test.env',
    'test.env',
    'ci.env',
    'unit-test.env',
    'e2e.env',
    'test/.env',
    'integration-tests/.env',
    'env/testing/.env',
    'packages/api/__fixtures__/.env',
    'e2e-suite/.env.production',
    'docker-compose.test.yml',
    'docker-compose.ci.yml',
    'docker-compose-e2e.yml',
    'compose.test.yaml',
    'chart/values-test.yaml',
    'chart/values.ci.yaml',
    'deploy/overlays/test/kustomization.yaml',
    'deploy/overlays/ci/secret.yaml',
    'deploy/prod/values-test.yaml',
    'config/test.json',
    'src/main/resources/application-test.yml',
    'appsettings.Testing.json',
    'Dockerfile.test',
    '.github/workflows/ci.yml',
    '.github/workflows/test.yaml',
    '.github/workflows/checks.yml',
    '.gitlab-ci.yml',
    '.gitlab/ci/lint.yml',
    '.circleci/config.yml',
    '.travis.yml',
    'bitbucket-pipelines.yml',
    'azure-pipelines.yml',
    '.drone.yml',
    '.buildkite/pipeline.yml',
  ])('%s is test context', (path) => {
    expect(isTestContext(path)).toBe(true);
  });

  it.each([
    '.env',
    '.env.local',
    '.env.development',
    '.env.production',
    '.env.staging',
    '.env.testnet',
    '.env.integration',
    '.env.qa',
    'contest.env',
    'latest.env',
    'attest/.env',
    'protest/docker-compose.yml',
    'docker-compose.yml',
    'docker-compose.prod.yml',
    'chart/values.yaml',
    'chart/values-prod.yaml',
    'deploy/overlays/production/secret.yaml',
    'config/production.json',
    'src/main/resources/application.yml',
    '.github/workflows/deploy.yml',
    '.github/workflows/release.yml',
    '.github/workflows/deploy-ci.yml',
    '.github/workflows/cd.yml',
    '.github/workflows/publish-npm.yml',
    'azure-pipelines-prod.yml',
    'cloudbuild.yaml',
    'src/ci/config.ts',
    'src/testing-library.ts',
  ])('%s stays production', (path) => {
    expect(isTestContext(path)).toBe(false);
  });

  it('knows CI pipelines by path', () => {
    expect(isCiConfigPath('.github/workflows/deploy.yml')).toBe(true);
    expect(isCiConfigPath('.gitlab-ci.yml')).toBe(true);
    expect(isCiConfigPath('docs/.github/notes.yml')).toBe(false);
    expect(isTestConfigPath('.github/workflows/release.yml')).toBe(false);
  });
});

describe('environmentOf: a test configuration is no production environment', () => {
  it.each([
    ['.env.test', 'test'],
    ['deploy/prod/values-test.yaml', 'test'],
    ['e2e-suite/.env.production', 'test'],
    ['chart/values.ci.yaml', 'test'],
  ])('%s is %s', (path, environment) => {
    expect(environmentOf(path)).toBe(environment);
  });

  it.each(['.github/workflows/ci.yml', '.gitlab-ci.yml', '.circleci/config.yml', '.travis.yml'])('%s names no environment', (path) => {
    expect(environmentOf(path)).toBeUndefined();
  });
});

describe('deployContextLines: deploy jobs of a pipeline', () => {
  const lines = (path: string, text: string) => [...deployContextLines(path, parseConfigFile({ path, kind: 'yaml', text })!)].sort((a, b) => a - b);

  it('leaves a pipeline without deploy jobs wholly test context', () => {
    expect(lines('.github/workflows/ci.yml', 'on: push\njobs:\n  test:\n    env:\n      JWT_SECRET: abc\n    steps:\n      - run: npm test\n')).toEqual([]);
  });

  it('marks the job with a deployment environment, and workflow-level settings every job inherits', () => {
    const text = 'env:\n  A: x\njobs:\n  test:\n    env:\n      B: y\n  ship:\n    environment: production\n    env:\n      C: z\n';
    const found = lines('.github/workflows/ci.yml', text);
    expect(found).toContain(2);
    expect(found).not.toContain(6);
    expect(found).toContain(10);
  });

  it('does not take a step that sets an environment variable for a deployment', () => {
    const text = 'env:\n  SECRET_KEY: abc\njobs:\n  bundle-size:\n    steps:\n      - name: Set environment to production\n        run: echo "NODE_ENV=production" >> "$GITHUB_ENV"\n      - run: yarn build\n';
    expect(lines('.github/workflows/ci.yml', text)).toEqual([]);
    // A step whose name says it deploys does mark its job.
    expect(lines('.github/workflows/ci.yml', 'jobs:\n  web:\n    env:\n      K: v\n    steps:\n      - name: Deploy to Fly\n        uses: superfly/flyctl-actions@v1\n')).toContain(4);
  });

  it('does not take a CircleCI `environment:` map for a deployment', () => {
    expect(lines('.circleci/config.yml', 'jobs:\n  test:\n    environment:\n      JWT_SECRET: abc\n    steps:\n      - run: npm test\n')).toEqual([]);
  });

  it('recognises deploy commands and stages', () => {
    expect(lines('.github/workflows/ci.yml', 'jobs:\n  build:\n    env:\n      K: v\n    steps:\n      - run: kubectl apply -f k8s/\n')).toContain(4);
    expect(lines('.gitlab-ci.yml', 'up:\n  stage: deploy\n  variables:\n    K: v\n')).toContain(4);
    expect(lines('.gitlab-ci.yml', 'unit:\n  stage: test\n  environment: review\n  variables:\n    K: v\n')).toEqual([]);
  });

  it('judges other CI formats as a whole', () => {
    expect(lines('.travis.yml', 'env:\n  global:\n    - K=v\ndeploy:\n  provider: heroku\n').length).toBeGreaterThan(0);
    expect(lines('.travis.yml', 'env:\n  global:\n    - K=v\nscript: npm test\n')).toEqual([]);
  });

  it('has nothing to say about files that are not test-context pipelines', () => {
    expect(lines('.github/workflows/deploy.yml', 'jobs:\n  ship:\n    environment: production\n')).toEqual([]);
    expect(lines('docker-compose.yml', 'services:\n  api:\n    image: x\n')).toEqual([]);
  });
});

describe('scan: findings in test configuration are marked as test context', () => {
  const root = join(FIXTURES_ROOT, 'hardcoded-secret', 'invalid', 'run-context');
  let result: RunResult;
  beforeAll(async () => {
    result = await scanFolder(root);
  }, 60_000);

  const verdicts = () =>
    Object.fromEntries(result.findings.filter((f) => f.ruleId === 'hardcoded-secret').map((f) => [`${f.location.file}:${f.location.line}`, `${f.inTestCode ? 'test' : 'production'} ${f.severity}`]));

  it('marks test env files, compose/Helm/Kustomize test overlays and test CI jobs, and only those', () => {
    expect(verdicts()).toEqual({
      '.circleci/config.yml:9': 'test high',
      '.env.ci:4': 'test high',
      '.env.e2e:4': 'test high',
      '.env.integration:3': 'production high',
      '.env.production:3': 'production critical',
      '.env.staging:3': 'production high',
      '.env.test:4': 'test high',
      '.env.test.local:4': 'test high',
      '.env.testing:4': 'test high',
      '.env.testnet:3': 'production high',
      '.github/workflows/checks.yml:7': 'test high',
      '.github/workflows/ci.yml:13': 'test high',
      '.github/workflows/ci.yml:25': 'production high',
      '.github/workflows/nightly.yml:9': 'production high',
      '.github/workflows/release.yml:12': 'production high',
      '.gitlab-ci.yml:7': 'production high',
      '.gitlab-ci.yml:13': 'test high',
      '.gitlab-ci.yml:24': 'production high',
      'api.test.env:4': 'test high',
      'attest/.env:3': 'production high',
      'chart/values-prod.yaml:3': 'production critical',
      'chart/values-test.yaml:3': 'test high',
      'chart/values.ci.yaml:3': 'test high',
      'ci.env:4': 'test high',
      'compose.ci.yaml:6': 'test high',
      'contest.env:3': 'production high',
      'deploy/overlays/production/secret.yaml:8': 'production critical',
      'deploy/overlays/test/secret.yaml:8': 'test high',
      'docker-compose-e2e.yml:6': 'test high',
      'docker-compose.test.yml:6': 'test high',
      // A production-named file that only a test suite reads is neither production nor critical.
      'e2e-suite/.env.production:4': 'test high',
      'env/testing/.env:4': 'test high',
      'integration-tests/.env:4': 'test high',
      'latest.env:3': 'production high',
      'protest/docker-compose.yml:6': 'production high',
      'test.env:4': 'test high',
    });
  });
});
