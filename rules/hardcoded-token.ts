import { defineRule } from '../src/rule-api.js';
import type { RuleReport, TokenLiteral } from '../src/rule-api.js';

function describeAlg(token: TokenLiteral): string {
  const alg = token.header['alg'];
  return typeof alg === 'string' && /^[A-Za-z0-9+-]{1,16}$/.test(alg) ? alg : 'unknown';
}

function judge(token: TokenLiteral): RuleReport {
  const evidence = { kind: 'token' as const, token };
  if (token.unsigned || describeAlg(token).toLowerCase() === 'none') {
    return { loc: token.loc, messageId: 'unsignedToken', severity: 'high', severityReason: 'the token is unsigned, so it shows a verifier that accepts `none` a ready-made forgery', evidence };
  }
  const exp = token.payload?.['exp'];
  if (token.payload && typeof exp !== 'number') {
    return { loc: token.loc, messageId: 'neverExpires', data: { alg: describeAlg(token) }, severity: 'high', severityReason: 'the token has no `exp`, so it stays valid until its key is rotated', evidence };
  }
  return { loc: token.loc, messageId: 'token', data: { alg: describeAlg(token) }, evidence };
}

export default defineRule({
  id: 'hardcoded-token',
  description: 'Finds JSON Web Tokens written literally into source, tests or configuration.',
  severity: 'medium',
  severityReason: 'a token in the source may still be valid for whoever reads it',
  securitySeverity: 6.8,
  confidence: 'high',
  scope: 'file',
  standards: {
    nhi: ['NHI2'],
    csf: ['PR.AA-01', 'PR.DS-01'],
    cwe: ['CWE-798', 'CWE-522'],
  },
  messages: {
    token:
      'A JWT signed with {{alg}} is written here; if a real environment issued it, it is a bearer credential for anyone who reads the repository. Remove it, rotate the key that signed it, and mint test tokens at run time.',
    neverExpires:
      'A JWT signed with {{alg}} and without an `exp` claim is written here: it stays valid until its signing key is rotated. Remove it, rotate the key that signed it, and mint short-lived tokens at run time instead.',
    unsignedToken:
      'An unsigned JWT (`alg: none`) is written here; any service that accepts it can be impersonated by editing it. Remove it, and if a test needs one, build it in the test to assert that it is rejected.',
  },
  remediation:
    'Do not commit tokens: generate them at run time (in tests, with a throwaway key pair and short `expiresIn`), pass real ones through secret storage, and rotate the signing key of any real token that was committed.',
  references: [
    { title: 'OWASP NHI2:2025 Secret Leakage', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/2-secret-leakage/' },
    { title: 'OWASP Secrets Management Cheat Sheet', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html' },
    { title: 'gitleaks JWT rule', url: 'https://github.com/gitleaks/gitleaks/blob/master/cmd/generate/config/rules/jwt.go' },
    { title: 'RFC 7519 §4.1.4: "exp" (Expiration Time) Claim', url: 'https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4' },
  ],
  options: {},
  docs: {
    languages: [
      {
        language: 'Python',
        reading: "A JWT in any Python string literal, f-strings included, whatever the file imports, on the line where the token starts.",
      },
      {
        language: 'Go',
        reading: "A JWT in any Go string literal (interpreted or raw), whatever the file imports, on the line where the token starts.",
        incorrect: `const deployToken = "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjaS1kZXBsb3llciJ9.Oe5pv_MoEih4pvdf"
`,
        correct: `deployToken := os.Getenv("DEPLOY_TOKEN") // minted by the pipeline, never committed
`,
      },
      {
        language: 'Java',
        reading: "A JWT in any Java string literal, on the line where the token starts. Kotlin string literals too, raw strings included.",
      },
      {
        language: 'C#',
        reading: "A JWT in any C# string literal, on the line where the token starts.",
      },
    ],
    whyItMatters:
      'A JWT is a bearer credential: whoever presents it is treated as its subject. Tokens pasted into load-test scripts, Postman collections, seed scripts and mocks are frequently real ones copied from a browser or a staging system, and tokens without `exp` never stop working. Unlike a password a token cannot be changed; only rotating the signing key invalidates it.',
    incorrect: `export const ADMIN_TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiJ9.j0Oqs4BJVooT4Juha2HL3PF7j12yh8ayoYZW2YSVi3w';

export function adminHeaders() {
  return { Authorization: \`Bearer \${ADMIN_TOKEN}\` };
}
`,
    correct: `import { SignJWT } from 'jose';

export async function adminHeaders(testKey) {
  const token = await new SignJWT({ role: 'admin' })
    .setProtectedHeader({ alg: 'ES256' })
    .setSubject('admin')
    .setExpirationTime('5m')
    .sign(testKey);
  return { Authorization: \`Bearer \${token}\` };
}
`,
    remediation:
      'Delete the literal and rotate the key that signed it if it came from a real environment. In tests, generate a key pair per run (`generateKeyPair`) and mint tokens with a lifetime of minutes; for manual tools, read the token from an environment variable or the tool\'s secret store.',
    limitations:
      'Only text that decodes to a JWT header with `alg` is reported, so opaque tokens and base64url cursors are not. Whether the token is still valid or came from a real environment cannot be known; expired test tokens are reported at the default severity.',
  },
  check({ facts }) {
    return facts.tokens.map(judge);
  },
});
