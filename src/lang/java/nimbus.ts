// Nimbus JOSE+JWT (com.nimbusds.jose / com.nimbusds.jwt) as the call-site records the JS adapters
// emit (RULES.md "Other languages and configuration formats").
// Decisions:
// - Sign: one record per `new SignedJWT(header, claims)` / `new JWSObject(header, payload)`, the
//   token-building expression, reported there. The key is that of the `JWSSigner` its `.sign(signer)`
//   receives (`new MACSigner(secret)`: String (UTF-8 bytes), byte[], SecretKey or OctetSequenceKey, always
//   HMAC; `RSASSASigner`/`ECDSASigner`/`Ed25519Signer`: private keys). `JWSAlgorithm.HS256` in the
//   header is an explicit choice on its line; an unreadable header with a MAC signer is HMAC by key type.
//   The lifetime is `expirationTime(...)` (or `claim("exp", …)`) of the `JWTClaimsSet.Builder` that
//   builds the claims (for a `JWSObject`, the builder behind `new Payload(claims.toJSONObject())`); claims
//   from elsewhere (a parameter, `JWTClaimsSet.parse`, a payload of other JSON) are unknown. A signer no token of the file uses (a bean, a field used elsewhere) is its
//   own sign record at `new MACSigner(` with an unknown lifetime, so that its key is still judged.
// - `new PlainJWT(...)` and `PlainJWT.parse(...)` make or accept unsecured tokens: `alg-none` on that
//   call (a `new PlainHeader()` outside a `PlainJWT` too). `instanceof PlainJWT` is a rejection test.
// - Verify by hand: one record per `new MACVerifier(secret)` / `RSASSAVerifier` / `ECDSAVerifier` /
//   `Ed25519Verifier`, the reusable verifier, reported there. A MAC verifier accepts HS256/384/512
//   whatever the header says (narrowed by key type, as jjwt: symmetric-algorithm and
//   unpinned-algorithm there, medium); an asymmetric one gets no algorithm record. `JWSObject.verify`
//   checks the signature only: audience, issuer and expiry are present when the file reads
//   `getAudience()`/`getIssuer()`/`getExpirationTime()` (helpers such as `isTokenExpired` count) or runs
//   a `DefaultJWTClaimsVerifier`; without an expiry check `exp` is never enforced (`expiry-not-enforced`
//   on the `.verify(` call, as Authlib's unvalidated claims). A verifier no `.verify(` of the file
//   uses is judged for its key and algorithm only.
// - `new DefaultJWTProcessor<>()` is a reusable verifier, reported there: `JWSVerificationKeySelector(
//   JWSAlgorithm.X | Set, source)` pins those algorithms (explicit, on their line); the key is the
//   source (`ImmutableSecret` HMAC, `RemoteJWKSet`/`JWKSourceBuilder.create(url)` a key set);
//   `DefaultJWTClaimsVerifier(aud, exactMatch, required)` checks the audience when `aud` is given or the
//   exact-match claims set `.audience(...)`, the issuer when they set `.issuer(...)` (a required
//   `aud`/`iss` only requires presence, which is not a check); `setMaxClockSkew(n)` is a clock tolerance.
//   Without a claims verifier the default checks `exp`/`nbf` only.
// - `SignedJWT.parse(t)` / `JWSObject.parse(t)` / `JWTParser.parse(t)` decode without verifying: a decode
//   record, verified in scope by a `.verify(` on the parsed object or a `.process(` of it.
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmSpec, AlgorithmValue, ExpiryEnforcement, JwtCallSite, Lifetime, Presence } from '../../facts/model.js';
import { chainOf, decodeFacts, keyOf, lifetimeOf } from './common.js';
import type { Found } from './jjwt.js';
import { argsOf, callee, dotted, javaString, unwrap, type JavaResolver } from './resolve-java.js';

export const NIMBUS = 'nimbus-jose-jwt';

/** Class names this adapter reads: a file naming none of them keeps the unmodelled-library note. */
export const NIMBUS_READ = /\b(?:MACSigner|MACVerifier|RSASSASigner|RSASSAVerifier|ECDSASigner|ECDSAVerifier|Ed25519Signer|Ed25519Verifier|SignedJWT|JWSObject|PlainJWT|PlainHeader|JWTParser|DefaultJWTProcessor)\b/;

const SIGNERS: Record<string, 'hmac' | 'asymmetric'> = { MACSigner: 'hmac', RSASSASigner: 'asymmetric', ECDSASigner: 'asymmetric', Ed25519Signer: 'asymmetric' };
const VERIFIERS: Record<string, 'hmac' | 'asymmetric'> = { MACVerifier: 'hmac', RSASSAVerifier: 'asymmetric', ECDSAVerifier: 'asymmetric', Ed25519Verifier: 'asymmetric' };

/** `new com.nimbusds.jose.crypto.MACSigner(...)` → `MACSigner`; `new JWTClaimsSet.Builder()` → `JWTClaimsSet.Builder`. */
export function createdType(creation: Node): string {
  const t = (creation.childForFieldName('type')?.text ?? '').replace(/<[\s\S]*$/, '').replace(/\s+/g, '');
  const parts = t.split('.');
  return parts.length > 1 && parts[parts.length - 1] === 'Builder' ? parts.slice(-2).join('.') : (parts[parts.length - 1] ?? '');
}

/** The object creation an expression stands for, following variables and fields (and `.build()` chains to their builder). */
export function creationOf(node: Node, r: JavaResolver, depth = 0): Node | null {
  const n = unwrap(node);
  if (depth > 6) return null;
  if (n.type === 'object_creation_expression') return n;
  if (n.type === 'identifier' || n.type === 'field_access') {
    const v = r.resolve(n);
    return v.kind === 'expr' && v.node.id !== n.id ? creationOf(v.node, r, depth + 1) : null;
  }
  if (n.type === 'method_invocation') {
    // `new X.Builder(...).a().b().build()`: the builder's creation.
    const obj = n.childForFieldName('object');
    if (obj && /^(?:build|[a-z]\w*)$/.test(callee(n).name) && (obj.type === 'method_invocation' || obj.type === 'object_creation_expression' || obj.type === 'parenthesized_expression')) return creationOf(obj, r, depth + 1);
  }
  return null;
}

/** The calls made on a builder creation: chained, and through the variable that holds it. */
function builderCalls(creation: Node, r: JavaResolver): { name: string; args: Node[]; node: Node }[] {
  return chainOf(creation, r).calls;
}

const ALG = /(?:^|\.)(?:JWSAlgorithm|MacAlgorithm|SignatureAlgorithm)\.((?:HS|RS|PS|ES)\d{3}K?|EdDSA|Ed25519|NONE)$/;

/** A named algorithm constant (`JWSAlgorithm.HS256`, Spring's `MacAlgorithm.HS512`), following one variable; `JWSAlgorithm.parse("HS256")`. */
export function algorithmConstant(node: Node, r: JavaResolver, depth = 0): AlgorithmValue | null {
  const n = unwrap(node);
  const m = ALG.exec(dotted(n) ?? '');
  if (m) return { name: m[1] === 'NONE' ? 'none' : m[1]!, loc: r.loc(n) };
  if (n.type === 'method_invocation' && callee(n).name === 'parse' && /JWSAlgorithm$/.test(callee(n).recv ?? '')) {
    const a = argsOf(n)[0];
    const v = a ? r.resolve(a) : null;
    if (v?.kind === 'string') return { name: v.value, loc: v.loc };
  }
  // Spring's `JwsAlgorithm` is a functional interface: `JwsHeader.with(() -> "HS256")`.
  if (n.type === 'lambda_expression') {
    const body = n.childForFieldName('body');
    const v = body ? r.resolve(body) : null;
    if (v?.kind === 'string' && /^(?:HS|RS|PS|ES)\d{3}$/.test(v.value)) return { name: v.value, loc: v.loc };
  }
  if ((n.type === 'identifier' || n.type === 'field_access') && depth < 3) {
    const v = r.resolve(n);
    if (v.kind === 'expr' && v.node.id !== n.id) return algorithmConstant(v.node, r, depth + 1);
    if (v.kind === 'string' && /^(?:HS|RS|PS|ES)\d{3}$/.test(v.value)) return { name: v.value, loc: v.loc };
  }
  return null;
}

/** Every algorithm constant in an expression (`Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256)`). */
function algorithmsIn(node: Node, r: JavaResolver): AlgorithmValue[] {
  const one = algorithmConstant(node, r);
  if (one) return [one];
  const out: AlgorithmValue[] = [];
  for (const f of unwrap(node).descendantsOfType(['field_access', 'identifier'])) {
    if (!f || f.parent?.type === 'field_access') continue;
    const a = algorithmConstant(f, r);
    if (a) out.push(a);
  }
  return out;
}

/** The algorithm a JWSHeader expression names (`new JWSHeader(JWSAlgorithm.HS256)`, `new JWSHeader.Builder(...)...build()`). */
function headerAlgorithm(node: Node, r: JavaResolver): { spec: AlgorithmSpec | null; plain: boolean } {
  const c = creationOf(node, r);
  if (!c) return { spec: null, plain: false };
  const type = createdType(c);
  if (type === 'PlainHeader' || type === 'PlainHeader.Builder') return { spec: null, plain: true };
  if (type !== 'JWSHeader' && type !== 'JWSHeader.Builder') return { spec: null, plain: false };
  const a = argsOf(c)[0];
  const alg = a ? algorithmConstant(a, r) : null;
  return { spec: alg ? { kind: 'explicit', values: [alg], loc: alg.loc } : { kind: 'unknown', loc: r.loc(a ?? c) }, plain: false };
}

/** Key material behind a Nimbus secret argument: `String`/`byte[]`/`SecretKey`, `OctetSequenceKey`, `ImmutableSecret`. */
export function nimbusSecret(node: Node, r: JavaResolver, signs: boolean, depth = 0): KeyAnalysis {
  const c = depth < 4 ? creationOf(node, r) : null;
  const type = c ? createdType(c) : '';
  if (c && (type === 'OctetSequenceKey.Builder' || type === 'ImmutableSecret' || type === 'OctetSequenceKey') && argsOf(c)[0]) return nimbusSecret(argsOf(c)[0]!, r, signs, depth + 1);
  const key = keyOf(node, r, { signs });
  // A MAC signer or verifier makes an HMAC key of whatever it is given.
  if (!key.hmac && (key.info.kind === 'unknown' || key.info.kind === 'public-key' || key.info.kind === 'private-key') && !key.info.material) {
    return { info: { ...key.info, kind: key.info.fromParameter ? 'unknown' : 'hmac-secret' }, materials: key.materials, hmac: !key.info.fromParameter };
  }
  return key;
}

/** The lifetime the claims argument sets: the `JWTClaimsSet.Builder` chain's `expirationTime`. */
function claimsLifetime(node: Node | undefined, r: JavaResolver): Lifetime {
  if (!node) return { kind: 'unknown' };
  const c = creationOf(node, r);
  if (!c || createdType(c) !== 'JWTClaimsSet.Builder') return { kind: 'unknown' };
  let lifetime: Lifetime = { kind: 'absent' };
  for (const call of builderCalls(c, r)) {
    if (call.name === 'expirationTime' && call.args[0]) lifetime = lifetimeOf(call.args[0], r, call.args[0]);
    else if (call.name === 'claim' && call.args[0] && javaString(call.args[0]) === 'exp' && call.args[1]) lifetime = lifetimeOf(call.args[1], r, call.args[1]);
  }
  return lifetime;
}

/** The claims set a JWS payload carries: `new Payload(claims.toJSONObject())` (also `toString()`/`toPayload()`); otherwise none known. */
function payloadClaims(node: Node | undefined, r: JavaResolver): Node | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'method_invocation' && callee(n).name === 'toPayload') return n.childForFieldName('object') ?? undefined;
  const c = creationOf(n, r);
  const a = c && createdType(c) === 'Payload' ? argsOf(c)[0] : undefined;
  const inner = a ? unwrap(a) : undefined;
  if (inner?.type === 'method_invocation' && /^(?:toJSONObject|toString)$/.test(callee(inner).name)) return inner.childForFieldName('object') ?? undefined;
  return undefined;
}

interface Ctx {
  r: JavaResolver;
  isTest: boolean;
  /** Signer creations used by a token of the file. */
  usedSigners: Set<number>;
}

function signerOf(node: Node, ctx: Ctx): { key: KeyAnalysis; family: 'hmac' | 'asymmetric'; creation: Node } | null {
  const c = creationOf(node, ctx.r);
  const family = c ? SIGNERS[createdType(c)] : undefined;
  if (!c || !family) return null;
  const arg = argsOf(c)[0];
  const key = !arg ? { info: { kind: 'unknown' as const, envNames: [], envReads: [], loc: ctx.r.loc(c), fromParameter: false }, materials: [], hmac: false } : family === 'hmac' ? nimbusSecret(arg, ctx.r, true) : keyOf(arg, ctx.r, { signs: true, asymmetric: true });
  return { key, family, creation: c };
}

function tokenSite(creation: Node, type: string, ctx: Ctx): Found {
  const { r } = ctx;
  const args = argsOf(creation);
  const header = args[0] ? headerAlgorithm(args[0], r) : { spec: null, plain: false };
  let signer: ReturnType<typeof signerOf> = null;
  for (const c of chainOf(creation, r).calls) if (c.name === 'sign' && c.args[0]) signer ??= signerOf(c.args[0], ctx);
  if (signer) ctx.usedSigners.add(signer.creation.id);
  const signAlgorithm: AlgorithmSpec = header.spec ?? (signer ? { kind: 'default', hmacByDefault: signer.family === 'hmac' } : { kind: 'unknown', loc: r.loc(creation) });
  const site: JwtCallSite = {
    library: NIMBUS,
    api: `new ${type}`,
    operation: 'sign',
    signs: true,
    verifies: false,
    loc: r.loc(creation),
    key: signer?.key.info ?? null,
    signAlgorithm,
    lifetime: claimsLifetime(type === 'SignedJWT' ? args[1] : payloadClaims(args[1], r), r),
  };
  return { site, key: signer?.key ?? null };
}

function unsecuredSite(node: Node, api: string, claims: Node | undefined, ctx: Ctx, signs: boolean): Found {
  return {
    site: {
      library: NIMBUS,
      api,
      operation: signs ? 'sign' : 'verify',
      signs,
      verifies: !signs,
      loc: ctx.r.loc(node),
      key: null,
      unsecured: true,
      ...(signs ? { lifetime: claimsLifetime(claims, ctx.r) } : { expiry: {} }),
    },
    key: null,
  };
}

/** What the file checks around hand-written verification: claim reads anywhere in it (helpers count). */
function fileChecks(r: JavaResolver): { aud: boolean; iss: boolean; exp: boolean } {
  const out = { aud: false, iss: false, exp: false };
  for (const m of r.root.descendantsOfType('method_invocation')) {
    const name = m?.childForFieldName('name')?.text ?? '';
    const first = m ? argsOf(m)[0] : undefined;
    const claim = first ? javaString(first) : null;
    if (name === 'getAudience' || claim === 'aud') out.aud = true;
    if (name === 'getIssuer' || claim === 'iss') out.iss = true;
    if (name === 'getExpirationTime' || claim === 'exp') out.exp = true;
  }
  if (r.root.descendantsOfType('object_creation_expression').some((c) => c && createdType(c) === 'DefaultJWTClaimsVerifier')) out.exp = true;
  return out;
}

function verifierSite(creation: Node, family: 'hmac' | 'asymmetric', ctx: Ctx): Found {
  const { r } = ctx;
  const arg = argsOf(creation)[0];
  const key = !arg ? null : family === 'hmac' ? nimbusSecret(arg, r, false) : keyOf(arg, r, { signs: false, asymmetric: true });
  // The `.verify(v)` calls of the file that use this verifier.
  const verifies: Node[] = [];
  for (const m of r.root.descendantsOfType('method_invocation')) {
    if (!m || m.childForFieldName('name')?.text !== 'verify') continue;
    const a = argsOf(m)[0];
    if (a && creationOf(a, r)?.id === creation.id) verifies.push(m);
  }
  const checks = fileChecks(r);
  const seen = verifies.length > 0;
  const presence = (v: boolean): Presence => (v ? 'present' : seen ? 'absent' : 'unknown');
  const expiry: ExpiryEnforcement = {};
  if (seen && !checks.exp) expiry.claimsNotValidated = r.loc(verifies[0]!);
  const type = createdType(creation);
  const site: JwtCallSite = {
    library: NIMBUS,
    api: `new ${type}`,
    operation: 'verify',
    signs: false,
    verifies: true,
    loc: r.loc(creation),
    key: key?.info ?? null,
    ...(family === 'hmac' && { verifyAlgorithms: { kind: 'default', hmacByDefault: true } }),
    audience: presence(checks.aud),
    issuer: presence(checks.iss),
    expiry,
  };
  return { site, key };
}

/** The key a JWKSource expression stands for: `ImmutableSecret` (HMAC), a remote key set. */
function keySource(node: Node, r: JavaResolver): KeyAnalysis | null {
  const c = creationOf(node, r);
  const type = c ? createdType(c) : '';
  if (c && type === 'ImmutableSecret' && argsOf(c)[0]) return nimbusSecret(argsOf(c)[0]!, r, false);
  // `new RemoteJWKSet<>(new URL(u))`, `JWKSourceBuilder.create(new URL(u)).build()`.
  let url: Node | undefined;
  if (c && type === 'RemoteJWKSet') url = argsOf(c)[0];
  else {
    for (let n: Node | null = unwrap(node); n?.type === 'method_invocation'; n = n.childForFieldName('object')) {
      if (/(?:^|\.)JWKSourceBuilder$/.test(callee(n).recv ?? '') && callee(n).name === 'create') url = argsOf(n)[0];
    }
  }
  if (!url) return null;
  const u = creationOf(url, r);
  const target = u && createdType(u) === 'URL' ? argsOf(u)[0] : url;
  const v = target ? r.resolve(target) : { kind: 'unknown' as const };
  const origin = v.kind === 'string' ? `url:${v.value}` : v.kind === 'env' ? `env:${v.name}` : undefined;
  return {
    info: { kind: 'jwks', envNames: v.kind === 'env' ? [v.name] : [], envReads: v.kind === 'env' ? [{ name: v.name, loc: v.loc.file === r.file ? v.loc : r.loc(url) }] : [], loc: r.loc(url), fromParameter: v.kind === 'parameter', ...(origin && { origin }) },
    materials: [],
    hmac: false,
  };
}

function processorSite(creation: Node, ctx: Ctx): Found {
  const { r } = ctx;
  const chain = chainOf(creation, r);
  let algorithms: AlgorithmSpec | undefined;
  let key: KeyAnalysis | null = null;
  let audience: Presence = 'absent';
  let issuer: Presence = 'absent';
  const expiry: ExpiryEnforcement = {};
  for (const c of chain.calls) {
    if (c.name === 'setJWSKeySelector' && c.args[0]) {
      const sel = creationOf(c.args[0], r);
      if (sel && createdType(sel) === 'JWSVerificationKeySelector') {
        const [algArg, src] = argsOf(sel);
        const values = algArg ? algorithmsIn(algArg, r) : [];
        algorithms = values.length > 0 ? { kind: 'explicit', values, loc: values[0]!.loc } : { kind: 'unknown', loc: r.loc(algArg ?? sel) };
        if (src) key = keySource(src, r);
      } else algorithms = { kind: 'unknown', loc: r.loc(c.args[0]) };
    } else if (c.name === 'setJWTClaimsSetVerifier' && c.args[0]) {
      const v = creationOf(c.args[0], r);
      if (!v || createdType(v) !== 'DefaultJWTClaimsVerifier') {
        audience = 'unknown';
        issuer = 'unknown';
        continue;
      }
      const a = argsOf(v);
      // (exactMatch, required) or (aud, exactMatch, required[, prohibited]).
      const exact = a.length === 2 ? a[0] : a[1];
      if (a.length >= 3 && a[0]!.type !== 'null_literal') audience = 'present';
      const ec = exact ? creationOf(exact, r) : null;
      if (ec && createdType(ec) === 'JWTClaimsSet.Builder') {
        for (const b of builderCalls(ec, r)) {
          if (b.name === 'audience') audience = 'present';
          if (b.name === 'issuer') issuer = 'present';
          if (b.name === 'claim' && b.args[0] && javaString(b.args[0]) === 'aud') audience = 'present';
          if (b.name === 'claim' && b.args[0] && javaString(b.args[0]) === 'iss') issuer = 'present';
        }
      } else if (exact && exact.type !== 'null_literal') {
        if (audience !== 'present') audience = 'unknown';
        issuer = 'unknown';
      }
      for (const s of builderCalls(v, r)) {
        if (s.name !== 'setMaxClockSkew' || !s.args[0]) continue;
        const n = r.resolve(s.args[0]);
        if (n.kind === 'number' && n.value > 0) expiry.clockTolerance = { seconds: n.value, loc: n.loc.file === r.file ? n.loc : r.loc(s.args[0]) };
      }
    }
  }
  // Configured nowhere in this file (built here, set up elsewhere): nothing to judge.
  if (chain.calls.length === 0 && chain.escapes) {
    audience = 'unknown';
    issuer = 'unknown';
  }
  const site: JwtCallSite = {
    library: NIMBUS,
    api: 'DefaultJWTProcessor',
    operation: 'verify',
    signs: false,
    verifies: true,
    loc: r.loc(creation),
    key: key?.info ?? null,
    verifyAlgorithms: algorithms ?? { kind: 'unknown', loc: r.loc(creation) },
    audience,
    issuer,
    expiry,
  };
  return { site, key };
}

function decodeSite(call: Node, api: string, ctx: Ctx): Found {
  const { r } = ctx;
  const token = argsOf(call)[0];
  const decode = decodeFacts(call, token, r, ctx.isTest, /^(?:process|verify)$/);
  // `SignedJWT.parse(t).verify(v)`, or `jwt.verify(v)` on the parsed object: checked before use.
  const decl = call.parent?.type === 'variable_declarator' ? call.parent.childForFieldName('name')?.text : undefined;
  const chained = call.parent?.type === 'method_invocation' && call.parent.childForFieldName('object')?.id === call.id ? call.parent.childForFieldName('name')?.text : undefined;
  let verified = chained === 'verify';
  if (decl) {
    // `jwt.verify(v)`, or `((SignedJWT) jwt).verify(v)` / `SignedJWT s = (SignedJWT) jwt; s.verify(v)` after a `JWTParser.parse`.
    for (const m of (r.scopeOf(call) ?? r.root).descendantsOfType('method_invocation')) {
      const obj = m?.childForFieldName('object');
      if (!m || !obj || m.childForFieldName('name')?.text !== 'verify') continue;
      const o = unwrap(obj);
      if (o.type !== 'identifier') continue;
      const v = o.text === decl ? null : r.resolve(o);
      if (o.text === decl || (v?.kind === 'expr' && v.node.id === call.id)) verified = true;
    }
    // Handed to a method of this class that verifies its parameter: `if (!isValid(jwt)) …`.
    for (const m of (r.scopeOf(call) ?? r.root).descendantsOfType('method_invocation')) {
      const obj = m?.childForFieldName('object');
      if (!m || (obj && obj.type !== 'this')) continue;
      const at = argsOf(m).findIndex((a) => a.type === 'identifier' && a.text === decl);
      if (at >= 0 && (r.methods.get(m.childForFieldName('name')?.text ?? '') ?? []).some((d) => verifiesParameter(d, at))) verified = true;
    }
  }
  if (verified) {
    decode.verifiedInScope = true;
    delete decode.claimsDecide;
    delete decode.nonIdentityClaims;
  }
  return { site: { library: NIMBUS, api, operation: 'decode', signs: false, verifies: false, loc: r.loc(call), key: null, decode }, key: null };
}

/** Whether a method calls `.verify(` on its `index`-th parameter. */
function verifiesParameter(method: Node, index: number): boolean {
  const params = (method.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p?.type === 'formal_parameter');
  const name = params[index]?.childForFieldName('name')?.text;
  if (!name) return false;
  return method.descendantsOfType('method_invocation').some((m) => m?.childForFieldName('name')?.text === 'verify' && m.childForFieldName('object')?.text === name);
}

/** Every Nimbus record of a file. */
export function nimbusSites(r: JavaResolver, isTest: boolean, tick: () => void): Found[] {
  const ctx: Ctx = { r, isTest, usedSigners: new Set() };
  const out: Found[] = [];
  const signers: { creation: Node; family: 'hmac' | 'asymmetric' }[] = [];
  for (const c of r.root.descendantsOfType('object_creation_expression')) {
    if (!c) continue;
    tick();
    const type = createdType(c);
    const args = argsOf(c);
    if ((type === 'SignedJWT' || type === 'JWSObject') && args.length === 2) out.push(tokenSite(c, type, ctx));
    else if (type === 'PlainJWT') out.push(unsecuredSite(c, 'new PlainJWT', args[args.length - 1], ctx, true));
    else if (type === 'PlainHeader' && !insidePlainJwt(c)) out.push(unsecuredSite(c, 'new PlainHeader', undefined, ctx, true));
    else if (VERIFIERS[type]) out.push(verifierSite(c, VERIFIERS[type]!, ctx));
    else if (type === 'DefaultJWTProcessor') out.push(processorSite(c, ctx));
    else if (SIGNERS[type]) signers.push({ creation: c, family: SIGNERS[type]! });
  }
  for (const call of r.root.descendantsOfType('method_invocation')) {
    if (!call) continue;
    tick();
    const { recv, name } = callee(call);
    if (name !== 'parse' || !recv) continue;
    const cls = recv.slice(recv.lastIndexOf('.') + 1);
    if (cls === 'PlainJWT') out.push(unsecuredSite(call, 'PlainJWT.parse', undefined, ctx, false));
    else if (cls === 'SignedJWT' || cls === 'JWSObject' || cls === 'JWTParser') out.push(decodeSite(call, `${cls}.parse`, ctx));
  }
  // Signers no token of the file uses: their key and algorithm are still judged where they are made.
  for (const { creation, family } of signers) {
    if (ctx.usedSigners.has(creation.id)) continue;
    const s = signerOf(creation, ctx)!;
    out.push({
      site: { library: NIMBUS, api: `new ${createdType(creation)}`, operation: 'sign', signs: true, verifies: false, loc: r.loc(creation), key: s.key.info, signAlgorithm: { kind: 'default', hmacByDefault: family === 'hmac' }, lifetime: { kind: 'unknown' } },
      key: s.key,
    });
  }
  return out.sort((a, b) => a.site.loc.line - b.site.loc.line || a.site.loc.column - b.site.loc.column);
}

function insidePlainJwt(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'object_creation_expression') return createdType(p) === 'PlainJWT';
    if (p.type !== 'argument_list') return false;
  }
  return false;
}
