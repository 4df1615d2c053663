import { beforeAll, describe, expect, it } from 'vitest';
import { extractGoFacts } from '../../../src/lang/go/extract-go.js';
import { loadGoParser } from '../../../src/lang/go/parse-go.js';

beforeAll(async () => {
  await loadGoParser();
});

const HEAD = 'package a\n\nimport (\n\t"os"\n\t"time"\n\n\t"github.com/lestrrat-go/jwx/v2/jwa"\n\t"github.com/lestrrat-go/jwx/v2/jwt"\n)\n\n';

function sites(body: string) {
  return extractGoFacts('a/a.go', `${HEAD}${body}`).facts!.callSites;
}

describe('jwx adapter', () => {
  it('reads jwt.Sign with WithKey: algorithm on the jwa line, env key, lifetime from the builder chain', () => {
    const [site] = sites('func S() {\n\ttok, _ := jwt.NewBuilder().Subject("u").Expiration(time.Now().Add(48 * time.Hour)).Build()\n\tjwt.Sign(tok, jwt.WithKey(jwa.HS384, []byte(os.Getenv("K"))))\n}\n');
    expect(site).toMatchObject({ library: 'jwx', api: 'jwt.Sign', operation: 'sign', loc: { line: 13 }, key: { kind: 'hmac-secret', envNames: ['K'] } });
    expect(site!.signAlgorithm).toMatchObject({ kind: 'explicit', values: [{ name: 'HS384', loc: { line: 13 } }] });
    expect(site!.lifetime).toMatchObject({ kind: 'seconds', seconds: 172_800, loc: { line: 12 } });
  });

  it('verify: WithKey pins, audience/issuer/skew/validate options, WithVerify(false) and ParseInsecure are decodes', () => {
    const [verify, off, insecure] = sites('func V(raw []byte) {\n\tjwt.Parse(raw, jwt.WithKey(jwa.RS256, pub), jwt.WithIssuer("i"), jwt.WithAcceptableSkew(10*time.Minute), jwt.WithValidate(false))\n\tjwt.Parse(raw, jwt.WithVerify(false))\n\tjwt.ParseInsecure(raw)\n}\n');
    expect(verify).toMatchObject({ operation: 'verify', verifyAlgorithms: { kind: 'explicit', values: [{ name: 'RS256' }] }, audience: 'absent', issuer: 'present', expiry: { clockTolerance: { seconds: 600 }, ignoreExpiration: { line: 12 } } });
    expect(off).toMatchObject({ operation: 'decode', api: 'jwt.Parse' });
    expect(insecure).toMatchObject({ operation: 'decode', api: 'jwt.ParseInsecure' });
  });

  it('a parse without a key option is not a verifier record; tok.Set(jwt.ExpirationKey, …) sets the lifetime', () => {
    expect(sites('func V(raw []byte) { jwt.Parse(raw) }\n')).toEqual([]);
    const [site] = sites('func S() {\n\ttok := jwt.New()\n\ttok.Set(jwt.ExpirationKey, time.Now().Add(time.Minute))\n\tjwt.Sign(tok, jwt.WithKey(jwa.HS256, k))\n}\n');
    expect(site!.lifetime).toMatchObject({ kind: 'seconds', seconds: 60 });
  });
});
