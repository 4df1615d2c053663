// decode-without-verify (issue #13 item 3): each decision the rule makes, checked on the fact
// that carries it, and the confidence it gives. Facts are read from in-memory projects; the
// rule is run on them the way the engine runs it.
import { describe, expect, it } from 'vitest';
import rule from '../../rules/decode-without-verify.js';
import { moduleEnvironment } from '../../src/lang/javascript/decode-facts.js';
import { extractFacts } from '../../src/lang/javascript/extract-facts.js';
import { indexFile } from '../../src/lang/javascript/file-index.js';
import type { DecodeFacts, FileFacts } from '../../src/facts/model.js';
import { createProject, type Project } from '../../src/lang/javascript/project.js';
import { ValueResolver } from '../../src/lang/javascript/resolve-value.js';
import { parseJs } from '../../src/lang/javascript/parse-js.js';
import type { FileBudget } from '../../src/facts/budget.js';

const SETTINGS = { maxExpirySeconds: 86_400, maxClockToleranceSeconds: 300 };

function projectOf(files: Record<string, string>): Project {
  return createProject(new Map(Object.entries(files)), (p, s) => indexFile(p, s, parseJs(s, /\.[jt]sx$/.test(p) ? 'tsx' : 'ts').ast));
}

function factsOf(file: string, text: string, budget?: FileBudget): FileFacts {
  const project = projectOf({ [file]: text });
  return extractFacts(project.index(file)!, project, new ValueResolver(project), budget);
}

/** The decode facts of a file, by line. */
function decodesOf(file: string, text: string): Map<number, DecodeFacts> {
  return new Map(factsOf(file, text).callSites.filter((s) => s.decode).map((s) => [s.loc.line, s.decode!]));
}

/** What the rule reports on a file: line and confidence. */
function reportsOf(file: string, text: string): { line: number; confidence: string | undefined }[] {
  return rule.check({ facts: factsOf(file, text), settings: SETTINGS }).map((r) => ({ line: r.loc.line, confidence: r.confidence }));
}

const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('verification across the helpers of a module', () => {
  const helper = (callers: string, exported = false) =>
    lines(
      "import jwt from 'jsonwebtoken';",
      `${exported ? 'export ' : ''}function payloadOf(token: string) {`,
      '  return jwt.decode(token);', // line 3
      '}',
      callers,
    );

  it('a helper whose every caller verifies the token it passes is not reported', () => {
    const text = helper(
      lines(
        'export function a(t: string, k: string) { const p = payloadOf(t); jwt.verify(t, k); return p; }',
        'export const b = (req: any, k: string) => { jwt.verify(req.body.jwt, k); return payloadOf(req.body.jwt); };',
      ),
    );
    expect(decodesOf('src/a.ts', text).get(3)?.verifiedByCallers).toBe(true);
    expect(reportsOf('src/a.ts', text)).toEqual([]);
  });

  it('one caller that does not verify keeps the finding', () => {
    const text = helper(lines('export function a(t: string, k: string) { jwt.verify(t, k); return payloadOf(t); }', 'export function b(t: string) { return payloadOf(t); }'));
    expect(decodesOf('src/a.ts', text).get(3)?.verifiedByCallers).toBeUndefined();
    expect(reportsOf('src/a.ts', text)).toEqual([{ line: 3, confidence: 'medium' }]);
  });

  it('a caller verifying another token does not count', () => {
    const text = helper('export function a(t: string, u: string, k: string) { jwt.verify(u, k); return payloadOf(t); }');
    expect(reportsOf('src/a.ts', text).map((r) => r.line)).toEqual([3]);
  });

  it('an exported helper is reported with low confidence: its other callers cannot be seen', () => {
    const text = helper('export function a(t: string, k: string) { jwt.verify(t, k); return payloadOf(t); }', true);
    expect(decodesOf('src/a.ts', text).get(3)).toMatchObject({ tokenSource: 'parameter' });
    expect(reportsOf('src/a.ts', text)).toEqual([{ line: 3, confidence: 'low' }]);
  });

  it('a helper also used other than by a call (a callback, module.exports) keeps the finding', () => {
    const passed = helper(lines('export function a(t: string, k: string) { jwt.verify(t, k); return payloadOf(t); }', 'export const all = (ts: string[]) => ts.map(payloadOf);'));
    expect(reportsOf('src/a.ts', passed)).toEqual([{ line: 3, confidence: 'low' }]);
    const commonJs = helper(lines('function a(t, k) { jwt.verify(t, k); return payloadOf(t); }', 'module.exports = { a, payloadOf };'));
    expect(reportsOf('src/a.js', commonJs).map((r) => r.line)).toEqual([3]);
  });

  it('a private method verified by each caller in its class is not reported', () => {
    const text = lines(
      "import jwt from 'jsonwebtoken';",
      'export class Sessions {',
      '  private claims(token: string) {',
      '    return jwt.decode(token);', // line 4
      '  }',
      '  open(token: string, key: string) {',
      '    jwt.verify(token, key);',
      '    return this.claims(token);',
      '  }',
      '}',
    );
    expect(decodesOf('src/s.ts', text).get(4)?.verifiedByCallers).toBe(true);
    expect(reportsOf('src/s.ts', text)).toEqual([]);
  });

  it('the token a visible helper decodes takes its source from the callers: from the request, high confidence when its claims decide', () => {
    const text = lines(
      "import jwt from 'jsonwebtoken';",
      'function roleOf(token: string) {',
      '  const { role } = jwt.decode(token) as any;', // line 3
      "  return role === 'admin';",
      '}',
      "export const gate = (req: any, res: any, next: any) => (roleOf(req.headers.authorization) ? next() : res.status(403).end());",
    );
    expect(decodesOf('src/g.ts', text).get(3)).toMatchObject({ tokenSource: 'request', claimsDecide: true });
    expect(reportsOf('src/g.ts', text)).toEqual([{ line: 3, confidence: 'high' }]);
  });
});

describe('a decode that only selects a key before a verify', () => {
  const keyPick = (read: string) =>
    lines(
      "import jwt from 'jsonwebtoken';",
      'function check(token: string, key: string) { return jwt.verify(token, key); }',
      'export function auth(token: string, keys: Record<string, string>) {',
      '  const decoded = jwt.decode(token, { complete: true }) as any;', // line 4
      `  ${read}`,
      '  return check(token, keys[decoded.header.kid]);',
      '}',
    );

  it('kid, tid, iss, alg, tenant claims followed by a local verifier of the same token: not reported', () => {
    for (const read of ['const t = decoded.payload.tid;', 'const iss = decoded.payload.iss;', 'const tenant = decoded.payload.tenantId;', ';']) {
      const text = keyPick(read);
      expect(decodesOf('src/k.ts', text).get(4)?.keySelectionThenVerified, read).toBe(true);
      expect(reportsOf('src/k.ts', text), read).toEqual([]);
    }
  });

  it('any other claim read (a role deciding something) keeps the finding', () => {
    const text = keyPick("if (decoded.payload.role === 'admin') grant();");
    expect(decodesOf('src/k.ts', text).get(4)?.keySelectionThenVerified).toBeUndefined();
    expect(reportsOf('src/k.ts', text).map((r) => r.line)).toEqual([4]);
  });

  it('the whole claims object passed on keeps the finding', () => {
    expect(reportsOf('src/k.ts', keyPick('audit(decoded);')).map((r) => r.line)).toEqual([4]);
  });

  it('a verifier called before the decode, or a local function that does not verify, does not count', () => {
    const before = lines(
      "import jwt from 'jsonwebtoken';",
      'function check(token: string, key: string) { return jwt.verify(token, key); }',
      'export function auth(token: string, key: string) {',
      '  check(token, key);',
      '  const { kid } = jwt.decode(token) as any;', // line 5
      '  return kid;',
      '}',
    );
    expect(reportsOf('src/k.ts', before).map((r) => r.line)).toEqual([5]);
    const noVerify = lines(
      "import jwt from 'jsonwebtoken';",
      'function check(token: string, key: string) { return token.length > key.length; }',
      'export function auth(token: string, key: string) {',
      '  const { kid } = jwt.decode(token) as any;', // line 4
      '  return check(token, kid);',
      '}',
    );
    expect(reportsOf('src/k.ts', noVerify).map((r) => r.line)).toEqual([4]);
  });
});

describe('where the token comes from', () => {
  const sourceOf = (body: string, params = 'req: any, res: any') =>
    decodesOf('src/s.ts', lines("import jwt from 'jsonwebtoken';", "import axios from 'axios';", "import got from 'got';", `export async function h(${params}) {`, body, '}')).get(5)?.tokenSource;

  it('the incoming request: headers, cookies, query, body, framework getters', () => {
    expect(sourceOf('  return jwt.decode(req.headers.authorization.split(" ")[1]);')).toBe('request');
    expect(sourceOf('  return jwt.decode(req.cookies.session);')).toBe('request');
    expect(sourceOf("  return jwt.decode(req.get('authorization'));")).toBe('request');
    expect(sourceOf("  return jwt.decode(c.req.header('x-token'));", 'c: any')).toBe('request');
    expect(sourceOf('  return jwt.decode(ctx.request.body.token);', 'ctx: any')).toBe('request');
    expect(sourceOf("  return jwt.decode(new URL(request.url).searchParams.get('t'));", 'request: Request')).toBe('request');
    expect(sourceOf("  return jwt.decode(cookies().get('s')?.value);", '')).toBe('request');
  });

  it('an outbound HTTP response: fetch, axios, got, openid-client', () => {
    expect(sourceOf('  const r = await fetch(url); const text = await r.text(); return jwt.decode(text);', 'url: string')).toBe('response');
    expect(sourceOf('  const res = await axios.post(url, form); return jwt.decode(res.data.access_token);', 'url: string, form: any')).toBe('response');
    expect(sourceOf('  const { data } = await axios.get(url); return jwt.decode(data.id_token);', 'url: string')).toBe('response');
    expect(sourceOf("  const body: any = await got.post(url).json(); return jwt.decode(body.access_token);", 'url: string')).toBe('response');
    expect(sourceOf('  const tokenSet = await client.callback(uri, params); return jwt.decode(tokenSet.access_token);', 'client: any, uri: string, params: any')).toBe('response');
  });

  it('a token read from the request stays request even when the same function calls a provider', () => {
    expect(sourceOf("  const t = req.headers.authorization; await fetch('https://idp.test/userinfo', { headers: { authorization: t } }); return jwt.decode(t);")).toBe('request');
  });

  it('openid-client given the request itself is not a response', () => {
    expect(sourceOf('  const s = await client.callback(req); return jwt.decode(s);', 'client: any, req: any')).toBe('request');
  });

  it('a parameter of an exported function, or something not followed', () => {
    expect(sourceOf('  return jwt.decode(token);', 'token: string')).toBe('parameter');
    expect(sourceOf('  return jwt.decode(store.get());', '')).toBe('unknown');
  });

  it('a token from a response is not reported; one from the request is, with high confidence when its claims decide', () => {
    const text = lines(
      "import jwt from 'jsonwebtoken';",
      'export async function refreshAt(url: string) {',
      '  const r = await fetch(url);',
      '  return (jwt.decode(await r.text()) as any).exp;', // line 4
      '}',
      'export function admin(req: any, res: any) {',
      '  const claims = jwt.decode(req.headers.authorization) as any;', // line 7
      "  if (claims.role !== 'admin') return res.status(403).end();",
      '}',
      'export function who(req: any) {',
      '  return jwt.decode(req.headers.authorization);', // line 11
      '}',
      'export function present(req: any, res: any) {',
      '  const claims = jwt.decode(req.cookies.session) as any;', // line 14
      '  if (!claims) return res.status(401).end();',
      '  res.json({ name: claims.name });',
      '}',
    );
    // A check that the decode worked (`if (!claims)`) is not a decision on a claim.
    expect(reportsOf('src/r.ts', text)).toEqual([
      { line: 7, confidence: 'high' },
      { line: 11, confidence: 'medium' },
      { line: 14, confidence: 'medium' },
    ]);
  });
});

describe('test assertions', () => {
  const testFile = lines(
    "import jwt from 'jsonwebtoken';",
    "import assert from 'node:assert';",
    "it('issues', () => {",
    '  expect(jwt.decode(token)).toMatchObject({ sub: "u1" });', // 4
    '  assert.equal((jwt.decode(token) as any).sub, "u1");', // 5
    '  const claims = jwt.decode(token) as any;', // 6
    '  expect(claims.exp - claims.iat).toBe(900);',
    '  t.is((jwt.decode(token) as any).sub, "u1");', // 8
    '  const user = jwt.decode(req.headers.authorization) as any;', // 9
    '  if (user.admin) grant();',
    '});',
  );

  it('a decode read only by assertions in a test file is not reported; one that is not an assertion is', () => {
    const decodes = decodesOf('src/__tests__/issue.test.ts', testFile);
    expect([4, 5, 6, 8, 9].map((l) => decodes.get(l)?.inTestAssertion)).toEqual([true, true, true, true, undefined]);
    expect(reportsOf('src/__tests__/issue.test.ts', testFile).map((r) => r.line)).toEqual([9]);
  });

  it('outside test code, an assertion-shaped call is a decision like any other', () => {
    expect(reportsOf('src/issue.ts', testFile).map((r) => r.line)).toEqual([4, 5, 6, 8, 9]);
  });
});

describe('browser code by its own evidence', () => {
  const env = (file: string, text: string) => {
    const project = projectOf({ [file]: text });
    return moduleEnvironment(project.index(file)!);
  };
  const component = "import { useState } from 'react';\nexport function A() { return null; }\n";

  it('a module importing a front-end framework, or holding JSX, is browser code', () => {
    expect(env('src/components/A.tsx', component)).toBe('browser');
    expect(env('src/useClaims.ts', "import { computed } from 'vue';\nexport const c = computed(() => 1);\n")).toBe('browser');
    expect(env('src/Badge.jsx', 'export const Badge = () => <span />;\n')).toBe('browser');
    expect(env('src/store.ts', "import { writable } from 'svelte/store';\nexport const s = writable(0);\n")).toBe('browser');
  });

  it('server paths, server exports, server imports and `use server` win over the framework', () => {
    expect(env('pages/api/Profile.tsx', component)).toBe('server');
    expect(env('src/pages/api/me.ts', component)).toBe('server');
    expect(env('app/api/me/route.ts', component)).toBe('server');
    expect(env('app/dashboard/page.tsx', component)).toBe('server');
    expect(env('middleware.ts', component)).toBe('server');
    expect(env('src/server/render.tsx', component)).toBe('server');
    expect(env('app/routes/admin.server.ts', component)).toBe('server');
    expect(env('pages/index.tsx', `${component}export async function getServerSideProps() { return { props: {} }; }\n`)).toBe('server');
    expect(env('app/routes/admin.tsx', `${component}export async function loader() { return null; }\n`)).toBe('server');
    expect(env('src/actions.ts', `'use server';\n${component}`)).toBe('server');
    expect(env('src/Page.tsx', `import { cookies } from 'next/headers';\n${component}`)).toBe('server');
    expect(env('src/ssr.tsx', `import { renderToString } from 'react-dom/server';\n${component}`)).toBe('server');
  });

  it("'use client' stays browser code, and a module without evidence stays server code", () => {
    expect(env('app/dashboard/page.tsx', `'use client';\n${component}`)).toBe('browser');
    expect(env('src/auth.ts', "import jwt from 'jsonwebtoken';\nexport const d = (t: string) => jwt.decode(t);\n")).toBe('server');
  });
});

describe('cost', () => {
  /** A stand-in budget that counts its polls. */
  function counting() {
    const b = { ticks: 0, tick() { b.ticks++; }, check() {} };
    return b;
  }

  // n helpers, each with one verifying caller, and n request handlers sharing one variable
  // name: every per-file index is built once, each decode looks at its own group.
  function generated(n: number): string {
    const out = ["import jwt from 'jsonwebtoken';"];
    for (let i = 0; i < n; i++) {
      out.push(`function payload${i}(token: string) { return jwt.decode(token); }`);
      out.push(`export function caller${i}(t: string, k: string) { const p = payload${i}(t); jwt.verify(t, k); return p; }`);
      out.push(`export function handler${i}(req: any) { const claims = jwt.decode(req.headers.authorization) as any; if (claims.role === 'x') return 1; return claims; }`);
    }
    return `${out.join('\n')}\n`;
  }

  it('budget polls grow linearly with the file (n and 4n)', () => {
    const small = counting();
    const facts = factsOf('src/g.ts', generated(250), small as unknown as FileBudget);
    expect(facts.callSites.filter((s) => s.decode?.verifiedByCallers)).toHaveLength(250);
    expect(facts.callSites.filter((s) => s.decode?.claimsDecide)).toHaveLength(250);
    const large = counting();
    factsOf('src/g.ts', generated(1_000), large as unknown as FileBudget);
    expect(large.ticks).toBeLessThan(small.ticks * 4 * 1.25);
  });
});

describe('a budget spent at any point leaves no trace', () => {
  it('the facts after an abandoned extraction are those of a fresh one', async () => {
    const { FileBudgetExceeded } = await import('../../src/facts/budget.js');
    const text = lines(
      "import jwt from 'jsonwebtoken';",
      'function payloadOf(token: string) { return jwt.decode(token); }',
      'function check(token: string, key: string) { return jwt.verify(token, key); }',
      'export function a(t: string, k: string) { const p = payloadOf(t); jwt.verify(t, k); return p; }',
      'export function b(req: any, keys: any) { const { kid } = jwt.decode(req.headers.authorization) as any; return check(req.headers.authorization, keys[kid]); }',
      "export function c(req: any) { const claims = jwt.decode(req.cookies.s) as any; if (claims.role === 'x') return 1; }",
      'export async function d(url: string) { const r = await fetch(url); return jwt.decode(await r.text()); }',
    );
    const decodes = (project: Project, budget?: unknown) =>
      extractFacts(project.index('src/x.ts')!, project, new ValueResolver(project), budget as FileBudget | undefined).callSites.map((s) => s.decode);
    const reference = decodes(projectOf({ 'src/x.ts': text }));
    expect(reference.filter((d) => d?.verifiedByCallers || d?.keySelectionThenVerified || d?.claimsDecide || d?.tokenSource === 'response')).toHaveLength(4);
    let total = 0;
    decodes(projectOf({ 'src/x.ts': text }), { tick: () => total++, check() {} });
    for (let limit = 1; limit <= total; limit++) {
      const project = projectOf({ 'src/x.ts': text });
      let ticks = 0;
      const budget = {
        tick() {
          if (++ticks >= limit) throw new FileBudgetExceeded(0, 0);
        },
        check() {},
      };
      expect(() => decodes(project, budget)).toThrow(FileBudgetExceeded);
      expect(decodes(project)).toEqual(reference);
    }
  });
});

describe('docs', () => {
  it('explain states the decisions', () => {
    const text = `${rule.docs.whyItMatters} ${rule.docs.limitations}`;
    for (const phrase of ['every caller', 'key', 'outbound', 'assertion', 'React', 'pages/api', 'confidence']) expect(text).toContain(phrase);
  });
});

describe('claims that identify no one', () => {
  const report = (body: string) => rule.check({ facts: factsOf('src/session.js', lines("const jwt = require('jsonwebtoken');", body)), settings: SETTINGS });

  it('is low, with low confidence and its own message, when only exp/iat/nbf are read', () => {
    const reports = report('exports.isExpired = (token) => { const claims = jwt.decode(token); if (!claims) return true; return claims.exp < Date.now() / 1000; };');
    expect(reports.map((r) => [r.messageId, r.severity, r.confidence])).toEqual([['nonIdentityClaims', 'low', 'low']]);
    expect(reports[0]!.data).toMatchObject({ claims: '`exp`' });
    expect(reports[0]!.severityReason).toBe('only `exp` is read, and it identifies no one');
  });

  it('is low when only the tenant is read to build a refresh URL, with no verify after it', () => {
    const reports = report('exports.refreshUrl = (accessToken) => `https://login.example.com/${jwt.decode(accessToken).tid}/oauth2/token`;');
    expect(reports.map((r) => [r.messageId, r.severity])).toEqual([['nonIdentityClaims', 'low']]);
    expect(reports[0]!.data).toMatchObject({ claims: '`tid`' });
  });

  it('stays high as soon as any other claim is read', () => {
    const reports = report('exports.user = (token) => { const { exp, sub } = jwt.decode(token); return exp > Date.now() / 1000 ? sub : null; };');
    expect(reports.map((r) => [r.messageId, r.severity])).toEqual([['decoded', undefined]]);
  });

  it('stays high when the whole claims object is handed on', () => {
    const reports = report('exports.user = (req, token) => { const claims = jwt.decode(token); if (claims.exp > 0) req.user = claims; };');
    expect(reports.map((r) => r.messageId)).toEqual(['decoded']);
  });
});

describe('a body read from a received response', () => {
  it('is a response when the caller hands in a fetch Response, a request when it is the request', () => {
    const text = lines(
      "const jwt = require('jsonwebtoken');",
      'exports.userInfo = async (response) => {',
      '  const body = await response.text();',
      '  return jwt.decode(body.trim());',
      '};',
      'exports.fromRequest = async (request) => {',
      '  const { token } = await request.json();',
      '  return jwt.decode(token).sub;',
      '};',
    );
    const decodes = decodesOf('src/userinfo.js', text);
    expect(decodes.get(4)?.tokenSource).toBe('response');
    expect(decodes.get(8)?.tokenSource).toBe('request');
    expect(reportsOf('src/userinfo.js', text).map((r) => r.line)).toEqual([8]);
  });
});

describe('browser code by its package', () => {
  const manifest = (deps: Record<string, string>) => JSON.stringify({ name: 'web', dependencies: deps });

  it('a package with a front-end framework and no server framework is front-end only', async () => {
    const { FrontEndPackages } = await import('../../src/lang/javascript/front-end-packages.js');
    const packages = new FrontEndPackages(
      new Map([
        ['apps/web/package.json', manifest({ react: '^18.0.0', 'jwt-decode': '^4.0.0' })],
        ['apps/ssr/package.json', manifest({ react: '^18.0.0', express: '^4.0.0' })],
        ['apps/next/package.json', manifest({ react: '^18.0.0', next: '^14.0.0' })],
        ['apps/api/package.json', manifest({ '@nestjs/core': '^10.0.0' })],
        ['package.json', '{ not json'],
      ]),
    );
    expect(packages.holds('apps/web/src/utils/claims.ts')).toBe(true);
    expect(packages.holds('apps/ssr/src/utils/claims.ts')).toBe(false);
    expect(packages.holds('apps/next/lib/claims.ts')).toBe(false);
    expect(packages.holds('apps/api/src/auth.ts')).toBe(false);
    expect(packages.holds('scripts/seed.ts')).toBe(false);
  });

  it('is asked only for files without evidence of their own', () => {
    const plain = factsOf('src/utils/claims.ts', lines("import { jwtDecode } from 'jwt-decode';", 'export const claims = (t) => jwtDecode(t);'));
    expect(plain.environmentAssumed).toBe(true);
    const server = factsOf('src/server/claims.ts', lines("import { jwtDecode } from 'jwt-decode';", 'export const claims = (t) => jwtDecode(t);'));
    expect(server.environmentAssumed).toBeUndefined();
  });
});

describe('aliases of the decoded value', () => {
  it('follows `const { … } = decoded` into the names it binds (assertions in a test)', () => {
    const text = lines(
      "import { jwtDecode } from 'jwt-decode';",
      "it('puts the fields in the token', () => {",
      '  const decoded = jwtDecode(token);',
      '  const { email, roles } = decoded;',
      '  expect(email).toBeDefined();',
      "  expect(roles).toContain('admin');",
      '});',
    );
    expect(decodesOf('test/auth.spec.ts', text).get(3)?.inTestAssertion).toBe(true);
  });

  it('keeps the finding when an alias is used for a decision', () => {
    const text = lines(
      "const jwt = require('jsonwebtoken');",
      'exports.guard = (req, res, next) => {',
      '  const decoded = jwt.decode(req.headers.authorization);',
      '  const { roles } = decoded;',
      "  if (!roles.includes('admin')) return res.status(403).end();",
      '  next();',
      '};',
    );
    expect(reportsOf('src/guard.js', text)).toEqual([{ line: 3, confidence: 'high' }]);
  });
});

describe('token endpoints and look-alike getters', () => {
  it('a grant that exchanges something is a provider response; a getter of the class is not', () => {
    const text = lines(
      "import { jwtDecode } from 'jwt-decode';",
      'export class Session {',
      '  constructor(private store: Map<string, string>, private oauth: { getToken(code: string): Promise<{ tokens: { access_token: string } }> }) {}',
      "  getToken(): string { return this.store.get('token')!; }",
      '  claims() { return jwtDecode(this.getToken()); }',
      '  async exchange(code: string) {',
      '    const { tokens } = await this.oauth.getToken(code);',
      '    return jwtDecode(tokens.access_token).exp;',
      '  }',
      '}',
    );
    const decodes = decodesOf('src/session.ts', text);
    expect(decodes.get(5)?.tokenSource).not.toBe('response');
    expect(decodes.get(8)?.tokenSource).toBe('response');
  });
});
