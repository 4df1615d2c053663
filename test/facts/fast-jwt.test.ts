// The fast-jwt adapter (src/lang/javascript/adapters/fast-jwt.ts): the JwtCallSite records that
// createSigner/createVerifier (configured once, at the factory call) and the function
// createDecoder returns produce.
import { describe, expect, it } from 'vitest';
import { algorithmNames as names, factsFromFiles } from '../helpers/extract.js';
import type { FileFacts, JwtCallSite } from '../../src/facts/model.js';

function factsOf(text: string): FileFacts {
  return factsFromFiles({ 'src/a.ts': text });
}

function sites(text: string): JwtCallSite[] {
  return factsOf(text).callSites.filter((s) => s.library === 'fast-jwt');
}

function only(text: string): JwtCallSite {
  const all = sites(text);
  expect(all).toHaveLength(1);
  return all[0]!;
}

const REQ = "const { createSigner, createVerifier, createDecoder } = require('fast-jwt');\n";

describe('fast-jwt createSigner', () => {
  it('is one sign site at the factory call; a string key signs with HS256 by default', () => {
    const site = only(`${REQ}const sign = createSigner({ key: process.env.JWT_SECRET, expiresIn: '15m' });\nexport const t = sign({ sub: '1' });`);
    expect(site).toMatchObject({ api: 'createSigner', operation: 'sign', signs: true, verifies: false, signAlgorithm: { kind: 'default', hmacByDefault: true } });
    expect(site.loc.line).toBe(2);
    expect(site.key).toMatchObject({ kind: 'hmac-secret', envNames: ['JWT_SECRET'] });
    expect(site.lifetime).toMatchObject({ kind: 'seconds', seconds: 900 });
  });

  it('reads numeric expiresIn as milliseconds and a bare numeric string as milliseconds too', () => {
    const [a, b] = sites(`${REQ}export const a = createSigner({ key: 'k', expiresIn: 86400000 });\nexport const b = createSigner({ key: 'k', expiresIn: '3600000' });`);
    expect(a!.lifetime).toMatchObject({ kind: 'seconds', seconds: 86400 });
    expect(b!.lifetime).toMatchObject({ kind: 'seconds', seconds: 3600 });
  });

  it("names `algorithm: 'none'` and a PEM private key is not HMAC", () => {
    const [none, pem] = sites(
      `${REQ}export const a = createSigner({ algorithm: 'none' });\nexport const b = createSigner({ key: '-----BEGIN PRIVATE KEY-----\\nMC4C\\n-----END PRIVATE KEY-----', expiresIn: 1000 });`,
    );
    expect(names(none!.signAlgorithm)).toEqual(['none']);
    expect(none!.key).toBeNull();
    expect(none!.lifetime).toEqual({ kind: 'absent' });
    expect(pem!.key?.kind).toBe('private-key');
    expect(pem!.signAlgorithm).toEqual({ kind: 'default', hmacByDefault: false });
  });

  it('treats { key, passphrase } as an encrypted private key', () => {
    const site = only(`${REQ}export const s = createSigner({ key: { key: process.env.PEM, passphrase: process.env.PASS }, algorithm: 'RS256', expiresIn: '5m' });`);
    expect(site.key?.kind).toBe('private-key');
    expect(names(site.signAlgorithm)).toEqual(['RS256']);
  });

  it("without expiresIn takes the payloads' exp from the signer's calls in the file", () => {
    const all = `${REQ}const sign = createSigner({ key: process.env.K });\nexport const a = () => sign({ exp: Math.floor(Date.now() / 1000) + 60 });\nexport const b = () => sign({ exp: Math.floor(Date.now() / 1000) + 120 });`;
    expect(only(all).lifetime).toMatchObject({ kind: 'seconds', seconds: 120, loc: { line: 4 } });
    const oneWithout = `${REQ}const sign = createSigner({ key: process.env.K });\nexport const a = () => sign({ exp: Math.floor(Date.now() / 1000) + 60 });\nexport const b = () => sign({ sub: 'x' });`;
    expect(only(oneWithout).lifetime).toEqual({ kind: 'absent' });
    // A payload forwarded from the caller may carry exp: not judged (as jwt.sign(p, key)).
    expect(only(`${REQ}const sign = createSigner({ key: process.env.K });\nexport const a = (p) => sign(p);`).lifetime).toEqual({ kind: 'unknown' });
    // No call seen: the configuration sets no lifetime.
    expect(only(`${REQ}export const sign = createSigner({ key: process.env.K });`).lifetime).toEqual({ kind: 'absent' });
  });

  it('reports the extra payload lifetimes as lifetime values', () => {
    const facts = factsOf(`${REQ}const sign = createSigner({ key: process.env.K });\nexport const a = () => sign({ exp: Math.floor(Date.now() / 1000) + 60 * 60 * 48 });\nexport const b = () => sign({ exp: Math.floor(Date.now() / 1000) + 60 * 60 * 72 });`);
    expect(facts.callSites[0]!.lifetime).toMatchObject({ seconds: 259200, loc: { line: 4 } });
    expect(facts.lifetimes).toEqual([expect.objectContaining({ seconds: 172800, loc: expect.objectContaining({ line: 3 }) })]);
  });

  it('knows the default import and a namespace member', () => {
    const site = only("import fastJwt from 'fast-jwt';\nexport const s = fastJwt.createSigner({ key: process.env.K, algorithm: 'HS384', expiresIn: '1h' });");
    expect(names(site.signAlgorithm)).toEqual(['HS384']);
  });
});

describe('fast-jwt createVerifier', () => {
  it('without options other than the key: unpinned (HS family for a secret), no aud/iss, expiry enforced', () => {
    const site = only(`${REQ}export const v = createVerifier({ key: process.env.JWT_SECRET });`);
    expect(site).toMatchObject({ api: 'createVerifier', operation: 'verify', signs: false, verifies: true, verifyAlgorithms: { kind: 'default', hmacByDefault: true }, audience: 'absent', issuer: 'absent', expiry: {}, emptyKey: false });
  });

  it('reads allowedAud/allowedIss, and audience/issuer are not its options', () => {
    const ok = only(`${REQ}export const v = createVerifier({ key: process.env.K, algorithms: ['RS256'], allowedAud: /^api$/, allowedIss: ['a', 'b'] });`);
    expect(ok).toMatchObject({ audience: 'present', issuer: 'present' });
    expect(names(ok.verifyAlgorithms)).toEqual(['RS256']);
    const wrong = only(`${REQ}export const v = createVerifier({ key: process.env.K, algorithms: ['RS256'], audience: 'api', issuer: 'auth' });`);
    expect(wrong).toMatchObject({ audience: 'absent', issuer: 'absent' });
  });

  it('ignores an algorithms value that is not an array, as the library does', () => {
    const site = only(`${REQ}export const v = createVerifier({ key: process.env.JWT_PUBLIC_KEY, algorithms: 'RS256' });`);
    expect(site.verifyAlgorithms).toEqual({ kind: 'default', hmacByDefault: false });
  });

  it('reads clockTolerance in milliseconds and ignoreExpiration', () => {
    const site = only(`${REQ}export const v = createVerifier({ key: process.env.K, algorithms: ['HS256'],\n  ignoreExpiration: true,\n  clockTolerance: 600000 });`);
    expect(site.expiry?.ignoreExpiration?.line).toBe(3);
    expect(site.expiry?.clockTolerance).toMatchObject({ seconds: 600, loc: { line: 4 } });
  });

  it('an empty or null key is emptyKey, unless none is the only algorithm (alg-none names it)', () => {
    const [empty, nul, none] = sites(
      `${REQ}export const a = createVerifier({ key: '', algorithms: ['HS256'] });\nexport const b = createVerifier({ key: null });\nexport const c = createVerifier({ key: '', algorithms: ['none'] });`,
    );
    expect(empty!.emptyKey).toBe(true);
    expect(nul!.emptyKey).toBe(true);
    expect(none!.emptyKey).toBe(false);
    expect(names(none!.verifyAlgorithms)).toEqual(['none']);
  });

  it('a key function is not HMAC by default: the key it returns decides', () => {
    const site = only(`${REQ}export const v = createVerifier({ key: async (decoded) => lookup(decoded.header.kid) });\ndeclare function lookup(k: string): Promise<string>;`);
    expect(site.key?.kind).toBe('key-function');
    expect(site.verifyAlgorithms).toEqual({ kind: 'default', hmacByDefault: false });
  });
});

describe('fast-jwt createDecoder', () => {
  it("emits the decode at the returned function's call, with the token it reads", () => {
    const site = only(`${REQ}const decode = createDecoder();\nexport function f(req: any) {\n  const c = decode(req.headers.authorization);\n  if (c.admin) return 1;\n}`);
    expect(site).toMatchObject({ api: 'createDecoder', operation: 'decode', loc: { line: 4 } });
    expect(site.decode).toMatchObject({ headerOnly: false, verifiedInScope: false, tokenSource: 'request' });
  });

  it('an inline createDecoder({ complete: true })(token) reading only the header is header-only', () => {
    const site = only(`${REQ}export function f(t: string) {\n  const { header } = createDecoder({ complete: true })(t);\n  return header.kid;\n}`);
    expect(site.decode?.headerOnly).toBe(true);
  });

  it('the same token passed to a fast-jwt verifier in the same function is verified in scope', () => {
    const text = `${REQ}const decode = createDecoder();\nconst verifier = createVerifier({ key: process.env.K, algorithms: ['HS256'] });\nexport async function f(token: string) {\n  await verifier(token);\n  return decode(token).role;\n}\nexport function g(token: string) {\n  return decode(token).role;\n}`;
    const decodes = sites(text).filter((s) => s.operation === 'decode');
    expect(decodes.map((s) => [s.loc.line, s.decode?.verifiedInScope])).toEqual([
      [6, true],
      [9, false],
    ]);
  });

  it('a verifier handed out by a helper counts by its name; another token does not', () => {
    const text = `${REQ}const decode = createDecoder();\nconst make = () => ({ jwtVerifier: createVerifier({ key: process.env.K, algorithms: ['HS256'] }) });\nexport async function f(token: string) {\n  const c = decode(token);\n  if (c.sub !== 'x') throw new Error();\n  const { jwtVerifier } = make();\n  return jwtVerifier(token);\n}\nexport async function g(token: string, other: string) {\n  const c = decode(token);\n  const { jwtVerifier } = make();\n  return jwtVerifier(other);\n}`;
    const decodes = sites(text).filter((s) => s.operation === 'decode');
    expect(decodes.map((s) => [s.loc.line, s.decode?.verifiedInScope])).toEqual([
      [5, true],
      [11, false],
    ]);
  });

  it('calls of a signer or verifier are not decodes, and a non-fast-jwt createDecoder is ignored', () => {
    expect(sites(`${REQ}const v = createVerifier({ key: process.env.K, algorithms: ['HS256'] });\nexport const f = (t: string) => v(t);`).map((s) => s.operation)).toEqual(['verify']);
    expect(sites("import { createDecoder } from './local';\nconst d = createDecoder();\nexport const f = (t: string) => d(t);")).toEqual([]);
  });
});
