// jjwt, auth0 java-jwt and Spring's `NimbusJwtDecoder` builders called from Kotlin, read with
// the decisions of the Java adapters (src/lang/java/jjwt.ts, java-jwt.ts, spring-jwt.ts; their
// headers say why) and their tables (algorithm constants, parse methods, factories), on the
// Kotlin tree. Kotlin differences: a constructor call has no `new` (`SecretKeySpec(b, "…")`,
// `Date(ms)`), Java getters read as properties (`claims.audience`), and a property holding a
// built parser is followed like a Java field.
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmSpec, ExpiryEnforcement, JwtCallSite, Lifetime, Presence } from '../../facts/model.js';
import { FACTORIES, JAVA_JWT } from '../java/java-jwt.js';
import { ALG_CONST, JJWT, SIGNED_PARSE, UNSECURED_PARSE, type Found } from '../java/jjwt.js';
import { SPRING_JWT } from '../java/spring-jwt.js';
import { chainOf, decodeFacts, holderOf, keyOf, lifetimeOf } from './common.js';
import type { KotlinResolver } from './resolve-kotlin.js';
import { argsOf, callee, dotted, kotlinString, navigation, unwrap } from './syntax.js';

/** Getter reads (`x.getAudience()` or `x.audience`) anywhere under `scope`. */
function readsUnder(scope: Node | null, names: RegExp): Set<string> {
  const out = new Set<string>();
  for (const n of scope?.descendantsOfType(['call_expression', 'navigation_expression']) ?? []) {
    if (!n) continue;
    const name = n.type === 'call_expression' ? callee(n).name : navigation(n)?.name;
    const getter = name && n.type === 'navigation_expression' && !/^get[A-Z]/.test(name) ? `get${name[0]!.toUpperCase()}${name.slice(1)}` : name;
    if (getter && names.test(getter)) out.add(getter);
  }
  return out;
}

// ---- jjwt -------------------------------------------------------------------------------

function algConst(node: Node, r: KotlinResolver): { name: string; node: Node } | null {
  let n = unwrap(node);
  if (n.type === 'identifier') {
    const v = r.resolve(n);
    if (v.kind === 'expr') n = v.node;
  }
  const m = ALG_CONST.exec(dotted(n) ?? '');
  return m ? { name: m[1] === 'NONE' ? 'none' : m[1]!, node: n } : null;
}

function jjwtSign(start: Node, r: KotlinResolver): Found {
  const chain = chainOf(start, r);
  let algorithm: AlgorithmSpec | null = null;
  let key: KeyAnalysis | null = null;
  let lifetime: Lifetime = { kind: 'absent' };
  let claimsElsewhere = false;
  for (const c of chain.calls) {
    if (c.name === 'signWith') {
      const keyArgs: Node[] = [];
      for (const a of c.args) {
        const alg = algConst(a, r);
        if (alg) algorithm = { kind: 'explicit', values: [{ name: alg.name, loc: r.loc(alg.node) }], loc: r.loc(alg.node) };
        else keyArgs.push(a);
      }
      const asymmetric = algorithm?.kind === 'explicit' && algorithm.values.every((v) => !/^HS/.test(v.name));
      // 0.9 `signWith(alg, String)` Base64-decodes the string.
      if (keyArgs[0]) key = keyOf(keyArgs[0], r, { signs: true, asymmetric, stringIsBase64: c.args.length === 2 && c.args[1]!.id === keyArgs[0].id });
    } else if (c.name === 'setExpiration' || c.name === 'expiration') {
      if (c.args[0]) lifetime = lifetimeOf(c.args[0], r, c.args[0]);
    } else if ((c.name === 'claim' || c.name === 'add') && c.args[0] && (kotlinString(c.args[0]) === 'exp' || /Claims\.EXPIRATION$/.test(c.args[0].text))) {
      if (c.args[1]) lifetime = lifetimeOf(c.args[1], r, c.args[1]);
    } else if (/^(?:setClaims|claims|addClaims)$/.test(c.name) && c.args.length === 1) claimsElsewhere = true;
  }
  if (lifetime.kind === 'absent' && (claimsElsewhere || (chain.escapes && !chain.calls.some((c) => c.name === 'compact')))) lifetime = { kind: 'unknown' };
  if (!algorithm) algorithm = key?.hmac ? { kind: 'default', hmacByDefault: true } : key ? { kind: 'default', hmacByDefault: false } : { kind: 'unknown', loc: r.loc(start) };
  const site: JwtCallSite = { library: JJWT, api: 'Jwts.builder', operation: 'sign', signs: true, verifies: false, loc: r.loc(start), key: key?.info ?? null, signAlgorithm: algorithm, lifetime };
  return { site, key };
}

/** Parse calls on the parser a chain builds when a property or variable holds it. */
function parseCallsOn(holder: string, r: KotlinResolver): { name: string; node: Node }[] {
  const out: { name: string; node: Node }[] = [];
  for (const m of r.root.descendantsOfType('call_expression')) {
    if (!m) continue;
    const { object, name } = callee(m);
    const target = object?.type === 'identifier' ? object.text : object && navigation(object)?.object.type === 'this_expression' ? navigation(object)!.name : null;
    if (target === holder && /^parse/.test(name)) out.push({ name, node: m });
  }
  return out;
}

function jjwtVerify(start: Node, api: string, r: KotlinResolver): Found {
  const chain = chainOf(start, r);
  let key: KeyAnalysis | null = null;
  let keyFunction = false;
  let audience = false;
  let issuer = false;
  const expiry: ExpiryEnforcement = {};
  let none: Node | null = null;
  let api012 = false;
  const parses: { name: string; node: Node }[] = [];
  for (const c of chain.calls) {
    switch (c.name) {
      case 'setSigningKey':
      case 'verifyWith':
        if (c.name === 'verifyWith') api012 = true;
        if (c.args[0]) key = keyOf(c.args[0], r, { signs: false, stringIsBase64: c.name === 'setSigningKey' });
        break;
      case 'setSigningKeyResolver':
      case 'keyLocator':
        if (c.name === 'keyLocator') api012 = true;
        keyFunction = true;
        break;
      case 'requireAudience':
        audience = true;
        break;
      case 'requireIssuer':
        issuer = true;
        break;
      case 'require': {
        const claim = c.args[0] ? kotlinString(c.args[0]) : null;
        if (claim === 'aud' || /AUDIENCE$/.test(c.args[0]?.text ?? '')) audience = true;
        if (claim === 'iss' || /ISSUER$/.test(c.args[0]?.text ?? '')) issuer = true;
        break;
      }
      case 'setAllowedClockSkewSeconds':
      case 'clockSkewSeconds': {
        const v = c.args[0] ? r.resolve(c.args[0]) : null;
        if (v?.kind === 'number' && v.value > 0) expiry.clockTolerance = { seconds: v.value, loc: v.loc.file === r.file ? v.loc : r.loc(c.args[0]!) };
        break;
      }
      case 'unsecured':
        none = c.node;
        break;
      default:
        if (/^parse/.test(c.name)) parses.push({ name: c.name, node: c.node });
    }
  }
  // `private val parser = Jwts.parserBuilder()…build()` then `parser.parseClaimsJws(t)` elsewhere.
  const top = chain.calls[chain.calls.length - 1]?.node ?? start;
  const holder = holderOf(top, r);
  if (parses.length === 0 && holder) parses.push(...parseCallsOn(holder.name, r));
  const unsignedParse = parses.find((p) => UNSECURED_PARSE.test(p.name)) ?? (!api012 && !parses.some((p) => SIGNED_PARSE.test(p.name)) ? parses.find((p) => p.name === 'parse') : undefined);
  if (unsignedParse) none ??= unsignedParse.node;
  // A manual claim check in the function that parses counts.
  for (const p of parses) {
    const reads = readsUnder(r.scopeOf(p.node), /^(?:getAudience|getIssuer)$/);
    if (reads.has('getAudience')) audience = true;
    if (reads.has('getIssuer')) issuer = true;
  }
  const opaque = chain.escapes && parses.length === 0;
  const presence = (v: boolean): Presence => (v ? 'present' : opaque ? 'unknown' : 'absent');
  // The method name of an unsigned parse, where the report points.
  const at = none ? (memberNameNode(none) ?? none) : null;
  let verifyAlgorithms: AlgorithmSpec | undefined;
  if (at) verifyAlgorithms = { kind: 'explicit', values: [{ name: 'none', loc: r.loc(at) }], loc: r.loc(at) };
  else if (key?.hmac) verifyAlgorithms = { kind: 'default', hmacByDefault: true };
  const site: JwtCallSite = {
    library: JJWT,
    api,
    operation: 'verify',
    signs: false,
    verifies: true,
    loc: r.loc(start),
    key: keyFunction ? { kind: 'key-function', envNames: [], envReads: [], loc: r.loc(start), fromParameter: false } : (key?.info ?? null),
    ...(verifyAlgorithms && { verifyAlgorithms }),
    audience: presence(audience),
    issuer: presence(issuer),
    expiry,
  };
  return { site, key };
}

/** The member name of `recv.name(…)`. */
function memberNameNode(call: Node): Node | null {
  const f = call.namedChildren[0];
  return f?.type === 'navigation_expression' ? (f.namedChildren[f.namedChildCount - 1] ?? null) : null;
}

// ---- java-jwt ---------------------------------------------------------------------------

interface AlgorithmRead {
  spec: AlgorithmSpec;
  key: KeyAnalysis | null;
}

/** The algorithm (and key) an `Algorithm` expression builds, following variables and properties. */
function algorithmOf(node: Node, r: KotlinResolver, signs: boolean, depth = 0): AlgorithmRead {
  const n = unwrap(node);
  const unknown = (at: Node): AlgorithmRead => ({ spec: { kind: 'unknown', loc: r.loc(at) }, key: null });
  if (depth > 4) return unknown(node);
  const { recv, name } = callee(n);
  if (n.type === 'identifier' || n.type === 'navigation_expression' || (n.type === 'call_expression' && !/^(?:Algorithm|com\.auth0\.jwt\.algorithms\.Algorithm)$/.test(recv ?? ''))) {
    const v = r.resolve(n);
    if (v.kind === 'expr' && v.node.id !== n.id) return algorithmOf(v.node, r, signs, depth + 1);
    return unknown(node);
  }
  if (n.type !== 'call_expression') return unknown(node);
  const alg = FACTORIES[name];
  if (!alg) return unknown(n);
  const loc = r.loc(n);
  const spec: AlgorithmSpec = { kind: 'explicit', values: [{ name: alg, loc }], loc };
  const args = argsOf(n);
  if (alg === 'none') return { spec, key: null };
  if (/^HS/.test(alg)) return { spec, key: args[0] ? keyOf(args[0], r, { signs }) : null };
  // `RSA256(publicKey, privateKey)` or `RSA256(keyProvider)`.
  const keyArg = args.length === 2 ? (signs ? args[1] : args[0]) : args[0];
  return { spec, key: keyArg ? keyOf(keyArg, r, { signs, asymmetric: true }) : null };
}

function javaJwtSign(start: Node, r: KotlinResolver): Found {
  const chain = chainOf(start, r);
  let lifetime: Lifetime = { kind: 'absent' };
  let read: AlgorithmRead | null = null;
  let payloadElsewhere = false;
  for (const c of chain.calls) {
    if (c.name === 'withExpiresAt' && c.args[0]) lifetime = lifetimeOf(c.args[0], r, c.args[0]);
    else if (c.name === 'withClaim' && c.args[0] && kotlinString(c.args[0]) === 'exp' && c.args[1]) lifetime = lifetimeOf(c.args[1], r, c.args[1]);
    else if (c.name === 'withPayload') payloadElsewhere = true;
    else if (c.name === 'sign' && c.args[0]) read = algorithmOf(c.args[0], r, true);
  }
  if (lifetime.kind === 'absent' && (payloadElsewhere || (chain.escapes && !read))) lifetime = { kind: 'unknown' };
  const site: JwtCallSite = { library: JAVA_JWT, api: 'JWT.create', operation: 'sign', signs: true, verifies: false, loc: r.loc(start), key: read?.key?.info ?? null, signAlgorithm: read?.spec ?? { kind: 'unknown', loc: r.loc(start) }, lifetime };
  return { site, key: read?.key ?? null };
}

function javaJwtVerify(start: Node, r: KotlinResolver): Found {
  const chain = chainOf(start, r);
  const arg = argsOf(start)[0];
  const read = arg ? algorithmOf(arg, r, false) : null;
  let audience = false;
  let issuer = false;
  const expiry: ExpiryEnforcement = {};
  let verified = false;
  for (const c of chain.calls) {
    if (c.name === 'withAudience' || c.name === 'withAnyOfAudience') audience = true;
    else if (c.name === 'withIssuer') issuer = true;
    else if ((c.name === 'acceptLeeway' || c.name === 'acceptExpiresAt') && c.args[0]) {
      const v = r.resolve(c.args[0]);
      if (v.kind === 'number' && v.value > (expiry.clockTolerance?.seconds ?? 0)) expiry.clockTolerance = { seconds: v.value, loc: v.loc.file === r.file ? v.loc : r.loc(c.args[0]) };
    } else if (c.name === 'verify') verified = true;
  }
  for (const c of verified ? chain.calls : []) {
    if (c.name !== 'verify') continue;
    const reads = readsUnder(r.scopeOf(c.node), /^(?:getAudience|getIssuer)$/);
    if (reads.has('getAudience')) audience = true;
    if (reads.has('getIssuer')) issuer = true;
  }
  const opaque = chain.escapes && !verified && chain.calls.length === 0;
  const presence = (v: boolean): Presence => (v ? 'present' : opaque ? 'unknown' : 'absent');
  const site: JwtCallSite = {
    library: JAVA_JWT,
    api: 'JWT.require',
    operation: 'verify',
    signs: false,
    verifies: true,
    loc: r.loc(start),
    key: read?.key?.info ?? null,
    verifyAlgorithms: read?.spec ?? { kind: 'unknown', loc: r.loc(start) },
    audience: presence(audience),
    issuer: presence(issuer),
    expiry,
  };
  return { site, key: read?.key ?? null };
}

// ---- Spring NimbusJwtDecoder ------------------------------------------------------------

/** The decoder builders src/lang/java/spring-jwt.ts reads. */
const DECODER_BUILDERS = /^(?:withSecretKey|withPublicKey|withJwkSetUri|withIssuerLocation)$/;

/** Whether a validator expression checks the issuer / audience, following one variable. */
function validatorChecks(node: Node, r: KotlinResolver): { iss: Presence; aud: Presence } {
  let n = unwrap(node);
  if (n.type === 'identifier') {
    const v = r.resolve(n);
    if (v.kind === 'expr' && v.node.id !== n.id) n = v.node;
  }
  const kinds = ['identifier', 'string_literal'];
  const ids = [n, ...n.descendantsOfType(kinds)].filter((x): x is Node => !!x);
  for (const id of [...ids]) {
    if (id.type !== 'identifier' || id.id === node.id) continue;
    const v = r.resolve(id);
    if (v.kind === 'expr' && v.node.id !== id.id) ids.push(v.node, ...v.node.descendantsOfType(kinds).filter((x): x is Node => !!x));
  }
  const iss = ids.some((x) => /^(?:JwtIssuerValidator|createDefaultWithIssuer)$/.test(x.text) || kotlinString(x) === 'iss');
  const aud = ids.some((x) => /Audience/.test(x.text) || kotlinString(x) === 'aud' || x.text === 'AUD');
  const readable = n.type === 'call_expression';
  return { iss: iss ? 'present' : readable ? 'absent' : 'unknown', aud: aud ? 'present' : readable ? 'absent' : 'unknown' };
}

function decoderSite(start: Node, builder: string, r: KotlinResolver): Found {
  const chain = chainOf(start, r);
  const arg = argsOf(start)[0] ?? null;
  const secret = builder === 'withSecretKey';
  let algorithm: AlgorithmSpec = { kind: 'explicit', values: [{ name: secret ? 'HS256' : 'RS256', loc: r.loc(start) }], loc: r.loc(start) };
  let audience: Presence = 'absent';
  let issuer: Presence = builder === 'withIssuerLocation' ? 'present' : 'absent';
  for (const c of chain.calls) {
    if ((c.name === 'macAlgorithm' || c.name === 'signatureAlgorithm' || c.name === 'jwsAlgorithm') && c.args[0]) {
      const name = /\.(\w+)$/.exec(dotted(c.args[0]) ?? '')?.[1];
      algorithm = name ? { kind: 'explicit', values: [{ name, loc: r.loc(c.args[0]) }], loc: r.loc(c.args[0]) } : { kind: 'unknown', loc: r.loc(c.args[0]) };
    }
  }
  // `decoder.setJwtValidator(v)` on the built decoder, or on the variable holding it.
  for (const c of chain.calls) {
    if (c.name !== 'setJwtValidator' || !c.args[0]) continue;
    const checks = validatorChecks(c.args[0], r);
    if (audience !== 'present') audience = checks.aud;
    if (issuer !== 'present') issuer = checks.iss;
  }
  const key = !arg ? null : secret ? keyOf(arg, r, { signs: false }) : builder === 'withPublicKey' ? keyOf(arg, r, { signs: false, asymmetric: true }) : null;
  let keyInfo = key?.info ?? null;
  if (!keyInfo && arg) {
    // A key set: where it comes from, comparable across units.
    const v = r.resolve(arg);
    const origin = v.kind === 'string' ? `url:${v.value}` : v.kind === 'env' ? `env:${v.name}` : undefined;
    keyInfo = { kind: 'jwks', envNames: v.kind === 'env' ? [v.name] : [], envReads: v.kind === 'env' ? [{ name: v.name, loc: v.readAt ?? (v.loc.file === r.file ? v.loc : r.loc(arg)) }] : [], loc: r.loc(arg), fromParameter: v.kind === 'parameter', ...(origin && { origin }) };
  }
  if (secret && key && !key.hmac && key.info.kind === 'unknown') key.info.kind = 'hmac-secret';
  const site: JwtCallSite = { library: SPRING_JWT, api: `NimbusJwtDecoder.${builder}`, operation: 'verify', signs: false, verifies: true, loc: r.loc(start), key: keyInfo, verifyAlgorithms: algorithm, audience, issuer, expiry: {} };
  return { site, key: key ? { ...key, hmac: secret } : null };
}

// ---- every record of a file -------------------------------------------------------------

export interface KotlinLibraries {
  jjwt: boolean;
  javaJwt: boolean;
  spring: boolean;
}

/** Every jjwt, java-jwt and NimbusJwtDecoder record of a file. */
export function kotlinSites(r: KotlinResolver, libs: KotlinLibraries, isTest: boolean, tick: () => void): Found[] {
  const out: Found[] = [];
  for (const call of r.root.descendantsOfType('call_expression')) {
    if (!call) continue;
    tick();
    const { recv, name } = callee(call);
    if (libs.jjwt && (recv === 'Jwts' || recv === 'io.jsonwebtoken.Jwts')) {
      if (name === 'builder') out.push(jjwtSign(call, r));
      else if (name === 'parser' || name === 'parserBuilder') out.push(jjwtVerify(call, `Jwts.${name}`, r));
    } else if (libs.javaJwt && (recv === 'JWT' || recv === 'com.auth0.jwt.JWT')) {
      if (name === 'create') out.push(javaJwtSign(call, r));
      else if (name === 'require') out.push(javaJwtVerify(call, r));
      else if (name === 'decode') {
        const decode = decodeFacts(call, argsOf(call)[0], r, isTest, /^verify$/);
        out.push({ site: { library: JAVA_JWT, api: 'JWT.decode', operation: 'decode', signs: false, verifies: false, loc: r.loc(call), key: null, decode }, key: null });
      }
    } else if (libs.spring && recv === 'NimbusJwtDecoder' && DECODER_BUILDERS.test(name)) out.push(decoderSite(call, name, r));
  }
  return out;
}

