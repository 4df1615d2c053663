// Deterministic generator of a large TypeScript monorepo for `npm run bench`: mostly ordinary
// front-end and back-end modules (components, hooks, utilities, API clients, models, tests,
// barrels, CommonJS scripts), with a few dozen JWT services per 10,000 modules scattered
// among them (jsonwebtoken, jose, @nestjs/jwt, express-jwt, passport-jwt, jwt-decode front
// ends), their .env files and a docker-compose file that shares one key between several.
// The composition stays the same at every size, so that 1x, 2x and 4x show how cost grows.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Small, fast, seeded PRNG (mulberry32): the same seed gives the same repository. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ['order', 'invoice', 'customer', 'product', 'cart', 'payment', 'shipment', 'review', 'coupon', 'address', 'inventory', 'report', 'session', 'profile', 'message', 'channel', 'ticket', 'project', 'task', 'comment', 'tag', 'category', 'warehouse', 'supplier', 'refund', 'subscription', 'plan', 'notification', 'upload', 'webhook'];
const VERBS = ['load', 'save', 'update', 'remove', 'list', 'find', 'sync', 'format', 'validate', 'normalize', 'merge', 'group', 'sort', 'filter', 'compute', 'render', 'parse', 'serialize'];
const cap = (s) => s[0].toUpperCase() + s.slice(1);

function component(r, name, sibling) {
  const n = NOUNS[Math.floor(r() * NOUNS.length)];
  return `import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { ${sibling.fn} } from '../utils/${sibling.file}';
import type { ${cap(n)} } from '../models/${n}';
import styles from './${name}.module.css';

export interface ${name}Props {
  items: ${cap(n)}[];
  title?: string;
  pageSize?: number;
  onSelect?: (item: ${cap(n)}) => void;
}

/** Lists ${n}s with paging and a filter box. */
export function ${name}({ items, title = '${cap(n)}s', pageSize = 20, onSelect }: ${name}Props) {
  const [page, setPage] = useState(0);
  const [query, setQuery] = useState('');
  const filtered = useMemo(
    () => items.filter((item) => JSON.stringify(item).toLowerCase().includes(query.toLowerCase())),
    [items, query],
  );
  const pages = Math.max(1, Math.ceil(filtered.length / pageSize));
  const visible = filtered.slice(page * pageSize, (page + 1) * pageSize);

  useEffect(() => {
    if (page >= pages) setPage(pages - 1);
  }, [page, pages]);

  const handleClick = useCallback((item: ${cap(n)}) => onSelect?.(item), [onSelect]);

  return (
    <section className={styles.root} aria-label={title}>
      <header className={styles.header}>
        <h2>{title}</h2>
        <input value={query} placeholder="Filter" onChange={(e) => setQuery(e.target.value)} />
      </header>
      <ul className={styles.list}>
        {visible.map((item, i) => (
          <li key={i} className={styles.item} onClick={() => handleClick(item)}>
            {${sibling.fn}(String((item as { id?: unknown }).id ?? i))}
          </li>
        ))}
      </ul>
      <footer className={styles.footer}>
        <button disabled={page === 0} onClick={() => setPage(page - 1)}>Previous</button>
        <span>{page + 1} / {pages}</span>
        <button disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>Next</button>
      </footer>
    </section>
  );
}

export default ${name};
`;
}

function util(r, fn) {
  const v = VERBS[Math.floor(r() * VERBS.length)];
  return `// Helpers shared by the ${v} screens.

export function ${fn}(value: string, width = 12): string {
  const trimmed = value.trim();
  return trimmed.length > width ? \`\${trimmed.slice(0, width - 1)}…\` : trimmed.padEnd(width, ' ');
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

export function groupBy<T, K extends string | number>(items: readonly T[], key: (item: T) => K): Record<K, T[]> {
  const out = {} as Record<K, T[]>;
  for (const item of items) {
    const k = key(item);
    (out[k] ??= []).push(item);
  }
  return out;
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms = ${50 + Math.floor(r() * 400)}) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

export const ${v}Keys = ['id', 'createdAt', 'updatedAt', 'version'] as const;

export function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = value[k];
  return out;
}
`;
}

function model(n) {
  const N = cap(n);
  return `export type ${N}Status = 'draft' | 'active' | 'archived';

export interface ${N} {
  id: string;
  status: ${N}Status;
  name: string;
  description?: string;
  amountCents: number;
  currency: 'EUR' | 'USD' | 'GBP';
  createdAt: string;
  updatedAt: string;
  tags: string[];
}

export interface ${N}Page {
  items: ${N}[];
  total: number;
  next?: string;
}

export function is${N}(value: unknown): value is ${N} {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.name === 'string' && typeof v.amountCents === 'number';
}

export function empty${N}(): ${N} {
  const now = new Date().toISOString();
  return { id: '', status: 'draft', name: '', amountCents: 0, currency: 'EUR', createdAt: now, updatedAt: now, tags: [] };
}
`;
}

function apiClient(r, n, withAuthHeader) {
  const N = cap(n);
  const auth = withAuthHeader
    ? `\n  private headers(): Record<string, string> {\n    const token = this.session.current();\n    return token ? { Authorization: \`Bearer \${token}\` } : {};\n  }\n`
    : `\n  private headers(): Record<string, string> {\n    return { 'X-Client': 'web' };\n  }\n`;
  return `import type { ${N}, ${N}Page } from '../models/${n}';
${withAuthHeader ? "import type { Session } from '../session';\n" : ''}
const BASE = process.env.API_URL ?? 'http://localhost:${3000 + Math.floor(r() * 1000)}';

export class ${N}Client {
  constructor(${withAuthHeader ? 'private readonly session: Session, ' : ''}private readonly base = BASE) {}
${auth}
  async list(cursor?: string): Promise<${N}Page> {
    const url = new URL('/api/${n}s', this.base);
    if (cursor) url.searchParams.set('cursor', cursor);
    const res = await fetch(url, { headers: this.headers() });
    if (!res.ok) throw new Error(\`list ${n}s failed: \${res.status}\`);
    return (await res.json()) as ${N}Page;
  }

  async get(id: string): Promise<${N}> {
    const res = await fetch(new URL(\`/api/${n}s/\${encodeURIComponent(id)}\`, this.base), { headers: this.headers() });
    if (!res.ok) throw new Error(\`get ${n} \${id} failed: \${res.status}\`);
    return (await res.json()) as ${N};
  }

  async save(value: ${N}): Promise<${N}> {
    const res = await fetch(new URL('/api/${n}s', this.base), {
      method: value.id ? 'PUT' : 'POST',
      headers: { ...this.headers(), 'Content-Type': 'application/json' },
      body: JSON.stringify(value),
    });
    if (!res.ok) throw new Error(\`save ${n} failed: \${res.status}\`);
    return (await res.json()) as ${N};
  }
}
`;
}

function testFile(n, fn, utilFile) {
  return `import { describe, expect, it } from 'vitest';
import { ${fn}, clamp, groupBy } from '../utils/${utilFile}';

describe('${n} helpers', () => {
  it('pads short values', () => {
    expect(${fn}('ab', 4)).toBe('ab  ');
  });
  it('cuts long values', () => {
    expect(${fn}('abcdefghijkl', 5)).toHaveLength(5);
  });
  it('clamps', () => {
    expect(clamp(5, 0, 3)).toBe(3);
    expect(clamp(-1, 0, 3)).toBe(0);
  });
  it('groups', () => {
    expect(groupBy([1, 2, 3, 4], (x) => (x % 2 ? 'odd' : 'even'))).toEqual({ odd: [1, 3], even: [2, 4] });
  });
});
`;
}

function script(n) {
  return `'use strict';
// Seeds the ${n} table for local development.
const fs = require('fs');
const path = require('path');

const file = path.join(__dirname, '..', 'seed', '${n}s.json');

function main() {
  const rows = [];
  for (let i = 0; i < 100; i++) rows.push({ id: String(i), name: '${n} ' + i, amountCents: i * 100 });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(rows, null, 2));
  console.log('wrote', rows.length, 'rows to', file);
}

main();
`;
}

// ---- the JWT services ------------------------------------------------------------------

const LIBRARIES = ['jsonwebtoken', 'jose', '@nestjs/jwt', 'express-jwt', 'passport-jwt', 'jsonwebtoken'];

function jwtService(r, k, lib) {
  const secretLine = k % 3 === 0 ? `process.env.JWT_SECRET || 'dev-secret-${k}'` : 'process.env.JWT_SECRET as string';
  const ttl = k % 4 === 0 ? "'30d'" : "'15m'";
  const config = `export const authConfig = {\n  secret: ${secretLine},\n  ttl: ${ttl},\n  issuer: 'https://auth.example.test/svc-${k}',\n};\n`;
  let tokens;
  switch (lib) {
    case 'jose':
      tokens = `import { SignJWT, jwtVerify } from 'jose';\nimport { authConfig } from '../config';\n\nconst key = new TextEncoder().encode(authConfig.secret);\n\nexport async function issue(sub: string) {\n  return new SignJWT({ sub }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(authConfig.ttl).sign(key);\n}\n\nexport async function check(token: string) {\n  const { payload } = await jwtVerify(token, key${k % 2 ? ", { algorithms: ['HS256'], issuer: authConfig.issuer }" : ''});\n  return payload;\n}\n`;
      break;
    case '@nestjs/jwt':
      tokens = `import { Module } from '@nestjs/common';\nimport { JwtModule } from '@nestjs/jwt';\nimport { authConfig } from '../config';\n\n@Module({\n  imports: [JwtModule.register({ secret: authConfig.secret, signOptions: { expiresIn: authConfig.ttl } })],\n})\nexport class AuthModule {}\n`;
      break;
    case 'express-jwt':
      tokens = `import { expressjwt } from 'express-jwt';\nimport { authConfig } from '../config';\n\nexport const requireAuth = expressjwt({ secret: authConfig.secret, algorithms: ['HS256']${k % 2 ? ', issuer: authConfig.issuer' : ''} });\n`;
      break;
    case 'passport-jwt':
      tokens = `import passport from 'passport';\nimport { ExtractJwt, Strategy } from 'passport-jwt';\nimport { authConfig } from '../config';\n\npassport.use(new Strategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: authConfig.secret }, (payload, done) => done(null, payload)));\n`;
      break;
    default:
      tokens = `import jwt from 'jsonwebtoken';\nimport { authConfig } from '../config';\n\nexport function issue(sub: string) {\n  return jwt.sign({ sub }, authConfig.secret, { expiresIn: authConfig.ttl });\n}\n\nexport function check(token: string) {\n  return jwt.verify(token, authConfig.secret${k % 2 ? ", { algorithms: ['HS256'] }" : ''});\n}\n`;
  }
  const middleware = `import type { NextFunction, Request, Response } from 'express';\n\nexport function bearer(req: Request): string | null {\n  const header = req.headers.authorization ?? '';\n  return header.startsWith('Bearer ') ? header.slice(7) : null;\n}\n\nexport function requireUser(req: Request, res: Response, next: NextFunction) {\n  const token = bearer(req);\n  if (!token) return res.status(401).end();\n  ${k % 5 === 0 ? "console.log('auth token', token);\n  " : ''}next();\n}\n`;
  return { config, tokens, middleware, env: `PORT=${4000 + k}\nJWT_SECRET=${k % 2 ? 'shared-cluster-signing-key-2024' : `svc-${k}-${Math.floor(r() * 1e9).toString(36)}-key`}\n` };
}

function frontendSession(k) {
  return `import { jwtDecode } from 'jwt-decode';\n\nconst KEY = 'access_token';\n\nexport class Session {\n  current(): string | null {\n    return localStorage.getItem(KEY);\n  }\n\n  store(token: string) {\n    localStorage.setItem(KEY, token);\n  }\n\n  expiresAt(): number {\n    const token = this.current();\n    return token ? (jwtDecode<{ exp: number }>(token).exp ?? 0) * 1000 : 0;\n  }\n}\n${k % 3 === 0 ? "\nexport const demoToken = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl';\n" : ''}`;
}

/**
 * Writes a monorepo of at least `modules` JS/TS modules under `root` (packages of 60 are
 * added until there are). Returns counts.
 * JWT services: one per ~280 modules (36 at 10,000); a front end with a token session per ~900.
 */
export function generateMonorepo(root, modules, seed = 42) {
  const r = prng(seed);
  let written = 0;
  let bytes = 0;
  let jsModules = 0;
  const seen = new Set();
  const write = (rel, text) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    written++;
    bytes += Buffer.byteLength(text);
    if (/\.[cm]?[jt]sx?$/.test(rel)) jsModules++;
  };
  const services = Math.max(2, Math.round(modules / 280));
  const frontends = Math.max(1, Math.round(modules / 900));
  const perPackage = 60;
  write('package.json', JSON.stringify({ name: 'bench-monorepo', private: true, workspaces: ['packages/*', 'services/*'] }, null, 2));
  write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, jsx: 'react-jsx', baseUrl: '.' } }, null, 2));

  const compose = ['services:'];
  for (let k = 0; k < services; k++) {
    const lib = LIBRARIES[k % LIBRARIES.length];
    const s = jwtService(r, k, lib);
    const dir = `services/svc-${k}`;
    write(`${dir}/package.json`, JSON.stringify({ name: `@bench/svc-${k}`, version: '1.0.0', dependencies: { [lib]: '*', express: '^4' } }, null, 2));
    write(`${dir}/src/config/index.ts`, s.config);
    write(`${dir}/src/auth/tokens.ts`, s.tokens);
    write(`${dir}/src/auth/middleware.ts`, s.middleware);
    write(`${dir}/.env`, s.env);
    compose.push(`  svc-${k}:`, `    build: ./${dir}`, '    environment:', `      JWT_SECRET: \${JWT_SECRET:-${k % 2 ? 'shared-cluster-signing-key-2024' : `svc-${k}-compose-key`}}`);
  }
  write('docker-compose.yml', `${compose.join('\n')}\n`);

  let packages = 0;
  for (let p = 0; jsModules < modules; p++, packages++) {
    const dir = `packages/pkg-${p}`;
    const frontend = p < frontends;
    write(`${dir}/package.json`, JSON.stringify({ name: `@bench/pkg-${p}`, version: '1.0.0', dependencies: frontend ? { react: '^18', 'jwt-decode': '^4' } : { react: '^18' } }, null, 2));
    if (frontend) write(`${dir}/src/session.ts`, frontendSession(p));
    const utils = [];
    const barrel = [];
    for (let i = 0; i < perPackage; i++) {
      const n = NOUNS[(p + i) % NOUNS.length];
      const roll = r();
      if (roll < 0.3) {
        const fn = `${VERBS[i % VERBS.length]}${cap(n)}${i}`;
        const file = `${n}-${i}`;
        utils.push({ fn, file });
        write(`${dir}/src/utils/${file}.ts`, util(r, fn));
        barrel.push(`export * from './utils/${file}';`);
      } else if (roll < 0.55) {
        const sibling = utils.length ? utils[Math.floor(r() * utils.length)] : { fn: 'String', file: 'none' };
        const name = `${cap(n)}List${i}`;
        write(`${dir}/src/components/${name}.tsx`, component(r, name, sibling));
      } else if (roll < 0.7) {
        write(`${dir}/src/models/${n}.ts`, model(n));
      } else if (roll < 0.82) {
        write(`${dir}/src/api/${n}-client-${i}.ts`, apiClient(r, n, frontend && roll < 0.76));
      } else if (roll < 0.95) {
        const u = utils.length ? utils[Math.floor(r() * utils.length)] : null;
        if (u) write(`${dir}/src/__tests__/${u.file}.test.ts`, testFile(n, u.fn, u.file));
        else write(`${dir}/src/models/${n}-${i}.ts`, model(n));
      } else {
        write(`${dir}/scripts/seed-${n}-${i}.js`, script(n));
      }
    }
    write(`${dir}/src/index.ts`, `${barrel.join('\n')}\n`);
  }
  return { files: written, jsModules, bytes, services, frontends, packages };
}
