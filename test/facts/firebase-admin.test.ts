// The firebase-admin adapter (src/lang/javascript/adapters/firebase-admin.ts): verifyIdToken and
// verifySessionCookie are pinned verifiers that check aud/iss; custom tokens live one hour;
// session cookies take their lifetime in milliseconds.
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/lang/javascript/extract-facts.js';
import { indexFile, type FileIndex } from '../../src/lang/javascript/file-index.js';
import type { JwtCallSite } from '../../src/facts/model.js';
import { createProject } from '../../src/lang/javascript/project.js';
import { parseJs } from '../../src/lang/javascript/parse-js.js';

function sites(files: Record<string, string>): JwtCallSite[] {
  const project = createProject(new Map(Object.entries(files)), (path, source) => indexFile(path, source, parseJs(source, 'ts').ast));
  const [first] = Object.keys(files);
  return extractFacts(project.index(first!) as FileIndex, project).callSites;
}

function only(text: string): JwtCallSite {
  const all = sites({ 'src/a.ts': text });
  expect(all).toHaveLength(1);
  return all[0]!;
}

describe('firebase-admin', () => {
  it('verifyIdToken through admin.auth(), getAuth() and a stored Auth: RS256, audience and issuer checked', () => {
    for (const text of [
      "import * as admin from 'firebase-admin';\nexport const v = (t) => admin.auth().verifyIdToken(t);",
      "import { getAuth } from 'firebase-admin/auth';\nexport const v = (t) => getAuth().verifyIdToken(t, true);",
      "const admin = require('firebase-admin');\nconst auth = admin.auth();\nexport const v = (t) => auth.verifySessionCookie(t, true);",
    ]) {
      const site = only(text);
      expect(site).toMatchObject({ library: 'firebase-admin', operation: 'verify', verifies: true, audience: 'present', issuer: 'present', key: { kind: 'jwks' } });
      expect(site.verifyAlgorithms).toMatchObject({ kind: 'explicit', values: [{ name: 'RS256' }] });
    }
  });

  it('createCustomToken signs RS256 with a one-hour lifetime', () => {
    const site = only("import admin from 'firebase-admin';\nexport const c = (uid) => admin.auth().createCustomToken(uid, { admin: true });");
    expect(site).toMatchObject({ api: 'auth.createCustomToken', signs: true, lifetime: { kind: 'seconds', seconds: 3600 }, key: { kind: 'private-key' } });
  });

  it('createSessionCookie reads expiresIn as milliseconds; without it nothing is judged', () => {
    const site = only("import { getAuth } from 'firebase-admin/auth';\nconst expiresIn = 60 * 60 * 24 * 5 * 1000;\nexport const c = (t) => getAuth().createSessionCookie(t, { expiresIn });");
    expect(site.lifetime).toMatchObject({ kind: 'seconds', seconds: 5 * 86400, loc: { line: 2 } });
    expect(only("import { getAuth } from 'firebase-admin/auth';\nexport const c = (t, o) => getAuth().createSessionCookie(t, {});").lifetime).toEqual({ kind: 'unknown' });
  });

  it('follows a local Auth getter, but not a wrapper class of the same method names', () => {
    const site = only("import { getAuth } from 'firebase-admin/auth';\nimport { getAdminAuth } from './firebase';\nexport const v = (t) => getAdminAuth().verifyIdToken(t);");
    expect(site.api).toBe('auth.verifyIdToken');
    const wrapped = sites({ 'src/a.ts': "import 'firebase-admin';\nclass AuthService { verifyIdToken(t) { return t; } }\nconst svc = new AuthService();\nexport const v = (t) => svc.verifyIdToken(t);" });
    expect(wrapped).toHaveLength(0);
  });

  it('leaves the web SDK and google-auth-library clients alone', () => {
    expect(sites({ 'src/a.ts': "import { getAuth } from 'firebase/auth';\nexport const v = (t) => getAuth().verifyIdToken(t);" })).toHaveLength(0);
    const both = sites({
      'src/a.ts': "import admin from 'firebase-admin';\nimport { OAuth2Client } from 'google-auth-library';\nconst client = new OAuth2Client();\nexport const v = (idToken) => client.verifyIdToken({ idToken, audience: 'x' });",
    });
    expect(both.map((s) => s.library)).toEqual(['google-auth-library']);
  });
});
