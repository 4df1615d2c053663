// The google-auth-library adapter (src/lang/javascript/adapters/google-auth-library.ts): verifyIdToken
// checks iss and the signature against Google's certificates, the audience only when passed.
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/lang/javascript/extract-facts.js';
import { indexFile, type FileIndex } from '../../src/lang/javascript/file-index.js';
import type { JwtCallSite } from '../../src/facts/model.js';
import { createProject } from '../../src/lang/javascript/project.js';
import { parseJs } from '../../src/lang/javascript/parse-js.js';

function sites(text: string): JwtCallSite[] {
  const project = createProject(new Map([['src/a.ts', text]]), (path, source) => indexFile(path, source, parseJs(source, 'ts').ast));
  return extractFacts(project.index('src/a.ts') as FileIndex, project).callSites;
}

function only(text: string): JwtCallSite {
  const all = sites(text);
  expect(all).toHaveLength(1);
  return all[0]!;
}

const CLIENT = "import { OAuth2Client } from 'google-auth-library';\nconst client = new OAuth2Client(process.env.CLIENT_ID);\n";

describe('google-auth-library OAuth2Client.verifyIdToken', () => {
  it('without audience: audience absent, issuer checked, pinned to certificates', () => {
    const site = only(CLIENT + 'export const v = (idToken) => client.verifyIdToken({ idToken });');
    expect(site).toMatchObject({ library: 'google-auth-library', api: 'OAuth2Client.verifyIdToken', verifies: true, audience: 'absent', issuer: 'present', key: { kind: 'jwks' } });
    expect(site.verifyAlgorithms).toMatchObject({ kind: 'explicit', values: [{ name: 'RS256' }] });
  });

  it('with audience (also undefined-valued: absent)', () => {
    expect(only(CLIENT + 'export const v = (idToken) => client.verifyIdToken({ idToken, audience: process.env.CLIENT_ID });').audience).toBe('present');
    expect(only(CLIENT + 'export const v = (idToken) => client.verifyIdToken({ idToken, audience: undefined });').audience).toBe('absent');
  });

  it('googleapis google.auth.OAuth2 is the same client', () => {
    const site = only("import { google } from 'googleapis';\nconst c = new google.auth.OAuth2(id, secret);\nexport const v = (idToken) => c.verifyIdToken({ idToken, audience: id });");
    expect(site.audience).toBe('present');
  });

  it('verifySignedJwtWithCertsAsync: audience and issuers only when passed', () => {
    const site = only(CLIENT + "export const v = (jwt, certs) => client.verifySignedJwtWithCertsAsync(jwt, certs, undefined, ['https://cloud.google.com/iap']);");
    expect(site).toMatchObject({ audience: 'absent', issuer: 'present' });
  });

  it('ignores a verifyIdToken on something that is not an OAuth2Client', () => {
    expect(sites("import 'google-auth-library';\nclass Other {}\nconst o = new Other();\nexport const v = (idToken) => o.verifyIdToken({ idToken });")).toHaveLength(0);
  });
});
