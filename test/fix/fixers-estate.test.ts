import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import type { CliIo } from '../../src/cli/io.js';
import { runScan } from '../../src/engine/run.js';
import type { Finding } from '../../src/engine/types.js';
import { makeTempProject, removeTempProject } from '../cli/helpers/temp-project.js';

// The unpinned-algorithm, missing-audience, missing-issuer and no-expiry fixers through
// `jwtlint fix` on small repositories: estates of several units (which fixtures/fix, one file
// each, cannot show), look-alikes where nothing is certain (the file must not change, and the
// reason is printed), and suggestions applied only with --apply-suggestions.

const roots: string[] = [];
afterAll(() => roots.forEach(removeTempProject));

const pkg = (name: string) => JSON.stringify({ name, version: '1.0.0', dependencies: { jsonwebtoken: '^9.0.2', jose: '^5.2.0' } });
const VERIFIER = 'services/orders/src/auth.js';
const SIGNER = 'services/auth/src/tokens.js';

/** `auth` signs with `signer` (code using `jwt` and `secret`), `orders` verifies with `verifier`. */
function project(signer: string, verifier: string, extra: Record<string, string> = {}): string {
  const root = makeTempProject({
    'services/auth/package.json': pkg('auth'),
    [SIGNER]: `const jwt = require('jsonwebtoken');\nconst secret = process.env.JWT_SECRET;\nexports.issue = (user) => ${signer};\n`,
    'services/orders/package.json': pkg('orders'),
    [VERIFIER]: `const jwt = require('jsonwebtoken');\nconst secret = process.env.JWT_SECRET;\n${verifier}\n`,
    ...extra,
  });
  roots.push(root);
  return root;
}

async function fix(root: string, ...flags: string[]): Promise<{ out: string; err: string; code: number }> {
  const io = { cwd: root, env: {}, out: '', err: '', stdout: { write: (t: string) => (io.out += t), isTTY: false }, stderr: { write: (t: string) => (io.err += t), isTTY: false } };
  const code = await runCli(['node', 'jwtlint', 'fix', '--allow-dirty', '--no-config', ...flags], io as CliIo);
  expect(io.err).not.toMatch(/internal error/);
  return { out: io.out, err: io.err, code };
}

async function findings(root: string, file = VERIFIER): Promise<Finding[]> {
  return (await runScan({ cwd: root, paths: [root], maxExpirySeconds: 86_400, ignore: [], disabledRules: [] })).findings.filter((f) => f.location.file === file);
}

const read = (root: string, file = VERIFIER) => readFileSync(path.join(root, file), 'utf8');
const ids = (list: Finding[]) => list.map((f) => f.ruleId).sort();

/** The outcome line jwtlint fix prints for a rule in the verifier file. */
function outcome(out: string, ruleId: string, file = VERIFIER): string {
  const line = out.split('\n').find((l) => l.startsWith(`${file}:`) && l.includes(`  ${ruleId}  `));
  expect(line, `${ruleId} in ${file}\n${out}`).toBeDefined();
  return line!.slice(line!.indexOf(`  ${ruleId}  `) + ruleId.length + 4);
}

describe('an estate of two units', () => {
  it("fixes a verifier in another unit from the signer's algorithm, audience and issuer, one fix of a call per run", async () => {
    const root = project(
      `jwt.sign({ sub: user.id }, secret, { algorithm: 'HS512', expiresIn: '15m', audience: 'orders', issuer: 'https://auth.example.com' })`,
      'exports.check = (token) => jwt.verify(token, secret);',
    );
    const before = await findings(root);
    expect(ids(before)).toEqual(expect.arrayContaining(['missing-audience', 'missing-issuer', 'unpinned-algorithm']));

    const first = await fix(root);
    expect(outcome(first.out, 'missing-audience')).toBe("fixed: added `audience: 'orders'`, the `aud` `auth` puts in tokens of this key");
    expect(outcome(first.out, 'unpinned-algorithm')).toMatch(/^skipped: another fix in this run changed the same call/);
    await fix(root);
    await fix(root);
    expect(read(root)).toContain("exports.check = (token) => jwt.verify(token, secret, { algorithms: ['HS512'], issuer: 'https://auth.example.com', audience: 'orders' });");
    const after = await findings(root);
    expect(ids(after)).toEqual(ids(before).filter((id) => !['missing-audience', 'missing-issuer', 'unpinned-algorithm'].includes(id)));
  });

  it('adds to a multi-line options object one member per line, each fix of the call in its own run', async () => {
    const root = project(
      `jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m', audience: 'orders', issuer: 'auth' })`,
      "exports.check = (token) =>\n  jwt.verify(token, secret, {\n    // five seconds of skew\n    clockTolerance: 5,\n  });",
    );
    for (let run = 0; run < 3; run++) await fix(root);
    expect(read(root)).toContain("  jwt.verify(token, secret, {\n    algorithms: ['HS256'],\n    issuer: 'auth',\n    audience: 'orders',\n    // five seconds of skew\n    clockTolerance: 5,\n  });");
  });
});

describe('look-alikes: nothing certain, nothing changed', () => {
  const cases: { name: string; signer: string; verifier: string; rule: string; reason: string; extra?: Record<string, string> }[] = [
    {
      name: "the signer's algorithm is not a literal",
      signer: `jwt.sign({ sub: user.id }, secret, { algorithm: process.env.JWT_ALG, expiresIn: '15m' })`,
      verifier: "exports.check = (token) => jwt.verify(token, secret, { audience: 'orders', issuer: 'auth' });",
      rule: 'unpinned-algorithm',
      reason: 'the algorithm `auth` signs this key with is not known',
    },
    {
      name: 'two signers of the key use different algorithms',
      signer: `jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m' })`,
      verifier: "exports.check = (token) => jwt.verify(token, secret, { audience: 'orders', issuer: 'auth' });",
      rule: 'unpinned-algorithm',
      reason: "the key's signers sign with HS256 and HS512",
      extra: {
        'services/mailer/package.json': pkg('mailer'),
        'services/mailer/src/links.js': `const jwt = require('jsonwebtoken');\nexports.link = (id) => jwt.sign({ id }, process.env.JWT_SECRET, { algorithm: 'HS512', expiresIn: '1h' });\n`,
      },
    },
    {
      name: 'the audience is built from a variable',
      signer: `jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m', audience: process.env.SERVICE_NAME, issuer: 'auth' })`,
      verifier: "exports.check = (token) => jwt.verify(token, secret, { algorithms: ['HS256'], issuer: 'auth' });",
      rule: 'missing-audience',
      reason: 'is not a literal the scan can read',
    },
    {
      name: 'the options object spreads another',
      signer: `jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m', audience: 'orders', issuer: 'auth' })`,
      verifier: "const base = { audience: 'orders', issuer: 'auth' };\nexports.check = (token) => jwt.verify(token, secret, { ...base, clockTolerance: 5 });",
      rule: 'unpinned-algorithm',
      reason: 'the options object spreads another object',
    },
    {
      name: 'the options are a variable',
      signer: `jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m', audience: 'orders', issuer: 'auth' })`,
      verifier: "const options = { audience: 'orders', issuer: 'auth' };\nexports.check = (token) => jwt.verify(token, secret, options);",
      rule: 'unpinned-algorithm',
      reason: 'the options are not an object literal written at the call',
    },
    {
      name: 'the key is a public key',
      signer: `jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m', audience: 'orders', issuer: 'auth' })`,
      verifier: "exports.check = (token) => jwt.verify(token, require('fs').readFileSync('public.pem'), { audience: 'orders', issuer: 'auth' });",
      rule: 'unpinned-algorithm',
      reason: 'does not link a public key or key set',
    },
    {
      name: 'no call in the scan signs with the key',
      signer: `jwt.sign({ sub: user.id }, process.env.OTHER_SECRET, { algorithm: 'HS256', expiresIn: '15m', audience: 'orders', issuer: 'auth' })`,
      verifier: "exports.check = (token) => jwt.verify(token, secret, { audience: 'orders', issuer: 'auth' });",
      rule: 'unpinned-algorithm',
      reason: 'no call in the scan signs with this key',
    },
    {
      name: 'the audience holds a quote',
      signer: `jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m', audience: "orders'); process.exit(1); ('", issuer: 'auth' })`,
      verifier: "exports.check = (token) => jwt.verify(token, secret, { algorithms: ['HS256'], issuer: 'auth' });",
      rule: 'missing-audience',
      reason: 'holds characters jwtlint does not write into source',
    },
  ];

  it.each(cases)('$name: $rule skipped', async ({ signer, verifier, rule, reason, extra }) => {
    const root = project(signer, verifier, extra);
    const text = read(root);
    expect((await findings(root)).map((f) => f.ruleId)).toContain(rule);
    const { out } = await fix(root, '--apply-suggestions');
    const printed = outcome(out, rule);
    expect(printed).toMatch(/^skipped: /);
    expect(printed).toContain(reason);
    expect(read(root)).toBe(text);
  });
});

it("leaves hono alone when the signer's algorithm is not hono's default", async () => {
  const text = "import { sign, verify } from 'hono/jwt';\n\nexport const issue = (sub: string) => sign({ sub, exp: Math.floor(Date.now() / 1000) + 900 }, process.env.HONO_SECRET!, 'HS512');\nexport const check = (token: string) => verify(token, process.env.HONO_SECRET!);\n";
  const root = makeTempProject({ 'service.ts': text });
  roots.push(root);
  const { out } = await fix(root);
  expect(outcome(out, 'unpinned-algorithm', 'service.ts')).toBe("skipped: hono verifies with HS256 when none is given and the key's signers use HS512: pinning either changes what verifies");
  expect(read(root, 'service.ts')).toBe(text);
});

describe('suggestions', () => {
  it('suggests an audience that one signer of the key does not set, and applies it only when asked', async () => {
    const root = project(
      `jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', expiresIn: '15m', audience: 'orders', issuer: 'auth' })`,
      "exports.check = (token) => jwt.verify(token, secret, { algorithms: ['HS256'], issuer: 'auth' });",
      {
        'services/mailer/package.json': pkg('mailer'),
        'services/mailer/src/links.js': `const jwt = require('jsonwebtoken');\nexports.link = (id) => jwt.sign({ id }, process.env.JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h', issuer: 'auth' });\n`,
      },
    );
    const text = read(root);
    const plain = await fix(root);
    expect(outcome(plain.out, 'missing-audience')).toMatch(/^suggested, not applied \(`mailer` also signs with this key and sets no `aud`: those tokens would be rejected/);
    expect(read(root)).toBe(text);
    await fix(root, '--apply-suggestions');
    expect(read(root)).toContain("jwt.verify(token, secret, { audience: 'orders', algorithms: ['HS256'], issuer: 'auth' })");
    expect((await findings(root)).map((f) => f.ruleId)).not.toContain('missing-audience');
  });

  it('suggests expiresIn for jsonwebtoken and setExpirationTime for a jose chain', async () => {
    const root = project(`jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', audience: 'orders', issuer: 'auth' })`, "exports.check = (token) => jwt.verify(token, secret, { algorithms: ['HS256'], audience: 'orders', issuer: 'auth' });", {
      'services/auth/src/links.ts': "import { SignJWT } from 'jose';\n\nconst key = new TextEncoder().encode(process.env.LINK_SECRET);\n\nexport const link = (id: string) =>\n  new SignJWT({ id })\n    .setProtectedHeader({ alg: 'HS256' })\n    .sign(key);\n",
    });
    const plain = await fix(root);
    expect(outcome(plain.out, 'no-expiry', SIGNER)).toMatch(/^suggested, not applied \(tokens will expire.*: add `expiresIn: '15m'`$/);
    expect(read(root, SIGNER)).not.toContain('expiresIn');
    await fix(root, '--apply-suggestions');
    expect(read(root, SIGNER)).toContain("jwt.sign({ sub: user.id }, secret, { expiresIn: '15m', algorithm: 'HS256', audience: 'orders', issuer: 'auth' })");
    expect(read(root, 'services/auth/src/links.ts')).toContain("  new SignJWT({ id })\n    .setProtectedHeader({ alg: 'HS256' })\n    .setExpirationTime('15m')\n    .sign(key);\n");
    expect((await findings(root, SIGNER)).map((f) => f.ruleId)).not.toContain('no-expiry');
    expect((await findings(root, 'services/auth/src/links.ts')).map((f) => f.ruleId)).not.toContain('no-expiry');
  });

  it('leaves a string payload alone: jsonwebtoken refuses expiresIn for it', async () => {
    const root = project(`jwt.sign('session', secret, { algorithm: 'HS256' })`, "exports.check = (token) => jwt.verify(token, secret, { algorithms: ['HS256'], audience: 'orders', issuer: 'auth' });");
    const text = read(root, SIGNER);
    const { out } = await fix(root, '--apply-suggestions');
    expect(outcome(out, 'no-expiry', SIGNER)).toMatch(/^skipped: the payload is not an object literal/);
    expect(read(root, SIGNER)).toBe(text);
  });
});

// Libraries whose type declarations fixtures/fix/shims.d.ts (engineer B's) does not carry:
// checked here without tsc.
describe('other option names and places', () => {
  const cases = [
    { name: 'fast-jwt takes the issuer as allowedIss', rule: 'missing-issuer', before: "// fast-jwt names the issuer check `allowedIss`: the verifier gets the `iss` the key's signer\n// sets.\nconst jwt = require('jsonwebtoken');\nconst { createVerifier } = require('fast-jwt');\n\nexports.issue = (userId) => jwt.sign({ sub: userId }, process.env.JWT_SECRET, { algorithm: 'HS256', expiresIn: '15m', audience: 'api', issuer: 'https://auth.example.com' });\n\nexports.verify = createVerifier({\n  key: process.env.JWT_SECRET,\n  algorithms: ['HS256'],\n  allowedAud: 'api',\n});\n", after: "// fast-jwt names the issuer check `allowedIss`: the verifier gets the `iss` the key's signer\n// sets.\nconst jwt = require('jsonwebtoken');\nconst { createVerifier } = require('fast-jwt');\n\nexports.issue = (userId) => jwt.sign({ sub: userId }, process.env.JWT_SECRET, { algorithm: 'HS256', expiresIn: '15m', audience: 'api', issuer: 'https://auth.example.com' });\n\nexports.verify = createVerifier({\n  allowedIss: 'https://auth.example.com',\n  key: process.env.JWT_SECRET,\n  algorithms: ['HS256'],\n  allowedAud: 'api',\n});\n" },
    { name: 'koa-jwt takes the allowlist as algorithms', rule: 'unpinned-algorithm', before: "// koa-jwt hands its options to jsonwebtoken: the middleware gets the one algorithm the key's\n// signer uses.\nconst jwt = require('jsonwebtoken');\nconst koaJwt = require('koa-jwt');\n\nexports.issue = (userId) => jwt.sign({ sub: userId }, process.env.KOA_SECRET, { algorithm: 'HS384', expiresIn: '15m', audience: 'web', issuer: 'auth' });\n\nexports.auth = koaJwt({\n  secret: process.env.KOA_SECRET,\n  audience: 'web',\n  issuer: 'auth',\n});\n", after: "// koa-jwt hands its options to jsonwebtoken: the middleware gets the one algorithm the key's\n// signer uses.\nconst jwt = require('jsonwebtoken');\nconst koaJwt = require('koa-jwt');\n\nexports.issue = (userId) => jwt.sign({ sub: userId }, process.env.KOA_SECRET, { algorithm: 'HS384', expiresIn: '15m', audience: 'web', issuer: 'auth' });\n\nexports.auth = koaJwt({\n  algorithms: ['HS384'],\n  secret: process.env.KOA_SECRET,\n  audience: 'web',\n  issuer: 'auth',\n});\n" },
  ];
  cases.push({
    name: "hono takes the algorithm as verify's third argument",
    rule: 'unpinned-algorithm',
    before: "import { sign, verify } from 'hono/jwt';\n\nexport const issue = (sub: string) => sign({ sub, exp: Math.floor(Date.now() / 1000) + 900, aud: 'api', iss: 'auth' }, process.env.HONO_SECRET!);\nexport const check = (token: string) => verify(token, process.env.HONO_SECRET!);\n",
    after: "import { sign, verify } from 'hono/jwt';\n\nexport const issue = (sub: string) => sign({ sub, exp: Math.floor(Date.now() / 1000) + 900, aud: 'api', iss: 'auth' }, process.env.HONO_SECRET!);\nexport const check = (token: string) => verify(token, process.env.HONO_SECRET!, 'HS256');\n",
  });
  cases.push({ name: '@nestjs/jwt JwtService.verify with its own secret', rule: 'unpinned-algorithm', before: "import { Injectable } from '@nestjs/common';\nimport { JwtService } from '@nestjs/jwt';\n\n@Injectable()\nexport class TokenService {\n  constructor(private readonly jwt: JwtService) {}\n\n  issue(sub: string) {\n    return this.jwt.sign({ sub }, { secret: process.env.API_SECRET, algorithm: 'HS384', expiresIn: '15m', audience: 'api', issuer: 'auth' });\n  }\n\n  check(token: string) {\n    return this.jwt.verify(token, { secret: process.env.API_SECRET, audience: 'api', issuer: 'auth' });\n  }\n}\n", after: "import { Injectable } from '@nestjs/common';\nimport { JwtService } from '@nestjs/jwt';\n\n@Injectable()\nexport class TokenService {\n  constructor(private readonly jwt: JwtService) {}\n\n  issue(sub: string) {\n    return this.jwt.sign({ sub }, { secret: process.env.API_SECRET, algorithm: 'HS384', expiresIn: '15m', audience: 'api', issuer: 'auth' });\n  }\n\n  check(token: string) {\n    return this.jwt.verify(token, { algorithms: ['HS384'], secret: process.env.API_SECRET, audience: 'api', issuer: 'auth' });\n  }\n}\n" });
  it.each(cases)('$name', async ({ rule, before, after }) => {
    const file = before.includes(': string') ? 'service.ts' : 'service.js';
    const root = makeTempProject({ [file]: before });
    roots.push(root);
    const { out } = await fix(root);
    expect(outcome(out, rule, file)).toMatch(/^fixed: /);
    expect(read(root, file)).toBe(after);
    expect((await findings(root, file)).map((f) => f.ruleId)).not.toContain(rule);
  });
});
