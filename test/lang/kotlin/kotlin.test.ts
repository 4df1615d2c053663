// The Kotlin front end (src/lang/kotlin/): the grammar loads, files are kinded, and the Java
// library models read Kotlin syntax (string templates, `const val`, companion objects, top-level
// and cross-file constants, `?:` fallbacks, `@Value("\${…}")` constructor parameters).
import { beforeAll, describe, expect, it } from 'vitest';
import { fileKindOf } from '../../../src/discover/file-kind.js';
import type { LanguageSources } from '../../../src/lang/front-end.js';
import { frontEndFor } from '../../../src/lang/index.js';
import { extractKotlinFacts, isKotlinTestPath } from '../../../src/lang/kotlin/extract-kotlin.js';
import { loadKotlinParser, parseKotlin } from '../../../src/lang/kotlin/parse-kotlin.js';
import { kotlinString } from '../../../src/lang/kotlin/syntax.js';
import { scanFiles } from '../../helpers/scan.js';

beforeAll(async () => {
  await loadKotlinParser();
});

function sources(files: Record<string, string>): LanguageSources {
  const paths = Object.keys(files).filter((p) => p.endsWith('.kt')).sort();
  return { paths, text: (p) => files[p], anyText: (p) => files[p], allPaths: Object.keys(files).sort() };
}

function facts(source: string, file = 'src/main/kotlin/app/Jwt.kt', others: Record<string, string> = {}) {
  const r = extractKotlinFacts(file, source, undefined, sources({ [file]: source, ...others }));
  expect(r.problem).toBeUndefined();
  return r.facts!;
}

/** The value of the first string literal of `val x = <literal>`. */
function literal(code: string): string | null {
  const parsed = parseKotlin(`val x = ${code}\n`);
  try {
    const node = parsed.tree!.rootNode.descendantsOfType(['string_literal', 'multiline_string_literal'])[0]!;
    return kotlinString(node);
  } finally {
    parsed.tree!.delete();
  }
}

const JJWT = 'package app\n\nimport io.jsonwebtoken.Jwts\nimport io.jsonwebtoken.SignatureAlgorithm\nimport io.jsonwebtoken.security.Keys\nimport java.util.Date\n\n';
const AUTH0 = 'package app\n\nimport com.auth0.jwt.JWT\nimport com.auth0.jwt.algorithms.Algorithm\n\n';

describe('Kotlin front end', () => {
  it('reads .kt and non-Gradle .kts files; Gradle scripts are manifests or build logic', () => {
    expect(fileKindOf('src/main/kotlin/app/Jwt.kt')).toBe('kotlin');
    expect(fileKindOf('scripts/mint.main.kts')).toBe('kotlin');
    expect(fileKindOf('build.gradle.kts')).toBe('manifest');
    expect(fileKindOf('buildSrc/src/main/kotlin/conventions.gradle.kts')).toBe('other');
    expect(frontEndFor('kotlin')).toMatchObject({ language: 'Kotlin', kind: 'kotlin' });
  });

  it('test code: src/test/, *Test.kt, *Tests.kt, *Spec.kt', () => {
    expect(isKotlinTestPath('src/test/kotlin/app/JwtServiceTest.kt')).toBe(true);
    expect(isKotlinTestPath('svc/src/main/kotlin/app/JwtSpec.kt')).toBe(true);
    expect(isKotlinTestPath('src/main/kotlin/app/JwtService.kt')).toBe(false);
    expect(isKotlinTestPath('src/main/kotlin/app/Contest.kt')).toBe(false);
  });

  it('string literals: escapes and raw strings are literals, templates are not', () => {
    expect(literal('"a\\tb\\$c\\u0041"')).toBe('a\tb$cA');
    expect(literal('"""raw \\n text"""')).toBe('raw \\n text');
    expect(literal('"price: 5$"')).toBe('price: 5$');
    expect(literal('"${a}b"')).toBeNull();
    expect(literal('"key-$suffix"')).toBeNull();
    expect(literal('"""raw $x"""')).toBeNull();
  });

  it('reports the libraries a file imports, unmodelled ones included', () => {
    const r = extractKotlinFacts('A.kt', 'import io.jsonwebtoken.Jwts\nimport com.nimbusds.jwt.SignedJWT\nclass A\n');
    expect(r.libraries).toEqual([
      { name: 'jjwt', modelled: true },
      { name: 'nimbus-jose-jwt', modelled: false },
    ]);
  });

  it('jjwt sign: companion const key through toByteArray, explicit HS512, lifetime in milliseconds from a const', () => {
    const f = facts(`${JJWT}class Jwt {\n  companion object {\n    private const val KEY = "0123456789abcdef0123456789abcdef"\n    const val TTL = 3_600_000L\n  }\n  fun s(u: String): String = Jwts.builder().setSubject(u)\n    .setExpiration(Date(System.currentTimeMillis() + TTL))\n    .signWith(Keys.hmacShaKeyFor(KEY.toByteArray()), SignatureAlgorithm.HS512).compact()\n}\n`);
    const site = f.callSites[0]!;
    expect(site).toMatchObject({ library: 'jjwt', api: 'Jwts.builder', operation: 'sign', loc: { line: 13 } });
    expect(site.signAlgorithm).toMatchObject({ kind: 'explicit', values: [{ name: 'HS512', loc: { line: 15 } }] });
    expect(site.lifetime).toMatchObject({ kind: 'seconds', seconds: 3600, loc: { line: 11 } });
    expect(site.key).toMatchObject({ kind: 'hmac-secret', material: { route: 'constant', byteLength: 32, loc: { line: 10 } } });
  });

  it('kotlin.time durations: 30.days.inWholeMilliseconds is 30 days of milliseconds', () => {
    const f = facts(`${AUTH0}import java.util.Date\nimport kotlin.time.Duration.Companion.days\n\nobject T {\n  private val ttl = 30.days\n  fun s() = JWT.create().withExpiresAt(Date(System.currentTimeMillis() + ttl.inWholeMilliseconds)).sign(Algorithm.HMAC256(System.getenv("K")))\n}\n`);
    expect(f.callSites[0]!.lifetime).toMatchObject({ kind: 'seconds', seconds: 30 * 86400 });
  });

  it('a builder held in a val is followed; a builder returned unfinished leaves its lifetime unknown', () => {
    const f = facts(`${JJWT}class Jwt(private val key: javax.crypto.SecretKey) {\n  fun a(u: String): String {\n    val b = Jwts.builder().setSubject(u)\n    b.setExpiration(Date())\n    return b.signWith(key).compact()\n  }\n  fun c(u: String) = Jwts.builder().setSubject(u)\n}\n`);
    expect(f.callSites.map((s) => s.lifetime?.kind)).toEqual(['seconds', 'unknown']);
  });

  it('System.getenv(...) ?: "fallback" is an env read with a committed fallback', () => {
    const f = facts(`${AUTH0}object Tokens {\n  private val secret = System.getenv("JWT_SECRET") ?: "dev-fallback-secret"\n  fun v(t: String) = JWT.require(Algorithm.HMAC256(secret)).withIssuer("a").withAudience("b").build().verify(t)\n}\n`);
    const site = f.callSites[0]!;
    expect(site).toMatchObject({ library: 'java-jwt', api: 'JWT.require', audience: 'present', issuer: 'present' });
    expect(site.verifyAlgorithms).toMatchObject({ kind: 'explicit', values: [{ name: 'HS256' }] });
    expect(site.key).toMatchObject({ kind: 'hmac-secret', envNames: ['JWT_SECRET'], material: { route: 'env-fallback', text: 'dev-fallback-secret' } });
  });

  it('a template key is not a literal; a parameter key is unknown', () => {
    const f = facts(`${JJWT}class Jwt(private val vault: String) {\n  fun s(u: String): String = Jwts.builder().setSubject(u).signWith(Keys.hmacShaKeyFor("\${vault}-suffix".toByteArray())).compact()\n}\n`);
    expect(f.callSites[0]!.key?.material).toBeUndefined();
    expect(f.secrets).toEqual([]);
  });

  it('@Value("\\${jwt.secret}") on a constructor parameter reads application.yml with relaxed binding', () => {
    const yml = 'jwt:\n  secret: ${JWT_SECRET:local-dev-secret-value}\n';
    const f = facts(`${JJWT}class Jwt(@Value("\\\${jwt.secret}") private val secret: String) {\n  private val key = Keys.hmacShaKeyFor(secret.toByteArray())\n  fun p(t: String) = Jwts.parserBuilder().setSigningKey(key).build().parseClaimsJws(t)\n}\n`, 'src/main/kotlin/app/Jwt.kt', { 'src/main/resources/application.yml': yml });
    const site = f.callSites[0]!;
    expect(site).toMatchObject({ api: 'Jwts.parserBuilder', audience: 'absent', issuer: 'absent' });
    expect(site.key).toMatchObject({ kind: 'hmac-secret', envNames: ['JWT_SECRET'], envReads: [{ name: 'JWT_SECRET', loc: { line: 8 } }], material: { route: 'env-fallback', text: 'local-dev-secret-value' } });
  });

  it('a property of a @ConfigurationProperties("jwt") class is the Spring setting jwt.<name>, with relaxed binding', () => {
    const props = 'package app.config\n\nimport org.springframework.boot.context.properties.ConfigurationProperties\n\n@ConfigurationProperties(prefix = "jwt")\ndata class JwtProperties(val secretKey: String, val ttlMinutes: Long)\n';
    const yml = 'jwt:\n  secret-key: committed-yaml-secret-0123456789abcdef\n';
    const f = facts(`${AUTH0}import app.config.JwtProperties\n\nclass T(private val jwtProperties: JwtProperties) {\n  fun v() = JWT.require(Algorithm.HMAC256(jwtProperties.secretKey)).build()\n}\nclass U(private val other: Settings) {\n  fun v() = JWT.require(Algorithm.HMAC256(other.secretKey)).build()\n}\n`, 'src/main/kotlin/app/T.kt', { 'src/main/kotlin/app/config/JwtProperties.kt': props, 'src/main/resources/application.yml': yml });
    expect(f.callSites[0]!.key).toMatchObject({ kind: 'hmac-secret', envNames: ['JWT_SECRETKEY'], envReads: [{ loc: { line: 9 } }], material: { text: 'committed-yaml-secret-0123456789abcdef', loc: { file: 'src/main/resources/application.yml' } } });
    // A type that is not a @ConfigurationProperties class reads nothing.
    expect(f.callSites[1]!.key?.material).toBeUndefined();
  });

  it('constants of another Kotlin file: an object member and an imported top-level const', () => {
    const consts = 'package app.config\n\nobject JwtConfig {\n  const val SECRET = "object-member-secret-0123456789abcdef"\n}\n\nconst val TOP_SECRET = "top-level-secret-0123456789abcdefgh"\n';
    const f = facts(`${AUTH0}import app.config.JwtConfig\nimport app.config.TOP_SECRET\n\nobject T {\n  fun a() = JWT.require(Algorithm.HMAC256(JwtConfig.SECRET)).build()\n  fun b() = JWT.require(Algorithm.HMAC256(TOP_SECRET)).build()\n}\n`, 'src/main/kotlin/app/T.kt', { 'src/main/kotlin/app/config/Consts.kt': consts });
    expect(f.callSites.map((s) => s.key?.material?.text)).toEqual(['object-member-secret-0123456789abcdef', 'top-level-secret-0123456789abcdefgh']);
    expect(f.callSites.map((s) => s.key?.material?.loc.file)).toEqual(['src/main/kotlin/app/config/Consts.kt', 'src/main/kotlin/app/config/Consts.kt']);
  });

  it('jjwt parse kinds: parseClaimsJwt accepts unsigned tokens, parseClaimsJws does not; a parser held in a property is followed', () => {
    const f = facts(`${JJWT}class P {\n  private val key = Keys.hmacShaKeyFor(System.getenv("JWT_SECRET").toByteArray())\n  private val parser = Jwts.parserBuilder().setSigningKey(key).requireAudience("a").build()\n  fun a(t: String) = parser.parseClaimsJwt(t)\n  fun b(t: String) = Jwts.parserBuilder().setSigningKey(key).requireIssuer("i").build().parseClaimsJws(t)\n}\n`);
    const [a, b] = f.callSites;
    expect(a).toMatchObject({ audience: 'present', issuer: 'absent', verifyAlgorithms: { kind: 'explicit', values: [{ name: 'none', loc: { line: 11 } }] } });
    expect(b).toMatchObject({ audience: 'absent', issuer: 'present', verifyAlgorithms: { kind: 'default', hmacByDefault: true } });
  });

  it('JWT.decode: a property read that decides is a decode; a kid read and a verified token are not', () => {
    const f = facts(`${AUTH0}class D(private val verifier: com.auth0.jwt.JWTVerifier) {\n  fun a(t: String): Boolean = JWT.decode(t).subject == "admin"\n  fun b(t: String) = JWT.decode(t).keyId\n  fun c(t: String): String {\n    verifier.verify(t)\n    return JWT.decode(t).subject\n  }\n}\n`);
    const decodes = f.callSites.map((s) => s.decode);
    expect(decodes[0]).toMatchObject({ headerOnly: false, verifiedInScope: false, claimsDecide: true });
    expect(decodes[1]).toMatchObject({ headerOnly: true });
    expect(decodes[2]).toMatchObject({ verifiedInScope: true });
  });

  it('NimbusJwtDecoder.withSecretKey pins HS256 and carries the key; withJwkSetUri is a key set', () => {
    const f = facts(`package app\n\nimport org.springframework.security.oauth2.jwt.NimbusJwtDecoder\nimport javax.crypto.spec.SecretKeySpec\n\nclass C {\n  fun a() = NimbusJwtDecoder.withSecretKey(SecretKeySpec(System.getenv("JWT_SECRET").toByteArray(), "HmacSHA256")).build()\n  fun b() = NimbusJwtDecoder.withJwkSetUri("https://auth.example.com/jwks").build()\n}\n`);
    expect(f.callSites[0]).toMatchObject({ api: 'NimbusJwtDecoder.withSecretKey', verifyAlgorithms: { kind: 'explicit', values: [{ name: 'HS256' }] }, key: { kind: 'hmac-secret', envNames: ['JWT_SECRET'] } });
    expect(f.callSites[1]).toMatchObject({ api: 'NimbusJwtDecoder.withJwkSetUri', key: { kind: 'jwks', origin: 'url:https://auth.example.com/jwks' } });
  });

  it('a file with a syntax error is still read, with a note', () => {
    const r = extractKotlinFacts('A.kt', `${AUTH0}object A {\n  fun s() = JWT.create().sign(Algorithm.HMAC256("literal-key-0123456789abcdef0123"))\n  fun broken( {\n}\n`);
    expect(r.problem).toMatchObject({ fatal: false });
    expect(r.facts!.callSites.length).toBeGreaterThan(0);
  });

  it('takes inline suppressions in // comments', async () => {
    const result = await scanFiles({
      'Auth.kt': `${AUTH0}object Auth {\n  // jwtlint-disable-next-line hardcoded-secret -- test double, never deployed\n  fun s() = JWT.create().withExpiresAt(java.util.Date()).sign(Algorithm.HMAC256("literal-signing-key-for-tests-0123456789"))\n}\n`,
    });
    const secrets = result.findings.filter((f) => f.ruleId === 'hardcoded-secret');
    expect(secrets.map((f) => f.suppression?.reason)).toEqual(['test double, never deployed']);
  });
});
