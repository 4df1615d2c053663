// better-auth 1.x: `betterAuth(options)` (also `better-auth/minimal`), options typed
// `BetterAuthOptions`, and the JWT plugin `jwt({ jwks, jwt })` from `better-auth/plugins`.
//
// Decisions:
// - `secret` (else BETTER_AUTH_SECRET / AUTH_SECRET; a fixed dev default that throws in
//   production) HMAC-signs the session cookies, signs or encrypts the cookie cache when its
//   strategy is 'jwt' (HS256) or 'jwe', and encrypts the JWT plugin's private keys: a literal is
//   `hardcoded-secret`/`weak-secret` (measured as an HMAC key). Versioned `secrets: [{ version,
//   value }]` entries are key material too.
// - `session.expiresIn` (default 7 days) is the lifetime of a database session behind an opaque,
//   revocable token, not of a JWT: not `long-expiry`. The cookie cache is a JWT only with
//   `strategy: 'jwt' | 'jwe'`; then its `maxAge` (seconds, default 5 minutes) is a token lifetime.
// - The JWT plugin signs with generated asymmetric keys (EdDSA by default; its types allow only
//   EdDSA, ES256, ES512, RS256, PS256) and publishes them as a JWKS: no `symmetric-algorithm`.
//   `jwt.expirationTime` (default '15m') is a lifetime when it is a duration string; a number or a
//   Date there is an absolute expiry, not a duration, and is left alone.
// - Sessions are verified by the library itself; tokens from the JWT plugin are verified by other
//   services (jose `jwtVerify` with `createRemoteJWKSet`), judged by that library's adapter.
import type * as t from '@babel/types';
import { lifetimeFrom, type Options } from '../interpret.js';
import type { RValue } from '../resolve-value.js';
import { isModule, pathIs, type Adapter, type AdapterContext } from './adapter.js';

const CORE = ['better-auth', 'better-auth/minimal'];
const PLUGINS = ['better-auth/plugins', 'better-auth/plugins/jwt'];
const MODULES = [...CORE, ...PLUGINS];
const OPTIONS_TYPES = /^BetterAuthOptions$/;

export const betterAuth: Adapter = {
  library: 'better-auth',
  modules: MODULES,
  visitCall(call, ctx) {
    const sym = ctx.symbolOf(call.callee);
    if (!isModule(sym, MODULES)) return;
    if (CORE.includes(sym.module) && pathIs(sym, 'betterAuth')) return options(ctx.value(ctx.arg(call, 0)), ctx);
    // The plugin is judged where it is called, inside `plugins: [...]` or built apart.
    if (PLUGINS.includes(sym.module) && pathIs(sym, 'jwt')) return jwtPlugin(ctx.value(ctx.arg(call, 0)), ctx);
  },
  visitFile(ctx) {
    for (const object of ctx.index.objects) {
      const parent = ctx.index.parentOf.get(object);
      let type: t.Node | null | undefined = null;
      if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' && parent.id.typeAnnotation?.type === 'TSTypeAnnotation') type = parent.id.typeAnnotation.typeAnnotation;
      else if (parent?.type === 'TSSatisfiesExpression' || parent?.type === 'TSAsExpression') type = parent.typeAnnotation;
      if (!type || type.type !== 'TSTypeReference' || type.typeName.type !== 'Identifier' || !OPTIONS_TYPES.test(type.typeName.name)) continue;
      if (!isModule(ctx.symbolOf(type.typeName), CORE)) continue;
      options(ctx.value(object), ctx);
    }
  },
};

function options(value: RValue | null, ctx: AdapterContext) {
  if (!value || value.kind !== 'object') return;
  const opts = ctx.optionsOf(value);
  const at = ctx.loc(value.node);
  const secret = opts.get('secret');
  if (secret.state === 'present' && secret.value) emitKey(secret.value, secret.lazy?.node ?? value.node, at, ctx);
  const secrets = opts.get('secrets');
  if (secrets.state === 'present' && secrets.value?.kind === 'array') {
    for (const element of secrets.value.elements) {
      const entry = ctx.resolver.resolve(element.node, element.index);
      if (entry.kind !== 'object') continue;
      const v = ctx.optionsOf(entry).get('value');
      if (v.state === 'present' && v.value) emitKey(v.value, v.lazy?.node ?? element.node, at, ctx);
    }
  }
  const cache = opts.child('session').child('cookieCache');
  if (cacheIsToken(cache)) ctx.emitLifetime(lifetimeFrom(cache.get('maxAge'), 'seconds', 's'));
}

function emitKey(value: RValue, node: t.Node, usedAt: ReturnType<AdapterContext['loc']>, ctx: AdapterContext) {
  const key = ctx.keyOf(value, node);
  if (key) ctx.emitSecret({ ...key, hmac: true }, usedAt);
}

/** The cookie cache is a JWT (or JWE) only with those strategies; the default is 'compact'. */
function cacheIsToken(cache: Options): boolean {
  const enabled = cache.get('enabled');
  if (enabled.state === 'present' && enabled.value?.kind === 'boolean' && !enabled.value.value) return false;
  const strategy = cache.get('strategy');
  return strategy.state === 'present' && strategy.value?.kind === 'string' && (strategy.value.value === 'jwt' || strategy.value.value === 'jwe');
}

function jwtPlugin(value: RValue | null, ctx: AdapterContext) {
  if (!value || value.kind !== 'object') return;
  const expiration = ctx.optionsOf(value).child('jwt').get('expirationTime');
  // A number is an absolute `exp` (a bare one is no duration; `now + 3600` is computed as one),
  // a Date a moment; a string is a duration ('15m').
  if (expiration.state !== 'present' || !expiration.value || expiration.value.kind === 'number') return;
  const lifetime = lifetimeFrom(expiration, 'seconds', 's');
  if (lifetime.kind === 'seconds') ctx.emitLifetime(lifetime);
}
