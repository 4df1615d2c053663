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
import { chainOf, decodeFacts, keyOf, lifetimeOf } from './common.js';
import type { Found } from './jjwt.js';
import { argsOf, callee, javaString, unwrap, type JavaResolver } from './resolve-java.js';

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

/** The algorithm (and key) an `Algorithm` expression builds, following variables and fields. */
function algorithmOf(node: Node, r: JavaResolver, signs: boolean, depth = 0): AlgorithmRead {
  let n = unwrap(node);
  if (depth > 4) return { spec: { kind: 'unknown', loc: r.loc(node) }, key: null };
  if (n.type === 'identifier' || n.type === 'field_access' || (n.type === 'method_invocation' && !/^(?:Algorithm|com\.auth0\.jwt\.algorithms\.Algorithm)$/.test(callee(n).recv ?? ''))) {
    const v = r.resolve(n);
    if (v.kind === 'expr' && v.node.id !== n.id) return algorithmOf(v.node, r, signs, depth + 1);
    return { spec: { kind: 'unknown', loc: r.loc(node) }, key: null };
  }
  if (n.type !== 'method_invocation') return { spec: { kind: 'unknown', loc: r.loc(node) }, key: null };
  const { name } = callee(n);
  const alg = FACTORIES[name];
  if (!alg) return { spec: { kind: 'unknown', loc: r.loc(n) }, key: null };
  const loc = r.loc(n);
  const spec: AlgorithmSpec = { kind: 'explicit', values: [{ name: alg, loc }], loc };
  const args = argsOf(n);
  if (alg === 'none') return { spec, key: null };
  if (/^HS/.test(alg)) return { spec, key: args[0] ? keyOf(args[0], r, { signs }) : null };
  // `RSA256(publicKey, privateKey)` or `RSA256(keyProvider)`.
  const keyArg = args.length === 2 ? (signs ? args[1] : args[0]) : args[0];
  return { spec, key: keyArg ? keyOf(keyArg, r, { signs, asymmetric: true }) : null };
}

function signSite(start: Node, r: JavaResolver): Found {
  const chain = chainOf(start, r);
  let lifetime: Lifetime = { kind: 'absent' };
  let read: AlgorithmRead | null = null;
  let payloadElsewhere = false;
  for (const c of chain.calls) {
    if (c.name === 'withExpiresAt' && c.args[0]) lifetime = lifetimeOf(c.args[0], r, c.args[0]);
    else if (c.name === 'withClaim' && c.args[0] && javaString(c.args[0]) === 'exp' && c.args[1]) lifetime = lifetimeOf(c.args[1], r, c.args[1]);
    else if (c.name === 'withPayload') payloadElsewhere = true;
    else if (c.name === 'sign' && c.args[0]) read = algorithmOf(c.args[0], r, true);
  }
  if (lifetime.kind === 'absent' && (payloadElsewhere || (chain.escapes && !read))) lifetime = { kind: 'unknown' };
  const site: JwtCallSite = {
    library: JAVA_JWT,
    api: 'JWT.create',
    operation: 'sign',
    signs: true,
    verifies: false,
    loc: r.loc(start),
    key: read?.key?.info ?? null,
    signAlgorithm: read?.spec ?? { kind: 'unknown', loc: r.loc(start) },
    lifetime,
  };
  return { site, key: read?.key ?? null };
}

function verifySite(start: Node, r: JavaResolver): Found {
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
  if (verified) {
    for (const c of chain.calls) {
      if (c.name !== 'verify') continue;
      for (const m of r.scopeOf(c.node)?.descendantsOfType('method_invocation') ?? []) {
        const name = m?.childForFieldName('name')?.text;
        if (name === 'getAudience') audience = true;
        if (name === 'getIssuer') issuer = true;
      }
    }
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

/** Every java-jwt record of a file. */
export function javaJwtSites(r: JavaResolver, isTest: boolean, tick: () => void): Found[] {
  const out: Found[] = [];
  for (const call of r.root.descendantsOfType('method_invocation')) {
    if (!call) continue;
    tick();
    const { recv, name } = callee(call);
    if (recv !== 'JWT' && recv !== 'com.auth0.jwt.JWT') continue;
    if (name === 'create') out.push(signSite(call, r));
    else if (name === 'require') out.push(verifySite(call, r));
    else if (name === 'decode') {
      const token = argsOf(call)[0];
      const decode = decodeFacts(call, token, r, isTest, /^verify$/);
      out.push({ site: { library: JAVA_JWT, api: 'JWT.decode', operation: 'decode', signs: false, verifies: false, loc: r.loc(call), key: null, decode }, key: null });
    }
  }
  return out;
}
