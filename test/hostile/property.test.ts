// Property-based tests (fast-check, fixed seeds): random and mutated JS/TS/YAML/.env/JSON/
// TOML/properties/shell/Dockerfile input through parse → index → facts → rules.
// Properties: no exception escapes, no internal error, and every finding (and related
// location) lies inside its file: 1-based line within the file's line count, column within
// the line. The whole file keeps under a minute; the number of generated inputs is printed.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractConfigFacts } from '../../src/config-files/extract.js';
import { parseConfigText } from '../../src/config-files/parse.js';
import { loadHclParser } from '../../src/config-files/parse-hcl.js';
import type { ConfigFormat } from '../../src/config-files/types.js';
import { fileKindOf } from '../../src/discover/file-kind.js';
import { runScan } from '../../src/engine/run.js';
import type { RunResult, SourceLocation } from '../../src/engine/types.js';
import { indexFile } from '../../src/lang/javascript/file-index.js';
import { LineIndex } from '../../src/parse/line-index.js';
import { NestingTooDeepError, parseJs, type JsDialect } from '../../src/lang/javascript/parse-js.js';
import { FileBudget } from '../../src/facts/budget.js';
import { goFrontEnd } from '../../src/lang/go/index.js';
import { kotlinFrontEnd } from '../../src/lang/kotlin/index.js';
import { pythonFrontEnd } from '../../src/lang/python/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures');
const generated: Record<string, number> = {};
const count = (name: string) => {
  generated[name] = (generated[name] ?? 0) + 1;
};

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

const fixtureFiles = listFiles(FIXTURES);
const samples = (predicate: (file: string) => boolean): { name: string; text: string }[] =>
  fixtureFiles.filter(predicate).map((file) => ({ name: path.basename(file), text: readFileSync(file, 'utf8') }));

const CODE = samples((f) => /\.(m?js|cjs|jsx|ts|tsx)$/.test(f) && !/\.d\.ts$/.test(f));
const OTHER_LANGUAGES = [
  { frontEnd: pythonFrontEnd, pool: samples((f) => f.endsWith('.py')) },
  { frontEnd: goFrontEnd, pool: samples((f) => f.endsWith('.go')) },
  { frontEnd: kotlinFrontEnd, pool: samples((f) => f.endsWith('.kt')) },
];
const CONFIG: Record<ConfigFormat, { name: string; text: string }[]> = {
  env: samples((f) => fileKindOf(f) === 'env'),
  yaml: samples((f) => /\.ya?ml$/.test(f)),
  json: samples((f) => /\.json$/.test(f)),
  toml: samples((f) => /\.toml$/.test(f)),
  properties: samples((f) => /\.properties$/.test(f)),
  shell: samples((f) => /\.(sh|bash)$/.test(f)),
  dockerfile: samples((f) => fileKindOf(f) === 'dockerfile'),
  jenkinsfile: samples((f) => fileKindOf(f) === 'jenkinsfile'),
  hcl: samples((f) => fileKindOf(f) === 'terraform'),
};
// Formats without a fixture of their own get a small seed.
if (CONFIG.properties.length === 0) CONFIG.properties.push({ name: 'application.properties', text: 'jwt.secret=changeme\njwt.expiration=86400000\n' });
if (CONFIG.jenkinsfile.length === 0) CONFIG.jenkinsfile.push({ name: 'Jenkinsfile', text: "pipeline {\n  environment {\n    JWT_SECRET = 'abc'\n    KEY = credentials('k')\n  }\n}\n" });
if (CONFIG.shell.length === 0) CONFIG.shell.push({ name: 'deploy.sh', text: 'export JWT_SECRET="abc"\n: "${JWT_TTL:=3600}"\n' });

/**
 * Fragments that break or confuse parsers. U+2028/U+2029 are left out: Babel counts them
 * as line breaks and LineIndex does not (see known-bugs.test.ts), which would fail the
 * position property for a known reason.
 */
const FRAGMENTS = [
  '{', '}', '[', ']', '(', ')', '{[(', ')]}', "'", '"', '`', '${', '}`', '{{', '}}', '#{', '$(', '/*', '*/', '//', '\\', '\n', '\r', '\r\n', '\t',
  '\u0000', '\ufeff', '\ud800', 'eyJ', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.', 'eyJhbGciOiJub25lIn0.eyJhIjoxfQ.', ':', ': ', '- ', '? ', '&a ', '*a',
  '<<: *a', '---\n', '...\n', '!!binary ', '=', 'export ', '"""', "'''", '<<EOF\n', 'EOF\n', ' \\\n', 'jwt.sign(', 'jwt.verify(', 'process.env.',
  "require('jsonwebtoken')", 'import jwt from "jsonwebtoken";', 'expiresIn: ', "algorithms: ['none']", 'secret', 'JWT_SECRET=', 'localStorage.setItem(',
  'console.log(token)', '<a>', '</a>', 'as any', '!', '=>', ';', ',', '0x', '1e9', '\u00e9', '\u{1F600}',
];

type Mutation =
  | { op: 'flip'; at: number; char: string }
  | { op: 'truncate'; at: number }
  | { op: 'duplicate'; at: number; length: number; to: number }
  | { op: 'insert'; at: number; fragment: string; times: number }
  | { op: 'delete'; at: number; length: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: position, char: fc.oneof(fc.constantFrom(...FRAGMENTS.filter((f) => f.length === 1)), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })) }),
  fc.record({ op: fc.constant('truncate' as const), at: position }),
  fc.record({ op: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 400 }), to: position }),
  fc.record({ op: fc.constant('insert' as const), at: position, fragment: fc.constantFrom(...FRAGMENTS), times: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 200 }) }),
);

function applyMutations(text: string, mutations: Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = Math.floor(m.at * out.length);
    switch (m.op) {
      case 'flip':
        out = out.slice(0, at) + m.char + out.slice(at + 1);
        break;
      case 'truncate':
        out = out.slice(0, at);
        break;
      case 'duplicate': {
        const piece = out.slice(at, at + m.length);
        const to = Math.floor(m.to * out.length);
        out = out.slice(0, to) + piece + out.slice(to);
        break;
      }
      case 'insert':
        out = out.slice(0, at) + m.fragment.repeat(m.times) + out.slice(at);
        break;
      case 'delete':
        out = out.slice(0, at) + out.slice(at + m.length);
        break;
    }
  }
  return out;
}

/** A mutated sample, or (one time in eight) random text. */
function input(pool: { name: string; text: string }[]): fc.Arbitrary<{ name: string; text: string }> {
  return fc.oneof(
    { weight: 7, arbitrary: fc.record({ sample: fc.constantFrom(...pool), mutations: fc.array(mutation, { maxLength: 6 }) }).map(({ sample, mutations }) => ({ name: sample.name, text: applyMutations(sample.text, mutations) })) },
    { weight: 1, arbitrary: fc.record({ sample: fc.constantFrom(...pool), text: fc.string({ maxLength: 400, unit: 'grapheme' }) }).map(({ sample, text }) => ({ name: sample.name, text })) },
  );
}

/** The line index of the texts of the current input (made once per text, not per location). */
const lineIndexes = new Map<string, LineIndex>();
function lineIndexOf(text: string): LineIndex {
  let lines = lineIndexes.get(text);
  if (!lines) {
    if (lineIndexes.size > 16) lineIndexes.clear();
    lineIndexes.set(text, (lines = new LineIndex(text)));
  }
  return lines;
}

/** Problems with a location in `text` (empty when it is inside the file). */
function locationProblems(loc: SourceLocation, text: string, asRead = true): string[] {
  // The engine reads files as UTF-8 and drops a leading BOM before positions are counted.
  const lines = lineIndexOf(asRead && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const problems: string[] = [];
  const where = `${loc.file}:${loc.line}:${loc.column}`;
  if (!Number.isInteger(loc.line) || loc.line < 1 || loc.line > lines.lineCount) problems.push(`${where}: line outside 1..${lines.lineCount}`);
  else if (!Number.isInteger(loc.column) || loc.column < 1 || loc.column > lines.lineText(loc.line).length + 1) problems.push(`${where}: column outside the line`);
  if (loc.endLine !== undefined && (loc.endLine < loc.line || loc.endLine > lines.lineCount)) problems.push(`${where}: end line ${loc.endLine}`);
  return problems;
}

const base = mkdtempSync(path.join(tmpdir(), 'jwtlint-property-'));
let findingsChecked = 0;
afterAll(() => {
  rmSync(base, { recursive: true, force: true });
  const total = Object.values(generated).reduce((a, b) => a + b, 0);
  console.info(`[property] ${total} generated inputs (${findingsChecked} findings checked): ${Object.entries(generated).map(([k, v]) => `${k} ${v}`).join(', ')}`);
});

/**
 * Writes the files into the scan folder and scans it (no content prefilter: every file is
 * parsed). The folder and its sub-folders d0, d1... are made once and reused: only the files
 * of a run are written, and removed after it (folders made and removed for each of the 2,200
 * runs cost more than the scans).
 */
const made = new Set<number>();
async function scanFiles(files: { name: string; text: string }[]): Promise<{ result: RunResult; texts: Map<string, string> }> {
  const texts = new Map<string, string>();
  files.forEach((file, i) => {
    const relative = `d${i}/${file.name}`;
    if (!made.has(i)) {
      mkdirSync(path.join(base, `d${i}`));
      made.add(i);
    }
    writeFileSync(path.join(base, relative), file.text);
    // What the engine reads back: invalid UTF-16 (lone surrogates) is written as U+FFFD.
    texts.set(relative, Buffer.from(file.text, 'utf8').toString('utf8'));
  });
  try {
    const result = await runScan({ cwd: base, paths: [base], maxExpirySeconds: 86_400, ignore: [], disabledRules: [], prefilter: false, fileTimeBudgetMs: Infinity });
    return { result, texts };
  } finally {
    for (const relative of texts.keys()) unlinkSync(path.join(base, relative));
  }
}

function checkResult(result: RunResult, texts: Map<string, string>): void {
  const errors = result.notifications.filter((n) => n.kind === 'internal-error' || n.kind === 'rule-error');
  expect(errors.map((n) => n.message.split('\n')[0])).toEqual([]);
  expect(result.internalError).toBe(false);
  const problems: string[] = [];
  findingsChecked += result.findings.length;
  for (const finding of result.findings) {
    for (const loc of [finding.location, ...finding.relatedLocations.map((r) => r.location)]) {
      const text = texts.get(loc.file);
      if (text === undefined) problems.push(`${finding.ruleId}: location in unknown file ${loc.file}`);
      else problems.push(...locationProblems(loc, text).map((p) => `${finding.ruleId}: ${p}`));
    }
  }
  expect(problems).toEqual([]);
}

const ALL_CONFIG = Object.values(CONFIG).flat();

/**
 * Inputs per property: sized so that `npm test` stays within its budget on a 2-core machine;
 * JWTLINT_PROPERTY_RUNS=<factor> multiplies them for a deeper run (e.g. 5 before a release).
 */
const RUNS_FACTOR = Math.max(1, Number(process.env.JWTLINT_PROPERTY_RUNS) || 1);
const runs = (n: number) => Math.round(n * RUNS_FACTOR);

describe('property: the whole pipeline on mutated input', () => {
  it('JS/TS files: no throw, no internal error, findings inside their files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(input(CODE), { minLength: 1, maxLength: 3 }), async (files) => {
        count('runScan JS/TS files');
        const { result, texts } = await scanFiles(files);
        checkResult(result, texts);
      }),
      { seed: 7_000_001, numRuns: runs(700) },
    );
  }, 60_000 * RUNS_FACTOR);

  it('config files and code together: no throw, no internal error, findings inside their files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(input(ALL_CONFIG), { minLength: 1, maxLength: 4 }), fc.option(input(CODE), { nil: undefined }), async (configs, code) => {
        count('runScan config+code files');
        const { result, texts } = await scanFiles(code ? [...configs, code] : configs);
        checkResult(result, texts);
      }),
      { seed: 7_000_002, numRuns: runs(600) },
    );
  }, 60_000 * RUNS_FACTOR);
});

describe('property: parsers and extractors directly', () => {
  beforeAll(loadHclParser);
  const formats = Object.keys(CONFIG) as ConfigFormat[];
  it('every config parser: no throw, entries and facts inside the text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...formats).chain((format) => input(CONFIG[format]).map((file) => ({ format, ...file }))), ({ format, name, text }) => {
        count(`config ${format}`);
        const file = `x/${name}`;
        const parsed = parseConfigText(file, format, text);
        const problems: string[] = [];
        for (const entry of parsed.entries) {
          problems.push(...locationProblems(entry.valueLoc, text, false), ...locationProblems(entry.keyLoc, text, false));
          if (entry.valueRange[0] < 0 || entry.valueRange[1] > text.length) problems.push(`value range ${entry.valueRange.join('..')} outside 0..${text.length}`);
        }
        const { facts } = extractConfigFacts({ path: file, kind: fileKindOf(file), text }, { keyEnvNames: new Set(['JWT_SECRET']), lifetimeEnvNames: new Set(['JWT_TTL']) }, parsed);
        for (const loc of [...facts.secrets.map((s) => s.material.loc), ...facts.lifetimes.map((l) => l.loc), ...facts.tokens.map((t) => t.loc), ...facts.algorithmSettings.map((a) => a.loc)]) {
          problems.push(...locationProblems(loc, text, false));
        }
        expect(problems).toEqual([]);
      }),
      { seed: 7_000_003, numRuns: runs(10_000) },
    );
  }, 60_000 * RUNS_FACTOR);

  it('Python, Go and Kotlin front ends: no throw, every fact located inside the text', async () => {
    for (const { frontEnd } of OTHER_LANGUAGES) await frontEnd.load();
    fc.assert(
      fc.property(fc.constantFrom(...OTHER_LANGUAGES).chain(({ frontEnd, pool }) => input(pool).map((file) => ({ frontEnd, ...file }))), ({ frontEnd, name, text }) => {
        count(`front end ${frontEnd.language}`);
        const file = `x/${name}`;
        const { facts } = frontEnd.extract(file, text, new FileBudget(Infinity), { paths: [file], text: (p) => (p === file ? text : undefined) });
        if (!facts) return;
        const locs = [
          ...facts.callSites.flatMap((c) => [c.loc, ...(c.key ? [c.key.loc] : [])]),
          ...facts.secrets.map((u) => u.material.loc),
          ...facts.lifetimes.map((l) => l.loc),
          ...facts.tokens.map((t) => t.loc),
        ];
        expect(locs.flatMap((loc) => locationProblems(loc, text, false))).toEqual([]);
      }),
      { seed: 7_000_005, numRuns: runs(1_000) },
    );
  }, 60_000 * RUNS_FACTOR);

  it('parseJs + indexFile: only a syntax or nesting error, never a crash', () => {
    const dialects: Record<string, JsDialect> = { '.ts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx' };
    fc.assert(
      fc.property(input(CODE), ({ name, text }) => {
        count('parseJs+indexFile');
        const dialect = dialects[path.extname(name)] ?? 'js';
        let ast;
        try {
          ast = parseJs(text, dialect).ast;
        } catch (error) {
          expect(error instanceof SyntaxError || error instanceof NestingTooDeepError, String(error)).toBe(true);
          return;
        }
        const index = indexFile(name, text, ast);
        expect(index.parentOf.size).toBeGreaterThan(0);
      }),
      { seed: 7_000_004, numRuns: runs(2_000) },
    );
  }, 60_000 * RUNS_FACTOR);
});
