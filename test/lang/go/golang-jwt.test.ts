import { beforeAll, describe, expect, it } from 'vitest';
import type { LanguageSources } from '../../../src/lang/front-end.js';
import { extractGoFacts } from '../../../src/lang/go/extract-go.js';
import { goFrontEnd } from '../../../src/lang/go/index.js';
import { goJwtModule, goMayMatter, loadGoParser } from '../../../src/lang/go/parse-go.js';

beforeAll(async () => {
  await loadGoParser();
});

function sources(files: Record<string, string>): LanguageSources {
  const paths = Object.keys(files).sort();
  return { paths, text: (p) => files[p] };
}

function facts(source: string, file = 'auth/auth.go', others: Record<string, string> = {}) {
  const result = extractGoFacts(file, source, undefined, sources({ [file]: source, ...others }));
  return result.facts!;
}

const HEAD = 'package auth\n\nimport (\n\t"os"\n\t"time"\n\n\t"github.com/golang-jwt/jwt/v5"\n)\n\n';

describe('Go front end', () => {
  it('mayMatter keeps files that import a known JWT module and nothing else', () => {
    expect(goMayMatter('import "github.com/golang-jwt/jwt/v5"')).toBe(true);
    expect(goMayMatter('import "github.com/dgrijalva/jwt-go"')).toBe(true);
    expect(goMayMatter('import "github.com/lestrrat-go/jwx/v2/jwt"')).toBe(true);
    expect(goMayMatter('import "net/http"\n// jwt tokens')).toBe(false);
    expect(goFrontEnd).toMatchObject({ language: 'Go', kind: 'go' });
  });

  it('names modules by their path with the major version, modelled or not', () => {
    expect(goJwtModule('github.com/golang-jwt/jwt/v5/request')).toEqual({ name: 'github.com/golang-jwt/jwt/v5', modelled: true });
    expect(goJwtModule('github.com/dgrijalva/jwt-go')).toEqual({ name: 'github.com/dgrijalva/jwt-go', modelled: true });
    expect(goJwtModule('gopkg.in/square/go-jose.v2/jwt')).toEqual({ name: 'gopkg.in/square/go-jose.v2', modelled: true });
    expect(goJwtModule('github.com/kataras/jwt')).toEqual({ name: 'github.com/kataras/jwt', modelled: false });
    expect(goJwtModule('github.com/golang-jwt/jwtx')).toBeNull();
    const result = extractGoFacts('a.go', 'package a\nimport (\n\t"github.com/golang-jwt/jwt/v4"\n\t"github.com/lestrrat-go/jwx/v2/jws"\n\t"gopkg.in/square/go-jose.v2"\n)\n');
    expect(result.libraries).toEqual([
      { name: 'github.com/golang-jwt/jwt/v4', modelled: true },
      { name: 'github.com/lestrrat-go/jwx/v2', modelled: false },
      { name: 'gopkg.in/square/go-jose.v2', modelled: false },
    ]);
    expect(extractGoFacts('b.go', 'package b\nimport (\n\t"github.com/lestrrat-go/jwx/v2/jws"\n\t"github.com/lestrrat-go/jwx/v2/jwt"\n)\n').libraries).toEqual([{ name: 'github.com/lestrrat-go/jwx/v2', modelled: true }]);
  });

  it('reads a sign: explicit HS256 on its line, literal key, lifetime in seconds on the duration', () => {
    const f = facts(`${HEAD}var key = []byte("k3y-literal")\n\nfunc Sign() (string, error) {\n\tt := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{\n\t\tExpiresAt: jwt.NewNumericDate(time.Now().Add(30 * 24 * time.Hour)),\n\t})\n\treturn t.SignedString(key)\n}\n`);
    const [site] = f.callSites;
    expect(site).toMatchObject({ library: 'golang-jwt', api: 'jwt.NewWithClaims', operation: 'sign', loc: { line: 13 }, key: { kind: 'hmac-secret' } });
    expect(site!.signAlgorithm).toMatchObject({ kind: 'explicit', values: [{ name: 'HS256', loc: { line: 13 } }] });
    expect(site!.lifetime).toMatchObject({ kind: 'seconds', seconds: 30 * 86_400, loc: { line: 14 } });
    expect(f.secrets).toHaveLength(1);
    expect(f.secrets[0]).toMatchObject({ hmac: true, algorithms: ['HS256'], material: { route: 'constant', loc: { line: 10 }, byteLength: 11 } });
  });

  it('reads Go durations, AddDate and Unix arithmetic', () => {
    const life = (exp: string, pre = '') => facts(`${HEAD}${pre}func S() { jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"exp": ${exp}}) }\n`).callSites[0]!.lifetime;
    expect(life('time.Now().Add(time.Hour * 24 * 30).Unix()')).toMatchObject({ kind: 'seconds', seconds: 30 * 86_400 });
    expect(life('time.Now().AddDate(0, 1, 2).Unix()')).toMatchObject({ kind: 'seconds', seconds: 32 * 86_400 });
    expect(life('time.Now().Unix() + 3600')).toMatchObject({ kind: 'seconds', seconds: 3600 });
    expect(life('time.Now().Add(time.Duration(n) * time.Minute).Unix()', 'const n = 90\n')).toMatchObject({ kind: 'seconds', seconds: 5400 });
    expect(life('exp', 'var exp = time.Now().UTC().Add(2 * time.Hour).Unix()\n')).toMatchObject({ kind: 'seconds', seconds: 7200 });
    expect(life('time.Now().Add(ttl()).Unix()')).toMatchObject({ kind: 'present' });
    expect(facts(`${HEAD}func S() { jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": 1}) }\n`).callSites[0]!.lifetime).toEqual({ kind: 'absent' });
  });

  it('an env key carries its name and read; getenv helpers, empty checks and viper defaults are fallbacks on the literal line', () => {
    const helper = facts(`${HEAD}func getEnv(key, fallback string) string {\n\tif v, ok := os.LookupEnv(key); ok {\n\t\treturn v\n\t}\n\treturn fallback\n}\n\nvar k = getEnv("JWT_SECRET",\n\t"fallback-literal")\n\nfunc S() { jwt.New(jwt.SigningMethodHS256).SignedString([]byte(k)) }\n`);
    expect(helper.callSites[0]!.key).toMatchObject({ kind: 'hmac-secret', envNames: ['JWT_SECRET'], envReads: [{ name: 'JWT_SECRET', loc: { line: 17 } }] });
    expect(helper.secrets[0]!.material).toMatchObject({ route: 'env-fallback', envName: 'JWT_SECRET', loc: { line: 18 } });

    const guarded = facts(`${HEAD}func S() {\n\ts := os.Getenv("API_KEY")\n\tif s == "" {\n\t\ts = "guard-literal"\n\t}\n\tjwt.New(jwt.SigningMethodHS256).SignedString([]byte(s))\n}\n`);
    expect(guarded.callSites[0]!.key).toMatchObject({ envNames: ['API_KEY'] });
    expect(guarded.secrets[0]!.material).toMatchObject({ route: 'env-fallback', loc: { line: 13 } });

    const viper = facts(`package auth\n\nimport (\n\t"github.com/golang-jwt/jwt/v5"\n\t"github.com/spf13/viper"\n)\n\nfunc S() { jwt.New(jwt.SigningMethodHS256).SignedString([]byte(viper.GetString("jwt.secret"))) }\n`, 'auth/auth.go', {
      'auth/config.go': 'package auth\n\nimport "github.com/spf13/viper"\n\nfunc init() {\n\tviper.SetDefault("jwt.secret", "viper-default")\n}\n',
    });
    expect(viper.secrets[0]!.material).toMatchObject({ route: 'config-default', loc: { file: 'auth/config.go', line: 6 } });

    const plain = facts(`${HEAD}func S() { jwt.New(jwt.SigningMethodHS256).SignedString([]byte(os.Getenv("JWT_SECRET"))) }\n`);
    expect(plain.secrets).toEqual([]);
    expect(plain.callSites[0]!.key).toMatchObject({ kind: 'hmac-secret', envNames: ['JWT_SECRET'] });
  });

  it('package scope spans the files of the folder and package, and other packages of the repository', () => {
    const main = `${HEAD}func S() { jwt.New(jwt.SigningMethodHS256).SignedString(sharedKey) }\n`;
    const sibling = { 'auth/keys.go': 'package auth\n\nvar sharedKey = []byte("sibling-literal")\n' };
    expect(facts(main, 'auth/auth.go', sibling).secrets[0]!.material).toMatchObject({ text: 'sibling-literal', loc: { file: 'auth/keys.go', line: 3 } });
    // Another package in the same folder, or the same name in another folder, is not in scope.
    expect(facts(main, 'auth/auth.go', { 'auth/keys.go': 'package other\n\nvar sharedKey = []byte("x")\n' }).secrets).toEqual([]);
    expect(facts(main, 'auth/auth.go', { 'billing/keys.go': 'package auth\n\nvar sharedKey = []byte("x")\n' }).secrets).toEqual([]);
    const imported = `package users\n\nimport (\n\t"github.com/golang-jwt/jwt/v5"\n\t"example.com/app/common"\n)\n\nfunc S() { jwt.New(jwt.SigningMethodHS256).SignedString([]byte(common.Secret)) }\n`;
    expect(facts(imported, 'users/u.go', { 'common/c.go': 'package common\n\nconst Secret = "imported-literal"\n' }).secrets[0]!.material).toMatchObject({ loc: { file: 'common/c.go', line: 3 } });
  });

  it('a keyfunc without a method check is HMAC by key type; a type assertion or WithValidMethods pins it', () => {
    const verify = (body: string, opts = '') => facts(`${HEAD}var key = []byte(os.Getenv("JWT_SECRET"))\n\nfunc V(raw string) {\n\tjwt.Parse(raw, func(t *jwt.Token) (interface{}, error) {\n${body}\t\treturn key, nil\n\t}${opts})\n}\n`).callSites[0]!;
    const bare = verify('');
    expect(bare).toMatchObject({ operation: 'verify', api: 'jwt.Parse', loc: { line: 13 }, verifyAlgorithms: { kind: 'default', hmacByDefault: true }, key: { kind: 'hmac-secret', envNames: ['JWT_SECRET'] }, audience: 'absent', issuer: 'absent' });
    expect(verify('\t\tif _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {\n\t\t\treturn nil, nil\n\t\t}\n').verifyAlgorithms).toMatchObject({ kind: 'explicit', values: [{ name: 'HS256', loc: { line: 14 } }] });
    expect(verify('\t\tif t.Method.Alg() != "HS512" {\n\t\t\treturn nil, nil\n\t\t}\n').verifyAlgorithms).toMatchObject({ kind: 'explicit', values: [{ name: 'HS512' }] });
    expect(verify('', ', jwt.WithValidMethods([]string{"RS256"}), jwt.WithAudience("a"), jwt.WithIssuer("i")')).toMatchObject({ verifyAlgorithms: { kind: 'explicit', values: [{ name: 'RS256' }] }, audience: 'present', issuer: 'present' });
    expect(verify('', ', opts...')).toMatchObject({ verifyAlgorithms: { kind: 'unknown' }, audience: 'unknown' });
  });

  it('a reusable parser carries the findings at jwt.NewParser; leeway and skipped claims are expiry settings', () => {
    const f = facts(`${HEAD}var p = jwt.NewParser(\n\tjwt.WithLeeway(10 * time.Minute),\n\tjwt.WithoutClaimsValidation(),\n)\n\nfunc V(raw string) {\n\tp.Parse(raw, func(t *jwt.Token) (interface{}, error) { return []byte("k"), nil })\n}\n`);
    const [site] = f.callSites;
    expect(site).toMatchObject({ api: 'jwt.NewParser(…).Parse', loc: { line: 10 }, audience: 'absent' });
    expect(site!.expiry).toMatchObject({ clockTolerance: { seconds: 600, loc: { line: 11 } }, ignoreExpiration: { line: 12 } });
    const unused = facts(`${HEAD}var p = jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}))\n`).callSites;
    expect(unused).toMatchObject([{ api: 'jwt.NewParser', verifyAlgorithms: { kind: 'explicit' }, audience: 'absent', key: null }]);
  });

  it('alg none: SigningMethodNone signs none; a keyfunc returning UnsafeAllowNoneSignatureType accepts it', () => {
    const f = facts(`${HEAD}func S(raw string) {\n\tjwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{}).SignedString(jwt.UnsafeAllowNoneSignatureType)\n\tjwt.Parse(raw, func(t *jwt.Token) (interface{}, error) {\n\t\treturn jwt.UnsafeAllowNoneSignatureType, nil\n\t})\n}\n`);
    const [sign, verify] = f.callSites;
    expect(sign!.signAlgorithm).toMatchObject({ kind: 'explicit', values: [{ name: 'none', loc: { line: 11 } }] });
    expect(sign!.key).toMatchObject({ kind: 'none' });
    expect(verify!.verifyAlgorithms).toMatchObject({ kind: 'explicit', values: [{ name: 'none', loc: { line: 13 } }] });
    expect(f.secrets).toEqual([]);
  });

  it('ParseUnverified is a decode: request source, claims deciding, header-only and verified-in-scope', () => {
    const decode = (body: string) => facts(`${HEAD}import "net/http"\n\nfunc H(r *http.Request) bool {\n\traw := r.Header.Get("Authorization")\n\tc := jwt.MapClaims{}\n${body}\n\treturn false\n}\n`).callSites.find((s) => s.operation === 'decode')!;
    expect(decode('\tjwt.NewParser().ParseUnverified(raw, c)\n\tif c["role"] == "admin" {\n\t\treturn true\n\t}')).toMatchObject({ api: 'ParseUnverified', loc: { line: 15 }, decode: { headerOnly: false, verifiedInScope: false, tokenSource: 'request', claimsDecide: true } });
    expect(decode('\ttok, _, _ := new(jwt.Parser).ParseUnverified(raw, jwt.MapClaims{})\n\t_ = tok.Header["kid"]').decode).toMatchObject({ headerOnly: true });
    expect(decode('\tjwt.NewParser().ParseUnverified(raw, c)\n\tjwt.Parse(raw, kf)').decode).toMatchObject({ verifiedInScope: true });
    expect(decode('\tjwt.NewParser().ParseUnverified(raw, c)\n\t_ = c["exp"]').decode).toMatchObject({ nonIdentityClaims: ['exp'] });
  });

  it('_test.go files and testdata folders are test code', () => {
    expect(facts(`${HEAD}`, 'auth/auth_test.go').isTest).toBe(true);
    expect(facts(`${HEAD}`, 'auth/testdata/x.go').isTest).toBe(true);
    expect(facts(`${HEAD}`, 'auth/testing.go').isTest).toBe(false);
  });

  it('a syntax error gives a note with its place and the rest of the file is read', () => {
    const result = extractGoFacts('auth/a.go', `${HEAD}func broken( {\n}\n\nfunc S() { jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": 1}) }\n`);
    expect(result.problem).toMatchObject({ fatal: false });
    expect(result.problem!.message).toMatch(/auth\/a\.go has a syntax error at line 1\d, column \d+/);
    expect(result.facts!.callSites).toHaveLength(1);
    expect(result.facts!.callSites[0]).toMatchObject({ operation: 'sign', lifetime: { kind: 'absent' } });
  });

  it('jwt bound to another module is not read', () => {
    const f = facts('package a\n\nimport jwt "github.com/kataras/jwt"\n\nfunc S() { jwt.NewWithClaims(jwt.SigningMethodHS256, nil) }\n');
    expect(f.callSites).toEqual([]);
  });
});
