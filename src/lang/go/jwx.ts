// lestrrat-go/jwx v2 and v3 (`github.com/lestrrat-go/jwx/v2/jwt`, `/v3/jwt`) and v1
// (`github.com/lestrrat-go/jwx/jwt`) as call-site records.
// Decisions:
// - Sign: `jwt.Sign(tok, jwt.WithKey(jwa.HS256, key))` (v1: `jwt.Sign(tok, jwa.HS256, key)`),
//   reported at `jwt.Sign(`; the `jwa.HS*` constant is an explicit HMAC choice on its line
//   (`jwa.NoSignature` is `none`). The lifetime is the token's `exp`: `.Expiration(t)` in a
//   `jwt.NewBuilder()` chain or `tok.Set(jwt.ExpirationKey, t)` in the same function.
// - Verify: `jwt.Parse`/`ParseString`/`ParseRequest`/`ParseReader`. `WithKey(alg, key)` pins the
//   algorithm (RULES.md); v1's `WithVerify(alg, key)` too. `WithKeySet` leaves algorithms to the
//   key set (not judged). Without a key option v2/v3 refuse to parse: no record.
// - v2/v3 validate exp/nbf/iat by default; `WithValidate(false)` switches that off (expiry-not-
//   enforced on the option), `WithAcceptableSkew(d)` is a clock tolerance. `aud`/`iss` are only
//   checked with `WithAudience`/`WithIssuer` (or `jwt.Validate(tok, …)`, or a read of
//   `tok.Audience()`/`tok.Issuer()` in the function), as for golang-jwt.
// - `WithVerify(false)` and `jwt.ParseInsecure` are decodes (decode-without-verify).
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmSpec, ExpiryEnforcement, JwtCallSite, Lifetime, Presence } from '../../facts/model.js';
import { decodeSite, durationSeconds, follow, keyOf, lifetimeOfExp, readsClaims, type Ctx } from './golang-jwt.js';
import { packageCall, packageMember, callArgs, goString, unwrapParens } from './resolve-go.js';
import { importSpecs } from './parse-go.js';

export const JWX = 'jwx';

const JWT_PATH = /^github\.com\/lestrrat-go\/jwx(?:\/v[23])?\/jwt$/;
const JWA_PATH = /^github\.com\/lestrrat-go\/jwx(?:\/v[23])?\/jwa$/;

export interface JwxBindings {
  jwt: Set<string>;
  jwa: Set<string>;
  /** v1 takes `(alg, key)` where v2 takes `WithKey(alg, key)`. */
  v1: boolean;
}

export function jwxBindings(root: Node): JwxBindings {
  const out: JwxBindings = { jwt: new Set(), jwa: new Set(), v1: false };
  for (const spec of importSpecs(root)) {
    const path = spec?.childForFieldName('path');
    const value = path ? goString(path) : null;
    if (!spec || value === null) continue;
    const name = spec.childForFieldName('name');
    if (name && (name.type === 'blank_identifier' || name.type === 'dot')) continue;
    if (JWT_PATH.test(value)) {
      out.jwt.add(name?.text ?? 'jwt');
      if (!/\/v[23]\//.test(value)) out.v1 = true;
    } else if (JWA_PATH.test(value)) out.jwa.add(name?.text ?? 'jwa');
  }
  return out;
}



/** `jwa.HS256` (v2), `jwa.HS256()` (v3), `jwa.NoSignature`: the algorithm spec. */
function algorithmOf(node: Node, ctx: Ctx, b: JwxBindings): AlgorithmSpec {
  let n = follow(node, ctx);
  if (n.type === 'call_expression' && callArgs(n).args.length === 0) n = unwrapParens(n.childForFieldName('function')!);
  const loc = ctx.r.loc(n);
  const m = packageMember(n, b.jwa);
  if (m) return { kind: 'explicit', values: [{ name: m === 'NoSignature' ? 'none' : m, loc }], loc };
  // `jwa.SignatureAlgorithm("HS256")`
  if (n.type === 'call_expression' || n.type === 'type_conversion_expression') {
    const arg = n.type === 'call_expression' ? callArgs(n).args[0] : n.childForFieldName('operand');
    const v = arg ? ctx.r.resolve(arg) : null;
    if (v?.kind === 'string') return { kind: 'explicit', values: [{ name: v.value, loc: v.loc }], loc };
  }
  return { kind: 'unknown', loc };
}

/** The `exp` a jwx token carries: `.Expiration(t)` in its builder chain, or `tok.Set(jwt.ExpirationKey, t)`. */
function tokenLifetime(node: Node, ctx: Ctx, b: JwxBindings): { lifetime: Lifetime; builder: Node | null } {
  let n = follow(node, ctx);
  const name = unwrapParens(node).type === 'identifier' ? unwrapParens(node).text : null;
  // Walk a builder chain down to `jwt.NewBuilder()`.
  let builder: Node | null = null;
  let lifetime: Lifetime | null = null;
  for (let i = 0; i < 40 && n.type === 'call_expression'; i++) {
    const fn = n.childForFieldName('function');
    const called = packageCall(n, b.jwt);
    if (called === 'NewBuilder' || called === 'New') {
      builder = n;
      break;
    }
    if (fn?.type !== 'selector_expression') break;
    if (fn.childForFieldName('field')?.text === 'Expiration' && !lifetime) {
      const arg = callArgs(n).args[0];
      if (arg) lifetime = lifetimeOfExp(arg, ctx);
    }
    n = unwrapParens(fn.childForFieldName('operand')!);
  }
  if (!builder) return { lifetime: { kind: 'unknown' }, builder: null };
  if (lifetime) return { lifetime, builder };
  // `tok.Set(jwt.ExpirationKey, t)` / `tok.Set("exp", t)` on the token variable.
  if (name) {
    const scope = ctx.r.scopeOf(node) ?? ctx.r.root;
    let dynamic = false;
    for (const c of scope.descendantsOfType('call_expression')) {
      const fn = c?.childForFieldName('function');
      if (!c || fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'Set' || fn.childForFieldName('operand')?.text !== name) continue;
      const [k, v] = callArgs(c).args;
      if (!k || !v) continue;
      const constant = packageMember(k, b.jwt);
      const key = constant === 'ExpirationKey' ? 'exp' : constant?.endsWith('Key') ? constant : goString(k);
      if (key === 'exp') return { lifetime: lifetimeOfExp(v, ctx), builder };
      if (key === null) dynamic = true;
    }
    if (dynamic) return { lifetime: { kind: 'unknown' }, builder };
  }
  return { lifetime: { kind: 'absent' }, builder };
}

function signSite(call: Node, ctx: Ctx, b: JwxBindings): { site: JwtCallSite; key: KeyAnalysis | null } | null {
  const { args } = callArgs(call);
  if (!args[0]) return null;
  let algNode: Node | undefined;
  let keyNode: Node | undefined;
  for (const option of args.slice(1)) {
    const o = follow(option, ctx);
    if (packageCall(o, b.jwt) === 'WithKey') [algNode, keyNode] = callArgs(o).args;
  }
  if (!algNode && b.v1 && args.length >= 3) [algNode, keyNode] = [args[1], args[2]];
  const signAlgorithm: AlgorithmSpec = algNode ? algorithmOf(algNode, ctx, b) : { kind: 'unknown', loc: ctx.r.loc(call) };
  const names = signAlgorithm.kind === 'explicit' ? signAlgorithm.values.map((v) => v.name) : [];
  const key = keyNode ? keyOf(keyNode, ctx, names, true) : null;
  const { lifetime } = tokenLifetime(args[0], ctx, b);
  const site: JwtCallSite = { library: JWX, api: 'jwt.Sign', operation: 'sign', signs: true, verifies: false, loc: ctx.r.loc(call), key: key?.info ?? null, signAlgorithm, lifetime };
  return { site, key };
}

function verifySite(call: Node, fn: string, ctx: Ctx, b: JwxBindings): { site: JwtCallSite; key: KeyAnalysis | null } | null {
  const { args, spread } = callArgs(call);
  let algorithms: AlgorithmSpec | null = null;
  let keyNode: Node | undefined;
  let keySet = false;
  let unverified = false;
  let audience = false;
  let issuer = false;
  let opaque = spread;
  const expiry: ExpiryEnforcement = {};
  for (const option of args.slice(1)) {
    const o = follow(option, ctx);
    const name = packageCall(o, b.jwt);
    const oargs = o.type === 'call_expression' ? callArgs(o).args : [];
    switch (name) {
      case 'WithKey':
        algorithms = oargs[0] ? algorithmOf(oargs[0], ctx, b) : null;
        keyNode = oargs[1];
        break;
      case 'WithVerify':
        if (oargs.length === 1 && oargs[0]!.text === 'false') unverified = true;
        else if (oargs.length === 2) {
          algorithms = algorithmOf(oargs[0]!, ctx, b);
          keyNode = oargs[1];
        }
        break;
      case 'WithKeySet':
      case 'WithKeyProvider':
      case 'WithVerifyAuto':
        keySet = true;
        break;
      case 'WithValidate':
        if (oargs[0]?.text === 'false') expiry.ignoreExpiration = ctx.r.loc(o);
        break;
      case 'WithAudience':
        audience = true;
        break;
      case 'WithIssuer':
        issuer = true;
        break;
      case 'WithAcceptableSkew': {
        const d = oargs[0] ? durationSeconds(oargs[0], ctx) : null;
        if (d && d.seconds > 0) expiry.clockTolerance = { seconds: d.seconds, loc: ctx.r.loc(oargs[0]!) };
        break;
      }
      case null:
        opaque = true;
        break;
      default:
        break;
    }
  }
  if (unverified) return { site: decodeSite(call, ctx, `jwt.${fn}`, JWX, fn === 'ParseRequest'), key: null };
  if (!keyNode && !keySet) return null;
  const names = algorithms?.kind === 'explicit' ? algorithms.values.map((v) => v.name) : [];
  const key = keyNode ? keyOf(keyNode, ctx, names, false) : null;
  // `jwt.Validate(tok, jwt.WithAudience(...))` or reads of `tok.Audience()` in the function.
  const scope = ctx.r.scopeOf(call);
  const reads = readsClaims(scope, ctx);
  const validated = validateOptions(scope, ctx, b);
  const presence = (option: boolean, read: boolean): Presence => (option || read ? 'present' : opaque ? 'unknown' : 'absent');
  const site: JwtCallSite = {
    library: JWX,
    api: `jwt.${fn}`,
    operation: 'verify',
    signs: false,
    verifies: true,
    loc: ctx.r.loc(call),
    key: key?.info ?? { kind: 'jwks', envNames: [], envReads: [], loc: ctx.r.loc(call), fromParameter: false },
    verifyAlgorithms: algorithms ?? { kind: 'unknown', loc: ctx.r.loc(call) },
    audience: presence(audience || validated.aud, reads.aud),
    issuer: presence(issuer || validated.iss, reads.iss),
    expiry,
  };
  return { site, key };
}

/** `jwt.Validate(tok, jwt.WithAudience(...), jwt.WithIssuer(...))` in the function. */
function validateOptions(scope: Node | null, ctx: Ctx, b: JwxBindings): { aud: boolean; iss: boolean } {
  const out = { aud: false, iss: false };
  for (const c of (scope ?? ctx.r.root).descendantsOfType('call_expression')) {
    if (!c || packageCall(c, b.jwt) !== 'Validate') continue;
    for (const o of callArgs(c).args.slice(1)) {
      const name = packageCall(follow(o, ctx), b.jwt);
      if (name === 'WithAudience') out.aud = true;
      if (name === 'WithIssuer') out.iss = true;
    }
  }
  return out;
}

/** Every jwx record of a file. */
export function jwxSites(ctx: Ctx, b: JwxBindings, tick: () => void): { site: JwtCallSite; key: KeyAnalysis | null }[] {
  const out: { site: JwtCallSite; key: KeyAnalysis | null }[] = [];
  for (const call of ctx.r.root.descendantsOfType('call_expression')) {
    if (!call) continue;
    tick();
    const fn = packageCall(call, b.jwt);
    if (fn === 'Sign') {
      const s = signSite(call, ctx, b);
      if (s) out.push(s);
    } else if (fn === 'Parse' || fn === 'ParseString' || fn === 'ParseRequest' || fn === 'ParseReader') {
      const s = verifySite(call, fn, ctx, b);
      if (s) out.push(s);
    } else if (fn === 'ParseInsecure') {
      out.push({ site: decodeSite(call, ctx, 'jwt.ParseInsecure', JWX), key: null });
    }
  }
  return out;
}
