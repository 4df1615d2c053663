import { defineRule } from '../src/rule-api.js';
import type { RuleReport } from '../src/rule-api.js';

const HMAC = /^HS\d+$/i;
const ASYMMETRIC = /^(RS|PS|ES)\d+K?$|^EdDSA$|^Ed(25519|448)$/i;

export default defineRule({
  id: 'unpinned-algorithm',
  description: 'Finds token verification without an explicit algorithm allowlist, with one that mixes HMAC and public-key algorithms, or with the algorithm taken from the token itself.',
  severity: 'high',
  securitySeverity: 8.1,
  confidence: 'high',
  scope: 'file',
  standards: {
    nhi: ['NHI4'],
    csf: ['PR.AA-04'],
    cwe: ['CWE-757', 'CWE-347'],
  },
  messages: {
    noAllowlist:
      '`{{api}}` accepts any algorithm the key allows, because no allowlist is given. Pin `algorithms: [\'RS256\']` (or the one algorithm your issuer uses).',
    algFromToken:
      'The accepted algorithm is read from the token\'s own header, so the attacker chooses how the signature is checked. Pin the one algorithm your issuer uses as a constant.',
    mixedFamilies:
      'This allowlist mixes HMAC ({{hmac}}) with public-key algorithms ({{asymmetric}}), which enables key confusion: a token signed with HMAC using the public key as the secret verifies. Keep only the algorithm your issuer signs with.',
  },
  remediation:
    'Pass an explicit `algorithms` allowlist with exactly the algorithm the issuer signs with (RFC 8725 §3.1), ideally an asymmetric one verified against the issuer\'s JWKS; never derive it from the token and never mix HMAC with RSA/EC/EdDSA.',
  references: [
    { title: 'RFC 8725 §3.1: Perform Algorithm Verification', url: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.1' },
    { title: 'jsonwebtoken GHSA-hjrf-2m68-5959 (CVE-2022-23541, RSA to HMAC confusion)', url: 'https://github.com/auth0/node-jsonwebtoken/security/advisories/GHSA-hjrf-2m68-5959' },
    { title: 'express-jwt: do not mix symmetric and asymmetric algorithms', url: 'https://github.com/auth0/express-jwt#readme' },
    { title: 'jose JWTVerifyOptions.algorithms', url: 'https://github.com/panva/jose/blob/main/docs/jwt/verify/interfaces/JWTVerifyOptions.md' },
  ],
  options: {},
  docs: {
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
      'Add `algorithms: [\'RS256\']` (or `[\'ES256\']`, or the one HMAC algorithm for a single-service HMAC design) to every verifier and middleware configuration. Where keys come from a JWKS, pin the algorithm in code rather than trusting the JWK\'s or the token\'s `alg`.',
    limitations:
      'Allowlists computed at run time (from configuration or a function) are not judged. Verifiers that produce unsecured JWTs or check an empty key are reported by `alg-none` instead. Where a library narrows the default by key type, the finding still stands: the pin documents intent and survives key changes.',
  },
  check({ facts }) {
    const reports: RuleReport[] = [];
    for (const site of facts.callSites) {
      if (!site.verifies || site.unsecured || site.emptyKey) continue;
      const spec = site.verifyAlgorithms;
      if (!spec) continue;
      if (spec.kind === 'default') {
        reports.push({ loc: site.loc, messageId: 'noAllowlist', data: { api: site.api } });
      } else if (spec.kind === 'from-token') {
        reports.push({ loc: spec.loc, messageId: 'algFromToken' });
      } else if (spec.kind === 'explicit') {
        const names = spec.values.map((v) => v.name).filter((n) => n.toLowerCase() !== 'none');
        const hmac = names.filter((n) => HMAC.test(n));
        const asymmetric = names.filter((n) => ASYMMETRIC.test(n));
        if (hmac.length > 0 && asymmetric.length > 0) {
          reports.push({ loc: spec.loc, messageId: 'mixedFamilies', data: { hmac: hmac.join(', '), asymmetric: asymmetric.join(', ') } });
        }
      }
    }
    return reports;
  },
});
