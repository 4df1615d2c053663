import type * as t from '@babel/types';
import { algorithmFromValue, algorithmsFrom, lifetimeFrom, type KeyAnalysis, type OptionLookup, type Options } from '../interpret.js';
import type { AlgorithmSpec, AlgorithmValue, KeyInfo, Lifetime, SourceLocation } from '../../../facts/model.js';
import { returnedExpression, unwrap, type RValue } from '../resolve-value.js';
import { isModule, type Adapter, type AdapterContext } from './adapter.js';
import { clientSecretKey, clientSecretUse, secretIsJwtKey } from './openid-client.js';

const MODULES = ['oidc-provider'];

// oidc-provider (panva), the OpenID Provider: `new Provider(issuer, configuration)`, v6 to v9
// (`require('oidc-provider')`, `{ Provider }`, ESM default export). The provider is an
// issuer: it signs ID tokens, JWT access tokens and JWT responses with its own `jwks`, and
// checks everything it receives itself (client assertions and request objects are pinned
// per client, `aud`/`iss`/`exp` checked), so it is modelled as a signer only.
// - `jwks.keys`: private JWKs written in source are key material (critical). The library
//   accepts only RSA/EC/OKP(/AKP) private keys there (an `oct` key throws at startup); one
//   written anyway is still a committed secret, recorded as HMAC material. Without `jwks`
//   the provider signs with the development keys published inside the library (it warns).
// - `cookies.keys`: Keygrip HMAC keys that sign the provider's session and interaction
//   cookies, the state every ID token is minted from: committed literals are reported.
// - `ttl` (seconds, or a function of the token): AccessToken, ClientCredentials (access
//   tokens) and IdToken are bearer token lifetimes judged by long-expiry. RefreshToken,
//   Session, Grant and Interaction are server-side records the provider can revoke (the
//   renewal pattern long-expiry recommends), and codes (AuthorizationCode, DeviceCode,
//   BackchannelAuthenticationRequest) are single-use: none of them is judged.
// - `enabledJWA` (v7+; `whitelistedJWA` in v6) `{idToken,userinfo,introspection,
//   authorization}SigningAlgValues`: what the provider may sign with. HS* lets clients get
//   responses signed with their client secret; `'none'` (v6) unsigned ID tokens. The v7+
//   defaults have neither.
// - `clients` / `clientDefaults` metadata: an HS* `*_signed_response_alg` makes the provider
//   sign with that client's `client_secret` (then a JWT key: hardcoded-secret, weak-secret);
//   `client_secret_jwt` makes it verify HMAC client assertions with it. A secret used only
//   for `client_secret_basic`/`_post` is an OAuth password, not JWT key material.
// - Resource servers (`features.resourceIndicators.getResourceServerInfo`): `accessTokenTTL`
//   is an access token lifetime; `jwt.sign: { alg: 'HS*', key }` signs JWT access tokens
//   with a shared key.
export const oidcProvider: Adapter = {
  library: 'oidc-provider',
  modules: MODULES,
  visitNew(expr, ctx) {
    const sym = ctx.symbolOf(expr.callee);
    if (!isModule(sym, MODULES)) return;
    if (sym.path.length === 0 || (sym.path.length === 1 && (sym.path[0] === 'default' || sym.path[0] === 'Provider'))) provider(expr, ctx);
  },
};

const API = 'new Provider';
const SIGNING_LISTS = ['idTokenSigningAlgValues', 'userinfoSigningAlgValues', 'introspectionSigningAlgValues', 'authorizationSigningAlgValues'];
/** Token types whose `ttl` is the lifetime of a bearer token handed to clients. */
const TOKEN_TTLS = ['AccessToken', 'ClientCredentials', 'IdToken'];

function provider(expr: t.NewExpression, ctx: AdapterContext) {
  const opts = configuration(ctx.arg(expr, 1), ctx);
  const loc = ctx.loc(expr);
  ctx.emit({
    library: 'oidc-provider',
    api: API,
    operation: 'configure',
    signs: true,
    verifies: false,
    loc,
    key: signingKey(opts, expr, ctx),
    signAlgorithm: signingAlgorithms(opts, ctx),
    // The provider sets `exp` on everything it signs (from `ttl`).
    lifetime: { kind: 'present', loc },
  });
  cookieKeys(opts, loc, ctx);
  const ttl = opts.child('ttl');
  for (const name of TOKEN_TTLS) ctx.emitLifetime(ttlLifetime(ttl.get(name), ctx));
  clients(opts, ctx);
  resourceServers(opts, ctx);
}

/**
 * The configuration argument. A call of a configuration factory (`createConfiguration(conf)`,
 * a common layout) stands for the object literal its body returns.
 */
function configuration(arg: t.Expression | undefined, ctx: AdapterContext): Options {
  const call = arg && unwrap(arg);
  if (call?.type === 'CallExpression') {
    let factory = ctx.value(call.callee);
    // `const createConfiguration = require('./configuration')` with `module.exports = function`.
    if (factory?.kind === 'module' && factory.file) factory = ctx.resolver.resolveExport(factory.file, 'default');
    if (factory?.kind === 'function') {
      const returned = returnedObject(factory.fn);
      if (returned) return ctx.optionsOf(ctx.resolver.resolve(returned, factory.index));
    }
  }
  return ctx.options(arg);
}

/** The object literal a function returns last at its top level (`return { ... }`). */
function returnedObject(fn: t.Function): t.ObjectExpression | null {
  const single = returnedExpression(fn);
  const candidates = single ? [single] : fn.body.type === 'BlockStatement' ? fn.body.body.filter((s): s is t.ReturnStatement => s.type === 'ReturnStatement').map((s) => s.argument) : [];
  const last = candidates[candidates.length - 1];
  const node = last && unwrap(last);
  return node?.type === 'ObjectExpression' ? node : null;
}

function elementsOf(lookup: OptionLookup, ctx: AdapterContext): { value: RValue; node: t.Node }[] {
  if (lookup.state !== 'present' || lookup.value?.kind !== 'array') return [];
  return lookup.value.elements.map((el) => ({ value: ctx.resolver.resolveLazy(el), node: el.node }));
}

/**
 * The provider's signing key, from `jwks.keys`. Every literal JWK is recorded as key
 * material; the site's key is the first private key, else a private key with no literal
 * (from the environment, a file, or the library's development keys).
 */
function signingKey(opts: Options, at: t.Node, ctx: AdapterContext): KeyInfo {
  const jwks = opts.get('jwks');
  const analyses: KeyAnalysis[] = [];
  for (const { value, node } of elementsOf(opts.child('jwks').get('keys'), ctx)) {
    const key = ctx.keyOf(value, node, false);
    if (!key) continue;
    analyses.push(key);
    if (key.materials.length > 0) ctx.emitSecret({ ...key, hmac: key.info.kind === 'hmac-secret' }, ctx.loc(at));
  }
  const privateKey = analyses.find((k) => k.info.kind === 'private-key');
  if (privateKey) return privateKey.info;
  const whole = jwks.state === 'present' && jwks.value ? ctx.keyOf(jwks.value, jwks.lazy?.node ?? at, false) : null;
  const { material: _material, origin: _origin, ...rest } = whole?.info ?? { envNames: [], envReads: [], loc: ctx.loc(at), fromParameter: false };
  return { ...rest, kind: 'private-key' };
}

/** Algorithms the provider may sign with: the configured lists, else its asymmetric defaults. */
function signingAlgorithms(opts: Options, ctx: AdapterContext): AlgorithmSpec {
  const values: AlgorithmValue[] = [];
  for (const group of ['enabledJWA', 'whitelistedJWA']) {
    const jwa = opts.child(group);
    for (const list of SIGNING_LISTS) {
      const spec = algorithmsFrom(jwa.get(list), ctx.resolver, false);
      if (spec.kind === 'explicit') values.push(...spec.values);
    }
  }
  return values.length > 0 ? { kind: 'explicit', values, loc: values[0]!.loc } : { kind: 'default', hmacByDefault: false };
}

function cookieKeys(opts: Options, usedAt: SourceLocation, ctx: AdapterContext) {
  for (const { value, node } of elementsOf(opts.child('cookies').get('keys'), ctx)) {
    const key = ctx.keyOf(value, node, true);
    if (key && key.materials.length > 0) ctx.emitSecret({ ...key, hmac: true }, usedAt);
  }
}

/** A `ttl` entry: seconds, or a function of the token whose longest returned lifetime counts. */
function ttlLifetime(lookup: OptionLookup, ctx: AdapterContext): Lifetime {
  if (lookup.state === 'present' && lookup.value?.kind === 'function') {
    const index = lookup.value.index;
    let longest: Lifetime = { kind: 'unknown' };
    for (const returned of returnedExpressions(lookup.value.fn)) {
      const lifetime = lifetimeFrom({ state: 'present', value: ctx.resolver.resolve(returned, index), lazy: { node: returned, index }, resolver: ctx.resolver }, 'seconds', 's');
      if (lifetime.kind === 'seconds' && (longest.kind !== 'seconds' || lifetime.seconds > longest.seconds)) longest = lifetime;
    }
    return longest;
  }
  return lifetimeFrom(lookup, 'seconds', 's');
}

/** Every value a function returns (its own `return`s, not those of nested functions). */
function returnedExpressions(fn: t.Function): t.Expression[] {
  const single = returnedExpression(fn);
  if (single) return [single];
  const found: t.Expression[] = [];
  const visit = (node: t.Node, depth: number) => {
    if (depth > 40) return;
    if (node.type === 'ReturnStatement') {
      if (node.argument) found.push(node.argument);
      return;
    }
    if (node !== fn && (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'ClassMethod' || node.type === 'ObjectMethod')) return;
    for (const key of Object.keys(node) as (keyof t.Node)[]) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments') continue;
      const child = node[key] as unknown;
      const children = Array.isArray(child) ? child : [child];
      for (const c of children) {
        if (c && typeof c === 'object' && 'type' in c) visit(c as t.Node, depth + 1);
      }
    }
  };
  visit(fn.body, 0);
  return found;
}

/** `clients` and `clientDefaults`: what the provider signs or verifies with client secrets. */
function clients(opts: Options, ctx: AdapterContext) {
  const metadata: { meta: Options; node: t.Node }[] = elementsOf(opts.get('clients'), ctx)
    .filter(({ value }) => value.kind === 'object')
    .map(({ value, node }) => ({ meta: ctx.optionsOf(value), node }));
  const defaults = opts.get('clientDefaults');
  if (defaults.state === 'present' && defaults.value?.kind === 'object') metadata.push({ meta: ctx.optionsOf(defaults.value), node: defaults.value.node });
  for (const { meta, node } of metadata) {
    const use = clientSecretUse(meta, ctx);
    const key = secretIsJwtKey(use) ? clientSecretKey(use, node, ctx) : null;
    const loc = ctx.loc(node);
    if (use.providerSigns.length > 0) {
      ctx.emit(
        {
          library: 'oidc-provider',
          api: `${API} client`,
          operation: 'configure',
          signs: true,
          verifies: false,
          loc,
          key: key?.info ?? null,
          signAlgorithm: { kind: 'explicit', values: use.providerSigns, loc: use.providerSigns[0]!.loc },
          lifetime: { kind: 'present', loc },
        },
        key,
      );
    }
    if (use.clientSigns.length > 0) {
      // Client assertions and request objects: pinned per client, `aud`/`iss`/`exp` checked.
      ctx.emit(
        {
          library: 'oidc-provider',
          api: `${API} client`,
          operation: 'configure',
          signs: false,
          verifies: true,
          loc,
          key: key?.info ?? null,
          verifyAlgorithms: { kind: 'explicit', values: use.clientSigns, loc: use.clientSigns[0]!.loc },
          audience: 'present',
          issuer: 'present',
          expiry: {},
        },
        key,
      );
    }
    if (use.encrypts && key && use.providerSigns.length === 0 && use.clientSigns.length === 0) ctx.emitSecret(key, loc);
  }
}

/**
 * Resource server definitions returned by `features.resourceIndicators.getResourceServerInfo`
 * (object literals inside that function): `accessTokenTTL` and an HMAC `jwt.sign`.
 */
function resourceServers(opts: Options, ctx: AdapterContext) {
  const info = opts.child('features').child('resourceIndicators').get('getResourceServerInfo');
  if (info.state !== 'present' || info.value?.kind !== 'function') return;
  const { fn, index } = info.value;
  const start = fn.start ?? 0;
  const end = fn.end ?? -1;
  for (const object of index.objects) {
    if ((object.start ?? -1) < start || (object.end ?? Infinity) > end) continue;
    const value = ctx.resolver.resolve(object, index);
    if (value.kind !== 'object') continue;
    const server = ctx.optionsOf(value);
    if (server.get('scope').state === 'absent' && server.get('accessTokenFormat').state === 'absent') continue;
    ctx.emitLifetime(lifetimeFrom(server.get('accessTokenTTL'), 'seconds', 's'));
    const sign = server.child('jwt').child('sign');
    const alg = sign.get('alg');
    if (alg.state !== 'present' || !alg.value) continue;
    const spec = algorithmFromValue(alg.value, false);
    if (spec.kind !== 'explicit' || !spec.values.some((v) => /^HS(256|384|512)$/i.test(v.name))) continue;
    const keyLookup = sign.get('key');
    const key = keyLookup.state === 'present' && keyLookup.value ? ctx.keyOf(keyLookup.value, keyLookup.lazy?.node ?? object, true) : null;
    const loc = ctx.loc(object);
    ctx.emit(
      {
        library: 'oidc-provider',
        api: `${API} resource server`,
        operation: 'configure',
        signs: true,
        verifies: false,
        loc,
        key: key?.info ?? null,
        signAlgorithm: spec,
        lifetime: { kind: 'present', loc },
      },
      key && { ...key, hmac: true },
    );
  }
}
