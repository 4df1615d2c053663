// Function summaries (src/lang/javascript/wrappers.ts, issue #15 item 2): a project function whose
// parameters reach a JWT call is judged at each of its calls, in any module, as the JWT call it
// stands for; and options objects built after creation (resolve-value.ts, item 3).
import { describe, expect, it } from 'vitest';
import type { Finding, RunResult } from '../../src/engine/types.js';
import { countBudgetTicks } from '../helpers/count-work.js';
import { scanFiles } from '../helpers/scan.js';

const at = (result: RunResult, ruleId: string): string[] =>
  result.findings
    .filter((f) => f.ruleId === ruleId)
    .map((f) => `${f.location.file}:${f.location.line}`)
    .sort();

const only = (result: RunResult, ruleId: string): Finding => {
  const found = result.findings.filter((f) => f.ruleId === ruleId);
  expect(found.map((f) => `${f.location.file}:${f.location.line}`)).toHaveLength(1);
  return found[0]!;
};

const SIGNER = `import jwt from 'jsonwebtoken';
export function signToken(payload: object) {
  return jwt.sign(payload, process.env.SESSION_KEY as string, { algorithm: 'HS256' });
}
`;

describe('a wrapper is judged at its calls', () => {
  it('reports what the caller decides at the caller, with the way down to the library call as a related location', async () => {
    const result = await scanFiles({
      'src/sign.ts': SIGNER,
      'src/routes.ts': "import { signToken } from './sign';\nexport const login = (id: string) => signToken({ sub: id });\n",
    });
    const finding = only(result, 'no-expiry');
    expect(finding.location).toMatchObject({ file: 'src/routes.ts', line: 2 });
    expect(finding.message).toContain('`signToken`');
    expect(finding.relatedLocations).toEqual([{ location: expect.objectContaining({ file: 'src/sign.ts', line: 3 }), label: '`signToken` calls `jwt.sign` here' }]);
  });

  it('judges the facts the wrapper fixes once, however many places call it', async () => {
    const callers = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`src/caller-${i}.ts`, `import { signToken } from './sign';\nexport const t = (id: string) => signToken({ sub: id, exp: Math.floor(Date.now() / 1000) + 600 });\n`]),
    );
    const result = await scanFiles({ 'src/sign.ts': SIGNER, ...callers });
    // HS256 is written inside the wrapper: one finding there, none at the twelve callers.
    expect(at(result, 'symmetric-algorithm')).toEqual(['src/sign.ts:3']);
    expect(at(result, 'no-expiry')).toEqual([]);
  });

  it('follows a wrapper of a wrapper to the call that writes the payload', async () => {
    const result = await scanFiles({
      'src/sign.ts': SIGNER,
      'src/session.ts': "import { signToken } from './sign';\nexport function signSession(claims: object) {\n  return signToken(claims);\n}\n",
      'src/login.ts': "import { signSession } from './session';\nexport const login = (id: string) => signSession({ sub: id });\n",
    });
    const finding = only(result, 'no-expiry');
    expect(finding.location).toMatchObject({ file: 'src/login.ts', line: 2 });
    expect(finding.relatedLocations.map((r) => `${r.location.file}:${r.location.line} ${r.label}`)).toEqual([
      'src/session.ts:3 `signSession` calls `signToken` here',
      'src/sign.ts:3 `signToken` calls `jwt.sign` here',
    ]);
  });

  it('stops three wrappers above the library call', async () => {
    const chain = (name: string, inner: string) => `import { ${inner} } from './${inner}';\nexport function ${name}(p: object) {\n  return ${inner}(p);\n}\n`;
    const result = await scanFiles({
      'src/signToken.ts': SIGNER,
      'src/a.ts': chain('a', 'signToken'),
      'src/b.ts': chain('b', 'a'),
      'src/c.ts': chain('c', 'b'),
      'src/use.ts': "import { b } from './b';\nimport { c } from './c';\nexport const x = b({ sub: '1' });\nexport const y = c({ sub: '2' });\n",
    });
    // b is the third wrapper up: judged. c is the fourth: not followed (a documented bound).
    expect(at(result, 'no-expiry')).toEqual(['src/use.ts:3']);
  });

  it('takes the key a caller passes for a parameter with a default', async () => {
    const result = await scanFiles({
      'src/tokens.js':
        "const jwt = require('jsonwebtoken');\nfunction generateToken(sub, exp, secret = process.env.JWT_SECRET) {\n  return jwt.sign({ sub, exp }, secret);\n}\nmodule.exports = { generateToken };\n",
      'src/seed.js': "const { generateToken } = require('./tokens');\nmodule.exports = generateToken('admin', Math.floor(Date.now() / 1000) + 60, 'seed-signing-key-0123456789abcdefghijk');\n",
    });
    expect(at(result, 'hardcoded-secret')).toEqual(['src/seed.js:2']);
  });

  it('judges a decode wrapper with the token each caller passes, and reports it at the decode', async () => {
    const result = await scanFiles({
      'src/jwt-utils.ts': "import jwt from 'jsonwebtoken';\nexport const decodeJWT = (token: string) => jwt.decode(token) as { role?: string } | null;\n",
      'src/admin.ts':
        "import { decodeJWT } from './jwt-utils';\nexport function isAdmin(req: { headers: { authorization: string } }) {\n  const claims = decodeJWT(req.headers.authorization);\n  return claims?.role === 'admin';\n}\n",
    });
    const finding = only(result, 'decode-without-verify');
    expect(finding.location).toMatchObject({ file: 'src/jwt-utils.ts', line: 2 });
    // The caller shows a request token whose claims decide: no longer the exported helper's low confidence.
    expect(finding.confidence).toBe('high');
    expect(finding.relatedLocations).toEqual([{ location: expect.objectContaining({ file: 'src/admin.ts', line: 3 }), label: '`decodeJWT` is called here with the token it decodes' }]);
  });

  it('reads a lifetime computed by a helper from what its call passes, at that call', async () => {
    const result = await scanFiles({
      'src/time.ts': 'export const daysInMs = (days: number): number => days * 24 * 60 * 60 * 1000;\n',
      'src/sign.ts': "import jwt from 'jsonwebtoken';\nexport const signJwt = (payload: object, secret: string, expiresIn: number) => jwt.sign(payload, secret, { expiresIn });\n",
      'src/login.ts': "import { signJwt } from './sign';\nimport { daysInMs } from './time';\nexport const a = (id: string) => signJwt({ sub: id }, process.env.K as string, daysInMs(30));\n",
    });
    // jsonwebtoken reads a number as seconds: 30 days in milliseconds lasts 30,000 days.
    const finding = only(result, 'long-expiry');
    expect(finding.location).toMatchObject({ file: 'src/login.ts', line: 3 });
    expect(finding.message).toContain('30000 days');
  });

  it('leaves a same-named function that is not the wrapper alone', async () => {
    const result = await scanFiles({
      'src/sign.ts': SIGNER,
      'src/other.ts': "function signToken(p: object) {\n  return JSON.stringify(p);\n}\nexport const x = signToken({ sub: '1' });\n",
    });
    expect(at(result, 'no-expiry')).toEqual([]);
  });

  it('examines a bounded number of calls per wrapper, says how many it left, with polls linear in them', async () => {
    const calls = 400;
    const lines = ["import { signToken } from './sign';"];
    for (let i = 0; i < calls; i++) lines.push(`export const t${i} = signToken({ sub: '${i}' });`);
    const { result, ticks } = await countBudgetTicks(400_000, () => scanFiles({ 'src/sign.ts': SIGNER, 'src/many.ts': `${lines.join('\n')}\n` }));
    expect(result.notifications.filter((n) => n.kind === 'timeout')).toEqual([]);
    // 200 calls per wrapper are judged (MAX_CALLS_PER_WRAPPER), in source order.
    const reported = at(result, 'no-expiry');
    expect(reported).toHaveLength(200);
    expect(reported).toContain('src/many.ts:2');
    expect(reported).not.toContain(`src/many.ts:${calls + 1}`);
    // The calls left unjudged are said, never silently dropped.
    expect(result.notifications.filter((n) => n.kind === 'skipped').map((n) => n.message)).toEqual([
      'src/sign.ts: `signToken` wraps a JWT call and is called 400 times; the first 200 calls were judged as that JWT call, the other 200 were not',
    ]);
    expect(ticks).toBeLessThan(400_000);
  });
});

describe('options built after creation', () => {
  const strategy = (body: string) => `const { Strategy, ExtractJwt } = require('passport-jwt');\n${body}`;

  it('reads member writes and Object.assign into the options object', async () => {
    const result = await scanFiles({
      'src/a.js': strategy(
        "const opts = {};\nopts.jwtFromRequest = ExtractJwt.fromAuthHeaderAsBearerToken();\nopts.secretOrKey = 'member-written-key-0123456789abcdef';\nmodule.exports = new Strategy(opts, (p, d) => d(null, p));\n",
      ),
      'src/b.js': strategy(
        "const base = { jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken() };\nconst full = Object.assign({}, base, { secretOrKey: process.env.K, ignoreExpiration: true });\nmodule.exports = new Strategy(full, (p, d) => d(null, p));\n",
      ),
    });
    expect(at(result, 'hardcoded-secret')).toEqual(['src/a.js:4']);
    expect(at(result, 'expiry-not-enforced')).toEqual(['src/b.js:3']);
  });

  it('judges a spread parameter at the factory when every caller agrees, and at the caller that differs otherwise', async () => {
    const factory = strategy(
      "function make(extra) {\n  return new Strategy({ ...extra, jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: process.env.K, algorithms: ['HS256'], issuer: 'i' }, (p, d) => d(null, p));\n}\n",
    );
    const two = await scanFiles({ 'src/s.js': `${factory}exports.a = make({ audience: 'a' });\nexports.b = make({});\n` });
    // At the factory `audience` is passed by one caller only: unknown there, never absent. The
    // call that passes none is judged as the strategy it makes.
    expect(at(two, 'missing-audience')).toEqual(['src/s.js:6']);
    const one = await scanFiles({ 'src/s.js': `${factory}exports.b = make({});\n` });
    expect(at(one, 'missing-audience')).toEqual(['src/s.js:3']);
  });
});
