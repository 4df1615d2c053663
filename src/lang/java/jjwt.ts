// jjwt (io.jsonwebtoken) 0.9 to 0.12 as the call-site records the JS adapters emit
// (RULES.md "Other languages and configuration formats").
// Decisions:
// - Sign: one record per `Jwts.builder()`, reported where it starts. The key and algorithm come
//   from `signWith` in any of its forms: 0.9 `signWith(SignatureAlgorithm.HS512, key)`, 0.10/0.11
//   `signWith(key[, SignatureAlgorithm.X])`, 0.12 `signWith(key, Jwts.SIG.HS512)`. A named HS*
//   constant is an explicit choice on its line; without one, an HMAC key makes jjwt pick HS256/
//   384/512 by key length (`default`, HMAC). A `String` key in the 0.9 API is Base64-decoded by
//   jjwt, so its byte length is the decoded length. The lifetime is `setExpiration`/`expiration`
//   on the chain (also through a variable holding the builder); no expiry call is no-expiry,
//   unless `setClaims`/`claims(map)` hands over claims read elsewhere (unknown).
// - Verify: one record per `Jwts.parser()`/`Jwts.parserBuilder()`, reported there (the reusable
//   verifier builder). jjwt has no algorithm allowlist: it takes the algorithm from the token
//   header and checks it against the key's type (an HMAC algorithm only with a SecretKey/bytes,
//   RSA/EC only with their own key types), so a `setSigningKey(secret)`/`verifyWith(secretKey)`
//   parser is HMAC-by-key-type (`default`, HMAC: symmetric-algorithm and unpinned-algorithm on the
//   call; jjwt narrows by key type, so the lead rates it medium) and an asymmetric key gets no
//   algorithm record (nothing to pin). `parseClaimsJwt`/`parsePlaintextJwt`/0.12
//   `parseUnsecuredClaims`/`unsecured()` accept unsigned tokens: `none` on that call. A bare
//   `parse(token)` accepts unsigned tokens before 0.12; it is read as such unless the chain uses
//   the 0.12 API (`verifyWith`, `keyLocator`). Audience/issuer: `requireAudience`,
//   `requireIssuer`, `require("aud"|"iss", …)`, or a `getAudience()`/`getIssuer()` read in the
//   method that parses. `setAllowedClockSkewSeconds`/`clockSkewSeconds` is a clock tolerance.
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmSpec, ExpiryEnforcement, JwtCallSite, Lifetime, Presence } from '../../facts/model.js';
import type { Found } from '../collect-sites.js';
import { javaReader, type JvmReader } from './jvm.js';
import type { JavaResolver } from './resolve-java.js';

export const JJWT = 'jjwt';

export const ALG_CONST = /^(?:(?:io\.jsonwebtoken\.)?SignatureAlgorithm|Jwts\.SIG)\.((?:HS|RS|PS|ES)\d{3}|EdDSA|NONE)$/;
export const UNSECURED_PARSE = /^(?:parseClaimsJwt|parsePlaintextJwt|parseUnsecuredClaims|parseUnsecuredContent)$/;
export const SIGNED_PARSE = /^(?:parseClaimsJws|parsePlaintextJws|parseSignedClaims|parseSignedContent|parseContentJws)$/;

export type { Found } from '../collect-sites.js';

function algConst(node: Node, x: JvmReader): { name: string; node: Node } | null {
  let n = x.unwrap(node);
  if (n.type === 'identifier') {
    const v = x.resolve(n);
    if (v.kind === 'expr') n = v.node;
  }
  const m = ALG_CONST.exec(x.dotted(n) ?? '');
  return m ? { name: m[1] === 'NONE' ? 'none' : m[1]!, node: n } : null;
}

function signSite(start: Node, x: JvmReader): Found {
  const chain = x.chainOf(start);
  let algorithm: AlgorithmSpec | null = null;
  let key: KeyAnalysis | null = null;
  let lifetime: Lifetime = { kind: 'absent' };
  let claimsElsewhere = false;
  for (const c of chain.calls) {
    if (c.name === 'signWith') {
      const keyArgs: Node[] = [];
      for (const a of c.args) {
        const alg = algConst(a, x);
        if (alg) algorithm = { kind: 'explicit', values: [{ name: alg.name, loc: x.loc(alg.node) }], loc: x.loc(alg.node) };
        else keyArgs.push(a);
      }
      const asymmetric = algorithm?.kind === 'explicit' && algorithm.values.every((v) => !/^HS/.test(v.name));
      // 0.9 `signWith(alg, String)` Base64-decodes the string.
      if (keyArgs[0]) key = x.keyOf(keyArgs[0], { signs: true, asymmetric, stringIsBase64: c.args.length === 2 && c.args[1]!.id === keyArgs[0].id });
    } else if (c.name === 'setExpiration' || c.name === 'expiration') {
      if (c.args[0]) lifetime = x.lifetimeOf(c.args[0], c.args[0]);
    } else if ((c.name === 'claim' || c.name === 'add') && c.args[0] && (x.stringOf(c.args[0]) === 'exp' || /Claims\.EXPIRATION$/.test(c.args[0].text))) {
      if (c.args[1]) lifetime = x.lifetimeOf(c.args[1], c.args[1]);
    } else if (/^(?:setClaims|claims|addClaims)$/.test(c.name) && c.args.length === 1) claimsElsewhere = true;
  }
  if (lifetime.kind === 'absent' && (claimsElsewhere || (chain.escapes && !chain.calls.some((c) => c.name === 'compact')))) lifetime = { kind: 'unknown' };
  if (!algorithm) algorithm = key?.hmac ? { kind: 'default', hmacByDefault: true } : key ? { kind: 'default', hmacByDefault: false } : { kind: 'unknown', loc: x.loc(start) };
  const site: JwtCallSite = {
    library: JJWT,
    api: 'Jwts.builder',
    operation: 'sign',
    signs: true,
    verifies: false,
    loc: x.loc(start),
    key: key?.info ?? null,
    signAlgorithm: algorithm,
    lifetime,
  };
  return { site, key };
}

function verifySite(start: Node, api: string, x: JvmReader): Found {
  const chain = x.chainOf(start);
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
        if (c.args[0]) key = x.keyOf(c.args[0], { signs: false, stringIsBase64: c.name === 'setSigningKey' });
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
        const claim = c.args[0] ? x.stringOf(c.args[0]) : null;
        if (claim === 'aud' || /AUDIENCE$/.test(c.args[0]?.text ?? '')) audience = true;
        if (claim === 'iss' || /ISSUER$/.test(c.args[0]?.text ?? '')) issuer = true;
        break;
      }
      case 'setAllowedClockSkewSeconds':
      case 'clockSkewSeconds': {
        const v = c.args[0] ? x.resolve(c.args[0]) : null;
        if (v?.kind === 'number' && v.value > 0) expiry.clockTolerance = { seconds: v.value, loc: v.loc.file === x.file ? v.loc : x.loc(c.args[0]!) };
        break;
      }
      case 'unsecured':
        none = c.node;
        break;
      default:
        if (/^parse/.test(c.name)) parses.push({ name: c.name, node: c.node });
    }
  }
  // `this.parser = Jwts.parserBuilder()...build();` (a field, a variable, a Kotlin property) then `parser.parseClaimsJws(t)` elsewhere in the file.
  const top = chain.calls[chain.calls.length - 1]?.node ?? start;
  const holder = x.holderName(top);
  if (parses.length === 0 && holder) parses.push(...x.callsOn(holder).filter((c) => /^parse/.test(c.name)));
  const unsignedParse = parses.find((p) => UNSECURED_PARSE.test(p.name)) ?? (!api012 && !parses.some((p) => SIGNED_PARSE.test(p.name)) ? parses.find((p) => p.name === 'parse') : undefined);
  if (unsignedParse) none ??= unsignedParse.node;
  // A manual claim check in the method that parses counts.
  for (const p of parses) {
    const reads = x.getterReads(x.scopeOf(p.node), /^(?:getAudience|getIssuer)$/);
    if (reads.has('getAudience')) audience = true;
    if (reads.has('getIssuer')) issuer = true;
  }
  const opaque = chain.escapes && parses.length === 0;
  const presence = (v: boolean): Presence => (v ? 'present' : opaque ? 'unknown' : 'absent');
  // The method name of an unsigned parse, where the report points.
  const at = none ? (x.memberName(none) ?? none) : null;
  let verifyAlgorithms: AlgorithmSpec | undefined;
  if (at) verifyAlgorithms = { kind: 'explicit', values: [{ name: 'none', loc: x.loc(at) }], loc: x.loc(at) };
  else if (key?.hmac) verifyAlgorithms = { kind: 'default', hmacByDefault: true };
  const site: JwtCallSite = {
    library: JJWT,
    api,
    operation: 'verify',
    signs: false,
    verifies: true,
    loc: x.loc(start),
    key: keyFunction ? { kind: 'key-function', envNames: [], envReads: [], loc: x.loc(start), fromParameter: false } : (key?.info ?? null),
    ...(verifyAlgorithms && { verifyAlgorithms }),
    audience: presence(audience),
    issuer: presence(issuer),
    expiry,
  };
  return { site, key };
}

/** The jjwt record a call starts (`Jwts.builder()`, `Jwts.parser()`/`parserBuilder()`), or null. */
export function jjwtSite(call: Node, x: JvmReader): Found | null {
  const c = x.call(call);
  if (!c || (c.recv !== 'Jwts' && c.recv !== 'io.jsonwebtoken.Jwts')) return null;
  if (c.name === 'builder') return signSite(call, x);
  if (c.name === 'parser' || c.name === 'parserBuilder') return verifySite(call, `Jwts.${c.name}`, x);
  return null;
}

/** Every jjwt record of a Java file. */
export function jjwtSites(r: JavaResolver, tick: () => void): Found[] {
  const x = javaReader(r);
  const out: Found[] = [];
  for (const call of r.root.descendantsOfType('method_invocation')) {
    if (!call) continue;
    tick();
    const f = jjwtSite(call, x);
    if (f) out.push(f);
  }
  return out;
}
