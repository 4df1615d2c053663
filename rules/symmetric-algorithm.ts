import { blastRadius, blastRadiusClause, defineRule, unitList } from '../src/rule-api.js';
import type { AlgorithmSpec, JwtCallSite, RuleReport } from '../src/rule-api.js';

const HMAC = /^HS(256|384|512)$/i;

function onlyNone(spec: AlgorithmSpec | undefined): boolean {
  return spec?.kind === 'explicit' && spec.values.length > 0 && spec.values.every((v) => v.name.toLowerCase() === 'none');
}

/** What the site does with HMAC, as the start of a sentence. */
function what(site: JwtCallSite, side: 'sign' | 'verify', algorithm: string | null): string {
  if (algorithm) return side === 'sign' ? `Tokens are signed with ${algorithm}` : `This verifier accepts ${algorithm}`;
  // jjwt's `signWith(key)` picks the strongest HS* the key's length allows, not HS256.
  if (side === 'sign' && site.library === 'jjwt') return `\`${site.api}\` signs with HMAC (HS256, HS384 or HS512 by the key's length)`;
  return side === 'sign' ? `\`${site.api}\` signs with HS256 by default` : `\`${site.api}\` verifies with HMAC`;
}

/**
 * The finding for one side of a call site. Its severity is the key's blast radius (the
 * estate's facts): contained in one unit that signs and verifies its own tokens is low,
 * held by other units is high, verified here for an issuer outside the scan is medium.
 */
function judgeSide(site: JwtCallSite, spec: AlgorithmSpec | undefined, side: 'sign' | 'verify'): RuleReport[] {
  if (!spec) return [];
  const at: { loc: JwtCallSite['loc']; algorithm: string | null }[] =
    spec.kind === 'explicit'
      ? spec.values.filter((v) => HMAC.test(v.name)).map((v) => ({ loc: v.loc, algorithm: v.name }))
      : spec.kind === 'default' && spec.hmacByDefault
        ? [{ loc: site.loc, algorithm: null }]
        : [];
  const radius = blastRadius(site.keyReach);
  return at.map(({ loc, algorithm }): RuleReport => {
    if (radius?.kind === 'contained') {
      return { loc, messageId: 'contained', data: { what: what(site, side, algorithm), unit: radius.unit }, severity: 'low', severityReason: blastRadiusClause(radius) };
    }
    if (radius?.kind === 'shared') {
      const others = unitList(radius.others);
      return { loc, messageId: 'sharedKey', data: { what: what(site, side, algorithm), unit: radius.unit, others }, severity: 'high', severityReason: blastRadiusClause(radius) };
    }
    if (radius?.kind === 'issuer-elsewhere') {
      return { loc, messageId: 'issuerElsewhere', data: { what: what(site, side, algorithm), unit: radius.unit }, severity: 'medium', severityReason: blastRadiusClause(radius) };
    }
    const messageId = algorithm ? (side === 'sign' ? 'explicitSign' : 'explicitVerify') : side === 'sign' ? 'defaultSign' : 'defaultVerify';
    return {
      loc,
      messageId,
      data: algorithm ? { algorithm } : { api: site.api },
      ...(radius ? { severityReason: blastRadiusClause(radius) } : {}),
    };
  });
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
    contained:
      '{{what}}, a shared secret. Only `{{unit}}` holds this key and it verifies its own tokens, so no other service can forge them today. Keep the key out of every other service: when another one needs to verify these tokens, sign with a private key (RS256, ES256 or EdDSA) and publish a JWKS instead of copying the secret.',
    sharedKey:
      '{{what}}, and the same key is held by {{others}} besides `{{unit}}`: each of them can mint tokens that all the others accept. Sign in one issuer with a private key (RS256, ES256 or EdDSA) and give every other service only the public key through a JWKS.',
    issuerElsewhere:
      '{{what}}, so `{{unit}}` holds the signing key of whoever issues its tokens and can mint any token itself. Verify with the issuer\'s public key (JWKS) and an asymmetric algorithm such as RS256 or ES256.',
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
    languages: [
      {
        language: 'Python',
        reading: "`algorithm=\"HS256\"` in PyJWT or python-jose `encode` (python-jose and Flask-JWT-Extended default to HS256), `alg: HS256` in an Authlib header, HS* in a `decode` allowlist, SimpleJWT `ALGORITHM` (HS256 by default, at `SIMPLE_JWT = {`), and a decode with an HMAC key and no `algorithms`, on the value that names it.",
        incorrect: `token = jwt.encode(claims, os.environ["JWT_SECRET"], algorithm="HS256")
`,
        correct: `token = jwt.encode(claims, private_key_pem, algorithm="RS256")
`,
      },
      {
        language: 'Go',
        reading: "`jwt.SigningMethodHS256/384/512`, `jwa.HS*` and `jose.HS*` on the line that names them; a `Parse` keyfunc that returns a `[]byte` key without checking `t.Method` (the key type chooses HMAC), on the call; echo and fiber middleware (HS256 by default), on the configure call.",
        incorrect: `token := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
`,
        correct: `token := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
`,
      },
      {
        language: 'Java',
        reading: "`SignatureAlgorithm.HS*`, `Jwts.SIG.HS*`, `Algorithm.HMAC*` and `MacAlgorithm.HS*` on the line naming them; a jjwt HMAC key with no named algorithm, on the builder or parser; `NimbusJwtDecoder.withSecretKey` (HS256 by default). Nimbus: `JWSAlgorithm.HS*` in a `JWSHeader` or `JWSVerificationKeySelector` on its line; a `MACVerifier` (it accepts any HS* variant) and a `MACSigner` no token of the file uses, on `new`. Spring's encoder: `JwsHeader.with(MacAlgorithm.HS*)` on its line, and `new NimbusJwtEncoder(` over an `ImmutableSecret` or an `OctetSequenceKey` without `algorithm(...)` (HMAC by key type). Kotlin reads the same calls (`NimbusJwtDecoder.withSecretKey(SecretKeySpec(secret.toByteArray(), \"HmacSHA256\"))`).",
        incorrect: `JwtParser parser = Jwts.parserBuilder().setSigningKey(secretKey).build();
`,
        correct: `JwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwksUri).build();
`,
      },
      {
        language: 'C#',
        reading: "`SecurityAlgorithms.HmacSha256/384/512` (and the `...Signature` forms) on its line, also in `SigningCredentials` handed to options and used to sign in another file; a `SymmetricSecurityKey` verifier without `ValidAlgorithms`, at `.AddJwtBearer(` or the `ValidateToken` call, configuration-driven schemes with `SigningKeys` included. jwt-dotnet `new HMACSHA256Algorithm()` (384/512) and 1.x `JwtHashAlgorithm.HS256` on their lines; an `HMACSHAAlgorithmFactory` verifier at the call.",
        incorrect: `var credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
`,
        correct: `var credentials = new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256);
`,
      },
    ],
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
      'Severity is the key\'s blast radius, from the estate (units are folders with a manifest, compose services and Kubernetes workloads): low where one unit holds the key and both signs and verifies with it (a legitimate design while the key stays there; the message says so), high where other units hold the same key (same variable, value, compose injection or secretKeyRef; the message names them), medium where the unit only verifies (its issuer, outside the scan, holds the key too), and low where the unit only signs and no verifier is seen or the key cannot be traced to a unit. A shared configuration package that only reads the variable for its callers is not a holder. Keys are linked within one scan root; two repositories are never compared. Encrypted session JWTs (JWE, e.g. next-auth sessions) are not reported. Algorithms computed at run time are not resolved.',
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
