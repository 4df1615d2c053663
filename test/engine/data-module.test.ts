import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveredFile } from '../../src/discover/discover.js';
import { isJsonDataModule } from '../../src/engine/data-module.js';
import { loadAndJudge, MAX_FILE_BYTES } from '../../src/engine/load-file.js';

// A generated data module exports one JSON value and holds no code: the JWT words in it
// (page paths, key names) do not make it a parse candidate.
describe('isJsonDataModule', () => {
  const dataModules: [string, string][] = [
    ['export const of an array', 'export const filesMap = [\n  { "filePath": "/docs/jwt/page.mdx" }\n]\n'],
    ['export default of an object, with a semicolon', 'export default { "jwt": { "ttl": 900 } };\n'],
    ['module.exports', 'module.exports = {"a": [1, 2, {"b": null}]}'],
    ['leading line comments and blank lines', '// Generated. Do not edit.\n// Source: docs\n\nexport let editDates = {"app/jwt/page.mdx": "2024-10-08"}\n\n'],
    ['export var with a $ name', 'export var $data = []'],
    ['a byte-order mark and CRLF', '\ufeffexport const x = {\r\n  "jwt": true\r\n};\r\n'],
  ];
  it.each(dataModules)('%s', (_label, text) => expect(isJsonDataModule(text)).toBe(true));

  const code: [string, string][] = [
    ['a call after the value', 'export const x = {"a": 1};\njwt.sign(x, key);\n'],
    ['a second export', 'export const a = [];\nexport const b = [];\n'],
    ['unquoted keys (an object literal, not JSON)', 'export default { jwt: { secret: "s" } };'],
    ['a value that calls', 'module.exports = { "key": process.env.JWT_SECRET }'],
    ['a type annotation', 'export const routes: Route[] = [];'],
    ['an import first', "import jwt from 'jsonwebtoken';\nexport default {};"],
    ['a comparison, not an assignment', 'export const x == {}'],
    ['a function', 'export default function sign() { return {}; }'],
    ['a string, not an object or array', 'export default "jwt"'],
    ['trailing text', 'export default {} as const;'],
    ['an unterminated value', 'export default { "a": [1, 2'],
    ['empty', ''],
  ];
  it.each(code)('not for %s', (_label, text) => expect(isJsonDataModule(text)).toBe(false));

  it('parses deep nesting without overflowing the stack', () => {
    const depth = 200_000;
    expect(isJsonDataModule(`export default ${'['.repeat(depth)}${']'.repeat(depth)}`)).toBe(true);
  });
});

describe('loadAndJudge: data modules', () => {
  let root: string;
  const judged = { prefilter: true, maxFileBytes: MAX_FILE_BYTES };
  const judge = (name: string, content: string) => {
    writeFileSync(path.join(root, name), content);
    const file: DiscoveredFile = { path: name, absolutePath: path.join(root, name), kind: 'js' };
    return loadAndJudge(file, [], judged)?.js;
  };

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'jwtlint-data-module-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is not a candidate for JWT words in its data', () => {
    expect(judge('files-map.mjs', 'export const filesMap = [{ "path": "/reference/DEFAULT_JWT_STORAGE_KEY" }]\n')).toEqual({ minified: false, candidate: false });
  });

  it('stays a candidate when it holds a token literal', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXZhbHVl';
    expect(judge('sessions.mjs', `export default [{ "jwt": "${token}" }]\n`)).toEqual({ minified: false, candidate: true });
  });

  it('code with the same opening is judged as code', () => {
    expect(judge('config.mjs', 'export const jwtConfig = { "ttl": 900 };\nexport const sign = (p) => jwt.sign(p, key);\n')).toEqual({ minified: false, candidate: true });
  });

  it('is recognised behind a leading block comment', () => {
    expect(judge('generated.mjs', '/* eslint-disable */\n/** Generated: jwt docs map. */\nexport default { "jwt": "/docs/jwt" };\n')).toEqual({ minified: false, candidate: false });
  });
});
