// The jose v1/v2 adapter (src/lang/javascript/adapters/jose-legacy.ts): which JwtCallSite records the
// legacy `JWT`/`JWK`/`JWS`/`JWKS` API produces, and that the v3+ adapter stays silent on it.
import { describe, expect, it } from 'vitest';
import { algorithmNames as names, factsFromFiles } from '../helpers/extract.js';
import type { FileFacts, JwtCallSite } from '../../src/facts/model.js';

function factsOf(files: Record<string, string>): FileFacts {
  return factsFromFiles(files);
}

function sites(text: string): JwtCallSite[] {
  return factsOf({ 'src/a.ts': text }).callSites;
}

function only(text: string): JwtCallSite {
  const all = sites(text);
  expect(all).toHaveLength(1);
  return all[0]!;
}


describe('jose v1/v2 JWT.sign', () => {
  it('signs with HS256 by default when the key is a string secret (an oct key)', () => {
    const site = only("const { JWT } = require('jose');\nexport const t = JWT.sign({ sub: '1' }, process.env.JWT_SECRET);");
    expect(site).toMatchObject({ library: 'jose', api: 'JWT.sign', operation: 'sign', signs: true, verifies: false, signAlgorithm: { kind: 'default', hmacByDefault: true }, lifetime: { kind: 'absent' } });
    expect(site.key).toMatchObject({ kind: 'hmac-secret', envNames: ['JWT_SECRET'] });
    expect(site.loc.line).toBe(2);
  });

  it('reads the literal behind JWK.asKey as key material, and expiresIn as a timespan', () => {
    const facts = factsOf({
      'src/a.ts': "import { JWT, JWK } from 'jose';\nconst key = JWK.asKey('a-literal-secret');\nexport const t = JWT.sign({ sub: '1' }, key, {\n  algorithm: 'HS512',\n  expiresIn: '2 hours',\n});",
    });
    const site = facts.callSites[0]!;
    expect(site.key?.kind).toBe('hmac-secret');
    expect(site.key?.material).toMatchObject({ text: 'a-literal-secret', loc: { line: 2 } });
    expect(names(site.signAlgorithm)).toEqual(['HS512']);
    expect(site.lifetime).toMatchObject({ kind: 'seconds', seconds: 7200, loc: { line: 5 } });
    expect(facts.secrets.map((s) => s.material.loc.line)).toEqual([2]);
    expect(facts.secrets[0]!.algorithms).toEqual(['HS512']);
  });

  it('takes the algorithm from header.alg, and a PEM private key is not HMAC', () => {
    const site = only(
      "import * as jose from 'jose';\nconst pem = '-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----';\nexport const t = jose.JWT.sign({ exp: Math.floor(Date.now() / 1000) + 60 }, jose.JWK.asKey(pem), { header: { alg: 'RS256' } });",
    );
    expect(site.key?.kind).toBe('private-key');
    expect(names(site.signAlgorithm)).toEqual(['RS256']);
    expect(site.lifetime).toMatchObject({ kind: 'seconds', seconds: 60 });
  });

  it('treats JWK.None as the unsecured key', () => {
    const site = only("const { JWT, JWK: { None } } = require('jose');\nexport const t = JWT.sign({ sub: '1' }, None, { expiresIn: '5m' });");
    expect(site).toMatchObject({ unsecured: true, signAlgorithm: { kind: 'default', hmacByDefault: false } });
  });

  it('knows generated keys: oct is an HMAC secret without literal, RSA a private key', () => {
    const [oct, rsa] = sites(
      "const { JWT, JWK } = require('jose');\nconst a = JWK.generateSync('oct');\nconst b = JWK.generateSync('RSA', 2048);\nexports.x = JWT.sign({}, a, { expiresIn: '1h' });\nexports.y = JWT.sign({}, b, { expiresIn: '1h' });",
    );
    expect(oct!.key).toMatchObject({ kind: 'hmac-secret' });
    expect(oct!.key?.material).toBeUndefined();
    expect(oct!.signAlgorithm).toMatchObject({ kind: 'default', hmacByDefault: true });
    expect(rsa!.key).toMatchObject({ kind: 'private-key' });
    expect(rsa!.signAlgorithm).toMatchObject({ kind: 'default', hmacByDefault: false });
  });
});

describe('jose v1/v2 JWT.verify', () => {
  it('without options: default algorithms for the key, no audience, issuer or expiry switch', () => {
    const site = only("const { JWT } = require('jose');\nexport const v = (t) => JWT.verify(t, process.env.JWT_SECRET);");
    expect(site).toMatchObject({ library: 'jose', api: 'JWT.verify', operation: 'verify', verifies: true, verifyAlgorithms: { kind: 'default', hmacByDefault: true }, audience: 'absent', issuer: 'absent', expiry: {} });
  });

  it('reads algorithms, audience, issuer, ignoreExp and clockTolerance', () => {
    const site = only(
      "import { JWT, JWKS } from 'jose';\nconst store = JWKS.asKeyStore(require('./jwks.json'));\nexport const v = (t) => JWT.verify(t, store, {\n  algorithms: ['RS256'],\n  audience: 'api',\n  issuer: 'https://idp',\n  ignoreExp: true,\n  clockTolerance: '10 minutes',\n});",
    );
    expect(site.key?.kind).toBe('jwks');
    expect(names(site.verifyAlgorithms)).toEqual(['RS256']);
    expect(site).toMatchObject({ audience: 'present', issuer: 'present' });
    expect(site.expiry?.ignoreExpiration?.line).toBe(7);
    expect(site.expiry?.clockTolerance).toMatchObject({ seconds: 600, loc: { line: 8 } });
  });

  it('new JWKS.KeyStore() is a key set; a key imported with { alg } pins the algorithm', () => {
    const [store, pinned] = sites(
      "const { JWT, JWK, JWKS } = require('jose');\nconst ks = new JWKS.KeyStore();\nconst pub = JWK.asKey(process.env.PUBLIC_KEY_PEM, { alg: 'ES256' });\nexports.a = (t) => JWT.verify(t, ks);\nexports.b = (t) => JWT.verify(t, pub);",
    );
    expect(store!.key?.kind).toBe('jwks');
    expect(store!.verifyAlgorithms).toMatchObject({ kind: 'default', hmacByDefault: false });
    expect(pinned!.key?.kind).toBe('public-key');
    expect(names(pinned!.verifyAlgorithms)).toEqual(['ES256']);
  });

  it('verifying with JWK.None accepts unsigned tokens', () => {
    const site = only("import { JWT, JWK } from 'jose';\nexport const v = (t) => JWT.IdToken.verify(t, JWK.None, { issuer: 'i', audience: 'a' });");
    expect(site).toMatchObject({ api: 'JWT.IdToken.verify', unsecured: true });
  });
});

describe('jose v1/v2 JWT.decode and JWS', () => {
  it('JWT.decode is a decode, complete or not', () => {
    const site = only("const { JWT } = require('jose');\nexport function who(req) { return JWT.decode(req.headers.authorization, { complete: true }).payload.sub; }");
    expect(site).toMatchObject({ library: 'jose', api: 'JWT.decode', operation: 'decode', verifies: false });
    expect(site.decode).toBeDefined();
  });

  it('JWS.sign reads the protected header alg and judges no lifetime; JWS.verify no claims', () => {
    const [s, v] = sites(
      "const { JWS, JWK } = require('jose');\nconst k = JWK.asKey(Buffer.from(process.env.K, 'base64'));\nexports.s = JWS.sign('{}', k, { alg: 'HS384' });\nexports.v = (t) => JWS.verify(t, k);",
    );
    expect(s).toMatchObject({ api: 'JWS.sign', lifetime: { kind: 'unknown' } });
    expect(names(s!.signAlgorithm)).toEqual(['HS384']);
    expect(v).toMatchObject({ api: 'JWS.verify', audience: 'unknown', issuer: 'unknown', verifyAlgorithms: { kind: 'default', hmacByDefault: true } });
    expect(v!.expiry).toBeUndefined();
  });
});

describe('jose v1/v2 and v3+ adapters do not overlap', () => {
  it('one record per call in a file using both APIs', () => {
    const all = sites(
      "import { JWT, jwtVerify, decodeJwt } from 'jose';\nexport const a = (t, k) => JWT.verify(t, k);\nexport const b = (t, k) => jwtVerify(t, k);\nexport const c = (t) => decodeJwt(t);\nexport const d = (t) => JWT.decode(t);",
    );
    expect(all.map((s) => `${s.loc.line}:${s.api}`)).toEqual(['2:JWT.verify', '3:jwtVerify', '4:decodeJwt', '5:JWT.decode']);
  });

  it('ignores same-named members of other modules', () => {
    expect(sites("import { JWT } from 'not-jose';\nimport jwt from 'jsonwebtoken';\nexport const a = (t, k) => JWT.verify(t, k);")).toEqual([]);
  });

  it('follows a key imported from another module', () => {
    const facts = factsOf({
      'src/a.ts': "import { JWT } from 'jose';\nimport { key } from './keys';\nexport const t = JWT.sign({}, key, { expiresIn: '1h' });",
      'src/keys.ts': "import { JWK } from 'jose';\nexport const key = JWK.asKey('from-another-module');",
    });
    expect(facts.callSites[0]!.key).toMatchObject({ kind: 'hmac-secret', material: { text: 'from-another-module', loc: { file: 'src/keys.ts', line: 2 } } });
  });
});
