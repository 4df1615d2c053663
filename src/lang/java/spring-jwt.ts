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
import type { Node } from 'web-tree-sitter';
import type { AlgorithmSpec, JwtCallSite, Presence } from '../../facts/model.js';
import { chainOf, keyOf } from './common.js';
import type { Found } from './jjwt.js';
import { callee, dotted, javaString, type JavaResolver } from './resolve-java.js';

export const SPRING_JWT = 'spring-security-oauth2-jose';

const BUILDERS = /^(?:withSecretKey|withPublicKey|withJwkSetUri|withIssuerLocation)$/;

/** Whether a validator expression checks the issuer / audience, following one variable. */
function validatorChecks(node: Node, r: JavaResolver): { iss: Presence; aud: Presence } {
  let n = node;
  if (n.type === 'identifier') {
    const v = r.resolve(n);
    if (v.kind === 'expr' && v.node.id !== n.id) n = v.node;
  }
  const kinds = ['identifier', 'type_identifier', 'string_literal'];
  const ids = [n, ...n.descendantsOfType(kinds)].filter((x): x is Node => !!x);
  // Validators held in variables: `new DelegatingOAuth2TokenValidator<>(withIssuer, audienceValidator)`.
  for (const id of [...ids]) {
    if (id.type !== 'identifier' || id.id === node.id) continue;
    const v = r.resolve(id);
    if (v.kind === 'expr' && v.node.id !== id.id) ids.push(v.node, ...v.node.descendantsOfType(kinds).filter((x): x is Node => !!x));
  }
  const iss = ids.some((x) => /^(?:JwtIssuerValidator|createDefaultWithIssuer)$/.test(x.text) || javaString(x) === 'iss');
  const aud = ids.some((x) => /Audience/.test(x.text) || javaString(x) === 'aud' || x.text === 'AUD');
  const readable = n.type === 'method_invocation' || n.type === 'object_creation_expression';
  return { iss: iss ? 'present' : readable ? 'absent' : 'unknown', aud: aud ? 'present' : readable ? 'absent' : 'unknown' };
}

function decoderSite(start: Node, builder: string, r: JavaResolver): Found {
  const chain = chainOf(start, r);
  const arg = start.childForFieldName('arguments')?.namedChildren.find((a) => a && !a.type.endsWith('comment')) ?? null;
  const secret = builder === 'withSecretKey';
  let algorithm: AlgorithmSpec = { kind: 'explicit', values: [{ name: secret ? 'HS256' : 'RS256', loc: r.loc(start) }], loc: r.loc(start) };
  let audience: Presence = 'absent';
  let issuer: Presence = builder === 'withIssuerLocation' ? 'present' : 'absent';
  for (const c of chain.calls) {
    if ((c.name === 'macAlgorithm' || c.name === 'signatureAlgorithm' || c.name === 'jwsAlgorithm') && c.args[0]) {
      const name = /\.(\w+)$/.exec(dotted(c.args[0]) ?? '')?.[1];
      algorithm = name ? { kind: 'explicit', values: [{ name, loc: r.loc(c.args[0]) }], loc: r.loc(c.args[0]) } : { kind: 'unknown', loc: r.loc(c.args[0]) };
    } else if (c.name === 'setJwtValidator' && c.args[0]) {
      const checks = validatorChecks(c.args[0], r);
      if (audience !== 'present') audience = checks.aud;
      if (issuer !== 'present') issuer = checks.iss;
    }
  }
  const key = !arg
    ? null
    : secret
      ? keyOf(arg, r, { signs: false })
      : builder === 'withPublicKey'
        ? keyOf(arg, r, { signs: false, asymmetric: true })
        : null;
  let keyInfo = key?.info ?? null;
  if (!keyInfo && arg) {
    // A key set: where it comes from, comparable across units.
    const v = r.resolve(arg);
    const origin = v.kind === 'string' ? `url:${v.value}` : v.kind === 'env' ? `env:${v.name}` : undefined;
    keyInfo = { kind: 'jwks', envNames: v.kind === 'env' ? [v.name] : [], envReads: v.kind === 'env' ? [{ name: v.name, loc: v.loc.file === r.file ? v.loc : r.loc(arg) }] : [], loc: r.loc(arg), fromParameter: v.kind === 'parameter', ...(origin && { origin }) };
  }
  if (secret && key && !key.hmac && key.info.kind === 'unknown') key.info.kind = 'hmac-secret';
  const site: JwtCallSite = {
    library: SPRING_JWT,
    api: `NimbusJwtDecoder.${builder}`,
    operation: 'verify',
    signs: false,
    verifies: true,
    loc: r.loc(start),
    key: keyInfo,
    verifyAlgorithms: algorithm,
    audience,
    issuer,
    expiry: {},
  };
  return { site, key: key ? { ...key, hmac: secret } : null };
}

/** Every NimbusJwtDecoder builder of a file. */
export function springJwtSites(r: JavaResolver, tick: () => void): Found[] {
  const out: Found[] = [];
  for (const call of r.root.descendantsOfType('method_invocation')) {
    if (!call) continue;
    tick();
    const { recv, name } = callee(call);
    if (recv === 'NimbusJwtDecoder' && BUILDERS.test(name)) out.push(decoderSite(call, name, r));
  }
  return out;
}
