// auth0 java-jwt (com.auth0:java-jwt 3.x and 4.x) as the call-site records the JS adapters emit.
// Decisions:
// - `Algorithm.HMAC256/384/512(secret)` is an explicit HMAC choice on the line naming it, and
//   the secret (String: its UTF-8 bytes; byte[]) is key material. `Algorithm.RSA*/ECDSA*` are
//   asymmetric. `Algorithm.none()` is `none`. An algorithm held in a field or variable is followed.
// - Sign: one record per `JWT.create()`, reported there; the algorithm and key are those of the
//   chain's `sign(alg)`; `withExpiresAt` (or `withClaim("exp", …)`) is the lifetime, else no-expiry.
// - Verify: one record per `JWT.require(alg)`, reported there (the reusable verifier builder).
//   java-jwt pins the algorithm by construction (the verifier rejects any other `alg`), so the
//   algorithm is explicit. It checks `exp` always; `withIssuer`/`withAudience` are the aud/iss
//   checks; `acceptLeeway(n)`/`acceptExpiresAt(n)` are clock tolerances in seconds.
// - `JWT.decode(token)` decodes without verifying: a decode record with DecodeFacts read as the
//   Go and Python front ends read them (verified in scope by a `.verify(` of the same token).
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmSpec, ExpiryEnforcement, JwtCallSite, Lifetime, Presence } from '../../facts/model.js';
import type { Found } from '../collect-sites.js';
import { javaReader, type JvmReader } from './jvm.js';
import type { JavaResolver } from './resolve-java.js';

export const JAVA_JWT = 'java-jwt';

export const FACTORIES: Record<string, string> = {
  HMAC256: 'HS256', HMAC384: 'HS384', HMAC512: 'HS512',
  RSA256: 'RS256', RSA384: 'RS384', RSA512: 'RS512',
  ECDSA256: 'ES256', ECDSA384: 'ES384', ECDSA512: 'ES512', ECDSA256K: 'ES256K',
  none: 'none',
};

interface AlgorithmRead {
  spec: AlgorithmSpec;
  key: KeyAnalysis | null;
}

/** The algorithm (and key) an `Algorithm` expression builds, following variables, fields and properties. */
function algorithmOf(node: Node, x: JvmReader, signs: boolean, depth = 0): AlgorithmRead {
  const n = x.unwrap(node);
  const unknown = (at: Node): AlgorithmRead => ({ spec: { kind: 'unknown', loc: x.loc(at) }, key: null });
  if (depth > 4) return unknown(node);
  const call = x.call(n);
  if (x.isReference(n) || (call && !/^(?:Algorithm|com\.auth0\.jwt\.algorithms\.Algorithm)$/.test(call.recv ?? ''))) {
    const v = x.resolve(n);
    if (v.kind === 'expr' && v.node.id !== n.id) return algorithmOf(v.node, x, signs, depth + 1);
    return unknown(node);
  }
  if (!call) return unknown(node);
  const alg = FACTORIES[call.name];
  if (!alg) return unknown(n);
  const loc = x.loc(n);
  const spec: AlgorithmSpec = { kind: 'explicit', values: [{ name: alg, loc }], loc };
  const args = call.args;
  if (alg === 'none') return { spec, key: null };
  if (/^HS/.test(alg)) return { spec, key: args[0] ? x.keyOf(args[0], { signs }) : null };
  // `RSA256(publicKey, privateKey)` or `RSA256(keyProvider)`.
  const keyArg = args.length === 2 ? (signs ? args[1] : args[0]) : args[0];
  return { spec, key: keyArg ? x.keyOf(keyArg, { signs, asymmetric: true }) : null };
}

function signSite(start: Node, x: JvmReader): Found {
  const chain = x.chainOf(start);
  let lifetime: Lifetime = { kind: 'absent' };
  let read: AlgorithmRead | null = null;
  let payloadElsewhere = false;
  for (const c of chain.calls) {
    if (c.name === 'withExpiresAt' && c.args[0]) lifetime = x.lifetimeOf(c.args[0], c.args[0]);
    else if (c.name === 'withClaim' && c.args[0] && x.stringOf(c.args[0]) === 'exp' && c.args[1]) lifetime = x.lifetimeOf(c.args[1], c.args[1]);
    else if (c.name === 'withPayload') payloadElsewhere = true;
    else if (c.name === 'sign' && c.args[0]) read = algorithmOf(c.args[0], x, true);
  }
  if (lifetime.kind === 'absent' && (payloadElsewhere || (chain.escapes && !read))) lifetime = { kind: 'unknown' };
  const site: JwtCallSite = {
    library: JAVA_JWT,
    api: 'JWT.create',
    operation: 'sign',
    signs: true,
    verifies: false,
    loc: x.loc(start),
    key: read?.key?.info ?? null,
    signAlgorithm: read?.spec ?? { kind: 'unknown', loc: x.loc(start) },
    lifetime,
  };
  return { site, key: read?.key ?? null };
}

function verifySite(start: Node, x: JvmReader): Found {
  const chain = x.chainOf(start);
  const arg = x.args(start)[0];
  const read = arg ? algorithmOf(arg, x, false) : null;
  let audience = false;
  let issuer = false;
  const expiry: ExpiryEnforcement = {};
  let verified = false;
  for (const c of chain.calls) {
    if (c.name === 'withAudience' || c.name === 'withAnyOfAudience') audience = true;
    else if (c.name === 'withIssuer') issuer = true;
    else if ((c.name === 'acceptLeeway' || c.name === 'acceptExpiresAt') && c.args[0]) {
      const v = x.resolve(c.args[0]);
      if (v.kind === 'number' && v.value > (expiry.clockTolerance?.seconds ?? 0)) expiry.clockTolerance = { seconds: v.value, loc: v.loc.file === x.file ? v.loc : x.loc(c.args[0]) };
    } else if (c.name === 'verify') verified = true;
  }
  // A manual claim check in the method that verifies counts.
  for (const c of verified ? chain.calls : []) {
    if (c.name !== 'verify') continue;
    const reads = x.getterReads(x.scopeOf(c.node), /^(?:getAudience|getIssuer)$/);
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
    loc: x.loc(start),
    key: read?.key?.info ?? null,
    verifyAlgorithms: read?.spec ?? { kind: 'unknown', loc: x.loc(start) },
    audience: presence(audience),
    issuer: presence(issuer),
    expiry,
  };
  return { site, key: read?.key ?? null };
}

/** The java-jwt record a call starts (`JWT.create()`, `JWT.require(alg)`, `JWT.decode(token)`), or null. */
export function javaJwtSite(call: Node, x: JvmReader, isTest: boolean): Found | null {
  const c = x.call(call);
  if (!c || (c.recv !== 'JWT' && c.recv !== 'com.auth0.jwt.JWT')) return null;
  if (c.name === 'create') return signSite(call, x);
  if (c.name === 'require') return verifySite(call, x);
  if (c.name !== 'decode') return null;
  const decode = x.decodeFacts(call, c.args[0], isTest, /^verify$/);
  return { site: { library: JAVA_JWT, api: 'JWT.decode', operation: 'decode', signs: false, verifies: false, loc: x.loc(call), key: null, decode }, key: null };
}

/** Every java-jwt record of a Java file. */
export function javaJwtSites(r: JavaResolver, isTest: boolean, tick: () => void): Found[] {
  const x = javaReader(r);
  const out: Found[] = [];
  for (const call of r.root.descendantsOfType('method_invocation')) {
    if (!call) continue;
    tick();
    const f = javaJwtSite(call, x, isTest);
    if (f) out.push(f);
  }
  return out;
}
