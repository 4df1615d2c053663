// The express-oauth2-jwt-bearer adapter (src/lang/javascript/adapters/express-oauth2-jwt-bearer.ts): what
// `auth({...})` checks by itself (audience and issuer always, asymmetric algorithms without a
// secret, a pinned HMAC algorithm with one) and what `validators`/`clockTolerance` switch off.
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/lang/javascript/extract-facts.js';
import { indexFile, type FileIndex } from '../../src/lang/javascript/file-index.js';
import type { JwtCallSite } from '../../src/facts/model.js';
import { createProject } from '../../src/lang/javascript/project.js';
import { parseJs } from '../../src/lang/javascript/parse-js.js';

function only(text: string): JwtCallSite {
  const project = createProject(new Map([['src/a.ts', text]]), (path, source) => indexFile(path, source, parseJs(source, 'ts').ast));
  const sites = extractFacts(project.index('src/a.ts') as FileIndex, project).callSites;
  expect(sites).toHaveLength(1);
  return sites[0]!;
}

const head = "import { auth } from 'express-oauth2-jwt-bearer';\n";

describe('express-oauth2-jwt-bearer auth()', () => {
  it('always checks audience and issuer; a JWKS verifier without tokenSigningAlg is unpinned but never HMAC', () => {
    const site = only(`${head}export const check = auth({ audience: 'https://api', issuerBaseURL: process.env.ISSUER_BASE_URL });`);
    expect(site).toMatchObject({ library: 'express-oauth2-jwt-bearer', operation: 'configure', verifies: true, signs: false, audience: 'present', issuer: 'present', verifyAlgorithms: { kind: 'default', hmacByDefault: false } });
    expect(site.key).toMatchObject({ kind: 'jwks', origin: 'env:ISSUER_BASE_URL' });
    expect(site.loc.line).toBe(2);
  });

  it('reads everything from the environment when called without options', () => {
    const site = only(`${head}export const check = auth();`);
    expect(site).toMatchObject({ audience: 'present', issuer: 'present', verifyAlgorithms: { kind: 'default', hmacByDefault: false } });
    expect(site.key?.origin).toBe('env:ISSUER_BASE_URL');
  });

  it('tokenSigningAlg pins the algorithm', () => {
    const site = only(`${head}export const check = auth({ audience: 'a', issuerBaseURL: 'https://idp.example.com/', tokenSigningAlg: 'RS256' });`);
    expect(site.verifyAlgorithms).toMatchObject({ kind: 'explicit', values: [{ name: 'RS256' }] });
    expect(site.key?.origin).toBe('url:https://idp.example.com');
  });

  it('a secret is HMAC key material; without tokenSigningAlg the library requires TOKEN_SIGNING_ALG (pinned at run time)', () => {
    const site = only(`${head}export const check = auth({ audience: 'a', issuer: 'https://idp', secret: 'a-literal-secret' });`);
    expect(site.key).toMatchObject({ kind: 'hmac-secret', material: { text: 'a-literal-secret' } });
    expect(site.verifyAlgorithms?.kind).toBe('unknown');
    const pinned = only(`${head}export const check = auth({ audience: 'a', issuer: 'https://idp', secret: process.env.JWT_SECRET, tokenSigningAlg: 'HS256' });`);
    expect(pinned.verifyAlgorithms).toMatchObject({ kind: 'explicit', values: [{ name: 'HS256' }] });
    expect(pinned.key?.envNames).toEqual(['JWT_SECRET']);
  });

  it('validators switch checks off with false; a string or function replaces the check', () => {
    const site = only(`${head}export const check = auth({\n  audience: 'a',\n  issuerBaseURL: 'https://idp',\n  tokenSigningAlg: 'RS256',\n  validators: {\n    aud: false,\n    iss: false,\n    alg: false,\n    exp: false,\n  },\n});`);
    expect(site).toMatchObject({ audience: 'absent', issuer: 'absent', verifyAlgorithms: { kind: 'default', hmacByDefault: false } });
    expect(site.expiry?.ignoreExpiration?.line).toBe(10);
    const custom = only(`${head}export const check = auth({ audience: 'a', issuerBaseURL: 'https://idp', validators: { iss: (iss) => iss.startsWith('https://'), aud: 'x', alg: 'ES256' } });`);
    expect(custom).toMatchObject({ audience: 'present', issuer: 'present', verifyAlgorithms: { kind: 'explicit', values: [{ name: 'ES256' }] } });
    expect(custom.expiry).toEqual({});
  });

  it('clockTolerance is seconds; maxTokenAge adds a check', () => {
    const site = only(`${head}export const check = auth({ audience: 'a', issuerBaseURL: 'https://idp', clockTolerance: 3600, maxTokenAge: 60 });`);
    expect(site.expiry?.clockTolerance?.seconds).toBe(3600);
  });

  it('leaves an unresolvable options object and mcd algorithms unjudged', () => {
    const project = createProject(new Map([['src/a.ts', `${head}export const check = auth(buildOptions());`]]), (path, source) => indexFile(path, source, parseJs(source, 'ts').ast));
    expect(extractFacts(project.index('src/a.ts') as FileIndex, project).callSites).toHaveLength(0);
    const mcd = only(`${head}export const check = auth({ audience: 'a', mcd: { issuers: ['https://a', 'https://b'] } });`);
    expect(mcd.verifyAlgorithms?.kind).toBe('unknown');
  });
});
