// decodeFacts decides whether a decoded token is verified in the same function by looking
// for a verify call of the same token text there. It used to compare each decode with every
// call of the file (N decodes x M calls: a file of 40,000 `jwt.decode(t)` ran for minutes);
// it now looks the token up in an index of the file's verify calls built once per file.
// Differential: the facts below were recorded with the quadratic version, before the change.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/engine/run.js';
import { FileBudget, FileBudgetExceeded } from '../../src/facts/budget.js';
import { extractFacts } from '../../src/lang/javascript/extract-facts.js';
import { indexFile } from '../../src/lang/javascript/file-index.js';
import { createProject, type Project } from '../../src/lang/javascript/project.js';
import { ValueResolver } from '../../src/lang/javascript/resolve-value.js';
import { parseJs } from '../../src/lang/javascript/parse-js.js';
import { countBudgetTicks } from '../helpers/count-work.js';

function projectOf(files: Record<string, string>): Project {
  return createProject(new Map(Object.entries(files)), (p, s) => indexFile(p, s, parseJs(s, 'ts').ast));
}

/** The decode facts of a file's call sites, with where each is and its api. */
function decodeSites(project: Project, file: string, budget?: FileBudget) {
  const facts = extractFacts(project.index(file)!, project, new ValueResolver(project), budget);
  // The facts the quadratic version recorded; later facts (token source, helpers, assertions) are tested in test/rules/decode-without-verify.test.ts.
  return facts.callSites
    .filter((s) => s.decode)
    .map((s) => ({ line: s.loc.line, column: s.loc.column, api: s.api, decode: { headerOnly: s.decode!.headerOnly, verifiedInScope: s.decode!.verifiedInScope, manual: s.decode!.manual } }));
}

/** A stand-in budget that counts its ticks and runs out at tick `limit`. */
function countingBudget(limit = Infinity) {
  const budget = {
    ticks: 0,
    tick() {
      if (++budget.ticks >= limit) throw new FileBudgetExceeded(0, 0);
    },
    check() {},
  };
  return budget;
}
const asBudget = (b: ReturnType<typeof countingBudget>) => b as unknown as FileBudget;

/** One function holding `decodes` decode calls of distinct tokens, then verify calls of some of them. */
function manyDecodes(decodes: number, verified: number[]): string {
  const lines = ["import jwt from 'jsonwebtoken';", '', 'export function handler(key: string) {'];
  for (let i = 0; i < decodes; i++) lines.push(`  const p${i} = jwt.decode(t${i});`);
  for (const i of verified) lines.push(`  jwt.verify(t${i}, key, { algorithms: ['RS256'], audience: 'api', issuer: 'https://issuer' });`);
  lines.push('}', '');
  return lines.join('\n');
}

const CASES: Record<string, string> = {
  'src/jsonwebtoken.ts': `import jwt from 'jsonwebtoken';
import { verifyToken, verifyAll } from './auth';

export function sameFn(req: any, key: string) {
  const claims = jwt.decode(req.headers.token);
  jwt.verify(req.headers.token, key);
  return claims;
}

export function otherFn(req: any) {
  return jwt.decode(req.headers.token);
}

export function whitespace(req: any, key: string) {
  jwt.verify(req . body
     .token, key);
  return jwt.decode((req.body.token as string));
}

export function nested(token: string, key: string) {
  jwt.verify(token, key);
  const inner = () => jwt.decode(token);
  return inner;
}

export function callback(token: string, key: string) {
  jwt.verify(token, key, (err: unknown) => {
    if (!err) console.log(jwt.decode(token));
  });
  jwt.verify(token, key, function (err: unknown) {
    return () => jwt.decode(other);
  });
}

export const arrow = (token: string) => {
  if (token) {
    const c = jwt.decode(token);
    return c;
  }
  return verifyToken(token);
};

export function computed(token: string, key: string) {
  jwt['verify'](token, key);
  return jwt.decode(token, { complete: true });
}

export function noArgs(token: string) {
  verifyAll();
  return jwt.decode(token);
}

export function differentToken(a: string, b: string, key: string) {
  jwt.verify(a, key);
  return jwt.decode(b);
}

export function secondArg(a: string, key: string) {
  jwt.verify(key, a);
  return jwt.decode(a);
}

export function header(token: string) {
  const { header } = jwt.decode(token, { complete: true }) as any;
  return [header, jwt.decode(token, { complete: true }).header];
}

export function noToken() {
  return jwt.decode();
}

export function many(t1: string, t2: string, key: string) {
  const a = jwt.decode(t1);
  const b = jwt.decode(t2);
  const c = jwt.decode(t1);
  jwt.verify(t2, key);
  return [a, b, c];
}

const top = jwt.decode(process.env.T!);
jwt.verify(process.env.T, 'k');
const top2 = jwt.decode(process.env.U);

class Svc {
  verifier: any;
  check(token: string) {
    this.verifier.verify(token);
    return jwt.decode(token);
  }
  other(token: string) {
    return jwt.decode(token);
  }
  get prop() {
    return jwt.decode(this.token) && this.isVerified(this.token);
  }
}

export const obj = {
  m(token: string) {
    return [jwt.decode(token), jwt.verify(token, 'k')];
  },
  n: function (token: string) {
    return jwt.decode(token);
  },
};
`,
  'src/manual.ts': `import { verify } from './verify';

export function manual(token: string, key: string) {
  const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  verify(token, key);
  return payload;
}

export function manual2(token: string) {
  return JSON.parse(atob(token.split('.')[1]));
}

export function manual3(req: any) {
  verifyJwt(req.token);
  return JSON.parse(window.atob(req.token.split('.')[1]));
}

const p = JSON.parse(Buffer.from(process.env.T.split('.')[1], 'base64').toString());
verify(process.env.T);
`,
  'src/jose.ts': `import { decodeJwt, jwtVerify, decodeProtectedHeader } from 'jose';

export async function a(token: string, key: any) {
  const claims = decodeJwt(token);
  await jwtVerify(token, key);
  return claims;
}

export function b(token: string) {
  return [decodeProtectedHeader(token), decodeJwt(token)];
}

export async function c(token: string, key: any) {
  const { payload } = await jwtVerify(token, key);
  return [payload, decodeJwt(token)];
}

export async function d(token: string, key: any) {
  return jwtVerify(token, key).then(() => decodeJwt(token));
}
`,
  'src/jwt-decode.ts': `import { jwtDecode } from 'jwt-decode';
import { decode as honoDecode, verify as honoVerify } from 'hono/jwt';

export function a(token: string) {
  return jwtDecode(token);
}

export async function b(token: string, key: string) {
  await honoVerify(token, key, 'HS256');
  return [honoDecode(token), jwtDecode(token, { header: true })];
}

export function c(token: string) {
  return honoDecode(token);
}
`,
};

// Recorded with the quadratic version of decodeFacts.
const EXPECTED: Record<string, unknown[]> = {
  'src/jsonwebtoken.ts': [
    { line: 5, column: 18, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: true, manual: false } },
    { line: 11, column: 10, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: false, manual: false } },
    { line: 17, column: 10, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: true, manual: false } },
    { line: 22, column: 23, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: false, manual: false } },
    { line: 28, column: 27, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: true, manual: false } },
    { line: 31, column: 18, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: true, manual: false } },
    { line: 37, column: 15, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: true, manual: false } },
    { line: 45, column: 10, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: true, manual: false } },
    { line: 50, column: 10, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: false, manual: false } },
    { line: 55, column: 10, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: false, manual: false } },
    { line: 60, column: 10, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: false, manual: false } },
    { line: 64, column: 22, api: 'jwt.decode', decode: { headerOnly: true, verifiedInScope: false, manual: false } },
    { line: 65, column: 19, api: 'jwt.decode', decode: { headerOnly: true, verifiedInScope: false, manual: false } },
    { line: 69, column: 10, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: false, manual: false } },
    { line: 73, column: 13, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: false, manual: false } },
    { line: 74, column: 13, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: true, manual: false } },
    { line: 75, column: 13, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: false, manual: false } },
    { line: 80, column: 13, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: true, manual: false } },
    { line: 82, column: 14, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: false, manual: false } },
    { line: 88, column: 12, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: true, manual: false } },
    { line: 91, column: 12, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: false, manual: false } },
    { line: 94, column: 12, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: false, manual: false } },
    { line: 100, column: 13, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: true, manual: false } },
    { line: 103, column: 12, api: 'jwt.decode', decode: { headerOnly: false, verifiedInScope: false, manual: false } },
  ],
  'src/manual.ts': [
    { line: 4, column: 30, api: 'base64 payload decode', decode: { headerOnly: false, verifiedInScope: true, manual: true } },
    { line: 10, column: 21, api: 'base64 payload decode', decode: { headerOnly: false, verifiedInScope: false, manual: true } },
    { line: 15, column: 21, api: 'base64 payload decode', decode: { headerOnly: false, verifiedInScope: true, manual: true } },
    { line: 18, column: 22, api: 'base64 payload decode', decode: { headerOnly: false, verifiedInScope: true, manual: true } },
  ],
  'src/jose.ts': [
    { line: 4, column: 18, api: 'decodeJwt', decode: { headerOnly: false, verifiedInScope: true, manual: false } },
    { line: 10, column: 11, api: 'decodeProtectedHeader', decode: { headerOnly: true, verifiedInScope: false, manual: false } },
    { line: 10, column: 41, api: 'decodeJwt', decode: { headerOnly: false, verifiedInScope: false, manual: false } },
    { line: 15, column: 20, api: 'decodeJwt', decode: { headerOnly: false, verifiedInScope: true, manual: false } },
    { line: 19, column: 43, api: 'decodeJwt', decode: { headerOnly: false, verifiedInScope: false, manual: false } },
  ],
  'src/jwt-decode.ts': [
    { line: 5, column: 10, api: 'jwtDecode', decode: { headerOnly: false, verifiedInScope: false, manual: false } },
    { line: 10, column: 11, api: 'decode', decode: { headerOnly: false, verifiedInScope: true, manual: false } },
    { line: 10, column: 30, api: 'jwtDecode', decode: { headerOnly: true, verifiedInScope: true, manual: false } },
    { line: 14, column: 10, api: 'decode', decode: { headerOnly: false, verifiedInScope: false, manual: false } },
  ],
};

describe('decodeFacts: the same facts as the per-call scan', () => {
  it.each(Object.keys(CASES))('%s', (file) => {
    expect(decodeSites(projectOf(CASES), file)).toEqual(EXPECTED[file]);
  });

  it('the same facts on a second extraction of the same index (the cached verify index)', () => {
    const project = projectOf(CASES);
    for (const file of Object.keys(CASES)) {
      expect(decodeSites(project, file)).toEqual(EXPECTED[file]);
      expect(decodeSites(project, file)).toEqual(EXPECTED[file]);
    }
  });

  it('a budget spent at any point, the verify index half built included, leaves no trace', () => {
    const file = 'src/jsonwebtoken.ts';
    const full = countingBudget();
    decodeSites(projectOf(CASES), file, asBudget(full));
    expect(full.ticks).toBeGreaterThan(0);
    for (let limit = 1; limit <= full.ticks; limit++) {
      const project = projectOf(CASES);
      expect(() => decodeSites(project, file, asBudget(countingBudget(limit)))).toThrow(FileBudgetExceeded);
      expect(decodeSites(project, file)).toEqual(EXPECTED[file]);
    }
  });

  it('a decode is not verified by itself, nor by a verify call of another function or token', () => {
    const project = projectOf({
      'a.ts': `import jwt from 'jsonwebtoken';
export function f(t: string, u: string, k: string) {
  jwt.verify(u, k);
  return jwt.decode(t);
}
export function g(t: string) {
  return jwt.decode(t);
}
jwt.verify(t, 'k');
`,
    });
    expect(decodeSites(project, 'a.ts').map((s) => [s.line, s.decode?.verifiedInScope])).toEqual([
      [4, false],
      [7, false],
    ]);
  });
});

describe('decodeFacts scales with the file', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('polls the budget a number of times linear in the calls of the file, not their product', () => {
    // The quadratic scan polled once per call of the file for each decode: 2,000 x 2,003.
    // The counting budget runs out at the bound, so that scan fails there at once.
    const decodes = 2_000;
    const project = projectOf({ 'a.ts': manyDecodes(decodes, [0, 999, 1_999]) });
    const budget = countingBudget(20 * decodes);
    const sites = decodeSites(project, 'a.ts', asBudget(budget));
    expect(sites).toHaveLength(decodes);
    expect(sites.filter((s) => s.decode?.verifiedInScope).map((s) => s.line)).toEqual([4, 1_003, 2_003]);
    expect(budget.ticks).toBeLessThan(20 * decodes);
  });

  it('scans a function of 5,000 decodes through runScan with a number of budget polls linear in its calls, each unverified decode reported', async () => {
    // Counted: the polls of the file's budget over the whole analysis (index traversal,
    // resolver, facts): once per AST node and a few times per call, about 11 per decode line
    // today. The bound, 20 per decode, leaves room for that and nothing for a product: the
    // quadratic scan polled once per call of the file for each decode (5,000 x 5,005), and
    // is stopped at the bound (a `timeout` note, no findings) instead of running on. The
    // per-file clock is off (Infinity): a loaded machine cannot turn this into a timeout.
    const decodes = 5_000;
    const bound = 20 * decodes;
    const verified = [0, 7, 1_234, 4_321, 4_999];
    const root = mkdtempSync(path.join(tmpdir(), 'jwtlint-decode-scaling-'));
    roots.push(root);
    writeFileSync(path.join(root, 'handler.ts'), manyDecodes(decodes, verified));
    const { result, ticks } = await countBudgetTicks(bound, () =>
      runScan({ cwd: root, paths: [root], maxExpirySeconds: 86_400, ignore: [], disabledRules: [], fileTimeBudgetMs: Infinity }),
    );
    expect(result.internalError).toBe(false);
    expect(result.notifications.map((n) => n.kind)).toEqual([]);
    expect(ticks).toBeGreaterThan(decodes);
    expect(ticks).toBeLessThan(bound);
    const reported = result.findings.filter((f) => f.ruleId === 'decode-without-verify');
    expect(reported).toHaveLength(decodes - verified.length);
    // Line 4 + i holds the decode of t{i}: the verified ones are not reported, every other one is.
    const lines = new Set(reported.map((f) => f.location.line));
    expect(lines.size).toBe(decodes - verified.length);
    for (const i of verified) expect(lines.has(4 + i)).toBe(false);
    expect(lines.has(4 + 1)).toBe(true);
    expect(lines.has(4 + decodes - 2)).toBe(true);
  });
});
