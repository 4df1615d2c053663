import { blastRadius, blastRadiusClause, claimFixData, defineRule, inSourceLanguage, unitList } from '../src/rule-api.js';
import type { JwtCallSite, RuleReport } from '../src/rule-api.js';

/** The fix in the file's own syntax. */
const AUDIENCE_EXAMPLE = { javascript: "`audience: 'orders-api'`", python: '`audience="orders-api"`', go: '`jwt.WithAudience("orders-api")`', csharp: '`ValidAudience = "orders-api"`' };

/** Libraries that check the audience their own way. */
const LIBRARY_AUDIENCE: Record<string, string> = {
  jjwt: '`.requireAudience("orders-api")` on the parser builder',
  'java-jwt': '`.withAudience("orders-api")` on `JWT.require(...)`',
  'spring-security-oauth2-jose': 'a `JwtClaimValidator` of `aud` passed to `setJwtValidator`',
  'nimbus-jose-jwt': 'a `DefaultJWTClaimsVerifier` given the accepted audience (or a check of `getAudience()` after `verify`)',
  'spring-boot-resource-server': '`spring.security.oauth2.resourceserver.jwt.audiences: orders-api`',
  'flask-jwt-extended': '`JWT_DECODE_AUDIENCE = "orders-api"` in the app config',
  'djangorestframework-simplejwt': '`"AUDIENCE": "orders-api"` in `SIMPLE_JWT`',
  'djangorestframework-jwt': '`"JWT_AUDIENCE": "orders-api"` in `JWT_AUTH`',
  'fastapi-jwt-auth': '`authjwt_decode_audience = "orders-api"` in the settings model',
  'go-jose': '`AnyAudience` set to `"orders-api"` in the `jwt.Expected` passed to `Validate`',
  jwx: '`jwt.WithAudience("orders-api")` in `jwt.Parse`',
  'echo-jwt': 'a `ParseTokenFunc` that parses with `jwt.WithAudience("orders-api")`',
  'fiber-jwt': 'an `aud` check of the claims in `SuccessHandler`',
  // jwt-dotnet validates `exp`/`nbf`/`iat` only.
  JWT: 'a check that the decoded `aud` claim is `"orders-api"` (jwt-dotnet checks no audience)',
};

/**
 * The audience check matters as much as the number of services that accept tokens of one
 * key: several verifiers of a shared key is high, one unit verifying its own tokens is low.
 */
function judge(site: JwtCallSite): RuleReport {
  const radius = blastRadius(site.keyReach);
  const base = { loc: site.loc, data: { api: site.api, example: LIBRARY_AUDIENCE[site.library] ?? inSourceLanguage(site.loc.file, AUDIENCE_EXAMPLE) } };
  if (radius?.kind === 'shared' && radius.verifiers.length >= 2) {
    return {
      ...base,
      messageId: 'missingAudienceShared',
      data: { ...base.data, verifiers: unitList(radius.verifiers) },
      severity: 'high',
      severityReason: `${unitList(radius.verifiers)} all accept tokens signed with this key`,
    };
  }
  const issuer = site.issuerReach;
  if (issuer && issuer.verifiers.length >= 2) {
    return {
      ...base,
      messageId: 'missingAudienceSharedIssuer',
      data: { ...base.data, verifiers: unitList(issuer.verifiers), origin: issuer.origin },
      severity: 'high',
      severityReason: `${unitList(issuer.verifiers)} all accept tokens checked against \`${issuer.origin}\``,
    };
  }
  if (radius?.kind === 'contained') {
    return { ...base, messageId: 'missingAudienceContained', data: { ...base.data, unit: radius.unit }, severity: 'low', severityReason: blastRadiusClause(radius) };
  }
  return { ...base, messageId: 'missingAudience', ...(radius ? { severityReason: blastRadiusClause(radius) } : {}) };
}

export default defineRule({
  id: 'missing-audience',
  description: 'Finds token verification that never checks the `aud` (audience) claim.',
  severity: 'medium',
  severityReason: 'tokens minted for another service with the same issuer or key are accepted',
  securitySeverity: 6.5,
  confidence: 'medium',
  scope: 'file',
  standards: {
    nhi: ['NHI4'],
    csf: ['PR.AA-04', 'PR.AA-05'],
    csf11: ['PR.AC-4'],
    cwe: ['CWE-345', 'CWE-863'],
  },
  messages: {
    missingAudience:
      '`{{api}}` accepts tokens issued for any audience, so a token minted for another service works here too. Pass this service\'s own identifier as `audience` (e.g. {{example}}) so tokens meant for other services are rejected.',
    missingAudienceShared:
      '`{{api}}` accepts tokens issued for any audience, and {{verifiers}} accept tokens signed with the same key: a token minted for one of them works at all of them. Have the issuer put each service\'s own identifier in `aud` and pass it here as `audience` (e.g. {{example}}).',
    missingAudienceSharedIssuer:
      '`{{api}}` accepts tokens issued for any audience, and {{verifiers}} check tokens against the same keys (`{{origin}}`): a token the issuer minted for one of them works at all of them. Have the issuer set `aud` per service and pass this service\'s own identifier here as `audience`.',
    missingAudienceContained:
      '`{{api}}` does not check the audience. Only `{{unit}}` holds this key and verifies its own tokens, so nothing else can be replayed here today; set `aud` when signing and pass `audience` here before the key or its tokens reach another service.',
    audienceCheckDisabled:
      '`{{setting}}` switches the audience check off, so tokens minted for any other service are accepted here. Set it to `true` and configure this service\'s audience.',
  },
  remediation:
    'Give every service its own audience identifier, have the issuer put it in `aud`, and pass `audience` to every verifier and middleware configuration (RFC 8725 §3.9).',
  references: [
    { title: 'RFC 8725 §3.9: Use and Validate Audience', url: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.9' },
    { title: 'RFC 9068 §4: Validating JWT Access Tokens', url: 'https://www.rfc-editor.org/rfc/rfc9068#section-4' },
    { title: 'OWASP NHI4:2025 Insecure Authentication', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/4-insecure-authentication/' },
    { title: 'jsonwebtoken verify options (`audience`)', url: 'https://github.com/auth0/node-jsonwebtoken#jwtverifytoken-secretorpublickey-options-callback' },
  ],
  options: {},
  docs: {
    languages: [
      {
        language: 'Python',
        reading: "A PyJWT or python-jose `decode` without `audience=` (or with `verify_aud: False`, reported on that option), an Authlib decode whose `claims_options` never check `aud`, and a configure-once framework without an audience: Flask-JWT-Extended without `JWT_DECODE_AUDIENCE` (at `JWTManager(`), SimpleJWT without `AUDIENCE` (at `SIMPLE_JWT = {`), drf-jwt without `JWT_AUDIENCE` (at `JWT_AUTH = {`).",
        incorrect: `claims = jwt.decode(token, key, algorithms=["HS256"], issuer="https://auth.example.com")
`,
        correct: `claims = jwt.decode(token, key, algorithms=["HS256"], audience="orders", issuer="https://auth.example.com")
`,
      },
      {
        language: 'Go',
        reading: "No Go library checks `aud` unless asked: a golang-jwt parse without `jwt.WithAudience` (v3/v4 and dgrijalva: without a `VerifyAudience` call), jwx without `jwt.WithAudience`, go-jose without `AnyAudience` in `Validate`, and echo/fiber middleware, reported at `jwt.NewParser(` / `echojwt.WithConfig(` / `jwtware.New(` when there is one, else at the parse.",
        incorrect: `token, err := jwt.Parse(raw, keyFunc, jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer("https://auth.example.com"))
`,
        correct: `token, err := jwt.Parse(raw, keyFunc, jwt.WithValidMethods([]string{"RS256"}),
	jwt.WithIssuer("https://auth.example.com"), jwt.WithAudience("orders"))
`,
      },
      {
        language: 'Java',
        reading: "At `Jwts.parser()`/`parserBuilder()`, `JWT.require(` or `NimbusJwtDecoder.with…(` (the reusable verifier) when nothing checks `aud`: no `requireAudience`/`withAudience`, no audience validator, no `getAudience()` read where the token is parsed. Nimbus: at `new MACVerifier(`/`new RSASSAVerifier(`… when the file never reads `getAudience()` (a `JWSObject.verify` checks the signature only), and at `new DefaultJWTProcessor<>(` when its `DefaultJWTClaimsVerifier` is given no accepted audience (a required `aud` only requires presence). Spring Boot properties: `spring.security.oauth2.resourceserver.jwt.jwk-set-uri` (or `public-key-location`, `issuer-uri`) with no `audiences` in any profile of the module, on that key's line; not when the module's code builds its own `JwtDecoder` (Boot's backs off). Kotlin reads the same builders; a `claims.audience` property read counts like `getAudience()`.",
        incorrect: `JwtParser parser = Jwts.parserBuilder().setSigningKey(key).requireIssuer("https://auth").build();
`,
        correct: `JwtParser parser = Jwts.parserBuilder().setSigningKey(key).requireIssuer("https://auth").requireAudience("orders-api").build();
`,
      },
      {
        language: 'C#',
        reading: "`ValidateAudience = false` on its line (the default, true, fails closed without `ValidAudience` or `options.Audience`). A configuration-driven `AddJwtBearer()` (.NET 7+: `Authentication:Schemes:<scheme>` in the project's appsettings files) whose section lists no `ValidAudience`/`ValidAudiences` (an `Audience` key there is not read), with no audience set in code, at `.AddJwtBearer(`: through JwtBearer 8.0.6 the audience is then not checked (ValidateAudience = audiences.Count > 0), from 8.0.7 every token is rejected. A lambda that assigns new `TokenValidationParameters` replaces the section. jwt-dotnet checks no audience: every verifying decode, where the builder starts or at the decoder call.",
        incorrect: `ValidateAudience = false,
`,
        correct: `ValidAudience = "orders-api",
`,
      },
    ],
    whyItMatters:
      'When one issuer (or one shared secret) serves several services, a token minted for the least important of them is a valid token for all of them unless each checks `aud`. That turns a low-privilege token, a token leaked from a partner integration or a token for a test environment into access to your API. RFC 8725 §3.9 requires relying parties to reject tokens whose audience is missing or not their own.',
    incorrect: `import jwt from 'jsonwebtoken';

export function verifyToken(token, publicKey) {
  return jwt.verify(token, publicKey, {
    algorithms: ['RS256'],
    issuer: 'https://auth.example.com',
  });
}
`,
    correct: `import jwt from 'jsonwebtoken';

export function verifyToken(token, publicKey) {
  return jwt.verify(token, publicKey, {
    algorithms: ['RS256'],
    issuer: 'https://auth.example.com',
    audience: 'orders-api',
  });
}
`,
    remediation:
      'Pass `audience` (jsonwebtoken, express-jwt, passport-jwt, jose `jwtVerify`), `verify.allowedAud` (@fastify/jwt) or the library\'s equivalent, with the identifier the issuer uses for this service.',
    limitations:
      'Severity follows the key\'s blast radius (from the estate): high where two or more units verify tokens of the same HMAC key, or against the same key set or public key (the same JWKS URL, variable or setting: one issuer serving several services), so that a token for one is accepted by the others; low where one unit keeps an HMAC key to itself and verifies only its own tokens; medium otherwise (a single verifier of an identity provider included: the provider usually serves other audiences too). An options object that cannot be resolved (built by a function, passed in from another module the resolver cannot follow) is not judged. A check of `payload.aud` written by hand after verification is not recognised; prefer the library option. Libraries that always check the audience are never reported: express-oauth2-jwt-bearer (it refuses to start without one; only `validators: { aud: false }` is), firebase-admin `verifyIdToken`, openid-client callbacks. google-auth-library `verifyIdToken` checks the audience only when `audience` is passed: without it any Google client\'s ID token is accepted, so pass your OAuth client id. fast-jwt reads `allowedAud`, @hapi/jwt `verify.aud` (`false` switches it off), jsrsasign `verifyJWT` an `aud` array only (a string is ignored).',
  },
  check({ facts }) {
    return [
      ...facts.callSites
        .filter((site) => site.verifies && site.audience === 'absent')
        .map((site): RuleReport => ({ ...judge(site), fix: claimFixData(site, 'aud') })),
      ...facts.disabledChecks
        .filter((c) => c.check === 'audience')
        .map((c): RuleReport => ({ loc: c.loc, messageId: 'audienceCheckDisabled', data: { setting: c.setting }, fix: { kind: 'none', reason: 'a configuration setting switches the check off: set it to true and configure the expected value' } })),
    ];
  },
});
