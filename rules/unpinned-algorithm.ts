import { defineRule, pinFixData, unitList, versionAtLeast, versionOf } from '../src/rule-api.js';
import type { AlgorithmSpec, DependencyUse, FileFacts, JwtCallSite, RuleReport, Severity } from '../src/rule-api.js';

const HMAC = /^HS\d+$/i;
const ASYMMETRIC = /^(RS|PS|ES)\d+K?$|^EdDSA$|^Ed(25519|448)$/i;

/** Libraries that verify through jsonwebtoken: its version decides whether defaults narrow. */
const ON_JSONWEBTOKEN = new Set(['jsonwebtoken', 'express-jwt', 'passport-jwt', 'koa-jwt', '@nestjs/jwt', 'hapi-auth-jwt2']);

/**
 * Libraries that narrow the accepted algorithms to the key's type from a version on, with the
 * gap before it: a version below `since` in scope, or none found, is rated high.
 */
const NARROWS_SINCE: Record<string, { since: string; gap: string }> = {
  jsonwebtoken: { since: '9.0.0', gap: 'jsonwebtoken before 9 does not: RSA-to-HMAC key confusion' },
  'fast-jwt': { since: '3.3.2', gap: 'fast-jwt before 3.3.2 takes an RSA public key in PKCS#1 form as an HMAC secret: CVE-2023-48223' },
  jsrsasign: { since: '5.0.0', gap: 'jsrsasign before 5.0.0 checks no key type' },
};

/** Libraries that always narrow by key type, whatever the version. */
const ALWAYS_NARROWED: Record<string, string> = {
  jose: "jose accepts only algorithms of the key's type",
  '@fastify/jwt': "fast-jwt accepts only algorithms of the key's type",
  '@hapi/jwt': "each @hapi/jwt key accepts only algorithms of its own type",
  'express-oauth2-jwt-bearer': 'express-oauth2-jwt-bearer accepts only asymmetric algorithms from the issuer\'s key set when no secret is given',
  // Each signing method takes only a key of its own Go type ([]byte for HMAC, *rsa.PublicKey,
  // *ecdsa.PublicKey, ed25519.PublicKey) and `none` only with UnsafeAllowNoneSignatureType.
  'golang-jwt': "golang-jwt (and dgrijalva/jwt-go) verify each algorithm only with a key of its own Go type",
  'go-jose': "go-jose verifies each algorithm only with a key of its own Go type",
  jjwt: 'jjwt verifies HMAC only with a SecretKey and RSA/EC only with keys of their own type',
  'nimbus-jose-jwt': 'a Nimbus `MACVerifier` accepts only HS256/384/512',
  'System.IdentityModel.Tokens.Jwt': 'IdentityModel accepts only algorithms the validation key supports',
  'Microsoft.AspNetCore.Authentication.JwtBearer': 'IdentityModel accepts only algorithms the validation key supports',
  JWT: "jwt-dotnet's algorithm factories create only algorithms of their own family (HS256/384/512 for an HMAC secret)",
};

type Family = 'hmac' | 'asymmetric' | 'unknown';

/** The installed (lockfile) or lowest declared (manifest) versions of `name` in scope; lockfile entries win. */
function versionsOf(facts: FileFacts, name: string): { version: string; file: string }[] {
  const deps = (facts.libraryVersions ?? []).filter((d) => d.name === name);
  const locked = deps.filter((d) => d.source === 'lockfile');
  const pick = (list: DependencyUse[]) =>
    list.flatMap((d) => {
      const v = versionOf(d);
      return v ? [{ version: v.version, file: d.loc.file }] : [];
    });
  const fromLock = pick(locked);
  return fromLock.length > 0 ? fromLock : pick(deps.filter((d) => d.source === 'manifest'));
}

/** Whether the library narrows accepted algorithms by key type here: the message and severity. */
function exposure(site: JwtCallSite, facts: FileFacts): { severity: Severity; messageId: string; data: Record<string, string>; reason: string } {
  const lib = site.library;
  const where = (v: { version: string; file: string }) => `${v.version} (${v.file})`;
  const versioned = ON_JSONWEBTOKEN.has(lib) ? 'jsonwebtoken' : lib in NARROWS_SINCE ? lib : null;
  if (versioned) {
    const { since, gap } = NARROWS_SINCE[versioned]!;
    const versions = versionsOf(facts, versioned);
    const old = versions.find((v) => !versionAtLeast(v.version, since));
    if (old) return { severity: 'high', messageId: 'noAllowlistOldVersion', data: { library: versioned, version: where(old) }, reason: `${versioned} ${old.version} does not narrow algorithms by key type, so key confusion is reachable` };
    if (versions.length > 0) return { severity: 'medium', messageId: 'noAllowlistNarrowed', data: { narrowing: `${versioned} ${where(versions[0]!)}` }, reason: `${versioned} ${versions[0]!.version} accepts only algorithms of the key's type, so key confusion is not reachable today` };
    return { severity: 'high', messageId: 'noAllowlistUnknownVersion', data: { library: versioned, gap }, reason: `no ${versioned} version was found, and ${gap.split(':')[0]}` };
  }
  const narrowed = ALWAYS_NARROWED[lib];
  if (narrowed) return { severity: 'medium', messageId: 'noAllowlistNarrowed', data: { narrowing: lib === '@fastify/jwt' ? '@fastify/jwt (fast-jwt)' : lib }, reason: `${narrowed}, so key confusion is not reachable today` };
  if (lib === 'hono') return { severity: 'medium', messageId: 'noAllowlistFixedDefault', data: { library: 'hono' }, reason: "hono verifies with one fixed algorithm when none is given, not the token's" };
  if (lib === 'jwt-simple') {
    const versions = versionsOf(facts, 'jwt-simple');
    const old = versions.find((v) => !versionAtLeast(v.version, '0.5.3'));
    if (versions.length > 0 && !old) return { severity: 'medium', messageId: 'noAllowlistFixedDefault', data: { library: `jwt-simple ${where(versions[0]!)}` }, reason: `jwt-simple ${versions[0]!.version} verifies with one fixed algorithm when none is given, not the token's` };
    return { severity: 'high', messageId: 'noAllowlistHeaderAlg', data: { version: old ? `installed: ${where(old)}` : 'no jwt-simple version was found in a manifest or lockfile' }, reason: old ? `jwt-simple ${old.version} takes the algorithm from the token's header` : "no jwt-simple version was found, and before 0.5.3 it takes the algorithm from the token's header" };
  }
  // PyJWT 1.x verifies with the algorithm the token names; 2.0 and later raise DecodeError
  // when `algorithms` is missing (api_jws.decode_complete), so no unpinned check is reachable.
  if (lib === 'pyjwt') {
    const versions = versionsOf(facts, 'pyjwt');
    const old = versions.find((v) => !versionAtLeast(v.version, '2.0.0'));
    if (old) return { severity: 'high', messageId: 'noAllowlistPyjwt1', data: { version: where(old) }, reason: `PyJWT ${old.version} verifies with the algorithm the token names` };
    if (versions.length > 0) return { severity: 'low', messageId: 'noAllowlistRaises', data: { version: where(versions[0]!) }, reason: `PyJWT ${versions[0]!.version} raises DecodeError when \`algorithms\` is missing, so this call verifies nothing` };
    return { severity: 'high', messageId: 'noAllowlistUnknownVersion', data: { library: 'PyJWT', gap: 'PyJWT 1.x accepts the algorithm the token names; 2.0 and later raise instead of verifying' }, reason: 'no PyJWT version was read, and PyJWT 1.x accepts the algorithm the token names' };
  }
  // A library not known to narrow is rated as one of unknown version.
  return { severity: 'high', messageId: 'noAllowlistUnknownVersion', data: { library: lib, gap: `${lib} is not known to narrow them` }, reason: `${lib} is not known to narrow algorithms by key type` };
}

function familyOf(site: JwtCallSite, spec: AlgorithmSpec): Family {
  const kind = site.key?.kind;
  if (kind === 'hmac-secret') return 'hmac';
  if (kind === 'public-key' || kind === 'jwks' || kind === 'private-key') return 'asymmetric';
  if (kind === 'key-function' || kind === 'unknown') return 'unknown';
  return spec.kind === 'default' && spec.hmacByDefault ? 'hmac' : 'unknown';
}

/** Algorithms this file names for signing or in configuration, in source order (library defaults are not counted). */
function knownAlgorithms(facts: FileFacts): string[] {
  const names: string[] = [];
  for (const site of facts.callSites) {
    if (!site.signs || site.unsecured) continue;
    const spec = site.signAlgorithm;
    if (spec?.kind === 'explicit') names.push(...spec.values.map((v) => v.name));
  }
  names.push(...facts.algorithmSettings.map((s) => s.name));
  return names.filter((n) => n.toLowerCase() !== 'none');
}

/** The algorithm to pin, and where it comes from (message text). */
function suggestion(site: JwtCallSite, spec: AlgorithmSpec, facts: FileFacts): { alg: string | null; basis: string } {
  const family = familyOf(site, spec);
  const known = knownAlgorithms(facts);
  const fits = (n: string) => (family === 'hmac' ? HMAC.test(n) : family === 'asymmetric' ? ASYMMETRIC.test(n) : HMAC.test(n) || ASYMMETRIC.test(n));
  const signed = known.find(fits);
  if (signed && (family !== 'unknown' || new Set(known.filter(fits)).size === 1)) return { alg: signed, basis: 'the algorithm this file signs with or configures' };
  // The estate knows who signs with this key, and with what.
  const reach = site.keyReach;
  const estateSigned = reach ? reach.signAlgorithms.filter(fits) : [];
  if (reach && estateSigned.length === 1) return { alg: estateSigned[0]!, basis: `what ${unitList(reach.signers.filter((u) => u !== reach.unit).length > 0 ? reach.signers.filter((u) => u !== reach.unit) : reach.signers)} signs this key with` };
  if (family === 'hmac') return { alg: 'HS256', basis: 'the key is an HMAC secret; use the HS variant your signer uses' };
  // hono verifies with HS256 whatever the key when no algorithm is given: pinning it changes nothing that works today.
  if (site.library === 'hono' && family === 'unknown') return { alg: 'HS256', basis: 'what hono uses today when none is given' };
  if (site.key?.kind === 'jwks') return { alg: 'RS256', basis: 'the key set is a JWKS; `ES256` if its keys are EC keys' };
  if (family === 'asymmetric') return { alg: 'RS256', basis: 'the key is a public key; `ES256` for an EC key' };
  return { alg: null, basis: '`HS256` for a shared secret, `RS256` or `ES256` for a public key' };
}

/** go.mod in scope requires only a golang-jwt without parser options (dgrijalva/jwt-go, form3tech, golang-jwt v3). */
function legacyGoJwt(facts: FileFacts): boolean {
  const names = (facts.libraryVersions ?? []).map((d) => d.name);
  const legacy = names.some((n) => /^github\.com\/(?:dgrijalva\/jwt-go|form3tech-oss\/jwt-go|golang-jwt\/jwt)$/.test(n));
  return legacy && !names.some((n) => /^github\.com\/golang-jwt\/jwt\/v[45]$/.test(n));
}

/** .NET's names for the JWS algorithms (`SecurityAlgorithms.HmacSha256`). */
const SECURITY_ALGORITHMS: Record<string, string> = {
  HS256: 'HmacSha256', HS384: 'HmacSha384', HS512: 'HmacSha512',
  RS256: 'RsaSha256', RS384: 'RsaSha384', RS512: 'RsaSha512',
  PS256: 'RsaSsaPssSha256', ES256: 'EcdsaSha256', ES384: 'EcdsaSha384', ES512: 'EcdsaSha512',
};

/** jwt-dotnet's `IJwtAlgorithm` class names. */
const JWT_DOTNET_ALGORITHMS: Record<string, string> = { HS256: 'HMACSHA256Algorithm', HS384: 'HMACSHA384Algorithm', HS512: 'HMACSHA512Algorithm' };

function pinText(site: JwtCallSite, alg: string | null, facts: FileFacts): string {
  if (alg === null) {
    if (site.library === 'jwt-simple') return 'the one algorithm your issuer signs with as the fourth argument of `jwt.decode`';
    return 'the one algorithm your issuer signs with';
  }
  if (site.library === 'hono' && site.api === 'verify') return `\`'${alg}'\` as the third argument of \`verify\``;
  if (site.library === 'hono' && site.api === 'jwt') return `\`alg: '${alg}'\``;
  if (site.library === 'jwt-simple') return `\`'${alg}'\` as the fourth argument of \`jwt.decode\``;
  if (site.library === '@fastify/jwt') return `\`verify: { algorithms: ['${alg}'] }\``;
  if (site.library === '@nestjs/jwt' && site.api.startsWith('JwtModule.')) return `\`verifyOptions: { algorithms: ['${alg}'] }\``;
  if (site.library === 'hapi-auth-jwt2') return `\`verifyOptions: { algorithms: ['${alg}'] }\``;
  if (site.library === 'express-oauth2-jwt-bearer') return `\`tokenSigningAlg: '${alg}'\``;
  if (site.library === '@hapi/jwt' && site.api.startsWith('server.auth.strategy')) return `\`keys: { key, algorithms: ['${alg}'] }\``;
  if (site.library === '@hapi/jwt') return `\`{ key, algorithm: '${alg}' }\` as the key`;
  if (site.library === 'jsrsasign' && site.api.endsWith('.verify')) return `\`['${alg}']\` as the third argument of \`${site.api}\``;
  if (site.library === 'pyjwt' || site.library === 'python-jose') return `\`algorithms=["${alg}"]\``;
  if (site.library === 'authlib') return `\`JsonWebToken(["${alg}"])\` instead of the default \`jwt\``;
  // v3 and dgrijalva/jwt-go have no parser options: their parsers take `ValidMethods`.
  if (site.library === 'golang-jwt') return legacyGoJwt(facts) ? `\`&jwt.Parser{ValidMethods: []string{"${alg}"}}\` as the parser` : `\`jwt.WithValidMethods([]string{"${alg}"})\``;
  if (site.library === 'System.IdentityModel.Tokens.Jwt' || site.library === 'Microsoft.AspNetCore.Authentication.JwtBearer') return `\`ValidAlgorithms = new[] { SecurityAlgorithms.${SECURITY_ALGORITHMS[alg] ?? alg} }\``;
  if (site.library === 'JWT') return `\`WithAlgorithm(new ${JWT_DOTNET_ALGORITHMS[alg] ?? `${alg}Algorithm`}())\` instead of an algorithm factory`;
  // jjwt has no allowlist option: the algorithm is checked after the parse.
  if (site.library === 'jjwt') return `a check that \`getHeader().getAlgorithm()\` is \`${alg}\` after \`parseClaimsJws\``;
  // A Nimbus verifier takes any algorithm its key supports; a processor's key selector pins one.
  if (site.library === 'nimbus-jose-jwt') return `a \`DefaultJWTProcessor\` with \`new JWSVerificationKeySelector<>(JWSAlgorithm.${alg}, keySource)\` (or a check that \`getHeader().getAlgorithm()\` is \`JWSAlgorithm.${alg}\` before \`verify\`)`;
  if (site.library === 'go-jose') return `\`[]jose.SignatureAlgorithm{jose.${alg}}\` as \`ParseSigned\`'s second argument`;
  return `\`algorithms: ['${alg}']\``;
}

export default defineRule({
  id: 'unpinned-algorithm',
  description: 'Finds token verification without an explicit algorithm allowlist, with one that mixes HMAC and public-key algorithms, or with the algorithm taken from the token itself.',
  severity: 'high',
  severityReason: "the token's own header chooses how it is verified",
  securitySeverity: 8.1,
  confidence: 'high',
  scope: 'file',
  standards: {
    nhi: ['NHI4'],
    csf: ['PR.AA-04'],
    cwe: ['CWE-757', 'CWE-347'],
  },
  messages: {
    noAllowlistOldVersion:
      '`{{api}}` is given no algorithm allowlist, and {{library}} {{version}} does not narrow the accepted algorithms by key type, so a token signed with HS256 using a public key as the secret, or an unsigned one, can verify. Pin {{pin}} ({{basis}}).',
    noAllowlistUnknownVersion:
      '`{{api}}` is given no algorithm allowlist, and no {{library}} version was found in a manifest or lockfile to show that the library narrows the accepted algorithms by key type ({{gap}}). Pin {{pin}} ({{basis}}).',
    noAllowlistHeaderAlg:
      '`{{api}}` is given no algorithm, and jwt-simple before 0.5.3 takes it from the token\'s header, so the attacker chooses how the signature is checked ({{version}}). Pin {{pin}} ({{basis}}).',
    noAllowlistNarrowed:
      '`{{api}}` is given no algorithm allowlist; {{narrowing}} narrows the accepted algorithms to the key\'s type and rejects `none`, so key confusion is not reachable today. Pin {{pin}} ({{basis}}) so that it stays so when the key or the library changes.',
    noAllowlistFixedDefault:
      '`{{api}}` is given no algorithm, and {{library}} falls back to one fixed algorithm for the key rather than the token\'s header. Pin {{pin}} ({{basis}}) instead of relying on a default that changed across releases.',
    noAllowlistPyjwt1:
      '`{{api}}` is given no `algorithms`, and PyJWT {{version}} then verifies with whatever algorithm the token\'s header names: only its blocklist of public-key formats stands between a token signed with HS256 using the public key as the secret and acceptance (CVE-2017-11424, CVE-2022-29217). Pin {{pin}} ({{basis}}).',
    noAllowlistRaises:
      '`{{api}}` is given no `algorithms`; PyJWT {{version}} raises `DecodeError` on every token when they are missing, so this call verifies nothing and key confusion is not reachable. Pin {{pin}} ({{basis}}) so that the call works and stays safe if PyJWT 1.x is ever installed.',
    algFromToken:
      'The accepted algorithm is read from the token\'s own header, so the attacker chooses how the signature is checked. Pin the one algorithm your issuer uses as a constant.',
    mixedFamilies:
      'This allowlist mixes HMAC ({{hmac}}) with public-key algorithms ({{asymmetric}}), which enables key confusion: a token signed with HMAC using the public key as the secret verifies. Keep only the algorithm your issuer signs with.',
  },
  remediation:
    'Pass an explicit `algorithms` allowlist with exactly the algorithm the issuer signs with (RFC 8725 §3.1): the HS variant for an HMAC secret, RS256 or ES256 for a public key or JWKS; never derive it from the token and never mix HMAC with RSA/EC/EdDSA.',
  references: [
    { title: 'RFC 8725 §3.1: Perform Algorithm Verification', url: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.1' },
    { title: 'jsonwebtoken GHSA-hjrf-2m68-5959 (CVE-2022-23541, RSA to HMAC confusion)', url: 'https://github.com/auth0/node-jsonwebtoken/security/advisories/GHSA-hjrf-2m68-5959' },
    { title: 'express-jwt: do not mix symmetric and asymmetric algorithms', url: 'https://github.com/auth0/express-jwt#readme' },
    { title: 'jose JWTVerifyOptions.algorithms', url: 'https://github.com/panva/jose/blob/main/docs/jwt/verify/interfaces/JWTVerifyOptions.md' },
  ],
  options: {},
  docs: {
    languages: [
      {
        language: 'Python',
        reading: "A PyJWT `decode` without `algorithms=` (possible in 1.x only: 2.0 and later raise; rated by the PyJWT version in requirements, pyproject or a lockfile), a python-jose `decode` without `algorithms=`, Authlib's default `jwt` instance (pin with `JsonWebToken([\"RS256\"])`), and an allowlist read from the token's own header (`jwt.get_unverified_header(t)[\"alg\"]`), on the decode call or the allowlist.",
        incorrect: `header = jwt.get_unverified_header(token)
claims = jwt.decode(token, key, algorithms=[header["alg"]])
`,
        correct: `claims = jwt.decode(token, key, algorithms=["RS256"], audience="orders", issuer="https://auth.example.com")
`,
      },
      {
        language: 'Go',
        reading: "A golang-jwt `Parse`/`ParseWithClaims` (or `jwt.NewParser(`) whose keyfunc returns a key without checking `t.Method` and without `jwt.WithValidMethods` (v3 and dgrijalva: `Parser{ValidMethods: ...}`), and go-jose v2/v3 `ParseSigned` without its algorithm list. Go's key types keep HMAC and RSA apart, so such a parse accepts any algorithm of the key's family: rated medium. jwx `WithKey`, go-jose v4 and echo/fiber always pin.",
        incorrect: `token, err := jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) {
	return secret, nil
})
`,
        correct: `token, err := jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) {
	return secret, nil
}, jwt.WithValidMethods([]string{"HS256"}))
`,
      },
      {
        language: 'Java',
        reading: "A jjwt parser with a secret key: jjwt has no allowlist and verifies any HS* variant the header names (rated medium: jjwt checks the key type). java-jwt `JWT.require(alg)` and `NimbusJwtDecoder` pin by construction. A Nimbus `new MACVerifier(` verifies whatever HS* variant the header names (medium, like jjwt; an `RSASSAVerifier`/`ECDSAVerifier` has nothing to pin); a `DefaultJWTProcessor` is pinned by its `JWSVerificationKeySelector` algorithm(s). Kotlin reads the same jjwt parsers.",
        incorrect: `Claims claims = Jwts.parserBuilder().setSigningKey(secret).build().parseClaimsJws(token).getBody();
`,
        correct: `DecodedJWT jwt = JWT.require(Algorithm.HMAC256(secret)).withIssuer("auth").withAudience("orders").build().verify(token);
`,
      },
      {
        language: 'C#',
        reading: "`TokenValidationParameters` without `ValidAlgorithms`, at `.AddJwtBearer(` (also when the object is built into a variable first: one verifier) or the `ValidateToken` call; IdentityModel accepts only algorithms the key supports, so this is medium. A configuration-driven scheme whose keys are not in the repository (user secrets) is not judged. jwt-dotnet: an `IJwtAlgorithm` given to `WithAlgorithm`/the decoder pins it (the signature is computed with it whatever the header says); an algorithm factory (`HMACSHAAlgorithmFactory`, `RSAlgorithmFactory`) picks it from the header within its family, medium.",
        incorrect: `options.TokenValidationParameters = new TokenValidationParameters { IssuerSigningKey = key };
`,
        correct: `options.TokenValidationParameters = new TokenValidationParameters { IssuerSigningKey = key, ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 } };
`,
      },
    ],
    whyItMatters:
      'The `alg` header is chosen by whoever created the token. A verifier that does not pin the algorithm lets an attacker pick one: the classic attack signs a token with HS256 using the server\'s RSA public key as the HMAC secret, and a verifier that accepts both families checks it successfully. Modern library versions narrow the defaults by key type, but key callbacks, JWKS sets with mixed keys and older versions reopen the hole. RFC 8725 §3.1 requires each key to be used with exactly one algorithm.',
    incorrect: `import jwt from 'jsonwebtoken';

export function verifyToken(token, publicKey) {
  return jwt.verify(token, publicKey, {
    audience: 'orders-api',
    issuer: 'https://auth.example.com',
  });
}
`,
    correct: `import jwt from 'jsonwebtoken';

export function verifyToken(token, publicKey) {
  return jwt.verify(token, publicKey, {
    algorithms: ['RS256'],
    audience: 'orders-api',
    issuer: 'https://auth.example.com',
  });
}
`,
    remediation:
      'Pin the algorithm the verifier can actually use, so that the fix works when pasted: the HS variant the signer uses for an HMAC secret (`[\'HS256\']` unless the same file signs or configures another), the signer\'s algorithm when the same file names one for signing or in configuration, and `[\'RS256\']` (or `[\'ES256\']` for EC keys) for a PEM public key, certificate or JWKS; never an RSA algorithm for a string secret. The finding names the option where the library takes it elsewhere: hono `verify(token, key, \'HS256\')`, hono `jwt({ alg })`, the fourth argument of jwt-simple `decode`, `verify: { algorithms }` for @fastify/jwt, `verifyOptions: { algorithms }` for `JwtModule`. Where keys come from a JWKS, pin the algorithm in code rather than trusting the JWK\'s or the token\'s `alg`.',
    limitations:
      'PyJWT: with a PyJWT 1.x in scope (requirements, pyproject, Pipfile or a lockfile), a `jwt.decode` without `algorithms` is high (1.x verifies with the token\'s `alg`); with 2.x it is low, since `decode` then raises `DecodeError` on every token; with no version found it stays high. golang-jwt and dgrijalva/jwt-go are medium whatever the version: each signing method takes only a key of its own Go type. Severity follows exploitability. High: an algorithm taken from the token header; an allowlist mixing HMAC with RSA/EC/EdDSA; no allowlist with jsonwebtoken (or express-jwt, passport-jwt, koa-jwt, @nestjs/jwt, hapi-auth-jwt2, which verify through it) when the version in scope is before 9, with fast-jwt before 3.3.2 (CVE-2023-48223: a PKCS#1 RSA public key taken as an HMAC secret), with jsrsasign `JWS.verify` before 5.0.0, or with any of these when no version is found (no manifest or lockfile above the file names the library: jwtlint does not lower a finding without evidence); no algorithm with jwt-simple before 0.5.3 or of unknown version (it takes the header\'s `alg`); a library not known to narrow. Medium: no allowlist where the library narrows by key type or falls back to one algorithm: jsonwebtoken 9 or later (HS* for a secret, RS/PS/ES for a public key, `none` only when listed), fast-jwt 3.3.2 or later, jsrsasign 5.0.0 or later, jose (any key: secret, KeyObject, JWK or JWKS; v1/v2 too), @fastify/jwt (fast-jwt infers from the key), @hapi/jwt (each key accepts algorithms of its own type), express-oauth2-jwt-bearer without a `secret` (asymmetric algorithms from the issuer\'s key set only), hono (`verify` defaults to HS256; `jwt()` before 4.11.4 did too), jwt-simple 0.5.3 or later. Libraries that always take the algorithm as an argument (jws `verify`) or pin it themselves (firebase-admin, google-auth-library, openid-client) are never reported. The version in scope is read from the nearest folder above the file whose package.json or lockfile names the library; a lockfile entry wins over the manifest range, a range counts as its lowest version, and any entry before the threshold makes the finding high. Known advisories in old versions are reported separately by `vulnerable-library`. The suggested algorithm comes from the key\'s kind and from algorithms named in the same file; signers in other files are not consulted, and an RSA and an EC public key are not told apart (the message names both). Allowlists computed at run time (from configuration or a function) are not judged. Verifiers that produce unsecured JWTs or check an empty key are reported by `alg-none` instead. Where a library narrows the default by key type, the finding still stands: the pin documents intent and survives key and version changes. GitHub\'s `security-severity` is set per rule (8.1), not per finding; the SARIF level follows each finding\'s severity.',
  },
  check({ facts }) {
    const reports: RuleReport[] = [];
    for (const site of facts.callSites) {
      if (!site.verifies || site.unsecured || site.emptyKey) continue;
      const spec = site.verifyAlgorithms;
      if (!spec) continue;
      if (spec.kind === 'default') {
        const { severity, messageId, data, reason } = exposure(site, facts);
        const { alg, basis } = suggestion(site, spec, facts);
        reports.push({ loc: site.loc, messageId, data: { api: site.api, ...data, pin: pinText(site, alg, facts), basis }, ...(severity !== 'high' && { severity }), severityReason: reason, fix: pinFixData(site, site.library === 'hono' || site.library === 'jwt-simple' ? 'HS256' : undefined) });
      } else if (spec.kind === 'from-token') {
        reports.push({ loc: spec.loc, messageId: 'algFromToken', fix: { kind: 'none', reason: 'the allowlist is read from the token: the code that computes it must change' } });
      } else if (spec.kind === 'explicit') {
        const names = spec.values.map((v) => v.name).filter((n) => n.toLowerCase() !== 'none');
        const hmac = names.filter((n) => HMAC.test(n));
        const asymmetric = names.filter((n) => ASYMMETRIC.test(n));
        if (hmac.length > 0 && asymmetric.length > 0) {
          reports.push({ loc: spec.loc, messageId: 'mixedFamilies', data: { hmac: hmac.join(', '), asymmetric: asymmetric.join(', ') }, fix: { kind: 'none', reason: 'which family of the listed algorithms the issuer signs with is for the author to choose' } });
        }
      }
    }
    return reports;
  },
});
