import type * as t from '@babel/types';
import { algorithmsFrom, expiryEnforcement, presence } from '../interpret.js';
import { isModule, type Adapter, type AdapterContext } from './adapter.js';
import { keyCheckSwitches } from './jsonwebtoken.js';

const MODULES = ['express-jwt'];

// express-jwt: `expressjwt({...})` (v7+) and the v5/v6 default export `jwt({...})`, a
// configure-once verifier that passes its options to jsonwebtoken.verify. `algorithms`
// became mandatory in v6 (CVE-2020-15084); older code may still omit it.
export const expressJwt: Adapter = {
  library: 'express-jwt',
  modules: MODULES,
  visitCall(call, ctx) {
    const sym = ctx.symbolOf(call.callee);
    if (!isModule(sym, MODULES)) return;
    const name = sym.path.join('.');
    if (name !== 'expressjwt' && name !== '' && name !== 'default' && name !== 'expressJwt') return;
    verifierMiddleware(call, ctx, 'express-jwt', 'expressjwt');
  },
};

/** A configure-once verifier whose options go to jsonwebtoken.verify (express-jwt, koa-jwt). */
export function verifierMiddleware(call: t.CallExpression, ctx: AdapterContext, library: string, api: string) {
  const opts = ctx.options(ctx.arg(call, 0));
  if (!opts.resolved) return;
  keyCheckSwitches(opts, 'verify', ctx, call, { library, api });
  const secret = opts.get('secret');
  const key = secret.state === 'present' && secret.value ? ctx.keyOf(secret.value, secret.lazy?.node ?? call) : null;
  ctx.emit(
    {
      library,
      api,
      operation: 'configure',
      signs: false,
      verifies: true,
      loc: ctx.loc(call),
      key: key?.info ?? null,
      verifyAlgorithms: algorithmsFrom(opts.get('algorithms'), ctx.resolver, key?.hmac ?? true),
      audience: presence(opts.get('audience')),
      issuer: presence(opts.get('issuer')),
      expiry: expiryEnforcement(opts.get('ignoreExpiration'), opts.get('clockTolerance')),
    },
    key,
  );
}
