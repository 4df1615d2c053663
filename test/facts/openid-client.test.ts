// The openid-client adapter (src/lang/javascript/adapters/openid-client.ts): the library validates ID
// tokens itself, so only client metadata that makes the client secret a JWT key (or accepts
// unsigned tokens, or widens the clock tolerance) produces facts.
import { describe, expect, it } from 'vitest';
import { algorithmNames as names, factsFromFiles } from '../helpers/extract.js';
import type { FileFacts } from '../../src/facts/model.js';

function factsOf(text: string): FileFacts {
  return factsFromFiles({ 'src/auth.ts': text });
}


describe('openid-client v4/v5: new issuer.Client(metadata)', () => {
  it('a default client (RS256 ID tokens, client_secret_basic) yields no facts, literal secret included', () => {
    const facts = factsOf(
      "const { Issuer } = require('openid-client');\nasync function setup() {\n  const issuer = await Issuer.discover('https://op.example.com');\n  const client = new issuer.Client({ client_id: 'app', client_secret: 'not-a-jwt-key', redirect_uris: ['https://app/cb'] });\n  const tokenSet = await client.callback('https://app/cb', {}, { nonce: 'n' });\n  return tokenSet.claims();\n}",
    );
    expect(facts.callSites).toHaveLength(0);
    expect(facts.secrets).toHaveLength(0);
  });

  it('HS256 ID tokens: a pinned verifier (aud/iss checked) keyed by the client secret', () => {
    const facts = factsOf(
      "import { Issuer } from 'openid-client';\nconst issuer = await Issuer.discover(process.env.OIDC_ISSUER);\nexport const client = new issuer.Client({\n  client_id: 'app',\n  client_secret: 'short-secret',\n  id_token_signed_response_alg: 'HS256',\n});",
    );
    expect(facts.callSites).toHaveLength(1);
    const site = facts.callSites[0]!;
    expect(site).toMatchObject({ library: 'openid-client', signs: false, verifies: true, audience: 'present', issuer: 'present', loc: { line: 3 } });
    expect(names(site.verifyAlgorithms)).toEqual(['HS256']);
    expect(site.verifyAlgorithms).toMatchObject({ values: [{ loc: { line: 6 } }] });
    expect(facts.secrets.map((s) => [s.material.text, s.material.loc.line, s.hmac, s.algorithms])).toEqual([['short-secret', 5, true, ['HS256']]]);
  });

  it('client_secret_jwt: the client signs assertions with HS256 (on the method line) or the named alg', () => {
    const facts = factsOf(
      "import { Issuer } from 'openid-client';\nconst issuer = new Issuer({ issuer: 'https://op' });\nexport const a = new issuer.Client({\n  client_id: 'a',\n  client_secret: process.env.CLIENT_SECRET,\n  token_endpoint_auth_method: 'client_secret_jwt',\n});\nexport const b = new issuer.Client({ client_id: 'b', client_secret: process.env.B, token_endpoint_auth_method: 'client_secret_jwt',\n  token_endpoint_auth_signing_alg: 'HS512' });",
    );
    const [a, b] = facts.callSites;
    expect(a).toMatchObject({ signs: true, verifies: false, lifetime: { kind: 'present' } });
    expect(a!.signAlgorithm).toMatchObject({ kind: 'explicit', values: [{ name: 'HS256', loc: { line: 6 } }] });
    expect(a!.key).toMatchObject({ kind: 'hmac-secret', envNames: ['CLIENT_SECRET'] });
    expect(b!.signAlgorithm).toMatchObject({ kind: 'explicit', values: [{ name: 'HS512', loc: { line: 9 } }] });
  });

  it("'none' as the ID token algorithm is an accepting verifier; the secret stays a password", () => {
    const facts = factsOf("import { Issuer } from 'openid-client';\nexport const c = (issuer: Issuer) => new issuer.Client({ client_id: 'a', client_secret: 'pw', id_token_signed_response_alg: 'none' });");
    expect(names(facts.callSites[0]!.verifyAlgorithms)).toEqual(['none']);
    expect(facts.secrets).toHaveLength(0);
  });

  it('a symmetric JWE algorithm makes the secret key material without a sign/verify site', () => {
    const facts = factsOf("import { Issuer } from 'openid-client';\nexport const c = (issuer: Issuer) => new issuer.Client({ client_id: 'a', client_secret: 'derived-key-source', id_token_encrypted_response_alg: 'dir' });");
    expect(facts.callSites).toHaveLength(0);
    expect(facts.secrets.map((s) => s.material.text)).toEqual(['derived-key-source']);
  });

  it('Client.register(metadata) is judged like the constructor; another library\'s Client is not', () => {
    expect(factsOf("import { Issuer } from 'openid-client';\nexport const r = (issuer: Issuer) => issuer.Client.register({ client_id: 'x', id_token_signed_response_alg: 'HS384' });").callSites).toHaveLength(1);
    expect(factsOf("import 'openid-client';\nimport { Client } from 'pg';\nexport const db = new Client({ client_id: 'x', id_token_signed_response_alg: 'HS256' });").callSites).toHaveLength(0);
  });

  it('records literal private JWKs given as the client jwks (second argument), not public ones', () => {
    const facts = factsOf(
      "import { Issuer } from 'openid-client';\nexport const c = (issuer: Issuer) => new issuer.Client(\n  { client_id: 'a', token_endpoint_auth_method: 'private_key_jwt' },\n  { keys: [\n    { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'cHJpdmF0ZS1zY2FsYXItb2YtdGhlLWNsaWVudC1rZXk' },\n    { kty: 'EC', crv: 'P-256', x: 'x2', y: 'y2' },\n  ] },\n);",
    );
    expect(facts.callSites).toHaveLength(0);
    expect(facts.secrets.map((s) => [s.material.form, s.material.loc.line])).toEqual([['jwk-private', 5]]);
  });

  it('v5 custom.clock_tolerance above 300 s is a verifier setting', () => {
    const facts = factsOf("const { Issuer, custom } = require('openid-client');\nexport function tune(client) {\n  client[custom.clock_tolerance] = 3600;\n}");
    expect(facts.callSites[0]).toMatchObject({ verifies: true, audience: 'present', issuer: 'present', expiry: { clockTolerance: { seconds: 3600, loc: { line: 3 } } } });
    expect(facts.callSites[0]!.verifyAlgorithms).toBeUndefined();
  });
});

describe('openid-client v6 functional API', () => {
  it('discovery with a string secret (ClientSecretPost) and authorizationCodeGrant yield no facts', () => {
    const facts = factsOf(
      "import * as client from 'openid-client';\nconst config = await client.discovery(new URL('https://op'), 'app', 'a-literal-password');\nexport const grant = (url: URL) => client.authorizationCodeGrant(config, url, { pkceCodeVerifier: 'v' });",
    );
    expect(facts.callSites).toHaveLength(0);
    expect(facts.secrets).toHaveLength(0);
  });

  it('ClientSecretJwt(secret) signs with HS256 by default at its call; without an argument it uses the discovery secret', () => {
    const facts = factsOf(
      "import { discovery, ClientSecretJwt } from 'openid-client';\nexport const a = await discovery(new URL('https://op'), 'a', undefined, ClientSecretJwt('literal-hmac-key'));\nexport const b = await discovery(new URL('https://op'), 'b', { client_secret: 'metadata-secret' }, ClientSecretJwt());",
    );
    expect(facts.callSites.map((s) => [s.api, s.loc.line, s.signAlgorithm?.kind])).toEqual([
      ['ClientSecretJwt', 2, 'default'],
      ['ClientSecretJwt', 3, 'default'],
    ]);
    expect(facts.callSites[0]!.signAlgorithm).toMatchObject({ hmacByDefault: true });
    expect(facts.secrets.map((s) => s.material.text)).toEqual(['literal-hmac-key', 'metadata-secret']);
  });

  it('[clockTolerance] in the client metadata', () => {
    const facts = factsOf("import * as client from 'openid-client';\nexport const meta = { client_id: 'a', [client.clockTolerance]: 30 };");
    expect(facts.callSites[0]!.expiry).toMatchObject({ clockTolerance: { seconds: 30 } });
  });
});

describe('openid-client: where the Client class comes from', () => {
  it('follows a Client class taken from an issuer into a variable (`new Issuer({...}).Client`, destructuring)', () => {
    const facts = factsOf(
      "const OpenIDClient = require('openid-client');\nconst IssuerClient = new OpenIDClient.Issuer({ issuer: 'https://op' }).Client;\nexport const a = new IssuerClient({ client_id: 'a', id_token_signed_response_alg: 'HS256' });\nexport const make = (issuer) => {\n  const { Client } = issuer;\n  return new Client({ client_id: 'b', id_token_signed_response_alg: 'HS384' });\n};",
    );
    expect(facts.callSites.map((s) => [s.loc.line, names(s.verifyAlgorithms)])).toEqual([
      [3, ['HS256']],
      [6, ['HS384']],
    ]);
  });

  it('leaves a CommonJS pg Client alone, even with client_id-like options', () => {
    const facts = factsOf("require('openid-client');\nconst { Client } = require('pg');\nconst pg = require('pg');\nexport const a = new Client({ client_id: 'x', id_token_signed_response_alg: 'HS256' });\nexport const b = new pg.Client({ client_id: 'x', id_token_signed_response_alg: 'HS256' });");
    expect(facts.callSites).toHaveLength(0);
  });
});
