// JWT, JOSE and token packages jwtlint knows of, modelled or not (issue #15 item 5). A run
// reports which of them the files it reads import: the modelled ones it saw, and one
// notification per package it does not model, so that "no findings" never stands for "could
// not read". A package counts as modelled as soon as an adapter lists a module of it (a
// partly modelled package, such as `jose` with its legacy API, counts as modelled), so an
// adapter added later moves its package out of the unmodelled list without touching this file.
//
// Left out on purpose: packages that only read claims a modelled library already verified
// (`express-jwt-permissions`, `express-jwt-authz`: authorization on `req.auth`), key format
// converters (`jwk-to-pem`, `pem-jwk`), and token acquisition clients that never verify or sign
// (`@azure/msal-node`, `@auth0/auth0-spa-js`).
import { ADAPTERS } from '../lang/javascript/adapters/index.js';

export interface JwtPackage {
  /** The npm package name (`fast-jwt`, `@hapi/jwt`). */
  name: string;
  /** Why it matters to a JWT review: what its calls decide. */
  reason: string;
}

/** Every JWT-related package jwtlint knows of, sorted by name. */
export const JWT_PACKAGES: readonly JwtPackage[] = [
  { name: '@auth/core', reason: 'Auth.js (NextAuth v5) core: `secret`, session `maxAge`, `jwt` callbacks' },
  { name: '@elysiajs/jwt', reason: 'Elysia JWT plugin: `jwt({ secret, exp, alg })` signs and verifies with the key it is given' },
  { name: '@fastify/jwt', reason: 'Fastify JWT plugin: `secret`, `sign` and `verify` options' },
  { name: '@hapi/jwt', reason: 'hapi JWT plugin and `token.generate/verify`: `keys`, `verify: { aud, iss, sub, maxAgeSec }`' },
  { name: '@nestjs/jwt', reason: 'NestJS `JwtService`: `secret`, `signOptions`, `verifyOptions`' },
  { name: '@tsndr/cloudflare-worker-jwt', reason: 'Workers JWT: `sign(payload, secret, alg)`, `verify`, `decode` (decode does not verify)' },
  { name: 'aws-jwt-verify', reason: 'Cognito and OIDC verifier: `issuer`, `audience`/`clientId` (null switches the check off), `jwksUri`' },
  { name: 'better-auth', reason: 'Better Auth: `secret`, session `expiresIn`, its JWT plugin' },
  { name: 'express-jwt', reason: 'Express middleware: `secret`, `algorithms`, `audience`, `issuer`' },
  { name: 'express-oauth2-jwt-bearer', reason: 'Auth0 Express middleware: `auth({ audience, issuerBaseURL, tokenSigningAlg, secret })`' },
  { name: 'express-openid-connect', reason: 'Auth0 OIDC login: `secret` for the session cookie, `idTokenSigningAlg`, `clientSecret`' },
  { name: 'fast-jwt', reason: '`createSigner/createVerifier/createDecoder`: `key`, `algorithms`, `allowedAud`, `allowedIss`, `ignoreExpiration`' },
  { name: 'firebase-admin', reason: '`auth().verifyIdToken`, `createCustomToken`, `createSessionCookie` (`expiresIn`)' },
  { name: 'google-auth-library', reason: '`OAuth2Client.verifyIdToken({ idToken, audience })`: the audience is optional' },
  { name: 'hapi-auth-jwt2', reason: 'hapi auth scheme: `key`, `verifyOptions` handed to jsonwebtoken, `validate`' },
  { name: 'hono', reason: 'Hono `hono/jwt`: `sign`, `verify`, `decode` and the `jwt({ secret, alg })` middleware' },
  { name: 'jose', reason: 'JOSE: `SignJWT`, `jwtVerify`, `decodeJwt`, key imports; v1/v2 `JWT.sign/verify/decode`, `JWK`' },
  { name: 'jsonwebtoken', reason: '`sign`, `verify`, `decode`: keys, `algorithms`, `expiresIn`, `audience`, `issuer`' },
  { name: 'jsrsasign', reason: '`KJUR.jws.JWS.sign/verify/verifyJWT`, `readSafeJSONString` decodes without verifying' },
  { name: 'jwks-rsa', reason: 'JWKS client: recognised as a remote asymmetric key source wherever a modelled library uses its keys' },
  { name: 'jws', reason: "JWS primitives under jsonwebtoken: `sign({ header: { alg }, secret })`, `verify(sig, alg, key)`, `decode`" },
  { name: 'jwt-decode', reason: '`jwtDecode` reads claims without verifying the signature' },
  { name: 'jwt-encode', reason: '`sign(payload, secret, alg)`: signs with the key it is given, no expiry of its own' },
  { name: 'jwt-redis', reason: 'jsonwebtoken wrapper with revocation: `sign/verify(token, secret, options)`' },
  { name: 'jwt-simple', reason: '`encode(payload, key, alg)`, `decode(token, key, noVerify, alg)`' },
  { name: 'koa-jwt', reason: 'Koa middleware: `secret`, `algorithms`, `audience`, `issuer`' },
  { name: 'next-auth', reason: 'NextAuth: `secret`, session and `jwt` `maxAge`, `jwt` callbacks' },
  { name: 'njwt', reason: '`create(claims, key, alg)`, `verify(token, key)`, `setExpiration`; HS256 by default' },
  { name: 'node-jose', reason: '`JWK.asKeyStore`, `JWS.createSign/createVerify`, `JWE`: keys and algorithms chosen by the caller' },
  { name: 'oidc-provider', reason: 'OpenID provider: token `ttl`, `jwks`, `cookies.keys`, client secrets' },
  { name: 'openid-client', reason: 'OpenID relying party: `client_secret`, `id_token_signed_response_alg`, id_token checks' },
  { name: 'passport-jwt', reason: 'Passport strategy: `secretOrKey`, `algorithms`, `audience`, `issuer`, `ignoreExpiration`' },
  { name: 'paseto', reason: 'PASETO tokens: `sign/encrypt` keys and `expiresIn`, the same mistakes as with JWTs' },
];

/** `x/sub` → `x`, `@s/x/sub` → `@s/x`; null for relative, absolute, URL and `node:` specifiers. */
export function packageOf(specifier: string): string | null {
  if (specifier === '' || specifier.startsWith('.') || specifier.startsWith('/') || specifier.includes(':') || specifier.includes('\\')) return null;
  const parts = specifier.split('/');
  if (specifier.startsWith('@')) return parts.length >= 2 && parts[0]!.length > 1 && parts[1] !== '' ? `${parts[0]}/${parts[1]}` : null;
  return parts[0]!;
}

const NAMES: ReadonlySet<string> = new Set(JWT_PACKAGES.map((p) => p.name));

/** Packages an adapter models (some of it at least); hosts such as `fastify` are not JWT packages and are left out. */
export const MODELLED_PACKAGES: ReadonlySet<string> = new Set(
  ADAPTERS.flatMap((a) => [a.library, ...a.modules])
    .map(packageOf)
    .filter((name): name is string => name !== null && (NAMES.has(name) || ADAPTERS.some((a) => a.library === name))),
);

/** Known but not modelled packages whose keys the analysis still understands (listed with the modelled ones when seen). */
const RECOGNISED: ReadonlySet<string> = new Set(['jwks-rsa']);

/** Packages jwtlint knows of and does not model: their calls are not checked. */
export const UNMODELLED_PACKAGES: readonly JwtPackage[] = JWT_PACKAGES.filter((p) => !MODELLED_PACKAGES.has(p.name) && !RECOGNISED.has(p.name));

const UNMODELLED_NAMES: ReadonlySet<string> = new Set(UNMODELLED_PACKAGES.map((p) => p.name));

/** What a run saw: the modelled JWT packages imported, and the unmodelled ones with the files importing them. */
export interface LibraryCoverage {
  /** Modelled (or recognised) JWT packages some scanned file imports, sorted. */
  modelled: string[];
  /** Unmodelled JWT packages, each with the files importing it (sorted by name; files sorted). */
  unmodelled: { name: string; files: string[] }[];
}

/** Tallies import specifiers file by file into a LibraryCoverage. */
export class LibraryCoverageCollector {
  private readonly modelled = new Set<string>();
  private readonly unmodelled = new Map<string, Set<string>>();

  add(file: string, specifiers: Iterable<string>): void {
    for (const specifier of specifiers) {
      const name = packageOf(specifier);
      if (name === null) continue;
      if (UNMODELLED_NAMES.has(name)) {
        const files = this.unmodelled.get(name) ?? new Set<string>();
        files.add(file);
        this.unmodelled.set(name, files);
      } else if (MODELLED_PACKAGES.has(name) || RECOGNISED.has(name)) {
        this.modelled.add(name);
      }
    }
  }

  /** A library another language's front end saw imported (`PyJWT`, `python-jose`), modelled or not. */
  addLibrary(file: string, name: string, modelled: boolean): void {
    if (modelled) {
      this.modelled.add(name);
      return;
    }
    const files = this.unmodelled.get(name) ?? new Set<string>();
    files.add(file);
    this.unmodelled.set(name, files);
  }

  result(): LibraryCoverage {
    const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return {
      modelled: [...this.modelled].sort(byName),
      unmodelled: [...this.unmodelled].sort(([a], [b]) => byName(a, b)).map(([name, files]) => ({ name, files: [...files].sort(byName) })),
    };
  }
}
