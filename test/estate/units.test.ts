import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config-files/index.js';
import { environmentOf } from '../../src/estate/estate.js';
import { UnitMap } from '../../src/estate/units.js';

const compose = `services:
  api:
    build: ./services/api
  worker:
    build:
      context: ./services/worker
  cache:
    image: redis:7
`;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing
spec:
  template:
    spec:
      containers:
        - name: main
          image: registry.example.test/acme/billing-svc:1.2.3
`;

function unitMap(paths: string[], manifests: Record<string, string>, configs: Record<string, string>) {
  return new UnitMap(
    paths,
    new Map(Object.entries(manifests)),
    Object.entries(configs).map(([path, text]) => ({ path, parsed: parseConfigText(path, 'yaml', text) })),
  );
}

describe('UnitMap', () => {
  it('makes a unit of each folder with a manifest and maps files to the nearest one', () => {
    const map = unitMap(
      ['package.json', 'services/api/package.json', 'services/api/src/a.ts', 'services/worker/go.mod', 'services/worker/main.go', 'docs/x.md'],
      { 'package.json': '{"name":"root","private":true,"workspaces":["services/*"]}', 'services/api/package.json': '{"name":"@acme/api"}' },
      {},
    );
    expect(map.units.map((u) => `${u.kind}:${u.name}:${u.path}`)).toEqual(['package:@acme/api:services/api', 'package:worker:services/worker']);
    expect(map.unitOfFile('services/api/src/a.ts')?.name).toBe('@acme/api');
    expect(map.unitOfFile('docs/x.md')).toBeNull();
  });

  it('keeps a root package without workspaces as the only unit', () => {
    const map = unitMap(['package.json', 'src/index.js'], { 'package.json': '{"name":"single","dependencies":{"jsonwebtoken":"^9"}}' }, {});
    expect(map.unitOfFile('src/index.js')?.name).toBe('single');
  });

  it('joins a compose service to the package its build context points at', () => {
    const map = unitMap(
      ['services/api/package.json', 'services/worker/package.json', 'docker-compose.yml'],
      { 'services/api/package.json': '{"name":"api"}', 'services/worker/package.json': '{"name":"worker"}' },
      { 'docker-compose.yml': compose },
    );
    expect(map.composeService('docker-compose.yml', 'api')?.name).toBe('api');
    expect(map.composeService('docker-compose.yml', 'worker')?.name).toBe('worker');
    expect(map.composeService('docker-compose.yml', 'cache')).toMatchObject({ kind: 'compose-service', name: 'cache' });
  });

  it('joins a compose service to the package its image is named after', () => {
    const images = `services:
  web:
    image: ghcr.io/acme/portal/api:2.4.0
  queue:
    image: redis:7
`;
    const map = unitMap(['apps/api/package.json', 'docker/docker-compose.yml'], { 'apps/api/package.json': '{"name":"@acme/api"}' }, { 'docker/docker-compose.yml': images });
    expect(map.composeService('docker/docker-compose.yml', 'web')?.name).toBe('@acme/api');
    expect(map.composeService('docker/docker-compose.yml', 'queue')).toMatchObject({ kind: 'compose-service', name: 'queue' });
  });

  it('joins a Kubernetes workload to the package named like it or like its image', () => {
    const byName = unitMap(['billing/package.json', 'k8s/deploy.yaml'], { 'billing/package.json': '{"name":"billing"}' }, { 'k8s/deploy.yaml': deployment });
    expect(byName.workload('k8s/deploy.yaml', 0)?.kind).toBe('package');
    const byImage = unitMap(['billing-svc/package.json', 'k8s/deploy.yaml'], { 'billing-svc/package.json': '{"name":"payments"}' }, { 'k8s/deploy.yaml': deployment });
    expect(byImage.workload('k8s/deploy.yaml', 0)?.name).toBe('payments');
    const alone = unitMap(['k8s/deploy.yaml'], {}, { 'k8s/deploy.yaml': deployment });
    expect(alone.workload('k8s/deploy.yaml', 0)).toMatchObject({ kind: 'k8s-workload', name: 'billing' });
  });
});

describe('environmentOf', () => {
  it.each([
    ['.env.production', undefined, 'production'],
    ['.env.staging', undefined, 'staging'],
    ['chart/values-prod.yaml', undefined, 'production'],
    ['src/main/resources/application-dev.yml', undefined, 'development'],
    ['k8s/secret.yaml', 'claims-prod', 'production'],
    ['k8s/staging/secret.yaml', undefined, 'staging'],
  ])('%s (%s) is %s', (path, namespace, env) => {
    expect(environmentOf(path, namespace)).toBe(env);
  });

  it.each(['.env', 'chart/values.yaml', 'application.yml', '.env.production.example', '.github/workflows/deploy-prod.yml'])('%s is no named environment', (path) => {
    expect(environmentOf(path)).toBeUndefined();
  });

  it('keeps one unit for a service repeated in an override file of the same folder, and tells same-named units of other folders apart', () => {
    const service = 'services:\n  api:\n    image: example/api:1\n';
    const map = unitMap(['docker-compose.yml', 'docker-compose.prod.yml', 'edge/docker-compose.yml'], {}, {
      'docker-compose.yml': service,
      'docker-compose.prod.yml': service,
      'edge/docker-compose.yml': service,
    });
    expect(map.composeService('docker-compose.yml', 'api')).toBe(map.composeService('docker-compose.prod.yml', 'api'));
    expect(map.composeService('edge/docker-compose.yml', 'api')).not.toBe(map.composeService('docker-compose.yml', 'api'));
    expect(map.units.map((u) => u.name).sort()).toEqual(['api (docker-compose.yml)', 'api (edge/docker-compose.yml)']);
  });

  it('makes units of the services deployment manifests declare, joined to the package they deploy', () => {
    const render = 'services:\n  - type: web\n    name: api\n    rootDir: services/api\n    envVars:\n      - key: JWT_SECRET\n        value: x\n  - type: worker\n    name: mailer\n    envVars:\n      - key: JWT_SECRET\n        sync: false\n';
    const serverless = 'service: billing\nprovider:\n  environment:\n    JWT_SECRET: x\nfunctions:\n  charge:\n    environment:\n      BILLING_JWT_SECRET: y\n';
    const map = unitMap(['services/api/package.json', 'services/billing/package.json', 'render.yaml', 'services/billing/serverless.yml'], { 'services/api/package.json': '{"name":"api"}', 'services/billing/package.json': '{"name":"billing"}' }, {
      'render.yaml': render,
      'services/billing/serverless.yml': serverless,
    });
    const api = map.unitOfFile('services/api/index.js');
    const billing = map.unitOfFile('services/billing/handler.js');
    // `mailer` deploys no package of this repository: in a repository with packages it is no unit of its own.
    expect(map.declaredUnits('render.yaml').map(({ unit, entries }) => [unit, entries.map((e) => e.key)])).toEqual([[api, ['JWT_SECRET']]]);
    expect(map.declaredUnits('services/billing/serverless.yml').map(({ unit, entries }) => [unit, entries.map((e) => e.key)])).toEqual([[billing, ['JWT_SECRET', 'BILLING_JWT_SECRET']]]);
  });
});
