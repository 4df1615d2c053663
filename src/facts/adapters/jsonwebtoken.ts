import type * as t from '@babel/types';
import { algorithmOption, algorithmsFrom, expiryEnforcement, lifetimeFrom, presence } from '../interpret.js';
import type { Lifetime } from '../model.js';
import { isModule, type Adapter, type AdapterContext } from './adapter.js';

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

function sign(call: t.CallExpression, ctx: AdapterContext) {
  const keyNode = ctx.arg(call, 1);
  const key = ctx.key(keyNode);
  const opts = ctx.options(ctx.arg(call, 2));
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
    },
    key,
  );
}

function verify(call: t.CallExpression, ctx: AdapterContext) {
  const keyNode = ctx.arg(call, 1);
  const key = ctx.key(keyNode);
  const opts = ctx.options(ctx.arg(call, 2));
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
