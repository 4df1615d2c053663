import { defineRule, inSourceLanguage } from '../src/rule-api.js';
import type { RuleReport } from '../src/rule-api.js';

/** The call that checks `exp` in libraries whose decode checks only the signature. */
const VALIDATE_CALL: Record<string, string> = {
  authlib: '`claims.validate()`',
  'go-jose': '`claims.Validate(jwt.Expected{Time: time.Now()})`',
  'nimbus-jose-jwt': 'a `DefaultJWTClaimsVerifier` (`verify(claims, null)`) or a check of `getExpirationTime()`',
};

/** The switch as the file's language writes it. */
const EXPIRY_SWITCH = {
  javascript: '`ignoreExpiration: true`, `exp: false`',
  python: '`"verify_exp": False`, `allow_expired=True`',
  go: '`jwt.WithoutClaimsValidation()`, `SkipClaimsValidation: true`',
};

export default defineRule({
  id: 'expiry-not-enforced',
  description: 'Finds verification that skips the expiry check or weakens it with a large clock tolerance.',
  severity: 'high',
  severityReason: 'a stolen or long-expired token keeps working',
  securitySeverity: 7.1,
  confidence: 'high',
  scope: 'file',
  standards: {
    nhi: ['NHI7'],
    csf: ['PR.AA-04'],
    cwe: ['CWE-613'],
  },
  messages: {
    ignoreExpiration:
      'Expiry checking is switched off here, so expired and stolen tokens keep working forever. Remove the switch on this line ({{switch}} or the library\'s equivalent) and let clients refresh their tokens.',
    claimsNotValidated:
      '`{{api}}` checks only the signature: `exp` is enforced by {{validate}}, which is never called on its result here, so expired and stolen tokens keep working. Call it before reading the claims.',
    clockTolerance:
      'A clock tolerance of {{tolerance}} seconds accepts tokens that long after they expired; clock skew needs seconds, not more than {{max}}. Lower the tolerance on this line to a few seconds.',
    expiryCheckDisabled:
      '`{{setting}}` switches the expiry check off, so expired and stolen tokens keep working. Turn it back on and let clients refresh their tokens.',
  },
  remediation:
    'Always enforce `exp`: drop `ignoreExpiration`, keep `clockTolerance` to a few seconds, and handle expired tokens by refreshing them rather than by accepting them.',
  references: [
    { title: 'RFC 7519 §4.1.4: "exp" (Expiration Time) Claim', url: 'https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4' },
    { title: 'OWASP NHI7:2025 Long-Lived Secrets', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/7-long-lived-secrets/' },
    { title: 'jsonwebtoken verify options (`ignoreExpiration`, `clockTolerance`)', url: 'https://github.com/auth0/node-jsonwebtoken#jwtverifytoken-secretorpublickey-options-callback' },
  ],
  options: {
    maxClockTolerance: {
      description: 'Largest acceptable clock tolerance in seconds. Tolerances strictly above it are reported.',
      default: 300,
    },
  },
  docs: {
    languages: [
      {
        language: 'Python',
        reading: "`options={\"verify_exp\": False}` (PyJWT, python-jose), Flask-JWT-Extended `decode_token(t, allow_expired=True)`, djangorestframework-jwt `\"JWT_VERIFY_EXPIRATION\": False` and a leeway above the tolerance (`leeway=`, SimpleJWT `LEEWAY`, `JWT_DECODE_LEEWAY`), on the option; an Authlib `jwt.decode` whose claims are never `validate()`d in the function, on the decode call.",
        incorrect: `claims = jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})
`,
        correct: `claims = jwt.decode(token, key, algorithms=["HS256"], leeway=30)
`,
      },
      {
        language: 'Go',
        reading: "golang-jwt `jwt.WithoutClaimsValidation()` (v4 `SkipClaimsValidation: true`), jwx `jwt.WithValidate(false)`, and a leeway above the tolerance (`jwt.WithLeeway`, jwx `WithAcceptableSkew`, go-jose `ValidateWithLeeway`), on the option; go-jose claims read with `.Claims(` and never validated, on that call.",
        incorrect: `parser := jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithLeeway(24*time.Hour))
`,
        correct: `parser := jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithLeeway(30*time.Second))
`,
      },
      {
        language: 'Java',
        reading: "`setAllowedClockSkewSeconds`/`clockSkewSeconds`/`acceptLeeway`/`acceptExpiresAt` above the tolerance, on the option; a Nimbus `DefaultJWTClaimsVerifier.setMaxClockSkew(n)` likewise. A Nimbus `jwt.verify(verifier)` checks only the signature: in a file that never reads `getExpirationTime()` nor runs a `DefaultJWTClaimsVerifier`, `exp` is never enforced (on the `.verify(` call). Kotlin reads the same options (`.acceptLeeway(86400)`, a `const val` tolerance on its own line).",
        incorrect: `JWTVerifier verifier = JWT.require(algorithm).acceptLeeway(86400).build();
`,
        correct: `JWTVerifier verifier = JWT.require(algorithm).acceptLeeway(30).build();
`,
      },
      {
        language: 'C#',
        reading: "`ValidateLifetime = false`, `RequireExpirationTime = false` or a `ClockSkew` above the tolerance, each on its line; jwt-dotnet `ValidateExpirationTime = false` or a `TimeMargin` above the tolerance in `WithValidationParameters(...)`, on its line (`ValidationParameters.None` there).",
        incorrect: `ClockSkew = TimeSpan.FromMinutes(30),
`,
        correct: `ClockSkew = TimeSpan.FromSeconds(30),
`,
      },
    ],
    whyItMatters:
      'Expiry is the only thing that ends the life of a stolen bearer token. `ignoreExpiration: true` turns every token ever issued into a permanent credential, and a clock tolerance of hours or days does the same more quietly. RFC 7519 says a token must not be accepted on or after its expiration time; a few seconds of leeway for clock skew is all that is needed.',
    incorrect: `import jwt from 'jsonwebtoken';

export function verifyRefreshToken(token, publicKey) {
  return jwt.verify(token, publicKey, {
    algorithms: ['RS256'],
    audience: 'refresh',
    issuer: 'https://auth.example.com',
    ignoreExpiration: true,
  });
}
`,
    correct: `import jwt from 'jsonwebtoken';

export function verifyRefreshToken(token, publicKey) {
  return jwt.verify(token, publicKey, {
    algorithms: ['RS256'],
    audience: 'refresh',
    issuer: 'https://auth.example.com',
    clockTolerance: 5,
  });
}
`,
    remediation:
      'Delete `ignoreExpiration: true` (jsonwebtoken, express-jwt, passport-jwt, @nestjs/jwt `verifyOptions`, @fastify/jwt) and keep `clockTolerance` in seconds. If a flow really needs to read an expired token (for example to log a user out), decode it for that purpose only and never grant access from it.',
    limitations:
      'Only literal options are judged; a tolerance computed at run time is not. A verifier that accepts tokens without `exp` at all is not reported here: sign every token with an expiry (`no-expiry`) or require the claim (jose `requiredClaims: [\'exp\']`). Library units: fast-jwt `clockTolerance` is milliseconds, @hapi/jwt `timeSkewSec` and express-oauth2-jwt-bearer `clockTolerance` seconds, jsrsasign `verifyJWT` `gracePeriod` seconds. Library switches count like `ignoreExpiration`: @hapi/jwt `verify.exp: false`, express-oauth2-jwt-bearer `validators.exp: false`, and a @hapi/jwt `verifySignature` not followed by `verifyPayload`/`verifyTime`. Options written onto the options object after it is created (`opts.ignoreExpiration = true`, `Object.assign(opts, …)`) are read like those in its literal.',
  },
  check({ facts, settings }) {
    const reports: RuleReport[] = [];
    for (const site of facts.callSites) {
      if (!site.verifies || !site.expiry) continue;
      const { ignoreExpiration, clockTolerance, claimsNotValidated } = site.expiry;
      if (claimsNotValidated) reports.push({ loc: claimsNotValidated, messageId: 'claimsNotValidated', data: { api: site.api, validate: VALIDATE_CALL[site.library] ?? 'its validation call' } });
      if (ignoreExpiration) reports.push({ loc: ignoreExpiration, messageId: 'ignoreExpiration', data: { switch: inSourceLanguage(ignoreExpiration.file, EXPIRY_SWITCH) } });
      if (clockTolerance && clockTolerance.seconds > settings.maxClockToleranceSeconds) {
        reports.push({
          loc: clockTolerance.loc,
          messageId: 'clockTolerance',
          data: { tolerance: clockTolerance.seconds, max: settings.maxClockToleranceSeconds },
        });
      }
    }
    for (const c of facts.disabledChecks) {
      if (c.check === 'expiry') reports.push({ loc: c.loc, messageId: 'expiryCheckDisabled', data: { setting: c.setting } });
    }
    return reports;
  },
});
