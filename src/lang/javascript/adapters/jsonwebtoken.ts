import type * as t from '@babel/types';
import { algorithmOption, algorithmsFrom, expiryEnforcement, lifetimeFrom, presence, type OptionLookup, type Options } from '../interpret.js';
import type { Lifetime, SourceLocation } from '../../../facts/model.js';
import { locOf } from '../resolve-value.js';
import { isModule, type Adapter, type AdapterContext } from './adapter.js';
import { signClaimsOf } from '../sign-claims.js';

const MODULES = ['jsonwebtoken'];

// jsonwebtoken (v9): sign defaults to HS256 for any key; verify narrows algorithms by key
// type but checks aud/iss only when asked; decode never verifies.
export const jsonwebtoken: Adapter = {
  library: 'jsonwebtoken',
  modules: MODULES,
  visitCall(call, ctx) {
    const sym = ctx.symbolOf(call.callee);
    if (!isModule(sym, MODULES)) return;
    const name = sym.path[0] === 'default' ? sym.path[1] : sym.path[0];
    if (sym.path.length > 2) return;
    if (name === 'sign') sign(call, ctx);
    else if (name === 'verify') verify(call, ctx);
    else if (name === 'decode') decode(call, ctx);
  },
};

// jsonwebtoken 9 rejects RSA keys under 2048 bits when signing (RFC 7518 §3.3) and, on sign
// and verify, a key whose type does not fit the algorithm (CVE-2022-23539). Two switches turn
// those checks off. verify never measures the modulus, so `allowInsecureKeySizes` only acts on
// sign. Wrappers that hand their options to jsonwebtoken (express-jwt, koa-jwt, passport-jwt's
// `jsonWebTokenOptions`, @nestjs/jwt) call this with the object jsonwebtoken receives.
const KEY_CHECK_SWITCHES = { sign: ['allowInsecureKeySizes', 'allowInvalidAsymmetricKeyTypes'], verify: ['allowInvalidAsymmetricKeyTypes'] };

/** Where an option is written: its key (`allowInsecureKeySizes: true` may come through a spread or a constant object). */
export function optionLoc(lookup: OptionLookup, fallback: SourceLocation): SourceLocation {
  if (lookup.lazy) return locOf(lookup.lazy.index, lookup.lazy.keyNode ?? lookup.lazy.node);
  if (lookup.value) return locOf(lookup.value.index, lookup.value.node);
  return fallback;
}

/**
 * Reports the key-check switches set to a literal (or resolvable) `true` in options that reach
 * jsonwebtoken's `use`; `false` or a value computed at run time is not judged.
 */
export function keyCheckSwitches(opts: Options, use: 'sign' | 'verify', ctx: AdapterContext, at: t.Node, where: { library: string; api: string; prefix?: string }) {
  for (const name of KEY_CHECK_SWITCHES[use]) {
    const lookup = opts.get(name);
    if (lookup.state !== 'present' || lookup.value?.kind !== 'boolean' || !lookup.value.value) continue;
    ctx.emitUnsafeOption({
      option: `${where.prefix ?? ''}${name}`,
      kind: 'disables-check',
      library: where.library,
      api: where.api,
      loc: optionLoc(lookup, ctx.loc(at)),
    });
  }
}

function sign(call: t.CallExpression, ctx: AdapterContext) {
  const keyNode = ctx.arg(call, 1);
  const key = ctx.key(keyNode);
  const opts = ctx.options(ctx.arg(call, 2));
  keyCheckSwitches(opts, 'sign', ctx, call, { library: 'jsonwebtoken', api: 'jwt.sign' });
  const algorithm = opts.get('algorithm');
  // An empty key signs `alg: none` tokens, never HMAC ones.
  const signAlgorithm = algorithmOption(algorithm, key?.info.kind !== 'none' && (key?.hmac ?? true), ctx.loc(call));
  let lifetime: Lifetime = lifetimeFrom(opts.get('expiresIn'), 'seconds', 'ms');
  if (lifetime.kind === 'absent') lifetime = ctx.payloadLifetime(ctx.arg(call, 0));
  ctx.emit(
    {
      library: 'jsonwebtoken',
      api: 'jwt.sign',
      operation: 'sign',
      signs: true,
      verifies: false,
      loc: ctx.loc(call),
      key: key?.info ?? null,
      signAlgorithm,
      lifetime,
      signClaims: signClaimsOf(ctx.arg(call, 0), opts, ctx.resolver, ctx.index),
    },
    key,
  );
}

function verify(call: t.CallExpression, ctx: AdapterContext) {
  const keyNode = ctx.arg(call, 1);
  const key = ctx.key(keyNode);
  const opts = ctx.options(ctx.arg(call, 2));
  keyCheckSwitches(opts, 'verify', ctx, call, { library: 'jsonwebtoken', api: 'jwt.verify' });
  const emptyKey = key?.info.kind === 'none';
  ctx.emit(
    {
      library: 'jsonwebtoken',
      api: 'jwt.verify',
      operation: 'verify',
      signs: false,
      verifies: true,
      loc: ctx.loc(call),
      key: key?.info ?? null,
      verifyAlgorithms: algorithmsFrom(opts.get('algorithms'), ctx.resolver, !emptyKey && (key?.hmac ?? true) && key?.info.kind !== 'key-function'),
      audience: presence(opts.get('audience')),
      issuer: presence(opts.get('issuer')),
      expiry: expiryEnforcement(opts.get('ignoreExpiration'), opts.get('clockTolerance')),
      emptyKey,
    },
    key,
  );
}

function decode(call: t.CallExpression, ctx: AdapterContext) {
  const opts = ctx.options(ctx.arg(call, 1));
  const complete = opts.get('complete');
  const returnsComplete = complete.state === 'present' && complete.value?.kind === 'boolean' && complete.value.value;
  ctx.emit({
    library: 'jsonwebtoken',
    api: 'jwt.decode',
    operation: 'decode',
    signs: false,
    verifies: false,
    loc: ctx.loc(call),
    key: null,
    decode: ctx.decodeFacts(call, ctx.arg(call, 0), { returnsComplete }),
  });
}
