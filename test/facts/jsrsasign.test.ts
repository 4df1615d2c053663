// The jsrsasign adapter (src/lang/javascript/adapters/jsrsasign.ts): which JwtCallSite records
// KJUR.jws.JWS.sign/verify/verifyJWT/parse and the b64utoutf8 payload decode produce.
import { describe, expect, it } from 'vitest';
import { algorithmNames as names, factsFromFiles } from '../helpers/extract.js';
import type { FileFacts, JwtCallSite } from '../../src/facts/model.js';

function factsOf(files: Record<string, string>): FileFacts {
  return factsFromFiles(files);
}

function only(text: string): JwtCallSite {
  const all = factsOf({ 'src/a.ts': text }).callSites;
  expect(all).toHaveLength(1);
  return all[0]!;
}

const REQUIRE = "const { KJUR, KEYUTIL, b64utoutf8 } = require('jsrsasign');\n";

describe('jsrsasign JWS.sign', () => {
  it('takes the algorithm from the first argument and a payload exp from IntDate', () => {
    const site = only(REQUIRE + "export const t = KJUR.jws.JWS.sign('HS256', { typ: 'JWT' }, { sub: 'a', exp: KJUR.jws.IntDate.get('now + 1day') }, { utf8: process.env.S });");
    expect(site).toMatchObject({ library: 'jsrsasign', api: 'KJUR.jws.JWS.sign', operation: 'sign', signs: true, lifetime: { kind: 'seconds', seconds: 86400 } });
    expect(names(site.signAlgorithm)).toEqual(['HS256']);
    expect(site.key).toMatchObject({ kind: 'hmac-secret', envNames: ['S'] });
  });

  it('reads alg from the header when the first argument is null, also from a JSON string', () => {
    const a = only(REQUIRE + "export const t = KJUR.jws.JWS.sign(null, { alg: 'HS512' }, JSON.stringify({ exp: KJUR.jws.IntDate.getNow() + 600 }), 'k');");
    expect(names(a.signAlgorithm)).toEqual(['HS512']);
    expect(a.lifetime).toMatchObject({ kind: 'seconds', seconds: 600 });
    const b = only(REQUIRE + "export const t = KJUR.jws.JWS.sign('', '{\"alg\":\"RS256\"}', '{\"sub\":\"x\"}', KEYUTIL.getKey(process.env.PRIVATE_PEM));");
    expect(names(b.signAlgorithm)).toEqual(['RS256']);
    expect(b.lifetime).toEqual({ kind: 'absent' });
    expect(b.key?.kind).toBe('private-key');
  });

  it('counts a plain even-length hex string key as hex bytes, odd or non-hex text as raw text', () => {
    const hex = only(REQUIRE + "export const t = KJUR.jws.JWS.sign('HS256', {}, {}, 'a1b2c3d4');");
    expect(hex.key?.material).toMatchObject({ byteLength: 4 });
    const raw = only(REQUIRE + "export const t = KJUR.jws.JWS.sign('HS256', {}, {}, 'a1b2c3d');");
    expect(raw.key?.material).toMatchObject({ byteLength: 7 });
    const b64 = only(REQUIRE + "export const t = KJUR.jws.JWS.sign('HS256', {}, {}, { b64: 'AAECAwQF' });");
    expect(b64.key?.material).toMatchObject({ byteLength: 6, form: 'buffer' });
  });

  it('does not judge the lifetime of a JWS over plain text', () => {
    const site = only(REQUIRE + "export const t = (s) => KJUR.jws.JWS.sign('RS256', { alg: 'RS256' }, 'hello ' + s, KEYUTIL.getKey(process.env.PRIVATE_PEM));");
    expect(site.lifetime).toEqual({ kind: 'unknown' });
  });

  it('knows the import forms: namespace import, `jws` export, destructured JWS', () => {
    for (const text of [
      "import * as rs from 'jsrsasign';\nexport const t = rs.KJUR.jws.JWS.sign('HS256', {}, {}, process.env.S);",
      "import { jws } from 'jsrsasign';\nexport const t = jws.JWS.sign('HS256', {}, {}, process.env.S);",
      "import rs from 'jsrsasign-reduced';\nconst { JWS } = rs.KJUR.jws;\nexport const t = JWS.sign('HS256', {}, {}, process.env.S);",
    ]) {
      expect(only(text)).toMatchObject({ api: 'KJUR.jws.JWS.sign', signs: true });
    }
  });
});

describe('jsrsasign JWS.verify and verifyJWT', () => {
  it('verify without an acceptAlgs array is the default (HMAC for a string key); a string is ignored', () => {
    expect(only(REQUIRE + 'export const v = (t) => KJUR.jws.JWS.verify(t, process.env.S);').verifyAlgorithms).toEqual({ kind: 'default', hmacByDefault: true });
    expect(only(REQUIRE + "export const v = (t) => KJUR.jws.JWS.verify(t, process.env.S, 'HS256');").verifyAlgorithms).toEqual({ kind: 'default', hmacByDefault: true });
    const pub = only(REQUIRE + 'const k = KEYUTIL.getKey(process.env.JWT_PEM);\nexport const v = (t) => KJUR.jws.JWS.verify(t, k);');
    expect(pub.verifyAlgorithms).toEqual({ kind: 'default', hmacByDefault: false });
    expect(pub.key?.kind).toBe('public-key');
    // An unresolved key may be an RSAKey object: not assumed HMAC.
    expect(only(REQUIRE + 'export function v(t, key) { return KJUR.jws.JWS.verify(t, key); }').verifyAlgorithms).toEqual({ kind: 'default', hmacByDefault: false });
  });

  it("an allowlist built from the token's own header is from-token", () => {
    const site = only(REQUIRE + 'export const v = (t, pem, head) => KJUR.jws.JWS.verify(t, KEYUTIL.getKey(pem), [head.alg]);');
    expect(site.verifyAlgorithms?.kind).toBe('from-token');
  });

  it('verify with an array is pinned; claims are not judged on a JWS verify', () => {
    const site = only(REQUIRE + "export const v = (t) => KJUR.jws.JWS.verify(t, process.env.S, ['HS256']);");
    expect(names(site.verifyAlgorithms)).toEqual(['HS256']);
    expect(site).toMatchObject({ audience: 'unknown', issuer: 'unknown', emptyKey: false });
  });

  it("an empty string key is an empty key", () => {
    expect(only(REQUIRE + "export const v = (t) => KJUR.jws.JWS.verify(t, '', ['HS256']);").emptyKey).toBe(true);
  });

  it('verifyJWT: alg is the allowlist, iss/aud count only as arrays, gracePeriod is a tolerance', () => {
    const site = only(REQUIRE + "export const v = (t) => KJUR.jws.JWS.verifyJWT(t, process.env.PUBLIC_PEM, { alg: ['RS256'], iss: ['i'], aud: 'a', gracePeriod: 600 });");
    expect(names(site.verifyAlgorithms)).toEqual(['RS256']);
    expect(site).toMatchObject({ api: 'KJUR.jws.JWS.verifyJWT', issuer: 'present', audience: 'absent', expiry: { clockTolerance: { seconds: 600 } } });
    const bare = only(REQUIRE + "export const v = (t) => KJUR.jws.JWS.verifyJWT(t, process.env.PUBLIC_PEM, { alg: ['RS256'] });");
    expect(bare).toMatchObject({ issuer: 'absent', audience: 'absent' });
  });
});

describe('jsrsasign decoding', () => {
  it('JWS.parse is a decode; .headerObj alone is header-only', () => {
    const site = only(REQUIRE + 'export const d = (req) => KJUR.jws.JWS.parse(req.headers.authorization).payloadObj.role;');
    expect(site).toMatchObject({ operation: 'decode', api: 'KJUR.jws.JWS.parse', decode: { headerOnly: false } });
    expect(only(REQUIRE + 'export const d = (t) => KJUR.jws.JWS.parse(t).headerObj.kid;').decode?.headerOnly).toBe(true);
  });

  it('readSafeJSONString(b64utoutf8(parts[1])) is a manual payload decode; the header segment is not', () => {
    const site = only(REQUIRE + "export const d = (t) => { const parts = t.split('.'); return KJUR.jws.JWS.readSafeJSONString(b64utoutf8(parts[1])).sub; };");
    expect(site).toMatchObject({ operation: 'decode', api: 'KJUR.jws.JWS.readSafeJSONString', decode: { manual: true } });
    expect(factsOf({ 'src/a.ts': REQUIRE + "export const d = (t) => KJUR.jws.JWS.readSafeJSONString(b64utoutf8(t.split('.')[0])).kid;" }).callSites).toHaveLength(0);
    const destructured = only(REQUIRE + "export const d = (t) => { const [, body] = t.split('.'); return KJUR.jws.JWS.readSafeJSONString(b64utoutf8(body)).sub; };");
    expect(destructured.decode?.manual).toBe(true);
    expect(factsOf({ 'src/a.ts': REQUIRE + "export const d = (t) => { const [head] = t.split('.'); return KJUR.jws.JWS.readSafeJSONString(b64utoutf8(head)).kid; };" }).callSites).toHaveLength(0);
  });
});
