import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/discover/discover.js';
import { runScan } from '../../src/engine/run.js';
import { LIBRARY_SPECIFIERS, mayMatter, mayMatterBytes } from '../../src/engine/prefilter.js';
import { ADAPTERS } from '../../src/facts/adapters/index.js';
import { extractFacts } from '../../src/facts/extract-facts.js';
import { indexFile, type FileIndex } from '../../src/facts/file-index.js';
import type { FileFacts } from '../../src/facts/model.js';
import { createProject } from '../../src/facts/project.js';
import { ValueResolver } from '../../src/facts/resolve-value.js';
import { isTsConfigFile, readTsConfigPaths, type TsConfigPaths } from '../../src/facts/tsconfig-paths.js';
import { dialectOf, parseJs } from '../../src/parse/parse-js.js';
import { FIXTURES_ROOT } from '../helpers/fixtures.js';

const JS_KINDS = new Set(['js', 'ts', 'jsx', 'tsx']);

/** The prefilter's specification written the slow, obvious way (see the header of prefilter.ts). */
function reference(text: string): boolean {
  const specifier = LIBRARY_SPECIFIERS.some((s) => ["'", '"', '`'].some((open) => ["'", '"', '`'].some((close) => text.includes(`${open}${s}${close}`))));
  if (specifier || /jwt/i.test(text) || text.includes('eyJ') || text.includes('localStorage') || text.includes('sessionStorage')) return true;
  if ((text.includes("split('.')") || text.includes('split(".")')) && PAYLOAD_SEGMENT.test(text) && /Buffer|atob|base64url/.test(text)) return true;
  return /tokens?(?![a-z0-9])|authorization/i.test(text) && LOGGER_CALL.test(text);
}

/** Whatever the parse-index-extract pipeline finds in one file on its own (no other module). */
function factsOf(text: string): FileFacts | null {
  const parse = (path: string, source: string): FileIndex | null => {
    try {
      return indexFile(path, source, parseJs(source, 'js').ast);
    } catch {
      return null;
    }
  };
  const project = createProject(new Map([['sample.js', text]]), parse, []);
  const index = project.index('sample.js');
  return index ? extractFacts(index, project, new ValueResolver(project)) : null;
}

/** `split('.')[1]` as src/facts/extract-facts.ts `isPayloadSegment` recognises it (after `unwrap`). */
const PAYLOAD_SEGMENT =
  /split\((?:'\.'|"\.")\)(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[)!]|(?:as|satisfies)\s[^;\n]{1,160}?\))*\[(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*0*(?:[xXbBoO]0*)?1(?![0-9_])/;

/** A log method called on a logger-named owner, as src/facts/sensitive-logs.ts recognises it. */
const LOGGER_CALL =
  /(?:console|log|logger|logging|winston|pino|bunyan)(?![\w$])(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[)!?\]'"`]|(?:as|satisfies)\s[^()\n;]{1,160}?\))*[.[](?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/|['"`])*(?:log|info|warn|error|debug|trace|fatal|verbose|silly|notice|critical)(?![\w$])/i;

describe('mayMatter: every rule trigger passes', () => {
  const positives: [string, string][] = [
    // Adapters: every specifier, in every quoting and import form.
    ...LIBRARY_SPECIFIERS.map((s): [string, string] => [`import ${s}`, `import x from '${s}';\nx.run(a, b);`]),
    ...LIBRARY_SPECIFIERS.map((s): [string, string] => [`require ${s}`, `const x = require("${s}");`]),
    ...LIBRARY_SPECIFIERS.map((s): [string, string] => [`import() ${s}`, `const x = await import(\`${s}\`);`]),
    ['import equals', "import lib = require('jsonwebtoken');\nlib.sign(p, k);"],
    ['export from', "export { SignJWT as Signer } from 'jose';"],
    ['type-only import (next-auth options)', "import type { NextAuthOptions } from 'next-auth';\nexport const options: NextAuthOptions = { secret: 's' };"],
    ['fastify plugin registration', "import fastify from 'fastify';\nconst app = fastify();\napp.register(plugin, { secret: 's' });"],
    // hardcoded-token
    ['token literal', "const t = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig';"],
    // token-in-web-storage
    ['localStorage write', "localStorage.setItem('session', value);"],
    ['sessionStorage write', 'window.sessionStorage.auth = value;'],
    // decode-without-verify, hand-written
    ['atob decode', "const claims = JSON.parse(atob(token.split('.')[1]));"],
    ['Buffer decode', 'const c = JSON.parse(Buffer.from(t.split(".")[1], "base64url").toString());'],
    ['base64url decode', "const c = base64url.decode(raw.split('.')[1]);"],
    ['decode through a cast', "atob((token.split('.') as string[])[1]);"],
    ['decode with non-null and blanks', "atob(token.split('.')! [ 1 ]);"],
    ['decode with a comment and a hex index', "Buffer.from(t.split('.') /* payload */ [0x1], 'base64');"],
    // token-logged
    ['console.log(token)', 'console.log(token);'],
    ['logger.info(accessToken)', 'this.logger.info(`issued ${accessToken}`);'],
    ['log of refresh_token', 'log.debug(body.refresh_token);'],
    ['token after a string holding a parenthesis', "console.log('done :)', token);"],
    ['token after a regular expression holding a parenthesis', "logger.info(text.replace(/\\)+/g, ''), accessToken);"],
    ['token after a template with an expression', 'console.log(`a ${f(\')\')} b`, idToken);'],
    ['token after a comment holding a parenthesis', 'console.log(/* ) */ jwtToken);'],
    ['token on a later line of a long call', 'logger.error({\n  message: "x",\n  nested: { a: [1, 2, (3)] },\n  token,\n});'],
    ['parenthesised callee', '(console.log)(token);'],
    ['optional call', 'logger.debug?.(token);'],
    ['type arguments (not followed)', 'logger.info<Payload>({ id });\nconst token = 1;'],
    ['token inside a nested logger call', 'console.log(console.warn(x), refreshToken);'],
    ['unterminated call (assumed to matter)', 'const token = 1;\nconsole.log(a,\n'],
    ['token_ prefix', 'winston.info(token_value);'],
    ['pino + tokens', 'pino.warn(tokens);'],
    ['Authorization header', "console.error(req.headers['Authorization']);"],
    ['get(authorization)', "bunyan.info(req.get('authorization'));"],
    ['uppercase TOKEN', 'console.log(ACCESS_TOKEN);'],
    ['optional logger call', 'appLogger?.debug(refreshToken);'],
    ['non-null logger', 'this.logger!.warn(idToken);'],
    ['logger cast', '(this.log as Logger).info(accessToken);'],
    ['angle-bracket cast', '(<Logger>logger).error(token);'],
    ['computed keys', "this['logger']['info'](token);"],
    ['chained on a new line after a comment', 'logger\n  // eslint-disable-next-line no-console\n  .info(token);'],
    ['block comments around the dot', 'console /* debug */ . /* yes */ log(token);'],
    ['every log method', 'const l = logger; l.verbose(x); logging.critical(token);'],
    // Safety margin
    ['jwt word', 'export const verifyJwt = (t) => decodeWith(t);'],
    ['JWT word', 'const JWT_TTL = 3600;'],
    ['mixed-case Jwt', 'class JwtGuard {}'],
  ];
  it.each(positives)('%s', (_label, text) => {
    expect(mayMatter(text, 'ts')).toBe(true);
    expect(mayMatterBytes(Buffer.from(text), 'ts')).toBe(true);
  });

  it('covers every module an adapter recognises', () => {
    const modules = new Set(ADAPTERS.flatMap((a) => a.modules));
    expect(new Set(LIBRARY_SPECIFIERS)).toEqual(modules);
    for (const m of modules) expect(mayMatter(`import * as lib from "${m}";`, 'js'), m).toBe(true);
  });
});

describe('mayMatter: files that cannot matter are dropped', () => {
  const negatives: [string, string][] = [
    [
      'React component',
      `import React, { useState } from 'react';\nexport function Counter({ start }: { start: number }) {\n  const [n, setN] = useState(start);\n  return <button onClick={() => setN(n + 1)}>{n}</button>;\n}\n`,
    ],
    ['utility module', "export const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));\nexport function slug(s: string) { return s.toLowerCase().replace(/\\s+/g, '-'); }\n"],
    ['logging without tokens', "import pino from 'pino';\nconst logger = pino();\nlogger.info({ user: id }, 'signed in');\nconsole.log('ready');\n"],
    ['tokenizer without logging', 'export function next(src) { const token = read(src); return { tokenType: token.type, tokens: [] }; }'],
    ['tokenize with logging (not a token name)', 'console.log(tokenize(source), tokenType, tokenizer);'],
    ['token with calls that are not log calls', 'Math.log(tokens); console.table(token); logger.information(token); log(token);'],
    ['token word outside the logger call', "const token = next();\nconsole.log('ready');\nlogger.info({ user: id });\nsend(token);"],
    ['token word in a later statement after a parenthesis in a string', "console.log('a)b');\nuse(token);"],
    ['token word after a regular expression that ends the call', 'console.log(/[)]/.source);\nconst tokens = [];'],
    ['logger method passed as a value', 'const tokens = lines.map(console.log);'],
    ['tokenizer with logging', 'const tokenizer = make();\nlogger.info(tokenizer.next());'],
    ['header or signature segments only', "const h = atob(t.split('.')[0]); const s = Buffer.from(t.split('.')[2]); const x = t.split('.')[10];"],
    ['version split without base64', "const [major] = version.split('.');"],
    ['base64 without split', "const data = Buffer.from(raw, 'base64');\nconst s = atob(x);"],
    ['config module with a secret', "export default { apiSecret: process.env.API_SECRET || 'dev', port: 3000 };"],
    ['NestJS config service', "import { ConfigService } from '@nestjs/config';\nexport const secret = (c: ConfigService) => c.get('APP_SECRET');"],
    ['unquoted library names', 'const jose = 1; const fastify = jose + 1; // next-auth docs'],
    ['specifier prefix only', "import { signIn } from 'next-auth/react';\nimport x from 'jsonwebtoken-extra';"],
    ['storage words', 'const storage = new LocalStorageAdapter(); class MyStorage {}'],
    ['eyJ in other case', 'const EYJ = 1; const keyjoin = 2;'],
    ['empty', ''],
  ];
  it.each(negatives)('%s', (_label, text) => {
    expect(mayMatter(text, 'tsx')).toBe(false);
    expect(mayMatterBytes(Buffer.from(text), 'tsx')).toBe(false);
  });

  it('does not judge other kinds of file', () => {
    for (const kind of ['env', 'yaml', 'json', 'properties', 'toml', 'shell', 'dockerfile', 'manifest', 'other'] as const) {
      expect(mayMatter('port: 3000', kind)).toBe(true);
      expect(mayMatterBytes(Buffer.from('port: 3000'), kind)).toBe(true);
    }
  });
});

describe('mayMatter agrees with its specification', () => {
  // Fragments that exercise every branch of the scanner, including the ones that switch a
  // kind of hit off part-way through a file (a split with no base64 call, a token word with no logger).
  const fragments = [
    'const a = 1;', 'token', 'tokens', 'tokenize', 'TOKEN', 'accessToken', 'authorization', 'Authorization', 'console', 'log', 'logger',
    "split('.')", 'split(".")', "split('.')[1]", 'split(".")[0]', "'.')", 'split(', '[1]', '[ 0x1 ]', 'Buffer', 'atob', 'base64url', 'eyJ', 'eyj', 'EYJ', 'Storage', 'localStorage',
    'sessionStorage', 'local', 'session', 'console.log(', 'logger?.info', '(x as Logger).warn', 'Math.log(', 'log(', '.debug', 'jwt', 'JWT', 'jWt', '"jose"', "'jose/jwt/verify'", 'jose', "'fastify'", "'fastify-plugin'",
    '`next-auth`', "'next-auth/react'", '"@auth/core"', '"@auth/', "'jsonwebtoken'", 'jsonwebtoken', "'", '"', '`', '.', ')', '(', ' ',
    '\n', 'é', '日本', '\u{1F600}', "')'", '"("', '/\\)/', '`${', '}`', '// c\n', '/* ) */', ' / 2', ', ', '{', '}', ');',
  ];
  let seed = 20240607;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
  const samples = Array.from({ length: 4000 }, () => {
    const n = 1 + Math.floor(random() * 12);
    return Array.from({ length: n }, () => fragments[Math.floor(random() * fragments.length)]).join(random() < 0.5 ? '' : ' ');
  });

  // The token-word trigger asks for more than the per-trigger regexes: a token word between
  // the parentheses of a logger call. Where they agree on the other triggers, the prefilter
  // passes a subset of what the regexes pass, and never a file the pipeline finds facts in.
  it('on generated texts: the regexes where they decide, never less than the pipeline finds', () => {
    const tokenWord = /tokens?(?![a-z0-9])|authorization/i;
    const disagreements = samples.filter((s) => (tokenWord.test(s) ? mayMatter(s, 'js') && !reference(s) : mayMatter(s, 'js') !== reference(s)));
    expect(disagreements).toEqual([]);
    const dropped = samples.filter((s) => !mayMatter(s, 'js'));
    const leaks = dropped.filter((s) => {
      const facts = factsOf(s);
      return facts !== null && !isEmpty(facts);
    });
    expect(leaks).toEqual([]);
    // The refinement does drop texts the regexes alone would pass.
    expect(dropped.filter((s) => reference(s)).length).toBeGreaterThan(50);
  });

  it('on bytes as on text, whatever the encoding details', () => {
    const extra = ['\uFEFFconsole.log(token)', 'é'.repeat(50) + 'jwt', '日本語 const x = "jose";'];
    for (const s of [...samples, ...extra]) expect(mayMatterBytes(Buffer.from(s, 'utf8'), 'js'), s).toBe(mayMatter(s, 'js'));
    // Invalid UTF-8 around a trigger, and a Uint8Array that is not a Buffer.
    const invalid = Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from("import 'jsonwebtoken'"), Buffer.from([0xe2, 0x82])]);
    expect(mayMatterBytes(invalid, 'ts')).toBe(true);
    const view = new Uint8Array(Buffer.from('xxconsole.log(token)xx')).subarray(2, 20);
    expect(mayMatterBytes(view, 'ts')).toBe(true);
    expect(mayMatterBytes(new Uint8Array(Buffer.from('console.log(token)')).subarray(0, 10), 'ts')).toBe(false);
  });
});

// ---- fixtures: the prefilter never drops a file that produces facts ----------------------

interface Analysis {
  facts: Map<string, FileFacts>;
  texts: Map<string, string>;
}

/** Index and facts of every JS/TS file under a root, the way the engine builds them. */
async function analyse(root: string): Promise<Analysis> {
  const { files } = await discoverFiles({ root, paths: [], ignore: [] });
  const sources = new Map<string, string>();
  const tsconfigs: TsConfigPaths[] = [];
  for (const file of files) {
    if (isTsConfigFile(file.path)) {
      const config = readTsConfigPaths(file.path, readFileSync(file.absolutePath, 'utf8'));
      if (config) tsconfigs.push(config);
      continue;
    }
    if (JS_KINDS.has(file.kind) && dialectOf(file.path)) sources.set(file.path, readFileSync(file.absolutePath, 'utf8'));
  }
  const parse = (path: string, text: string): FileIndex | null => indexFile(path, text, parseJs(text, dialectOf(path)!).ast);
  const project = createProject(sources, parse, tsconfigs);
  const resolver = new ValueResolver(project);
  const facts = new Map<string, FileFacts>();
  for (const path of sources.keys()) {
    const index = project.index(path);
    if (index) facts.set(path, extractFacts(index, project, resolver));
  }
  return { facts, texts: sources };
}

function isEmpty(f: FileFacts): boolean {
  return f.callSites.length + f.secrets.length + f.lifetimes.length + f.tokens.length + f.storageWrites.length + f.logs.length + f.algorithmSettings.length + f.disabledChecks.length + f.dependencies.length + f.unsafeOptions.length === 0;
}

/** Every `file` a fact points at: where key literals, algorithm names and lifetimes are written. */
function filesReferenced(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) filesReferenced(v, into);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'file' && typeof v === 'string') into.add(v);
      else filesReferenced(v, into);
    }
  }
  return into;
}

/** Every folder under fixtures/: each top-level folder, each case and scenario, each package inside them. */
function fixtureRoots(dir = FIXTURES_ROOT): string[] {
  const roots: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!statSync(path).isDirectory()) continue;
    roots.push(path, ...fixtureRoots(path));
  }
  return roots;
}

describe('fixtures: nothing the engine finds is dropped by the prefilter', () => {
  const roots = fixtureRoots();
  const analyses = new Map<string, Analysis>();
  const findings = new Map<string, { file: string; line: number; ruleId: string }[]>();

  beforeAll(async () => {
    for (const root of roots) {
      analyses.set(root, await analyse(root));
      const result = await runScan({ cwd: root, paths: [root], maxExpirySeconds: 86_400, ignore: [], disabledRules: [] });
      findings.set(
        root,
        result.findings.map((f) => ({ file: f.location.file, line: f.location.line, ruleId: f.ruleId })),
      );
    }
  }, 120_000);

  it('scans a meaningful corpus', () => {
    expect(roots.length).toBeGreaterThan(20);
    const total = [...findings.values()].reduce((n, list) => n + list.length, 0);
    expect(total).toBeGreaterThan(100);
  });

  it('a JS/TS file that fails the prefilter produces no facts of its own', () => {
    const leaks: string[] = [];
    let dropped = 0;
    for (const [root, { facts, texts }] of analyses) {
      for (const [path, f] of facts) {
        if (mayMatter(texts.get(path)!, 'ts')) continue;
        dropped++;
        if (!isEmpty(f)) leaks.push(`${root}: ${path}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(dropped).toBeGreaterThan(0);
  });

  it('every JS/TS file with a finding passes, or is reached from a file that passes (lazy resolution)', () => {
    const missed: string[] = [];
    for (const [root, list] of findings) {
      const { facts, texts } = analyses.get(root)!;
      const reached = new Set<string>();
      for (const [path, f] of facts) if (mayMatter(texts.get(path)!, 'ts')) filesReferenced(f, reached);
      for (const finding of list) {
        const text = texts.get(finding.file);
        if (text === undefined) continue; // a config file: judged by its own prefilter
        if (mayMatter(text, 'ts') || reached.has(finding.file)) continue;
        missed.push(`${root}: ${finding.file}:${finding.line} ${finding.ruleId}`);
      }
    }
    expect(missed).toEqual([]);
  });

  it('gives the same findings with the prefilter on and off', async () => {
    const differences: string[] = [];
    for (const root of roots) {
      const off = await runScan({ cwd: root, paths: [root], maxExpirySeconds: 86_400, ignore: [], disabledRules: [], prefilter: false });
      const on = (findings.get(root) ?? []).map((f) => `${f.file}:${f.line}:${f.ruleId}`).sort();
      const all = off.findings.map((f) => `${f.location.file}:${f.location.line}:${f.ruleId}`).sort();
      if (JSON.stringify(on) !== JSON.stringify(all)) differences.push(`${root}: on ${on.length}, off ${all.length}`);
    }
    expect(differences).toEqual([]);
  }, 120_000);
});
