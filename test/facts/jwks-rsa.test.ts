// jwks-rsa is recognised, not modelled: its clients and secret providers are key SOURCES for the
// verifiers of modelled libraries (jsonwebtoken, express-jwt, passport-jwt, koa-jwt). These tests
// check, through the import forms real projects use, that the key of such a verifier is a JWKS
// ('jwks', with the jwksUri as origin where it is written) or at least a key function, never an
// HMAC secret, through every import form below (renamed, bare named, `new JwksClient`, a
// CommonJS key callback required from another file).
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/lang/javascript/extract-facts.js';
import { indexFile, type FileIndex } from '../../src/lang/javascript/file-index.js';
import { analyseKey } from '../../src/lang/javascript/interpret.js';
import type { JwtCallSite } from '../../src/facts/model.js';
import { createProject } from '../../src/lang/javascript/project.js';
import { ValueResolver } from '../../src/lang/javascript/resolve-value.js';
import { parseJs } from '../../src/lang/javascript/parse-js.js';

function project(text: string, others: Record<string, string> = {}) {
  return createProject(new Map([['src/auth.ts', text], ...Object.entries(others)]), (path, source) => indexFile(path, source, parseJs(source, 'ts').ast));
}

function site(text: string, others: Record<string, string> = {}): JwtCallSite {
  const p = project(text, others);
  const sites = extractFacts(p.index('src/auth.ts') as FileIndex, p).callSites.filter((s) => s.verifies);
  expect(sites).toHaveLength(1);
  return sites[0]!;
}

/** The key analysis of `const probe = ...` (for hosts jwtlint does not model, such as hapi-auth-jwt2). */
function probeKey(text: string) {
  const p = project(text);
  const index = p.index('src/auth.ts') as FileIndex;
  const binding = index.programScope.bindings.get('probe');
  if (!binding || binding.kind !== 'var') throw new Error('no probe');
  const resolver = new ValueResolver(p);
  return analyseKey(resolver.resolve(binding.id, index), binding.id, index, resolver, true);
}

const URI = "'https://tenant.example.com/.well-known/jwks.json'";
const ORIGIN = 'url:https://tenant.example.com/.well-known/jwks.json';

describe('jwks-rsa secret providers', () => {
  it('default import, member call: jwksRsa.expressJwtSecret in express-jwt', () => {
    const s = site(`import { expressjwt } from 'express-jwt';\nimport jwksRsa from 'jwks-rsa';\nexport const mw = expressjwt({\n  secret: jwksRsa.expressJwtSecret({ cache: true, jwksUri: ${URI} }) as any,\n  algorithms: ['RS256'],\n});`);
    expect(s.key).toMatchObject({ kind: 'jwks', origin: ORIGIN });
  });

  it('named import: passportJwtSecret as secretOrKeyProvider of passport-jwt', () => {
    const s = site(`import { Strategy, ExtractJwt } from 'passport-jwt';\nimport { passportJwtSecret } from 'jwks-rsa';\nexport const st = new Strategy({\n  jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),\n  secretOrKeyProvider: passportJwtSecret({ jwksUri: process.env.JWKS_URI! }),\n  algorithms: ['RS256'],\n}, (p: any, done: any) => done(null, p));`);
    expect(s.key).toMatchObject({ kind: 'jwks', origin: 'env:JWKS_URI' });
  });

  it('require, destructured: koaJwtSecret in koa-jwt', () => {
    const s = site(`const koaJwt = require('koa-jwt');\nconst { koaJwtSecret } = require('jwks-rsa');\nexport const mw = koaJwt({\n  secret: koaJwtSecret({ jwksUri: ${URI} }),\n  algorithms: ['RS256'],\n});`);
    expect(s.key).toMatchObject({ kind: 'jwks', origin: ORIGIN });
  });

  it('hapiJwt2Key through a namespace member (hapi-auth-jwt2 is not modelled: the key itself)', () => {
    expect(probeKey(`import * as jwksRsa from 'jwks-rsa';\nconst probe = jwksRsa.hapiJwt2Key({ jwksUri: ${URI} });`).info).toMatchObject({ kind: 'jwks', origin: ORIGIN });
  });

  // resolve-value.ts matches jwks-rsa calls by name; `hapiJwt2Key`/`hapiJwt2KeyAsync` are not in
  // its list, so a bare named import is an unknown call: classified 'unknown', an HMAC secret
  // for a string-keyed library.
  it('a bare hapiJwt2KeyAsync named import', () => {
    expect(probeKey(`import { hapiJwt2KeyAsync } from 'jwks-rsa';\nconst probe = hapiJwt2KeyAsync({ jwksUri: ${URI} });`).info).toMatchObject({ kind: 'jwks', origin: ORIGIN });
  });

  it('a renamed import of a provider', () => {
    const s = site(`import { expressjwt } from 'express-jwt';\nimport { expressJwtSecret as keyProvider } from 'jwks-rsa';\nexport const mw = expressjwt({ secret: keyProvider({ jwksUri: ${URI} }) as any, algorithms: ['RS256'] });`);
    expect(s.key).toMatchObject({ kind: 'jwks', origin: ORIGIN });
  });
});

describe('jwks-rsa clients used in a jsonwebtoken key callback', () => {
  const verifyWith = (setup: string, lookup: string) =>
    site(`import jwt from 'jsonwebtoken';\n${setup}\nexport const check = (token: string) => jwt.verify(token, (header: any, cb: any) => {\n  ${lookup}\n}, { algorithms: ['RS256'], audience: 'api', issuer: 'https://tenant.example.com/' });`);

  it('const jwks = require(...); jwks({ jwksUri }), callback lookup', () => {
    const s = verifyWith(`const jwks = require('jwks-rsa');\nconst client = jwks({ jwksUri: ${URI} });`, 'client.getSigningKey(header.kid, (err: any, key: any) => cb(err, key?.getPublicKey()));');
    expect(s.key).toMatchObject({ kind: 'jwks', origin: ORIGIN });
  });

  it('default import jwksClient, promise lookup getSigningKey(kid).then(k => k.getPublicKey())', () => {
    const s = verifyWith(`import jwksClient from 'jwks-rsa';\nconst client = jwksClient({ jwksUri: ${URI}, cache: true, rateLimit: true });`, 'client.getSigningKey(header.kid).then((k) => cb(null, k.getPublicKey()), cb);');
    expect(s.key).toMatchObject({ kind: 'jwks', origin: ORIGIN });
  });

  it('options object declared apart: the origin is its jwksUri', () => {
    const s = verifyWith(`import jwksClient from 'jwks-rsa';\nconst opts = { jwksUri: process.env.AUTH0_JWKS_URL! };\nconst client = jwksClient(opts);`, 'client.getSigningKey(header.kid, (e: any, k: any) => cb(e, k.getPublicKey()));');
    expect(s.key).toMatchObject({ kind: 'jwks', origin: 'env:AUTH0_JWKS_URL' });
  });


  it('a renamed default import (createClient) is a JWKS client', () => {
    const s = verifyWith(`import createClient from 'jwks-rsa';\nconst client = createClient({ jwksUri: ${URI} });`, 'client.getSigningKey(header.kid, (e: any, k: any) => cb(e, k.getPublicKey()));');
    expect(s.key).toMatchObject({ kind: 'jwks', origin: ORIGIN });
  });

  it('new JwksClient({ jwksUri })', () => {
    const s = verifyWith(`import { JwksClient } from 'jwks-rsa';\nconst client = new JwksClient({ jwksUri: ${URI} });`, 'client.getSigningKey(header.kid, (e: any, k: any) => cb(e, k.getPublicKey()));');
    expect(s.key).toMatchObject({ kind: 'jwks', origin: ORIGIN });
  });

});

describe('a key callback in a module of its own (the common getKey.js helper)', () => {
  const helper = (exportLine: string) => `const jwksClient = require('jwks-rsa');\nconst client = jwksClient({ jwksUri: ${URI} });\n${exportLine}(header, callback) => {\n  client.getSigningKey(header.kid, (err, key) => callback(err, key && key.getPublicKey()));\n};\n`;
  const verify = (importLine: string) => `import jwt from 'jsonwebtoken';\n${importLine}\nexport const check = (t: string, cb: any) => jwt.verify(t, getKey, { audience: 'api', issuer: 'https://tenant.example.com/' }, cb);`;

  it('ESM default export', () => {
    const s = site(verify("import getKey from './getKey';"), { 'src/getKey.js': helper('export default ') });
    expect(s.key).toMatchObject({ kind: 'jwks', origin: ORIGIN });
  });

  // `require('./getKey')` resolves to the module, not to the function `module.exports` holds, so
  // the key is unknown and jsonwebtoken treats it as an HMAC secret (a false symmetric-algorithm).
  it('CommonJS module.exports = (header, callback) => ... required from another file', () => {
    const s = site(verify("const getKey = require('./getKey');"), { 'src/getKey.js': helper('module.exports = ') });
    expect(s.key).toMatchObject({ kind: 'jwks', origin: ORIGIN });
  });
});
