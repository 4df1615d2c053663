import type * as t from '@babel/types';
import { algorithmFromValue, algorithmOption, algorithmsFrom, expiryEnforcement, lifetimeFrom, presence, type KeyAnalysis, type Options } from '../interpret.js';
import type { AlgorithmSpec, Lifetime } from '../../../facts/model.js';
import { calleeName, unwrap, type RValue } from '../resolve-value.js';
import type { FileIndex } from '../file-index.js';
import { isModule, type Adapter, type AdapterContext } from './adapter.js';

const MODULES = ['jose'];

// jose before v3 (v1.x, v2.x): namespaces `JWT`, `JWK`, `JWS`, `JWKS` on the package root.
// The v3+ API (`jwtVerify`, `SignJWT`, `decodeJwt`...) is the `jose` adapter; the two never
// see the same call because the member paths differ.
//
// - `JWT.sign(payload, key, { algorithm, expiresIn, header, audience, issuer, ... })`: the
//   algorithm is `algorithm`, else `header.alg`, else the key's first: HS256 for an `oct` key.
//   `expiresIn` is a timespan string (`'2 hours'`, `'20 m'`); without it the payload's `exp`.
// - `JWT.verify(token, keyOrStore, { algorithms, audience, issuer, clockTolerance, ignoreExp,
//   maxTokenAge, ... })`: without `algorithms` it accepts every algorithm the key (or the keys
//   of the store) supports: HS* for an `oct` key, RS/PS for RSA, ES for EC, `none` only for
//   `JWK.None`. It narrows by key type like jose v3+, so sites carry `library: 'jose'`.
//   `ignoreExp: true` skips the expiry check. `JWT.IdToken/AccessToken/LogoutToken.verify`
//   take the same options.
// - `JWT.decode(token, { complete })`: no signature check.
// - Keys: any `JWK.asKey()` input also works where a key is expected. A string or Buffer
//   without `-----BEGIN` is an `oct` (HMAC) secret, a PEM is an asymmetric key, a JWK object
//   is what its `kty` says; `JWK.generate(Sync)('oct')` makes a random HMAC secret, other key
//   types a private key; `JWK.None` is the unsecured key (`alg: none`); `JWKS.asKeyStore()` /
//   `new JWKS.KeyStore()` are key sets. A key imported with `{ alg }` (or a JWK with `alg`)
//   supports that one algorithm only: it pins the algorithm.
// - `JWS.sign(payload, key, protectedHeader)` / `JWS.verify(jws, keyOrStore, { algorithms })`
//   sign and check any payload: judged for key and algorithm only (no claims are checked, and
//   a JWS need not be a JWT, so audience, issuer and lifetime are not judged).
export const joseLegacy: Adapter = {
  library: 'jose',
  modules: MODULES,
  visitCall(call, ctx) {
    const sym = ctx.symbolOf(call.callee);
    if (!isModule(sym, MODULES)) return;
    const path = sym.path[0] === 'default' ? sym.path.slice(1) : sym.path;
    const name = path.join('.');
    switch (name) {
      case 'JWT.sign':
        return sign(call, ctx, 'JWT.sign');
      case 'JWS.sign':
      case 'JWS.sign.flattened':
        return sign(call, ctx, name);
      case 'JWT.verify':
      case 'JWT.IdToken.verify':
      case 'JWT.AccessToken.verify':
      case 'JWT.LogoutToken.verify':
      case 'JWS.verify':
        return verify(call, ctx, name);
      case 'JWT.decode':
        return decode(call, ctx);
      default:
        return;
    }
  },
};

/** A key argument as the legacy library reads it. */
interface LegacyKey {
  analysis: KeyAnalysis | null;
  /** `JWK.None`: the unsecured key. */
  unsecured: boolean;
  /** The algorithm the key was imported or generated for (`JWK.asKey(x, { alg })`). */
  alg: RValue | null;
}

interface Mapped {
  value: RValue;
  unsecured: boolean;
  alg: RValue | null;
}

/** The `jose` member path a node stands for, when it is one (`JWK.None`, `JWK.asKey`). */
function josePath(node: t.Node, index: FileIndex, ctx: AdapterContext): string | null {
  if (index === ctx.index) {
    const sym = ctx.symbolOf(node);
    if (!isModule(sym, MODULES)) return null;
    return (sym.path[0] === 'default' ? sym.path.slice(1) : sym.path).join('.');
  }
  // In another module the symbol table is not ours: go by the written name.
  const name = calleeName(node);
  const m = /(?:^|\.)(JWKS?\.[A-Za-z]+)$/.exec(name);
  if (m) return m[1]!;
  if (name === 'asKey' || name === 'asKeyStore') return name === 'asKey' ? 'JWK.asKey' : 'JWKS.asKeyStore';
  return null;
}

function argOf(call: t.CallExpression | t.NewExpression, i: number): t.Expression | undefined {
  const a = call.arguments[i];
  if (!a || a.type === 'SpreadElement' || a.type === 'ArgumentPlaceholder') return undefined;
  return a as t.Expression;
}

/** The `alg` member of an options object or JWK, when it is written. */
function algMember(v: RValue | null | undefined, ctx: AdapterContext): RValue | null {
  if (!v || v.kind !== 'object') return null;
  const r = ctx.resolver.member(v, 'alg');
  return r.found === 'yes' && r.value ? r.value : null;
}

/** Rewrites jose v1/v2 key producers into values the generic key analysis understands. */
function mapKey(v: RValue, ctx: AdapterContext, depth = 0): Mapped {
  const plain: Mapped = { value: v, unsecured: false, alg: null };
  if (depth > 6) return plain;
  if (v.kind === 'union') {
    const parts = v.options.map((o) => mapKey(o, ctx, depth + 1));
    return { value: { ...v, options: parts.map((p) => p.value) }, unsecured: parts.some((p) => p.unsecured), alg: null };
  }
  const node = unwrap(v.node);
  if (node.type === 'MemberExpression' || node.type === 'Identifier') {
    const name = josePath(node, v.index, ctx);
    if (name === 'JWK.None') return { value: { kind: 'nullish', node, index: v.index }, unsecured: true, alg: null };
    return plain;
  }
  if (v.kind !== 'call' || (node.type !== 'CallExpression' && node.type !== 'NewExpression')) return plain;
  const name = josePath(node.callee, v.index, ctx);
  const located = { node, index: v.index };
  switch (name) {
    case 'JWK.asKey':
    case 'JWK.importKey': {
      const first = argOf(node, 0);
      if (!first) return plain;
      const inner = ctx.resolver.resolve(first, v.index);
      const mapped = mapKey(inner, ctx, depth + 1);
      const second = argOf(node, 1);
      const alg = algMember(second ? ctx.resolver.resolve(second, v.index) : null, ctx) ?? algMember(inner, ctx) ?? mapped.alg;
      return { ...mapped, alg };
    }
    case 'JWK.generate':
    case 'JWK.generateSync': {
      const first = argOf(node, 0);
      const kty = first ? ctx.resolver.resolve(first, v.index) : null;
      const third = argOf(node, 2);
      const alg = algMember(third ? ctx.resolver.resolve(third, v.index) : null, ctx);
      if (kty?.kind === 'string' && kty.value === 'oct') return { value: { kind: 'secret-key', of: { kind: 'unknown', ...located }, ...located }, unsecured: false, alg };
      if (kty?.kind === 'string') return { value: { kind: 'key', producer: 'private', hint: name, ...located }, unsecured: false, alg };
      return plain;
    }
    case 'JWKS.asKeyStore':
    case 'JWKS.KeyStore':
      return { value: { kind: 'key', producer: 'jwks', hint: name, ...located }, unsecured: false, alg: null };
    default:
      return plain;
  }
}

function legacyKey(node: t.Expression | undefined, ctx: AdapterContext): LegacyKey {
  if (!node) return { analysis: null, unsecured: false, alg: null };
  if (josePath(node, ctx.index, ctx) === 'JWK.None') {
    return { analysis: ctx.keyOf({ kind: 'nullish', node, index: ctx.index }, node, false), unsecured: true, alg: null };
  }
  const v = ctx.value(node);
  if (!v) return { analysis: null, unsecured: false, alg: null };
  const mapped = mapKey(v, ctx);
  // A plain string (or Buffer) is imported as an `oct` key; an unresolved value is usually a
  // `JWK.Key` built elsewhere, whose type cannot be told.
  return { analysis: ctx.keyOf(mapped.value, node, false), unsecured: mapped.unsecured, alg: mapped.alg };
}

/** The key's own algorithm, when it was imported for one: it is the only one the key supports. */
function keyAlgorithm(key: LegacyKey): AlgorithmSpec | null {
  if (!key.alg) return null;
  const spec = algorithmFromValue(key.alg, false);
  return spec.kind === 'explicit' ? spec : null;
}

function sign(call: t.CallExpression, ctx: AdapterContext, api: string) {
  const jws = api.startsWith('JWS.');
  const key = legacyKey(ctx.arg(call, 1), ctx);
  const opts = ctx.options(ctx.arg(call, 2));
  const hmac = !key.unsecured && (key.analysis?.hmac ?? false);
  // JWT.sign: `algorithm`, else `header.alg`; JWS.sign: the protected header's `alg`.
  let signAlgorithm: AlgorithmSpec = jws ? algorithmOption(opts.get('alg'), hmac, ctx.loc(call)) : algorithmOption(opts.get('algorithm'), hmac, ctx.loc(call));
  if (!jws && signAlgorithm.kind === 'default') signAlgorithm = algorithmOption(opts.child('header').get('alg'), hmac, ctx.loc(call));
  if (signAlgorithm.kind === 'default') signAlgorithm = keyAlgorithm(key) ?? signAlgorithm;
  let lifetime: Lifetime = { kind: 'unknown' };
  if (!jws) {
    lifetime = lifetimeFrom(opts.get('expiresIn'), 'seconds', 's');
    if (lifetime.kind === 'absent') lifetime = ctx.payloadLifetime(ctx.arg(call, 0));
  }
  ctx.emit(
    {
      library: 'jose',
      api,
      operation: 'sign',
      signs: true,
      verifies: false,
      loc: ctx.loc(call),
      key: key.analysis?.info ?? null,
      signAlgorithm,
      lifetime,
      ...(key.unsecured ? { unsecured: true } : {}),
    },
    key.analysis,
  );
}

function verify(call: t.CallExpression, ctx: AdapterContext, api: string) {
  const jws = api.startsWith('JWS.');
  const key = legacyKey(ctx.arg(call, 1), ctx);
  const opts: Options = ctx.options(ctx.arg(call, 2));
  const hmac = !key.unsecured && (key.analysis?.hmac ?? false);
  const algorithms = opts.get('algorithms');
  const verifyAlgorithms: AlgorithmSpec = algorithms.state === 'absent' ? (keyAlgorithm(key) ?? { kind: 'default', hmacByDefault: hmac }) : algorithmsFrom(algorithms, ctx.resolver, hmac);
  ctx.emit(
    {
      library: 'jose',
      api,
      operation: 'verify',
      signs: false,
      verifies: true,
      loc: ctx.loc(call),
      key: key.analysis?.info ?? null,
      verifyAlgorithms,
      // A JWS carries any payload: its claims are not the library's business.
      audience: jws ? 'unknown' : presence(opts.get('audience')),
      issuer: jws ? 'unknown' : presence(opts.get('issuer')),
      ...(jws ? {} : { expiry: expiryEnforcement(opts.get('ignoreExp'), opts.get('clockTolerance')) }),
      ...(key.unsecured ? { unsecured: true } : {}),
    },
    key.analysis,
  );
}

function decode(call: t.CallExpression, ctx: AdapterContext) {
  const complete = ctx.options(ctx.arg(call, 1)).get('complete');
  const returnsComplete = complete.state === 'present' && complete.value?.kind === 'boolean' && complete.value.value;
  ctx.emit({
    library: 'jose',
    api: 'JWT.decode',
    operation: 'decode',
    signs: false,
    verifies: false,
    loc: ctx.loc(call),
    key: null,
    decode: ctx.decodeFacts(call, ctx.arg(call, 0), { returnsComplete }),
  });
}
