import { algorithmFromValue } from '../interpret.js';
import type { RValue, ValueResolver } from '../resolve-value.js';
import { isModule, type Adapter } from './adapter.js';

const MODULES = ['jwt-simple'];

// jwt-simple: `encode(payload, key, alg = 'HS256')`; `decode(token, key, noVerify, alg)`
// verifies unless `noVerify` is truthy (`if (!noVerify) { ...verify }`), and without `alg`
// trusts the header's algorithm. Any truthy third argument skips the signature check: `true`,
// `1`, `{}`, and any non-empty string (`'HS256'` passed where the algorithm was meant to go,
// `'false'`), written there or reached through constants, fallbacks and callers' arguments.
// `false`, `0`, `''`, `null`/`undefined` or no argument verify.
// Decision for a third argument that cannot be resolved (an env read without fallback, a
// parameter whose callers are not seen, a computed value): modelled as a verify, not
// reported. The library verifies unless told otherwise, a flag read at run time is usually a
// deliberate switch (tests, tooling), and the rule has no way to mark such a guess; a site
// where some resolved values are truthy and others falsy is reported (one path skips the check).
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
      if (noVerify && truthiness(noVerify, ctx.resolver) === 'truthy') {
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

type Truthiness = 'truthy' | 'falsy' | 'unknown';

/**
 * Whether a resolved value is truthy at run time. A union (a fallback, a conditional, several
 * callers) is truthy when any of its resolved options is: that path skips verification.
 */
function truthiness(v: RValue, resolver: ValueResolver, depth = 0): Truthiness {
  if (depth > 4) return 'unknown';
  switch (v.kind) {
    case 'boolean':
      return v.value ? 'truthy' : 'falsy';
    case 'string':
      return v.value !== '' ? 'truthy' : 'falsy';
    case 'number':
      return v.value !== 0 && !Number.isNaN(v.value) ? 'truthy' : 'falsy';
    case 'nullish':
      return 'falsy';
    case 'object':
    case 'array':
    case 'function':
    case 'text-encoder':
      return 'truthy';
    case 'union':
    case 'param': {
      const options = v.kind === 'union' ? v.options : resolver.callerValues(v);
      let falsy = options.length > 0;
      for (const option of options.slice(0, 20)) {
        const t = truthiness(option, resolver, depth + 1);
        if (t === 'truthy') return 'truthy';
        if (t !== 'falsy') falsy = false;
      }
      return falsy ? 'falsy' : 'unknown';
    }
    default:
      return 'unknown';
  }
}
