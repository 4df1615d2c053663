import { describe, expect, it } from 'vitest';
import { extractConfigFacts, parseConfigFile, type ConfigContext } from '../../src/config-files/index.js';
import { fileKindOf } from '../../src/discover/file-kind.js';
import type { FileFacts } from '../../src/facts/model.js';

const KEY = 'bACEjFCiUrnZYArT7KqisYcp6he45a6Nv3foBEkHGQyFPRkiXBk4o54JgRibpT2G';
const TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmaXh0dXJlLXVzZXIiLCJpYXQiOjE3MTcwMDAwMDAsImV4cCI6MTcxNzAwMzYwMH0._kkAkVyxCZqNhKVhH9UrP3jp9D9vepaBiQDEJqMg3GM';
const NO_LINKS: ConfigContext = { keyEnvNames: new Set(), lifetimeEnvNames: new Set() };

function facts(path: string, text: string, context: ConfigContext = NO_LINKS): FileFacts {
  return extractConfigFacts({ path, kind: fileKindOf(path), text }, context).facts;
}

function secretLines(f: FileFacts): number[] {
  return f.secrets.map((s) => s.material.loc.line);
}

describe('extractConfigFacts', () => {
  it('produces value facts only, for server-side config', () => {
    const f = facts('.env', `JWT_SECRET=${KEY}\n`);
    expect(f).toMatchObject({ file: '.env', environment: 'server', isTest: false, callSites: [], storageWrites: [], logs: [] });
    expect(f.secrets).toEqual([
      {
        material: { text: KEY, byteLength: 64, form: 'string', loc: { file: '.env', line: 1, column: 12, endLine: 1, endColumn: 76 }, route: 'direct' },
        algorithms: [],
        hmac: true,
        usedAt: [{ file: '.env', line: 1, column: 1, endLine: 1, endColumn: 11 }],
      },
    ]);
  });

  it.each(['test/.env', 'src/test/resources/application.yml', 'packages/api/__tests__/config.json', 'fixtures/.env', 'config/app.test.json'])('marks %s as test code', (path) => {
    expect(facts(path, '').isTest).toBe(true);
  });

  it('names the algorithm of the same section, else the only one in the file', () => {
    const env = facts('.env', `JWT_ALGORITHM=HS512\nJWT_SECRET=${KEY}\n`);
    expect(env.secrets[0]!.algorithms).toEqual(['HS512']);
    expect(env.algorithmSettings).toEqual([{ name: 'HS512', loc: expect.objectContaining({ line: 1, column: 15 }) }]);
    const yaml = facts('values.yaml', `jwt:\n  secret: ${KEY}\nother:\n  algorithm: HS384\n  alg2: RS256\n`);
    expect(yaml.secrets[0]!.algorithms).toEqual(['HS384']);
    const two = facts('values.yaml', `a:\n  algorithm: HS256\nb:\n  algorithm: HS512\nc:\n  secret: ${KEY}\n  jwt: yes\n`);
    expect(two.algorithmSettings.map((a) => a.name)).toEqual(['HS256', 'HS512']);
  });

  it('takes a generic key name as a JWT key only next to an HMAC algorithm setting', () => {
    expect(secretLines(facts('.env', `SECRET_KEY=${KEY}\nALGORITHM=HS256\nACCESS_TOKEN_EXPIRE_MINUTES=30\n`))).toEqual([1]);
    expect(secretLines(facts('.env', `SECRET_KEY=${KEY}\n`))).toEqual([]);
    expect(secretLines(facts('.env', `SECRET_KEY=${KEY}\nALGORITHM=RS256\n`))).toEqual([]);
  });

  it('links env vars that code feeds into JWT keys and lifetimes, whatever their name', () => {
    const context: ConfigContext = { keyEnvNames: new Set(['SESSION_SECRET', 'SIGNER']), lifetimeEnvNames: new Set(['SESSION_DURATION']) };
    const text = `SESSION_SECRET=${KEY}\nSIGNER=\${SIGNER:-dev}\nSESSION_DURATION=30d\nUNLINKED_SECRET_THING=${KEY}\n`;
    const linked = facts('.env', text, context);
    expect(secretLines(linked)).toEqual([1, 2]);
    expect(linked.lifetimes).toEqual([{ seconds: 2_592_000, loc: expect.objectContaining({ line: 3 }) }]);
    expect(secretLines(facts('.env', text))).toEqual([]);
    // Only keys that are environment variables link: a nested key of the same name does not.
    expect(secretLines(facts('config/default.json', `{"app": {"SESSION_SECRET": "${KEY}"}}`, context))).toEqual([]);
    expect(secretLines(facts('docker-compose.yml', `services:\n  a:\n    image: a\n    environment:\n      SESSION_SECRET: ${KEY}\n`, context))).toEqual([5]);
  });

  it('links node-config key paths read into JWT keys', () => {
    const context: ConfigContext = { ...NO_LINKS, keyConfigPaths: new Set(['auth.signingToken']), lifetimeConfigPaths: new Set(['auth.window']) };
    const f = facts('config/default.json', `{\n  "auth": {\n    "signingToken": "${KEY}",\n    "window": "2d"\n  }\n}\n`, context);
    expect(secretLines(f)).toEqual([3]);
    expect(f.lifetimes.map((l) => l.seconds)).toEqual([172_800]);
  });

  it('marks literal fallbacks as env fallbacks naming the variable', () => {
    const f = facts('docker-compose.yml', 'services:\n  api:\n    image: api\n    environment:\n      JWT_SECRET: ${JWT_SECRET:-jwt-secret}\n');
    expect(f.secrets[0]!.material).toMatchObject({ text: 'jwt-secret', route: 'env-fallback', envName: 'JWT_SECRET', loc: { line: 5, column: 33 } });
  });

  it('skips placeholders and references', () => {
    const text = [
      'JWT_SECRET=',
      'ACCESS_TOKEN_SECRET=<your-secret>',
      'REFRESH_TOKEN_SECRET=${REFRESH_TOKEN_SECRET}',
      'NEXTAUTH_SECRET=${NEXTAUTH_SECRET:-}',
      'AUTH_SECRET=/run/secrets/auth_secret',
      'JWT_PRIVATE_KEY=./keys/private.pem',
      'JWT_KEY=op://prod/jwt/key',
      'TOKEN_SECRET=********',
      'JWT_SECRETS=${{ secrets.JWT }}',
      '',
    ].join('\n');
    expect(facts('.env', text).secrets).toEqual([]);
    expect(facts('.github/workflows/deploy.yml', 'on: push\njobs:\n  d:\n    env:\n      JWT_SECRET: ${{ secrets.JWT_SECRET }}\n').secrets).toEqual([]);
    expect(facts('values.yaml', 'jwt:\n  secret: "{{ .Values.global.jwt }}"\n').secrets).toEqual([]);
  });

  it('treats example files as placeholders unless a value looks like a generated key', () => {
    const f = facts('.env.example', `JWT_SECRET=your-secret-here\nACCESS_TOKEN_SECRET=changeme\nREFRESH_TOKEN_SECRET=${KEY}\n`);
    expect(secretLines(f)).toEqual([3]);
    expect(secretLines(facts('.env', 'JWT_SECRET=changeme\n'))).toEqual([1]);
    expect(secretLines(facts('appsettings.template.json', '{"Jwt": {"Key": "your-signing-key-goes-here"}}'))).toEqual([]);
  });

  it('classifies key material: PEM private keys, JWKs, encoded keys, Secret data', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIA\\n-----END PRIVATE KEY-----';
    const f = facts('.env', `JWT_PRIVATE_KEY="${pem}"\nJWT_PUBLIC_KEY="-----BEGIN PUBLIC KEY-----\\nMCow\\n-----END PUBLIC KEY-----"\nJWT_SECRET_BASE64=${Buffer.alloc(48, 7).toString('base64')}\nJWT_SECRET_HEX=${'ab'.repeat(16)}\n`);
    expect(f.secrets.map((s) => [s.material.form, s.material.byteLength, s.hmac])).toEqual([
      ['pem-private', 76, false],
      ['string', 48, true],
      ['string', 16, true],
    ]);
    const jwk = facts('config/default.json', `{"jwt": {"key": ${JSON.stringify(JSON.stringify({ kty: 'oct', k: Buffer.alloc(20, 1).toString('base64url') }))}}}`);
    expect(jwk.secrets[0]!.material).toMatchObject({ form: 'jwk-oct', byteLength: 20 });
    const publicJwk = facts('config/default.json', `{"jwt": {"key": ${JSON.stringify(JSON.stringify({ kty: 'RSA', n: 'abc', e: 'AQAB' }))}}}`);
    expect(publicJwk.secrets).toEqual([]);
    const secret = facts('k8s/jwt.yaml', `apiVersion: v1\nkind: Secret\ndata:\n  JWT_SECRET: ${Buffer.from('short').toString('base64')}\n`);
    expect(secret.secrets[0]!.material).toMatchObject({ text: 'short', byteLength: 5, loc: { line: 4, column: 15 } });
  });

  it('reads JHipster-style settings: a base64 secret measured in decoded bytes, validity in seconds', () => {
    const secret = Buffer.alloc(24, 3).toString('base64');
    const text = `jhipster:\n  security:\n    authentication:\n      jwt:\n        base64-secret: ${secret}\n        token-validity-in-seconds: 86400\n        token-validity-in-seconds-for-remember-me: 2592000\n`;
    const f = facts('src/main/resources/config/application-prod.yml', text);
    expect(f.secrets.map((s) => [s.material.loc.line, s.material.byteLength])).toEqual([[5, 24]]);
    expect(f.lifetimes.map((l) => [l.loc.line, l.seconds])).toEqual([
      [6, 86_400],
      [7, 2_592_000],
    ]);
  });

  it('converts lifetimes to seconds with the unit the key names', () => {
    const text = [
      'JWT_EXPIRES_IN=30d',
      'JWT_TTL=3600',
      'ACCESS_TOKEN_TTL_MS=900000',
      'REFRESH_TOKEN_EXPIRES_IN_DAYS=14',
      'JWT_ACCESS_EXPIRY_MINUTES=15',
      'JWT_REFRESH_TTL=${JWT_REFRESH_TTL:-90d}',
      'JWT_ID_TTL=${JWT_ID_TTL}',
      'JWT_EXPIRES_IN=soon',
      '',
    ].join('\n');
    expect(facts('.env', text).lifetimes.map((l) => [l.loc.line, l.seconds])).toEqual([
      [1, 2_592_000],
      [2, 3600],
      [3, 900],
      [4, 1_209_600],
      [5, 900],
      [6, 7_776_000],
    ]);
    const spring = facts('application.properties', 'jwt.expiration=604800000\njwt.refresh-expiration=86400\n');
    expect(spring.lifetimes.map((l) => l.seconds)).toEqual([604_800, 86_400]);
    const dotnet = facts('appsettings.json', '{"Jwt": {"ExpiryMinutes": 60, "RefreshTokenLifetime": "7.00:00:00"}}');
    expect(dotnet.lifetimes.map((l) => l.seconds)).toEqual([3600, 604_800]);
  });

  it('finds tokens in any config-like file, located inside the value', () => {
    const postman = facts('api/Orders.postman_collection.json', `{\n  "auth": {"bearer": [{"key": "token", "value": "Bearer ${TOKEN}"}]}\n}\n`);
    expect(postman.tokens).toHaveLength(1);
    expect(postman.tokens[0]).toMatchObject({ text: TOKEN, unsigned: false, loc: { line: 2, column: 57 } });
    expect(postman.tokens[0]!.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(facts('.env', `SMOKE=${TOKEN}\n`).tokens[0]!.loc).toMatchObject({ line: 1, column: 7 });
    expect(facts('fixtures/data.yaml', `users:\n  - token: ${TOKEN}\n`).tokens[0]!.loc).toMatchObject({ line: 2, column: 12 });
    const encoded = facts('k8s/t.yaml', `apiVersion: v1\nkind: Secret\ndata:\n  TOKEN: ${Buffer.from(TOKEN).toString('base64')}\n`);
    expect(encoded.tokens[0]!.loc).toMatchObject({ line: 4, column: 10 });
  });

  it('looks for secrets only in recognisable config files', () => {
    const json = `{"config": {"jwtSecret": "${KEY}"}, "jwt": {"secret": "${KEY}", "expiresIn": "30d"}}`;
    for (const path of ['package.json', 'tsconfig.json', 'data/users.json', 'openapi.yaml', 'mkdocs.yml', '.vscode/settings.json']) {
      const f = facts(path, path.endsWith('json') ? json : `jwt:\n  secret: ${KEY}\n  expiresIn: 30d\n  algorithm: HS256\n`);
      expect([f.secrets, f.lifetimes, f.algorithmSettings], path).toEqual([[], [], []]);
    }
    for (const path of ['appsettings.Production.json', 'config/production.json', 'src/config.json', 'local.settings.json', 'config/default.yml', 'values-prod.yaml', 'application-dev.yaml', 'chart/values.yaml']) {
      const f = facts(path, path.endsWith('json') ? json : `jwt:\n  secret: ${KEY}\n`);
      expect(f.secrets.length, path).toBeGreaterThan(0);
    }
    // Kubernetes manifests and compose files are recognised by their content, whatever their name.
    expect(secretLines(facts('deploy/api.yml', `apiVersion: v1\nkind: Secret\nstringData:\n  JWT_SECRET: ${KEY}\n`))).toEqual([4]);
    expect(secretLines(facts('stack.yml', `services:\n  api:\n    image: api\n    environment:\n      - JWT_SECRET=${KEY}\n`))).toEqual([5]);
  });

  it('does not read node-config custom-environment-variables as values', () => {
    expect(facts('config/custom-environment-variables.json', '{"jwt": {"secret": "JWT_SECRET", "expiresIn": "JWT_TTL"}}').secrets).toEqual([]);
  });

  it('keeps look-alikes silent', () => {
    const compose = [
      'services:',
      '  api:',
      '    image: api',
      '    environment:',
      '      DB_PASSWORD: hunter2hunter2hunter2',
      '      OAUTH_CLIENT_SECRET: 4mA9Vq2LrT7xYb1Zc8Wd3Ke6mA9Vq2',
      '      JWKS_URL: https://auth.example.com/.well-known/jwks.json',
      '      JWT_PUBLIC_KEY_PATH: /etc/jwt/public.pem',
      '      JWT_KID: key-2024',
      '      JWT_ISSUER: https://auth.example.com',
      '      JWT_SECRET: ${JWT_SECRET}',
      '      JWT_ALGORITHM: RS256',
      '    secrets:',
      '      - jwt_secret',
      '',
    ].join('\n');
    const f = facts('docker-compose.yml', compose);
    expect(f.secrets).toEqual([]);
    expect(f.lifetimes).toEqual([]);
    expect(f.algorithmSettings.map((a) => a.name)).toEqual(['RS256']);
  });

  it('skips lockfiles and parses non-config files only when they hold a token', () => {
    expect(extractConfigFacts({ path: 'package-lock.json', kind: 'json', text: `{"x": "${TOKEN}"}` }, NO_LINKS)).toEqual({ facts: expect.objectContaining({ tokens: [] }), diagnostics: [] });
    // A malformed non-config JSON without a token is not even parsed: no diagnostics.
    expect(extractConfigFacts({ path: 'data/broken.json', kind: 'json', text: '{ nope' }, NO_LINKS).diagnostics).toEqual([]);
    expect(extractConfigFacts({ path: 'config/broken.json', kind: 'json', text: '{ nope' }, NO_LINKS).diagnostics.length).toBeGreaterThan(0);
    expect(extractConfigFacts({ path: 'src/index.ts', kind: 'ts', text: 'x' }, NO_LINKS)).toEqual({ facts: expect.objectContaining({ secrets: [] }), diagnostics: [] });
  });

  it('accepts a file parsed earlier instead of parsing it again', () => {
    const file = { path: 'config/default.json', kind: 'json' as const, text: `{"jwt": {"secret": "${KEY}"}}` };
    const parsed = parseConfigFile(file)!;
    expect(extractConfigFacts(file, NO_LINKS, parsed)).toEqual(extractConfigFacts(file, NO_LINKS));
  });

  it('reads TOML files that discovery passes as `other`', () => {
    const f = extractConfigFacts({ path: 'wrangler.toml', kind: 'other', text: `[vars]\nJWT_SECRET = "${KEY}"\n` }, NO_LINKS).facts;
    expect(f.secrets[0]!.material.loc).toMatchObject({ line: 2, column: 14 });
  });
});
