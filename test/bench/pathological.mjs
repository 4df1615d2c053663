// Pathological files of `npm run bench`: one generated file per case, each scanned by the
// CLI in a child process of its own (bench.mjs). Target: each case under 1 s of wall time
// beyond the start-up of a scan of an empty folder. To add a case, add a row to CASES:
//
//   name          short label printed in the tables
//   file          file name written into the case's own temp folder
//   what          one line saying what the file holds
//   generate(n)   { text, statements } for n repetitions (statements: what µs/statement divides by)
//   expect        { min, rule? }: at least `min` findings (of `rule` when given); a smaller count is flagged
//   alsoText      optional: also time the scan written as a text report (code frames), at both sizes
//
// Every generator is deterministic, so the files are byte-identical between runs.

export const SIZE = 20_000;

/** The statement count of a function body: one per line that `generate` adds. */
function fileOf(header, bodyLines, footer = '}\n') {
  return { text: `${header}${bodyLines.join('\n')}\n${footer}`, statements: bodyLines.length };
}

const VERIFIED = [0, 7, 4321, 12345, 19999];

export const CASES = [
  {
    name: '20,000 decodes',
    file: 'decodes.js',
    what: 'one exported function: `const p${i} = jwt.decode(t${i});` 20,000 times, five of the tokens verified (RS256, audience, issuer)',
    generate(n = SIZE) {
      const body = [];
      for (let i = 0; i < n; i++) body.push(`  const p${i} = jwt.decode(t${i});`);
      for (const i of VERIFIED.filter((v) => v < n)) body.push(`  jwt.verify(t${i}, key, { algorithms: ['RS256'], audience: 'api', issuer: 'https://issuer' });`);
      return fileOf("import jwt from 'jsonwebtoken';\n\nexport function handler(key) {\n", body);
    },
    expect: (n = SIZE) => ({ min: n - VERIFIED.filter((v) => v < n).length, rule: 'decode-without-verify' }),
  },
  {
    name: '20,000 signs',
    file: 'signs.js',
    what: 'one function: 20,000 `jwt.sign({ sub }, key, { algorithm, expiresIn })`, the key in turn process.env.JWT_KEY, a const and a config member read from the environment; lifetimes a literal, a number or a config member',
    generate(n = SIZE) {
      // Short lines: the file must stay under the 2 MB --max-file-size default (else it is skipped, not scanned).
      const keys = ['process.env.JWT_KEY', 'SECRET', 'cfg.jwt.key'];
      const body = [];
      for (let i = 0; i < n; i++) {
        const key = keys[i % 3];
        const expiresIn = i % 3 === 0 ? "'15m'" : i % 5 === 0 ? '900' : 'cfg.jwt.ttl';
        const algorithm = i % 2 ? 'HS256' : 'HS512';
        body.push(`  jwt.sign({ sub: 'u${i}' }, ${key}, { algorithm: '${algorithm}', expiresIn: ${expiresIn} });`);
      }
      const header =
        "import jwt from 'jsonwebtoken';\n\n" +
        'const SECRET = process.env.JWT_SECRET;\n' +
        "const cfg = { jwt: { key: process.env.JWT_KEY, ttl: '15m' } };\n\n" +
        'export function issueAll() {\n';
      return fileOf(header, body);
    },
    // Measured: one symmetric-algorithm finding per call (HS256/HS512), nothing else.
    expect: (n = SIZE) => ({ min: n, rule: 'symmetric-algorithm' }),
  },
  {
    name: '20,000 findings',
    // Also written as a text report: one code frame per finding.
    alsoText: true,
    file: 'findings.js',
    what: 'one function cycling through 7 statements that give 15 findings of 12 rules (hard-coded and weak keys, no expiry, long expiry, alg none, web storage, token literals, ignoreExpiration...), to about 20,000 findings',
    generate(n = SIZE) {
      const shapes = [
        (i) => `  jwt.verify(tok, 'hardcoded-literal-${i}');`, // hardcoded-secret, weak-secret, unpinned-algorithm, symmetric-algorithm, missing-audience, missing-issuer
        (i) => `  jwt.sign({ sub: 'u${i}' }, 'hardcoded-literal-${i}');`, // hardcoded-secret, weak-secret, symmetric-algorithm, no-expiry
        (i) => `  jwt.sign({ sub: 'u${i}' }, process.env.JWT_KEY, { algorithm: 'RS256', expiresIn: '${400 + (i % 1000)}d' });`, // long-expiry
        (i) => `  jwt.verify(tok, pub, { algorithms: ['none', 'RS256'], audience: 'a${i}', issuer: 'i' });`, // alg-none
        (i) => `  localStorage.setItem('jwt${i}', tok);`, // token-in-web-storage
        (i) => `  const k${i} = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1${i}In0.c2lnbmF0dXJlLXZhbHVlLWhlcmU';`, // hardcoded-token
        (i) => `  jwt.verify(tok, pub, { algorithms: ['RS256'], ignoreExpiration: true, audience: 'a${i}', issuer: 'i' });`, // expiry-not-enforced
      ];
      const perCycle = 15;
      const body = [];
      for (let i = 0; i * perCycle < n; i++) for (const shape of shapes) body.push(shape(i));
      return fileOf("import jwt from 'jsonwebtoken';\n\nexport function all(tok, pub) {\n", body);
    },
    expect: (n = SIZE) => ({ min: Math.floor(n * 0.95) }),
  },
];
