// The next-auth / Auth.js adapter (src/lang/javascript/adapters/next-auth.ts): which secrets and lifetimes
// v4 options, v5 configurations (NextAuth, Auth, the framework packages, typed `auth.config.ts`
// objects, lazy initialisers) and the `jwt` helpers produce; and what stays silent.
import { describe, expect, it } from 'vitest';
import { factsFromFiles } from '../helpers/extract.js';
import type { FileFacts } from '../../src/facts/model.js';

function factsOf(files: Record<string, string>, which?: string): FileFacts {
  return factsFromFiles(files, which);
}

const secretLines = (f: FileFacts) => f.secrets.map((s) => `${s.material.loc.line}:${s.material.text}`);
const lifetimes = (f: FileFacts) => f.lifetimes.map((l) => `${l.loc.line}:${l.seconds}`);

describe('Auth.js v5 NextAuth', () => {
  it('reads secret and session maxAge from NextAuth({...}) destructured into handlers', () => {
    const f = factsOf({
      'auth.ts': [
        "import NextAuth from 'next-auth';",
        'export const { handlers, auth, signIn, signOut } = NextAuth({',
        "  secret: 'a-literal-authjs-secret',",
        "  session: { strategy: 'jwt', maxAge: 60 * 60 * 24 * 30 },",
        '  providers: [],',
        '});',
      ].join('\n'),
    });
    expect(secretLines(f)).toEqual(['3:a-literal-authjs-secret']);
    expect(f.secrets[0]!.hmac).toBe(true);
    expect(lifetimes(f)).toEqual(['4:2592000']);
    // The session JWT is encrypted by the library: no call site, so no algorithm findings.
    expect(f.callSites).toEqual([]);
  });

  it('reads every entry of a rotation array', () => {
    const f = factsOf({ 'auth.ts': "import NextAuth from 'next-auth';\nexport const { auth } = NextAuth({\n  secret: [\n    'new-rotated-secret-value',\n    process.env.AUTH_SECRET_OLD,\n  ],\n});" });
    expect(secretLines(f)).toEqual(['4:new-rotated-secret-value']);
  });

  it('follows a lazy initialiser, with an expression body or a block of returns', () => {
    const arrow = factsOf({ 'auth.ts': "import NextAuth from 'next-auth';\nexport const { auth } = NextAuth((req) => ({\n  secret: 'lazy-arrow-secret',\n  jwt: { maxAge: 90 * 24 * 3600 },\n}));" });
    expect(secretLines(arrow)).toEqual(['3:lazy-arrow-secret']);
    expect(lifetimes(arrow)).toEqual(['4:7776000']);
    const block = factsOf({
      'auth.ts': "import NextAuth from 'next-auth';\nexport const { auth } = NextAuth(async (req) => {\n  if (req) {\n    return { secret: 'branch-one-secret', providers: [] };\n  }\n  const inner = () => ({ secret: 'nested-not-returned' });\n  return { secret: 'branch-two-secret', providers: [] };\n});",
    });
    expect(secretLines(block).sort()).toEqual(['4:branch-one-secret', '7:branch-two-secret']);
  });

  it('judges a config imported from auth.config.ts and spread into NextAuth', () => {
    const files = {
      'auth.ts': "import NextAuth from 'next-auth';\nimport authConfig from './auth.config';\nexport const { auth } = NextAuth({ ...authConfig, session: { strategy: 'jwt' } });",
      'auth.config.ts': "import type { NextAuthConfig } from 'next-auth';\nexport default {\n  providers: [],\n  secret: 'from-the-config-module',\n} satisfies NextAuthConfig;",
    };
    expect(secretLines(factsOf(files, 'auth.config.ts'))).toEqual(['4:from-the-config-module']);
    expect(secretLines(factsOf(files, 'auth.ts'))).toEqual(['4:from-the-config-module']);
  });

  it('judges an untyped config object passed by name', () => {
    const f = factsOf({ 'auth.ts': "import NextAuth from 'next-auth';\nconst config = { secret: 'untyped-config-secret', session: { maxAge: 172800 } };\nexport const { auth } = NextAuth(config);" });
    expect(secretLines(f)).toEqual(['2:untyped-config-secret']);
    expect(lifetimes(f)).toEqual(['2:172800']);
  });
});

describe('Auth.js framework packages and @auth/core', () => {
  const cases: [string, string][] = [
    ['@auth/core Auth(request, config)', "import { Auth } from '@auth/core';\nexport const r = (request: Request) => Auth(request, {\n  secret: 'core-secret-literal', providers: [],\n});"],
    ['@auth/sveltekit SvelteKitAuth', "import { SvelteKitAuth } from '@auth/sveltekit';\nexport const { handle } = SvelteKitAuth({\n  secret: 'core-secret-literal', providers: [],\n});"],
    ['@auth/sveltekit lazy SvelteKitAuth', "import { SvelteKitAuth } from '@auth/sveltekit';\nexport const { handle } = SvelteKitAuth(async (event) => ({\n  secret: 'core-secret-literal', providers: [],\n}));"],
    ['@auth/express ExpressAuth', "import { ExpressAuth } from '@auth/express';\nexport const h = ExpressAuth({\n  secret: 'core-secret-literal', providers: [],\n});"],
    ['@auth/express getSession', "import { getSession } from '@auth/express';\nexport const s = (req: any) => getSession(req, {\n  secret: 'core-secret-literal', providers: [],\n});"],
    ['@auth/sveltekit default export (early releases)', "import SvelteKitAuth from '@auth/sveltekit';\nexport const handle = SvelteKitAuth({\n  secret: 'core-secret-literal', providers: [],\n});"],
    ['@builder.io/qwik-auth serverAuth$', "import { serverAuth$ } from '@builder.io/qwik-auth';\nexport const { onRequest } = serverAuth$(() => ({\n  secret: 'core-secret-literal', providers: [],\n}));"],
    ['@auth/qwik QwikAuth$', "import { QwikAuth$ } from '@auth/qwik';\nexport const { onRequest } = QwikAuth$(() => ({\n  secret: 'core-secret-literal', providers: [],\n}));"],
    ['@auth/solid-start SolidAuth', "import { SolidAuth } from '@auth/solid-start';\nexport const { GET } = SolidAuth({\n  secret: 'core-secret-literal', providers: [],\n});"],
    ['auth-astro defineConfig', "import { defineConfig } from 'auth-astro';\nexport default defineConfig({\n  secret: 'core-secret-literal', providers: [],\n});"],
    ['typed AuthConfig', "import type { AuthConfig } from '@auth/core';\nexport const config: AuthConfig = {\n  secret: 'core-secret-literal', providers: [],\n};"],
    ['typed SvelteKitAuthConfig', "import type { SvelteKitAuthConfig } from '@auth/sveltekit';\nexport const config = {\n  secret: 'core-secret-literal', providers: [],\n} satisfies SvelteKitAuthConfig;"],
  ];
  it.each(cases)('%s', (_label, text) => {
    expect(secretLines(factsOf({ 'a.ts': text }))).toEqual(['3:core-secret-literal']);
  });

  it('ignores look-alikes: a local Auth function, another package, other exports', () => {
    expect(factsOf({ 'a.ts': "function Auth(r: any, c: any) { return c; }\nexport const x = Auth(null, { secret: 'not-authjs-secret' });" }).secrets).toEqual([]);
    expect(factsOf({ 'a.ts': "import NextAuth from 'next-auth';\nimport { defineConfig } from 'vite';\nexport default defineConfig({ secret: 'vite-thing' });" }).secrets).toEqual([]);
    expect(factsOf({ 'a.ts': "import { signIn } from '@auth/sveltekit/client';\nimport { Auth } from '@auth/core';\nexport const y = Auth({ secret: 'request-position' } as any, {});" }).secrets).toEqual([]);
  });
});

describe('session strategy', () => {
  it('skips maxAge for database sessions, explicit or implied by an adapter', () => {
    const explicit = factsOf({ 'a.ts': "import NextAuth from 'next-auth';\nexport const { auth } = NextAuth({ session: { strategy: 'database', maxAge: 2592000 } });" });
    expect(lifetimes(explicit)).toEqual([]);
    const implied = factsOf({ 'a.ts': "import NextAuth from 'next-auth';\nimport { PrismaAdapter } from '@auth/prisma-adapter';\nexport const { auth } = NextAuth({ adapter: PrismaAdapter({} as any), session: { maxAge: 2592000 } });" });
    expect(lifetimes(implied)).toEqual([]);
    const forced = factsOf({ 'a.ts': "import NextAuth from 'next-auth';\nimport { PrismaAdapter } from '@auth/prisma-adapter';\nexport const { auth } = NextAuth({ adapter: PrismaAdapter({} as any), session: { strategy: 'jwt', maxAge: 2592000 } });" });
    expect(lifetimes(forced)).toEqual(['3:2592000']);
  });

  it('reports no default lifetime when maxAge is not written', () => {
    expect(lifetimes(factsOf({ 'a.ts': "import NextAuth from 'next-auth';\nexport const { auth } = NextAuth({ session: { strategy: 'jwt' } });" }))).toEqual([]);
  });
});

describe('jwt helpers', () => {
  it('reads secret and maxAge of encode, secret of decode and getToken', () => {
    const f = factsOf({
      'a.ts': [
        "import { encode, decode } from '@auth/core/jwt';",
        "import { getToken } from 'next-auth/jwt';",
        "export const e = encode({ token: {}, salt: 'authjs.session-token', secret: 'encode-secret-literal', maxAge: 60 * 60 * 24 * 365 });",
        "export const d = decode({ token: 'x', salt: 's', secret: 'decode-secret-literal' });",
        "export const g = (req: any) => getToken({ req, secret: process.env.AUTH_SECRET });",
      ].join('\n'),
    });
    expect(secretLines(f).sort()).toEqual(['3:encode-secret-literal', '4:decode-secret-literal']);
    expect(lifetimes(f)).toEqual(['3:31536000']);
  });

  it('leaves a custom jwt.encode that calls jsonwebtoken to the jsonwebtoken adapter (one call site, no secret twice)', () => {
    const f = factsOf({
      'a.ts': [
        "import NextAuth from 'next-auth';",
        "import jwt from 'jsonwebtoken';",
        'export const { auth } = NextAuth({',
        "  secret: process.env.AUTH_SECRET,",
        '  jwt: {',
        "    encode: async ({ secret, token }) => jwt.sign(token!, secret as string, { algorithm: 'HS256', expiresIn: '1h' }),",
        "    decode: async ({ secret, token }) => jwt.verify(token!, secret as string, { algorithms: ['HS256'] }) as any,",
        '  },',
        '});',
      ].join('\n'),
    });
    expect(f.callSites.map((s) => `${s.library}:${s.api}`)).toEqual(['jsonwebtoken:jwt.sign', 'jsonwebtoken:jwt.verify']);
    expect(f.secrets).toEqual([]);
  });
});

describe('next-auth v4 advanced initialisation', () => {
  it('reads the options of NextAuth(req, res, options) in an API route', () => {
    const f = factsOf({
      'pages/api/auth/[...nextauth].ts': "import NextAuth from 'next-auth';\nexport default async function auth(req: any, res: any) {\n  return await NextAuth(req, res, {\n    secret: 'advanced-init-secret',\n    session: { maxAge: 7 * 24 * 3600 },\n  });\n}",
    });
    expect(secretLines(f)).toEqual(['4:advanced-init-secret']);
    expect(lifetimes(f)).toEqual(['5:604800']);
  });
});

describe('one secret, two readers', () => {
  it('a literal used by next-auth and by a custom jsonwebtoken encode is one secret', () => {
    const f = factsOf({
      'a.ts': "import NextAuth from 'next-auth';\nimport jwt from 'jsonwebtoken';\nconst SECRET = 'shared-by-both-readers';\nexport const { auth } = NextAuth({\n  secret: SECRET,\n  jwt: { encode: async ({ token }) => jwt.sign(token!, SECRET, { expiresIn: '1h' }) },\n});",
    });
    expect(secretLines(f)).toEqual(['3:shared-by-both-readers']);
    expect(f.secrets[0]!.usedAt).toHaveLength(2);
  });
});
