// Robustness bugs found by the issue 7 hostile-input work in code owned elsewhere (facts,
// engine, config, cli). Each test states the correct behaviour and is marked `it.fails`
// while the bug stands, so the suite stays green; when a fix lands the test starts passing,
// `it.fails` reports it, and the marker should be removed. Bounds are counted, never timed
// (issue 11): the string work of a scan at two sizes (see test/helpers/count-work.ts), the
// polls of the per-file budget, the nodes a function reads. A bug inside one regex search
// is found by the ReDoS review (regex-review.test.ts); the inputs that triggered it stay
// here as behaviour tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rules as registry } from '../../rules/index.js';
import { loadConfig, validateConfig } from '../../src/config/load-config.js';
import { mayMatter } from '../../src/engine/prefilter.js';
import { hasPayloadSegment, loggerCallFinder } from '../../src/engine/prefilter-scanners.js';
import { maskTokens, redactLine } from '../../src/engine/redact.js';
import { runScan } from '../../src/engine/run.js';
import type { RunResult, ScanOptions } from '../../src/engine/types.js';
import { parseDuration } from '../../src/lang/javascript/interpret.js';
import { memberPath } from '../../src/lang/javascript/resolve-value.js';
import { findTokens } from '../../src/facts/token-literals.js';
import { LineIndex } from '../../src/parse/line-index.js';
import { parseJs } from '../../src/lang/javascript/parse-js.js';
import { buildSarifLog } from '../../src/report/sarif.js';
import { assertBuilt, jwtlint } from '../cli/helpers/run-jwtlint.js';
import { makeTempProject } from '../cli/helpers/temp-project.js';
import { countBudgetTicks, countStringWork } from '../helpers/count-work.js';
import { sampleResult } from '../report/sample-result.js';

const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = makeTempProject(files);
  folders.push(root);
  return root;
}

function scan(root: string, extra: Partial<ScanOptions> = {}): Promise<RunResult> {
  return runScan({ cwd: root, paths: [root], maxExpirySeconds: 86_400, ignore: [], disabledRules: [], ...extra });
}

/**
 * `run` on the text `make(n)` builds and on the one `make(4 * n)` builds, with its string
 * work counted: at most `perChar` units per character of each text, and four times the
 * input at most 4.5 times the work. A scan that goes back over the text it has read grows
 * with the square: it fails at once, stopped at the first bound. Returns the larger run's result.
 */
function linear<T>(make: (n: number) => string, n: number, run: (text: string) => T, perChar = 10): T {
  const [small, large] = [n, 4 * n].map((size) => {
    const text = make(size);
    const counted = countStringWork(() => run(text), perChar * text.length);
    expect(counted.work).toBeLessThanOrEqual(perChar * text.length);
    return counted;
  });
  expect(large!.work).toBeLessThanOrEqual(4.5 * small!.work);
  return large!.result;
}

/** A member expression `config.b.b...` of `steps` steps, parsed. */
function memberChain(steps: number) {
  const statement = parseJs(`config${'.b'.repeat(steps)};`, 'js').ast.program.body[0]!;
  if (statement.type !== 'ExpressionStatement') throw new Error('not an expression');
  return statement.expression;
}

/** The property reads `fn` makes on `node` and everything reached from it. */
function readsOf(node: object, fn: (node: never) => unknown): { reads: number; result: unknown } {
  let reads = 0;
  const proxies = new WeakMap<object, object>();
  const wrap = (value: unknown): unknown => {
    if (!value || typeof value !== 'object') return value;
    let proxy = proxies.get(value);
    if (!proxy) {
      proxy = new Proxy(value, {
        get(target, key, receiver) {
          reads++;
          return wrap(Reflect.get(target, key, receiver));
        },
      });
      proxies.set(value, proxy);
    }
    return proxy;
  };
  const result = fn(wrap(node) as never);
  return { reads, result };
}

const HEADER = "const jwt = require('jsonwebtoken');\n";

describe('known bugs: facts', () => {
  // facts/resolve-value.ts memberPath recurses once per `.b` and copies the path at every
  // level: a 30,000-step member chain overflows the stack (internal error, exit 3) and a
  // 10,000-step one takes seconds (quadratic). Fix: iterate down `.object`, push keys,
  // reverse once, and give up (null) past a few hundred steps.
  it('analyses a 30,000-step member chain as a key without an internal error', async () => {
    const root = project({ 'a.js': `${HEADER}jwt.sign(p, config${'.b'.repeat(30_000)});\n` });
    // Counted: the polls of the file's budget (index, resolver, facts), about 2 per step of
    // the chain today; the bound is 10 per step (the clock is off: Infinity).
    const bound = 10 * 30_000;
    const { result, ticks } = await countBudgetTicks(bound, () => scan(root, { fileTimeBudgetMs: Infinity }));
    expect(result.internalError).toBe(false);
    expect(result.notifications.filter((n) => n.kind === 'timeout' || n.kind === 'internal-error')).toEqual([]);
    expect(ticks).toBeLessThan(bound);
  }, 60_000);

  it('memberPath gives up on a long chain after reading a fixed part of it', () => {
    // Counted: the property reads memberPath makes on the syntax tree. It stops after 64
    // keys, so a chain of 30,000 steps costs what one of 1,000 does; walking it whole (the
    // recursion above) reads every step.
    const short = readsOf(memberChain(3), memberPath);
    expect(short.result).toEqual(['config', 'b', 'b', 'b']);
    const [thousand, long] = [1_000, 30_000].map((steps) => readsOf(memberChain(steps), memberPath));
    expect(long!.result).toBeNull();
    expect(thousand!.result).toBeNull();
    expect(long!.reads).toBe(thousand!.reads);
    expect(long!.reads).toBeLessThan(2_000);
  });

  // facts/tsconfig-paths.ts readTsConfigPaths calls jsonc-parser's recursive `parse` with no
  // guard, and engine/run.ts calls it outside any try: a deeply nested tsconfig.json makes
  // runScan reject (no report at all, CLI exit 3). Fix: try/catch in run.ts (a notification)
  // and a nesting pre-check (config-files/parse-json.ts jsonNestingEstimate).
  it('survives a tsconfig.json nested 20,000 levels deep', async () => {
    const root = project({ 'tsconfig.json': `{"compilerOptions": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`, 'a.js': `${HEADER}jwt.sign(p, 'x');\n` });
    const result = await scan(root);
    expect(result.internalError).toBe(false);
  });

  // facts/token-literals.ts JWT_SHAPE /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g
  // rescans the rest of a base64url run from every `eyJ`: quadratic. Fix: walk the string
  // once by dot-separated segments (see the report), or anchor candidates at run starts.
  it('findTokens is linear on a long run of eyJ fragments', () => {
    const at = () => ({ file: 'x', line: 1, column: 1, endLine: 1, endColumn: 1 });
    expect(linear((n) => `${'eeyJeyJee'.repeat(n)}.`, 2_250, (text) => findTokens(text, at))).toEqual([]);
    // Still finds the tokens such a run holds.
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig';
    expect(findTokens(`${'eeyJeyJee'.repeat(100)}.${token}`, at).map((t) => t.text)).toEqual([token]);
  });

  // facts/interpret.ts parseDuration /^\s*(-?\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i: the two `\s*`
  // around an empty unit split a blank run every way. Fix: trim first, then
  // /^(-?\d+(?:\.\d+)?)\s*([a-z]*)$/i.
  it('parseDuration is linear on a long blank run', () => {
    // The regex itself is in the ReDoS review; this input made the old one quadratic.
    expect(linear((n) => `0\t${'\t'.repeat(n)}\t0`, 11_250, (text) => parseDuration(text, 's'))).toBeNull();
    expect(parseDuration(`  15m${'\t'.repeat(1_000)}`, 's')).toBe(900);
  });

  // ECMAScript line terminators: Babel counts U+2028/U+2029 as line breaks, LineIndex (and
  // GitHub, and editors) do not. Findings after one point past the line (empty snippet, a
  // line number larger than the file's). Fix: facts/resolve-value.ts locOf should map
  // node.start/node.end through the file's LineIndex instead of node.loc.
  it('places findings after a U+2028 on the line that holds them', async () => {
    const text = `${HEADER}// a\u2028b\u2029c\njwt.sign(p, 'hostile-line-separator-secret');\n`;
    const root = project({ 'a.js': text });
    const result = await scan(root);
    const lines = new LineIndex(text);
    expect(result.findings.length).toBeGreaterThan(0);
    for (const finding of result.findings) {
      expect(finding.location.line).toBeLessThanOrEqual(lines.lineCount);
      expect(finding.snippet).toContain('jwt.sign');
    }
  });
});

describe('known bugs: engine', () => {
  // engine/prefilter.ts LOGGER_CALL: `(?:\s|//[^\n]*|...)*` can split a run of `//` between
  // comment and comment body in 2^n ways; `token; console` followed by 20 `//` and a line
  // break takes seconds, 30 take hours, on a 70-byte file. Fix: a line comment must end at
  // its line break (`//[^\n]*(?:\n|$)`), so a run of slashes has one split.
  it('the content prefilter is linear on slashes after a logger name', () => {
    // LOGGER_CALL is in the ReDoS review; 20 pairs of slashes took seconds, 30 hours.
    expect(mayMatter(`token; console${'//'.repeat(30)}\n`, 'js')).toBe(false);
    expect(linear((n) => `token; console${'//'.repeat(n)}\n`, 2_500, (text) => mayMatter(text, 'js'))).toBe(false);
  });

  // engine/prefilter.ts PAYLOAD_SEGMENT: the gap loop rescans `/*[` runs (quadratic).
  it('the content prefilter is linear on comment openers after split(".")', () => {
    expect(linear((n) => `Buffer; x.split(".")[//${'/*['.repeat(n)}`, 15_000, (text) => mayMatter(text, 'js'))).toBe(false);
  });

  // Issue 11 report. engine/prefilter.ts PAYLOAD_SEGMENT was exponential on
  // `split('.')as\t[` then `)as\t[B` repeated (a `)` was a gap part of its own and the end
  // of a cast, whose type may hold `)`): 28 repeats, a 200-byte file, hung the prefilter,
  // which runs before any per-file budget. Fixed: a forward walk, and a backward pass over
  // the text where the walk cannot decide (same language).
  it('the content prefilter is linear on casts after split(".")', () => {
    // Counted: the walk and the backward pass read the text through charCodeAt and indexOf
    // (about 9 units per character here). The old regex did not finish at the smaller size.
    const attack = (n: number) => `Buffer; x.split('.')as\t[${')as\t[B'.repeat(n)}`;
    expect(linear((n) => `${attack(n)}\n`, 2_500, (text) => mayMatter(text, 'js'), 20)).toBe(false);
    expect(linear((n) => `${attack(n)})[1]`, 2_500, (text) => mayMatter(text, 'js'), 20)).toBe(true);
    expect(linear((n) => `${attack(n)}\n`, 2_500, (text) => hasPayloadSegment(text, true), 20)).toBe(false);
  });

  // Issue 11 report. engine/prefilter.ts LOGGER_CALL (and its global copy) read a line
  // comment to the end of its line from every logger name: quadratic on `LOG//F` repeated
  // (20,000 repeats: about 2 s). Fixed: line feeds are looked up in a list made once.
  it('the content prefilter is linear on line comments after logger names', () => {
    // The old regex took about a minute at the larger size (600,000 characters).
    expect(linear((n) => `token;R${'LOG//F'.repeat(n)}`, 25_000, (text) => mayMatter(text, 'js'))).toBe(false);
    expect(linear((n) => `token;R${'LOG//F'.repeat(n)}\n.log(token)`, 25_000, (text) => mayMatter(text, 'js'))).toBe(true);
    // The same call as before: from the first logger name, across the line comment, to `.log`.
    const call = linear((n) => `token;R${'LOG//F'.repeat(n)}\n.log(token)`, 25_000, (text) => loggerCallFinder(text)(0));
    expect(call).toEqual({ index: 7, end: 7 + 6 * 100_000 + '\n.log'.length });
  });

  // engine/redact.ts TOKEN_SHAPE /eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g: quadratic.
  it('maskTokens is linear on a long run of eyJ fragments', () => {
    const masked = linear((n) => `${'eyJyyyyyy'.repeat(n)}\u0000eyJJyy-e-.JJyyee.`, 3_750, maskTokens);
    expect(masked).toBe(`${'eyJyyyyyy'.repeat(4 * 3_750)}\u0000ey********`);
  });

  // engine/redact.ts overlapAt extends a match from every occurrence of the 8-character gram
  // in the secret: a periodic secret (`(.)#{(.)#{...`) costs n² per position; a 500 kB
  // .env value took 8 minutes. Fix: stop once `best >= piece.length - k` (no later
  // occurrence can do better), or cap the occurrences looked at.
  it('redactLine is linear on a periodic secret', () => {
    // The secret is read in five forms (itself, three base64 encodings, the line): about 21
    // units per character of it, bounded by 30.
    const masked = linear((n) => 'a1b2c'.repeat(n), 5_000, (secret) => redactLine(`JWT_SECRET=${secret}`, [secret]), 30);
    expect(masked).toBe('JWT_SECRET=a1b2********');
  });

  // engine/run.ts reports every config-file diagnostic twice: once from parseConfigFile
  // (warning) and again from extractConfigFacts, which returns the same list (note).
  // Fix: push only one of the two (extractConfigFacts documents that it returns them).
  it('reports each config-file problem once', async () => {
    const root = project({ 'config.json': '{ "jwt": { "secret": ' });
    const result = await scan(root);
    const messages = result.notifications.map((n) => `${n.file}\0${n.message}`);
    expect(messages.length).toBeGreaterThan(0);
    expect(new Set(messages).size).toBe(messages.length);
  });

  // engine/run.ts reads a whole file before comparing its size with the cap: a sparse 3 GB
  // file is "unreadable" (ERR_FS_FILE_TOO_LARGE) instead of "too-large", and a 1.9 GB one
  // is read into memory. Fix: stat (or open + fstat) first, read at most cap + 1 bytes.
  it('reports a 3 GB (sparse) file as too large without reading it', async () => {
    const root = project({});
    const made = spawnSync('truncate', ['-s', '3G', path.join(root, 'huge.js')]).status === 0;
    expect(made).toBe(true);
    const result = await scan(root);
    expect(result.notifications).toContainEqual(expect.objectContaining({ kind: 'too-large', file: 'huge.js' }));
  });

  // engine/run.ts: a UTF-16 file with a BOM is "binary" (its ASCII has NUL bytes), so a key
  // in it is never seen. Fix: on FF FE / FE FF, decode as UTF-16 (TextDecoder 'utf-16le' /
  // swap for BE) with an `encoding` note, before the NUL test.
  it('decodes UTF-16 files that start with a byte-order mark', async () => {
    const root = project({});
    writeFileSync(path.join(root, 'a.js'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}jwt.sign(p, 'utf16-hostile-secret-value');\n`, 'utf16le')]));
    const result = await scan(root);
    expect(result.findings.map((f) => f.location.file)).toContain('a.js');
  });

  // engine/run.ts drops ParsedJs.recoveredErrors: a file Babel parsed with error recovery is
  // analysed without a word (issue 7: "error recovery first, then a per-file diagnostic").
  it('notes the syntax errors Babel recovered from', async () => {
    const root = project({ 'a.js': `${HEADER}let a = 1; let a = 2;\njwt.sign(p, 'x');\n` });
    const result = await scan(root);
    expect(result.notifications).toContainEqual(expect.objectContaining({ kind: 'unparsable', file: 'a.js' }));
  });

  // engine/post-process.ts matches `testPaths` (from the scanned repository's
  // .jwtlintrc.json) with the `ignore` package, whose `**` regex backtracks polynomially in
  // the path depth (degree = number of `**`). Fix: use src/discover/gitignore.ts
  // (GitignoreMatcher), which matches in (pattern × path) time.
  // (The matcher's own work is counted in redos.test.ts, `ignore patterns`.)
  it('matches testPaths on a deep path', async () => {
    const deep = `${'a/'.repeat(300)}k.js`;
    const root = project({ [deep]: `${HEADER}jwt.sign(p, 'deep-test-path-secret');\n` });
    const inTestCode = async (testPaths: string[]) => (await scan(root, { testPaths })).findings.map((f) => f.inTestCode);
    const unmatched = await inTestCode(['**/a/**/a/**/x']);
    expect(unmatched.length).toBeGreaterThan(0);
    expect(unmatched.every((t) => !t)).toBe(true);
    expect((await inTestCode(['**/a/**/a/**/k.js'])).every((t) => t)).toBe(true);
  }, 120_000);

  // engine/run.ts / report: the snippet is the whole source line; a finding in a 1.5 MB
  // minified bundle puts 1.5 MB into every JSON, SARIF and text report (and runs the
  // redaction over it). Fix: cut snippets to a window around the column (e.g. 200 chars).
  it('keeps snippets short on a minified one-line bundle', async () => {
    // Just under the size at which a one-line file counts as a minified bundle and is skipped.
    const root = project({ 'bundle.js': `${HEADER.trim()}${'var a=1;'.repeat(15_000)}jwt.sign(p,"minified-hostile-secret");${'var b=2;'.repeat(15_000)}\n` });
    const result = await scan(root);
    expect(result.findings.length).toBeGreaterThan(0);
    for (const finding of result.findings) expect(finding.snippet.length).toBeLessThan(1_000);
  });
});

describe('known bugs: configuration and CLI', () => {
  // config/load-config.ts `folder.replace(/\/+$/, '')` on `units` keys is quadratic on a
  // run of slashes not at the end; the configuration comes from the scanned repository.
  // Fix: strip trailing slashes with a loop (or /\/+$/ only after a cheap endsWith check).
  it('validates a units key of 40,000 slashes', () => {
    // The loop reads characters by index (not counted); /\/+$/ would be flagged by the ReDoS review.
    const leading = validateConfig({ units: { [`${'/'.repeat(40_000)}x`]: 'a' } }, registry);
    expect(leading.ok ? [] : leading.problems).toHaveLength(1);
    const trailing = validateConfig({ units: { [`apps/api${'/'.repeat(40_000)}`]: 'api' } }, registry);
    expect(trailing.ok && trailing.config.units).toEqual({ 'apps/api': 'api' });
  });

  // Issue 11 report. config/load-config.ts durationSeconds tested a zero duration with
  // /^\s*0+\s*[a-z]*\s*$/i: the two `\s*` around an empty unit split a run of blanks every
  // way (quadratic; 20,000 characters: 0.9 s), on a value from the scanned repository's
  // .jwtlintrc. Fixed: trimmed first, then /^0+\s*[a-z]*$/i (the same strings).
  it('validates a zero duration with a long run of blanks', () => {
    const tolerance = (value: string) => validateConfig({ rules: { 'expiry-not-enforced': { options: { maxClockTolerance: value } } } }, registry);
    // The old regex took about a minute at the larger size (160,000 characters).
    const rejected = linear((n) => `0\t${'\t'.repeat(n)}\u0000`, 40_000, tolerance);
    expect(rejected.ok ? [] : rejected.problems).toHaveLength(1);
    const zero = linear((n) => ` 0${'\t'.repeat(n)}s${' '.repeat(n)}`, 40_000, tolerance);
    expect(zero.ok && zero.config.maxClockToleranceSeconds).toBe(0);
    for (const [value, seconds] of [['0', 0], [' 00 m\n', 0], ['0x', 0], ['\u00a00s\u2028', 0], ['0 1', undefined], ['5m', 300], ['0.5s', 1]] as const) {
      const result = tolerance(value);
      expect(result.ok ? result.config.maxClockToleranceSeconds : undefined, JSON.stringify(value)).toBe(seconds);
    }
  });

  // config/load-config.ts parseYaml: `document.toJS()` throws on an alias bomb ("Excessive
  // alias count") outside any try: a billion-laughs .jwtlintrc.yaml is an internal error
  // (exit 3) instead of a configuration problem (exit 2). Fix: catch around toJS and
  // return { ok: false, problems: [...] }.
  it('turns a billion-laughs .jwtlintrc.yaml into a configuration problem', async () => {
    const lines = ['a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]'];
    for (let i = 1; i <= 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const root = project({ '.jwtlintrc.yaml': `${lines.join('\n')}\n` });
    const result = await loadConfig(path.join(root, '.jwtlintrc.yaml'), registry);
    expect(result.ok).toBe(false);
  });

  // cli/scan-command.ts planScan: statSync(target, { throwIfNoEntry: false }) still throws on
  // ENAMETOOLONG/ELOOP/EACCES, so `jwtlint scan <4,000-character path>` is an internal error
  // (exit 3) rather than "no such file or folder" (exit 2). Fix: try/catch around the stat.
  it('answers a path too long to stat with a usage error', () => {
    assertBuilt();
    const base = mkdtempSync(path.join(tmpdir(), 'jwtlint-long-'));
    folders.push(base);
    const run = jwtlint(['scan', 'x'.repeat(5_000), '--format', 'json'], { cwd: base });
    expect(run.status).toBe(2);
  });
});

describe('known bugs: reports', () => {
  // Issue 11 report. report/sarif.ts messageWithLinks stripped a message's trailing blanks
  // with .replace(/\s*$/, ''): quadratic on a run of blanks inside a message (20,000 blanks:
  // 0.7 s), and messages quote names from the scanned code. Fixed: trimEnd (the same characters).
  it('links related locations from a message with a long run of blanks', () => {
    const sarif = (message: string) => {
      const result = sampleResult();
      result.findings = [{ ...result.findings[1]!, message }];
      return buildSarifLog(result).runs[0]!.results[0]!.message.text;
    };
    // Counted: the string work of the whole log, most of it fixed (rules, taxonomies). The
    // old regex took about 45 s at the larger size (160,000 characters).
    const inside = linear((n) => `a${'\t'.repeat(n)}\u0000`, 40_000, sarif, 20);
    expect(inside).toBe(`a${'\t'.repeat(160_000)}\u0000. Related: [The secret signs tokens here.](1).`);
    expect(linear((n) => `Ends here.${' \n'.repeat(n)}`, 40_000, sarif, 20)).toBe('Ends here. Related: [The secret signs tokens here.](1).');
    expect(sarif('No stop\u00a0\u3000\ufeff')).toBe('No stop. Related: [The secret signs tokens here.](1).');
  });
});
