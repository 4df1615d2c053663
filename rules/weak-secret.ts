import { defineRule, inSourceLanguage, isKnownDefaultSecret, rsaModulusBits } from '../src/rule-api.js';
import type { RuleReport, SecretUse } from '../src/rule-api.js';

// RFC 7518 §3.2: an HMAC key must be at least as long as the hash output.
const REQUIRED_BYTES: Record<string, number> = { HS256: 32, HS384: 48, HS512: 64 };
// RFC 7518 §3.3: the smallest RSA key for RS256/384/512 and PS256/384/512.
const MIN_RSA_BITS = 2048;

function requiredBytes(algorithms: string[]): { bytes: number; algorithm: string } {
  let best = { bytes: REQUIRED_BYTES.HS256!, algorithm: 'HS256' };
  for (const name of algorithms) {
    const bytes = REQUIRED_BYTES[name.toUpperCase()];
    if (bytes !== undefined && bytes > best.bytes) best = { bytes, algorithm: name.toUpperCase() };
  }
  return best;
}

function shannonBitsPerChar(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...text].length;
  let bits = 0;
  for (const c of counts.values()) bits -= (c / n) * Math.log2(c / n);
  return bits;
}

function shortestPeriod(text: string): number {
  for (let p = 1; p <= text.length / 2; p++) {
    let periodic = true;
    for (let i = p; i < text.length && periodic; i++) periodic = text[i] === text[i - p];
    if (periodic) return p;
  }
  return text.length;
}

/**
 * Deliberately conservative: random base62/base64/hex keys score 3.5+ bits per character, so
 * only text built from a handful of symbols or a short repeated pattern is called low-entropy.
 */
function isLowEntropy(text: string): boolean {
  if (text.length < 8) return false;
  return shannonBitsPerChar(text) < 2.5 || shortestPeriod(text) <= 8;
}

/** A CSPRNG call of `bytes` bytes in the file's language (config files get Node's, the usual generator in these estates). */
function generator(file: string, bytes: number): string {
  return inSourceLanguage(file, { javascript: `\`crypto.randomBytes(${bytes})\``, python: `\`secrets.token_bytes(${bytes})\``, go: `${bytes} bytes from \`crypto/rand.Read\``, java: `${bytes} bytes from \`SecureRandom\``, csharp: `\`RandomNumberGenerator.GetBytes(${bytes})\`` });
}

function judge(use: SecretUse): RuleReport | null {
  const { material } = use;
  const evidence = { kind: 'secret' as const, material };
  if (material.form === 'pem-private' || material.form === 'jwk-private') {
    // RFC 7518 §3.3: RSA keys for RS*/PS* must have 2048 bits or more. Other private keys
    // (EC curves, Ed25519) have fixed, adequate sizes.
    const bits = rsaModulusBits(material.text);
    return bits !== null && bits < MIN_RSA_BITS ? { loc: material.loc, messageId: 'rsaTooSmall', data: { bits }, evidence } : null;
  }
  if (isKnownDefaultSecret(material.text)) {
    return { loc: material.loc, messageId: 'knownDefault', evidence };
  }
  const { bytes, algorithm } = requiredBytes(use.algorithms);
  if (material.byteLength < bytes) {
    return {
      loc: material.loc,
      messageId: 'tooShort',
      data: { bytes: material.byteLength, required: bytes, algorithm, generator: generator(material.loc.file, bytes) },
      evidence,
    };
  }
  if (isLowEntropy(material.text)) return { loc: material.loc, messageId: 'lowEntropy', data: { generator: generator(material.loc.file, 32) }, evidence };
  return null;
}

export default defineRule({
  id: 'weak-secret',
  description: 'Finds JWT keys too weak to trust: HMAC secrets shorter than the algorithm requires, low in entropy or copied from documentation, and RSA private keys under 2048 bits.',
  severity: 'high',
  severityReason: 'a short or guessable key can be brute-forced offline from one token',
  securitySeverity: 7.5,
  confidence: 'high',
  scope: 'file',
  standards: {
    nhi: ['NHI4', 'NHI2'],
    csf: ['PR.AA-03', 'PR.AA-01'],
    csf11: ['PR.AC-7'],
    cwe: ['CWE-326', 'CWE-331', 'CWE-1394'],
  },
  messages: {
    tooShort:
      'This HMAC key has {{bytes}} bytes but {{algorithm}} needs at least {{required}} (RFC 7518 §3.2), so captured tokens can be brute-forced offline. Use {{required}} or more random bytes, e.g. {{generator}}.',
    knownDefault:
      'This HMAC key is a well-known example value that attackers try first. Replace it with a random key of at least 32 bytes kept outside the source code.',
    lowEntropy:
      'This HMAC key is long enough but is built from very few distinct characters or a short repeated pattern, so it is easy to guess. Replace it with random bytes, e.g. {{generator}}.',
    rsaTooSmall:
      'This RSA private key has a {{bits}}-bit modulus; RFC 7518 §3.3 requires at least 2048 bits for RS256/PS256 and their siblings, and keys this small are within reach of factoring. Generate a new key of 3072 bits (or an EC P-256 key), publish its public half through JWKS, and keep the private key out of the repository.',
  },
  remediation:
    'Generate HMAC keys with a CSPRNG at the algorithm\'s size (32 bytes for HS256, 48 for HS384, 64 for HS512), keep them in a secret manager, or move to an asymmetric key pair held by the issuer with verifiers using its JWKS.',
  references: [
    { title: 'RFC 7518 §3.2: HMAC with SHA-2 Functions (key size)', url: 'https://www.rfc-editor.org/rfc/rfc7518#section-3.2' },
    { title: 'RFC 8725 §2.2 and §3.5: weak symmetric keys', url: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.5' },
    { title: 'RFC 7518 §3.3: RSA key size for RS256/384/512', url: 'https://www.rfc-editor.org/rfc/rfc7518#section-3.3' },
    { title: 'OWASP JSON Web Token Cheat Sheet', url: 'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html' },
    { title: 'CWE-326: Inadequate Encryption Strength', url: 'https://cwe.mitre.org/data/definitions/326.html' },
  ],
  options: {},
  docs: {
    languages: [
      {
        language: 'Python',
        reading: "A literal PyJWT key (or literal environment fallback) that is short, low in entropy or a known default (`secret`, `changeme`, framework sample keys), on the literal's line.",
        incorrect: `token = jwt.encode(claims, "secret", algorithm="HS256")
`,
        correct: `token = jwt.encode(claims, os.environ["JWT_SECRET"], algorithm="HS256")  # 32+ random bytes
`,
      },
      {
        language: 'Go',
        reading: "A literal key of any Go JWT library (`[]byte(\"secret\")`, a getenv or viper fallback) that is short, low in entropy or a known default, on the literal's line; a `t.Method.(*jwt.SigningMethodHMAC)` family check is measured against HS256's 32 bytes.",
        incorrect: `signed, err := token.SignedString([]byte("secret"))
`,
        correct: `signed, err := token.SignedString([]byte(os.Getenv("JWT_SECRET"))) // 32+ random bytes
`,
      },
      {
        language: 'Java',
        reading: "A literal key measured as the library uses it (jjwt 0.9 Base64-decodes `String` keys) that is short, low in entropy or a known default, on the literal's line. Kotlin literals are measured the same way (`String.toByteArray()` is the UTF-8 bytes).",
        incorrect: `Algorithm algorithm = Algorithm.HMAC256("secret");
`,
        correct: `Algorithm algorithm = Algorithm.HMAC256(System.getenv("JWT_SECRET")); // 32+ random bytes
`,
      },
      {
        language: 'C#',
        reading: "The same literals measured in bytes (decoded for base64), short, low in entropy or a known default; JwtBearer `SigningKeys` values are measured after their base64 decoding.",
        incorrect: `private const string Key = "my-secret-key";
`,
        correct: `// Jwt__Key: 32+ random bytes from RandomNumberGenerator.GetBytes(32), kept in a secret store
`,
      },
    ],
    whyItMatters:
      'An HS256 token is an offline guessing oracle: anyone who sees one token can test candidate keys against its signature at billions of guesses per second, with no rate limit and no log entry. Short keys, human-memorable phrases and values copied from tutorials fall quickly, and the attacker can then mint tokens for any user. RFC 7518 §3.2 therefore requires a key at least as long as the hash output, and RFC 8725 §3.5 forbids human-memorable passwords as HMAC keys.',
    incorrect: `import jwt from 'jsonwebtoken';

export function issueToken(userId) {
  return jwt.sign({ sub: userId }, 'changeme', { algorithm: 'HS256', expiresIn: '15m' });
}
`,
    correct: `import jwt from 'jsonwebtoken';

// 32 random bytes, generated with: node -e "console.log(crypto.randomBytes(32).toString('base64'))"
const key = Buffer.from(process.env.JWT_SECRET_B64, 'base64');

export function issueToken(userId) {
  return jwt.sign({ sub: userId }, key, { algorithm: 'HS256', expiresIn: '15m' });
}
`,
    remediation:
      'Generate the key with a CSPRNG (`crypto.randomBytes(32)` for HS256, 48 for HS384, 64 for HS512, or jose\'s `generateSecret`) and load it from a secret manager. Where several services verify tokens, switch to an asymmetric algorithm so that only the issuer holds signing material.',
    limitations:
      'Only literal keys are measured; keys read from the environment are not. The entropy test is deliberately conservative (few distinct characters, or a short repeated pattern), so a long English passphrase is not reported unless it is on the known-default list. RSA keys are measured when the private key itself is written in the repository (PEM, or an RSA JWK given whole); public keys and encrypted PEMs are not.',
  },
  check({ facts }) {
    return facts.secrets.map(judge).filter((r): r is RuleReport => r !== null);
  },
});
