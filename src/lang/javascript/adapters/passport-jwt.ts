import type * as t from '@babel/types';
import { algorithmsFrom, expiryEnforcement, presence, type Options } from '../interpret.js';
import { unwrap } from '../resolve-value.js';
import { isModule, type Adapter, type AdapterContext, type ModuleSymbol } from './adapter.js';
import { keyCheckSwitches, optionLoc } from './jsonwebtoken.js';

const MODULES = ['passport-jwt'];

// passport-jwt (4.0.1, lib/strategy.js) builds jsonwebtoken's verify options as
// `assign({}, jsonWebTokenOptions, { audience, issuer, algorithms, ignoreExpiration })`, and its
// assign copies `undefined` too: those four keys inside `jsonWebTokenOptions` are overwritten
// and count as absent. Every other key there reaches jsonwebtoken.verify.
const OVERWRITTEN_CHECKS = ['algorithms', 'audience', 'issuer'];
export const passportJwt: Adapter = {
  library: 'passport-jwt',
  modules: MODULES,
  visitNew(expr, ctx) {
    if (!isStrategy(ctx.symbolOf(expr.callee))) return;
    strategy(expr, ctx.arg(expr, 0), ctx, 'new JwtStrategy');
  },
  visitClass(cls, ctx) {
    // NestJS: `class JwtStrategy extends PassportStrategy(Strategy) { constructor() { super({...}) } }`
    const sup = cls.superClass ? unwrap(cls.superClass) : null;
    if (!sup) return;
    const base = sup.type === 'CallExpression' ? sup.arguments[0] : sup;
    if (!base || !isStrategy(ctx.symbolOf(base))) return;
    // Messages name the strategy class the user wrote, not the `super(...)` call inside it.
    const api = cls.id?.name ?? 'PassportStrategy(Strategy)';
    for (const member of cls.body.body) {
      if (member.type !== 'ClassMethod' || member.kind !== 'constructor') continue;
      for (const call of ctx.superCalls(member)) strategy(call, ctx.arg(call, 0), ctx, api);
    }
  },
};

function isStrategy(sym: ModuleSymbol | null): boolean {
  return isModule(sym, MODULES) && sym.path.length === 1 && sym.path[0] === 'Strategy';
}

function strategy(node: t.CallExpression | t.NewExpression, optionsNode: t.Node | undefined, ctx: AdapterContext, api: string) {
  const opts = ctx.options(optionsNode);
  if (!opts.resolved) return;
  const secret = opts.any('secretOrKey', 'secretOrKeyProvider');
  const key = secret.state === 'present' && secret.value ? ctx.keyOf(secret.value, secret.lazy?.node ?? node) : null;
  const jwtOptions = opts.child('jsonWebTokenOptions');
  keyCheckSwitches(jwtOptions, 'verify', ctx, node, { library: 'passport-jwt', api, prefix: 'jsonWebTokenOptions.' });
  overwrittenChecks(opts, jwtOptions, ctx, node, api);
  ctx.emit(
    {
      library: 'passport-jwt',
      api,
      operation: 'configure',
      signs: false,
      verifies: true,
      loc: ctx.loc(node),
      key: key?.info ?? null,
      verifyAlgorithms: algorithmsFrom(opts.get('algorithms'), ctx.resolver, key?.hmac ?? true),
      audience: presence(opts.get('audience')),
      issuer: presence(opts.get('issuer')),
      expiry: expiryEnforcement(opts.get('ignoreExpiration'), jwtOptions.get('clockTolerance')),
    },
    key,
  );
}

// A check asked for only inside `jsonWebTokenOptions` never runs. With the top-level option set
// as well, the inner value is dead but the top level decides, and the other rules judge it.
// `ignoreExpiration` is overwritten too, but dropping it keeps the expiry check on: not reported.
function overwrittenChecks(opts: Options, jwtOptions: Options, ctx: AdapterContext, node: t.Node, api: string) {
  for (const name of OVERWRITTEN_CHECKS) {
    const inner = jwtOptions.get(name);
    if (inner.state !== 'present' || !inner.value || inner.value.kind === 'nullish') continue;
    if (presence(opts.get(name)) !== 'absent') continue;
    ctx.emitUnsafeOption({ option: `jsonWebTokenOptions.${name}`, kind: 'ignored', library: 'passport-jwt', api, loc: optionLoc(inner, ctx.loc(node)) });
  }
}
