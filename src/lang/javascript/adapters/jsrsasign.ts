import type * as t from '@babel/types';
import { algorithmFromValue, algorithmOption, algorithmsFrom, expiryEnforcement, lifetimeOfExpClaim, type KeyAnalysis, type OptionLookup } from '../interpret.js';
import type { AlgorithmSpec, Lifetime, Presence, SecretMaterial } from '../../../facts/model.js';
import { calleeName, locOf, unwrap, type Lazy, type RValue } from '../resolve-value.js';
import { lookup } from '../file-index.js';
import { isModule, type Adapter, type AdapterContext } from './adapter.js';

const MODULES = ['jsrsasign', 'jsrsasign-reduced'];

// jsrsasign (KJUR, 8.x–11.x; jsrsasign-reduced is a build of the same API; jsrsasign-util only
// reads files). Every JWT entry point sits under `KJUR.jws.JWS` (also exported as `jws`):
// - `JWS.sign(alg, header, payload, key)`: `alg` may be null/'' and then comes from the header
//   (object or JSON string). There is no default algorithm; `'none'` signs an unsigned token.
//   HMAC keys go to `KJUR.crypto.Mac.setPassword`: `{utf8|hex|b64|b64u|rstr: …}`, or a plain
//   string that is read as HEX when it has an even length of hex digits (raw text otherwise), so
//   a secret's strength is counted in the bytes the library actually uses.
// - `JWS.verify(jws, key, acceptAlgs)`: `acceptAlgs` is optional and only honoured when it is a
//   non-empty array; without it the header's `alg` decides, narrowed by key type since 5.0.0
//   (RS/PS need an RSAKey, ES an ECDSA object, a string key is an HMAC secret; `none` throws).
//   Before 3.2.0 there was no key check at all (header-chosen HMAC with a public key). So a
//   verify without an array is `unpinned-algorithm`. It checks no claims: like any JWS verify,
//   audience/issuer/expiry are not judged here.
// - `JWS.verifyJWT(jwt, key, { alg, iss, aud, verifyAt, gracePeriod })`: `alg` is required
//   (throws without it) and always passed on as the allowlist. `iss`/`aud` are checked only when
//   they are arrays (`typeof === 'object'`): a string is silently ignored (counted absent).
//   `gracePeriod` is a clock tolerance in seconds.
// - `JWS.parse(jws)`, `JWS.readSafeJSONString(b64utoutf8(seg[1]))` and `b64utoutf8`/`b64utos(seg[1])` read
//   claims without verifying; `.headerObj` reads are header-only.
// - `KJUR.jws.IntDate.get('now + 1day')` / `IntDate.getNow() + n` are understood as `exp` lifetimes.
export const jsrsasign: Adapter = {
  library: 'jsrsasign',
  modules: MODULES,
  visitCall(call, ctx) {
    const sym = ctx.symbolOf(call.callee);
    if (!isModule(sym, MODULES)) return;
    const name = memberName(sym.path);
    if (name === 'JWS.sign') sign(call, ctx);
    else if (name === 'JWS.verify') verify(call, ctx);
    else if (name === 'JWS.verifyJWT') verifyJWT(call, ctx);
    else if (name === 'JWS.parse') parse(call, ctx);
    else if (BASE64_TO_TEXT.has(name)) manualDecode(call, ctx);
  },
};

/** jsrsasign's base64(url)-to-text helpers, as used on a token's payload segment. */
const BASE64_TO_TEXT = new Set(['b64utoutf8', 'b64toutf8', 'b64utos', 'b64tos']);

/** `KJUR.jws.JWS.sign`, `jws.JWS.sign`, `JWS.sign` (after `const { JWS } = KJUR.jws`) → `JWS.sign`. */
function memberName(path: string[]): string {
  let p = path[0] === 'default' ? path.slice(1) : path;
  if (p[0] === 'KJUR') p = p.slice(1);
  if (p[0] === 'jws') p = p.slice(1);
  return p.join('.');
}

// ---- JSON-or-object arguments ---------------------------------------------------------

/** A header or payload: an object, `JSON.stringify(object)`, or a JSON string literal. */
type JsonArg = { kind: 'object'; value: RValue } | { kind: 'json'; data: Record<string, unknown>; value: RValue } | { kind: 'text' } | { kind: 'unknown' };

function jsonArg(node: t.Node | undefined, ctx: AdapterContext): JsonArg {
  if (!node) return { kind: 'unknown' };
  const v = ctx.value(node);
  if (!v) return { kind: 'unknown' };
  if (v.kind === 'object') return { kind: 'object', value: v };
  if (v.kind === 'call' && (v.node.type === 'CallExpression' || v.node.type === 'OptionalCallExpression') && calleeName(v.node.callee) === 'JSON.stringify') {
    const first = v.node.arguments[0];
    if (!first || first.type === 'SpreadElement' || first.type === 'ArgumentPlaceholder') return { kind: 'unknown' };
    const inner = ctx.resolver.resolve(first, v.index);
    return inner.kind === 'object' ? { kind: 'object', value: inner } : { kind: 'unknown' };
  }
  if (v.kind === 'string') {
    try {
      const data: unknown = JSON.parse(v.value);
      if (data && typeof data === 'object' && !Array.isArray(data)) return { kind: 'json', data: data as Record<string, unknown>, value: v };
    } catch {
      // Not JSON: a JWS of arbitrary text.
    }
    return { kind: 'text' };
  }
  return { kind: 'unknown' };
}

function lookupIn(arg: JsonArg, name: string, ctx: AdapterContext): OptionLookup {
  if (arg.kind === 'object') return ctx.optionsOf(arg.value).get(name);
  if (arg.kind === 'json') return name in arg.data ? { state: 'present', value: arg.value } : { state: 'absent' };
  return { state: 'unknown' };
}

// ---- keys -------------------------------------------------------------------------------

/** `Mac.setPassword` object forms and how their text becomes key bytes. */
const PASSWORD_FORMS: [string, (text: string) => number, SecretMaterial['form']][] = [
  ['hex', (s) => Math.floor(s.length / 2), 'buffer'],
  ['utf8', (s) => Buffer.byteLength(s, 'utf8'), 'string'],
  ['rstr', (s) => s.length, 'string'],
  ['b64', (s) => Buffer.from(s, 'base64').length, 'buffer'],
  ['b64u', (s) => Buffer.from(s, 'base64url').length, 'buffer'],
];

const HEX_PASSWORD = /^(?:[0-9A-Fa-f]{2})+$/;
/** KEYUTIL and the key classes: always an RSA/EC/DSA key object, never an HMAC secret. */
const KEY_OBJECT = /(^|\.)(KEYUTIL\.\w+|RSAKey|ECDSA|DSA)$/;

function withMaterials(key: KeyAnalysis, materials: SecretMaterial[]): KeyAnalysis {
  const info = { ...key.info };
  if (materials[0]) info.material = materials[0];
  else delete info.material;
  return { ...key, info, materials };
}

/** The key as jsrsasign reads it (see the header comment). */
function jsrsasignKey(node: t.Expression | undefined, ctx: AdapterContext, signing: boolean): KeyAnalysis | null {
  if (!node) return null;
  const v = ctx.value(node);
  if (!v) return null;
  if (v.kind === 'object') {
    for (const [form, bytes, materialForm] of PASSWORD_FORMS) {
      const m = ctx.resolver.member(v, form);
      if (m.found !== 'yes' || !m.value) continue;
      const inner = ctx.keyOf(m.value, node, true);
      if (!inner) return null;
      const hmac: KeyAnalysis = { ...inner, hmac: true, info: { ...inner.info, kind: inner.info.kind === 'none' ? 'none' : 'hmac-secret' } };
      return withMaterials(
        hmac,
        inner.materials.map((mat) => (mat.form === 'string' ? { ...mat, form: materialForm, byteLength: bytes(mat.text) } : mat)),
      );
    }
  }
  if (v.kind === 'call' && (v.node.type === 'CallExpression' || v.node.type === 'NewExpression') && KEY_OBJECT.test(calleeName(v.node.callee))) {
    const first = v.node.arguments[0];
    const inner = first && first.type !== 'SpreadElement' && first.type !== 'ArgumentPlaceholder' ? ctx.keyOf(ctx.resolver.resolve(first, v.index), node, false) : null;
    const isPrivate = inner?.info.kind === 'private-key' || /Private|Prv/i.test(calleeName(v.node.callee)) || signing;
    const base = inner ?? ctx.keyOf(v, node, false)!;
    return {
      info: { ...base.info, kind: isPrivate ? 'private-key' : 'public-key', ...(inner?.info.kind === 'private-key' && inner.info.material ? { material: inner.info.material } : {}) },
      materials: inner?.info.kind === 'private-key' ? inner.materials : [],
      hmac: false,
    };
  }
  const key = ctx.keyOf(v, node, true);
  if (!key) return null;
  // A plain string of an even number of hex digits is hex-decoded by Mac.setPassword.
  return withMaterials(
    key,
    key.materials.map((mat) => (mat.form === 'string' && HEX_PASSWORD.test(mat.text) ? { ...mat, byteLength: mat.text.length / 2 } : mat)),
  );
}

/** `''` as the key: an HMAC over an empty secret, which anyone can compute. */
function isEmptyString(node: t.Expression | undefined, ctx: AdapterContext): boolean {
  const v = node ? ctx.value(node) : null;
  return v?.kind === 'string' && v.value === '';
}

// ---- sign -------------------------------------------------------------------------------

function sign(call: t.CallExpression, ctx: AdapterContext) {
  const key = jsrsasignKey(ctx.arg(call, 3), ctx, true);
  ctx.emit(
    {
      library: 'jsrsasign',
      api: 'KJUR.jws.JWS.sign',
      operation: 'sign',
      signs: true,
      verifies: false,
      loc: ctx.loc(call),
      key: key?.info ?? null,
      signAlgorithm: signAlgorithm(call, ctx),
      lifetime: payloadLifetime(ctx.arg(call, 2), ctx),
    },
    key,
  );
}

function signAlgorithm(call: t.CallExpression, ctx: AdapterContext): AlgorithmSpec {
  const algNode = ctx.arg(call, 0);
  const alg = algNode ? ctx.value(algNode) : null;
  if (alg && alg.kind === 'string' && alg.value !== '') return algorithmFromValue(alg, false);
  if (alg && alg.kind !== 'nullish' && alg.kind !== 'string') return alg.kind === 'union' ? algorithmFromValue(alg, false) : { kind: 'unknown', loc: ctx.loc(algNode!) };
  // null or '': the header's `alg` (the library throws when neither names one).
  const header = jsonArg(ctx.arg(call, 1), ctx);
  if (header.kind === 'json') {
    const named = header.data.alg;
    return typeof named === 'string' ? { kind: 'explicit', values: [{ name: named, loc: locOf(header.value.index, header.value.node) }], loc: locOf(header.value.index, header.value.node) } : { kind: 'default', hmacByDefault: false };
  }
  return algorithmOption(lookupIn(header, 'alg', ctx), false, ctx.loc(call));
}

const INT_DATE: Record<string, number> = { now: 0, 'now + 1hour': 3600, 'now + 1day': 86400, 'now + 1month': 30 * 86400, 'now + 1year': 365 * 86400 };

/** `IntDate.get('now + 1day')` → 86400; `IntDate.getNow()` / `IntDate.get('now')` → 0. */
function intDateOffset(node: t.Node, lazy: Lazy, ctx: AdapterContext): { seconds: number; at: t.Node } | null {
  const n = unwrap(node);
  if (n.type !== 'CallExpression') return null;
  const name = calleeName(n.callee);
  if (/(^|\.)IntDate\.getNow$/.test(name)) return { seconds: 0, at: n };
  if (!/(^|\.)IntDate\.get$/.test(name)) return null;
  const first = n.arguments[0];
  if (!first || first.type === 'SpreadElement' || first.type === 'ArgumentPlaceholder') return null;
  const text = ctx.resolver.resolve(first, lazy.index);
  if (text.kind !== 'string' || !(text.value in INT_DATE)) return null;
  return { seconds: INT_DATE[text.value]!, at: text.node };
}

function payloadLifetime(node: t.Expression | undefined, ctx: AdapterContext): Lifetime {
  const payload = jsonArg(node, ctx);
  // A JWS of plain text is not a JWT: nothing to judge.
  if (payload.kind === 'text' || payload.kind === 'unknown') return { kind: 'unknown' };
  if (payload.kind === 'json') return 'exp' in payload.data ? { kind: 'present', loc: locOf(payload.value.index, payload.value.node) } : { kind: 'absent' };
  const exp = ctx.resolver.member(payload.value, 'exp');
  if (exp.found === 'yes' && exp.lazy) {
    const lazy = exp.lazy;
    const n = unwrap(lazy.node);
    const direct = intDateOffset(n, lazy, ctx);
    if (direct && direct.seconds > 0) return { kind: 'seconds', seconds: direct.seconds, loc: locOf(lazy.index, direct.at) };
    // `IntDate.getNow() + 3600`, either order.
    if (n.type === 'BinaryExpression' && n.operator === '+') {
      for (const [base, offset] of [[n.left, n.right], [n.right, n.left]] as const) {
        if (!intDateOffset(base, lazy, ctx)) continue;
        const amount = ctx.resolver.resolve(offset, lazy.index);
        if (amount.kind === 'number') return { kind: 'seconds', seconds: amount.value, loc: locOf(amount.index, amount.node) };
        return { kind: 'present', loc: locOf(lazy.index, offset) };
      }
    }
    return lifetimeOfExpClaim(lazy, ctx.resolver);
  }
  return exp.found === 'no' ? { kind: 'absent' } : { kind: 'unknown' };
}

// ---- verify -----------------------------------------------------------------------------

function emitVerify(call: t.CallExpression, ctx: AdapterContext, api: string, key: KeyAnalysis | null, fields: Partial<Parameters<AdapterContext['emit']>[0]>) {
  ctx.emit(
    {
      library: 'jsrsasign',
      api,
      operation: 'verify',
      signs: false,
      verifies: true,
      loc: ctx.loc(call),
      key: key?.info ?? null,
      emptyKey: isEmptyString(ctx.arg(call, 1), ctx),
      ...fields,
    },
    key,
  );
}

function verify(call: t.CallExpression, ctx: AdapterContext) {
  const key = jsrsasignKey(ctx.arg(call, 1), ctx, false);
  // HMAC only for a key known to be a secret: an unresolved key may well be an RSAKey object.
  const hmacByDefault = key?.info.kind === 'hmac-secret';
  const acceptNode = ctx.arg(call, 2);
  const accept = acceptNode ? ctx.value(acceptNode) : null;
  let verifyAlgorithms: AlgorithmSpec;
  if (!accept || accept.kind === 'nullish' || (accept.kind === 'array' && accept.elements.length === 0)) {
    verifyAlgorithms = { kind: 'default', hmacByDefault };
  } else if (accept.kind === 'string' || accept.kind === 'env' || accept.kind === 'number' || accept.kind === 'boolean') {
    // Only an array is honoured: `verify(t, k, 'RS256')` accepts whatever the header says.
    verifyAlgorithms = { kind: 'default', hmacByDefault };
  } else {
    verifyAlgorithms = algorithmsFrom({ state: 'present', value: accept, resolver: ctx.resolver }, ctx.resolver, hmacByDefault);
  }
  emitVerify(call, ctx, 'KJUR.jws.JWS.verify', key, { verifyAlgorithms, audience: 'unknown', issuer: 'unknown' });
}

/**
 * `iss`/`aud` in verifyJWT's acceptField: honoured only as an array; a string is dropped (absent).
 * Not emitted as an ignored option: insecure-key-options' message for those is passport-jwt's.
 */
function claimList(lookup: OptionLookup): Presence {
  if (lookup.state !== 'present' || !lookup.value) return lookup.state === 'present' ? 'unknown' : lookup.state;
  const v = lookup.value;
  if (v.kind === 'nullish') return 'absent';
  if (v.kind === 'array' || v.kind === 'object') return 'present';
  if (v.kind === 'union') return v.options.some((o) => o.kind === 'array') ? 'present' : 'unknown';
  if (v.kind === 'string' || v.kind === 'env' || v.kind === 'number' || v.kind === 'boolean') return 'absent';
  return 'unknown';
}

function verifyJWT(call: t.CallExpression, ctx: AdapterContext) {
  const key = jsrsasignKey(ctx.arg(call, 1), ctx, false);
  const opts = ctx.options(ctx.arg(call, 2));
  const alg = opts.get('alg');
  // Without `alg` verifyJWT throws: it never accepts a token, so there is nothing unpinned.
  const verifyAlgorithms: AlgorithmSpec = alg.state === 'absent' ? { kind: 'unknown', loc: ctx.loc(call) } : algorithmsFrom(alg, ctx.resolver, false);
  // `gracePeriod` (seconds) widens exp/nbf/iat like a clock tolerance. A literal `verifyAt`
  // freezes the clock, but expiry-not-enforced has no message for it yet: not judged.
  const expiry = expiryEnforcement({ state: 'absent' }, opts.get('gracePeriod'));
  emitVerify(call, ctx, 'KJUR.jws.JWS.verifyJWT', key, {
    verifyAlgorithms,
    audience: claimList(opts.get('aud')),
    issuer: claimList(opts.get('iss')),
    expiry,
  });
}

// ---- decode -----------------------------------------------------------------------------

function parse(call: t.CallExpression, ctx: AdapterContext) {
  const parent = ctx.index.parentOf.get(call);
  const member = parent && (parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.object === call && !parent.computed && parent.property.type === 'Identifier' ? parent.property.name : null;
  const headerOnly = member === 'headerObj' || member === 'headerPP';
  // `JWS.parse(t).payloadObj`: the claims are that member, followed from there.
  const decoded = member === 'payloadObj' ? parent! : call;
  const facts = ctx.decodeFacts(decoded, ctx.arg(call, 0), { returnsComplete: false });
  ctx.emit({
    library: 'jsrsasign',
    api: 'KJUR.jws.JWS.parse',
    operation: 'decode',
    signs: false,
    verifies: false,
    loc: ctx.loc(call),
    key: null,
    decode: headerOnly ? { ...facts, headerOnly: true } : facts,
  });
}

/**
 * `t.split('.')[1]`, `parts[1]` after `const parts = t.split('.')`, or `p` after
 * `const [, p] = t.split('.')`: the token `t`.
 */
function payloadSegmentToken(node: t.Node, ctx: AdapterContext): t.Node | null {
  const n = unwrap(node);
  const split = (x: t.Node): t.Node | null => {
    const c = unwrap(x);
    if (c.type !== 'CallExpression' || c.callee.type !== 'MemberExpression' || c.callee.property.type !== 'Identifier' || c.callee.property.name !== 'split') return null;
    const sep = c.arguments[0];
    return sep && sep.type === 'StringLiteral' && sep.value === '.' ? c.callee.object : null;
  };
  if (n.type === 'Identifier') {
    const binding = lookup(ctx.index.scopeOf.get(n), n.name);
    if (binding?.kind !== 'var' || !binding.init || binding.path.length !== 1) return null;
    const step = binding.path[0]!;
    return 'index' in step && step.index === 1 ? split(binding.init) : null;
  }
  if (n.type !== 'MemberExpression' || !n.computed || n.property.type !== 'NumericLiteral' || n.property.value !== 1) return null;
  const direct = split(n.object);
  if (direct) return direct;
  const parts = ctx.value(n.object);
  return parts && parts.kind === 'call' && parts.index === ctx.index ? split(parts.node) : null;
}

function manualDecode(call: t.CallExpression, ctx: AdapterContext) {
  const arg = ctx.arg(call, 0);
  const token = arg ? payloadSegmentToken(arg, ctx) : null;
  if (!token) return;
  // `JWS.readSafeJSONString(b64utoutf8(…))`: the parsed claims are the outer call's value.
  const parent = ctx.index.parentOf.get(call);
  const outer = parent && parent.type === 'CallExpression' && parent.arguments[0] === call && /(^|\.)readSafeJSONString$/.test(calleeName(parent.callee)) ? parent : call;
  ctx.emit({
    library: 'jsrsasign',
    api: outer === call ? calleeName(call.callee) : 'KJUR.jws.JWS.readSafeJSONString',
    operation: 'decode',
    signs: false,
    verifies: false,
    loc: ctx.loc(outer),
    key: null,
    decode: { ...ctx.decodeFacts(outer, token, { returnsComplete: false }), manual: true },
  });
}
