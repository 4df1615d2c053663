// Regular expressions (and scans) applied to scanned text, fed long adversarial strings.
// Counted, never timed (issue 11): each case runs on an input of size n and on one of size
// 4n, with its string work counted (characters read through string methods and regex
// searches, see test/helpers/count-work.ts). Four times the input may cost at most 4.5
// times the work, and at most a fixed number of units per character: a scan that goes back
// over the text (the quadratic versions took minutes to hours on these inputs) grows with
// the square and is stopped at that bound at once.
//
// What the count cannot see is the backtracking inside one regex search: every regex in
// src/** and rules/** is checked by the ReDoS review instead (regex-review.test.ts, recheck
// with every time limit off), and these inputs stay as behaviour tests for it. Fixed after
// the issue 7 review: config-files/parse-yaml.ts TEMPLATE (and the per-template line
// rescans), config-files/parse-toml.ts comment strip, config-files/values.ts `#{...}`,
// config-files/names.ts `([A-Z]+)([A-Z][a-z])` (and the segmenter's array copies),
// config-files/roles.ts TEST_FILE, parse/parse-js.ts flow pragma, shell-words bracket
// rescans (not a regex, same effect), and the `ignore` package's `**` regex (replaced by
// src/discover/gitignore.ts); engine/prefilter.ts LOGGER_CALL and PAYLOAD_SEGMENT,
// facts/token-literals.ts JWT_SHAPE, facts/interpret.ts parseDuration, engine/redact.ts
// TOKEN_SHAPE and overlapAt, config/load-config.ts unit folders (see known-bugs.test.ts).
// Fixed after the issue 11 report (see known-bugs.test.ts): engine/prefilter.ts
// PAYLOAD_SEGMENT (exponential) and LOGGER_CALL (quadratic), replaced by scanners whose
// reads go through counted methods, config/load-config.ts zero durations, and
// report/sarif.ts trailing blanks of messages.
import { describe, expect, it } from 'vitest';
import { GitignoreMatcher } from '../../src/discover/gitignore.js';
import { IgnoreRules } from '../../src/discover/ignore-rules.js';
import { fileKindOf } from '../../src/discover/file-kind.js';
import { keyWords } from '../../src/config-files/names.js';
import { parseConfigText } from '../../src/config-files/parse.js';
import { templateRegions } from '../../src/config-files/parse-yaml.js';
import { isTestConfigPath } from '../../src/config-files/roles.js';
import { isPlaceholder, isReferenceValue, jwsAlgorithm, lifetimeSeconds, looksRandom } from '../../src/config-files/values.js';
import { analyseInterpolation } from '../../src/config-files/interpolation.js';
import { hasFlowPragma, parseJs } from '../../src/lang/javascript/parse-js.js';
import { LineIndex } from '../../src/parse/line-index.js';
import { mayMatter } from '../../src/engine/prefilter.js';
import { extractDependencyFacts } from '../../src/config-files/dependencies.js';
import { countStringWork } from '../helpers/count-work.js';

/** The size of the larger input of each case, in repeats of its adversarial unit (as in the issue 7 review, which used 100,000). */
const N = 20_000;

/**
 * `run` on `make(N / 4)` and on `make(N)`, with its string work counted: at most `perChar`
 * units per character of the larger input (the work stops there), and at most 4.5 times
 * the work of the smaller one. Returns the larger input's result.
 */
function linear<T>(make: (n: number) => string, run: (text: string) => T, perChar = 20): T {
  const [small, large] = [N / 4, N].map((n) => {
    const text = make(n);
    return { text, ...countStringWork(() => run(text), perChar * make(N).length) };
  });
  expect(large!.work, `${large!.work} units of string work on ${large!.text.length} characters`).toBeLessThanOrEqual(perChar * large!.text.length);
  expect(large!.work, `${small!.work} units on ${small!.text.length} characters, ${large!.work} on ${large!.text.length}`).toBeLessThanOrEqual(4.5 * small!.work);
  return large!.result;
}

describe('config-file parsers on adversarial text', () => {
  const cases: [string, 'yaml' | 'toml' | 'shell' | 'dockerfile' | 'env' | 'properties' | 'json', (n: number) => string, number?][] = [
    ['YAML: a line of unclosed {{', 'yaml', (n) => `a: b ${'{{'.repeat(n)}\n`],
    // A file the parser rejects is masked and parsed again: about 55 and 37 units per character.
    ['YAML: Helm templates on one line, retried masked', 'yaml', (n) => `a: ${'{{x}}'.repeat(n / 5)}\nb: [\n`, 80],
    ['YAML: many template lines', 'yaml', (n) => `${'k: {{ .V }}\n'.repeat(n / 5)}b: [\n`, 80],
    ['YAML: long plain scalar with colons', 'yaml', (n) => `a: ${'x: '.repeat(n)}\n`],
    ['TOML: blank run before a comment', 'toml', (n) => `a = x${' '.repeat(n)}\u0000#\n`],
    ['TOML: many unterminated multi-line strings', 'toml', (n) => `${'a = """\n'.repeat(n / 5)}`],
    ['TOML: inline arrays with quotes', 'toml', (n) => `a = [${'"x", '.repeat(n / 5)}\n`],
    ['TOML: bad unicode escapes', 'toml', (n) => `a = "${'\\UFFFFFFFF'.repeat(n / 10)}"\n`],
    ['shell: unclosed ${', 'shell', (n) => `A=${'${'.repeat(n)}\n`],
    ['shell: unclosed $(', 'shell', (n) => `A=${'$('.repeat(n)}\n`],
    ['shell: unclosed (( in arrays', 'shell', (n) => `A=(${'('.repeat(n)}\n`],
    ['shell: mixed quotes and expansions', 'shell', (n) => `A="${'${"'.repeat(n / 2)}\n`],
    ['shell: backticks', 'shell', (n) => `A=${'`\\'.repeat(n / 2)}\n`],
    ['shell: heredocs', 'shell', (n) => `${'cat <<EOF\n'.repeat(n / 10)}`],
    ['Dockerfile: unclosed ${', 'dockerfile', (n) => `FROM x\nENV A=${'${'.repeat(n)}\n`],
    ['Dockerfile: continuation lines', 'dockerfile', (n) => `FROM x\nRUN a ${'\\\n# c\n'.repeat(n / 4)}`],
    ['.env: unterminated quotes', 'env', (n) => `${'A="\n'.repeat(n / 5)}`],
    ['.env: inline comment search', 'env', (n) => `A=${'x \t'.repeat(n / 3)}\n`],
    ['.properties: continuations', 'properties', (n) => `a=${'\\\n'.repeat(n / 2)}`],
    ['.properties: bad escapes', 'properties', (n) => `a=${'\\u12'.repeat(n / 4)}\n`],
    ['JSON: unclosed strings and brackets', 'json', (n) => `{"a": ${'["'.repeat(n / 2)}`],
  ];
  for (const [name, format, make, perChar] of cases) {
    it(name, () => {
      const parsed = linear(make, (text) => parseConfigText(`x.${format}`, format, text), perChar);
      expect(Array.isArray(parsed.entries)).toBe(true);
    });
  }
});

describe('the content prefilter on adversarial text', () => {
  // The token-word trigger follows logger calls' argument lists with a small lexer; nested
  // and unclosed calls, strings, templates and comments must keep it linear.
  const cases: [string, (n: number) => string][] = [
    ['nested logger calls', (n) => `token;${'console.log('.repeat(n / 10)}`],
    ['closed logger calls', (n) => `token;${'console.log(a);'.repeat(n / 10)}`],
    ['logger names without calls', (n) => `token;${'console.log '.repeat(n / 10)}`],
    ['unclosed template expressions', (n) => `token;console.log(${'`${'.repeat(n / 2)}`],
    ['unclosed strings on one line', (n) => `token;console.log(${"'a".repeat(n / 2)}`],
    ['regex-looking slashes', (n) => `token;console.log(${'(/'.repeat(n / 2)}`],
    ['comments in the gap', (n) => `token;console.log${'/**/'.repeat(n / 4)}(x)`],
    ['escapes', (n) => `token;console.log('${'\\'.repeat(n)}`],
    // The gap scanners that replaced LOGGER_CALL and PAYLOAD_SEGMENT (issue 11): the
    // inputs that made those regexes slow, and the worst cases of the scanners themselves
    // (comments with several possible ends send the text to the backward pass).
    ["casts after split('.') (exponential before)", (n) => `Buffer;x.split('.')as\t[${')as\t[B'.repeat(n / 6)}\n`],
    ['line comments after logger names (quadratic before)', (n) => `token;R${'LOG//F'.repeat(n / 6)}`],
    ['logger names in comments, chained by comments', (n) => `token;${'/* log /* */ '.repeat(n / 12)}`],
    ['comments with more than one end within reach', (n) => `token;log ${'/* */ */'.repeat(n / 8)}`],
    ['unclosed comments after logger names', (n) => `token;${'log/*'.repeat(n / 5)}`],
    ['casts after logger names', (n) => `token;${'log as '.repeat(n / 6)}`],
    ["comments after split('.')", (n) => `Buffer;x.split('.')${'/* */ */'.repeat(n / 8)}`],
    ["casts with several ends after split('.')", (n) => `Buffer;${"x.split('.') as a)b)".repeat(n / 20)}`],
    ['zeros in the index', (n) => `Buffer;x.split('.')[${'0'.repeat(n)}`],
  ];
  for (const [name, make] of cases) {
    it(name, () => {
      expect(typeof linear(make, (text) => mayMatter(text, 'js'))).toBe('boolean');
    });
  }
});

describe('manifests and lockfiles on adversarial text', () => {
  const cases: [string, string, Parameters<typeof extractDependencyFacts>[1], (n: number) => string][] = [
    ['yarn: a descriptor line of 40,000 ranges', 'yarn.lock', 'yarn-lockfile', (n) => `jsonwebtoken@${'^1, '.repeat(2 * n)}:\n  version "8.5.1"\n`],
    ['yarn: 10,000 entries', 'yarn.lock', 'yarn-lockfile', (n) => '"jsonwebtoken@^8":\n  version "8.5.1"\n'.repeat(n / 2)],
    ['pnpm: 10,000 package keys', 'pnpm-lock.yaml', 'pnpm-lockfile', (n) => `packages:\n${'  /jsonwebtoken/8.5.1:\n    resolution: {integrity: x}\n'.repeat(n / 2)}`],
    ['pnpm: a 100,000-character key', 'pnpm-lock.yaml', 'pnpm-lockfile', (n) => `packages:\n  /jsonwebtoken${'@'.repeat(5 * n)}\n`],
    ['npm: one key repeated 10,000 times', 'package-lock.json', 'npm-lockfile', (n) => `{"packages":{${'"node_modules/jsonwebtoken":{"version":"8.5.1"},'.repeat(n / 2)}"x":{}}}`],
    ['npm v1: 5,000 nested install levels', 'package-lock.json', 'npm-lockfile', (n) => `{"dependencies":${'{"jsonwebtoken":{"version":"8.5.1","dependencies":'.repeat(n / 4)}{}${'}}'.repeat(n / 4)}}`],
    ['manifest: a range of 10,000 alternatives', 'package.json', 'manifest', (n) => `{"dependencies":{"jsonwebtoken":"${'^8 || '.repeat(n / 2)}^9"}}`],
  ];
  for (const [name, file, kind, make] of cases) {
    it(name, () => {
      const { facts } = linear(make, (text) => extractDependencyFacts(file, kind, text));
      expect(Array.isArray(facts.dependencies)).toBe(true);
    });
  }
});

describe('value and name heuristics on adversarial strings', () => {
  it('template regions: one pass over a line of {{', () => {
    expect(linear((n) => '{{'.repeat(n), templateRegions)).toEqual([]);
    expect(linear((n) => `${'{{'.repeat(n)}}}`, templateRegions).length).toBe(1);
  });
  it('placeholders: #{ without } and $( without )', () => {
    expect(linear((n) => `${'(.)#{'.repeat(n / 5)}(.)x`, (text) => isPlaceholder(text, false))).toBe(false);
    expect(linear((n) => `${'$(a'.repeat(n / 3)}`, (text) => isPlaceholder(text, false))).toBe(false);
    expect(isPlaceholder('#{x}', false)).toBe(true);
    expect(isPlaceholder('a$(b.c)d', false)).toBe(true);
  });
  it('key words: long capital runs and glued words', () => {
    expect(linear((n) => `${'A'.repeat(n)}\u0000AAa`, keyWords).length).toBeGreaterThan(0);
    // The segmenter tries each dictionary word at each position: a fixed number of units per character.
    expect(linear((n) => 'jwt'.repeat(n / 2), keyWords, 60).length).toBe(N / 2);
    expect(keyWords('JWTSecretKEYValue')).toEqual(['jwt', 'secret', 'key', 'value']);
  });
  it('other value regexes stay linear', () => {
    expect(linear((n) => `${'a'.repeat(n)}!`, looksRandom)).toBe(false);
    expect(linear((n) => `/${'a/'.repeat(n / 2)}\u0000`, isReferenceValue)).toBe(false);
    expect(linear((n) => `"${'a'.repeat(n)}`, jwsAlgorithm)).toBeUndefined();
    expect(linear((n) => `${'1'.repeat(n)}x${' '.repeat(n)}`, lifetimeSeconds)).toBeUndefined();
    expect(linear((n) => `P${'1'.repeat(n)}`, lifetimeSeconds)).toBeUndefined();
    expect(lifetimeSeconds('P1D')).toBe(86_400);
    expect(linear((n) => `\${${'A:-${'.repeat(n / 4)}`, analyseInterpolation).kind).toBe('composite');
  });
  it('paths: test-file and kind patterns', () => {
    expect(linear((n) => `${'.e2e.2'.repeat(n / 6)}/.e2e.p`, isTestConfigPath)).toBe(true);
    expect(linear((n) => `${'dockerfile.'.repeat(n / 11)}x`, fileKindOf)).toBe('dockerfile');
  });
  it('flow pragma detection and line index', () => {
    expect(linear((n) => `/${'\n\t'.repeat(n)}@flow`, hasFlowPragma)).toBe(false);
    expect(hasFlowPragma('\n  // @flow\n')).toBe(true);
    const lines = linear((n) => '\r'.repeat(n) + '\n'.repeat(n), (text) => new LineIndex(text));
    expect(lines.lineCount).toBe(2 * N); // the last CR and the first LF are one CRLF
    expect(countStringWork(() => lines.lineText(N)).work).toBeLessThan(100);
  });
  it('a JavaScript file that overflows the parser fails fast and clearly', () => {
    // Babel gives up at its nesting limit: at most one pass over the text before the error.
    const text = `x = ${'['.repeat(100_000)}${']'.repeat(100_000)};`;
    let thrown: unknown;
    const { work } = countStringWork(() => {
      try {
        parseJs(text, 'js');
      } catch (error) {
        thrown = error;
      }
    }, 20 * text.length);
    expect(String(thrown)).toMatch(/nesting too deep/);
    expect(work).toBeLessThanOrEqual(20 * text.length);
  });
});

describe('ignore patterns', () => {
  // Counted: the string work of one match, which is the same whether the path is 500 or
  // 2,000 folders deep beyond a fixed amount per folder (pattern segments x path segments).
  const path = (depth: number) => `${'a/'.repeat(depth)}x.js`;
  it('`**` patterns against a 2,000-folder-deep path', () => {
    for (const pattern of ['**/a/**/a/**/a/**/x', 'a/**/a/**/a/**/a/**/a/**/y', `${'**/a/'.repeat(50)}z`, `${'*a'.repeat(200)}b`, `${'?'.repeat(3000)}`]) {
      const matcher = new GitignoreMatcher().add(pattern);
      const [small, large] = [500, 2_000].map((depth) => countStringWork(() => matcher.test(path(depth)), 1_000 * path(depth).length));
      expect(small!.result).toEqual({ ignored: false, unignored: false });
      expect(large!.result).toEqual({ ignored: false, unignored: false });
      expect(large!.work, pattern.slice(0, 30)).toBeLessThanOrEqual(4.5 * small!.work);
    }
    expect(new GitignoreMatcher().add('**/a/**/x.js').test(path(2_000))).toEqual({ ignored: true, unignored: false });
  });
  it('many rules and nested ignore levels', () => {
    const rules = new IgnoreRules();
    rules.add('', Array.from({ length: 2_000 }, (_, i) => `**/a/**/n${i}`));
    for (let d = 1; d < 200; d++) rules.add('a/'.repeat(d).slice(0, -1), '**/a/**/q\n!x.js\n');
    // Counted: about 13,000 units per rule and level today (2,000 rules, 200 levels); the
    // bound is twice that.
    const { result, work } = countStringWork(() => rules.isIgnored(`${'a/'.repeat(300)}x.js`), 2 * 13_000 * 2_200);
    expect(result).toBe(false);
    expect(work).toBeLessThanOrEqual(2 * 13_000 * 2_200);
  });
});
