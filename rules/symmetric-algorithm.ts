import { defineRule } from '../src/rule-api.js';
import type { AlgorithmSpec, JwtCallSite, RuleReport } from '../src/rule-api.js';

const HMAC = /^HS(256|384|512)$/i;

function onlyNone(spec: AlgorithmSpec | undefined): boolean {
  return spec?.kind === 'explicit' && spec.values.length > 0 && spec.values.every((v) => v.name.toLowerCase() === 'none');
}

function judgeSide(site: JwtCallSite, spec: AlgorithmSpec | undefined, side: 'sign' | 'verify'): RuleReport[] {
  if (!spec) return [];
  if (spec.kind === 'explicit') {
    return spec.values
      .filter((v) => HMAC.test(v.name))
      .map((v) => ({ loc: v.loc, messageId: side === 'sign' ? 'explicitSign' : 'explicitVerify', data: { algorithm: v.name } }));
  }
  if (spec.kind === 'default' && spec.hmacByDefault) {
    return [{ loc: site.loc, messageId: side === 'sign' ? 'defaultSign' : 'defaultVerify', data: { api: site.api } }];
  }
  return [];
}

export default defineRule({
  id: 'symmetric-algorithm',
  description: 'Finds tokens signed or verified with a shared HMAC key (HS256/384/512), explicitly or by library default.',
  severity: 'low',
  severityReason: 'an HMAC key signs as well as verifies; the risk depends on who else holds it',
  securitySeverity: 3.9,
  confidence: 'high',
  scope: 'file',
  standards: {
    nhi: ['NHI4', 'NHI9'],
    csf: ['PR.AA-04', 'PR.AA-05'],
    csf11: ['PR.AC-4'],
    cwe: ['CWE-653'],
  },
  messages: {
    explicitSign:
      'Tokens are signed with {{algorithm}}, a shared secret: every service that verifies them holds the same key and can mint tokens too. Sign with an asymmetric algorithm (RS256, ES256 or EdDSA) and publish the public key as a JWKS.',
    explicitVerify:
      'This verifier accepts {{algorithm}}, so it must hold the issuer\'s HMAC secret and could mint tokens itself. Verify an asymmetric signature (RS256, ES256 or EdDSA) with the issuer\'s public key from its JWKS.',
    defaultSign:
      '`{{api}}` signs with HS256 by default when given a string or byte key, so the key is a shared secret every verifier must hold. Sign with a private key and an explicit asymmetric algorithm such as `RS256` or `ES256`.',
    defaultVerify:
      '`{{api}}` verifies with HMAC here because the key is a shared secret, which lets this service mint tokens as well. Verify with the issuer\'s public key (JWKS) and an asymmetric algorithm instead.',
    configured:
      'This configuration selects {{algorithm}}, so every service that reads it shares one signing secret. Configure an asymmetric algorithm (RS256, ES256 or EdDSA) and distribute only the public key.',
  },
  remediation:
    'Use an asymmetric algorithm (RS256, ES256 or EdDSA): the issuer alone holds the private key, and verifiers fetch the public key from a JWKS endpoint, so a compromised verifier cannot forge tokens.',
  references: [
    { title: 'RFC 8725 §3.12: Use Mutually Exclusive Validation Rules for Different Kinds of JWTs', url: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.12' },
    { title: 'RFC 7517: JSON Web Key (JWK) Sets', url: 'https://www.rfc-editor.org/rfc/rfc7517#section-5' },
    { title: 'OWASP NHI9:2025 NHI Reuse', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/9-nhi-reuse/' },
    { title: 'jsonwebtoken: `algorithm` defaults to HS256', url: 'https://github.com/auth0/node-jsonwebtoken#jwtsignpayload-secretorprivatekey-options-callback' },
  ],
  options: {},
  docs: {
    whyItMatters:
      'With HMAC the same key both creates and checks signatures. Every service that verifies tokens therefore holds the power to mint them, so one compromised verifier (or one leaked environment file) lets an attacker forge tokens for all of them. Asymmetric algorithms separate the two: only the issuer can sign, everyone else can only verify. This is informational on its own, but it is what makes shared and leaked secrets dangerous.',
    incorrect: `import jwt from 'jsonwebtoken';

export function verifyToken(token) {
  return jwt.verify(token, process.env.JWT_SECRET, {
    algorithms: ['HS256'],
    audience: 'orders-api',
    issuer: 'https://auth.example.com',
  });
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
      'Give the issuer a private key (ideally in a KMS) and sign with RS256, ES256 or EdDSA; expose the public key at a JWKS endpoint and have every verifier pin that algorithm and fetch keys from the JWKS.',
    limitations:
      'A single service that both signs and verifies its own session tokens with a well-protected HMAC key is a legitimate design; suppress the finding there. Encrypted session JWTs (JWE, e.g. next-auth sessions) are not reported. Algorithms computed at run time are not resolved.',
  },
  check({ facts }) {
    const reports: RuleReport[] = [];
    for (const site of facts.callSites) {
      if (site.operation === 'decode' || site.unsecured) continue;
      if (onlyNone(site.signAlgorithm) || onlyNone(site.verifyAlgorithms)) continue;
      if (site.signs) reports.push(...judgeSide(site, site.signAlgorithm, 'sign'));
      if (site.verifies) reports.push(...judgeSide(site, site.verifyAlgorithms, 'verify'));
    }
    for (const setting of facts.algorithmSettings) {
      if (HMAC.test(setting.name)) reports.push({ loc: setting.loc, messageId: 'configured', data: { algorithm: setting.name } });
    }
    return reports;
  },
});
