import { beforeAll, describe, expect, it } from 'vitest';
import { extractGoFacts } from '../../../src/lang/go/extract-go.js';
import { loadGoParser } from '../../../src/lang/go/parse-go.js';

beforeAll(async () => {
  await loadGoParser();
});

const HEAD = 'package a\n\nimport (\n\t"os"\n\t"time"\n\n\t"github.com/go-jose/go-jose/v4"\n\t"github.com/go-jose/go-jose/v4/jwt"\n)\n\n';

function sites(body: string) {
  return extractGoFacts('a/a.go', `${HEAD}${body}`).facts!.callSites;
}

describe('go-jose adapter', () => {
  it('reads jwt.Signed with the signer key and algorithm, and Expiry from the Claims chain', () => {
    const [site] = sites('func S() {\n\tsig, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS512, Key: []byte(os.Getenv("K"))}, nil)\n\tjwt.Signed(sig).Claims(jwt.Claims{Expiry: jwt.NewNumericDate(time.Now().Add(72 * time.Hour))}).Serialize()\n}\n');
    expect(site).toMatchObject({ library: 'go-jose', api: 'jwt.Signed', loc: { line: 13 }, key: { kind: 'hmac-secret', envNames: ['K'] }, signAlgorithm: { kind: 'explicit', values: [{ name: 'HS512', loc: { line: 12 } }] } });
    expect(site!.lifetime).toMatchObject({ kind: 'seconds', seconds: 259_200 });
  });

  it('ParseSigned + Claims(key) is a verify at ParseSigned; Validate decides aud/iss/expiry; Unsafe… is a decode', () => {
    const [verify, decode] = sites('func V(raw string) {\n\ttok, _ := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})\n\tvar out jwt.Claims\n\ttok.Claims(pub, &out)\n\tout.ValidateWithLeeway(jwt.Expected{Issuer: "i"}, 10*time.Minute)\n\ttok.UnsafeClaimsWithoutVerification(&out)\n}\n');
    expect(verify).toMatchObject({ operation: 'verify', loc: { line: 12 }, verifyAlgorithms: { kind: 'explicit', values: [{ name: 'RS256' }] }, audience: 'absent', issuer: 'present', expiry: { clockTolerance: { seconds: 600 } } });
    expect(verify!.expiry!.claimsNotValidated).toBeUndefined();
    expect(decode).toMatchObject({ operation: 'decode', api: 'UnsafeClaimsWithoutVerification', decode: { verifiedInScope: true } });
    const [unvalidated] = sites('func V(raw string) {\n\ttok, _ := jwt.ParseSigned(raw)\n\tvar out jwt.Claims\n\ttok.Claims([]byte("k"), &out)\n}\n');
    expect(unvalidated).toMatchObject({ verifyAlgorithms: { kind: 'default', hmacByDefault: true }, audience: 'absent', issuer: 'absent', expiry: { claimsNotValidated: { line: 14 } } });
  });
});
