// The @hapi/jwt adapter (src/lang/javascript/adapters/hapi-jwt.ts): the `jwt` strategy's `keys` and
// `verify` settings, and the `Jwt.token` generate/verify/decode API.
import { describe, expect, it } from 'vitest';
import { algorithmNames as names, factsFromFiles } from '../helpers/extract.js';
import type { FileFacts, JwtCallSite } from '../../src/facts/model.js';

function factsOf(text: string): FileFacts {
  return factsFromFiles({ 'src/a.ts': text });
}

function only(text: string): JwtCallSite {
  const sites = factsOf(text).callSites;
  expect(sites).toHaveLength(1);
  return sites[0]!;
}

const head = "const Jwt = require('@hapi/jwt');\n";

describe('@hapi/jwt strategy', () => {
  it('reads keys and the required verify settings; aud/iss false switch the checks off', () => {
    const site = only(
      `${head}export async function setup(server) {\n  await server.register(Jwt);\n  server.auth.strategy('my_jwt', 'jwt', {\n    keys: 'some_shared_secret',\n    verify: { aud: false, iss: false, sub: false, nbf: true, exp: true, maxAgeSec: 14400, timeSkewSec: 15 },\n    validate: (artifacts) => ({ isValid: true, credentials: { user: artifacts.decoded.payload.user } }),\n  });\n}`,
    );
    expect(site).toMatchObject({ library: '@hapi/jwt', api: 'server.auth.strategy', operation: 'configure', verifies: true, signs: false, audience: 'absent', issuer: 'absent', verifyAlgorithms: { kind: 'default', hmacByDefault: true } });
    expect(site.key).toMatchObject({ kind: 'hmac-secret', material: { text: 'some_shared_secret' } });
    expect(site.expiry).toEqual({ clockTolerance: { seconds: 15, loc: expect.objectContaining({ line: 6 }) } });
    expect(site.loc.line).toBe(4);
  });

  it('pins with { key, algorithms }, takes a JWKS uri as a key set, and reads exp: false', () => {
    const site = only(
      `${head}export function setup(server) {\n  server.auth.strategy('jwt', 'jwt', {\n    keys: [{ uri: 'https://idp.example.com/.well-known/jwks.json', algorithms: ['RS256'] }],\n    verify: { aud: 'urn:audience:test', iss: 'urn:issuer:test', sub: false, exp: false },\n    validate: false,\n  });\n}`,
    );
    expect(site).toMatchObject({ audience: 'present', issuer: 'present' });
    expect(names(site.verifyAlgorithms)).toEqual(['RS256']);
    expect(site.key).toMatchObject({ kind: 'jwks', origin: 'url:https://idp.example.com/.well-known/jwks.json' });
    expect(site.expiry?.ignoreExpiration?.line).toBe(5);
  });

  it('a key without algorithms leaves the verifier unpinned; the other keys are still key material', () => {
    const facts = factsOf(`${head}export function setup(server) {\n  server.auth.strategy('jwt', 'jwt', {\n    keys: [{ key: 'first-secret-value', algorithms: ['HS512'] }, 'second-secret-value'],\n    verify: { aud: 'a', iss: 'i', sub: false },\n    validate: false,\n  });\n}`);
    expect(facts.callSites[0]!.verifyAlgorithms).toEqual({ kind: 'default', hmacByDefault: true });
    expect(facts.secrets.map((s) => s.material.text).sort()).toEqual(['first-secret-value', 'second-secret-value']);
  });

  it('keys given as { key: "", algorithms: ["none"] } accept unsigned tokens', () => {
    const site = only(`${head}export function setup(server) {\n  server.auth.strategy('jwt', 'jwt', { keys: { key: '', algorithms: ['none'] }, verify: { aud: 'a', iss: 'i', sub: false } , validate: false });\n}`);
    expect(names(site.verifyAlgorithms)).toEqual(['none']);
  });

  it('verify: false hands unverified claims to validate, unless validate verifies them itself', () => {
    const site = only(`${head}export function setup(server) {\n  server.auth.strategy('jwt', 'jwt', {\n    verify: false,\n    validate: (artifacts) => ({ isValid: artifacts.decoded.payload.admin === true }),\n  });\n}`);
    expect(site).toMatchObject({ operation: 'decode', verifies: false, decode: { verifiedInScope: false, tokenSource: 'request' } });
    expect(site.loc.line).toBe(4);
    const checked = factsOf(`${head}export function setup(server, key) {\n  server.auth.strategy('jwt', 'jwt', {\n    verify: false,\n    validate: (artifacts) => { Jwt.token.verify(artifacts, { key, algorithms: ['RS256'] }, { aud: 'a', iss: 'i' }); return { isValid: true }; },\n  });\n}`);
    expect(checked.callSites.map((s) => s.api)).toEqual(['Jwt.token.verify']);
  });

  it('ignores strategies of other schemes and files with neither plugin nor its option shape', () => {
    expect(factsOf(`${head}export function setup(server) {\n  server.auth.strategy('session', 'cookie', { keys: 'x', verify: { aud: false } });\n}`).callSites).toHaveLength(0);
    expect(factsOf(`import Hapi from '@hapi/hapi';\nexport function setup(server) {\n  server.auth.strategy('simple', 'jwt', { validate: () => ({ isValid: true }) });\n}`).callSites).toHaveLength(0);
  });
});

describe('@hapi/jwt token API', () => {
  it('generate signs with HS256 for a string secret; lifetime from the payload exp, else ttlSec', () => {
    const site = only(`${head}export const t = Jwt.token.generate({ aud: 'a', iss: 'i', user: 'u' }, { key: process.env.JWT_KEY, algorithm: 'HS512' }, { ttlSec: 14400 });`);
    expect(site).toMatchObject({ operation: 'sign', signs: true, lifetime: { kind: 'seconds', seconds: 14400 } });
    expect(names(site.signAlgorithm)).toEqual(['HS512']);
    const bare = only(`${head}export const t = Jwt.token.generate({ user: 'u' }, process.env.JWT_KEY);`);
    expect(bare).toMatchObject({ signAlgorithm: { kind: 'default', hmacByDefault: true }, lifetime: { kind: 'absent' } });
    const header = only(`${head}export const t = Jwt.token.generate({ user: 'u', exp: Math.floor(Date.now() / 1000) + 60 }, privateKey, { header: { alg: 'RS256' }, ttlSec: 999999 });`);
    expect(names(header.signAlgorithm)).toEqual(['RS256']);
    expect(header.lifetime).toMatchObject({ kind: 'seconds', seconds: 60 });
  });

  it('verify checks claims only when asked; verifySignature checks no claims', () => {
    const site = only(`${head}export function check(artifacts) {\n  Jwt.token.verify(artifacts, process.env.JWT_KEY);\n}`);
    expect(site).toMatchObject({ operation: 'verify', audience: 'absent', issuer: 'absent', verifyAlgorithms: { kind: 'default', hmacByDefault: true } });
    const asked = only(`${head}export function check(artifacts) {\n  Jwt.token.verify(artifacts, { key: process.env.JWT_KEY, algorithms: ['HS256'] }, { aud: 'a', iss: 'i', timeSkewSec: 600 });\n}`);
    expect(asked).toMatchObject({ audience: 'present', issuer: 'present', expiry: { clockTolerance: { seconds: 600 } } });
  });

  it('verifySignature checks no claim, unless verifyPayload (or verifyTime) follows on the same artifacts', () => {
    const sig = only(`${head}export function check(artifacts) {\n  Jwt.token.verifySignature(artifacts, { key: process.env.JWT_KEY, algorithm: 'HS256' });\n}`);
    expect(sig).toMatchObject({ audience: 'absent', issuer: 'absent', expiry: { ignoreExpiration: { line: 3 } } });
    const payload = factsOf(`${head}export function check(artifacts) {\n  Jwt.token.verifySignature(artifacts, { key: process.env.JWT_KEY, algorithm: 'HS256' });\n  Jwt.token.verifyPayload(artifacts, { aud: 'a', iss: 'i', timeSkewSec: 900 });\n}`).callSites;
    expect(payload).toHaveLength(1);
    expect(payload[0]).toMatchObject({ audience: 'present', issuer: 'present', expiry: { clockTolerance: { seconds: 900 } } });
    const time = only(`${head}export function check(artifacts) {\n  Jwt.token.verifySignature(artifacts, key);\n  Jwt.token.verifyTime(artifacts);\n}`);
    expect(time).toMatchObject({ audience: 'absent', issuer: 'absent', expiry: {} });
  });

  it('a decode whose artifacts are verified in the same function counts as verified', () => {
    const facts = factsOf(`${head}export function check(req, key) {\n  const artifacts = Jwt.token.decode(req.headers.authorization);\n  Jwt.token.verify(artifacts, key, { aud: 'a', iss: 'i' });\n  return artifacts.decoded.payload.user;\n}`);
    const decode = facts.callSites.find((s) => s.operation === 'decode')!;
    expect(decode.decode?.verifiedInScope).toBe(true);
    const bare = factsOf(`${head}export function check(req) {\n  const artifacts = Jwt.token.decode(req.headers.authorization);\n  return artifacts.decoded.payload.user;\n}`);
    expect(bare.callSites[0]!.decode?.verifiedInScope).toBe(false);
    const parts = factsOf(`${head}export function check(token) {\n  const artifacts = Jwt.token.decode(token);\n  const { decoded, raw } = artifacts;\n  Jwt.token.verifySignature({ decoded, raw }, process.env.REFRESH_KEY);\n  return decoded.payload;\n}`);
    expect(parts.callSites.find((s) => s.operation === 'decode')!.decode?.verifiedInScope).toBe(true);
  });
});
