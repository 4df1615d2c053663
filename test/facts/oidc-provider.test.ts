// The oidc-provider adapter (src/lang/javascript/adapters/oidc-provider.ts): the provider is a signer
// whose jwks, cookie keys, token ttls, signing algorithms and client secrets become facts.
import { describe, expect, it } from 'vitest';
import { algorithmNames as names, factsFromFiles } from '../helpers/extract.js';
import type { FileFacts } from '../../src/facts/model.js';

function factsOf(text: string, others: Record<string, string> = {}): FileFacts {
  return factsFromFiles({ 'src/oidc.ts': text, ...others });
}


describe('oidc-provider: new Provider(issuer, configuration)', () => {
  it('is a signer with asymmetric defaults and an expiry it always sets; no verifier findings', () => {
    const facts = factsOf("import Provider from 'oidc-provider';\nexport const oidc = new Provider('https://op.example.com', { jwks: JSON.parse(process.env.JWKS) });");
    expect(facts.callSites).toHaveLength(1);
    const site = facts.callSites[0]!;
    expect(site).toMatchObject({ library: 'oidc-provider', api: 'new Provider', operation: 'configure', signs: true, verifies: false, signAlgorithm: { kind: 'default', hmacByDefault: false }, lifetime: { kind: 'present' } });
    expect(site.key?.kind).toBe('private-key');
    expect(site.loc.line).toBe(2);
    expect(facts.secrets).toHaveLength(0);
    expect(facts.lifetimes).toHaveLength(0);
  });

  it('records a literal private JWK as key material (jwk-private) and the site key as that private key', () => {
    const facts = factsOf(
      "const { Provider } = require('oidc-provider');\nconst config = {\n  jwks: {\n    keys: [\n      { kty: 'EC', crv: 'P-256', x: 'ax', y: 'ay',\n        d: 'c2VjcmV0LXByaXZhdGUtc2NhbGFyLXZhbHVlLWZvci10ZXN0cw' },\n    ],\n  },\n};\nexports.oidc = new Provider('https://op.example.com', config);",
    );
    expect(facts.callSites[0]!.key?.kind).toBe('private-key');
    expect(facts.secrets.map((s) => [s.material.form, s.material.loc.line, s.hmac])).toEqual([['jwk-private', 6, false]]);
  });

  it('records an oct key in jwks as HMAC material', () => {
    const facts = factsOf("import { Provider } from 'oidc-provider';\nnew Provider('https://op', { jwks: { keys: [{ kty: 'oct', k: 'c2hvcnQ' }] } });");
    expect(facts.secrets.map((s) => [s.material.form, s.hmac, s.material.byteLength])).toEqual([['jwk-oct', true, 5]]);
  });

  it('records literal cookie keys, and not keys read from the environment', () => {
    const facts = factsOf(
      "import Provider from 'oidc-provider';\nnew Provider('https://op', {\n  cookies: {\n    keys: ['some secret key', process.env.COOKIE_KEY],\n  },\n});",
    );
    expect(facts.secrets.map((s) => [s.material.text, s.material.loc.line, s.hmac])).toEqual([['some secret key', 4, true]]);
  });

  it('judges AccessToken, ClientCredentials and IdToken ttls (seconds, or one-return functions), not refresh tokens or sessions', () => {
    const facts = factsOf(
      [
        "import Provider from 'oidc-provider';",
        'new Provider(\'https://op\', {',
        '  ttl: {',
        '    AccessToken: 60 * 60 * 24 * 7,',
        '    ClientCredentials: (ctx, token) => token.resourceServer?.accessTokenTTL || 172800,',
        '    IdToken: 3600,',
        '    RefreshToken: 30 * 24 * 60 * 60,',
        '    Session: 14 * 24 * 60 * 60,',
        '    Grant: 14 * 24 * 60 * 60,',
        '  },',
        '});',
      ].join('\n'),
    );
    expect(facts.lifetimes.map((l) => [l.seconds, l.loc.line])).toEqual([
      [604800, 4],
      [172800, 5],
      [3600, 6],
    ]);
  });

  it('judges the longest lifetime a ttl function returns, not those of nested functions', () => {
    const facts = factsOf(
      [
        "import Provider from 'oidc-provider';",
        'new Provider(\'https://op\', {',
        '  ttl: {',
        '    AccessToken(ctx, token) {',
        '      const pick = (t) => { return 90 * 24 * 60 * 60; };',
        '      if (token.resourceServer) {',
        '        return token.resourceServer.accessTokenTTL ?? 2 * 24 * 60 * 60;',
        '      }',
        '      return 60 * 60;',
        '    },',
        '  },',
        '});',
      ].join('\n'),
    );
    expect(facts.lifetimes.map((l) => [l.seconds, l.loc.line])).toEqual([[172800, 7]]);
  });

  it('takes the signing algorithms from enabledJWA (and v6 whitelistedJWA)', () => {
    const facts = factsOf(
      "import Provider from 'oidc-provider';\nnew Provider('https://op', {\n  enabledJWA: { idTokenSigningAlgValues: ['RS256', 'HS256'], userinfoSigningAlgValues: ['ES256'] },\n  whitelistedJWA: { idTokenSigningAlgValues: ['none'] },\n});",
    );
    expect(names(facts.callSites[0]!.signAlgorithm)).toEqual(['RS256', 'HS256', 'ES256', 'none']);
  });

  it('makes an HS* client a signer with its client_secret as HMAC key; a basic-auth client secret is no JWT key', () => {
    const facts = factsOf(
      [
        "import Provider from 'oidc-provider';",
        'new Provider(\'https://op\', {',
        '  clients: [',
        "    { client_id: 'a', client_secret: 'a-secret', id_token_signed_response_alg: 'HS256', redirect_uris: [] },",
        "    { client_id: 'b', client_secret: 'b-secret', redirect_uris: [] },",
        "    { client_id: 'c', client_secret: 'c-secret', token_endpoint_auth_method: 'client_secret_jwt', redirect_uris: [] },",
        '  ],',
        "  clientDefaults: { userinfo_signed_response_alg: 'HS512' },",
        '});',
      ].join('\n'),
    );
    const [, signer, verifier, defaults] = facts.callSites;
    expect(signer).toMatchObject({ api: 'new Provider client', signs: true, verifies: false, lifetime: { kind: 'present' }, loc: { line: 4 } });
    expect(names(signer!.signAlgorithm)).toEqual(['HS256']);
    expect(signer!.key).toMatchObject({ kind: 'hmac-secret', material: { text: 'a-secret' } });
    expect(verifier).toMatchObject({ signs: false, verifies: true, audience: 'present', issuer: 'present', loc: { line: 6 } });
    expect(names(verifier!.verifyAlgorithms)).toEqual(['HS256']);
    expect(verifier!.verifyAlgorithms).toMatchObject({ values: [{ loc: { line: 6 } }] });
    expect(names(defaults!.signAlgorithm)).toEqual(['HS512']);
    expect(defaults!.key).toBeNull();
    expect(facts.callSites).toHaveLength(4);
    expect(facts.secrets.map((s) => s.material.text).sort()).toEqual(['a-secret', 'c-secret']);
    expect(facts.secrets.find((s) => s.material.text === 'a-secret')!.algorithms).toEqual(['HS256']);
  });

  it('reads resource servers: accessTokenTTL, and an HMAC-signed JWT access token format', () => {
    const facts = factsOf(
      [
        "import Provider from 'oidc-provider';",
        'new Provider(\'https://op\', {',
        '  features: {',
        '    resourceIndicators: {',
        '      enabled: true,',
        '      getResourceServerInfo: (ctx, resource) => ({',
        "        scope: 'api:read',",
        '        accessTokenTTL: 2 * 24 * 60 * 60,',
        "        accessTokenFormat: 'jwt',",
        "        jwt: { sign: { alg: 'HS256', key: Buffer.from('resource-server-key') } },",
        '      }),',
        '    },',
        '  },',
        '});',
      ].join('\n'),
    );
    expect(facts.lifetimes.map((l) => [l.seconds, l.loc.line])).toEqual([[172800, 8]]);
    const server = facts.callSites.find((s) => s.api === 'new Provider resource server')!;
    expect(names(server.signAlgorithm)).toEqual(['HS256']);
    expect(facts.secrets.map((s) => [s.material.text, s.hmac])).toEqual([['resource-server-key', true]]);
  });

  it('ignores another library\'s Provider', () => {
    expect(factsOf("import { Provider } from 'react-redux';\nimport 'oidc-provider';\nnew Provider({ store });").callSites).toHaveLength(0);
  });
});

describe('oidc-provider: configuration factories', () => {
  it('reads the object a configuration factory returns (`new Provider(url, createConfiguration(conf))`)', () => {
    const facts = factsOf(
      [
        "const Provider = require('oidc-provider');",
        'function createConfiguration(conf) {',
        "  const keys = JSON.parse(conf.COOKIE_KEYS || '[]');",
        '  return {',
        '    cookies: { keys },',
        '    ttl: { AccessToken: 365 * 24 * 60 * 60, Session: 365 * 24 * 60 * 60 },',
        '  };',
        '}',
        'exports.start = (conf) => new Provider(conf.SERVER_URL, createConfiguration(conf));',
      ].join('\n'),
    );
    expect(facts.lifetimes.map((l) => [l.seconds, l.loc.line])).toEqual([[31536000, 6]]);
  });

  it('follows a factory module (`module.exports = function createConfiguration`), reporting where the ttl is written', () => {
    const facts = factsOf("const Provider = require('oidc-provider');\nconst createConfiguration = require('./configuration');\nexports.start = (conf) => new Provider(conf.SERVER_URL, createConfiguration(conf));", {
      'src/configuration.js': 'module.exports = function createConfiguration(conf) {\n  const x = 1;\n  return { ttl: { IdToken: 2 * 24 * 60 * 60 } };\n};',
    });
    expect(facts.lifetimes.map((l) => [l.seconds, l.loc.file, l.loc.line])).toEqual([[172800, 'src/configuration.js', 3]]);
  });
});
