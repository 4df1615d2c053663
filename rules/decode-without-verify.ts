import { defineRule } from '../src/rule-api.js';
import type { RuleReport } from '../src/rule-api.js';

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
      '`{{api}}` only decodes the token; its signature is never checked here, so the caller controls every claim. Use the library\'s verify function (with pinned `algorithms`, `audience` and `issuer`) and read claims from its result.',
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
    whyItMatters:
      'Decoding a JWT is only base64: it proves nothing about who wrote the token. Server code that takes roles, tenant ids or user ids from a decoded token can be fooled by anyone who edits the payload, however carefully the token is verified elsewhere. This often creeps in through helpers ("just read the tenant from the header") and routes that skip the authentication middleware.',
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
      'Browser code (`\'use client\'` modules, modules using `window`, `document` or web storage, front-end-only packages) is not reported. A decode whose token is verified in the same function is not reported; one verified in a caller or a different module may be reported and can be suppressed. An OIDC ID token read from a token response (`params.id_token` in a Passport OAuth2 callback, `tokenSet.id_token`, `tokens.idToken`) is not reported: the client received it from the provider\'s token endpoint over TLS, where OIDC Core §3.1.3.7 lets it skip the signature check. An `id_token` read from a request (`req.body.id_token`: the implicit or form_post flow, which the browser sends) is reported.',
  },
  check({ facts }) {
    if (facts.environment !== 'server') return [];
    return facts.callSites
      .filter((site) => site.operation === 'decode' && !site.decode?.headerOnly && !site.decode?.verifiedInScope && !site.decode?.fromTokenEndpoint)
      .map((site): RuleReport =>
        site.decode?.manual
          ? { loc: site.loc, messageId: 'manualDecode' }
          : { loc: site.loc, messageId: 'decoded', data: { api: site.api } },
      );
  },
});
