import { defineRule, expiryFixData, inSourceLanguage } from '../src/rule-api.js';
import type { RuleReport } from '../src/rule-api.js';

/** A short lifetime in the file's own syntax. */
const LIFETIME_EXAMPLE = {
  javascript: "`expiresIn: '15m'` (or `.setExpirationTime('15m')`)",
  python: 'an `exp` of `datetime.now(tz=timezone.utc) + timedelta(minutes=15)`',
  go: '`ExpiresAt: jwt.NewNumericDate(time.Now().Add(15 * time.Minute))`',
};

/** Libraries whose builders set the lifetime their own way. */
const LIBRARY_LIFETIME: Record<string, string> = {
  'System.IdentityModel.Tokens.Jwt': '`expires: DateTime.UtcNow.AddMinutes(15)`',
  JWT: '`.AddClaim(ClaimName.ExpirationTime, DateTimeOffset.UtcNow.AddMinutes(15).ToUnixTimeSeconds())`',
  jjwt: '`.setExpiration(Date.from(Instant.now().plus(15, ChronoUnit.MINUTES)))`',
  'java-jwt': '`.withExpiresAt(Instant.now().plusSeconds(900))`',
  'nimbus-jose-jwt': '`.expirationTime(Date.from(Instant.now().plusSeconds(900)))` on the `JWTClaimsSet.Builder`',
  'spring-security-oauth2-jose': '`.expiresAt(Instant.now().plusSeconds(900))` on `JwtClaimsSet.builder()`',
  jwx: '`.Expiration(time.Now().Add(15 * time.Minute))` on the token builder',
  'go-jose': '`Expiry: jwt.NewNumericDate(time.Now().Add(15 * time.Minute))` in the claims',
};

export default defineRule({
  id: 'no-expiry',
  description: 'Finds tokens signed without an expiry (`exp`), which stay valid forever.',
  severity: 'medium',
  severityReason: 'a token without an expiry works until the key is rotated',
  securitySeverity: 5.3,
  confidence: 'high',
  scope: 'file',
  standards: {
    nhi: ['NHI7'],
    csf: ['PR.AA-01'],
    cwe: ['CWE-613'],
  },
  messages: {
    noExpiry:
      '`{{api}}` signs tokens with no expiry, so a leaked token works forever. Set a short lifetime, e.g. {{example}}, and use refresh tokens for long sessions.',
  },
  remediation:
    'Give every token a short lifetime (minutes for access tokens) with `expiresIn`, an `exp` claim or `setExpirationTime`, and renew sessions with refresh tokens that can be revoked.',
  references: [
    { title: 'RFC 7519 §4.1.4: "exp" (Expiration Time) Claim', url: 'https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4' },
    { title: 'RFC 9068 §2.2: required claims of JWT access tokens', url: 'https://www.rfc-editor.org/rfc/rfc9068#section-2.2' },
    { title: 'OWASP NHI7:2025 Long-Lived Secrets', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/7-long-lived-secrets/' },
    { title: 'jsonwebtoken: there is no default for expiresIn', url: 'https://github.com/auth0/node-jsonwebtoken#jwtsignpayload-secretorprivatekey-options-callback' },
  ],
  options: {},
  docs: {
    languages: [
      {
        language: 'Python',
        reading: "A PyJWT, python-jose or Authlib `encode(` whose payload has no `exp`, reported where the call starts; Flask-JWT-Extended `create_access_token(..., expires_delta=False)` on that call and `JWT_ACCESS_TOKEN_EXPIRES = False` at `JWTManager(`.",
        incorrect: `token = jwt.encode({"sub": user_id}, key, algorithm="HS256")
`,
        correct: `exp = datetime.now(tz=timezone.utc) + timedelta(minutes=15)
token = jwt.encode({"sub": user_id, "exp": exp}, key, algorithm="HS256")
`,
      },
      {
        language: 'Go',
        reading: "A golang-jwt `jwt.NewWithClaims(` (or `jwt.New(`), jwx `jwt.Sign(` or go-jose `jwt.Signed(` whose claims set no expiry, reported where that expression starts.",
        incorrect: `token := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"sub": userID})
`,
        correct: `token := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{
	"sub": userID,
	"exp": time.Now().Add(15 * time.Minute).Unix(),
})
`,
      },
      {
        language: 'Java',
        reading: "At `Jwts.builder()` or `JWT.create()` when the chain sets no `setExpiration`/`expiration`/`withExpiresAt`/`exp` claim. Nimbus: at `new SignedJWT(` (or `new JWSObject(` over `new Payload(claims.toJSONObject())`, and `new PlainJWT(`) when its `JWTClaimsSet.Builder` sets no `expirationTime`. Spring: at `encoder.encode(JwtEncoderParameters.from(...))` when its `JwtClaimsSet.builder()` sets no `expiresAt` (Spring adds none); the `NimbusJwtEncoder` bean itself is not judged. Claims from a parameter are not judged. Kotlin reads the same chains (`JWT.create().withSubject(user).sign(algorithm)`), also through a `val` holding the builder.",
        incorrect: `String token = JWT.create().withSubject(user).sign(algorithm);
`,
        correct: `String token = JWT.create().withSubject(user).withExpiresAt(Instant.now().plusSeconds(900)).sign(algorithm);
`,
      },
      {
        language: 'C#',
        reading: "`new JwtSecurityToken(` without `expires` (or `expires: null`), where the expression starts; a `SecurityTokenDescriptor` without `Expires`, `CreateJwtSecurityToken`/`CreateEncodedJwt` without `expires` and `JsonWebTokenHandler.CreateToken(json, credentials)` are not findings (the handlers add 60 minutes). jwt-dotnet: a `JwtBuilder.Create()...Encode()` chain with no `exp` (`AddClaim(\"exp\", ...)`, `AddClaim(ClaimName.ExpirationTime, ...)`, `.ExpirationTime(...)`), where the builder starts, and `encoder.Encode(payload, key)` whose dictionary or anonymous payload has no `exp`, on the call.",
        incorrect: `var token = new JwtSecurityToken(issuer, audience, claims, signingCredentials: credentials);
`,
        correct: `var token = new JwtSecurityToken(issuer, audience, claims, expires: DateTime.UtcNow.AddMinutes(15), signingCredentials: credentials);
`,
      },
    ],
    whyItMatters:
      'JWT libraries add no expiry unless asked, and most verifiers accept a token without `exp` indefinitely. A token without an expiry that leaks through a log, a browser extension or a screenshot stays a valid credential until the signing key is rotated, which for a shared HMAC secret means logging everyone out.',
    incorrect: `import jwt from 'jsonwebtoken';

export function issueToken(userId, privateKey) {
  return jwt.sign({ sub: userId }, privateKey, { algorithm: 'RS256', issuer: 'https://auth.example.com' });
}
`,
    correct: `import jwt from 'jsonwebtoken';

export function issueToken(userId, privateKey) {
  return jwt.sign({ sub: userId }, privateKey, {
    algorithm: 'RS256',
    issuer: 'https://auth.example.com',
    expiresIn: '15m',
  });
}
`,
    remediation:
      'Add `expiresIn` (jsonwebtoken, @nestjs/jwt `signOptions`, @fastify/jwt `sign`), `setExpirationTime` (jose) or an `exp` claim in the payload. Keep access tokens to minutes and put long sessions behind revocable refresh tokens.',
    limitations:
      'An `exp` claim added by a payload built elsewhere (a function the resolver cannot follow) is reported as absent; the options or payload must be resolvable in the file. Configure-once signers whose every sign call passes its own lifetime are judged at those calls. A payload passed to a project function that signs it (a wrapper, up to three deep, across modules) is judged at each call of the wrapper, where the payload is written, with the wrapper\'s sign call as a related location. fast-jwt `createSigner` without `expiresIn` keeps the payload\'s own `exp`: it is judged from the signer\'s calls in the file. firebase-admin `createCustomToken` always lasts one hour, and an OpenID provider always sets an expiry.',
  },
  check({ facts }) {
    return facts.callSites
      .filter((site) => site.signs && site.lifetime?.kind === 'absent')
      .map((site): RuleReport => ({ loc: site.loc, messageId: 'noExpiry', data: { api: site.api, example: LIBRARY_LIFETIME[site.library] ?? inSourceLanguage(site.loc.file, LIFETIME_EXAMPLE) }, fix: expiryFixData(site) }));
  },
});
