import type * as t from '@babel/types';
import { algorithmOption, lifetimeFrom, presence, type KeyAnalysis, type OptionLookup, type Options, withoutTrailingSlashes } from '../interpret.js';
import type { AlgorithmSpec, ExpiryEnforcement, KeyInfo, Presence } from '../../../facts/model.js';
import { locOf, type RValue } from '../resolve-value.js';
import { isModule, type Adapter, type AdapterContext } from './adapter.js';

const MODULES = ['express-oauth2-jwt-bearer'];

// express-oauth2-jwt-bearer (auth0, v1.6–1.9; checked against packages/access-token-jwt
// src/jwt-verifier.ts and validate.ts): `auth({...})` is a configure-once verifier (jose
// `jwtVerify` underneath). What the library does on its own, so no finding is invented:
// - `audience` is required (an assert at configuration, or the AUDIENCE variable it reads
//   itself), and `iss` is always compared with `issuer` or the discovered issuer.
// - With `secret` (or SECRET) it verifies HMAC and requires `tokenSigningAlg` (one of HS256,
//   HS384, HS512, or TOKEN_SIGNING_ALG): pinned. Without a secret it verifies against the
//   issuer's JWKS (or `publicKey`) and accepts only asymmetric algorithms; `tokenSigningAlg`
//   then pins one, and without it the verifier is unpinned (family-narrowed, RULES.md).
// - `validators: { aud: false, iss: false, alg: false, exp: false }` replaces a default check;
//   `false` switches it off, a string or function is a check of its own. `exp: false` lets
//   tokens without `exp` through (jose still rejects a past `exp`): expiry-not-enforced.
// - `clockTolerance` is seconds (default 5); `maxTokenAge` adds a check.
// - `mcd` (several issuers) takes algorithms from each issuer entry: not judged.
export const expressOauth2JwtBearer: Adapter = {
  library: 'express-oauth2-jwt-bearer',
  modules: MODULES,
  visitCall(call, ctx) {
    const sym = ctx.symbolOf(call.callee);
    if (!isModule(sym, MODULES)) return;
    const name = (sym.path[0] === 'default' ? sym.path.slice(1) : sym.path).join('.');
    if (name === 'auth') auth(call, ctx);
  },
};

/** A `validators` entry: absent (the library's check), switched off (`false`), or replaced. */
function validatorPresence(lookup: OptionLookup): Presence {
  if (lookup.state === 'absent') return 'present';
  return presence(lookup);
}

function isFalse(lookup: OptionLookup): lookup is OptionLookup & { value: RValue } {
  return lookup.state === 'present' && lookup.value?.kind === 'boolean' && !lookup.value.value;
}

/** Where the key set comes from (`KeyInfo.origin`): the issuer URL or JWKS URI given, or the variable the library reads. */
function originOf(lookup: OptionLookup, envName: string): string | undefined {
  if (lookup.state === 'absent') return `env:${envName}`;
  const v = lookup.value;
  if (!v) return undefined;
  if (v.kind === 'env') return `env:${v.name}`;
  if (v.kind === 'config') return `config:${v.key}`;
  if (v.kind === 'string' && /^https?:\/\/\S+$/i.test(v.value)) return `url:${withoutTrailingSlashes(v.value)}`;
  return undefined;
}

function keySet(opts: Options, call: t.CallExpression, ctx: AdapterContext): KeyInfo {
  const publicKey = opts.get('publicKey');
  const jwksUri = opts.get('jwksUri');
  const origin = publicKey.state === 'present' ? undefined : jwksUri.state === 'present' ? originOf(jwksUri, 'JWKS_URI') : originOf(opts.get('issuerBaseURL'), 'ISSUER_BASE_URL');
  return {
    kind: publicKey.state === 'present' ? 'public-key' : 'jwks',
    envNames: [],
    envReads: [],
    loc: ctx.loc(call),
    fromParameter: false,
    ...(origin && { origin }),
  };
}

function algorithms(opts: Options, validators: Options, symmetric: boolean, call: t.CallExpression, ctx: AdapterContext): AlgorithmSpec {
  if (opts.get('mcd').state !== 'absent') return { kind: 'unknown', loc: ctx.loc(call) };
  const alg = validators.get('alg');
  if (alg.state === 'present') {
    // `alg: false` drops the tokenSigningAlg comparison; a string is the one algorithm allowed.
    if (isFalse(alg)) return { kind: 'default', hmacByDefault: symmetric };
    return alg.value?.kind === 'string' ? algorithmOption(alg, symmetric, ctx.loc(call)) : { kind: 'unknown', loc: ctx.loc(call) };
  }
  if (alg.state === 'unknown') return { kind: 'unknown', loc: ctx.loc(call) };
  const signingAlg = opts.get('tokenSigningAlg');
  if (signingAlg.state === 'present') return algorithmOption(signingAlg, symmetric, ctx.loc(call));
  // A secret without tokenSigningAlg only works with TOKEN_SIGNING_ALG set: pinned at run time.
  if (symmetric || signingAlg.state === 'unknown') return { kind: 'unknown', loc: ctx.loc(call) };
  return { kind: 'default', hmacByDefault: false };
}

function expiry(opts: Options, validators: Options): ExpiryEnforcement {
  const result: ExpiryEnforcement = {};
  const exp = validators.get('exp');
  if (isFalse(exp)) result.ignoreExpiration = locOf(exp.value.index, exp.value.node);
  const tolerance = lifetimeFrom(opts.get('clockTolerance'), 'seconds', 's');
  if (tolerance.kind === 'seconds') result.clockTolerance = { seconds: tolerance.seconds, loc: tolerance.loc };
  return result;
}

function auth(call: t.CallExpression, ctx: AdapterContext) {
  const opts = ctx.options(ctx.arg(call, 0));
  if (!opts.resolved) return;
  const validators = opts.child('validators');
  const secret = opts.get('secret');
  let key: KeyAnalysis | null = null;
  if (secret.state === 'present' && secret.value) key = ctx.keyOf(secret.value, secret.lazy?.node ?? call);
  // An empty or nullish `secret` falls back to SECRET, then to the key set.
  const symmetric = key !== null && key.info.kind !== 'none';
  if (key && !symmetric) key = null;
  if (key) key = { ...key, hmac: true };
  ctx.emit(
    {
      library: 'express-oauth2-jwt-bearer',
      api: 'auth',
      operation: 'configure',
      signs: false,
      verifies: true,
      loc: ctx.loc(call),
      key: key?.info ?? keySet(opts, call, ctx),
      verifyAlgorithms: algorithms(opts, validators, symmetric, call, ctx),
      audience: validatorPresence(validators.get('aud')),
      issuer: validatorPresence(validators.get('iss')),
      expiry: expiry(opts, validators),
    },
    key,
  );
}
