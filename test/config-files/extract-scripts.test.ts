import { describe, expect, it } from 'vitest';
import { extractConfigFacts, type ConfigContext } from '../../src/config-files/index.js';
import { fileKindOf } from '../../src/discover/file-kind.js';
import type { FileFacts } from '../../src/facts/model.js';

const KEY = 'bACEjFCiUrnZYArT7KqisYcp6he45a6Nv3foBEkHGQyFPRkiXBk4o54JgRibpT2G';
const TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmaXh0dXJlLXVzZXIiLCJpYXQiOjE3MTcwMDAwMDAsImV4cCI6MTcxNzAwMzYwMH0._kkAkVyxCZqNhKVhH9UrP3jp9D9vepaBiQDEJqMg3GM';
const NO_LINKS: ConfigContext = { keyEnvNames: new Set(), lifetimeEnvNames: new Set() };

function facts(path: string, lines: string[], context: ConfigContext = NO_LINKS): FileFacts {
  const result = extractConfigFacts({ path, kind: fileKindOf(path), text: lines.join('\n') + '\n' }, context);
  expect(result.diagnostics).toEqual([]);
  return result.facts;
}

function secretAt(f: FileFacts): string[] {
  return f.secrets.map((s) => `${s.material.loc.line}:${s.material.loc.column}`);
}

function tokenAt(f: FileFacts): string[] {
  return f.tokens.map((t) => `${t.loc.line}:${t.loc.column}-${t.loc.endColumn}`);
}

describe('extractConfigFacts on Dockerfiles', () => {
  it('reads ENV and ARG values with JWT key names as secrets', () => {
    const f = facts('services/api/Dockerfile', [
      'FROM node:20-alpine',
      'ENV NODE_ENV=production',
      `ENV JWT_SECRET=${KEY}`,
      'ARG ACCESS_TOKEN_SECRET=dev-secret',
      'ENV PORT=3000 \\',
      `    REFRESH_TOKEN_SECRET="${KEY}"`,
    ]);
    expect(secretAt(f)).toEqual(['3:16', '4:25', '6:26']);
    expect(f.secrets[0]).toMatchObject({ hmac: true, algorithms: [], material: { route: 'direct', form: 'string', byteLength: 64 } });
    expect(f.secrets[1]!.material.byteLength).toBe(10);
    expect(f).toMatchObject({ callSites: [], environment: 'server', isTest: false });
  });

  it('keeps look-alikes silent: no default, references, other credentials', () => {
    const f = facts('Dockerfile', [
      'FROM node:20',
      'ARG JWT_SECRET',
      'ENV JWT_SECRET=${JWT_SECRET}',
      'ENV JWT_SECRET=$JWT_SECRET',
      'ENV NODE_ENV=production DB_PASSWORD=hunter2hunter2 JWT_PUBLIC_KEY_PATH=/etc/jwt/public.pem',
      'ENV JWT_SECRET_FILE=/run/secrets/jwt_secret',
      'RUN --mount=type=secret,id=jwt JWT_SECRET=$(cat /run/secrets/jwt) npm run build',
    ]);
    expect([f.secrets, f.tokens, f.lifetimes]).toEqual([[], [], []]);
  });

  it('takes a ${VAR:-literal} fallback as an env-fallback secret', () => {
    const f = facts('Dockerfile', ['FROM node:20', 'ENV JWT_SECRET=${JWT_SECRET:-changeme}']);
    expect(secretAt(f)).toEqual(['2:30']);
    expect(f.secrets[0]!.material).toMatchObject({ route: 'env-fallback', envName: 'JWT_SECRET', text: 'changeme' });
  });

  it('reads algorithm and lifetime settings like a .env file', () => {
    const f = facts('Dockerfile', ['FROM node:20', 'ENV JWT_ALGORITHM=HS256 JWT_EXPIRES_IN=30d']);
    expect(f.algorithmSettings.map((a) => `${a.name} ${a.loc.column}`)).toEqual(['HS256 19']);
    expect(f.lifetimes.map((l) => `${l.seconds} ${l.loc.column}`)).toEqual(['2592000 40']);
  });

  it('finds tokens anywhere in an instruction, not in comments', () => {
    const f = facts('Dockerfile', ['FROM alpine', `# RUN curl -H "Authorization: Bearer ${TOKEN}"`, `RUN curl -fsS -H "Authorization: Bearer ${TOKEN}" http://api/health`]);
    expect(tokenAt(f)).toEqual([`3:41-${41 + TOKEN.length}`]);
    expect(f.tokens[0]!.header).toEqual({ alg: 'HS256', typ: 'JWT' });
  });
});

describe('extractConfigFacts on shell scripts', () => {
  it('reads assignments with JWT key names as secrets', () => {
    const f = facts('scripts/dev.sh', [
      '#!/usr/bin/env bash',
      `export JWT_SECRET="${KEY}"`,
      "readonly NEXTAUTH_SECRET='short'",
      'AUTH_SECRET="${AUTH_SECRET:-dev-only}" node server.js',
    ]);
    expect(secretAt(f)).toEqual(['2:19', '3:26', '4:29']);
    expect(f.secrets[2]!.material).toMatchObject({ route: 'env-fallback', text: 'dev-only' });
  });

  it('keeps look-alikes silent: arguments, command output, references, command lines', () => {
    const f = facts('scripts/deploy.sh', [
      '#!/bin/sh',
      'export JWT_SECRET="$1"',
      'JWT_SECRET=$(openssl rand -hex 32)',
      'TOKEN="$(curl -s -X POST "$API/login" | jq -r .token)"',
      'JWT_SECRET="${JWT_SECRET:?JWT_SECRET must be set}"',
      'JWT_SECRET="$JWT_SECRET"',
      'ACCESS_TOKEN_SECRET="$(vault kv get -field=secret secret/jwt)"',
      'kubectl create secret generic jwt --from-literal=JWT_SECRET=abc',
      'curl -fsS "$BASE_URL/health" -H "Authorization: Bearer ${SMOKE_TOKEN}"',
      'STRIPE_SECRET_KEY=sk_live_abcdefghijklmnop',
    ]);
    expect([f.secrets, f.tokens, f.lifetimes, f.algorithmSettings]).toEqual([[], [], [], []]);
  });

  it('finds tokens in assignments and command lines with exact columns, once each', () => {
    const f = facts('scripts/seed.sh', [
      '#!/bin/sh',
      `BATCH_TOKEN=${TOKEN}`,
      `ADMIN_TOKEN="\${ADMIN_TOKEN:-${TOKEN}}"`,
      `curl -H "Authorization: Bearer ${TOKEN}" "$API/orders"`,
      `# curl -H "Authorization: Bearer ${TOKEN}"`,
      `cat <<EOF`,
      `{"token": "${TOKEN}"}`,
      `EOF`,
    ]);
    expect(tokenAt(f)).toEqual([`2:13-${13 + TOKEN.length}`, `3:29-${29 + TOKEN.length}`, `4:32-${32 + TOKEN.length}`, `7:12-${12 + TOKEN.length}`]);
  });

  it('takes a generic key name as a JWT key next to an HMAC algorithm, and names linked by code', () => {
    expect(secretAt(facts('run.sh', [`SECRET_KEY=${KEY}`, 'ALGORITHM=HS256']))).toEqual(['1:12']);
    expect(secretAt(facts('run.sh', [`SECRET_KEY=${KEY}`]))).toEqual([]);
    const linked: ConfigContext = { keyEnvNames: new Set(['SIGNER']), lifetimeEnvNames: new Set(['SESSION_LENGTH']) };
    const f = facts('run.sh', [`export SIGNER=${KEY}`, 'export SESSION_LENGTH=604800'], linked);
    expect(secretAt(f)).toEqual(['1:15']);
    expect(f.lifetimes.map((l) => l.seconds)).toEqual([604_800]);
  });

  it('marks scripts under test folders as test code', () => {
    expect(facts('test/e2e/login.sh', [`JWT_SECRET=${KEY}`]).isTest).toBe(true);
  });
});
