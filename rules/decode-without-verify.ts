import { defineRule, unitList } from '../src/rule-api.js';
import type { Confidence, DecodeFacts, RuleReport } from '../src/rule-api.js';

export default defineRule({
  id: 'decode-without-verify',
  description: 'Finds server code that reads claims from a token without verifying its signature.',
  severity: 'high',
  severityReason: 'claims are read from a token nobody checked, so whoever sends it chooses them',
  securitySeverity: 7.5,
  confidence: 'medium',
  scope: 'file',
  standards: {
    nhi: ['NHI4'],
    csf: ['PR.AA-04', 'PR.AA-03'],
    cwe: ['CWE-347', 'CWE-345'],
  },
  messages: {
    decoded:
      '`{{api}}` only decodes the token; its signature is never checked here, so the caller controls every claim. Verify the token with the library (pinned algorithms, audience and issuer) and read claims from its result.',
    nonIdentityClaims:
      '`{{api}}` decodes the token without checking its signature and reads only {{claims}}, which identify no one. The sender still chooses them: if the expiry alone admits a request, or the key or tenant read here is trusted without a verify of this token, verify it first and read the claims from the verified result.',
    manualDecode:
      'The token\'s payload is base64-decoded by hand and trusted without a signature check, so the caller controls every claim. Verify the token with your JWT library and read claims from the verified result.',
  },
  remediation:
    'Read claims only from the result of a signature check (`jwt.verify`, `jwtVerify`, the middleware\'s `req.auth`); keep `decode` for headers you need before verifying (such as `kid`) and for display in browser code.',
  references: [
    { title: 'RFC 8725 §3.3: Validate All Cryptographic Operations', url: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.3' },
    { title: 'jsonwebtoken: jwt.decode does not verify the signature', url: 'https://github.com/auth0/node-jsonwebtoken#jwtdecodetoken--options' },
    { title: 'jose decodeJwt: does not validate the JWS signature', url: 'https://github.com/panva/jose/blob/main/docs/util/decode_jwt/functions/decodeJwt.md' },
    { title: 'OWASP ASVS 5.0 V9.1.1 (validate before accepting token contents)', url: 'https://owasp.org/www-project-application-security-verification-standard/' },
  ],
  options: {},
  docs: {
    languages: [
      {
        language: 'Python',
        reading: "PyJWT `jwt.decode(t, options={\"verify_signature\": False})` (1.x `verify=False`) and python-jose `jwt.get_unverified_claims(t)` whose claims decide something, on the decode call. A `get_unverified_header(t)` read only for `kid` before a verify is fine, and so is an `id_token` taken from the provider's token response (it came over TLS from the issuer).",
        incorrect: `import jwt

def current_role(request):
    token = request.headers["Authorization"].split(" ")[1]
    claims = jwt.decode(token, options={"verify_signature": False})
    return claims["role"]
`,
        correct: `import jwt

def current_role(request, key):
    token = request.headers["Authorization"].split(" ")[1]
    claims = jwt.decode(token, key, algorithms=["RS256"], audience="orders", issuer="https://auth.example.com")
    return claims["role"]
`,
      },
      {
        language: 'Go',
        reading: "golang-jwt `ParseUnverified`, jwx `jwt.ParseInsecure` or `jwt.WithVerify(false)`, and go-jose `UnsafeClaimsWithoutVerification`, when the claims decide something; a read of only the header or method (`kid`, `Method.Alg()`) before a verify is fine.",
        incorrect: `claims := jwt.MapClaims{}
_, _, err := jwt.NewParser().ParseUnverified(raw, claims)
isAdmin := claims["role"] == "admin"
`,
        correct: `claims := jwt.MapClaims{}
_, err := jwt.ParseWithClaims(raw, claims, keyFunc, jwt.WithValidMethods([]string{"RS256"}))
isAdmin := err == nil && claims["role"] == "admin"
`,
      },
      {
        language: 'Java',
        reading: "`JWT.decode(token)` whose claims decide something, unless the token is verified in the same method, only the header is read, or the decode sits in `catch (TokenExpiredException)`. Nimbus `SignedJWT.parse`/`JWSObject.parse`/`JWTParser.parse` the same way, verified when the parsed object (or its `SignedJWT` cast) is `.verify(...)`-ed or handed to a processor's `process(...)` in the method. Kotlin reads the same, with Java getters read as properties (`JWT.decode(token).subject == \"admin\"`).",
        incorrect: `String role = JWT.decode(header).getClaim("role").asString();
`,
        correct: `String role = verifier.verify(header).getClaim("role").asString();
`,
      },
      {
        language: 'C#',
        reading: "`ReadJwtToken(t)`, `ReadJsonWebToken(t)`, a handler's `ReadToken(t)`, or `new JwtSecurityToken(t)` / `new JsonWebToken(t)` whose claims decide something without a `ValidateToken`/`ValidateTokenAsync` of the same token in the method. jwt-dotnet (NuGet `JWT`): `DoNotVerifySignature()`, `WithVerifySignature(false)`, `ValidateSignature = false`, `ValidationParameters.None`, `WithAlgorithm(new NoneAlgorithm())`, a builder `Decode` with neither secret nor algorithm (before 9.0 the builder verified only after `MustVerifySignature()`; from 9.0 such a builder throws), `verify: false` on a `JwtDecoder`, a decoder built without validator and algorithm, and an HMAC decoder's one-argument `Decode(token)`, on the decode call. A builder with a secret and an algorithm but no `MustVerifySignature()` is read as verified (the 9.x+ default); a decode whose verify flag is decided at run time, or that forwards a caller's key, is left to its callers.",
        incorrect: `var jwt = handler.ReadJwtToken(raw);
if (jwt.Claims.Any(c => c.Type == "role" && c.Value == "admin")) { /* ... */ }
`,
        correct: `var principal = handler.ValidateToken(raw, parameters, out _);
if (principal.IsInRole("admin")) { /* ... */ }
`,
      },
    ],
    whyItMatters:
      'Decoding a JWT is only base64: it proves nothing about who wrote the token. Server code that takes roles, tenant ids or user ids from a decoded token can be fooled by anyone who edits the payload, however carefully the token is verified elsewhere. This often creeps in through helpers ("just read the tenant from the header") and routes that skip the authentication middleware. What makes a decode dangerous is where the token comes from: one read from the incoming request (headers, Authorization, cookies, query, body) is chosen by the caller. A token this server received itself, in an outbound HTTP response from the identity provider\'s token or userinfo endpoint over TLS, is not attacker-supplied: an access token is opaque to the client by spec, but decoding it to read `exp` and schedule a refresh is common and harmless, so such decodes are not reported. Confidence says how sure a finding is: high when the token comes from the incoming request and its claims decide something in the same function (a condition, a comparison, a role check, the request\'s user), low when the token is a parameter of a function whose callers cannot be seen (an exported helper), medium otherwise.',
    incorrect: `import jwt from 'jsonwebtoken';

export function requireAdmin(req, res, next) {
  const token = req.headers.authorization?.split(' ')[1];
  const claims = jwt.decode(token);
  if (claims?.role !== 'admin') return res.status(403).end();
  next();
}
`,
    correct: `import jwt from 'jsonwebtoken';

export function requireAdmin(publicKey) {
  return (req, res, next) => {
    const token = req.headers.authorization?.split(' ')[1];
    const claims = jwt.verify(token, publicKey, {
      algorithms: ['RS256'],
      audience: 'admin-api',
      issuer: 'https://auth.example.com',
    });
    if (claims.role !== 'admin') return res.status(403).end();
    next();
  };
}
`,
    remediation:
      'Verify the token and read claims from the verification result. If a header value is needed to pick the key (such as `kid`), decode only the header and then verify. Browser code may decode tokens for display; the server must verify.',
    limitations:
      'Browser code is not reported: a `\'use client\'` module; a module using `window`, `document` or web storage; a component module (one that imports React, React DOM, React Native, Preact, Vue, Svelte, Solid or Angular, or holds JSX), even when the browser globals live in a module it imports. Server evidence wins over the framework: Next.js `pages/api/` routes, `app/**/route.ts` route handlers, `app/**/page|layout` server components, `middleware.ts`, `server/` folders, `.server` modules, `\'use server\'`, a `getServerSideProps`/`getStaticProps` or Remix `loader`/`action` export, and imports of `next/headers`, `next/server`, `server-only`, `react-dom/server` or a server framework make a module server code, whatever its name. A file with no evidence of its own takes its package\'s: browser code when the nearest package.json depends on a front-end framework (React, Vue, Svelte, Angular, Solid, Preact, React Native/Expo) and on no server framework or server-only library (Express, Koa, Fastify, NestJS, Hono, Next.js, Nuxt, Remix, SvelteKit, Astro, jsonwebtoken, passport, a database client...), server code otherwise. Imported modules are not read. A decode whose value is read only for claims that identify no one, when the token expires (`exp`, `iat`, `nbf`) or which key, issuer or tenant to use (`kid`, `tid`, `iss`, `alg`, `tenantId`) with no verify of the token seen after it, besides presence checks, is reported at low severity and low confidence with its own message: a forged expiry that alone admits a request, or a tenant trusted without a verify, is still a bypass. Not reported either: a header-only decode followed by a verify; a decode whose token is verified in the same function (or inside a verify callback); a decode in a helper of the module (not exported, called only from this module, never passed around) when every caller verifies the same token it passes to the helper; a decode whose claims are read only to choose a key, issuer or tenant (`kid`, `tid`, `iss`, `alg`, `tenantId`) when the same token is then handed to a function of this module that verifies it (a role or any other claim read from it keeps the finding); an OIDC ID token read from a token response (`params.id_token` in a Passport OAuth2 callback, `tokenSet.id_token`, `tokens.idToken`; OIDC Core §3.1.3.7 lets the client skip the signature check there); any token taken from an outbound HTTP response in the same function (`fetch`, `axios`, `got`, `ky`, Nest `HttpService`, openid-client `callback`/`grant`/`refresh` token sets)); a token the code has just minted itself (the result of a library `sign` call or of a function named for issuing one: `signToken`, `generateAccessToken`, `createJwt`). An `id_token` read from a request (`req.body.id_token`: the implicit or form_post flow, which the browser sends) is reported, and so is a request token that the function also sends to a provider. In test files, a decode whose claims are only read inside assertions (`expect(...)`, `assert.*`, `t.is`) checks what a server issued and is not reported; any other decode in test code is (marked as test code). Test code named only by the `testPaths` configuration is not known to this rule. A helper that is exported, or whose caller verifies in a different module, is reported (low confidence) and can be suppressed; callers in the same module are followed one level; a decode helper that returns what it decodes is also judged with the token each caller in the repository passes (src/lang/javascript/wrappers.ts: the finding stays on the decode line, the caller is a related location, the gravest caller decides); the origin of a token is otherwise followed through the local variables of its module only.',
  },
  check({ facts }) {
    if (facts.environment !== 'server') return [];
    const reports: RuleReport[] = [];
    for (const site of facts.callSites) {
      const decode = site.decode;
      if (site.operation !== 'decode' || !decode || !reported(decode)) continue;
      if (decode.nonIdentityClaims && !decode.manual) {
        const claims = unitList(decode.nonIdentityClaims);
        reports.push({
          loc: site.loc,
          messageId: 'nonIdentityClaims',
          data: { api: site.api, claims },
          severity: 'low',
          severityReason: decode.nonIdentityClaims.length === 1 ? `only ${claims} is read, and it identifies no one` : `only ${claims} are read, and they identify no one`,
          confidence: 'low',
        });
        continue;
      }
      const base: RuleReport = decode.manual ? { loc: site.loc, messageId: 'manualDecode' } : { loc: site.loc, messageId: 'decoded', data: { api: site.api } };
      reports.push({ ...base, confidence: confidenceOf(decode) });
    }
    return reports;
  },
});

/**
 * Not reported: a header-only decode; a token verified around the decode (same function,
 * verify callback, every caller of the helper, or a local verifier after a key-selection
 * read); a token received from the provider (ID token from a token response, any token from
 * an outbound HTTP response); a decode read only by test assertions.
 */
function reported(decode: DecodeFacts): boolean {
  if (decode.headerOnly || decode.verifiedInScope || decode.verifiedByCallers || decode.keySelectionThenVerified) return false;
  if (decode.fromTokenEndpoint || decode.tokenSource === 'response' || decode.tokenSource === 'issued') return false;
  return !decode.inTestAssertion;
}

/**
 * high: the token comes from the incoming request and its claims decide something right
 * there; low: the token is a parameter whose callers cannot be seen (an exported helper);
 * medium otherwise.
 */
function confidenceOf(decode: DecodeFacts): Confidence {
  if (decode.tokenSource === 'request' && decode.claimsDecide) return 'high';
  if (decode.tokenSource === 'parameter') return 'low';
  return 'medium';
}
