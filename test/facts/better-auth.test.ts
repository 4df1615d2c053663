// The better-auth adapter (src/lang/javascript/adapters/better-auth.ts): the secret, the JWT cookie cache
// lifetime and the JWT plugin's expirationTime; database session lifetimes stay silent.
import { describe, expect, it } from 'vitest';
import { factsFromFiles } from '../helpers/extract.js';
import type { FileFacts } from '../../src/facts/model.js';

function factsOf(text: string): FileFacts {
  return factsFromFiles({ 'lib/auth.ts': text });
}

const secretLines = (f: FileFacts) => f.secrets.map((s) => `${s.material.loc.line}:${s.material.text}`);
const lifetimes = (f: FileFacts) => f.lifetimes.map((l) => `${l.loc.line}:${l.seconds}`);

describe('betterAuth options', () => {
  it('reads a literal secret and an env fallback literal as HMAC key material', () => {
    const f = factsOf("import { betterAuth } from 'better-auth';\nexport const auth = betterAuth({\n  secret: process.env.BETTER_AUTH_SECRET || 'dev-fallback-secret',\n});");
    expect(secretLines(f)).toEqual(['3:dev-fallback-secret']);
    expect(f.secrets[0]!.hmac).toBe(true);
    expect(f.callSites).toEqual([]);
  });

  it('reads versioned secrets', () => {
    const f = factsOf("import { betterAuth } from 'better-auth';\nexport const auth = betterAuth({\n  secrets: [\n    { version: 2, value: 'second-version-secret' },\n    { version: 1, value: process.env.OLD_SECRET },\n  ],\n});");
    expect(secretLines(f)).toEqual(['4:second-version-secret']);
  });

  it('is silent on an env secret', () => {
    expect(factsOf("import { betterAuth } from 'better-auth';\nexport const auth = betterAuth({ secret: process.env.BETTER_AUTH_SECRET });").secrets).toEqual([]);
  });

  it('does not take the database session expiresIn as a token lifetime', () => {
    const f = factsOf("import { betterAuth } from 'better-auth';\nexport const auth = betterAuth({\n  session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24, cookieCache: { enabled: true, maxAge: 60 * 60 * 24 * 30 } },\n});");
    expect(lifetimes(f)).toEqual([]);
  });

  it('takes the cookie cache maxAge as a lifetime when the cache is a JWT or JWE', () => {
    const jwt = factsOf("import { betterAuth } from 'better-auth';\nexport const auth = betterAuth({\n  session: {\n    cookieCache: { enabled: true, strategy: 'jwt', maxAge: 7 * 24 * 60 * 60 },\n  },\n});");
    expect(lifetimes(jwt)).toEqual(['4:604800']);
    const off = factsOf("import { betterAuth } from 'better-auth';\nexport const auth = betterAuth({\n  session: { cookieCache: { enabled: false, strategy: 'jwe', maxAge: 604800 } },\n});");
    expect(lifetimes(off)).toEqual([]);
  });

  it('reads typed options objects', () => {
    const f = factsOf("import type { BetterAuthOptions } from 'better-auth';\nexport const options = {\n  secret: 'typed-options-secret',\n} satisfies BetterAuthOptions;");
    expect(secretLines(f)).toEqual(['3:typed-options-secret']);
  });

  it('ignores a betterAuth of another package', () => {
    expect(factsOf("import { betterAuth } from './my-auth';\nexport const a = betterAuth({ secret: 'not-the-library' });").secrets).toEqual([]);
  });
});

describe('JWT plugin', () => {
  it('reads expirationTime as a duration', () => {
    const f = factsOf("import { betterAuth } from 'better-auth';\nimport { jwt } from 'better-auth/plugins';\nexport const auth = betterAuth({\n  plugins: [jwt({\n    jwks: { keyPairConfig: { alg: 'EdDSA' } },\n    jwt: { expirationTime: '30d', issuer: 'https://a.example' },\n  })],\n});");
    expect(lifetimes(f)).toEqual(['6:2592000']);
    expect(f.callSites).toEqual([]);
  });

  it('leaves an absolute numeric expirationTime and the default alone', () => {
    expect(lifetimes(factsOf("import { jwt } from 'better-auth/plugins';\nexport const p = jwt({ jwt: { expirationTime: 1893456000 } });"))).toEqual([]);
    expect(lifetimes(factsOf("import { jwt } from 'better-auth/plugins';\nexport const p = jwt();"))).toEqual([]);
  });

  it('does not take jsonwebtoken as the plugin', () => {
    const f = factsOf("import { betterAuth } from 'better-auth';\nimport jwt from 'jsonwebtoken';\nexport const t = jwt.sign({ sub: '1' }, process.env.S!, { expiresIn: '1h' });");
    expect(lifetimes(f)).toEqual([]);
    expect(f.callSites).toHaveLength(1);
  });
});
