import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/lang/javascript/extract-facts.js';
import { indexFile, type FileIndex } from '../../src/lang/javascript/file-index.js';
import type { JwtCallSite, Lifetime } from '../../src/facts/model.js';
import { createProject } from '../../src/lang/javascript/project.js';
import { unitOfName } from '../../src/lang/javascript/lifetimes.js';
import { parseJs } from '../../src/lang/javascript/parse-js.js';

const DAY = 86_400;

function sites(files: Record<string, string>): JwtCallSite[] {
  const sources = new Map(Object.entries(files));
  const project = createProject(sources, (path, text) => indexFile(path, text, parseJs(text, 'ts').ast));
  const [first] = Object.keys(files);
  return extractFacts(project.index(first!) as FileIndex, project).callSites;
}

/** The lifetime of the first sign in `a.ts`, with the line it is reported on. */
function lifetime(code: string, more: Record<string, string> = {}): { kind: Lifetime['kind']; seconds?: number; line?: number; milliseconds?: true } {
  const site = sites({ 'a.ts': code, ...more }).find((s) => s.signs);
  if (!site?.lifetime) throw new Error('no sign');
  const l = site.lifetime;
  if (l.kind === 'seconds') return { kind: l.kind, seconds: Math.round(l.seconds), line: l.loc.line, ...(l.milliseconds && { milliseconds: true as const }) };
  if (l.kind === 'present') return { kind: l.kind, line: l.loc.line };
  return { kind: l.kind };
}

const JWT = "import jwt from 'jsonwebtoken';\n";
const exp = (expr: string, before = '') => `${JWT}${before}\nexport const t = (k: string) => jwt.sign({ sub: 'u', exp: ${expr} }, k);\n`;

describe('exp computed from the current time', () => {
  it.each([
    ['Math.floor(Date.now() / 1000) + 60 * 60 * 24 * 60', 60 * DAY],
    ['Math.round(Date.now()/1000) + 3600', 3600],
    ['(Date.now() + 30 * 24 * 3600 * 1000) / 1000', 30 * DAY],
    ['Math.floor((Date.now() + 30 * 24 * 3600 * 1000) / 1000)', 30 * DAY],
    ['Date.now() / 1000 + 7200', 7200],
    ['new Date().getTime() / 1000 + 2 * 86400', 2 * DAY],
    ['Math.floor(new Date().valueOf() / 1000) + 900', 900],
    ['(Date.now() / 1000 | 0) + 90 * 86400', 90 * DAY],
    ['~~(Date.now() / 1000) + 120', 120],
    ['Math.floor(+new Date() / 1000) + 3 * 86400', 3 * DAY],
    ['Math.floor(Date.now() / 1000) - 60 + 7 * 86400', 7 * DAY - 60],
  ])('%s', (expr, seconds) => {
    expect(lifetime(exp(expr))).toEqual({ kind: 'seconds', seconds, line: 3 });
  });

  it('follows a `now` constant and a ttl constant, reporting where the duration is written', () => {
    const code = `${JWT}const now = Math.floor(Date.now() / 1000);\nconst TTL = 60 * 60 * 24 * 45;\nexport const t = (k: string) => jwt.sign({ exp: now + TTL }, k);\n`;
    expect(lifetime(code)).toEqual({ kind: 'seconds', seconds: 45 * DAY, line: 3 });
  });

  it('follows a local helper that returns the time in seconds', () => {
    expect(lifetime(exp('nowSeconds() + 40 * 86400', 'const nowSeconds = () => Math.floor(Date.now() / 1000);'))).toMatchObject({ kind: 'seconds', seconds: 40 * DAY });
  });

  it('uses a literal fallback for a ttl read from the environment', () => {
    expect(lifetime(exp('Math.floor(Date.now() / 1000) + ttl', 'const ttl = Number(process.env.TOKEN_TTL_SECONDS) || 14 * 86400;'))).toMatchObject({ kind: 'seconds', seconds: 14 * DAY, line: 2 });
  });

  it('leaves an exp built from an unknown value present but unknown', () => {
    expect(lifetime(exp('Math.floor(Date.now() / 1000) + ttl', 'declare const ttl: number;'))).toEqual({ kind: 'present', line: 3 });
    expect(lifetime(exp('Math.floor(Date.now() / 1000) + Number(process.env.TTL)'))).toEqual({ kind: 'present', line: 3 });
  });

  it('does not read a timestamp in milliseconds as a lifetime in seconds: it marks it, a token that never expires', () => {
    expect(lifetime(exp('Date.now() + 3600 * 1000'))).toMatchObject({ kind: 'seconds', milliseconds: true });
    expect(lifetime(exp('Math.floor(Date.now() / 1000) + 3600'))).not.toHaveProperty('milliseconds');
  });

  it('keeps the name heuristics for a time passed in', () => {
    expect(lifetime(`${JWT}export const t = (k: string, now: number) => jwt.sign({ exp: now + 30 * 86400 }, k);\n`)).toMatchObject({ kind: 'seconds', seconds: 30 * DAY });
    expect(lifetime(`${JWT}export const t = (k: string, claims: any) => jwt.sign({ exp: claims.iat + 3600 }, k);\n`)).toMatchObject({ kind: 'seconds', seconds: 3600 });
  });
});

describe('Date objects', () => {
  it.each([
    ['setDate', 'd.setDate(d.getDate() + 60);', 60 * DAY],
    ['setHours', 'd.setHours(d.getHours() + 48);', 48 * 3600],
    ['setMinutes', 'd.setMinutes(d.getMinutes() + 30);', 1800],
    ['setSeconds', 'd.setSeconds(d.getSeconds() + 90);', 90],
    ['setMonth', 'd.setMonth(d.getMonth() + 1);', 2_629_800],
    ['setFullYear', 'd.setFullYear(d.getFullYear() + 1);', 31_557_600],
    ['setTime', 'd.setTime(d.getTime() + 3 * 24 * 3600 * 1000);', 3 * DAY],
    ['two setters', 'd.setDate(d.getDate() + 1);\n  d.setHours(d.getHours() + 12);', DAY + 12 * 3600],
  ])('%s', (_name, moves, seconds) => {
    const code = `${JWT}export function t(k: string) {\n  const d = new Date();\n  ${moves}\n  return jwt.sign({ exp: Math.floor(d.getTime() / 1000) }, k);\n}\n`;
    expect(lifetime(code)).toMatchObject({ kind: 'seconds', seconds, line: 4 });
  });

  it('reports a setter that is not a shift as unknown', () => {
    const code = `${JWT}export function t(k: string) {\n  const d = new Date();\n  d.setDate(d.getDate() + 60);\n  d.setHours(0, 0, 0, 0);\n  return jwt.sign({ exp: Math.floor(d.getTime() / 1000) }, k);\n}\n`;
    expect(lifetime(code)).toMatchObject({ kind: 'present' });
  });

  it('ignores setters after the use and on other variables', () => {
    const code = `${JWT}export function t(k: string) {\n  const d = new Date();\n  const e = new Date();\n  e.setDate(e.getDate() + 90);\n  const token = jwt.sign({ exp: Math.floor(d.getTime() / 1000) + 600 }, k);\n  d.setDate(d.getDate() + 90);\n  return token;\n}\n`;
    expect(lifetime(code)).toMatchObject({ kind: 'seconds', seconds: 600 });
  });

  it('reads new Date(Date.now() + N) and the value a setter returns', () => {
    expect(lifetime(exp('Math.floor(new Date(Date.now() + 10 * 86400 * 1000).getTime() / 1000)'))).toMatchObject({ kind: 'seconds', seconds: 10 * DAY });
    expect(lifetime(exp('Math.floor(new Date().setDate(new Date().getDate() + 7) / 1000)'))).toMatchObject({ kind: 'seconds', seconds: 7 * DAY });
  });
});

describe('date libraries', () => {
  it.each([
    ["moment().add(30, 'days').unix()", "import moment from 'moment';", 30 * DAY],
    ["moment().add(2, 'h').unix()", "import moment from 'moment';", 7200],
    ["moment().add(1, 'M').unix()", "import moment from 'moment';", 2_629_800],
    ["moment.utc().add({ days: 3 }).unix()", "import moment from 'moment';", 3 * DAY],
    ["dayjs().add(7, 'day').unix()", "import dayjs from 'dayjs';", 7 * DAY],
    ["dayjs().unix() + 3 * 86400", "import dayjs from 'dayjs';", 3 * DAY],
    ['Math.floor(DateTime.now().plus({ days: 30 }).toSeconds())', "import { DateTime } from 'luxon';", 30 * DAY],
    ['DateTime.utc().plus({ hours: 36 }).toUnixInteger()', "import { DateTime } from 'luxon';", 36 * 3600],
    ['getUnixTime(addDays(new Date(), 30))', "import { addDays, getUnixTime } from 'date-fns';", 30 * DAY],
    ['getUnixTime(add(new Date(), { weeks: 2 }))', "import { add, getUnixTime } from 'date-fns';", 14 * DAY],
    ["Math.floor(dayjs().add(12, 'hours').valueOf() / 1000)", "import dayjs from 'dayjs';", 12 * 3600],
  ])('%s', (expr, imports, seconds) => {
    expect(lifetime(exp(expr, imports))).toMatchObject({ kind: 'seconds', seconds, line: 3 });
  });

  it('follows a moment mutated by a statement', () => {
    const code = `${JWT}import moment from 'moment';\nexport function t(k: string) {\n  const m = moment();\n  m.add(21, 'days');\n  return jwt.sign({ exp: m.unix() }, k);\n}\n`;
    expect(lifetime(code)).toMatchObject({ kind: 'seconds', seconds: 21 * DAY, line: 5 });
  });

  it('does not read an unknown unit', () => {
    expect(lifetime(exp("moment().add(30, unit).unix()", "import moment from 'moment';\ndeclare const unit: any;"))).toMatchObject({ kind: 'present' });
  });
});

describe('units from names', () => {
  it.each([
    ['JWT_EXPIRATION_DAYS', DAY],
    ['TOKEN_TTL_HOURS', 3600],
    ['refreshTtlMs', 0.001],
    ['expiresInMinutes', 60],
    ['jwtExpirationDays', DAY],
    ['expiresIn', undefined],
    ['d', undefined],
    ['JWT_TTL', undefined],
  ])('%s', (name, unit) => {
    expect(unitOfName(name)).toBe(unit);
  });

  const opts = (expiresIn: string, before = '') => `${JWT}${before}\nexport const t = (k: string) => jwt.sign({ sub: 'u' }, k, { expiresIn: ${expiresIn} });\n`;

  it.each([
    ["process.env.JWT_EXPIRATION_DAYS + 'd'", '', 'present', undefined],
    ["(process.env.JWT_EXPIRATION_DAYS || 30) + 'd'", '', 'seconds', 30 * DAY],
    ['`${process.env.JWT_EXPIRATION_DAYS ?? 45}d`', '', 'seconds', 45 * DAY],
    ['process.env.JWT_EXPIRATION_DAYS || 30', '', 'seconds', 30 * DAY],
    ["Number(process.env.TOKEN_TTL_HOURS ?? '72')", '', 'seconds', 72 * 3600],
    ['config.jwtExpirationDays * 24 * 3600', 'const config = { jwtExpirationDays: 60 };', 'seconds', 60 * DAY],
    ['config.jwtExpirationDays', 'const config = { jwtExpirationDays: 60 };', 'seconds', 60 * DAY],
    ['config.refreshTtlMs / 1000', 'const config = { refreshTtlMs: 7 * 24 * 3600 * 1000 };', 'seconds', 7 * DAY],
    ['config.refreshTtlMs', 'const config = { refreshTtlMs: 7 * 24 * 3600 * 1000 };', 'seconds', 7 * DAY],
    ['expiresInMinutes * 60', 'const expiresInMinutes = parseInt(process.env.JWT_EXPIRES_MINUTES || "15", 10);', 'seconds', 900],
    ['config.jwtExpirationDays * 24 * 3600', 'declare const config: any;', 'present', undefined],
    ["ms('30d') / 1000", "import ms from 'ms';", 'seconds', 30 * DAY],
  ])('%s', (expr, before, kind, seconds) => {
    const l = lifetime(opts(expr, before));
    expect(l.kind).toBe(kind);
    if (seconds !== undefined) expect(l.seconds).toBe(seconds);
  });

  it('reports a literal fallback on its own line', () => {
    const code = `${JWT}const days =\n  process.env.JWT_EXPIRATION_DAYS ||\n  30;\nexport const t = (k: string) => jwt.sign({}, k, { expiresIn: days * 86400 });\n`;
    expect(lifetime(code)).toMatchObject({ kind: 'seconds', seconds: 30 * DAY });
    const direct = `${JWT}export const t = (k: string) => jwt.sign({}, k, {\n  expiresIn:\n    process.env.JWT_EXPIRATION_DAYS ||\n    30,\n});\n`;
    expect(lifetime(direct)).toEqual({ kind: 'seconds', seconds: 30 * DAY, line: 5 });
  });

  it('takes the longer branch of a conditional', () => {
    expect(lifetime(opts("remember ? '30d' : '1h'", 'declare const remember: boolean;'))).toMatchObject({ kind: 'seconds', seconds: 30 * DAY });
  });
});

describe('bounds', () => {
  it('stops on self-referencing and very deep expressions', () => {
    const deep = Array.from({ length: 500 }, () => '1').join(' + ');
    expect(lifetime(exp(`Math.floor(Date.now() / 1000) + (${deep})`)).kind).toMatch(/seconds|present/);
    const cyclic = `${JWT}let a: any = b + 1;\nlet b: any = a + 1;\nexport const t = (k: string) => jwt.sign({ exp: Math.floor(Date.now() / 1000) + a }, k);\n`;
    expect(lifetime(cyclic).kind).toBe('present');
  });
});

describe('an exp written in milliseconds', () => {
  it('is a lifetime that never ends, marked as milliseconds, on the exp expression', async () => {
    const { runScan } = await import('../../src/engine/run.js');
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const root = mkdtempSync(join(tmpdir(), 'jwtlint-exp-ms-'));
    try {
      writeFileSync(
        join(root, 'issue.js'),
        "const jwt = require('jsonwebtoken');\nexports.a = (u) => jwt.sign({ sub: u, exp: Date.now() + 60000 }, process.env.K);\nexports.b = (u) => jwt.sign({ sub: u, exp: Math.floor(Date.now() / 1000) + 60 }, process.env.K);\n",
      );
      const result = await runScan({ cwd: root, paths: [root], maxExpirySeconds: 86_400, ignore: [], disabledRules: [] });
      const long = result.findings.filter((f) => f.ruleId === 'long-expiry');
      expect(long.map((f) => [f.location.line, f.messageId])).toEqual([[2, 'expInMilliseconds']]);
      expect(result.findings.filter((f) => f.ruleId === 'no-expiry')).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
