import type * as t from '@babel/types';
import { algorithmsFrom, expiryEnforcement, presence, type KeyAnalysis, type Options } from '../interpret.js';
import type { Adapter, AdapterContext } from './adapter.js';
import { hapiJwtStrategy } from './hapi-jwt.js';
import { keyCheckSwitches } from './jsonwebtoken.js';

// hapi-auth-jwt2 (v8–11, checked against lib/index.cjs; the old hapi-auth-jwt is read the
// same way): `server.auth.strategy(name, 'jwt', { key, validate, verifyOptions })` is a
// configure-once verifier that hands `verifyOptions` to jsonwebtoken.verify (^9 since v10),
// once per key when `key` is an array; `key` may also be a function of the decoded token
// (a key lookup). So the jsonwebtoken readings apply: algorithms narrowed by key type when
// `verifyOptions.algorithms` is absent, aud/iss checked only when asked, `ignoreExpiration`
// and `clockTolerance` (seconds). Without `validate` (`validateFunc` before v8), a `verify`
// (`verifyFunc`) function replaces the whole check (the plugin never calls jsonwebtoken): not
// judged. hapi < 17 passes a mode before the options: `strategy(name, 'jwt', true, {...})`.
export const hapiAuthJwt2: Adapter = {
  library: 'hapi-auth-jwt2',
  modules: ['hapi-auth-jwt2', 'hapi-auth-jwt', '@hapi/hapi', 'hapi'],
  visitCall(call, ctx) {
    const strategy = hapiJwtStrategy(call, ctx);
    if (strategy?.plugin === 'hapi-auth-jwt2') configure(call, strategy.options, ctx);
  },
};

function configure(call: t.CallExpression, opts: Options, ctx: AdapterContext) {
  // v8+ `validate`/`verify`, before v8 `validateFunc`/`verifyFunc`.
  const validates = opts.get('validate').state !== 'absent' || opts.get('validateFunc').state !== 'absent';
  if (!validates && opts.any('verify', 'verifyFunc').state === 'present') return;
  const keyLookup = opts.get('key');
  const keys: KeyAnalysis[] = [];
  if (keyLookup.state === 'present' && keyLookup.value) {
    const top = keyLookup.value;
    if (top.kind === 'array') {
      for (const el of top.elements) {
        const k = ctx.keyOf(ctx.resolver.resolveLazy(el), el.node);
        if (k) keys.push(k);
      }
    } else {
      const k = ctx.keyOf(top, keyLookup.lazy?.node ?? call);
      if (k) keys.push(k);
    }
  }
  const [key, ...others] = keys;
  for (const other of others) ctx.emitSecret(other, ctx.loc(call));
  const verifyOptions = opts.child('verifyOptions');
  keyCheckSwitches(verifyOptions, 'verify', ctx, call, { library: 'hapi-auth-jwt2', api: 'server.auth.strategy', prefix: 'verifyOptions.' });
  const hmac = (key?.hmac ?? true) && key?.info.kind !== 'key-function';
  ctx.emit(
    {
      library: 'hapi-auth-jwt2',
      api: 'server.auth.strategy',
      operation: 'configure',
      signs: false,
      verifies: true,
      loc: ctx.loc(call),
      key: key?.info ?? null,
      verifyAlgorithms: algorithmsFrom(verifyOptions.get('algorithms'), ctx.resolver, hmac),
      audience: presence(verifyOptions.get('audience')),
      issuer: presence(verifyOptions.get('issuer')),
      expiry: expiryEnforcement(verifyOptions.get('ignoreExpiration'), verifyOptions.get('clockTolerance')),
    },
    key ?? null,
  );
}
