import { algorithmFromValue } from '../interpret.js';
import { isModule, type Adapter } from './adapter.js';

const MODULES = ['jwt-simple'];

// jwt-simple: `encode(payload, key, alg = 'HS256')`; `decode(token, key, noVerify, alg)`
// verifies unless `noVerify` is true, and without `alg` trusts the header's algorithm.
export const jwtSimple: Adapter = {
  library: 'jwt-simple',
  modules: MODULES,
  visitCall(call, ctx) {
    const sym = ctx.symbolOf(call.callee);
    if (!isModule(sym, MODULES)) return;
    const name = sym.path[sym.path.length - 1];
    if (name === 'encode') {
      const key = ctx.key(ctx.arg(call, 1));
      ctx.emit(
        {
          library: 'jwt-simple',
          api: 'jwt.encode',
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
    } else if (name === 'decode') {
      const noVerify = ctx.value(ctx.arg(call, 2));
      if (noVerify && noVerify.kind === 'boolean' && noVerify.value) {
        ctx.emit({
          library: 'jwt-simple',
          api: 'jwt.decode',
          operation: 'decode',
          signs: false,
          verifies: false,
          loc: ctx.loc(call),
          key: null,
          decode: ctx.decodeFacts(call, ctx.arg(call, 0), { returnsComplete: false }),
        });
        return;
      }
      const key = ctx.key(ctx.arg(call, 1));
      ctx.emit(
        {
          library: 'jwt-simple',
          api: 'jwt.decode',
          operation: 'verify',
          signs: false,
          verifies: true,
          loc: ctx.loc(call),
          key: key?.info ?? null,
          verifyAlgorithms: algorithmFromValue(ctx.value(ctx.arg(call, 3)) ?? undefined, key?.hmac ?? true),
          audience: 'absent',
          issuer: 'absent',
          expiry: {},
        },
        key,
      );
    }
  },
};
