import { defineRule } from '../src/rule-api.js';
import type { RuleReport, UnsafeOption } from '../src/rule-api.js';

// The switch an option turns off, by the option's own name (the last segment of `option`).
const DISABLED_CHECK_MESSAGES: Record<string, string> = {
  allowInsecureKeySizes: 'insecureKeySizes',
  allowInvalidAsymmetricKeyTypes: 'invalidKeyTypes',
};

function settingOf(option: UnsafeOption): string {
  return option.option.slice(option.option.lastIndexOf('.') + 1);
}

export default defineRule({
  id: 'insecure-key-options',
  description: 'Finds library options that switch key safety checks off, and verification options placed where the library ignores them.',
  severity: 'high',
  severityReason: 'the key material or option lets an attacker pick how tokens are checked',
  securitySeverity: 7.4,
  confidence: 'high',
  scope: 'file',
  standards: {
    nhi: ['NHI4'],
    csf: ['PR.AA-03', 'PR.PS-01'],
    cwe: ['CWE-326', 'CWE-345'],
  },
  messages: {
    insecureKeySizes:
      '`{{option}}: true` lets `{{api}}` sign with RSA keys shorter than 2048 bits, which RFC 7518 §3.3 forbids and which are far cheaper to break. Remove the option and sign with a key of at least 2048 bits.',
    invalidKeyTypes:
      '`{{option}}: true` switches off the check in `{{api}}` that the key type matches the algorithm, the guard against key confusion and legacy key types. Remove the option and give each algorithm a key of its own type.',
    ignoredOption:
      '{{library}} overwrites `{{option}}` with its own top-level `{{setting}}` option, so this value is silently dropped and the check it asks for never runs. Move `{{setting}}` up to the top level of the `{{api}}` options.',
  },
  remediation:
    'Delete `allowInsecureKeySizes` and `allowInvalidAsymmetricKeyTypes`, sign with RSA keys of at least 2048 bits (or EC/EdDSA keys) whose type matches the pinned algorithm, and set `algorithms`/`audience`/`issuer` where the library actually reads them.',
  references: [
    { title: 'RFC 7518 §3.3: RSASSA-PKCS1-v1_5 keys of 2048 bits or larger', url: 'https://www.rfc-editor.org/rfc/rfc7518#section-3.3' },
    { title: 'RFC 8725 §3.1: each key used with exactly one algorithm', url: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.1' },
    { title: 'jsonwebtoken sign options (`allowInsecureKeySizes`, `allowInvalidAsymmetricKeyTypes`)', url: 'https://github.com/auth0/node-jsonwebtoken#jwtsignpayload-secretorprivatekey-options-callback' },
    { title: 'jsonwebtoken GHSA-8cf7-32gw-wr33 (CVE-2022-23539, unrestricted key type)', url: 'https://github.com/auth0/node-jsonwebtoken/security/advisories/GHSA-8cf7-32gw-wr33' },
    { title: 'passport-jwt 4.0.1 lib/strategy.js: `jsonWebTokenOptions` overwritten by the top-level audience/issuer/algorithms', url: 'https://unpkg.com/passport-jwt@4.0.1/lib/strategy.js' },
    { title: 'OWASP NHI4:2025 Insecure Authentication', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/4-insecure-authentication/' },
  ],
  options: {},
  docs: {
    languages: [
      {
        language: 'Python',
        reading: "No PyJWT option switches a key check off; the rule reports nothing in Python.",
      },
      {
        language: 'Go',
        reading: "golang-jwt has no such options; the rule reports nothing in Go.",
      },
      {
        language: 'Java',
        reading: "No Java option is read by this rule yet.",
      },
      {
        language: 'C#',
        reading: "No .NET option is read by this rule yet.",
      },
    ],
    whyItMatters:
      'jsonwebtoken 9 refuses RSA signing keys under 2048 bits and keys whose type does not fit the algorithm, the fixes for CVE-2022-23539 and the key-confusion family. `allowInsecureKeySizes` and `allowInvalidAsymmetricKeyTypes` turn those guards off for every token the call (or a configure-once module, middleware or strategy that hands its options to jsonwebtoken) signs or verifies. A quieter variant of the same failure is an option the library drops: passport-jwt copies `jsonWebTokenOptions` and then overwrites its `algorithms`, `audience` and `issuer` with the top-level values, so a check written only there never runs while the code looks safe.',
    incorrect: `import jwt from 'jsonwebtoken';

export function issueToken(user, privateKey) {
  return jwt.sign({ sub: user.id }, privateKey, {
    algorithm: 'RS256',
    expiresIn: '15m',
    allowInsecureKeySizes: true,
  });
}
`,
    correct: `import jwt from 'jsonwebtoken';

export function issueToken(user, privateKey) {
  return jwt.sign({ sub: user.id }, privateKey, {
    algorithm: 'RS256',
    expiresIn: '15m',
  });
}
`,
    remediation:
      'Remove both switches and replace any RSA key under 2048 bits (or move to ES256/EdDSA); if a legacy key type needs the switch, rotate the key instead. For passport-jwt, write `algorithms`, `audience` and `issuer` at the top level of the strategy options and keep only other jsonwebtoken options (`maxAge`, `clockTolerance`) in `jsonWebTokenOptions`.',
    limitations:
      'Only a literal `true` (directly, through a constant, a spread or an imported options object) is reported; `false` and values computed at run time (an environment flag) are not judged, to keep the rule precise. Options are read only where jsonwebtoken receives them: its own sign/verify calls, @nestjs/jwt `signOptions`/`verifyOptions` and `JwtService` calls, express-jwt and koa-jwt options, and passport-jwt `jsonWebTokenOptions`. `allowInsecureKeySizes` on a verifier is not reported because jsonwebtoken verify never checks the key size; libraries without these switches (jose, @fastify/jwt) are not judged. The installed library version is not considered (`vulnerable-library` covers jsonwebtoken < 9, which has no key checks at all). An overwritten passport-jwt `jsonWebTokenOptions.audience`/`issuer`/`algorithms` is reported only when the top level does not set the same option; the missing check itself is also reported on the strategy by `missing-audience`, `missing-issuer` or `unpinned-algorithm`. An overwritten `jsonWebTokenOptions.ignoreExpiration` is not reported: dropping it keeps the expiry check on.',
  },
  check({ facts }) {
    const reports: RuleReport[] = [];
    for (const option of facts.unsafeOptions) {
      const setting = settingOf(option);
      if (option.kind === 'ignored') {
        reports.push({
          loc: option.loc,
          messageId: 'ignoredOption',
          data: { option: option.option, setting, library: option.library, api: option.api },
          // A dropped allowlist leaves the algorithm unpinned (high); a dropped audience or
          // issuer check weighs what `missing-audience`/`missing-issuer` weigh.
          ...(setting === 'algorithms'
            ? { extraCwe: ['CWE-757' as const], severityReason: 'the dropped allowlist leaves the algorithm to the token' }
            : { severity: 'medium' as const, severityReason: `a dropped ${setting} check weighs what a missing one does` }),
        });
        continue;
      }
      const messageId = DISABLED_CHECK_MESSAGES[setting];
      if (!messageId) continue;
      reports.push({
        loc: option.loc,
        messageId,
        data: { option: option.option, api: option.api },
        ...(messageId === 'invalidKeyTypes' ? { extraCwe: ['CWE-347' as const] } : {}),
      });
    }
    return reports;
  },
});
