import { isModule, type Adapter } from './adapter.js';
import { verifierMiddleware } from './express-jwt.js';

const MODULES = ['koa-jwt'];

// koa-jwt: a configure-once verifier (`app.use(koaJwt({ secret, algorithms, ... }))`) that
// hands its options to jsonwebtoken.verify.
export const koaJwt: Adapter = {
  library: 'koa-jwt',
  modules: MODULES,
  visitCall(call, ctx) {
    const sym = ctx.symbolOf(call.callee);
    if (!isModule(sym, MODULES)) return;
    if (sym.path.length > 1 || (sym.path.length === 1 && sym.path[0] !== 'default' && sym.path[0] !== 'koaJwt')) return;
    verifierMiddleware(call, ctx, 'koa-jwt', 'koaJwt');
  },
};
