import { describe, expect, it } from 'vitest';
import type { Finding, RunResult } from '../../src/engine/types.js';
import { scanFiles } from '../helpers/scan.js';

// Finding.fix (issue #20): what the scan hands to the fixers of unpinned-algorithm,
// missing-audience, missing-issuer and no-expiry. Only what is certain; otherwise why not.

const pkg = (name: string) => JSON.stringify({ name, version: '1.0.0', dependencies: { jsonwebtoken: '^9.0.2', jose: '^5.2.0' } });

/** `auth` signs with `signer` (a line of code using `jwt` and `secret`); `orders` verifies without options. */
function estate(signer: string, verifier = 'jwt.verify(token, secret)', extra: Record<string, string> = {}): Record<string, string> {
  return {
    'services/auth/package.json': pkg('auth'),
    'services/auth/src/tokens.js': `const jwt = require('jsonwebtoken');\nconst secret = process.env.JWT_SECRET;\nexports.issue = (user) => ${signer};\n`,
    'services/orders/package.json': pkg('orders'),
    'services/orders/src/auth.js': `const jwt = require('jsonwebtoken');\nconst secret = process.env.JWT_SECRET;\nexports.check = (token) => ${verifier};\n`,
    ...extra,
  };
}

function fixOf(result: RunResult, ruleId: string, file = 'services/orders/src/auth.js'): Finding['fix'] {
  const found = result.findings.filter((f) => f.ruleId === ruleId && f.location.file === file);
  expect(found, `${ruleId} in ${file}`).toHaveLength(1);
  return found[0]!.fix;
}

describe('unpinned-algorithm: the algorithm the key\'s signers use', () => {
  it('pins what every signer of the key names', async () => {
    const result = await scanFiles(estate(`jwt.sign({ sub: user.id }, secret, { algorithm: 'HS512', expiresIn: '15m' })`));
    expect(fixOf(result, 'unpinned-algorithm')).toEqual({ kind: 'pin-algorithms', library: 'jsonwebtoken', api: 'jwt.verify', algorithms: ['HS512'], from: 'estate-signer', signers: ['auth'] });
  });

  it("pins the library's default for an HMAC key when the signer names none (jsonwebtoken: HS256)", async () => {
    const result = await scanFiles(estate(`jwt.sign({ sub: user.id }, secret, { expiresIn: '15m' })`));
    expect(fixOf(result, 'unpinned-algorithm')).toMatchObject({ kind: 'pin-algorithms', algorithms: ['HS256'] });
  });

  it('needs no unit: one file outside any package that signs and verifies with one key', async () => {
    const result = await scanFiles({
      'service.ts': `import jwt from 'jsonwebtoken';\nconst secret = process.env.JWT_SECRET!;\nexport const issue = (sub: string) => jwt.sign({ sub }, secret, { algorithm: 'HS384', expiresIn: '15m', audience: 'orders', issuer: 'auth' });\nexport const check = (token: string) => jwt.verify(token, secret);\n`,
    });
    expect(fixOf(result, 'unpinned-algorithm', 'service.ts')).toEqual({ kind: 'pin-algorithms', library: 'jsonwebtoken', api: 'jwt.verify', algorithms: ['HS384'], from: 'estate-signer', signers: ['(no unit)'] });
    expect(fixOf(result, 'missing-audience', 'service.ts')).toMatchObject({ kind: 'claim', values: ['orders'], certain: true });
  });

  it('gives nothing when two signers of the key use different algorithms', async () => {
    const result = await scanFiles(
      estate(`jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m' })`, undefined, {
        'services/mailer/package.json': pkg('mailer'),
        'services/mailer/src/links.js': `const jwt = require('jsonwebtoken');\nexports.link = (id) => jwt.sign({ id }, process.env.JWT_SECRET, { algorithm: 'HS384', expiresIn: '1h' });\n`,
      }),
    );
    const fix = fixOf(result, 'unpinned-algorithm');
    expect(fix?.kind).toBe('none');
    expect(fix).toMatchObject({ reason: expect.stringContaining('HS256 and HS384') });
  });

  it("gives nothing when a signer's algorithm is not a literal", async () => {
    const result = await scanFiles(estate(`jwt.sign({ sub: user.id }, secret, { algorithm: process.env.JWT_ALG, expiresIn: '15m' })`));
    expect(fixOf(result, 'unpinned-algorithm')).toMatchObject({ kind: 'none', reason: expect.stringContaining('`auth`') });
  });

  it('gives nothing when no call in the scan signs with the key', async () => {
    const files = estate(`jwt.sign({ sub: user.id }, process.env.OTHER_SECRET, { algorithm: 'HS256', expiresIn: '15m' })`);
    const fix = fixOf(await scanFiles(files), 'unpinned-algorithm');
    expect(fix).toMatchObject({ kind: 'none', reason: expect.stringContaining('no call in the scan signs with this key') });
  });

  it('gives nothing when only test code signs with the key', async () => {
    const files = estate(`null`, undefined, {
      'services/orders/test/auth.test.js': `const jwt = require('jsonwebtoken');\nconst token = jwt.sign({ sub: '1' }, process.env.JWT_SECRET, { expiresIn: '5m' });\nmodule.exports = { token };\n`,
    });
    const fix = fixOf(await scanFiles(files), 'unpinned-algorithm');
    expect(fix).toMatchObject({ kind: 'none', reason: expect.stringContaining('only test code signs with this key') });
  });

  it('gives nothing when a deployed unit whose code is not in the scan obtains the key', async () => {
    const files = estate(`jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m' })`, undefined, {
      'docker-compose.yml': 'services:\n  idp:\n    image: vendor/identity-server:1.2\n    environment:\n      JWT_SECRET: ${JWT_SECRET}\n  orders:\n    build: ./services/orders\n    environment:\n      JWT_SECRET: ${JWT_SECRET}\n',
    });
    const fix = fixOf(await scanFiles(files), 'unpinned-algorithm');
    expect(fix).toMatchObject({ kind: 'none', reason: expect.stringContaining('`idp` obtains this key in its deployment') });
  });

  it('gives nothing when a source file could not be parsed: a signer may be in it', async () => {
    const files = estate(`jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m', audience: 'orders' })`, undefined, {
      'services/mailer/package.json': pkg('mailer'),
      'services/mailer/src/links.js': `const jwt = require('jsonwebtoken');\nexports.link = (id) => jwt.sign({ id }, process.env.JWT_SECRET, { algorithm: 'HS512' ]]] );\n`.repeat(2),
    });
    const result = await scanFiles(files);
    expect(result.notifications.some((n) => n.kind === 'unparsable' && n.file === 'services/mailer/src/links.js')).toBe(true);
    for (const ruleId of ['unpinned-algorithm', 'missing-audience']) {
      expect(fixOf(result, ruleId)).toMatchObject({ kind: 'none', reason: expect.stringContaining('could not read or analyse 1 source file') });
    }
  });

  it('gives nothing for a public key, whatever signs elsewhere', async () => {
    const result = await scanFiles(estate(`jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m' })`, `jwt.verify(token, require('fs').readFileSync('public.pem'))`));
    expect(fixOf(result, 'unpinned-algorithm')?.kind).toBe('none');
  });

  it('gives nothing for a configure-once signer whose calls may override its algorithm', async () => {
    const files = {
      ...estate(`null`),
      'services/auth/src/auth.module.ts': `import { Module } from '@nestjs/common';\nimport { JwtModule } from '@nestjs/jwt';\n@Module({ imports: [JwtModule.register({ secret: process.env.JWT_SECRET, signOptions: { algorithm: 'HS256', expiresIn: '15m' }, verifyOptions: { algorithms: ['HS256'], audience: 'auth', issuer: 'auth' } })] })\nexport class AuthModule {}\n`,
      'services/auth/package.json': JSON.stringify({ name: 'auth', version: '1.0.0', dependencies: { '@nestjs/jwt': '^10.0.0', jsonwebtoken: '^9.0.2' } }),
    };
    const fix = fixOf(await scanFiles(files), 'unpinned-algorithm');
    expect(fix).toMatchObject({ kind: 'none', reason: expect.stringContaining('configure-once') });
  });

  it('gives a reason, not an algorithm, for an allowlist taken from the token', async () => {
    const result = await scanFiles(estate(`jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m' })`, `((header) => jwt.verify(token, secret, { algorithms: [header.alg], audience: 'o', issuer: 'a' }))(jwt.decode(token, { complete: true }).header)`));
    expect(fixOf(result, 'unpinned-algorithm')).toMatchObject({ kind: 'none', reason: expect.stringContaining('read from the token') });
  });
});

describe('missing-audience / missing-issuer: the values the key\'s signers set', () => {
  it('gives the literal the only signer sets, as certain', async () => {
    const result = await scanFiles(estate(`jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m', audience: 'orders', issuer: 'https://auth.acme.test' })`));
    expect(fixOf(result, 'missing-audience')).toEqual({ kind: 'claim', library: 'jsonwebtoken', api: 'jwt.verify', claim: 'aud', values: ['orders'], certain: true, from: 'estate-signer', signers: ['auth'] });
    expect(fixOf(result, 'missing-issuer')).toMatchObject({ kind: 'claim', claim: 'iss', values: ['https://auth.acme.test'], certain: true });
  });

  it('reads claims from the payload and through constants', async () => {
    const result = await scanFiles(estate(`jwt.sign({ sub: user.id, aud: AUD, iss: 'auth' }, secret, { expiresIn: '15m' });\nconst AUD = 'orders'`));
    expect(fixOf(result, 'missing-audience')).toMatchObject({ values: ['orders'], certain: true });
    expect(fixOf(result, 'missing-issuer')).toMatchObject({ values: ['auth'], certain: true });
  });

  it('reads a jose SignJWT chain', async () => {
    const files = estate(`null`);
    files['services/auth/src/tokens.js'] = `import { SignJWT } from 'jose';\nconst secret = new TextEncoder().encode(process.env.JWT_SECRET);\nexport const issue = (user) => new SignJWT({ sub: user.id }).setProtectedHeader({ alg: 'HS384' }).setAudience('orders').setIssuer('auth').setExpirationTime('15m').sign(secret);\n`;
    const result = await scanFiles(files);
    expect(fixOf(result, 'missing-audience')).toMatchObject({ values: ['orders'], certain: true });
    expect(fixOf(result, 'unpinned-algorithm')).toMatchObject({ kind: 'pin-algorithms', algorithms: ['HS384'] });
  });

  it('gives nothing when the audience is built from a variable', async () => {
    const result = await scanFiles(estate(`jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m', audience: process.env.AUDIENCE || 'orders', issuer: \`https://\${process.env.HOST}\` })`));
    expect(fixOf(result, 'missing-audience')).toMatchObject({ kind: 'none', reason: expect.stringContaining('not a literal') });
    expect(fixOf(result, 'missing-issuer')?.kind).toBe('none');
  });

  it('gives nothing when the signers set none', async () => {
    const result = await scanFiles(estate(`jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m' })`));
    expect(fixOf(result, 'missing-audience')).toEqual({ kind: 'none', reason: "the key's signers (`auth`) set no `aud`" });
  });

  it('gives nothing when signers disagree, and a doubtful value when one signer sets none', async () => {
    const mailer = (options: string) => ({
      'services/mailer/package.json': pkg('mailer'),
      'services/mailer/src/links.js': `const jwt = require('jsonwebtoken');\nexports.link = (id) => jwt.sign({ id }, process.env.JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h'${options} });\n`,
    });
    const signer = `jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m', audience: 'orders' })`;
    const disagree = await scanFiles(estate(signer, undefined, mailer(", audience: 'mail'")));
    expect(fixOf(disagree, 'missing-audience')).toMatchObject({ kind: 'none', reason: expect.stringContaining("'mail'; 'orders'") });
    const partial = await scanFiles(estate(signer, undefined, mailer('')));
    expect(fixOf(partial, 'missing-audience')).toMatchObject({ kind: 'claim', values: ['orders'], certain: false, doubt: expect.stringContaining('`mailer`') });
  });

  it('gives nothing at a call of a project function that wraps the verification', async () => {
    const files = estate(`jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m', audience: 'orders' })`);
    files['services/orders/src/auth.js'] = `const jwt = require('jsonwebtoken');\nfunction check(token, options) {\n  return jwt.verify(token, process.env.JWT_SECRET, options);\n}\nexport function handler(req) {\n  return check(req.headers.authorization, { algorithms: ['HS256'] });\n}\n`;
    const result = await scanFiles(files);
    const atCaller = result.findings.filter((x) => x.ruleId === 'missing-audience' && x.location.line === 6);
    expect(atCaller).toHaveLength(1);
    expect(atCaller[0]!.fix).toMatchObject({ kind: 'none', reason: expect.stringContaining('wraps the library call') });
  });
});

describe('no-expiry', () => {
  it('proposes a short lifetime', async () => {
    const result = await scanFiles(estate(`jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256' })`, `jwt.verify(token, secret, { algorithms: ['HS256'], audience: 'o', issuer: 'a' })`));
    expect(fixOf(result, 'no-expiry', 'services/auth/src/tokens.js')).toEqual({ kind: 'expiry', library: 'jsonwebtoken', api: 'jwt.sign', lifetime: '15m' });
  });
});

describe('fix data never holds key material', () => {
  it('keeps a literal secret out of every finding\'s fix', async () => {
    const secret = 'a-literal-signing-secret-9f8e7d6c';
    const files = estate(`jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', audience: 'orders' })`);
    for (const file of ['services/auth/src/tokens.js', 'services/orders/src/auth.js']) files[file] = files[file]!.replace('process.env.JWT_SECRET', `'${secret}'`);
    const result = await scanFiles(files);
    const withFix = result.findings.filter((f) => f.fix);
    expect(withFix.length).toBeGreaterThanOrEqual(3);
    expect(fixOf(result, 'unpinned-algorithm')).toMatchObject({ kind: 'pin-algorithms', algorithms: ['HS256'] });
    expect(JSON.stringify(withFix.map((f) => f.fix))).not.toContain(secret.slice(0, 8));
  });
});
