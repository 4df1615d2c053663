import { blastRadius, blastRadiusClause, claimFixData, defineRule, inSourceLanguage, unitList } from '../src/rule-api.js';
import type { JwtCallSite, RuleReport } from '../src/rule-api.js';

/** The fix in the file's own syntax. */
const ISSUER_EXAMPLE = { javascript: "`issuer: 'https://your-issuer'`", python: '`issuer="https://your-issuer"`', go: '`jwt.WithIssuer("https://your-issuer")`', csharp: '`ValidIssuer = "https://your-issuer"`' };

/** Libraries that check the issuer their own way. */
const LIBRARY_ISSUER: Record<string, string> = {
  jjwt: '`.requireIssuer("https://your-issuer")` on the parser builder',
  'java-jwt': '`.withIssuer("https://your-issuer")` on `JWT.require(...)`',
  'spring-security-oauth2-jose': '`JwtValidators.createDefaultWithIssuer("https://your-issuer")` to `setJwtValidator`',
  'nimbus-jose-jwt': 'a `DefaultJWTClaimsVerifier` whose exact-match claims set `.issuer("https://your-issuer")` (or a check of `getIssuer()` after `verify`)',
  'spring-boot-resource-server': '`spring.security.oauth2.resourceserver.jwt.issuer-uri: https://your-issuer`',
  'flask-jwt-extended': '`JWT_DECODE_ISSUER = "https://your-issuer"` in the app config',
  'djangorestframework-simplejwt': '`"ISSUER": "https://your-issuer"` in `SIMPLE_JWT`',
  'djangorestframework-jwt': '`"JWT_ISSUER": "https://your-issuer"` in `JWT_AUTH`',
  'fastapi-jwt-auth': '`authjwt_decode_issuer = "https://your-issuer"` in the settings model',
  'go-jose': '`jwt.Expected{Issuer: "https://your-issuer"}` to `Validate`',
  jwx: '`jwt.WithIssuer("https://your-issuer")` to `jwt.Parse`',
  'echo-jwt': 'a `ParseTokenFunc` that parses with `jwt.WithIssuer("https://your-issuer")`',
  'fiber-jwt': 'an `iss` check of the claims in `SuccessHandler`',
  JWT: 'a check that the decoded `iss` claim is `"https://your-issuer"` (jwt-dotnet checks no issuer)',
};

/**
 * The issuer check tells issuers apart: where several units can sign with the key this
 * verifier accepts, the message names them (medium: with a shared HMAC key any holder can
 * also forge `iss`, and `shared-secret` reports that as high); where one unit verifies only
 * its own tokens, it is low.
 */
function judge(site: JwtCallSite): RuleReport {
  const radius = blastRadius(site.keyReach);
  const base = { loc: site.loc, data: { api: site.api, example: LIBRARY_ISSUER[site.library] ?? inSourceLanguage(site.loc.file, ISSUER_EXAMPLE) } };
  if (radius?.kind === 'shared' && radius.signers.length >= 2) {
    return {
      ...base,
      messageId: 'missingIssuerShared',
      data: { ...base.data, signers: unitList(radius.signers) },
      severityReason: `${unitList(radius.signers)} can all sign with the key this verifier accepts; \`iss\` is what tells their tokens apart`,
    };
  }
  if (radius?.kind === 'contained') {
    return { ...base, messageId: 'missingIssuerContained', data: { ...base.data, unit: radius.unit }, severity: 'low', severityReason: blastRadiusClause(radius) };
  }
  return { ...base, messageId: 'missingIssuer', ...(radius ? { severityReason: blastRadiusClause(radius) } : {}) };
}

export default defineRule({
  id: 'missing-issuer',
  description: 'Finds token verification that never checks the `iss` (issuer) claim.',
  severity: 'medium',
  severityReason: 'tokens from any issuer that holds an accepted key are accepted',
  securitySeverity: 5.3,
  confidence: 'medium',
  scope: 'file',
  standards: {
    nhi: ['NHI4'],
    csf: ['PR.AA-04'],
    cwe: ['CWE-345'],
  },
  messages: {
    missingIssuer:
      '`{{api}}` does not check who issued the token, so any issuer that holds an accepted key is trusted. Pass {{example}} to reject tokens from anyone else.',
    missingIssuerShared:
      '`{{api}}` does not check who issued the token, and {{signers}} can all sign with the key it accepts: a token any of them issued is trusted here. Give each issuer its own `iss`, pass the one you trust as `issuer`, and better, give each issuer its own key.',
    missingIssuerContained:
      '`{{api}}` does not check who issued the token. Only `{{unit}}` holds this key and signs its own tokens, so no other issuer can reach it today; set `iss` when signing and pass `issuer` here before the key is shared.',
    issuerCheckDisabled:
      '`{{setting}}` switches the issuer check off, so tokens from any issuer that holds an accepted key are trusted. Set it to `true` and configure the expected issuer.',
  },
  remediation:
    'Pass the expected `issuer` to every verifier and middleware configuration and make sure the verification key belongs to that issuer (RFC 8725 §3.8).',
  references: [
    { title: 'RFC 8725 §3.8: Validate Issuer and Subject', url: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.8' },
    { title: 'RFC 9068 §4: Validating JWT Access Tokens', url: 'https://www.rfc-editor.org/rfc/rfc9068#section-4' },
    { title: 'jose JWTVerifyOptions.issuer', url: 'https://github.com/panva/jose/blob/main/docs/jwt/verify/interfaces/JWTVerifyOptions.md' },
  ],
  options: {},
  docs: {
    languages: [
      {
        language: 'Python',
        reading: "A PyJWT or python-jose `decode` without `issuer=`, an Authlib decode whose `claims_options` never check `iss`, Flask-JWT-Extended without `JWT_DECODE_ISSUER`, SimpleJWT without `ISSUER`, drf-jwt without `JWT_ISSUER`, reported like `missing-audience`.",
        incorrect: `claims = jwt.decode(token, key, algorithms=["RS256"], audience="orders")
`,
        correct: `claims = jwt.decode(token, key, algorithms=["RS256"], audience="orders", issuer="https://auth.example.com")
`,
      },
      {
        language: 'Go',
        reading: "A golang-jwt parse (or `jwt.NewParser(`) without `jwt.WithIssuer` or a `VerifyIssuer` call, jwx without `jwt.WithIssuer`, go-jose without `Issuer` in `Validate`, and echo/fiber middleware.",
        incorrect: `token, err := jwt.Parse(raw, keyFunc, jwt.WithValidMethods([]string{"RS256"}), jwt.WithAudience("orders"))
`,
        correct: `token, err := jwt.Parse(raw, keyFunc, jwt.WithValidMethods([]string{"RS256"}),
	jwt.WithAudience("orders"), jwt.WithIssuer("https://auth.example.com"))
`,
      },
      {
        language: 'Java',
        reading: "Like `missing-audience`, for `iss`: `requireIssuer`, `withIssuer` or `JwtValidators.createDefaultWithIssuer`; Nimbus: a `getIssuer()` check around a hand-written `verify`, or `.issuer(...)` in a `DefaultJWTClaimsVerifier`'s exact-match claims (a required `iss` only requires presence). Spring Boot properties: a `jwk-set-uri`/`public-key-location` resource server with no `issuer-uri` in any profile of the module, on that key's line. Kotlin reads the same builders; a `claims.issuer` property read counts like `getIssuer()`.",
        incorrect: `JWTVerifier verifier = JWT.require(algorithm).withAudience("orders-api").build();
`,
        correct: `JWTVerifier verifier = JWT.require(algorithm).withAudience("orders-api").withIssuer("https://auth").build();
`,
      },
      {
        language: 'C#',
        reading: "`ValidateIssuer = false` on its line (the default, true, fails closed without `ValidIssuer` or an `Authority`). A configuration-driven `AddJwtBearer()` whose `Authentication:Schemes:<scheme>` section names neither `ValidIssuer`/`ValidIssuers` nor an `Authority`/`MetadataAddress`, at `.AddJwtBearer(` (through JwtBearer 8.0.6 the issuer is then not checked). jwt-dotnet checks no issuer: every verifying decode.",
        incorrect: `ValidateIssuer = false,
`,
        correct: `ValidIssuer = "https://auth.example.com",
`,
      },
    ],
    whyItMatters:
      'Keys and secrets are often shared more widely than intended: a staging issuer, a test tool or a second product may hold a key this service accepts. Checking `iss` binds the token to the one issuer you trust, so a token from any other source is rejected even when its signature verifies. RFC 8725 §3.8 requires the application to validate that the key belongs to the issuer.',
    incorrect: `import { createRemoteJWKSet, jwtVerify } from 'jose';

const jwks = createRemoteJWKSet(new URL('https://auth.example.com/.well-known/jwks.json'));

export async function verifyToken(token) {
  const { payload } = await jwtVerify(token, jwks, { algorithms: ['RS256'], audience: 'orders-api' });
  return payload;
}
`,
    correct: `import { createRemoteJWKSet, jwtVerify } from 'jose';

const jwks = createRemoteJWKSet(new URL('https://auth.example.com/.well-known/jwks.json'));

export async function verifyToken(token) {
  const { payload } = await jwtVerify(token, jwks, {
    algorithms: ['RS256'],
    audience: 'orders-api',
    issuer: 'https://auth.example.com',
  });
  return payload;
}
`,
    remediation:
      'Pass `issuer` (jsonwebtoken, express-jwt, passport-jwt, jose), `verify.allowedIss` (@fastify/jwt) or the library\'s equivalent with the issuer URL your identity provider puts in `iss`.',
    limitations:
      'Severity follows the key\'s blast radius (from the estate, for HMAC keys): low where one unit keeps the key to itself and verifies only its own tokens; medium otherwise, and where two or more units can sign with the key this verifier accepts the message names them (not high: with a shared HMAC key any holder can also write the expected `iss`, which `shared-secret` reports as high). A NestJS `JwtModule` configured with the key counts as able to sign. An options object that cannot be resolved is not judged. A check of `payload.iss` written by hand after verification is not recognised; prefer the library option.',
  },
  check({ facts }) {
    return [
      ...facts.callSites
        .filter((site) => site.verifies && site.issuer === 'absent')
        .map((site): RuleReport => ({ ...judge(site), fix: claimFixData(site, 'iss') })),
      ...facts.disabledChecks
        .filter((c) => c.check === 'issuer')
        .map((c): RuleReport => ({ loc: c.loc, messageId: 'issuerCheckDisabled', data: { setting: c.setting }, fix: { kind: 'none', reason: 'a configuration setting switches the check off: set it to true and configure the expected value' } })),
    ];
  },
});
