import type * as t from '@babel/types';
import { algorithmOption, algorithmsFrom, expiryEnforcement, lifetimeFrom, presence, type KeyAnalysis } from '../interpret.js';
import { memberPath, methodName } from '../resolve-value.js';
import { isModule, type Adapter, type AdapterContext } from './adapter.js';

const PLUGIN = ['@fastify/jwt', 'fastify-jwt'];

// @fastify/jwt (fast-jwt underneath): configured once with `app.register(fastifyJwt, {...})`;
// `request.jwtVerify()`/`reply.jwtSign()` use that configuration. By default every algorithm
// is accepted and no claim is checked; fast-jwt takes numeric spans in milliseconds.
export const fastifyJwt: Adapter = {
  library: '@fastify/jwt',
  modules: [...PLUGIN, 'fastify', 'fastify-plugin'],
  visitCall(call, ctx) {
    const method = methodName(call.callee);
    if (method === 'register' && isModule(ctx.symbolOf(ctx.arg(call, 0)), PLUGIN)) register(call, ctx);
    else if (method === 'decode' || method === 'jwtDecode') decode(call, ctx, method);
  },
};

function register(call: t.CallExpression, ctx: AdapterContext) {
  const opts = ctx.options(ctx.arg(call, 1));
  if (!opts.resolved) return;
  const secret = opts.get('secret');
  let key: KeyAnalysis | null = null;
  if (secret.state === 'present' && secret.value) {
    const pair = secret.value.kind === 'object' ? ctx.optionsOf(secret.value) : null;
    const priv = pair?.get('private');
    key = priv && priv.state === 'present' && priv.value ? ctx.keyOf(priv.value, priv.lazy?.node ?? call) : ctx.keyOf(secret.value, secret.lazy?.node ?? call);
    if (pair && key) key = { ...key, hmac: key.info.kind === 'hmac-secret' };
  }
  const hmac = key?.hmac ?? true;
  const sign = opts.child('sign');
  const verify = opts.child('verify');
  const algorithm = sign.get('algorithm');
  ctx.emit(
    {
      library: '@fastify/jwt',
      api: 'register(fastifyJwt)',
      operation: 'configure',
      signs: true,
      verifies: true,
      loc: ctx.loc(call),
      key: key?.info ?? null,
      signAlgorithm: algorithmOption(algorithm, hmac, ctx.loc(call)),
      verifyAlgorithms: algorithmsFrom(verify.get('algorithms'), ctx.resolver, hmac),
      audience: presence(verify.any('allowedAud', 'audience')),
      issuer: presence(verify.any('allowedIss', 'issuer')),
      lifetime: lifetimeFrom(sign.any('expiresIn', 'maxAge'), 'milliseconds', 'ms'),
      expiry: expiryEnforcement(verify.get('ignoreExpiration'), verify.get('clockTolerance'), 'milliseconds'),
    },
    key,
  );
}

function decode(call: t.CallExpression, ctx: AdapterContext, method: string) {
  // `fastify.jwt.decode(token)` / `request.jwtDecode()`
  const path = memberPath(call.callee);
  if (method === 'decode' && !(path && path.length >= 3 && path[path.length - 2] === 'jwt')) return;
  ctx.emit({
    library: '@fastify/jwt',
    api: method === 'decode' ? 'jwt.decode' : 'jwtDecode',
    operation: 'decode',
    signs: false,
    verifies: false,
    loc: ctx.loc(call),
    key: null,
    decode: ctx.decodeFacts(call, ctx.arg(call, 0), { returnsComplete: false }),
  });
}
