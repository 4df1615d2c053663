// Spring Security's resource-server decoder (spring-security-oauth2-jose 5.x/6.x)
// `NimbusJwtDecoder` built in code, as the call-site records the JS adapters emit.
// Decisions:
// - One verify record per `NimbusJwtDecoder.withSecretKey(key)` / `withPublicKey(key)` /
//   `withJwkSetUri(uri)` / `withIssuerLocation(uri)`, reported there (the reusable verifier builder).
// - The builders pin one algorithm: `macAlgorithm(...)` (default HS256) for a secret key,
//   `signatureAlgorithm(...)`/`jwsAlgorithm(...)` (default RS256) otherwise: explicit, on the line
//   that names it (or the builder's line for the default).
// - The default validator checks `exp`/`nbf` only (60 s skew): no audience or issuer check unless
//   a `setJwtValidator(...)` on the decoder names an issuer validator (`JwtIssuerValidator`,
//   `JwtValidators.createDefaultWithIssuer`) or an audience check (`JwtClaimValidator` on `aud`,
//   an `*Audience*` validator); an unreadable validator leaves them unknown.
// - `withIssuerLocation`/`JwtDecoders.fromIssuerLocation` check the issuer by construction.
// Encoder side (spring-security-oauth2-jose 5.6+):
// - `new NimbusJwtEncoder(jwkSource)` (and 6.5's `NimbusJwtEncoder.withSecretKey(k)`/`withKeyPair`) is a
//   configure-once signer, reported there: `new ImmutableSecret<>(secret)` or an `OctetSequenceKey` in an
//   `ImmutableJWKSet` is an HMAC key (HMAC by key type unless the JWK names its `algorithm(JWSAlgorithm.X)`
//   or the builder its `algorithm(MacAlgorithm.X)`); an `RSAKey`/`ECKey` is a private key. Its lifetime is
//   judged at the `encode` calls, not here.
// - Each `encoder.encode(JwtEncoderParameters.from([header,] claims))` is a sign record, reported at that
//   call: `JwsHeader.with(MacAlgorithm.HS256)` is an explicit choice on its line (without a header Spring
//   signs RS256); the lifetime is `expiresAt(...)` (or `claim("exp", …)`) on the `JwtClaimsSet.builder()`
//   chain, absent without one (Spring adds no `exp`), unknown when the claims come from elsewhere. Its key
//   is the encoder bean's, configured apart.
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmSpec, JwtCallSite, Lifetime, Presence } from '../../facts/model.js';
import { chainOf, lifetimeOf } from './common.js';
import type { Found } from '../collect-sites.js';
import { javaReader, type JvmReader } from './jvm.js';
import { algorithmConstant, createdType, creationOf, nimbusSecret } from './nimbus.js';
import { argsOf, callee, javaString, unwrap, type JavaResolver } from './resolve-java.js';

export const SPRING_JWT = 'spring-security-oauth2-jose';

/** What this adapter reads: a file using none of it keeps the unmodelled-library note. */
export const SPRING_READ = /\bNimbusJwtDecoder\s*\.|\bNimbusJwtEncoder\b|\bJwtEncoderParameters\b/;

const BUILDERS = /^(?:withSecretKey|withPublicKey|withJwkSetUri|withIssuerLocation)$/;

/** Whether a validator expression checks the issuer / audience, following one variable. */
function validatorChecks(node: Node, x: JvmReader): { iss: Presence; aud: Presence } {
  let n = x.unwrap(node);
  if (n.type === 'identifier') {
    const v = x.resolve(n);
    if (v.kind === 'expr' && v.node.id !== n.id) n = v.node;
  }
  const kinds = [...x.validatorTypes];
  const ids = [n, ...n.descendantsOfType(kinds)].filter((y): y is Node => !!y);
  // Validators held in variables: `new DelegatingOAuth2TokenValidator<>(withIssuer, audienceValidator)`.
  for (const id of [...ids]) {
    if (id.type !== 'identifier' || id.id === node.id) continue;
    const v = x.resolve(id);
    if (v.kind === 'expr' && v.node.id !== id.id) ids.push(v.node, ...v.node.descendantsOfType(kinds).filter((y): y is Node => !!y));
  }
  const iss = ids.some((y) => /^(?:JwtIssuerValidator|createDefaultWithIssuer)$/.test(y.text) || x.stringOf(y) === 'iss');
  const aud = ids.some((y) => /Audience/.test(y.text) || x.stringOf(y) === 'aud' || y.text === 'AUD');
  const readable = x.isCallOrNew(n);
  return { iss: iss ? 'present' : readable ? 'absent' : 'unknown', aud: aud ? 'present' : readable ? 'absent' : 'unknown' };
}

function decoderSite(start: Node, builder: string, x: JvmReader): Found {
  const chain = x.chainOf(start);
  const arg = x.args(start)[0] ?? null;
  const secret = builder === 'withSecretKey';
  let algorithm: AlgorithmSpec = { kind: 'explicit', values: [{ name: secret ? 'HS256' : 'RS256', loc: x.loc(start) }], loc: x.loc(start) };
  let audience: Presence = 'absent';
  let issuer: Presence = builder === 'withIssuerLocation' ? 'present' : 'absent';
  for (const c of chain.calls) {
    if ((c.name === 'macAlgorithm' || c.name === 'signatureAlgorithm' || c.name === 'jwsAlgorithm') && c.args[0]) {
      const name = /\.(\w+)$/.exec(x.dotted(c.args[0]) ?? '')?.[1];
      algorithm = name ? { kind: 'explicit', values: [{ name, loc: x.loc(c.args[0]) }], loc: x.loc(c.args[0]) } : { kind: 'unknown', loc: x.loc(c.args[0]) };
    } else if (c.name === 'setJwtValidator' && c.args[0]) {
      const checks = validatorChecks(c.args[0], x);
      if (audience !== 'present') audience = checks.aud;
      if (issuer !== 'present') issuer = checks.iss;
    }
  }
  const key = !arg
    ? null
    : secret
      ? x.keyOf(arg, { signs: false })
      : builder === 'withPublicKey'
        ? x.keyOf(arg, { signs: false, asymmetric: true })
        : null;
  let keyInfo = key?.info ?? null;
  if (!keyInfo && arg) {
    // A key set: where it comes from, comparable across units.
    const v = x.resolve(arg);
    const origin = v.kind === 'string' ? `url:${v.value}` : v.kind === 'env' ? `env:${v.name}` : undefined;
    const envReads = v.kind === 'env' ? [{ name: v.name, loc: (x.jwksReadAt ? v.readAt : undefined) ?? (v.loc.file === x.file ? v.loc : x.loc(arg)) }] : [];
    keyInfo = { kind: 'jwks', envNames: v.kind === 'env' ? [v.name] : [], envReads, loc: x.loc(arg), fromParameter: v.kind === 'parameter', ...(origin && { origin }) };
  }
  if (secret && key && !key.hmac && key.info.kind === 'unknown') key.info.kind = 'hmac-secret';
  const site: JwtCallSite = {
    library: SPRING_JWT,
    api: `NimbusJwtDecoder.${builder}`,
    operation: 'verify',
    signs: false,
    verifies: true,
    loc: x.loc(start),
    key: keyInfo,
    verifyAlgorithms: algorithm,
    audience,
    issuer,
    expiry: {},
  };
  return { site, key: key ? { ...key, hmac: secret } : null };
}

/** The record of a `NimbusJwtDecoder.with…(…)` builder call, or null. */
export function nimbusDecoderSite(call: Node, x: JvmReader): Found | null {
  const c = x.call(call);
  return c && c.recv === 'NimbusJwtDecoder' && BUILDERS.test(c.name) ? decoderSite(call, c.name, x) : null;
}

/** The key a JWK expression holds, and the algorithm it names (`new OctetSequenceKey.Builder(b).algorithm(JWSAlgorithm.HS256).build()`). */
function jwkKey(node: Node, r: JavaResolver): { key: KeyAnalysis; alg: AlgorithmSpec | null } | null {
  const c = creationOf(node, r);
  const type = c ? createdType(c) : '';
  if (!c || !/^(?:OctetSequenceKey|RSAKey|ECKey|OctetKeyPair)\.Builder$/.test(type) || !argsOf(c)[0]) return null;
  let alg: AlgorithmSpec | null = null;
  for (const b of chainOf(c, r).calls) {
    const a = b.name === 'algorithm' && b.args[0] ? algorithmConstant(b.args[0], r) : null;
    if (a) alg = { kind: 'explicit', values: [a], loc: a.loc };
  }
  const loc = r.loc(c);
  const key: KeyAnalysis = type === 'OctetSequenceKey.Builder' ? nimbusSecret(argsOf(c)[0]!, r, true) : { info: { kind: 'private-key', envNames: [], envReads: [], loc, fromParameter: false }, materials: [], hmac: false };
  return { key, alg };
}

/** The key of an encoder's JWK source: `new ImmutableSecret<>(k)`, `new ImmutableJWKSet<>(new JWKSet(jwk))`. */
function encoderKey(node: Node, r: JavaResolver): { key: KeyAnalysis; alg: AlgorithmSpec | null } | null {
  const c = creationOf(node, r);
  const type = c ? createdType(c) : '';
  const arg = c ? argsOf(c)[0] : undefined;
  if (!c || !arg) return null;
  if (type === 'ImmutableSecret') return { key: nimbusSecret(arg, r, true), alg: null };
  if (type === 'ImmutableJWKSet') {
    const set = creationOf(arg, r);
    const jwk = set && createdType(set) === 'JWKSet' ? argsOf(set)[0] : undefined;
    return jwk ? jwkKey(jwk, r) : null;
  }
  return null;
}

function encoderSite(start: Node, api: string, r: JavaResolver): Found {
  let read: { key: KeyAnalysis; alg: AlgorithmSpec | null } | null = null;
  const args = argsOf(start);
  if (start.type === 'object_creation_expression') read = args[0] ? encoderKey(args[0], r) : null;
  else if (api === 'NimbusJwtEncoder.withSecretKey' && args[0]) read = { key: nimbusSecret(args[0], r, true), alg: null };
  else if (args[0]) read = { key: { info: { kind: 'private-key', envNames: [], envReads: [], loc: r.loc(args[0]), fromParameter: false }, materials: [], hmac: false }, alg: null };
  if (start.type === 'method_invocation') {
    for (const c of chainOf(start, r).calls) {
      const a = c.name === 'algorithm' && c.args[0] ? algorithmConstant(c.args[0], r) : null;
      if (a && read) read.alg = { kind: 'explicit', values: [a], loc: a.loc };
    }
  }
  const site: JwtCallSite = {
    library: SPRING_JWT,
    api,
    operation: 'sign',
    signs: true,
    verifies: false,
    loc: r.loc(start),
    key: read?.key.info ?? null,
    signAlgorithm: read?.alg ?? (read ? { kind: 'default', hmacByDefault: read.key.hmac } : { kind: 'unknown', loc: r.loc(start) }),
    // Lifetimes are set per token, at `encode`.
    lifetime: { kind: 'unknown' },
  };
  return { site, key: read?.key ?? null };
}

/** The call `recv.name(...)` at the root of a fluent chain an expression holds (`JwsHeader.with(x).type("JWT").build()`). */
function chainRoot(node: Node, r: JavaResolver, recv: RegExp, name: RegExp): Node | null {
  let n: Node | null = unwrap(node);
  if (n.type === 'identifier' || n.type === 'field_access') {
    const v = r.resolve(n);
    n = v.kind === 'expr' && v.node.id !== n.id ? v.node : null;
  }
  for (let i = 0; n?.type === 'method_invocation' && i < 40; i++) {
    const c = callee(n);
    if (recv.test(c.recv ?? '') && name.test(c.name)) return n;
    n = n.childForFieldName('object');
  }
  return null;
}

function encodeSite(call: Node, params: Node, r: JavaResolver): Found {
  const a = argsOf(params);
  const header = a.length >= 2 ? a[0] : undefined;
  const claims = a[a.length - 1];
  let signAlgorithm: AlgorithmSpec = { kind: 'default', hmacByDefault: false };
  if (header) {
    const w = chainRoot(header, r, /(?:^|\.)JwsHeader$/, /^with$/);
    const alg = w && argsOf(w)[0] ? algorithmConstant(argsOf(w)[0]!, r) : null;
    signAlgorithm = alg ? { kind: 'explicit', values: [alg], loc: alg.loc } : { kind: 'unknown', loc: r.loc(header) };
  }
  let lifetime: Lifetime = { kind: 'unknown' };
  const builder = claims ? chainRoot(claims, r, /(?:^|\.)JwtClaimsSet$/, /^builder$/) : null;
  if (builder) {
    lifetime = { kind: 'absent' };
    for (const c of chainOf(builder, r).calls) {
      if (c.name === 'expiresAt' && c.args[0]) lifetime = lifetimeOf(c.args[0], r, c.args[0]);
      else if (c.name === 'claim' && c.args[0] && javaString(c.args[0]) === 'exp' && c.args[1]) lifetime = lifetimeOf(c.args[1], r, c.args[1]);
      else if (c.name === 'claims' || c.name === 'from') lifetime = lifetime.kind === 'absent' ? { kind: 'unknown' } : lifetime;
    }
  }
  const site: JwtCallSite = { library: SPRING_JWT, api: 'JwtEncoder.encode', operation: 'sign', signs: true, verifies: false, loc: r.loc(call), key: null, signAlgorithm, lifetime };
  return { site, key: null };
}

/** Every NimbusJwtDecoder builder, NimbusJwtEncoder and `JwtEncoder.encode` of a file. */
export function springJwtSites(r: JavaResolver, tick: () => void): Found[] {
  const x = javaReader(r);
  const out: Found[] = [];
  for (const call of r.root.descendantsOfType('method_invocation')) {
    if (!call) continue;
    tick();
    const { recv, name } = callee(call);
    if (recv === 'NimbusJwtDecoder' && BUILDERS.test(name)) out.push(decoderSite(call, name, x));
    else if (recv === 'NimbusJwtEncoder' && /^with(?:SecretKey|KeyPair|PublicKey)$/.test(name)) out.push(encoderSite(call, `NimbusJwtEncoder.${name}`, r));
    else if (name === 'encode' && argsOf(call).length === 1) {
      const params = chainRoot(argsOf(call)[0]!, r, /(?:^|\.)JwtEncoderParameters$/, /^(?:from|with)$/);
      if (params) out.push(encodeSite(call, params, r));
    }
  }
  for (const c of r.root.descendantsOfType('object_creation_expression')) {
    if (c && createdType(c) === 'NimbusJwtEncoder') out.push(encoderSite(c, 'new NimbusJwtEncoder', r));
  }
  return out;
}
