import { beforeAll, describe, expect, it } from 'vitest';
import type { LanguageSources } from '../../../src/lang/front-end.js';
import { extractJavaFacts } from '../../../src/lang/java/extract-java.js';
import { loadJavaParser } from '../../../src/lang/java/parse-java.js';

beforeAll(async () => {
  await loadJavaParser();
});

function sources(files: Record<string, string>): LanguageSources {
  const paths = Object.keys(files).filter((p) => p.endsWith('.java')).sort();
  return { paths, text: (p) => files[p], anyText: (p) => files[p], allPaths: Object.keys(files).sort() };
}

function extract(source: string, file = 'src/main/java/app/Jwt.java') {
  return extractJavaFacts(file, source, undefined, sources({ [file]: source }));
}

const facts = (source: string) => extract(source).facts!;

// Eight lines, so that the class starts on line 9.
const NIMBUS = 'package app;\nimport com.nimbusds.jose.*;\nimport com.nimbusds.jose.crypto.*;\nimport com.nimbusds.jwt.*;\nimport com.nimbusds.jwt.proc.*;\nimport com.nimbusds.jose.proc.*;\nimport java.util.*;\nimport java.time.Instant;\n';
const SPRING = 'package app;\nimport com.nimbusds.jose.jwk.source.ImmutableSecret;\nimport org.springframework.security.oauth2.jose.jws.MacAlgorithm;\nimport org.springframework.security.oauth2.jwt.*;\nimport java.time.Instant;\nimport java.time.temporal.ChronoUnit;\nimport com.nimbusds.jose.jwk.*;\nimport com.nimbusds.jose.jwk.source.ImmutableJWKSet;\n';

describe('Nimbus JOSE+JWT in the Java front end', () => {
  it('is modelled where its signers, verifiers, tokens or processors are used, and only there', () => {
    expect(extract(`${NIMBUS}class Jwt { Object s() { return new MACSigner(System.getenv("K")); } }\n`).libraries).toEqual([{ name: 'nimbus-jose-jwt', modelled: true }]);
    // A file that only builds a JWK reads nothing this adapter models.
    expect(extract('package app;\nimport com.nimbusds.jose.jwk.RSAKey;\nclass K { RSAKey k; }\n').libraries).toEqual([{ name: 'nimbus-jose-jwt', modelled: false }]);
  });

  it('SignedJWT: the header names the algorithm, the MACSigner holds the key, the claims builder the lifetime', () => {
    const f = facts(`${NIMBUS}class Jwt {\n  static final String KEY = "0123456789abcdef0123456789abcdef";\n  String s(String u) throws Exception {\n    JWTClaimsSet c = new JWTClaimsSet.Builder().subject(u)\n      .expirationTime(Date.from(Instant.now().plusSeconds(900))).build();\n    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS384).keyID("k1").build(), c);\n    jwt.sign(new MACSigner(KEY));\n    return jwt.serialize();\n  }\n}\n`);
    expect(f.callSites).toHaveLength(1);
    const site = f.callSites[0]!;
    expect(site).toMatchObject({ library: 'nimbus-jose-jwt', api: 'new SignedJWT', operation: 'sign', loc: { line: 14 } });
    expect(site.signAlgorithm).toMatchObject({ kind: 'explicit', values: [{ name: 'HS384', loc: { line: 14 } }] });
    expect(site.lifetime).toMatchObject({ kind: 'seconds', seconds: 900, loc: { line: 13 } });
    expect(site.key).toMatchObject({ kind: 'hmac-secret', material: { byteLength: 32, loc: { line: 10 } } });
  });

  it('claims without expirationTime are absent, claims from a parameter unknown; an unused signer is judged where it is made', () => {
    const f = facts(`${NIMBUS}class Jwt {\n  JWSSigner signer = new MACSigner(System.getenv("JWT_SECRET").getBytes());\n  String a(String u) throws Exception {\n    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(u).build());\n    jwt.sign(new RSASSASigner(pk));\n    return jwt.serialize();\n  }\n  String b(JWTClaimsSet c) throws Exception { SignedJWT j = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), c); return j.serialize(); }\n  java.security.PrivateKey pk;\n}\n`);
    const [signer, a, b] = f.callSites;
    expect(signer).toMatchObject({ api: 'new MACSigner', loc: { line: 10 }, lifetime: { kind: 'unknown' }, signAlgorithm: { kind: 'default', hmacByDefault: true } });
    expect(signer!.key).toMatchObject({ kind: 'hmac-secret', envNames: ['JWT_SECRET'] });
    expect(a).toMatchObject({ loc: { line: 12 }, lifetime: { kind: 'absent' } });
    expect(a!.key?.kind).toBe('private-key');
    expect(b).toMatchObject({ loc: { line: 16 }, lifetime: { kind: 'unknown' }, key: null });
  });

  it('MACVerifier narrows by key type; a verify without claim checks leaves exp unenforced; an unused verifier is not judged on claims', () => {
    const f = facts(`${NIMBUS}class Jwt {\n  MACVerifier v = new MACVerifier(System.getenv("JWT_SECRET"));\n  Object p(String t) throws Exception {\n    SignedJWT j = SignedJWT.parse(t);\n    if (!j.verify(v)) throw new SecurityException();\n    return j.getJWTClaimsSet();\n  }\n  Object q() throws Exception { return new RSASSAVerifier(pub); }\n  java.security.interfaces.RSAPublicKey pub;\n}\n`);
    const mac = f.callSites.find((s) => s.api === 'new MACVerifier')!;
    expect(mac).toMatchObject({ loc: { line: 10 }, verifyAlgorithms: { kind: 'default', hmacByDefault: true }, audience: 'absent', issuer: 'absent', expiry: { claimsNotValidated: { line: 13 } } });
    const rsa = f.callSites.find((s) => s.api === 'new RSASSAVerifier')!;
    expect(rsa.verifyAlgorithms).toBeUndefined();
    expect(rsa).toMatchObject({ audience: 'unknown', issuer: 'unknown', expiry: {} });
    const decode = f.callSites.find((s) => s.operation === 'decode')!;
    expect(decode.decode?.verifiedInScope).toBe(true);
  });

  it('DefaultJWTProcessor: the key selector pins algorithms, the claims verifier checks aud/iss, an ImmutableSecret is an HMAC key', () => {
    const f = facts(`${NIMBUS}class Jwt {\n  Object p() {\n    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();\n    p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS512), new com.nimbusds.jose.jwk.source.ImmutableSecret<>(System.getenv("K").getBytes())));\n    DefaultJWTClaimsVerifier<SecurityContext> cv = new DefaultJWTClaimsVerifier<>(Set.of("api"), new JWTClaimsSet.Builder().issuer("https://i").build(), Set.of("exp"), null);\n    cv.setMaxClockSkew(600);\n    p.setJWTClaimsSetVerifier(cv);\n    return p;\n  }\n}\n`);
    const site = f.callSites[0]!;
    expect(site).toMatchObject({ api: 'DefaultJWTProcessor', loc: { line: 11 }, audience: 'present', issuer: 'present', expiry: { clockTolerance: { seconds: 600 } } });
    expect(site.verifyAlgorithms).toMatchObject({ kind: 'explicit', values: [{ name: 'HS256', loc: { line: 12 } }, { name: 'HS512' }] });
    expect(site.key).toMatchObject({ kind: 'hmac-secret', envNames: ['K'] });
  });

  it('a remote key set is a JWKS with its origin; no claims verifier is no audience or issuer check', () => {
    const f = facts(`${NIMBUS}class Jwt {\n  Object p() throws Exception {\n    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();\n    p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, com.nimbusds.jose.jwk.source.JWKSourceBuilder.create(new java.net.URL("https://idp/jwks")).build()));\n    return p;\n  }\n}\n`);
    expect(f.callSites[0]).toMatchObject({ audience: 'absent', issuer: 'absent', key: { kind: 'jwks', origin: 'url:https://idp/jwks' } });
  });

  it('SignedJWT.parse whose claims decide is a decode; a cast after JWTParser.parse that is verified is not; PlainJWT is unsecured', () => {
    const f = facts(`${NIMBUS}class Jwt {\n  boolean a(javax.servlet.http.HttpServletRequest req) throws Exception {\n    SignedJWT j = SignedJWT.parse(req.getHeader("Authorization"));\n    if (j.getJWTClaimsSet().getSubject().equals("root")) return true;\n    return false;\n  }\n  Object b(String t, JWSVerifier v) throws Exception {\n    JWT j = JWTParser.parse(t);\n    SignedJWT s = (SignedJWT) j;\n    if (!s.verify(v)) return null;\n    return s.getJWTClaimsSet();\n  }\n  Object c(String t) throws Exception { return PlainJWT.parse(t).getJWTClaimsSet(); }\n  boolean d(javax.servlet.http.HttpServletRequest req) throws Exception {\n    SignedJWT j = SignedJWT.parse(req.getHeader("Authorization"));\n    if (!valid(j)) return false;\n    return j.getJWTClaimsSet().getSubject().equals("root");\n  }\n  private boolean valid(SignedJWT jwt) throws Exception { return jwt.verify(new MACVerifier(System.getenv("K"))) && jwt.getJWTClaimsSet().getExpirationTime().after(new Date()); }\n}\n`);
    const [a, b, c] = f.callSites;
    // Verified by a method of the class it is handed to.
    expect(f.callSites.find((s) => s.operation === 'decode' && s.loc.line === 23)).toMatchObject({ decode: { verifiedInScope: true } });
    expect(a).toMatchObject({ operation: 'decode', loc: { line: 11 }, decode: { verifiedInScope: false, claimsDecide: true, tokenSource: 'request' } });
    expect(b).toMatchObject({ operation: 'decode', loc: { line: 16 }, decode: { verifiedInScope: true } });
    expect(c).toMatchObject({ api: 'PlainJWT.parse', unsecured: true, verifies: true, loc: { line: 21 } });
  });
});

describe('Nimbus found on real services', () => {
  it('a JWSObject signed over new Payload(claims.toJSONObject()) takes the claims builder lifetime (identity-service tutorials)', () => {
    const f = facts(`${NIMBUS}class Jwt {\n  String s(String u) throws Exception {\n    JWTClaimsSet c = new JWTClaimsSet.Builder().subject(u).build();\n    JWSObject o = new JWSObject(new JWSHeader(JWSAlgorithm.HS512), new Payload(c.toJSONObject()));\n    o.sign(new MACSigner(System.getenv("K").getBytes()));\n    return o.serialize();\n  }\n  String t(String json) throws Exception { JWSObject o = new JWSObject(new JWSHeader(JWSAlgorithm.HS512), new Payload(json)); o.sign(new MACSigner(System.getenv("K").getBytes())); return o.serialize(); }\n}\n`);
    expect(f.callSites.map((s) => [s.api, s.loc.line, s.lifetime?.kind])).toEqual([
      ['new JWSObject', 12, 'absent'],
      ['new JWSObject', 16, 'unknown'],
    ]);
  });

  it('a builder call split across lines (`NimbusJwtDecoder\\n.withSecretKey`) is read; a file importing only exceptions has nothing left unread', () => {
    const spring = extract('package app;\nimport org.springframework.security.oauth2.jwt.NimbusJwtDecoder;\nclass D {\n  Object d(javax.crypto.SecretKey k) {\n    return NimbusJwtDecoder\n        .withSecretKey(k).build();\n  }\n}\n');
    expect(spring.libraries).toEqual([{ name: 'spring-security-oauth2-jose', modelled: true }]);
    expect(spring.facts!.callSites[0]).toMatchObject({ api: 'NimbusJwtDecoder.withSecretKey', loc: { line: 5 } });
    expect(extract('package app;\nimport com.nimbusds.jose.JOSEException;\nclass C { void c() throws JOSEException {} }\n').libraries).toEqual([{ name: 'nimbus-jose-jwt', modelled: true }]);
    // A role converter reads the claims of a `Jwt` Spring has verified; a `JwtDecoder` bean user decodes through it.
    expect(extract('package app;\nimport org.springframework.security.oauth2.jwt.Jwt;\nimport org.springframework.security.oauth2.jwt.JwtDecoder;\nclass R { Object r(Jwt jwt, JwtDecoder d) { return jwt.getClaims(); } }\n').libraries).toEqual([{ name: 'spring-security-oauth2-jose', modelled: true }]);
    expect(extract('package app;\nimport org.springframework.security.oauth2.jwt.JwtClaimsSet;\nclass R { JwtClaimsSet c; }\n').libraries).toEqual([{ name: 'spring-security-oauth2-jose', modelled: false }]);
  });
});

describe('Spring Security JwtEncoder in the Java front end', () => {
  it('NimbusJwtEncoder with an ImmutableSecret is an HMAC signer by key type; an OctetSequenceKey names its algorithm', () => {
    const f = facts(`${SPRING}class Cfg {\n  JwtEncoder a() { return new NimbusJwtEncoder(new ImmutableSecret<>(System.getenv("JWT_SECRET").getBytes())); }\n  JwtEncoder b() {\n    OctetSequenceKey k = new OctetSequenceKey.Builder(System.getenv("JWT_SECRET").getBytes()).algorithm(com.nimbusds.jose.JWSAlgorithm.HS512).build();\n    return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(k)));\n  }\n  JwtEncoder c(java.security.interfaces.RSAPublicKey pub, java.security.interfaces.RSAPrivateKey priv) { return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(new RSAKey.Builder(pub).privateKey(priv).build()))); }\n}\n`);
    const [a, b, c] = f.callSites;
    expect(a).toMatchObject({ api: 'new NimbusJwtEncoder', operation: 'sign', loc: { line: 10 }, signAlgorithm: { kind: 'default', hmacByDefault: true }, lifetime: { kind: 'unknown' }, key: { kind: 'hmac-secret', envNames: ['JWT_SECRET'] } });
    expect(b).toMatchObject({ loc: { line: 13 }, signAlgorithm: { kind: 'explicit', values: [{ name: 'HS512', loc: { line: 12 } }] } });
    expect(c).toMatchObject({ signAlgorithm: { kind: 'default', hmacByDefault: false }, key: { kind: 'private-key' } });
  });

  it('encode: JwsHeader.with names the algorithm, the JwtClaimsSet builder the lifetime; claims from elsewhere are unknown', () => {
    const f = facts(`${SPRING}class Svc {\n  JwtEncoder enc;\n  String t(String n) {\n    Instant now = Instant.now();\n    JwtClaimsSet c = JwtClaimsSet.builder().subject(n).expiresAt(now.plus(2, ChronoUnit.HOURS)).build();\n    return enc.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), c)).getTokenValue();\n  }\n  String u(JwtClaimsSet c) { return enc.encode(JwtEncoderParameters.from(c)).getTokenValue(); }\n  String v(String n) { return enc.encode(JwtEncoderParameters.from(JwtClaimsSet.builder().subject(n).build())).getTokenValue(); }\n  String w(String s) { return java.util.Base64.getEncoder().encode(s.getBytes()).toString(); }\n  String x(JwtClaimsSet c) { return enc.encode(JwtEncoderParameters.from(JwsHeader.with(() -> "HS384").build(), c)).getTokenValue(); }\n}\n`);
    expect(f.callSites).toHaveLength(4);
    const [t, u, v, x] = f.callSites;
    // `JwsAlgorithm` written as a lambda (found on a real service).
    expect(x!.signAlgorithm).toMatchObject({ kind: 'explicit', values: [{ name: 'HS384', loc: { line: 19 } }] });
    expect(t).toMatchObject({ api: 'JwtEncoder.encode', loc: { line: 14 }, signAlgorithm: { kind: 'explicit', values: [{ name: 'HS256', loc: { line: 14 } }] }, lifetime: { kind: 'seconds', seconds: 7200, loc: { line: 13 } } });
    expect(u).toMatchObject({ lifetime: { kind: 'unknown' }, signAlgorithm: { kind: 'default', hmacByDefault: false } });
    expect(v).toMatchObject({ lifetime: { kind: 'absent' } });
  });
});
