// unpinned-algorithm: severity by exploitability and advice that works when pasted. The
// fixtures (fixtures/unpinned-algorithm) assert where findings are; these tests assert the
// severity and the suggested pin of each, and how the library version in scope is found.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, RunResult } from '../../src/engine/types.js';
import { LibraryScope } from '../../src/facts/library-scope.js';
import { FIXTURES_ROOT } from '../helpers/fixtures.js';
import { fileFacts, loc } from '../helpers/facts.js';
import { scanFolder } from '../helpers/scan.js';

const RULE = 'unpinned-algorithm';
const SCAN_TIMEOUT_MS = 60_000;

function at(result: RunResult, file: string, line: number): Finding {
  const found = result.findings.filter((f) => f.ruleId === RULE && f.location.file === file && f.location.line === line);
  expect(found, `${file}:${line}`).toHaveLength(1);
  return found[0]!;
}

describe('unpinned-algorithm fixtures: severity and advice', () => {
  let result: RunResult;
  beforeAll(async () => {
    result = await scanFolder(join(FIXTURES_ROOT, RULE));
  }, SCAN_TIMEOUT_MS);

  it('rates jsonwebtoken 8 high and pins the HS variant the same file signs with', () => {
    const f = at(result, 'invalid/jsonwebtoken-8/sessions.js', 12);
    expect(f.severity).toBe('high');
    expect(f.messageId).toBe('noAllowlistOldVersion');
    expect(f.message).toContain('jsonwebtoken 8.5.1 (invalid/jsonwebtoken-8/package.json)');
    expect(f.message).toContain("`algorithms: ['HS384']`");
    expect(f.message).not.toContain('RS256');
  });

  it('rates jsonwebtoken 9 medium, pins HS256 for a secret and RS256 for a PEM public key', () => {
    const secret = at(result, 'invalid/jsonwebtoken-9/verify.js', 10);
    expect(secret).toMatchObject({ severity: 'medium', messageId: 'noAllowlistNarrowed' });
    expect(secret.message).toContain("`algorithms: ['HS256']`");
    expect(secret.message).not.toContain('RS256');
    const pem = at(result, 'invalid/jsonwebtoken-9/verify.js', 16);
    expect(pem).toMatchObject({ severity: 'medium', messageId: 'noAllowlistNarrowed' });
    expect(pem.message).toContain("`algorithms: ['RS256']`");
    expect(pem.message).toContain('`ES256` for an EC key');
  });

  it('keeps jsonwebtoken of unknown version high', () => {
    const f = at(result, 'invalid/jsonwebtoken-defaults.js', 8);
    expect(f).toMatchObject({ severity: 'high', messageId: 'noAllowlistUnknownVersion' });
    expect(f.message).toContain("`algorithms: ['RS256']`");
    // A key callback: the type is unknown, so no single algorithm is put forward.
    const callback = at(result, 'invalid/jsonwebtoken-defaults.js', 16);
    expect(callback.message).toContain('Pin the one algorithm your issuer signs with');
  });

  it('rates jose medium: HS256 for a raw secret, RS256 for a remote JWKS', () => {
    const secret = at(result, 'invalid/jose-and-hono.ts', 8);
    expect(secret).toMatchObject({ severity: 'medium', messageId: 'noAllowlistNarrowed' });
    expect(secret.message).toContain("`algorithms: ['HS256']`");
    const jwks = at(result, 'invalid/jose-remote-jwks.ts', 8);
    expect(jwks).toMatchObject({ severity: 'medium', messageId: 'noAllowlistNarrowed' });
    expect(jwks.message).toContain("`algorithms: ['RS256']`");
    expect(jwks.message).toContain('JWKS');
  });

  it("rates hono's verify medium and pins its HS256 default in the argument it takes", () => {
    const f = at(result, 'invalid/jose-and-hono.ts', 14);
    expect(f).toMatchObject({ severity: 'medium', messageId: 'noAllowlistFixedDefault' });
    expect(f.message).toContain("`'HS256'` as the third argument of `verify`");
  });

  it('rates jwt-simple by version: 0.5.3 or later medium, unknown high', () => {
    expect(at(result, 'invalid/jwt-simple-0.5/links.js', 6)).toMatchObject({ severity: 'medium', messageId: 'noAllowlistFixedDefault' });
    const unknown = at(result, 'invalid/jwt-simple-unversioned.js', 6);
    expect(unknown).toMatchObject({ severity: 'high', messageId: 'noAllowlistHeaderAlg' });
    expect(unknown.message).toContain("`'HS256'` as the fourth argument of `jwt.decode`");
  });

  it('keeps mixed allowlists and header-chosen algorithms high', () => {
    expect(at(result, 'invalid/mixed-families.ts', 10)).toMatchObject({ severity: 'high', messageId: 'mixedFamilies' });
    expect(at(result, 'invalid/alg-from-token.ts', 9)).toMatchObject({ severity: 'high', messageId: 'algFromToken' });
  });

  it('uses the option each library takes the pin in', () => {
    expect(at(result, 'invalid/middleware-defaults.mjs', 33).message).toContain("`verify: { algorithms: ['HS256'] }`");
    expect(at(result, 'invalid/middleware-defaults.mjs', 12).message).toContain("`algorithms: ['HS256']`");
  });

  it('never suggests an asymmetric algorithm for an HMAC secret', () => {
    for (const f of result.findings.filter((x) => x.ruleId === RULE && x.message.includes('the key is an HMAC secret'))) {
      expect(f.message, `${f.location.file}:${f.location.line}`).not.toMatch(/\['(RS|PS|ES)\d+'\]/);
    }
  });
});

describe('unpinned-algorithm: the library version in scope', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function scan(files: Record<string, string>): Promise<RunResult> {
    const dir = mkdtempSync(join(tmpdir(), 'jwtlint-unpinned-'));
    dirs.push(dir);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return scanFolder(dir);
  }

  const VERIFY = "const jwt = require('jsonwebtoken');\nmodule.exports = (t) => jwt.verify(t, process.env.API_JWT_SECRET, { audience: 'a', issuer: 'i' });\n";
  const manifest = (range: string) => JSON.stringify({ name: 'svc', dependencies: { jsonwebtoken: range } }, null, 2);
  const lockfile = (version: string) =>
    JSON.stringify({ name: 'svc', lockfileVersion: 3, packages: { '': { name: 'svc' }, 'node_modules/jsonwebtoken': { version } } }, null, 2);

  it('lets the lockfile win over the manifest range', async () => {
    const result = await scan({ 'package.json': manifest('>=8.5.1'), 'package-lock.json': lockfile('8.5.1'), 'src/auth.js': VERIFY });
    expect(at(result, 'src/auth.js', 2)).toMatchObject({ severity: 'high', messageId: 'noAllowlistOldVersion' });
    const upgraded = await scan({ 'package.json': manifest('^8.5.1'), 'package-lock.json': lockfile('9.0.2'), 'src/auth.js': VERIFY });
    expect(at(upgraded, 'src/auth.js', 2)).toMatchObject({ severity: 'medium', messageId: 'noAllowlistNarrowed' });
  });

  it('takes the nearest folder that names the library', async () => {
    const result = await scan({
      'package.json': manifest('^8.5.1'),
      'services/orders/package.json': manifest('^9.0.2'),
      'services/orders/src/auth.js': VERIFY,
      'services/legacy/package.json': JSON.stringify({ name: 'legacy', dependencies: { express: '^4.19.2' } }),
      'services/legacy/auth.js': VERIFY,
    });
    expect(at(result, 'services/orders/src/auth.js', 2).severity).toBe('medium');
    expect(at(result, 'services/legacy/auth.js', 2).severity).toBe('high');
  });

  it('LibraryScope returns, per library, the entries of the nearest folder naming it', () => {
    const dep = (name: string, file: string, spec = '9.0.2') => ({ name, spec, source: 'manifest' as const, loc: loc(3, 5, file) });
    const scope = new LibraryScope([
      fileFacts({ file: 'package.json', dependencies: [dep('jsonwebtoken', 'package.json', '8.5.1'), dep('jwt-simple', 'package.json', '0.5.6')] }),
      fileFacts({ file: 'apps/web/package.json', dependencies: [dep('jsonwebtoken', 'apps/web/package.json')] }),
    ]);
    expect(scope.forFile('apps/web/src/a.ts').map((d) => `${d.name}@${d.spec}`).sort()).toEqual(['jsonwebtoken@9.0.2', 'jwt-simple@0.5.6']);
    expect(scope.forFile('apps/api/a.ts').map((d) => `${d.name}@${d.spec}`).sort()).toEqual(['jsonwebtoken@8.5.1', 'jwt-simple@0.5.6']);
    expect(new LibraryScope([]).forFile('a.ts')).toEqual([]);
  });
});
