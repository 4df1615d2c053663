import { describe, expect, it } from 'vitest';
import { countStringWork } from '../helpers/count-work.js';
import { parseJenkinsfile } from '../../src/config-files/ci-systems.js';
import { ciEnvironmentName, ciTestLines, deployContextLines, extractConfigFacts, isCiConfigPath, isTestConfigPath, parseConfigFile, type ConfigContext, type ParsedConfig } from '../../src/config-files/index.js';
import { configParseWanted } from '../../src/config-files/parse.js';
import { fileKindOf } from '../../src/discover/file-kind.js';
import type { FileFacts } from '../../src/facts/model.js';
import { at, entry } from './helpers.js';

const NO_LINKS: ConfigContext = { keyEnvNames: new Set(), lifetimeEnvNames: new Set() };

function parse(path: string, lines: string[]): ParsedConfig {
  return parseConfigFile({ path, kind: fileKindOf(path), text: lines.join('\n') + '\n' })!;
}

function facts(path: string, lines: string[]): FileFacts {
  const result = extractConfigFacts({ path, kind: fileKindOf(path), text: lines.join('\n') + '\n' }, NO_LINKS);
  expect(result.diagnostics).toEqual([]);
  return result.facts;
}

const secretsOf = (f: FileFacts) => f.secrets.map((s) => `${s.material.loc.line}:${s.material.loc.column} ${s.material.text}`);

describe('Travis env', () => {
  const travis = [
    'env:',
    '  global:',
    '    - JWT_SECRET=travis-secret-value',
    '    - secure: "c2VjdXJlZW5jcnlwdGVkdmFsdWU="',
    '    - JWT_REFRESH_EXPIRATION=30d',
    '  jobs:',
    '    - DB=pg JWT_SIGNING_KEY=matrix-key NODE_ENV=test',
    '    - "DB=mysql JWT_SIGNING_KEY=$SIGNING"',
    'script: npm test',
  ];

  it('reads each K=v pair of an env string at its own position', () => {
    const parsed = parse('.travis.yml', travis);
    expect(at(entry(parsed, 'env.global.0.JWT_SECRET'))).toEqual({ key: '3:7', value: '3:18' });
    expect(at(parsed.entries.find((e) => e.key === 'NODE_ENV')!)).toEqual({ key: '7:40', value: '7:49' });
    const pairs = parsed.entries.filter((e) => e.path[0] === 'env' && e.path[1] === 'jobs').map((e) => `${e.key}=${e.value}`);
    expect(pairs).toEqual(['DB=pg', 'JWT_SIGNING_KEY=matrix-key', 'NODE_ENV=test', 'DB=mysql', 'JWT_SIGNING_KEY=$SIGNING']);
    expect(parsed.entries.filter((e) => e.path.includes('secure')).map((e) => e.key)).toEqual(['secure']);
  });

  it('reports literals and lifetimes; secure items and $VAR are references', () => {
    const f = facts('.travis.yml', travis);
    expect(secretsOf(f)).toEqual(['3:18 travis-secret-value', '7:29 matrix-key']);
    expect(f.lifetimes.map((l) => `${l.loc.line} ${l.seconds}`)).toEqual([`5 ${30 * 86_400}`]);
    expect(f.isTest).toBe(true);
  });

  it('is test context unless a deploy section reads the variable', () => {
    const lines = [
      'env:',
      '  global:',
      '    - JWT_SECRET=test-secret-value',
      '    - DEPLOY_JWT_SECRET=deploy-secret-value',
      'deploy:',
      '  provider: script',
      '  script: ./deploy.sh --key ${DEPLOY_JWT_SECRET}',
    ];
    const deploy = deployContextLines('.travis.yml', parse('.travis.yml', lines));
    expect(deploy.has(3)).toBe(false);
    expect(deploy.has(4)).toBe(true);
    expect(deploy.has(7)).toBe(true);
  });
});

describe('script lines of CI files', () => {
  it('reads assignments in GitLab, Bitbucket, Azure and CircleCI scripts, with file positions', () => {
    const f = facts('.gitlab-ci.yml', [
      'stages: [test]',
      'unit:',
      '  stage: test',
      '  script:',
      '    - export JWT_SECRET=gitlab-script-secret',
      '    - export TOKEN_SECRET="${CI_SECRET}"',
      '    - |',
      '      echo start',
      '      export ACCESS_TOKEN_SECRET=block-secret ; npm test',
    ]);
    expect(secretsOf(f)).toEqual(['5:25 gitlab-script-secret', '9:34 block-secret']);
    expect(secretsOf(facts('bitbucket-pipelines.yml', ['pipelines:', '  default:', '    - step:', '        script:', '          - JWT_SECRET=inline-secret npm test']))).toEqual(['5:24 inline-secret']);
    expect(secretsOf(facts('.circleci/config.yml', ['version: 2.1', 'jobs:', '  test:', '    steps:', '      - run: "export JWT_SECRET=circle-secret && npm test"']))).toEqual(['5:33 circle-secret']);
  });

  it('reads GitHub Actions environment-file lines (`echo "K=v" >> $GITHUB_ENV`)', () => {
    const parsed = parse('.github/workflows/ci.yml', [
      'on: push',
      'jobs:',
      '  test:',
      '    steps:',
      '      - run: |',
      '          echo "JWT_SECRET=${{ secrets.JWT }}" >> $GITHUB_ENV',
      "          echo 'TOKEN_SECRET=env-file-secret' >>\"${GITHUB_ENV}\"",
      '          echo NODE_ENV=test >> $GITHUB_ENV',
      '          echo "see $GITHUB_ENV"',
    ]);
    const found = parsed.entries.filter((e) => e.envVar).map((e) => `${e.valueLoc.line}:${e.valueLoc.column} ${e.key}=${e.value}`);
    expect(found).toEqual(['6:28 JWT_SECRET=${{ secrets.JWT }}', '7:30 TOKEN_SECRET=env-file-secret', '8:25 NODE_ENV=test']);
    expect(secretsOf(facts('.github/workflows/ci.yml', ['on: push', 'jobs:', '  t:', '    steps:', '      - run: echo "JWT_SECRET=${{ secrets.JWT }}" >> $GITHUB_ENV']))).toEqual([]);
  });

  it('keeps two scripts on one line apart', () => {
    const parsed = parse('.gitlab-ci.yml', ['stages: [test]', 'unit:', '  script: ["echo JWT_SECRET=not-an-assignment", "JWT_SECRET=assigned-value npm test"]']);
    expect(parsed.entries.filter((e) => e.key === 'JWT_SECRET').map((e) => e.value)).toEqual(['assigned-value']);
  });

  it('does not read scripts of files that are not CI pipelines', () => {
    const parsed = parse('config/settings.yml', ['script: export JWT_SECRET=x']);
    expect(parsed.entries.map((e) => e.key)).toEqual(['script']);
  });
});

describe('Buildkite, Drone', () => {
  it('reads Buildkite env at pipeline and step level', () => {
    const f = facts('.buildkite/pipeline.yml', ['env:', '  JWT_SECRET: pipeline-secret', 'steps:', '  - label: test', '    command: npm test', '    env:', '      TOKEN_SECRET: step-secret']);
    expect(secretsOf(f)).toEqual(['2:15 pipeline-secret', '7:21 step-secret']);
  });

  it('takes Drone from_secret for a reference', () => {
    const f = facts('.drone.yml', ['kind: pipeline', 'steps:', '  - name: test', '    environment:', '      JWT_SECRET:', '        from_secret: jwt_secret']);
    expect(f.secrets).toEqual([]);
  });
});

describe('Jenkinsfile', () => {
  const jenkinsfile = [
    'pipeline {',
    '  environment {',
    "    JWT_SECRET = 'jenkins-secret'",
    "    SIGNING = credentials('jwt-key')",
    '    TOKEN_SECRET = "${env.FROM_JOB}"',
    "    JWT_EXPIRES_IN = '60d'; OTHER = 'x'",
    '  }',
    '  stages {',
    "    stage('Deploy to production') {",
    '      environment { ACCESS_TOKEN_SECRET = "stage-secret" }',
    "      steps { sh './deploy.sh' }",
    '    }',
    '  }',
    '}',
  ];

  it('is a CI pipeline by name', () => {
    for (const name of ['Jenkinsfile', 'ci/Jenkinsfile.deploy', 'build.jenkinsfile']) {
      expect(fileKindOf(name)).toBe('jenkinsfile');
      expect(isCiConfigPath(name)).toBe(true);
    }
    expect(fileKindOf('docs/Jenkinsfile.md')).toBe('other');
    expect(isTestConfigPath('Jenkinsfile')).toBe(true);
    expect(isTestConfigPath('Jenkinsfile.release')).toBe(false);
    expect(configParseWanted({ path: 'Jenkinsfile', kind: 'jenkinsfile', text: 'pipeline {}' })).toBe(true);
  });

  it('reads environment blocks; credentials() and interpolated strings are references', () => {
    const parsed = parseJenkinsfile('Jenkinsfile', jenkinsfile.join('\n'));
    expect(at(entry(parsed, 'environment.JWT_SECRET'))).toEqual({ key: '3:5', value: '3:18' });
    expect(entry(parsed, 'environment.SIGNING').computed).toBe(true);
    expect(entry(parsed, 'environment.TOKEN_SECRET').computed).toBe(true);
    expect(entry(parsed, 'environment.OTHER').value).toBe('x');
    expect(entry(parsed, 'stages.Deploy to production.environment.ACCESS_TOKEN_SECRET').value).toBe('stage-secret');
    const f = facts('Jenkinsfile', jenkinsfile);
    expect(secretsOf(f)).toEqual(["3:18 jenkins-secret", '10:43 stage-secret']);
    expect(f.lifetimes.map((l) => l.loc.line)).toEqual([6]);
  });

  it('marks deploying stages and, with them, the pipeline environment as production', () => {
    const parsed = parseJenkinsfile('Jenkinsfile', jenkinsfile.join('\n'));
    const deploy = deployContextLines('Jenkinsfile', parsed);
    expect(deploy.has(3)).toBe(true);
    expect(deploy.has(10)).toBe(true);
    expect(ciEnvironmentName('Jenkinsfile', parsed, entry(parsed, 'stages.Deploy to production.environment.ACCESS_TOKEN_SECRET'))).toBe('Deploy to production');
  });

  it('reads withEnv lists and sh assignments; strings and comments hold no settings', () => {
    const parsed = parseJenkinsfile('Jenkinsfile', [
      "node { withEnv(['JWT_SECRET=with-env', \"X=${y}\"]) {",
      "  sh 'export TOKEN_SECRET=sh-secret && make test'",
      "  // environment { JWT_SECRET = 'commented' }",
      "  echo 'environment { JWT_SECRET = \"in-a-string\" }'",
      '} }',
    ].join('\n'));
    expect(parsed.entries.filter((e) => e.envVar).map((e) => `${e.keyLoc.line}:${e.valueLoc.column} ${e.key}=${e.value}${e.computed ? ' (computed)' : ''}`)).toEqual([
      '1:29 JWT_SECRET=with-env',
      '1:43 X=${y} (computed)',
      '2:27 TOKEN_SECRET=sh-secret',
    ]);
  });

  it('reports an unterminated string or comment and stays linear', () => {
    expect(parseJenkinsfile('Jenkinsfile', "pipeline { environment { A = 'x").diagnostics[0]).toMatch(/Jenkinsfile:1:30: unterminated string/);
    expect(parseJenkinsfile('Jenkinsfile', 'pipeline { /* x').diagnostics[0]).toMatch(/unterminated comment/);
    const big = 'environment {\n' + "  JWT_SECRET = 'x'\n".repeat(50_000) + '}\n' + '{'.repeat(100_000) + "'".repeat(100_000);
    // Counted, not timed: the string work stays within a small multiple of the text's length.
    const { result: parsed, work } = countStringWork(() => parseJenkinsfile('Jenkinsfile', big));
    expect(parsed.entries.length).toBe(50_000);
    expect(work).toBeLessThan(20 * big.length);
  });
});

describe('CI context of jobs', () => {
  it('a deploy-named GitHub workflow: a job that only runs tests is test context', () => {
    const parsed = parse('.github/workflows/ci-cd.yml', [
      'on: push',
      'jobs:',
      '  test:',
      '    env:',
      '      JWT_SECRET: test-secret',
      '    steps:',
      '      - run: npm test',
      '  deploy:',
      '    env:',
      '      JWT_SECRET: deploy-secret',
      '    steps:',
      '      - run: ./deploy.sh',
      '  e2e:',
      '    steps:',
      '      - run: npm run e2e && ./deploy.sh preview',
      '    env:',
      '      JWT_SECRET: e2e-secret-that-deploys',
    ]);
    const test = ciTestLines('.github/workflows/ci-cd.yml', parsed);
    expect(test.has(5)).toBe(true);
    expect(test.has(10)).toBe(false);
    expect(test.has(17)).toBe(false);
    expect(ciTestLines('.github/workflows/ci.yml', parsed).size).toBe(0);
  });

  it('names CI environments from the job', () => {
    const path = '.gitlab-ci.yml';
    const parsed = parse(path, [
      'stages: [deploy]',
      'deploy_staging:',
      '  environment: staging',
      '  variables:',
      '    JWT_SECRET: a',
      'release:',
      '  environment:',
      '    name: production',
      '  variables:',
      '    JWT_SECRET: b',
      'deploy-prod:',
      '  variables:',
      '    JWT_SECRET: c',
    ]);
    expect(ciEnvironmentName(path, parsed, entry(parsed, 'deploy_staging.variables.JWT_SECRET'))).toBe('staging');
    expect(ciEnvironmentName(path, parsed, entry(parsed, 'release.variables.JWT_SECRET'))).toBe('production');
    expect(ciEnvironmentName(path, parsed, entry(parsed, 'deploy-prod.variables.JWT_SECRET'))).toBe('deploy-prod');
    const bitbucket = parse('bitbucket-pipelines.yml', ['pipelines:', '  branches:', '    main:', '      - step:', '          deployment: production', '          script:', '            - export JWT_SECRET=x']);
    expect(ciEnvironmentName('bitbucket-pipelines.yml', bitbucket, bitbucket.entries.find((e) => e.key === 'JWT_SECRET')!)).toBe('production');
  });
});
