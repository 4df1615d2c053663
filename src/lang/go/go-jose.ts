// go-jose v2 (gopkg.in/square/go-jose.v2, gopkg.in/go-jose/go-jose.v2), v3 and v4
// (github.com/go-jose/go-jose/v3, /v4) JWTs through their `jwt` package, as call-site records.
// Decisions:
// - Sign: `jwt.Signed(signer)` (reported where it starts: the token-building expression) with
//   `signer := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: k}, …)`; `jose.HS*` is an
//   explicit HMAC choice on its line. The lifetime is `Expiry` of the `jwt.Claims` given to
//   `.Claims(…)` in the builder chain (or a map's "exp"); none of them setting it is no-expiry.
// - Verify: `tok, _ := jwt.ParseSigned(raw[, algs])` then `tok.Claims(key, &out…)`. The record is
//   reported at `jwt.ParseSigned(` where v4 takes the allowlist (`[]jose.SignatureAlgorithm{…}`);
//   v2/v3 take none (unpinned; go-jose narrows by key type, as golang-jwt does).
// - `Claims(key, …)` checks the signature only: exp/aud/iss are checked by
//   `out.Validate(jwt.Expected{…})` / `ValidateWithLeeway(…, leeway)`. No Validate call in the
//   function: expiry-not-enforced on the `.Claims(` call, and audience/issuer missing;
//   `Expected{Issuer}` / `Expected{Audience|AnyAudience}` or a read of `out.Issuer`/`out.Audience`
//   count as checks. A leeway above 300 s is a clock tolerance.
// - `tok.UnsafeClaimsWithoutVerification(&out)` is a decode (decode-without-verify).
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmSpec, AlgorithmValue, ExpiryEnforcement, JwtCallSite, Lifetime, Presence } from '../../facts/model.js';
import { claimsLifetime, decodeSite, durationSeconds, follow, keyOf, readsClaims, storedIn, type Ctx } from './golang-jwt.js';
import { packageCall, packageMember, callArgs, compositeFields, goString, unwrapParens } from './resolve-go.js';
import { importSpecs } from './parse-go.js';

export const GO_JOSE = 'go-jose';

const ROOTS = /^(?:github\.com\/go-jose\/go-jose\/v[34]|gopkg\.in\/(?:square|go-jose)\/go-jose\.v2|github\.com\/square\/go-jose)$/;

export interface JoseBindings {
  jose: Set<string>;
  jwt: Set<string>;
}

export function joseBindings(root: Node): JoseBindings {
  const out: JoseBindings = { jose: new Set(), jwt: new Set() };
  for (const spec of importSpecs(root)) {
    const path = spec?.childForFieldName('path');
    const value = path ? goString(path) : null;
    if (!spec || value === null) continue;
    const name = spec.childForFieldName('name');
    if (name && (name.type === 'blank_identifier' || name.type === 'dot')) continue;
    if (ROOTS.test(value)) out.jose.add(name?.text ?? 'jose');
    else if (value.endsWith('/jwt') && ROOTS.test(value.slice(0, -4))) out.jwt.add(name?.text ?? 'jwt');
  }
  return out;
}



function methodCall(node: Node | null | undefined): { name: string; receiver: Node } | null {
  const n = node ? unwrapParens(node) : null;
  const fn = n?.type === 'call_expression' ? n.childForFieldName('function') : null;
  if (fn?.type !== 'selector_expression') return null;
  return { name: fn.childForFieldName('field')?.text ?? '', receiver: unwrapParens(fn.childForFieldName('operand')!) };
}


function algorithmValue(node: Node, ctx: Ctx, b: JoseBindings): AlgorithmValue | null {
  const n = follow(node, ctx);
  const m = packageMember(n, b.jose);
  if (m) return { name: m === 'NoSignature' ? 'none' : m, loc: ctx.r.loc(n) };
  const v = ctx.r.resolve(n);
  return v.kind === 'string' ? { name: v.value, loc: v.loc } : null;
}

/** The lifetime the `.Claims(…)` values of a builder set: the first that sets one, absent when all are known and none does. */
function builderLifetime(claims: Node[], ctx: Ctx): Lifetime {
  if (claims.length === 0) return { kind: 'absent' };
  let unknown = false;
  for (const c of claims) {
    const l = claimsLifetime(c, ctx);
    if (l.kind === 'seconds' || l.kind === 'present') return l;
    if (l.kind === 'unknown') unknown = true;
  }
  return unknown ? { kind: 'unknown' } : { kind: 'absent' };
}

function signSite(call: Node, ctx: Ctx, b: JoseBindings): { site: JwtCallSite; key: KeyAnalysis | null } {
  const signer = callArgs(call).args[0];
  const created = signer ? follow(signer, ctx) : null;
  const signingKey = created && packageCall(created, b.jose) === 'NewSigner' ? callArgs(created).args[0] : undefined;
  const sk = signingKey ? follow(signingKey, ctx) : null;
  const f = sk?.type === 'composite_literal' ? compositeFields(sk) : new Map<string, Node>();
  const alg = f.get('Algorithm') ? algorithmValue(f.get('Algorithm')!, ctx, b) : null;
  const signAlgorithm: AlgorithmSpec = alg ? { kind: 'explicit', values: [alg], loc: alg.loc } : { kind: 'unknown', loc: ctx.r.loc(call) };
  const key = f.get('Key') ? keyOf(f.get('Key')!, ctx, alg ? [alg.name] : [], true) : null;
  // `.Claims(a).Claims(b).CompactSerialize()` up the chain, and `builder.Claims(…)` on a stored builder.
  const claims: Node[] = [];
  let n: Node = call;
  let opaque = false;
  for (let i = 0; i < 20; i++) {
    const sel = n.parent;
    if (sel?.type !== 'selector_expression' || sel.parent?.type !== 'call_expression') break;
    const field = sel.childForFieldName('field')?.text;
    if (field === 'Claims') {
      const arg = callArgs(sel.parent).args[0];
      if (arg) claims.push(arg);
    } else if (field !== 'CompactSerialize' && field !== 'Serialize' && field !== 'FullSerialize' && field !== 'Token') opaque = true;
    n = sel.parent;
  }
  const stored = storedIn(n);
  if (stored) {
    for (const c of (ctx.r.scopeOf(call) ?? ctx.r.root).descendantsOfType('call_expression')) {
      const m = methodCall(c);
      if (c && m?.name === 'Claims' && m.receiver.text === stored.text && c.startIndex > call.endIndex) {
        const arg = callArgs(c).args[0];
        if (arg) claims.push(arg);
      }
    }
  }
  const lifetime = opaque ? ({ kind: 'unknown' } as Lifetime) : builderLifetime(claims, ctx);
  return { site: { library: GO_JOSE, api: 'jwt.Signed', operation: 'sign', signs: true, verifies: false, loc: ctx.r.loc(call), key: key?.info ?? null, signAlgorithm, lifetime }, key };
}

interface Validation {
  found: boolean;
  audience: boolean;
  issuer: boolean;
  opaque: boolean;
  leeway?: { seconds: number; node: Node };
}

/** `out.Validate(jwt.Expected{…})` / `ValidateWithLeeway(e, d)` on any of the decoded claims. */
function validationOf(names: string[], scope: Node, ctx: Ctx, b: JoseBindings): Validation {
  const out: Validation = { found: false, audience: false, issuer: false, opaque: false };
  for (const c of scope.descendantsOfType('call_expression')) {
    const m = methodCall(c);
    if (!c || !m || (m.name !== 'Validate' && m.name !== 'ValidateWithLeeway') || !names.includes(m.receiver.text)) continue;
    out.found = true;
    const [expected, leeway] = callArgs(c).args;
    const e = expected ? follow(expected, ctx) : null;
    if (e?.type === 'composite_literal' && packageMember(e.childForFieldName('type'), b.jwt) === null && !/Expected$/.test(e.childForFieldName('type')?.text ?? '')) out.opaque = true;
    else if (e?.type === 'composite_literal') {
      const f = compositeFields(e);
      if (f.has('Issuer')) out.issuer = true;
      if (f.has('Audience') || f.has('AnyAudience')) out.audience = true;
    } else out.opaque = true;
    if (m.name === 'ValidateWithLeeway' && leeway) {
      const d = durationSeconds(leeway, ctx);
      if (d) out.leeway = { seconds: d.seconds, node: leeway };
    }
  }
  return out;
}

function claimNames(args: Node[]): string[] {
  return args.map((a) => {
    const n = unwrapParens(a);
    return n.type === 'unary_expression' ? (n.childForFieldName('operand')?.text ?? '') : n.text;
  });
}

function parsedSites(parse: Node, ctx: Ctx, b: JoseBindings): { site: JwtCallSite; key: KeyAnalysis | null }[] {
  const out: { site: JwtCallSite; key: KeyAnalysis | null }[] = [];
  const tok = storedIn(parse);
  const { args } = callArgs(parse);
  const scope = ctx.r.scopeOf(parse) ?? ctx.r.root;
  // `jwt.ParseSigned(raw).Claims(k, &out)` chained, or calls on the stored token.
  const uses: { call: Node; name: string }[] = [];
  const sel = parse.parent;
  if (sel?.type === 'selector_expression' && sel.parent?.type === 'call_expression') uses.push({ call: sel.parent, name: sel.childForFieldName('field')?.text ?? '' });
  if (tok) {
    for (const c of scope.descendantsOfType('call_expression')) {
      const m = methodCall(c);
      if (c && m && m.receiver.text === tok.text && c.startIndex > parse.endIndex) uses.push({ call: c, name: m.name });
    }
  }
  let algorithms: AlgorithmSpec | null = null;
  if (args[1]) {
    const list = follow(args[1], ctx);
    const values: AlgorithmValue[] = [];
    let unknown = list.type !== 'composite_literal';
    for (const el of list.type === 'composite_literal' ? (list.childForFieldName('body')?.namedChildren ?? []) : []) {
      if (!el || el.type === 'comment') continue;
      const v = algorithmValue(el.namedChildren[0] ?? el, ctx, b);
      if (v) values.push(v);
      else unknown = true;
    }
    algorithms = unknown ? { kind: 'unknown', loc: ctx.r.loc(args[1]) } : { kind: 'explicit', values, loc: ctx.r.loc(args[1]) };
  }
  for (const use of uses) {
    const uargs = callArgs(use.call).args;
    if (use.name === 'UnsafeClaimsWithoutVerification') {
      const site = decodeSite(use.call, ctx, 'UnsafeClaimsWithoutVerification', GO_JOSE, false, { token: args[0], claims: uargs[0] });
      if (uses.some((u) => u.name === 'Claims' && callArgs(u.call).args.length >= 2)) {
        site.decode = { headerOnly: false, verifiedInScope: true, manual: false, ...(site.decode?.tokenSource && { tokenSource: site.decode.tokenSource }) };
      }
      out.push({ site, key: null });
      continue;
    }
    if (use.name !== 'Claims' || uargs.length < 2) continue;
    const names = algorithms?.kind === 'explicit' ? algorithms.values.map((v) => v.name) : [];
    const key = keyOf(uargs[0]!, ctx, names, false);
    const validation = validationOf(claimNames(uargs.slice(1)), scope, ctx, b);
    const reads = readsClaims(scope, ctx);
    const presence = (checked: boolean, read: boolean): Presence => (checked || read ? 'present' : validation.opaque ? 'unknown' : 'absent');
    const expiry: ExpiryEnforcement = {};
    if (!validation.found) expiry.claimsNotValidated = ctx.r.loc(use.call);
    if (validation.leeway && validation.leeway.seconds > 0) expiry.clockTolerance = { seconds: validation.leeway.seconds, loc: ctx.r.loc(validation.leeway.node) };
    out.push({
      site: {
        library: GO_JOSE,
        api: 'jwt.ParseSigned',
        operation: 'verify',
        signs: false,
        verifies: true,
        loc: ctx.r.loc(parse),
        key: key.info,
        verifyAlgorithms: algorithms ?? { kind: 'default', hmacByDefault: key.info.kind === 'hmac-secret' },
        audience: presence(validation.audience, reads.aud),
        issuer: presence(validation.issuer, reads.iss),
        expiry,
      },
      key,
    });
  }
  return out;
}

/** Every go-jose JWT record of a file. */
export function goJoseSites(ctx: Ctx, b: JoseBindings, tick: () => void): { site: JwtCallSite; key: KeyAnalysis | null }[] {
  const out: { site: JwtCallSite; key: KeyAnalysis | null }[] = [];
  for (const call of ctx.r.root.descendantsOfType('call_expression')) {
    if (!call) continue;
    tick();
    const fn = packageCall(call, b.jwt);
    if (fn === 'Signed') out.push(signSite(call, ctx, b));
    else if (fn === 'ParseSigned') out.push(...parsedSites(call, ctx, b));
  }
  return out;
}
