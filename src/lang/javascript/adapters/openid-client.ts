import type * as t from '@babel/types';
import { algorithmFromValue, lifetimeFrom, type KeyAnalysis, type OptionLookup, type Options } from '../interpret.js';
import type { AlgorithmValue, JwtCallSite, SourceLocation } from '../../../facts/model.js';
import { lookup } from '../file-index.js';
import { unwrap, type RValue } from '../resolve-value.js';
import { isModule, type Adapter, type AdapterContext } from './adapter.js';

const MODULES = ['openid-client'];

// openid-client (panva), the relying-party side of OpenID Connect: v4/v5 (`Issuer`,
// `new issuer.Client(metadata)`) and v6 (functional API over oauth4webapi: `discovery`,
// `new Configuration`, `authorizationCodeGrant`).
// - The library validates every ID token it receives (`client.callback`, `oauthCallback`,
//   `refresh`, v6 `authorizationCodeGrant`): signature, `iss`, `aud`, `exp`, nonce, with the
//   algorithm pinned to `id_token_signed_response_alg` (default RS256). So no verify site is
//   emitted for those calls: nothing is missing, and `tokenSet.claims()` reads validated
//   claims. Decodes of `tokenSet.id_token` by other libraries are judged by decode-facts.
// - The client secret is a JWT key only when the client metadata makes it one: an HS*
//   `{id_token,userinfo,introspection,authorization}_signed_response_alg` (the provider signs
//   those responses with the secret and the client verifies them), `client_secret_jwt`
//   client authentication or an HS* `request_object_signing_alg` (the client signs JWTs with
//   it), or a symmetric JWE algorithm (`dir`, `A*KW`, `PBES2-*`: keys derived from it).
//   Otherwise (`client_secret_basic`/`_post`, the defaults) it is an OAuth password, not JWT
//   key material, and no rule here reports it.
// - The second argument of `new Client(metadata, jwks)` holds the client's private JWKs:
//   literal ones are committed private keys.
// - `'none'` as `id_token_signed_response_alg` makes v4/v5 accept unsigned ID tokens.
// - A clock tolerance (v5 `client[custom.clock_tolerance] = n`, v6 `[clockTolerance]: n` in the
//   client metadata) is a verification setting: a verify site that carries only it.
export const openidClient: Adapter = {
  library: 'openid-client',
  modules: MODULES,
  visitNew(expr, ctx) {
    if (isClientConstructor(expr.callee, ctx)) clientMetadata(expr, ctx.arg(expr, 0), ctx, 'new Client');
    else {
      const sym = ctx.symbolOf(expr.callee);
      // v6 `new Configuration(serverMetadata, clientId, metadata | secret, clientAuth)`.
      if (isModule(sym, MODULES) && sym.path[sym.path.length - 1] === 'Configuration') v6Configuration(expr, ctx, 'new Configuration');
    }
  },
  visitCall(call, ctx) {
    const callee = unwrap(call.callee);
    // `issuer.Client.register(metadata)`, `Client.register(...)`: dynamic registration of that metadata.
    if ((callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && propertyName(callee) === 'register' && isClientConstructor(callee.object, ctx)) {
      clientMetadata(call, ctx.arg(call, 0), ctx, 'Client.register');
      return;
    }
    const sym = ctx.symbolOf(call.callee);
    if (!isModule(sym, MODULES)) return;
    const name = sym.path[sym.path.length - 1];
    if (name === 'discovery' || name === 'dynamicClientRegistration') v6Configuration(call, ctx, name);
    else if (name === 'ClientSecretJwt') clientSecretJwt(call, ctx);
  },
  visitFile(ctx) {
    clockTolerances(ctx);
  },
};

function propertyName(member: t.MemberExpression | t.OptionalMemberExpression): string | null {
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  if (member.property.type === 'StringLiteral') return member.property.value;
  return null;
}

const CLIENT_CLASSES = new Set(['Client', 'FAPIClient', 'FAPI1Client', 'FAPI2Client']);

/**
 * `issuer.Client`, `Issuer.Client`, or a `Client` destructured from an issuer: the class is a
 * property of an `Issuer` instance (`await Issuer.discover(url)`), which no symbol follows.
 * The adapter only runs in files that import openid-client, and the metadata must name a
 * `client_id` (see clientMetadata), so another library's `Client` stays out.
 */
function isClientConstructor(node: t.Node, ctx: AdapterContext, depth = 0): boolean {
  const n = unwrap(node);
  if (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') {
    const name = propertyName(n);
    const sym = ctx.symbolOf(n);
    // `pg.Client` is another library's class.
    return name !== null && CLIENT_CLASSES.has(name) && (sym === null || isModule(sym, MODULES));
  }
  if (n.type !== 'Identifier') return false;
  const sym = ctx.symbolOf(n);
  // `import { Client } from 'pg'`, `const { Client } = require('pg')`: another library's class.
  if (sym !== null) return isModule(sym, MODULES) && CLIENT_CLASSES.has(sym.path[sym.path.length - 1] ?? '');
  const binding = lookup(ctx.index.scopeOf.get(n), n.name);
  if (binding?.kind === 'var' && binding.init && depth < 4) {
    // `const { Client } = issuer`; `const IssuerClient = new Issuer({...}).Client`.
    const last = binding.path[binding.path.length - 1];
    if (last && 'key' in last) return CLIENT_CLASSES.has(last.key);
    if (binding.path.length === 0) return isClientConstructor(binding.init, ctx, depth + 1);
    return false;
  }
  return false;
}

// ---- client metadata (shared with the oidc-provider adapter: the same RFC 7591 names) ----

/** Responses the provider signs for the client: HS* uses the client secret as the HMAC key. */
const PROVIDER_SIGNED = ['id_token_signed_response_alg', 'userinfo_signed_response_alg', 'introspection_signed_response_alg', 'authorization_signed_response_alg'];
/** JWE algorithms whose key is derived from the client secret. */
const SYMMETRIC_JWE = /^(dir|A(128|192|256)(GCM)?KW|PBES2-HS(256|384|512)\+A(128|192|256)KW)$/;
const ENCRYPTION_ALGS = ['id_token_encrypted_response_alg', 'userinfo_encrypted_response_alg', 'introspection_encrypted_response_alg', 'authorization_encrypted_response_alg', 'request_object_encryption_alg'];
const AUTH_METHODS: [method: string, signingAlg: string][] = [
  ['token_endpoint_auth_method', 'token_endpoint_auth_signing_alg'],
  ['introspection_endpoint_auth_method', 'introspection_endpoint_auth_signing_alg'],
  ['revocation_endpoint_auth_method', 'revocation_endpoint_auth_signing_alg'],
];
const HMAC_OR_NONE = /^(HS(256|384|512)|none)$/i;
const HMAC = /^HS(256|384|512)$/i;

/** What one client's metadata does with its client secret, seen from either side. */
export interface ClientSecretUse {
  /** HS* (or `none`) values of the `*_signed_response_alg` the provider signs with. */
  providerSigns: AlgorithmValue[];
  /** HS* the client signs with (`client_secret_jwt`, an HS* `request_object_signing_alg`). */
  clientSigns: AlgorithmValue[];
  /** A symmetric JWE algorithm derives its key from the secret. */
  encrypts: boolean;
  /** The `client_secret` option. */
  secret: OptionLookup;
}

function hmacValues(lookup: OptionLookup, pattern: RegExp): AlgorithmValue[] {
  if (lookup.state !== 'present' || !lookup.value) return [];
  const spec = algorithmFromValue(lookup.value, false);
  return spec.kind === 'explicit' ? spec.values.filter((v) => pattern.test(v.name)) : [];
}

function valueIs(lookup: OptionLookup, text: string): RValue | null {
  if (lookup.state !== 'present' || !lookup.value) return null;
  const v = lookup.value;
  if (v.kind === 'string' && v.value === text) return v;
  if (v.kind === 'union') return v.options.find((o) => o.kind === 'string' && o.value === text) ?? null;
  return null;
}

export function clientSecretUse(meta: Options, ctx: AdapterContext): ClientSecretUse {
  const providerSigns = PROVIDER_SIGNED.flatMap((name) => hmacValues(meta.get(name), HMAC_OR_NONE));
  const clientSigns = hmacValues(meta.get('request_object_signing_alg'), HMAC);
  for (const [method, signingAlg] of AUTH_METHODS) {
    const chosen = valueIs(meta.get(method), 'client_secret_jwt');
    if (!chosen) continue;
    const named = hmacValues(meta.get(signingAlg), HMAC);
    // Without a signing alg both libraries use HS256 (openid-client the issuer's first HS*
    // value): reported on the line that picks `client_secret_jwt`.
    clientSigns.push(...(named.length > 0 ? named : [{ name: 'HS256', loc: ctx.loc(chosen.node) }]));
  }
  const encrypts = ENCRYPTION_ALGS.some((name) => {
    const lookup = meta.get(name);
    return lookup.state === 'present' && lookup.value?.kind === 'string' && SYMMETRIC_JWE.test(lookup.value.value);
  });
  return { providerSigns, clientSigns, encrypts, secret: meta.get('client_secret') };
}

/** The client secret as key material, when it is set. */
export function clientSecretKey(use: ClientSecretUse, at: t.Node, ctx: AdapterContext): KeyAnalysis | null {
  const { secret } = use;
  if (secret.state !== 'present' || !secret.value) return null;
  const key = ctx.keyOf(secret.value, secret.lazy?.node ?? at, true);
  return key && { ...key, hmac: true };
}

/** True when the client's metadata makes its secret JWT key material. */
export function secretIsJwtKey(use: ClientSecretUse): boolean {
  return use.providerSigns.some((v) => HMAC.test(v.name)) || use.clientSigns.length > 0 || use.encrypts;
}

// ---- the relying party's view -------------------------------------------------------

function metadataOptions(node: t.Node | undefined, ctx: AdapterContext): Options | null {
  if (!node) return null;
  const value = ctx.value(node);
  if (!value || value.kind !== 'object') return null;
  return ctx.optionsOf(value);
}

function clientMetadata(at: t.CallExpression | t.NewExpression, arg: t.Expression | undefined, ctx: AdapterContext, api: string) {
  const meta = metadataOptions(arg, ctx);
  // Client metadata always names its client; other `Client` classes do not.
  if (!meta || meta.get('client_id').state === 'absent') return;
  emitRelyingParty(meta, at, ctx, api);
  if (at.type === 'NewExpression') clientJwks(at, ctx);
}

/**
 * v4/v5 `new Client(metadata, jwks)`: the client's own private JWKs (private_key_jwt
 * assertions, signed request objects, decryption). Literal ones are committed private keys.
 */
function clientJwks(expr: t.NewExpression, ctx: AdapterContext) {
  const keys = ctx.options(ctx.arg(expr, 1)).get('keys');
  if (keys.state !== 'present' || keys.value?.kind !== 'array') return;
  for (const el of keys.value.elements) {
    const key = ctx.keyOf(ctx.resolver.resolveLazy(el), el.node, false);
    if (key && key.materials.length > 0) ctx.emitSecret({ ...key, hmac: key.info.kind === 'hmac-secret' }, ctx.loc(expr));
  }
}

function emitRelyingParty(meta: Options, at: t.Node, ctx: AdapterContext, api: string) {
  const use = clientSecretUse(meta, ctx);
  const jwtKey = secretIsJwtKey(use);
  if (!jwtKey && use.providerSigns.length === 0) return;
  // With only `'none'` the secret keys nothing: it stays an OAuth password.
  const key = jwtKey ? clientSecretKey(use, at, ctx) : null;
  const loc = ctx.loc(at);
  if (use.providerSigns.length > 0) {
    // The client verifies what the provider signed: always pinned to the registered
    // algorithm, with `iss`, `aud` and `exp` checked (v5 `validateJWT`).
    ctx.emit(
      {
        library: 'openid-client',
        api,
        operation: 'configure',
        signs: false,
        verifies: true,
        loc,
        key: key?.info ?? null,
        verifyAlgorithms: { kind: 'explicit', values: use.providerSigns, loc: use.providerSigns[0]!.loc },
        audience: 'present',
        issuer: 'present',
        expiry: {},
      },
      key,
    );
  }
  if (use.clientSigns.length > 0) {
    // Client assertions and request objects carry an `exp` the library sets (60 s in v5).
    ctx.emit(
      {
        library: 'openid-client',
        api,
        operation: 'configure',
        signs: true,
        verifies: false,
        loc,
        key: key?.info ?? null,
        signAlgorithm: { kind: 'explicit', values: use.clientSigns, loc: use.clientSigns[0]!.loc },
        lifetime: { kind: 'present', loc },
      },
      key,
    );
  }
  if (use.encrypts && key && use.providerSigns.length === 0 && use.clientSigns.length === 0) ctx.emitSecret(key, loc);
}

/**
 * v6 `discovery(server, clientId, metadata | clientSecret, clientAuth)` and `new
 * Configuration(...)`: the metadata is judged like v5's; a string third argument is only the
 * secret (ClientSecretPost by default: a password). `ClientSecretJwt()` given as the client
 * authentication is judged at its own call.
 */
function v6Configuration(call: t.CallExpression | t.NewExpression, ctx: AdapterContext, api: string) {
  const meta = metadataOptions(ctx.arg(call, 2), ctx);
  if (meta) emitRelyingParty(meta, call, ctx, api);
}

/** v6 `ClientSecretJwt(secret?)`: the client signs its token-endpoint assertions with HS256. */
function clientSecretJwt(call: t.CallExpression, ctx: AdapterContext) {
  let key = ctx.key(ctx.arg(call, 0), true);
  if (!key) {
    // `ClientSecretJwt()` without a secret uses the metadata's `client_secret` (or a string
    // third argument) of the `discovery`/`Configuration` call it is passed to.
    const parent = ctx.index.parentOf.get(call);
    if (parent && (parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.arguments[3] === call) {
      const third = ctx.arg(parent, 2);
      const value = ctx.value(third);
      if (value?.kind === 'object') key = clientSecretKey(clientSecretUse(ctx.optionsOf(value), ctx), call, ctx);
      else if (third) key = ctx.key(third, true);
    }
  }
  const loc = ctx.loc(call);
  ctx.emit(
    {
      library: 'openid-client',
      api: 'ClientSecretJwt',
      operation: 'sign',
      signs: true,
      verifies: false,
      loc,
      key: key?.info ?? null,
      signAlgorithm: { kind: 'default', hmacByDefault: true },
      lifetime: { kind: 'present', loc },
    },
    key && { ...key, hmac: true },
  );
}

// ---- clock tolerance ----------------------------------------------------------------

function isClockToleranceSymbol(node: t.Node, ctx: AdapterContext): boolean {
  const sym = ctx.symbolOf(node);
  if (!isModule(sym, MODULES)) return false;
  const name = sym.path[sym.path.length - 1];
  return name === 'clock_tolerance' || name === 'clockTolerance';
}

function emitTolerance(valueNode: t.Node, at: t.Node, ctx: AdapterContext) {
  const value = ctx.value(valueNode);
  if (!value) return;
  const span = lifetimeFrom({ state: 'present', value, lazy: { node: valueNode, index: ctx.index }, resolver: ctx.resolver }, 'seconds', 's');
  if (span.kind !== 'seconds') return;
  const site: JwtCallSite = {
    library: 'openid-client',
    api: 'clock tolerance',
    operation: 'configure',
    signs: false,
    verifies: true,
    loc: ctx.loc(at),
    key: null,
    audience: 'present',
    issuer: 'present',
    expiry: { clockTolerance: { seconds: span.seconds, loc: span.loc as SourceLocation } },
  };
  ctx.emit(site);
}

/** v5 `client[custom.clock_tolerance] = 3600`; v6 `{ [client.clockTolerance]: 3600 }`. */
function clockTolerances(ctx: AdapterContext) {
  for (const assignment of ctx.index.assignments) {
    const left = assignment.left;
    if (assignment.operator !== '=' || left.type !== 'MemberExpression' || !left.computed) continue;
    if (isClockToleranceSymbol(left.property, ctx)) emitTolerance(assignment.right, assignment, ctx);
  }
  for (const object of ctx.index.objects) {
    for (const prop of object.properties) {
      if (prop.type !== 'ObjectProperty' || !prop.computed) continue;
      if (isClockToleranceSymbol(prop.key, ctx)) emitTolerance(prop.value, prop, ctx);
    }
  }
}
