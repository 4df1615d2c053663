import type * as t from '@babel/types';
import { algorithmOption, algorithmFromValue, presence, type Options } from '../interpret.js';
import type { AlgorithmSpec } from '../../../facts/model.js';
import { isModule, type Adapter, type AdapterContext } from './adapter.js';

const MODULES = ['hono/jwt', 'hono/utils/jwt', 'hono/utils/jwt/jwt'];

// hono/jwt: `sign(payload, key, alg = 'HS256')`, `verify(token, key, alg | options)`,
// `decode(token)` (no verification) and the `jwt({ secret, alg })` middleware; before
// 4.11.4 the middleware and verify defaulted to HS256 (CVE-2026-22817).
export const hono: Adapter = {
  library: 'hono',
  modules: MODULES,
  visitCall(call, ctx) {
    const sym = ctx.symbolOf(call.callee);
    if (!isModule(sym, MODULES)) return;
    const name = sym.path[sym.path.length - 1];
    if (name === 'sign') sign(call, ctx);
    else if (name === 'verify') verify(call, ctx);
    else if (name === 'decode') {
      ctx.emit({
        library: 'hono',
        api: 'decode',
        operation: 'decode',
        signs: false,
        verifies: false,
        loc: ctx.loc(call),
        key: null,
        decode: ctx.decodeFacts(call, ctx.arg(call, 0), { returnsComplete: true }),
      });
    } else if (name === 'jwt') middleware(call, ctx);
  },
};

function sign(call: t.CallExpression, ctx: AdapterContext) {
  const key = ctx.key(ctx.arg(call, 1));
  ctx.emit(
    {
      library: 'hono',
      api: 'sign',
      operation: 'sign',
      signs: true,
      verifies: false,
      loc: ctx.loc(call),
      key: key?.info ?? null,
      signAlgorithm: algorithmFromValue(ctx.value(ctx.arg(call, 2)) ?? undefined, key?.hmac ?? true),
      lifetime: ctx.payloadLifetime(ctx.arg(call, 0)),
    },
    key,
  );
}

/** The third argument is either the algorithm or an options object with `alg`, `iss`, `aud`. */
function algOrOptions(node: t.Node | undefined, ctx: AdapterContext, hmac: boolean): { algorithms: AlgorithmSpec; opts: Options } {
  const value = ctx.value(node);
  if (value && value.kind === 'object') {
    const opts = ctx.optionsOf(value);
    const alg = opts.get('alg');
    return { algorithms: alg.state === 'present' ? algorithmFromValue(alg.value, hmac) : { kind: 'default', hmacByDefault: hmac }, opts };
  }
  return { algorithms: algorithmFromValue(value ?? undefined, hmac), opts: ctx.options(undefined) };
}

function verify(call: t.CallExpression, ctx: AdapterContext) {
  const key = ctx.key(ctx.arg(call, 1));
  const { algorithms, opts } = algOrOptions(ctx.arg(call, 2), ctx, key?.hmac ?? true);
  ctx.emit(
    {
      library: 'hono',
      api: 'verify',
      operation: 'verify',
      signs: false,
      verifies: true,
      loc: ctx.loc(call),
      key: key?.info ?? null,
      verifyAlgorithms: algorithms,
      audience: presence(opts.get('aud')),
      issuer: presence(opts.get('iss')),
      expiry: {},
    },
    key,
  );
}

function middleware(call: t.CallExpression, ctx: AdapterContext) {
  const opts = ctx.options(ctx.arg(call, 0));
  if (!opts.resolved) return;
  const secret = opts.get('secret');
  const key = secret.state === 'present' && secret.value ? ctx.keyOf(secret.value, secret.lazy?.node ?? call) : null;
  const alg = opts.get('alg');
  const verification = opts.child('verification');
  const aud = verification.get('aud').state === 'present' ? verification.get('aud') : opts.get('aud');
  const iss = verification.get('iss').state === 'present' ? verification.get('iss') : opts.get('iss');
  ctx.emit(
    {
      library: 'hono',
      api: 'jwt',
      operation: 'configure',
      signs: false,
      verifies: true,
      loc: ctx.loc(call),
      key: key?.info ?? null,
      verifyAlgorithms: algorithmOption(alg, key?.hmac ?? true, ctx.loc(call)),
      audience: presence(aud),
      issuer: presence(iss),
      expiry: {},
    },
    key,
  );
}
