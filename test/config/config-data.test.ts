import fc from 'fast-check';
import { visit } from 'jsonc-parser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonDepthExceeds, MAX_CONFIG_DEPTH, parseConfigText, yamlDepthExceeds } from '../../src/config/config-data.js';
import { emptyConfig, validateConfig } from '../../src/config/load-config.js';

/** How deep jsonc-parser's parser recurses on `text` (its object and array callbacks nest as its calls do). */
function parserDepth(text: string): number {
  let depth = 0;
  let max = 0;
  const enter = () => {
    depth++;
    max = Math.max(max, depth);
  };
  const leave = () => {
    depth--;
  };
  visit(text, { onObjectBegin: enter, onArrayBegin: enter, onObjectEnd: leave, onArrayEnd: leave }, { allowTrailingComma: true, disallowComments: false });
  return max;
}

describe('jsonDepthExceeds', () => {
  it('never answers below the depth the parser reaches, malformed text included', () => {
    const token = fc.constantFrom('{', '}', '[', ']', ',', ':', '"a"', '"[{"', '1', '// [\n', '/* { */', ' ');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), fc.integer({ min: 0, max: 8 }), (tokens, limit) => {
        const text = tokens.join('');
        if (!jsonDepthExceeds(text, limit)) expect(parserDepth(text)).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 3000, seed: 12 },
    );
  });

  it('counts brackets, not the ones in strings and comments', () => {
    expect(jsonDepthExceeds('[[[]]]', 3)).toBe(false);
    expect(jsonDepthExceeds('[[[[]]]]', 3)).toBe(true);
    expect(jsonDepthExceeds('{ "a": "[[[[[[", /* {{{{{{ */ "b": [] } // [[[[[[', 2)).toBe(false);
  });

  it('stops at the first level over the limit (a deep text is refused early)', () => {
    expect(jsonDepthExceeds(`${'['.repeat(1_000_000)}`, MAX_CONFIG_DEPTH)).toBe(true);
  });
});

describe('yamlDepthExceeds', () => {
  it.each([
    ['block mappings', 'a:\n  b:\n    c: 1\n', 3],
    ['a block sequence of sequences on one line', '- - - x\n', 3],
    ['flow collections in a mapping', 'a: [[{ b: 1 }]]\n', 4],
    ['an explicit key holding a sequence', '? - a\n: b\n', 2],
  ])('measures %s', (_, text, depth) => {
    expect(yamlDepthExceeds(text, depth)).toBe(false);
    expect(yamlDepthExceeds(text, depth - 1)).toBe(true);
  });

  it('does not count brackets in quoted strings, block scalars or comments', () => {
    expect(yamlDepthExceeds(`a: "${'['.repeat(200)}"\nb: |\n  ${'{'.repeat(200)}\n# ${'['.repeat(200)}\n`, 1)).toBe(false);
  });
});

describe('parseConfigText', () => {
  it('refuses deep JSON and YAML as a configuration problem', () => {
    const tooDeep = { ok: false, problems: [expect.stringMatching(/^nested more than 64 levels deep/)] };
    expect(parseConfigText('['.repeat(65) + ']'.repeat(65), 'json')).toEqual(tooDeep);
    expect(parseConfigText('['.repeat(64) + ']'.repeat(64), 'json').ok).toBe(true);
    expect(parseConfigText(`${'- '.repeat(100_000)}x`, 'yaml')).toEqual(tooDeep);
    expect(parseConfigText(`a: ${'{a: '.repeat(100_000)}`, 'yaml')).toEqual(tooDeep);
  });

  it('keeps aliases from nesting the data deeper than the limit', () => {
    // Each anchor nests 40 levels below the previous one: fine alone, too deep expanded.
    const levels = (inner: string) => `${'['.repeat(40)}${inner}${']'.repeat(40)}`;
    const text = `a: &a ${levels('1')}\nb: &b ${levels('*a')}\n`;
    expect(parseConfigText(text, 'yaml')).toEqual({ ok: false, problems: [expect.stringMatching(/^nested more than 64 levels deep/)] });
  });

  it('refuses an alias that contains itself, and alias expansion past the size budget', () => {
    expect(parseConfigText('a: &x [1, { b: *x }]\n', 'yaml')).toEqual({ ok: false, problems: ['invalid YAML: an alias refers to a collection that contains it.'] });
    // 60 uses of a 5,000-value list pass the yaml package's own alias check (uses times
    // nesting), and expand to 300,000 values.
    const wide = `a: &a [${Array(5000).fill('x').join(', ')}]\n${Array.from({ length: 60 }, (_, i) => `b${i}: *a`).join('\n')}\n`;
    expect(parseConfigText(wide, 'yaml')).toEqual({ ok: false, problems: ['more than 250000 values once aliases are expanded.'] });
    // Aliases of aliases: refused by the yaml package's check.
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(i === 1 ? '*a' : `*a${i - 1}`).join(', ')}]`);
    expect(parseConfigText(`${lines.join('\n')}\n`, 'yaml')).toEqual({ ok: false, problems: ['invalid YAML: Excessive alias count indicates a resource exhaustion attack'] });
  });

  it('refuses a list or a map as a YAML key, without a process warning', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    expect(parseConfigText('? [a]\n: 1\n', 'yaml')).toEqual({ ok: false, problems: ['invalid YAML: a key is a list or a map; keys must be plain names.'] });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe('__proto__, constructor and prototype keys', () => {
  beforeEach(() => expect(({} as Record<string, unknown>).polluted).toBeUndefined());
  afterEach(() => expect(({} as Record<string, unknown>).polluted).toBeUndefined());

  it.each([
    ['json', '{ "__proto__": { "failOn": "none", "polluted": 1 }, "rules": { "__proto__": { "polluted": 1 } } }'],
    ['yaml', '__proto__: { failOn: none, polluted: 1 }\nrules: { __proto__: { polluted: 1 } }\n'],
  ] as const)('are own keys of prototype-less objects (%s)', (format, text) => {
    const parsed = parseConfigText(text, format);
    expect(parsed.ok).toBe(true);
    const data = (parsed as { data: Record<string, Record<string, unknown>> }).data;
    expect(Object.getPrototypeOf(data)).toBeNull();
    expect(Object.keys(data)).toEqual(['__proto__', 'rules']);
    expect(data.failOn).toBeUndefined();
    expect(Object.keys(data.rules!)).toEqual(['__proto__']);
  });

  it.each(['json', 'yaml'] as const)('are unknown keys to validation, never options (%s)', (format) => {
    const text = format === 'json' ? '{ "__proto__": { "failOn": "none" }, "constructor": {}, "prototype": 1 }' : '__proto__: { failOn: none }\nconstructor: {}\nprototype: 1\n';
    const parsed = parseConfigText(text, format);
    expect(validateConfig((parsed as { data: unknown }).data, [])).toEqual({
      ok: false,
      problems: ['unknown key "__proto__".', 'unknown key "constructor".', 'unknown key "prototype".'],
    });
  });

  it('keeps a unit folder named __proto__ as an entry, not a prototype', () => {
    const parsed = parseConfigText('{ "units": { "__proto__": "api", "constructor": "web" } }', 'json');
    const result = validateConfig((parsed as { data: unknown }).data, []);
    expect(result.ok).toBe(true);
    const units = (result as { config: ReturnType<typeof emptyConfig> }).config.units;
    expect(Object.getPrototypeOf(units)).toBe(Object.prototype);
    expect(Object.entries(units)).toEqual([
      ['__proto__', 'api'],
      ['constructor', 'web'],
    ]);
  });
});
