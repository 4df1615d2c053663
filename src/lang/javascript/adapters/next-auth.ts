// next-auth v4 and Auth.js (next-auth v5, @auth/core 0.x and its framework packages).
//
// Modelled entry points, each taking the same configuration object:
// - v4 `NextAuth(options)` (pages and app router), v5 `NextAuth(config)` returning
//   `{ handlers, auth, signIn, signOut }`, also its lazy form `NextAuth((req) => config)`
//   and v4's `NextAuth(req, res, options)`;
// - `Auth(request, config)` from @auth/core; `SvelteKitAuth`, `ExpressAuth`/`getSession`
//   (@auth/express), `QwikAuth$` (earlier `serverAuth$`), `SolidAuth`/`getSession`
//   (@auth/solid-start), auth-astro's `defineConfig`;
// - objects typed with a config type (`const c: NextAuthConfig = {...}`, `{...} satisfies
//   NextAuthConfig`, as in v5's `auth.config.ts`);
// - the JWT helpers `encode`/`decode`/`getToken` of `next-auth/jwt` and `@auth/core/jwt`.
//
// Decisions:
// - `secret` (one value or, in v5, an array for rotation) derives the key that encrypts the
//   session JWT (JWE A256CBC-HS512, key from HKDF): key material for `hardcoded-secret`,
//   `weak-secret` and `shared-secret`. The token is encrypted, not HMAC-signed, so nothing here
//   feeds `symmetric-algorithm` (RULES.md, Clarifications); no sign/verify call site is emitted
//   because the library does both.
// - `session.maxAge` and `jwt.maxAge` are token lifetimes in seconds. The 30-day default is not
//   reported: a default nobody wrote has no line to point at (as for v4).
// - With `session.strategy: 'database'` (the default when an `adapter` is set and no strategy
//   is given) the session is a database row and no JWT is issued: those maxAge are not JWT
//   lifetimes.
// - A custom `jwt.encode/decode` that calls jsonwebtoken or jose is judged by that library's
//   adapter at its own call; this adapter emits no call site, so nothing is reported twice.
import type * as t from '@babel/types';
import { lifetimeFrom, type Options } from '../interpret.js';
import { returnedExpression, type RValue } from '../resolve-value.js';
import { isModule, type Adapter, type AdapterContext } from './adapter.js';

/** Which argument of which export is an Auth.js configuration (or a function returning one). */
const ENTRY_POINTS: Record<string, Record<string, number>> = {
  'next-auth': { '': 0, NextAuth: 0 },
  'next-auth/next': { '': 0, NextAuth: 0 },
  '@auth/nextjs': { '': 0, NextAuth: 0 },
  '@auth/core': { Auth: 1 },
  // Early @auth/sveltekit releases exported it as the default.
  '@auth/sveltekit': { SvelteKitAuth: 0, '': 0 },
  '@auth/express': { ExpressAuth: 0, getSession: 1 },
  '@auth/qwik': { QwikAuth$: 0 },
  '@builder.io/qwik-auth': { serverAuth$: 0 },
  '@auth/solid-start': { SolidAuth: 0, getSession: 1 },
  'auth-astro': { defineConfig: 0 },
};
const NEXT_AUTH = ['next-auth', 'next-auth/next'];
const JWT_MODULES = ['next-auth/jwt', '@auth/core/jwt'];
const MODULES = [...Object.keys(ENTRY_POINTS), ...JWT_MODULES];
const OPTIONS_TYPES = /^(NextAuthOptions|AuthOptions|NextAuthConfig|AuthConfig|SvelteKitAuthConfig|ExpressAuthConfig|QwikAuthConfig|SolidAuthConfig|FullAuthConfig)$/;
/** How deep a lazy initialiser's returned value is followed through helper functions. */
const MAX_RETURN_DEPTH = 3;

export const nextAuth: Adapter = {
  library: 'next-auth',
  modules: MODULES,
  visitCall(call, ctx) {
    const sym = ctx.symbolOf(call.callee);
    if (!isModule(sym, MODULES)) return;
    if (JWT_MODULES.includes(sym.module)) return jwtHelper(call, sym.path, ctx);
    if (sym.path.length > 1) return;
    const position = ENTRY_POINTS[sym.module]?.[sym.path[0] ?? ''] ?? (sym.path[0] === 'default' ? ENTRY_POINTS[sym.module]?.[''] : undefined);
    if (position === undefined) return;
    // v4 advanced initialisation in an API route: `NextAuth(req, res, options)`.
    const arg = ctx.arg(call, position === 0 && NEXT_AUTH.includes(sym.module) && call.arguments.length === 3 ? 2 : position);
    if (arg) configuration(ctx.value(arg), ctx, 0);
  },
  visitFile: visitTypedOptions,
};

/** Options objects declared with an Auth.js options type: `const authOptions: NextAuthOptions = {...}`. */
export function visitTypedOptions(ctx: AdapterContext) {
  for (const object of ctx.index.objects) {
    const parent = ctx.index.parentOf.get(object);
    let annotation: t.Node | null | undefined = null;
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') annotation = parent.id.typeAnnotation;
    else if (parent?.type === 'TSSatisfiesExpression' || parent?.type === 'TSAsExpression') annotation = { type: 'TSTypeAnnotation', typeAnnotation: parent.typeAnnotation } as t.TSTypeAnnotation;
    if (!annotation || annotation.type !== 'TSTypeAnnotation') continue;
    const type = annotation.typeAnnotation;
    if (type.type !== 'TSTypeReference' || type.typeName.type !== 'Identifier' || !OPTIONS_TYPES.test(type.typeName.name)) continue;
    if (!isModule(ctx.symbolOf(type.typeName), MODULES)) continue;
    options(ctx.value(object), ctx);
  }
}

/** A configuration object, or a lazy initialiser (`(req) => ({...})`) whose returned objects are. */
function configuration(value: RValue | null, ctx: AdapterContext, depth: number) {
  if (!value || depth > MAX_RETURN_DEPTH) return;
  if (value.kind === 'object') return options(value, ctx);
  if (value.kind === 'union') return value.options.forEach((o) => configuration(o, ctx, depth));
  if (value.kind === 'function') {
    for (const returned of returnedExpressions(value.fn)) configuration(ctx.resolver.resolve(returned, value.index), ctx, depth + 1);
  }
}

/** Every value a function returns (its own `return`s, not those of nested functions). */
function returnedExpressions(fn: t.Function): t.Expression[] {
  const single = returnedExpression(fn);
  if (single) return [unwrapAwait(single)];
  const found: t.Expression[] = [];
  const walk = (node: t.Node | null | undefined) => {
    if (!node || typeof node !== 'object') return;
    if (node.type === 'ReturnStatement') {
      if (node.argument) found.push(unwrapAwait(node.argument));
      return;
    }
    if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'ObjectMethod' || node.type === 'ClassMethod') return;
    for (const key of Object.keys(node) as (keyof typeof node)[]) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments') continue;
      const child = node[key] as unknown;
      if (Array.isArray(child)) child.forEach((c) => walk(c as t.Node));
      else if (child && typeof child === 'object' && 'type' in (child as object)) walk(child as t.Node);
    }
  };
  if (fn.body.type === 'BlockStatement') walk(fn.body);
  return found;
}

function unwrapAwait(e: t.Expression): t.Expression {
  return e.type === 'AwaitExpression' ? e.argument : e;
}

function options(value: RValue | null, ctx: AdapterContext) {
  if (!value || value.kind !== 'object') return;
  const opts = ctx.optionsOf(value);
  emitSecrets(opts, value, ctx);
  if (!jwtSessions(opts)) return;
  for (const group of ['session', 'jwt']) {
    ctx.emitLifetime(lifetimeFrom(opts.child(group).get('maxAge'), 'seconds', 's'));
  }
}

/** `secret: 'x'`, or v5's `secret: [current, previous]`: every entry is key material. */
function emitSecrets(opts: Options, at: RValue, ctx: AdapterContext) {
  const secret = opts.get('secret');
  if (secret.state !== 'present' || !secret.value) return;
  const values = secret.value.kind === 'array' ? secret.value.elements.map((e) => ({ value: ctx.resolver.resolve(e.node, e.index), node: e.node })) : [{ value: secret.value, node: secret.lazy?.node ?? at.node }];
  for (const { value, node } of values) {
    const key = ctx.keyOf(value, node);
    if (key) ctx.emitSecret({ ...key, hmac: true }, ctx.loc(at.node));
  }
}

/** False when sessions are database rows: `strategy: 'database'`, or an `adapter` and no strategy. */
function jwtSessions(opts: Options): boolean {
  const strategy = opts.child('session').get('strategy');
  if (strategy.state === 'present' && strategy.value?.kind === 'string') return strategy.value.value !== 'database';
  if (strategy.state === 'absent') return opts.get('adapter').state !== 'present';
  return true;
}

/** `encode({ token, secret, maxAge })`, `decode({ token, secret })`, `getToken({ req, secret })`. */
function jwtHelper(call: t.CallExpression, path: string[], ctx: AdapterContext) {
  const name = path.length === 1 ? path[0] : undefined;
  if (name !== 'encode' && name !== 'decode' && name !== 'getToken') return;
  const value = ctx.value(ctx.arg(call, 0));
  if (!value || value.kind !== 'object') return;
  const opts = ctx.optionsOf(value);
  emitSecrets(opts, value, ctx);
  if (name === 'encode') ctx.emitLifetime(lifetimeFrom(opts.get('maxAge'), 'seconds', 's'));
}
