// The hapi-auth-jwt2 adapter (src/lang/javascript/adapters/hapi-auth-jwt2.ts): the `jwt` strategy hands
// `verifyOptions` to jsonwebtoken.verify for each key.
import { describe, expect, it } from 'vitest';
import { factsFromFiles } from '../helpers/extract.js';
import type { FileFacts, JwtCallSite } from '../../src/facts/model.js';

function factsOf(text: string): FileFacts {
  return factsFromFiles({ 'src/a.ts': text });
}

const head = "const HapiAuthJwt2 = require('hapi-auth-jwt2');\n";

describe('hapi-auth-jwt2 strategy', () => {
  it('a string key is HMAC and the verifier has no allowlist, audience or issuer by default', () => {
    const facts = factsOf(`${head}export async function setup(server) {\n  await server.register(HapiAuthJwt2);\n  server.auth.strategy('jwt', 'jwt', {\n    key: 'NeverShareYourSecret',\n    validate: async (decoded) => ({ isValid: true }),\n  });\n}`);
    expect(facts.callSites).toHaveLength(1);
    const site = facts.callSites[0]!;
    expect(site).toMatchObject({ library: 'hapi-auth-jwt2', operation: 'configure', verifies: true, audience: 'absent', issuer: 'absent', verifyAlgorithms: { kind: 'default', hmacByDefault: true } });
    expect(site.key).toMatchObject({ kind: 'hmac-secret', material: { text: 'NeverShareYourSecret' } });
    expect(site.loc.line).toBe(4);
  });

  it('reads verifyOptions as jsonwebtoken does, key-check switches included', () => {
    const facts = factsOf(`${head}export function setup(server) {\n  server.auth.strategy('jwt', 'jwt', {\n    key: process.env.JWT_PUBLIC_KEY,\n    validate,\n    verifyOptions: {\n      algorithms: ['RS256'],\n      audience: 'api',\n      issuer: 'https://idp',\n      ignoreExpiration: true,\n      allowInvalidAsymmetricKeyTypes: true,\n    },\n  });\n}`);
    const site = facts.callSites[0]!;
    expect(site).toMatchObject({ audience: 'present', issuer: 'present', verifyAlgorithms: { kind: 'explicit', values: [{ name: 'RS256' }] } });
    expect(site.expiry?.ignoreExpiration?.line).toBe(10);
    expect(facts.unsafeOptions.map((o) => [o.option, o.loc.line])).toEqual([['verifyOptions.allowInvalidAsymmetricKeyTypes', 11]]);
  });

  it('every key of an array is key material; a key function is not assumed HMAC', () => {
    const facts = factsOf(`${head}export function setup(server) {\n  server.auth.strategy('jwt', 'jwt', { key: ['first-secret-value', 'second-secret-value'], validate, verifyOptions: { algorithms: ['HS256'] } });\n}`);
    expect(facts.secrets.map((s) => s.material.text).sort()).toEqual(['first-secret-value', 'second-secret-value']);
    const fn = factsOf(`${head}export function setup(server) {\n  server.auth.strategy('jwt', 'jwt', { key: async (decoded) => lookupKey(decoded.header.kid), validate });\n}`);
    expect(fn.callSites[0]!.verifyAlgorithms).toEqual({ kind: 'default', hmacByDefault: false });
  });

  it('a verify function without validate replaces the check: not judged; @hapi/jwt files are not read as hapi-auth-jwt2', () => {
    expect(factsOf(`${head}export function setup(server) {\n  server.auth.strategy('jwt', 'jwt', { key: 'k', verify: async (decoded) => ({ isValid: !!decoded }) });\n}`).callSites).toHaveLength(0);
    const site = factsOf(`const Jwt = require('@hapi/jwt');\nexport function setup(server) {\n  server.auth.strategy('jwt', 'jwt', { keys: 'k', verify: { aud: 'a', iss: 'i', sub: false }, validate: false });\n}`).callSites[0]!;
    expect(site.library).toBe('@hapi/jwt');
  });

  it('reads the hapi < 17 form (mode before options, validateFunc/verifyFunc) and a jwks-rsa key lookup', () => {
    const old = factsOf(`${head}export function setup(server, options) {\n  server.auth.strategy('jwt', 'jwt', true, { key: options.secret, validateFunc: validate, verifyOptions: { algorithms: ['HS256'] } });\n}`).callSites;
    expect(old).toHaveLength(1);
    expect(old[0]!.verifyAlgorithms).toMatchObject({ kind: 'explicit', values: [{ name: 'HS256' }] });
    expect(factsOf(`${head}export function setup(server) {\n  server.auth.strategy('jwt', 'jwt', 'required', { key: 'k', verifyFunc: (decoded, request, cb) => cb(null, true) });\n}`).callSites).toHaveLength(0);
    const jwks = factsOf(`${head}const jwksRsa = require('jwks-rsa');\nexport function setup(server) {\n  server.auth.strategy('jwt', 'jwt', {\n    complete: true,\n    key: jwksRsa.hapiJwt2KeyAsync({ jwksUri: 'https://tenant.example.com/.well-known/jwks.json' }),\n    validate,\n    verifyOptions: { audience: 'api', issuer: 'https://tenant.example.com/', algorithms: ['RS256'] },\n  });\n}`).callSites[0]!;
    expect(jwks.key?.kind).toBe('jwks');
    expect(jwks).toMatchObject({ audience: 'present', issuer: 'present' });
  });
});
