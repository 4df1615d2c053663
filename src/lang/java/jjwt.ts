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
import { chainOf, keyOf, lifetimeOf } from './common.js';
import { callee, dotted, javaString, type JavaResolver } from './resolve-java.js';

export const JJWT = 'jjwt';

export const ALG_CONST = /^(?:(?:io\.jsonwebtoken\.)?SignatureAlgorithm|Jwts\.SIG)\.((?:HS|RS|PS|ES)\d{3}|EdDSA|NONE)$/;
export const UNSECURED_PARSE = /^(?:parseClaimsJwt|parsePlaintextJwt|parseUnsecuredClaims|parseUnsecuredContent)$/;
export const SIGNED_PARSE = /^(?:parseClaimsJws|parsePlaintextJws|parseSignedClaims|parseSignedContent|parseContentJws)$/;

export type { Found } from '../collect-sites.js';

function algConst(node: Node, r: JavaResolver): { name: string; node: Node } | null {
  let n = node;
  if (n.type === 'identifier') {
    const v = r.resolve(n);
    if (v.kind === 'expr') n = v.node;
  }
  const m = ALG_CONST.exec(dotted(n) ?? '');
  return m ? { name: m[1] === 'NONE' ? 'none' : m[1]!, node: n } : null;
}

function signSite(start: Node, r: JavaResolver): Found {
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
    } else if ((c.name === 'claim' || c.name === 'add') && c.args[0] && (javaString(c.args[0]) === 'exp' || /Claims\.EXPIRATION$/.test(c.args[0].text))) {
      if (c.args[1]) lifetime = lifetimeOf(c.args[1], r, c.args[1]);
    } else if (/^(?:setClaims|claims|addClaims)$/.test(c.name) && c.args.length === 1) claimsElsewhere = true;
  }
  if (lifetime.kind === 'absent' && (claimsElsewhere || (chain.escapes && !chain.calls.some((c) => c.name === 'compact')))) lifetime = { kind: 'unknown' };
  if (!algorithm) algorithm = key?.hmac ? { kind: 'default', hmacByDefault: true } : key ? { kind: 'default', hmacByDefault: false } : { kind: 'unknown', loc: r.loc(start) };
  const site: JwtCallSite = {
    library: JJWT,
    api: 'Jwts.builder',
    operation: 'sign',
    signs: true,
    verifies: false,
    loc: r.loc(start),
    key: key?.info ?? null,
    signAlgorithm: algorithm,
    lifetime,
  };
  return { site, key };
}

/** Calls on the parser a chain builds, when it is kept in a field or variable and parsed elsewhere in the file. */
function parseCallsOn(holder: string, r: JavaResolver): { name: string; node: Node }[] {
  const out: { name: string; node: Node }[] = [];
  for (const m of r.root.descendantsOfType('method_invocation')) {
    const obj = m?.childForFieldName('object');
    if (!m || !obj) continue;
    const target = obj.type === 'identifier' ? obj.text : obj.type === 'field_access' ? obj.childForFieldName('field')?.text : null;
    const name = m.childForFieldName('name')?.text ?? '';
    if (target === holder && /^parse/.test(name)) out.push({ name, node: m });
  }
  return out;
}

function verifySite(start: Node, api: string, r: JavaResolver): Found {
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
        const claim = c.args[0] ? javaString(c.args[0]) : null;
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
        none = c.node.childForFieldName('name') ?? c.node;
        break;
      default:
        if (/^parse/.test(c.name)) parses.push({ name: c.name, node: c.node });
    }
  }
  // `this.parser = Jwts.parserBuilder()...build();` then `parser.parseClaimsJws(t)` elsewhere.
  const top = chain.calls[chain.calls.length - 1]?.node ?? start;
  const holderNode = top.parent?.type === 'variable_declarator' ? top.parent.childForFieldName('name') : top.parent?.type === 'assignment_expression' ? top.parent.childForFieldName('left') : null;
  const holder = holderNode?.type === 'field_access' ? holderNode.childForFieldName('field')?.text : holderNode?.text;
  if (parses.length === 0 && holder) parses.push(...parseCallsOn(holder, r));
  const unsignedParse = parses.find((p) => UNSECURED_PARSE.test(p.name)) ?? (!api012 && !parses.some((p) => SIGNED_PARSE.test(p.name)) ? parses.find((p) => p.name === 'parse') : undefined);
  if (unsignedParse) none ??= unsignedParse.node.childForFieldName('name') ?? unsignedParse.node;
  // A manual claim check in the method that parses counts.
  for (const p of parses) {
    const scope = r.scopeOf(p.node);
    for (const m of scope?.descendantsOfType('method_invocation') ?? []) {
      const name = m?.childForFieldName('name')?.text;
      if (name === 'getAudience') audience = true;
      if (name === 'getIssuer') issuer = true;
    }
  }
  const opaque = chain.escapes && parses.length === 0;
  const presence = (v: boolean): Presence => (v ? 'present' : opaque ? 'unknown' : 'absent');
  let verifyAlgorithms: AlgorithmSpec | undefined;
  if (none) verifyAlgorithms = { kind: 'explicit', values: [{ name: 'none', loc: r.loc(none) }], loc: r.loc(none) };
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

/** Every jjwt record of a file. */
export function jjwtSites(r: JavaResolver, tick: () => void): Found[] {
  const out: Found[] = [];
  for (const call of r.root.descendantsOfType('method_invocation')) {
    if (!call) continue;
    tick();
    const { recv, name } = callee(call);
    if (recv !== 'Jwts' && recv !== 'io.jsonwebtoken.Jwts') continue;
    if (name === 'builder') out.push(signSite(call, r));
    else if (name === 'parser' || name === 'parserBuilder') out.push(verifySite(call, `Jwts.${name}`, r));
  }
  return out;
}
