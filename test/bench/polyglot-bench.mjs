#!/usr/bin/env node
// Polyglot section of `npm run bench` (bench.mjs): what Python, Go, Java, Kotlin and C# cost next to JS/TS.
// Generated services in each language, every file using its JWT library (the worst case:
// every file passes the prefilter and is parsed), give the cost per MB scanned; a JS/TS
// repository scanned alone and again with as many Python and Go files that use no JWT
// library shows what a repository without Python or Go JWT code pays (the prefilter only).
// In process, through dist/ (run `npm run build` first), median of `reps` scans after one
// warm-up scan that loads the grammars (timed apart). Runs alone too:
// `node test/bench/polyglot-bench.mjs [files per language]`.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runScan } from '../../dist/src/engine/run.js';

/** Filler that makes a file look like a service module: the parse has real work to do. */
function filler(lang, i, lines) {
  const out = [];
  for (let k = 0; k < lines; k++) {
    if (lang === 'py') out.push(`def helper_${i}_${k}(items, factor=${k}):\n    total = 0\n    for item in items:\n        if item.get("active"):\n            total += item["amount"] * factor\n    return {"id": ${i}, "total": total}\n`);
    else if (lang === 'go') out.push(`func helper${i}x${k}(items []map[string]int, factor int) int {\n\ttotal := 0\n\tfor _, item := range items {\n\t\tif item["active"] == 1 {\n\t\t\ttotal += item["amount"] * factor\n\t\t}\n\t}\n\treturn total + ${k}\n}\n`);
    else if (lang === 'java') out.push(`    static java.util.Map<String, Integer> helper${i}x${k}(java.util.List<java.util.Map<String, Integer>> items, int factor) {\n        int total = 0;\n        for (var item : items) {\n            if (item.get("active") == 1) total += item.get("amount") * factor;\n        }\n        return java.util.Map.of("id", ${i}, "total", total + ${k});\n    }\n`);
    else if (lang === 'kt') out.push(`fun helper${i}x${k}(items: List<Map<String, Int>>, factor: Int = ${k}): Map<String, Int> {\n    var total = 0\n    for (item in items) {\n        if (item["active"] == 1) total += (item["amount"] ?: 0) * factor\n    }\n    return mapOf("id" to ${i}, "total" to total)\n}\n`);
    else if (lang === 'cs') out.push(`    public static int Helper${i}x${k}(System.Collections.Generic.List<System.Collections.Generic.Dictionary<string, int>> items, int factor)\n    {\n        var total = 0;\n        foreach (var item in items)\n        {\n            if (item["active"] == 1) total += item["amount"] * factor;\n        }\n        return total + ${k};\n    }\n`);
    else out.push(`export function helper${i}x${k}(items: { active: boolean; amount: number }[], factor = ${k}) {\n  let total = 0;\n  for (const item of items) {\n    if (item.active) total += item.amount * factor;\n  }\n  return { id: ${i}, total };\n}\n`);
  }
  return out.join('\n');
}

const JWT_CODE = {
  py: (i) =>
    `import os\nfrom datetime import datetime, timedelta, timezone\n\nimport jwt\n\nKEY_${i} = os.environ["JWT_SECRET_${i % 7}"]\n\n\ndef issue_${i}(sub):\n    exp = datetime.now(tz=timezone.utc) + timedelta(minutes=15)\n    return jwt.encode({"sub": sub, "exp": exp}, KEY_${i}, algorithm="HS256")\n\n\ndef check_${i}(token):\n    return jwt.decode(token, KEY_${i}, algorithms=["HS256"], audience="svc", issuer="auth")\n`,
  go: (i) =>
    `package svc${i}\n\nimport (\n\t"fmt"\n\t"os"\n\t"time"\n\n\t"github.com/golang-jwt/jwt/v5"\n)\n\nvar key${i} = []byte(os.Getenv("JWT_SECRET_${i % 7}"))\n\nfunc Issue${i}(sub string) (string, error) {\n\tclaims := jwt.RegisteredClaims{Subject: sub, ExpiresAt: jwt.NewNumericDate(time.Now().Add(15 * time.Minute))}\n\treturn jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key${i})\n}\n\nfunc Check${i}(token string) (*jwt.Token, error) {\n\treturn jwt.Parse(token, func(t *jwt.Token) (interface{}, error) {\n\t\tif _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {\n\t\t\treturn nil, fmt.Errorf("unexpected method %v", t.Header["alg"])\n\t\t}\n\t\treturn key${i}, nil\n\t}, jwt.WithValidMethods([]string{"HS256"}), jwt.WithAudience("svc"), jwt.WithIssuer("auth"))\n}\n`,
  java: (i) =>
    `package svc${i};\n\nimport io.jsonwebtoken.Claims;\nimport io.jsonwebtoken.Jwts;\nimport io.jsonwebtoken.security.Keys;\nimport java.nio.charset.StandardCharsets;\nimport java.util.Date;\nimport javax.crypto.SecretKey;\n\npublic class Tokens${i} {\n    private static final SecretKey KEY = Keys.hmacShaKeyFor(System.getenv("JWT_SECRET_${i % 7}").getBytes(StandardCharsets.UTF_8));\n\n    public static String issue(String sub) {\n        return Jwts.builder().subject(sub).expiration(new Date(System.currentTimeMillis() + 900_000)).signWith(KEY).compact();\n    }\n\n    public static Claims check(String token) {\n        return Jwts.parser().verifyWith(KEY).requireAudience("svc").requireIssuer("auth").build().parseSignedClaims(token).getPayload();\n    }\n`,
  kt: (i) =>
    `package svc${i}\n\nimport io.jsonwebtoken.Claims\nimport io.jsonwebtoken.Jwts\nimport io.jsonwebtoken.security.Keys\nimport java.util.Date\n\nprivate val key${i} = Keys.hmacShaKeyFor(System.getenv("JWT_SECRET_${i % 7}").toByteArray())\n\nfun issue${i}(sub: String): String =\n    Jwts.builder().subject(sub).expiration(Date(System.currentTimeMillis() + 900_000)).signWith(key${i}).compact()\n\nfun check${i}(token: String): Claims =\n    Jwts.parser().verifyWith(key${i}).requireAudience("svc").requireIssuer("auth").build().parseSignedClaims(token).payload\n`,
  cs: (i) =>
    `using System;\nusing System.IdentityModel.Tokens.Jwt;\nusing System.Security.Claims;\nusing System.Text;\nusing Microsoft.IdentityModel.Tokens;\n\nnamespace Svc${i};\n\npublic static class Tokens${i}\n{\n    private static readonly SymmetricSecurityKey Key = new(Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("JWT_SECRET_${i % 7}")!));\n\n    public static string Issue(string sub)\n    {\n        var token = new JwtSecurityToken("auth", "svc", new[] { new Claim("sub", sub) }, expires: DateTime.UtcNow.AddMinutes(15), signingCredentials: new SigningCredentials(Key, SecurityAlgorithms.HmacSha256));\n        return new JwtSecurityTokenHandler().WriteToken(token);\n    }\n\n    public static ClaimsPrincipal Check(string token) =>\n        new JwtSecurityTokenHandler().ValidateToken(token, new TokenValidationParameters { ValidIssuer = "auth", ValidAudience = "svc", IssuerSigningKey = Key, ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 } }, out _);\n`,
  ts: (i) =>
    `import jwt from 'jsonwebtoken';\n\nconst key${i} = process.env.JWT_SECRET_${i % 7}!;\n\nexport function issue${i}(sub: string) {\n  return jwt.sign({ sub }, key${i}, { algorithm: 'HS256', expiresIn: '15m' });\n}\n\nexport function check${i}(token: string) {\n  return jwt.verify(token, key${i}, { algorithms: ['HS256'], audience: 'svc', issuer: 'auth' });\n}\n`,
};

const PLAIN_HEAD = { py: () => 'import os\n\n', go: (i) => `package util${i}\n\n`, java: (i) => `package util${i};\n\npublic class Util${i} {\n`, kt: (i) => `package util${i}\n\n`, cs: (i) => `namespace Util${i};\n\npublic static class Util${i}\n{\n`, ts: () => '' };
/** The closing brace of the class that Java and C# members live in. */
const TAIL = { py: '', go: '', java: '}\n', kt: '', cs: '}\n', ts: '' };
/** The languages read by tree-sitter front ends, each measured against JS/TS. */
const OTHER = ['py', 'go', 'java', 'kt', 'cs'];
const EXT = { py: 'py', go: 'go', java: 'java', kt: 'kt', cs: 'cs', ts: 'ts' };

/** `files` modules of one language in `root/<lang>/`; `jwt` decides whether each uses the JWT library. Returns the bytes written. */
function generate(root, lang, files, jwt) {
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const text = `${jwt ? JWT_CODE[lang](i) : PLAIN_HEAD[lang](i)}\n${filler(lang, i, 12)}${TAIL[lang]}`;
    const dir = join(root, lang, `m${i}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `mod.${EXT[lang]}`), text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

async function scan(root) {
  return runScan({ cwd: root, paths: [root], maxExpirySeconds: 86400, ignore: [], disabledRules: [] });
}

async function timed(root, reps) {
  const runs = [];
  let result;
  for (let r = 0; r < reps; r++) {
    const started = performance.now();
    result = await scan(root);
    runs.push(performance.now() - started);
  }
  runs.sort((a, b) => a - b);
  return { ms: runs[Math.floor(runs.length / 2)], result };
}

/** Runs the section; `detail` receives the report lines. Returns the measurements. */
export async function polyglotBench(files, detail, { reps = 3 } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'jwtlint-polyglot-'));
  const out = { files, languages: [], jsOnly: null, grammarLoadMs: null };
  try {
    const empty = join(work, 'empty');
    mkdirSync(empty);
    // Warm-up: loads every grammar once (the cost a first file of each language pays), then the empty baseline.
    const warm = join(work, 'warm');
    for (const lang of OTHER) generate(warm, lang, 1, true);
    const loadStarted = performance.now();
    await scan(warm);
    out.grammarLoadMs = performance.now() - loadStarted;
    const base = (await timed(empty, reps)).ms;

    for (const lang of ['ts', ...OTHER]) {
      const root = join(work, `all-${lang}`);
      const bytes = generate(root, lang, files, true);
      const { ms, result } = await timed(root, reps);
      const mb = bytes / 1e6;
      out.languages.push({ lang, files, mb, ms, msPerMb: (ms - base) / mb, parsed: result.stats.filesParsed, findings: result.findings.length });
    }

    // A JS/TS repository, then the same with Python, Go, Java, Kotlin and C# files that use no JWT library.
    const jsRoot = join(work, 'js-only');
    const jsBytes = generate(jsRoot, 'ts', files, false) + generate(jsRoot, 'ts', Math.ceil(files / 10), true);
    const jsAlone = await timed(jsRoot, reps);
    const mixedRoot = join(work, 'js-plus-other');
    generate(mixedRoot, 'ts', files, false);
    generate(mixedRoot, 'ts', Math.ceil(files / 10), true);
    let otherBytes = 0;
    for (const lang of OTHER) otherBytes += generate(mixedRoot, lang, files, false);
    const mixed = await timed(mixedRoot, reps);
    out.jsOnly = {
      jsMb: jsBytes / 1e6,
      otherMb: otherBytes / 1e6,
      aloneMs: jsAlone.ms,
      withOtherMs: mixed.ms,
      otherParsed: mixed.result.stats.parsedByLanguage ?? {},
      aloneParsedByLanguage: jsAlone.result.stats.parsedByLanguage ?? {},
    };

    detail(`polyglot section: ${files} generated modules per language, every one using its JWT library (all parsed); median of ${reps}, in process`);
    detail(`  grammar start-up (first scan with one file of each language, every grammar loaded): ${out.grammarLoadMs.toFixed(0)} ms; empty scan ${base.toFixed(1)} ms`);
    detail(`    ${'language'.padEnd(9)} ${'MB'.padStart(6)} ${'scan ms'.padStart(9)} ${'ms per MB'.padStart(10)} ${'parsed'.padStart(7)} ${'findings'.padStart(9)}`);
    const names = { ts: 'JS/TS', py: 'Python', go: 'Go', java: 'Java', kt: 'Kotlin', cs: 'C#' };
    for (const l of out.languages) detail(`    ${names[l.lang].padEnd(9)} ${l.mb.toFixed(2).padStart(6)} ${l.ms.toFixed(0).padStart(9)} ${l.msPerMb.toFixed(0).padStart(10)} ${String(l.parsed).padStart(7)} ${String(l.findings).padStart(9)}`);
    const j = out.jsOnly;
    detail(
      `  a JS/TS repository (${j.jsMb.toFixed(2)} MB) alone: ${j.aloneMs.toFixed(0)} ms, other languages parsed: ${JSON.stringify(j.aloneParsedByLanguage)}; ` +
        `with ${j.otherMb.toFixed(2)} MB of Python, Go, Java, Kotlin and C# that use no JWT library: ${j.withOtherMs.toFixed(0)} ms (+${(j.withOtherMs - j.aloneMs).toFixed(0)} ms: reading and the prefilter), parsed ${JSON.stringify(j.otherParsed)}`,
    );
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = Number(process.argv[2] ?? 500);
  await polyglotBench(files, (line) => console.log(line));
}
