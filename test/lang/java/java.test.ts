import { beforeAll, describe, expect, it } from 'vitest';
import type { LanguageSources } from '../../../src/lang/front-end.js';
import { extractJavaFacts, isJavaTestPath } from '../../../src/lang/java/extract-java.js';
import { javaFrontEnd } from '../../../src/lang/java/index.js';
import { javaJwtLibrary, javaMayMatter, loadJavaParser } from '../../../src/lang/java/parse-java.js';
import { base64Length, relaxedEnvName } from '../../../src/lang/java/resolve-java.js';
import { scanFiles } from '../../helpers/scan.js';

beforeAll(async () => {
  await loadJavaParser();
});

function sources(files: Record<string, string>): LanguageSources {
  const paths = Object.keys(files).filter((p) => p.endsWith('.java')).sort();
  return { paths, text: (p) => files[p], anyText: (p) => files[p], allPaths: Object.keys(files).sort() };
}

function facts(source: string, file = 'src/main/java/app/Jwt.java', others: Record<string, string> = {}) {
  return extractJavaFacts(file, source, undefined, sources({ [file]: source, ...others })).facts!;
}

const JJWT = 'package app;\n\nimport io.jsonwebtoken.Jwts;\nimport io.jsonwebtoken.SignatureAlgorithm;\nimport io.jsonwebtoken.security.Keys;\nimport java.util.Date;\n\n';
const AUTH0 = 'package app;\n\nimport com.auth0.jwt.JWT;\nimport com.auth0.jwt.algorithms.Algorithm;\nimport java.time.Instant;\n\n';

describe('Java front end', () => {
  it('mayMatter keeps files that import a known JWT library or hold a JWT literal', () => {
    expect(javaMayMatter('import io.jsonwebtoken.Jwts;')).toBe(true);
    expect(javaMayMatter('import com.auth0.jwt.JWT;')).toBe(true);
    expect(javaMayMatter('String t = "eyJhbGciOiJIUzI1NiJ9.e30.x";')).toBe(true);
    expect(javaMayMatter('import java.util.List; // jwt')).toBe(false);
    expect(javaFrontEnd).toMatchObject({ language: 'Java', kind: 'java' });
    expect(javaJwtLibrary('com.nimbusds.jose.crypto.MACSigner')).toEqual({ name: 'nimbus-jose-jwt', modelled: false });
    expect(javaJwtLibrary('io.jsonwebtokenx.A')).toBeNull();
  });

  it('reports the libraries a file imports, unmodelled ones included', () => {
    const r = extractJavaFacts('A.java', 'import io.jsonwebtoken.Jwts;\nimport com.nimbusds.jwt.SignedJWT;\nclass A {}\n');
    expect(r.libraries).toEqual([
      { name: 'jjwt', modelled: true },
      { name: 'nimbus-jose-jwt', modelled: false },
    ]);
  });

  it('JUnit files are test code', () => {
    expect(isJavaTestPath('src/test/java/app/JwtUtilTest.java')).toBe(true);
    expect(isJavaTestPath('svc/src/main/java/app/JwtTests.java')).toBe(true);
    expect(isJavaTestPath('src/main/java/app/JwtUtil.java')).toBe(false);
    expect(isJavaTestPath('src/main/java/app/Contest.java')).toBe(false);
  });

  it('jjwt 0.9 sign: explicit HS512 on its line, a String key Base64-decoded, millisecond lifetime', () => {
    const f = facts(`${JJWT}class Jwt {\n  static final String KEY = "c2VjcmV0" + "c2VjcmV0";\n  String s(String u) {\n    return Jwts.builder().setSubject(u)\n      .setExpiration(new Date(System.currentTimeMillis() + 3_600_000L))\n      .signWith(SignatureAlgorithm.HS512, KEY).compact();\n  }\n}\n`);
    const site = f.callSites[0]!;
    expect(site).toMatchObject({ library: 'jjwt', api: 'Jwts.builder', operation: 'sign', loc: { line: 11 } });
    expect(site.signAlgorithm).toMatchObject({ kind: 'explicit', values: [{ name: 'HS512', loc: { line: 13 } }] });
    expect(site.lifetime).toMatchObject({ kind: 'seconds', seconds: 3600, loc: { line: 12 } });
    expect(site.key).toMatchObject({ kind: 'hmac-secret', material: { route: 'constant', byteLength: 12, loc: { line: 9 } } });
    expect(f.secrets).toHaveLength(1);
  });

  it('jjwt parser: HMAC by key type, audience/issuer by require*, clock skew, unsigned parse is none', () => {
    const f = facts(`${JJWT}class Jwt {\n  Object p(String t) {\n    Jwts.parserBuilder().setSigningKey(Keys.hmacShaKeyFor(System.getenv("JWT_SECRET").getBytes())).requireAudience("a").setAllowedClockSkewSeconds(600).build().parseClaimsJws(t);\n    return Jwts.parser().setSigningKey(System.getenv("JWT_SECRET")).parse(t);\n  }\n}\n`);
    const [a, b] = f.callSites;
    expect(a).toMatchObject({ api: 'Jwts.parserBuilder', loc: { line: 10 }, audience: 'present', issuer: 'absent', verifyAlgorithms: { kind: 'default', hmacByDefault: true }, expiry: { clockTolerance: { seconds: 600 } } });
    expect(a!.key).toMatchObject({ kind: 'hmac-secret', envNames: ['JWT_SECRET'] });
    expect(b!.verifyAlgorithms).toMatchObject({ kind: 'explicit', values: [{ name: 'none', loc: { line: 11 } }] });
  });

  it('jjwt: an RSA public key gets no algorithm record (jjwt narrows by key type), a builder without expiration is absent', () => {
    const f = facts(`${JJWT}import java.security.PublicKey;\nclass Jwt {\n  PublicKey pub;\n  Object p(String t) { return Jwts.parserBuilder().setSigningKey(pub).build().parseClaimsJws(t); }\n  String s() { return Jwts.builder().setSubject("x").signWith(Keys.hmacShaKeyFor(System.getenv("K").getBytes())).compact(); }\n}\n`);
    const [v, s] = f.callSites;
    expect(v!.key?.kind).toBe('public-key');
    expect(v!.verifyAlgorithms).toBeUndefined();
    expect(s!.lifetime).toEqual({ kind: 'absent' });
    expect(s!.signAlgorithm).toEqual({ kind: 'default', hmacByDefault: true });
  });

  it('java-jwt: Algorithm.HMAC256 through a field, JWT.require is pinned, JWT.create lifetime, leeway', () => {
    const f = facts(`${AUTH0}class Jwt {\n  private final Algorithm alg = Algorithm.HMAC256("short");\n  String s() { return JWT.create().withExpiresAt(Instant.now().plusSeconds(900)).sign(alg); }\n  Object v(String t) { return JWT.require(alg).withIssuer("i").acceptLeeway(400).build().verify(t); }\n}\n`);
    const [s, v] = f.callSites;
    expect(s).toMatchObject({ api: 'JWT.create', loc: { line: 9 }, lifetime: { kind: 'seconds', seconds: 900 }, signAlgorithm: { kind: 'explicit', values: [{ name: 'HS256', loc: { line: 8 } }] } });
    expect(s!.key).toMatchObject({ kind: 'hmac-secret', material: { byteLength: 5, loc: { line: 8 } } });
    expect(v).toMatchObject({ api: 'JWT.require', loc: { line: 10 }, issuer: 'present', audience: 'absent', verifyAlgorithms: { kind: 'explicit' }, expiry: { clockTolerance: { seconds: 400 } } });
  });

  it('java-jwt JWT.decode: claims that decide vs a header-only read', () => {
    const f = facts(`${AUTH0}import javax.servlet.http.HttpServletRequest;\nclass Jwt {\n  boolean a(HttpServletRequest req) {\n    var d = JWT.decode(req.getHeader("Authorization"));\n    if (d.getClaim("admin").asBoolean()) return true;\n    return false;\n  }\n  String k(String t) { return JWT.decode(t).getKeyId(); }\n}\n`);
    expect(f.callSites[0]!.decode).toMatchObject({ tokenSource: 'request', claimsDecide: true, headerOnly: false, verifiedInScope: false });
    expect(f.callSites[1]!.decode).toMatchObject({ headerOnly: true });
  });

  it('constants of another class of the repository are read (each file parsed once)', () => {
    const other = 'package app;\npublic class Consts {\n  public static final String SECRET = "from-another-class-0123456789abcdef";\n  public static final long TTL = 10L * 24 * 3600 * 1000;\n}\n';
    const f = facts(`${JJWT}class Jwt {\n  String s() { return Jwts.builder().setExpiration(new Date(System.currentTimeMillis() + Consts.TTL)).signWith(SignatureAlgorithm.HS256, Consts.SECRET.getBytes()).compact(); }\n}\n`, 'src/main/java/app/Jwt.java', { 'src/main/java/app/Consts.java': other });
    const site = f.callSites[0]!;
    expect(site.key?.material).toMatchObject({ loc: { file: 'src/main/java/app/Consts.java', line: 3 }, byteLength: 35 });
    expect(site.lifetime).toMatchObject({ kind: 'seconds', seconds: 864_000, loc: { file: 'src/main/java/app/Consts.java', line: 4 } });
  });

  it('a static import of another class brings its constants', () => {
    const consts = 'package app.security;\npublic class SecurityConstants {\n  public static final String SECRET = "static-import-secret-0123456789abcdef";\n}\n';
    const src = `package app;\n\nimport com.auth0.jwt.JWT;\nimport com.auth0.jwt.algorithms.Algorithm;\nimport static app.security.SecurityConstants.*;\n\nclass Filter {\n  Object v(String t) { return JWT.require(Algorithm.HMAC512(SECRET.getBytes())).build().verify(t); }\n}\n`;
    const f = facts(src, 'src/main/java/app/Filter.java', { 'src/main/java/app/security/SecurityConstants.java': consts });
    expect(f.callSites[0]!.key?.material).toMatchObject({ loc: { file: 'src/main/java/app/security/SecurityConstants.java', line: 3 } });
  });

  it('Spring @Value reads application.yml: a literal, an env reference with fallback, and relaxed binding', () => {
    const yml = 'jwt:\n  secret: ${JWT_SECRET:fallback-secret-value-0123456789}\n  expiration: 86400000\napp:\n  key: literal-key-0123456789abcdefghijklmnop\n';
    const src = `${JJWT}import org.springframework.beans.factory.annotation.Value;\nclass Jwt {\n  @Value("\${jwt.secret}") private String secret;\n  @Value("\${jwt.expiration}") private long exp;\n  @Value("\${app.key}") private String key;\n  @Value("\${other.secret}") private String missing;\n  String s() { return Jwts.builder().setExpiration(new Date(System.currentTimeMillis() + exp)).signWith(SignatureAlgorithm.HS256, secret.getBytes()).compact(); }\n  Object p(String t) { return Jwts.parser().setSigningKey(key.getBytes()).parseClaimsJws(t); }\n  Object q(String t) { return Jwts.parser().setSigningKey(missing.getBytes()).parseClaimsJws(t); }\n}\n`;
    const f = facts(src, 'src/main/java/app/Jwt.java', { 'src/main/resources/application.yml': yml });
    const [s, p, q] = f.callSites;
    expect(s!.key).toMatchObject({ kind: 'hmac-secret', envNames: ['JWT_SECRET'], material: { route: 'env-fallback', envName: 'JWT_SECRET', loc: { file: 'src/main/resources/application.yml', line: 2 } } });
    expect(s!.lifetime).toMatchObject({ kind: 'seconds', seconds: 86_400, loc: { file: 'src/main/resources/application.yml', line: 3 } });
    expect(p!.key).toMatchObject({ kind: 'hmac-secret', envNames: ['APP_KEY'], material: { loc: { file: 'src/main/resources/application.yml', line: 5 } } });
    expect(q!.key).toMatchObject({ kind: 'hmac-secret', envNames: ['OTHER_SECRET'] });
    expect(q!.key?.material).toBeUndefined();
    expect(relaxedEnvName('jwt.secret-key')).toBe('JWT_SECRETKEY');
    expect(base64Length('QUJD')).toBe(3);
    expect(base64Length('QQ==')).toBe(1);
  });

  it('a syntax error gives a note with its place and the rest of the file is read', () => {
    const r = extractJavaFacts('src/main/java/A.java', `${JJWT}class A {\n  void broken( {\n  }\n  String s() { return Jwts.builder().setSubject("x").signWith(SignatureAlgorithm.HS256, System.getenv("K")).compact(); }\n}\n`);
    expect(r.problem).toMatchObject({ fatal: false });
    expect(r.problem!.message).toMatch(/src\/main\/java\/A\.java has a syntax error at line \d+, column \d+/);
    expect(r.facts!.callSites.some((s) => s.operation === 'sign')).toBe(true);
  });

  it('scanned as a Spring project: report lines in the code and in application.properties', async () => {
    const result = await scanFiles({
      'src/main/resources/application.properties': 'jwt.secret=short\n',
      'src/main/java/app/Jwt.java': `${JJWT}import org.springframework.beans.factory.annotation.Value;\nclass Jwt {\n  @Value("\${jwt.secret}") private String secret;\n  String s() {\n    return Jwts.builder().setSubject("x")\n      .signWith(SignatureAlgorithm.HS256, secret.getBytes()).compact();\n  }\n}\n`,
      'src/test/java/app/JwtTest.java': `${JJWT}class JwtTest {\n  String s() { return Jwts.builder().setSubject("x").setExpiration(new Date()).signWith(SignatureAlgorithm.HS256, "test-key-0123456789abcdefghijklmnopq".getBytes()).compact(); }\n}\n`,
    });
    const lines = result.findings.map((f) => `${f.location.file}:${f.location.line}:${f.ruleId}`).sort();
    expect(lines).toContain('src/main/java/app/Jwt.java:12:no-expiry');
    expect(lines).toContain('src/main/java/app/Jwt.java:13:symmetric-algorithm');
    expect(lines).toContain('src/main/resources/application.properties:1:weak-secret');
    expect(lines).toContain('src/main/resources/application.properties:1:hardcoded-secret');
    const testSecret = result.findings.find((f) => f.location.file === 'src/test/java/app/JwtTest.java' && f.ruleId === 'hardcoded-secret');
    expect(testSecret?.inTestCode).toBe(true);
  });
});

describe('Java front end on hostile input', () => {
  it('classes whose constants refer to each other are read once each, and self-referring fields end', () => {
    const a = 'package app;\npublic class A {\n  public static final String X = B.Y;\n  static String loop = loop + "x";\n}\n';
    const b = 'package app;\npublic class B {\n  public static final String Y = A.X;\n}\n';
    const src = `${JJWT}class Jwt {\n  String s() { return Jwts.builder().signWith(SignatureAlgorithm.HS256, A.X).compact(); }\n}\n`;
    const f = facts(src, 'src/main/java/app/Jwt.java', { 'src/main/java/app/A.java': a, 'src/main/java/app/B.java': b });
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]!.key?.material).toBeUndefined();
  });
});
