import type * as t from '@babel/types';
import { algorithmFromValue, algorithmOption, type Options } from '../interpret.js';
import type { AlgorithmSpec } from '../../../facts/model.js';
import { isModule, type Adapter, type AdapterContext } from './adapter.js';

const MODULES = ['jws'];

// jws (auth0/node-jws, the library jsonwebtoken signs with): compact JWS of any payload.
// - `jws.sign({ header: { alg }, payload, secret | privateKey | key })` and
//   `jws.createSign({ … })`: the protected header names the algorithm (the library requires it).
// - `jws.verify(signature, algorithm, secretOrKey)`: the algorithm is a required argument, so
//   the verifier is always pinned to the one given. `jws.createVerify({ signature,
//   algorithm, key | publicKey | secret })` likewise.
// - `jws.decode(signature)`: `{ header, payload, signature }`, nothing checked.
// A JWS carries any payload: audience, issuer and lifetime are not judged (as jose's JWS API).
export const jws: Adapter = {
  library: 'jws',
  modules: MODULES,
  visitCall(call, ctx) {
    const sym = ctx.symbolOf(call.callee);
    if (!isModule(sym, MODULES)) return;
    const name = (sym.path[0] === 'default' ? sym.path.slice(1) : sym.path).join('.');
    if (name === 'sign' || name === 'createSign') sign(call, ctx, `jws.${name}`);
    else if (name === 'verify') verify(call, ctx);
    else if (name === 'createVerify') createVerify(call, ctx);
    else if (name === 'decode') decode(call, ctx);
  },
};

/** The key an options object carries: `secret`, `privateKey` or `key` (and `publicKey` to verify). */
function keyOfOptions(opts: Options, call: t.CallExpression, ctx: AdapterContext, names: string[]) {
  const lookup = opts.any(...names);
  return lookup.state === 'present' && lookup.value ? ctx.keyOf(lookup.value, lookup.lazy?.node ?? call) : null;
}

function sign(call: t.CallExpression, ctx: AdapterContext, api: string) {
  const opts = ctx.options(ctx.arg(call, 0));
  const key = keyOfOptions(opts, call, ctx, ['secret', 'privateKey', 'key']);
  const signAlgorithm = algorithmOption(opts.child('header').get('alg'), false, ctx.loc(call));
  ctx.emit(
    {
      library: 'jws',
      api,
      operation: 'sign',
      signs: true,
      verifies: false,
      loc: ctx.loc(call),
      key: key?.info ?? null,
      signAlgorithm,
      lifetime: { kind: 'unknown' },
    },
    key,
  );
}

function emitVerify(call: t.CallExpression, ctx: AdapterContext, api: string, verifyAlgorithms: AlgorithmSpec, key: ReturnType<AdapterContext['key']>) {
  ctx.emit(
    {
      library: 'jws',
      api,
      operation: 'verify',
      signs: false,
      verifies: true,
      loc: ctx.loc(call),
      key: key?.info ?? null,
      verifyAlgorithms,
      audience: 'unknown',
      issuer: 'unknown',
    },
    key,
  );
}

function verify(call: t.CallExpression, ctx: AdapterContext) {
  const key = ctx.key(ctx.arg(call, 2));
  emitVerify(call, ctx, 'jws.verify', algorithmFromValue(ctx.value(ctx.arg(call, 1)) ?? undefined, key?.hmac ?? false), key);
}

function createVerify(call: t.CallExpression, ctx: AdapterContext) {
  const opts = ctx.options(ctx.arg(call, 0));
  const key = keyOfOptions(opts, call, ctx, ['key', 'publicKey', 'secret']);
  emitVerify(call, ctx, 'jws.createVerify', algorithmOption(opts.get('algorithm'), key?.hmac ?? false, ctx.loc(call)), key);
}

function decode(call: t.CallExpression, ctx: AdapterContext) {
  ctx.emit({
    library: 'jws',
    api: 'jws.decode',
    operation: 'decode',
    signs: false,
    verifies: false,
    loc: ctx.loc(call),
    key: null,
    // `{ header, payload, signature }`: reading only `.header` (to pick a `kid`) is header-only.
    decode: ctx.decodeFacts(call, ctx.arg(call, 0), { returnsComplete: true }),
  });
}
