import { defineRule, inSourceLanguage } from '../src/rule-api.js';
import type { AlgorithmSpec, RuleReport } from '../src/rule-api.js';

function noneValues(spec: AlgorithmSpec | undefined) {
  return spec?.kind === 'explicit' ? spec.values.filter((v) => v.name.toLowerCase() === 'none') : [];
}

export default defineRule({
  id: 'alg-none',
  description: 'Finds code that produces or accepts unsigned tokens (`alg: none`), including verification with an empty key.',
  severity: 'critical',
  severityReason: 'a token without a signature is accepted or produced, so anyone can forge one',
  securitySeverity: 9.1,
  confidence: 'high',
  scope: 'file',
  standards: {
    nhi: ['NHI4'],
    csf: ['PR.AA-04'],
    cwe: ['CWE-347', 'CWE-327'],
  },
  messages: {
    noneAccepted:
      'This verifier lists `none` among its accepted algorithms, so a token with no signature at all passes. Remove `none` and accept only the one algorithm your issuer signs with.',
    unsignedParse:
      'This jjwt parse accepts unsigned tokens (`alg: none`, or any token before jjwt 0.12 with `parse()`), so a token with no signature at all passes. Parse with `parseClaimsJws` (0.12: `parseSignedClaims`) so that only signed tokens are accepted.',
    noneSigned:
      'This call produces unsigned tokens (`alg: none`) that anyone can forge by editing the payload. Sign with a real algorithm such as `ES256` or `RS256`.',
    unsecuredApi:
      '`{{api}}` creates or reads unsecured JWTs (`alg: none`), which carry no proof of who issued them. Use signed tokens (`SignJWT` / `jwtVerify`) for anything that authenticates or authorises.',
    emptyKey:
      'This token is verified with an empty or null key, which checks no signature (and lets older libraries accept `alg: none`). Pass the issuer\'s key and pin `algorithms`.',
    unsignedAccepted:
      '`{{setting}}` lets the verifier accept tokens without a signature, which anyone can forge. Set it to {{on}} so every token must be signed.',
    noneConfigured:
      'The JWT algorithm is configured as `none`: tokens carry no signature and anyone can forge them. Configure a real algorithm such as `ES256` or `RS256`.',
  },
  remediation:
    'Never sign with or accept `none`: sign with an asymmetric algorithm held by one issuer, verify with its public key (JWKS) and an explicit `algorithms` allowlist that names only that algorithm.',
  references: [
    { title: 'RFC 7518 §3.6: Using the Algorithm "none"', url: 'https://www.rfc-editor.org/rfc/rfc7518#section-3.6' },
    { title: 'RFC 8725 §3.2: Use Appropriate Algorithms', url: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.2' },
    { title: 'jsonwebtoken GHSA-qwph-4952-7xr6 (CVE-2022-23540)', url: 'https://github.com/auth0/node-jsonwebtoken/security/advisories/GHSA-qwph-4952-7xr6' },
    { title: 'PortSwigger Web Security Academy: JWT attacks', url: 'https://portswigger.net/web-security/jwt' },
  ],
  options: {},
  docs: {
    languages: [
      {
        language: 'Python',
        reading: "PyJWT `jwt.encode(..., algorithm=None)` writes an unsigned token and `\"none\"` in a `decode` allowlist (PyJWT, python-jose, Authlib `JsonWebToken([...])`) accepts one, reported on the value that names it; djangorestframework-jwt `\"JWT_VERIFY\": False` on that line.",
        incorrect: `import jwt

def check(token, key):
    return jwt.decode(token, key, algorithms=["HS256", "none"])
`,
        correct: `import jwt

def check(token, public_key):
    return jwt.decode(token, public_key, algorithms=["RS256"], audience="orders", issuer="https://auth.example.com")
`,
      },
      {
        language: 'Go',
        reading: "golang-jwt `jwt.SigningMethodNone` and jwx `jwa.NoSignature` on the line that names them, a keyfunc returning `jwt.UnsafeAllowNoneSignatureType` on its return line, and `\"none\"` in `jwt.WithValidMethods`.",
        incorrect: `token := jwt.NewWithClaims(jwt.SigningMethodNone, claims)
signed, err := token.SignedString(jwt.UnsafeAllowNoneSignatureType)
`,
        correct: `token := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
signed, err := token.SignedString(privateKey)
`,
      },
      {
        language: 'Java',
        reading: "`Algorithm.none()`, jjwt `parseClaimsJwt`/`parsePlaintextJwt`/`parseUnsecuredClaims`/`unsecured()`, and `parse()` before jjwt 0.12, on the call. Nimbus `new PlainJWT(` and `PlainJWT.parse(` (a `new PlainHeader()` elsewhere too), on the call; `instanceof PlainJWT` as a rejection is fine. Kotlin (`.kt`) reads the same calls (`parser.parseClaimsJwt(token).body`, `Algorithm.none()`).",
        incorrect: `Claims claims = parser.parseClaimsJwt(token).getBody();
`,
        correct: `Claims claims = parser.parseClaimsJws(token).getBody();
`,
      },
      {
        language: 'C#',
        reading: "`RequireSignedTokens = false`, `SecurityAlgorithms.None`, or a `SignatureValidator` that only parses the token, on its line; `JsonWebTokenHandler.CreateToken(json)` without `SigningCredentials` (an unsigned JWS), on the call; jwt-dotnet `new NoneAlgorithm()` when encoding, on its line (decoding with it is `decode-without-verify`), and `options.VerifySignature = false` in JWT.Extensions.AspNetCore `.AddJwt(...)`, on its line.",
        incorrect: `SignatureValidator = (token, parameters) => new JwtSecurityToken(token),
`,
        correct: `IssuerSigningKey = signingKey,
ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 },
`,
      },
    ],
    whyItMatters:
      'An unsigned JWT is just base64-encoded JSON: anyone can write one claiming to be any user with any role. RFC 7518 §3.6 says implementations must not accept unsecured JWSs by default and applications must not signal acceptance globally. Listing `none` in an allowlist "for development", signing with `algorithm: \'none\'` in a helper, or verifying with a null key are the usual ways such tokens reach production.',
    incorrect: `import jwt from 'jsonwebtoken';

export function verifyToken(token, key) {
  return jwt.verify(token, key, {
    algorithms: ['RS256', 'none'],
    audience: 'orders-api',
    issuer: 'https://auth.example.com',
  });
}
`,
    correct: `import jwt from 'jsonwebtoken';

export function verifyToken(token, key) {
  return jwt.verify(token, key, {
    algorithms: ['RS256'],
    audience: 'orders-api',
    issuer: 'https://auth.example.com',
  });
}
`,
    remediation:
      'Delete every `none` entry and unsecured-JWT call from authentication paths. Sign with a real algorithm and verify with the issuer\'s key and an `algorithms` list containing only that algorithm. If a test needs an unsigned token, build it in the test only to assert that it is rejected.',
    limitations:
      'Algorithm lists built at run time (read from configuration or the token) are not resolved here; `unpinned-algorithm` reports those taken from the token header.',
  },
  check({ facts }) {
    const reports: RuleReport[] = [];
    for (const site of facts.callSites) {
      for (const v of noneValues(site.signAlgorithm)) reports.push({ loc: v.loc, messageId: 'noneSigned' });
      // jjwt has no allowlist: its unsecured parse methods are how `none` gets in.
      for (const v of noneValues(site.verifyAlgorithms)) reports.push({ loc: v.loc, messageId: site.library === 'jjwt' ? 'unsignedParse' : 'noneAccepted' });
      if (site.unsecured) reports.push({ loc: site.loc, messageId: 'unsecuredApi', data: { api: site.api } });
      if (site.verifies && site.emptyKey) reports.push({ loc: site.loc, messageId: 'emptyKey' });
    }
    for (const c of facts.disabledChecks) {
      if (c.check === 'signature') reports.push({ loc: c.loc, messageId: 'unsignedAccepted', data: { setting: c.setting, on: inSourceLanguage(c.loc.file, { javascript: '`true`', python: '`True` (or remove it)', go: '`true`' }) } });
    }
    for (const v of facts.algorithmSettings) {
      if (v.name.toLowerCase() === 'none') reports.push({ loc: v.loc, messageId: 'noneConfigured' });
    }
    return reports;
  },
});
