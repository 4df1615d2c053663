import type * as t from '@babel/types';
import { algorithmOption, algorithmsFrom, lifetimeFrom, presence, type KeyAnalysis, type OptionLookup, type Options, withoutTrailingSlashes } from '../interpret.js';
import type { AlgorithmSpec, AlgorithmValue, DecodeFacts, ExpiryEnforcement, Lifetime, Presence } from '../../../facts/model.js';
import { enclosingFunction, type FileIndex } from '../file-index.js';
import { locOf, memberPath, unwrap, type RValue } from '../resolve-value.js';
import { isModule, type Adapter, type AdapterContext } from './adapter.js';

const MODULES = ['@hapi/jwt'];
const HAPI = ['@hapi/hapi', 'hapi'];
const VERIFIERS = new Set(['token.verify', 'token.verifySignature']);

// @hapi/jwt (v2–3.2, checked against lib/plugin.js, lib/token.js, lib/keys.js):
// - `server.auth.strategy(name, 'jwt', { keys, verify, validate })` once the plugin is
//   registered: a configure-once verifier. `verify.aud`, `verify.iss` and `verify.sub` are
//   required keys that may be `false`, which switches the check off (missing-audience /
//   missing-issuer on the call). `verify.exp` defaults to true (`false` is
//   expiry-not-enforced); `timeSkewSec` is a clock tolerance in seconds; `maxAgeSec` adds a
//   check. `verify: false` (allowed with a `validate` function) checks no signature at all:
//   the claims handed to `validate` are unverified (decode-without-verify on that value),
//   unless `validate` verifies them itself.
// - `keys`: a string or Buffer (HMAC unless PEM: the algorithms follow the key type), `{ key,
//   algorithms }`, `{ uri, algorithms }` (a JWKS, RSA keys only), a function (dynamic keys,
//   whose algorithms are not seen: not judged), or an array of these. The token's `alg` must
//   be one the key allows, so a verifier without `algorithms` is narrowed by key type.
// - `Jwt.token.generate(payload, secret, { ttlSec, header })`: the algorithm is
//   `header.alg`, else the secret's `algorithm`/`algorithms[0]`, else by key type (HS256 for
//   a string); lifetime is the payload's `exp`, else `ttlSec` (seconds), else none.
// - `Jwt.token.verify(artifacts, secret, { aud, iss, exp, timeSkewSec })`: claims are
//   checked only when asked. `verifySignature` checks the signature only: no aud, no iss and
//   no exp (expiry-not-enforced on the call) unless a `verifyPayload` (`verifyTime`: exp
//   only) on the same artifacts follows in the same function, whose options then count.
// - `Jwt.token.decode(token)` verifies nothing; its artifacts are usually verified next
//   (`token.verify(artifacts, ...)`), which counts as verified in scope.
export const hapiJwt: Adapter = {
  library: '@hapi/jwt',
  modules: [...MODULES, ...HAPI],
  visitCall(call, ctx) {
    const strategy = hapiJwtStrategy(call, ctx);
    if (strategy) {
      if (strategy.plugin === '@hapi/jwt') configure(call, strategy.options, ctx);
      return;
    }
    const name = apiName(ctx.symbolOf(call.callee));
    if (name === 'token.generate') generate(call, ctx);
    else if (name === 'token.verify') verify(call, ctx, true);
    else if (name === 'token.verifySignature') verify(call, ctx, false);
    else if (name === 'token.decode') decode(call, ctx);
  },
};

interface FileCalls {
  /** The file's @hapi/jwt token calls by API name (`token.verify`, ...), in source order. */
  token: { call: t.CallExpression; name: string }[];
  /** `const { a, b } = x`: the names destructured from each variable `x`. */
  destructured: Map<string, string[]>;
}

/** Built once per file: decodes and verifies look their partners up here, not in every call. */
const fileCalls = new WeakMap<FileIndex, FileCalls>();

function callsOf(ctx: AdapterContext): FileCalls {
  let found = fileCalls.get(ctx.index);
  if (found) return found;
  found = { token: [], destructured: new Map() };
  for (const call of ctx.index.calls) {
    const name = apiName(ctx.symbolOf(call.callee));
    if (name?.startsWith('token.')) found.token.push({ call, name });
  }
  for (const id of ctx.index.identifiers) {
    const declarator = ctx.index.parentOf.get(id);
    if (declarator?.type !== 'VariableDeclarator' || declarator.init !== id || declarator.id.type !== 'ObjectPattern') continue;
    const names = found.destructured.get(id.name) ?? [];
    for (const p of declarator.id.properties) if (p.type === 'ObjectProperty' && p.value.type === 'Identifier') names.push(p.value.name);
    found.destructured.set(id.name, names);
  }
  fileCalls.set(ctx.index, found);
  return found;
}

function apiName(sym: ReturnType<AdapterContext['symbolOf']>): string | null {
  if (!isModule(sym, MODULES)) return null;
  return (sym.path[0] === 'default' ? sym.path.slice(1) : sym.path).join('.');
}

/**
 * `server.auth.strategy(name, 'jwt', options)` (and hapi < 17's `(name, 'jwt', mode, options)`):
 * both @hapi/jwt and hapi-auth-jwt2 register a scheme named `jwt`. The plugin is the one the
 * file imports, else the shape of the options (`keys`/`verify` or `key`/`verifyOptions`).
 */
export function hapiJwtStrategy(call: t.CallExpression, ctx: AdapterContext): { plugin: '@hapi/jwt' | 'hapi-auth-jwt2'; options: Options } | null {
  const path = memberPath(call.callee);
  if (!path || path.length < 2 || path[path.length - 1] !== 'strategy' || path[path.length - 2] !== 'auth') return null;
  const scheme = ctx.value(ctx.arg(call, 1));
  if (scheme?.kind !== 'string' || scheme.value !== 'jwt') return null;
  const options = ctx.options(ctx.arg(call, call.arguments.length > 3 ? 3 : 2));
  if (!options.resolved || options.value === null) return null;
  const imports = ctx.index.importSources;
  const hapiJwtImported = imports.has('@hapi/jwt');
  const jwt2Imported = imports.has('hapi-auth-jwt2') || imports.has('hapi-auth-jwt');
  if (hapiJwtImported && !jwt2Imported) return { plugin: '@hapi/jwt', options };
  if (jwt2Imported && !hapiJwtImported) return { plugin: 'hapi-auth-jwt2', options };
  const hapiJwtShape = options.get('keys').state !== 'absent' || options.get('verify').value?.kind === 'object';
  const jwt2Shape = options.get('key').state !== 'absent' || options.get('verifyOptions').state !== 'absent';
  if (hapiJwtShape === jwt2Shape) return null;
  return { plugin: hapiJwtShape ? '@hapi/jwt' : 'hapi-auth-jwt2', options };
}

function isFalse(lookup: OptionLookup): lookup is OptionLookup & { value: RValue } {
  return lookup.state === 'present' && lookup.value?.kind === 'boolean' && !lookup.value.value;
}

/** `exp: false` and `timeSkewSec` (seconds) of a @hapi/jwt verify options object. */
function expiry(verifyOpts: Options): ExpiryEnforcement {
  const result: ExpiryEnforcement = {};
  const exp = verifyOpts.get('exp');
  if (isFalse(exp)) result.ignoreExpiration = locOf(exp.value.index, exp.value.node);
  const skew = lifetimeFrom(verifyOpts.get('timeSkewSec'), 'seconds', 's');
  if (skew.kind === 'seconds') result.clockTolerance = { seconds: skew.seconds, loc: skew.loc };
  return result;
}

interface KeyEntry {
  key: KeyAnalysis | null;
  algorithms: AlgorithmSpec;
}

/** One entry of `keys` (or the `secret` of the token API): a key, with or without `algorithms`. */
function keyEntry(value: RValue, at: t.Node, ctx: AdapterContext): KeyEntry {
  if (value.kind === 'function') return { key: ctx.keyOf(value, at), algorithms: { kind: 'unknown', loc: locOf(value.index, value.node) } };
  if (value.kind === 'object') {
    const opts = ctx.optionsOf(value);
    const uri = opts.get('uri');
    const keyLookup = opts.get('key');
    if (uri.state === 'present' && keyLookup.state === 'absent') {
      const origin = uri.value?.kind === 'string' ? `url:${withoutTrailingSlashes(uri.value.value)}` : uri.value?.kind === 'env' ? `env:${uri.value.name}` : undefined;
      const key: KeyAnalysis = {
        info: { kind: 'jwks', envNames: [], envReads: [], loc: locOf(value.index, value.node), fromParameter: false, ...(origin && { origin }) },
        materials: [],
        hmac: false,
      };
      return { key, algorithms: algorithmsFrom(opts.get('algorithms'), ctx.resolver, false) };
    }
    if (keyLookup.state === 'present' && keyLookup.value) {
      const key = ctx.keyOf(keyLookup.value, keyLookup.lazy?.node ?? at);
      const hmac = key?.hmac ?? true;
      // The token API also takes `{ key, algorithm }`.
      const single = opts.get('algorithm');
      const algorithms = single.state !== 'absent' ? algorithmOption(single, hmac, locOf(value.index, value.node)) : algorithmsFrom(opts.get('algorithms'), ctx.resolver, hmac);
      return { key, algorithms };
    }
  }
  const key = ctx.keyOf(value, at);
  return { key, algorithms: { kind: 'default', hmacByDefault: key?.hmac ?? true } };
}

/** The entries of `keys`: one value or an array of them. */
function keyEntries(lookup: OptionLookup, call: t.CallExpression, ctx: AdapterContext): KeyEntry[] | null {
  if (lookup.state !== 'present' || !lookup.value) return null;
  const top = lookup.value;
  if (top.kind !== 'array') return [keyEntry(top, lookup.lazy?.node ?? call, ctx)];
  return top.elements.map((el) => keyEntry(ctx.resolver.resolveLazy(el), el.node, ctx));
}

/** The verifier's accepted algorithms across its keys: unpinned as soon as one key has no allowlist. */
function combined(entries: KeyEntry[], at: t.Node, ctx: AdapterContext): AlgorithmSpec {
  const defaults = entries.filter((e) => e.algorithms.kind === 'default');
  if (defaults.length > 0) return { kind: 'default', hmacByDefault: defaults.some((e) => e.algorithms.kind === 'default' && e.algorithms.hmacByDefault) };
  const unknown = entries.find((e) => e.algorithms.kind === 'unknown');
  if (unknown || entries.length === 0) return unknown?.algorithms ?? { kind: 'unknown', loc: ctx.loc(at) };
  const values: AlgorithmValue[] = entries.flatMap((e) => (e.algorithms.kind === 'explicit' ? e.algorithms.values : []));
  const first = entries[0]!.algorithms;
  return { kind: 'explicit', values, loc: first.kind === 'explicit' ? first.loc : ctx.loc(at) };
}

/** True when the function calls a @hapi/jwt verify itself (a `validate` that checks the token). */
function verifiesInside(fn: t.Function, ctx: AdapterContext): boolean {
  const start = fn.start ?? -1;
  const end = fn.end ?? -1;
  return callsOf(ctx).token.some(({ call: c, name }) => (c.start ?? -1) >= start && (c.end ?? Infinity) <= end && VERIFIERS.has(name));
}

function configure(call: t.CallExpression, opts: Options, ctx: AdapterContext) {
  const verifyLookup = opts.get('verify');
  if (isFalse(verifyLookup)) {
    unverifiedStrategy(call, opts, verifyLookup.value, ctx);
    return;
  }
  const entries = keyEntries(opts.get('keys'), call, ctx) ?? [];
  const [primary, ...others] = entries;
  for (const other of others) if (other.key) ctx.emitSecret(other.key, ctx.loc(call));
  const verifyOpts = opts.child('verify');
  ctx.emit(
    {
      library: '@hapi/jwt',
      api: 'server.auth.strategy',
      operation: 'configure',
      signs: false,
      verifies: true,
      loc: ctx.loc(call),
      key: primary?.key?.info ?? null,
      verifyAlgorithms: entries.length > 0 ? combined(entries, call, ctx) : { kind: 'unknown', loc: ctx.loc(call) },
      audience: presence(verifyOpts.get('aud')),
      issuer: presence(verifyOpts.get('iss')),
      expiry: expiry(verifyOpts),
    },
    primary?.key ?? null,
  );
}

/**
 * `verify: false`: the scheme decodes the token from the request and hands its unverified
 * claims to `validate` as the credentials. Reported where the switch is written.
 */
function unverifiedStrategy(call: t.CallExpression, opts: Options, value: RValue, ctx: AdapterContext) {
  const validate = opts.get('validate');
  if (validate.value?.kind === 'function' && verifiesInside(validate.value.fn, ctx)) return;
  const decode: DecodeFacts = { headerOnly: false, verifiedInScope: false, manual: false, tokenSource: 'request', claimsDecide: true };
  ctx.emit({
    library: '@hapi/jwt',
    api: 'server.auth.strategy (verify: false)',
    operation: 'decode',
    signs: false,
    verifies: false,
    loc: locOf(value.index, value.node),
    key: null,
    decode,
  });
}

function generate(call: t.CallExpression, ctx: AdapterContext) {
  const secret = ctx.value(ctx.arg(call, 1));
  const entry = secret ? keyEntry(secret, ctx.arg(call, 1)!, ctx) : { key: null, algorithms: { kind: 'default', hmacByDefault: true } as AlgorithmSpec };
  const opts = ctx.options(ctx.arg(call, 2));
  const headerAlg = opts.child('header').get('alg');
  let signAlgorithm: AlgorithmSpec = headerAlg.state !== 'absent' ? algorithmOption(headerAlg, entry.key?.hmac ?? true, ctx.loc(call)) : entry.algorithms;
  // `{ key, algorithms: [...] }` signs with the first one.
  if (headerAlg.state === 'absent' && signAlgorithm.kind === 'explicit') signAlgorithm = { ...signAlgorithm, values: signAlgorithm.values.slice(0, 1) };
  // The payload's own `exp` wins; `ttlSec` is added only when it has none.
  let lifetime: Lifetime = ctx.payloadLifetime(ctx.arg(call, 0));
  if (lifetime.kind === 'absent' || lifetime.kind === 'unknown') {
    const ttl = lifetimeFrom(opts.get('ttlSec'), 'seconds', 's');
    if (ttl.kind !== 'absent' && (ttl.kind !== 'unknown' || lifetime.kind === 'absent')) lifetime = ttl;
  }
  ctx.emit(
    {
      library: '@hapi/jwt',
      api: 'Jwt.token.generate',
      operation: 'sign',
      signs: true,
      verifies: false,
      loc: ctx.loc(call),
      key: entry.key?.info ?? null,
      signAlgorithm,
      lifetime,
    },
    entry.key,
  );
}

/**
 * The options that check the claims of `verifySignature(artifacts, …)`'s artifacts: those of a
 * `verifyPayload` (or `verifyTime`, expiry only) on the same artifacts in the same function.
 */
function claimChecks(call: t.CallExpression, ctx: AdapterContext): { payload?: t.CallExpression; time?: t.CallExpression } {
  const first = ctx.arg(call, 0);
  if (!first) return {};
  const text = argText(first, ctx);
  const fn = enclosingFunction(ctx.index, call);
  const found: { payload?: t.CallExpression; time?: t.CallExpression } = {};
  for (const { call: c, name } of callsOf(ctx).token) {
    if (name !== 'token.verifyPayload' && name !== 'token.verifyTime') continue;
    const arg = ctx.arg(c, 0);
    if (c === call || !arg || argText(arg, ctx) !== text || enclosingFunction(ctx.index, c) !== fn) continue;
    if (name === 'token.verifyPayload') found.payload = c;
    else if (name === 'token.verifyTime') found.time = c;
  }
  return found;
}

function argText(node: t.Node, ctx: AdapterContext): string {
  const n = unwrap(node);
  return ctx.index.text.slice(n.start ?? 0, n.end ?? 0).replace(/\s+/g, '');
}

function verify(call: t.CallExpression, ctx: AdapterContext, claims: boolean) {
  const secret = ctx.value(ctx.arg(call, 1));
  const entry = secret ? keyEntry(secret, ctx.arg(call, 1)!, ctx) : null;
  let audience: Presence = 'absent';
  let issuer: Presence = 'absent';
  let expiryChecks: ExpiryEnforcement;
  if (claims) {
    const opts = ctx.options(ctx.arg(call, 2));
    audience = presence(opts.get('aud'));
    issuer = presence(opts.get('iss'));
    expiryChecks = expiry(opts);
  } else {
    // verifySignature checks no claim: aud, iss and exp count only when a verifyPayload
    // (or verifyTime, exp only) on the same artifacts follows.
    const { payload, time } = claimChecks(call, ctx);
    const checks = payload ?? time;
    if (checks) {
      const opts = ctx.options(ctx.arg(checks, 1));
      if (payload) {
        audience = presence(opts.get('aud'));
        issuer = presence(opts.get('iss'));
      }
      expiryChecks = expiry(opts);
    } else expiryChecks = { ignoreExpiration: ctx.loc(call) };
  }
  ctx.emit(
    {
      library: '@hapi/jwt',
      api: claims ? 'Jwt.token.verify' : 'Jwt.token.verifySignature',
      operation: 'verify',
      signs: false,
      verifies: true,
      loc: ctx.loc(call),
      key: entry?.key?.info ?? null,
      verifyAlgorithms: entry?.algorithms ?? { kind: 'unknown', loc: ctx.loc(call) },
      audience,
      issuer,
      expiry: expiryChecks,
      ...(entry?.key?.info.kind === 'none' && { emptyKey: true }),
    },
    entry?.key ?? null,
  );
}

/**
 * The decode's artifacts go to a @hapi/jwt verify in the same function: `token.verify(artifacts,
 * …)`, `verifySignature(artifacts, …)`, or `verifySignature({ decoded, raw }, …)` after
 * `const { decoded, raw } = artifacts`.
 */
function artifactsVerified(call: t.CallExpression, ctx: AdapterContext): boolean {
  let node: t.Node = call;
  let parent = ctx.index.parentOf.get(node);
  while (parent && (parent.type === 'AwaitExpression' || parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression')) {
    node = parent;
    parent = ctx.index.parentOf.get(node);
  }
  if (!parent) return false;
  if (parent.type === 'CallExpression' && parent.arguments[0] === node) return VERIFIERS.has(apiName(ctx.symbolOf(parent.callee)) ?? '');
  let name: string | null = null;
  if (parent.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') name = parent.id.name;
  else if (parent.type === 'AssignmentExpression' && parent.right === node && parent.left.type === 'Identifier') name = parent.left.name;
  if (!name) return false;
  const fn = enclosingFunction(ctx.index, call);
  const names = new Set([name, ...(callsOf(ctx).destructured.get(name) ?? [])]);
  const isArtifacts = (arg: t.Node): boolean => {
    const a = unwrap(arg);
    if (a.type === 'Identifier') return names.has(a.name);
    if (a.type === 'ObjectExpression') return a.properties.length > 0 && a.properties.every((p) => p.type === 'ObjectProperty' && p.value.type === 'Identifier' && names.has(p.value.name));
    return false;
  };
  return callsOf(ctx).token.some(({ call: c, name: api }) => {
    if (!VERIFIERS.has(api)) return false;
    const first = ctx.arg(c, 0);
    return !!first && isArtifacts(first) && enclosingFunction(ctx.index, c) === fn;
  });
}

function decode(call: t.CallExpression, ctx: AdapterContext) {
  const facts = ctx.decodeFacts(call, ctx.arg(call, 0), { returnsComplete: false });
  ctx.emit({
    library: '@hapi/jwt',
    api: 'Jwt.token.decode',
    operation: 'decode',
    signs: false,
    verifies: false,
    loc: ctx.loc(call),
    key: null,
    decode: artifactsVerified(call, ctx) ? { ...facts, verifiedInScope: true } : facts,
  });
}
