// src/discover/gitignore.ts replaces the `ignore` package in discovery (whose `**` regular
// expression backtracks for minutes on deep paths). Differential property test: on patterns
// and paths from a small alphabet, both agree; plus the gitignore(5) cases that matter.
import fc from 'fast-check';
import ignore from 'ignore';
import { describe, expect, it } from 'vitest';
import { GitignoreMatcher } from '../../src/discover/gitignore.js';

function both(patterns: string[], path: string): [boolean, boolean] {
  const ours = new GitignoreMatcher().add(patterns).test(path);
  const theirs = ignore().add(patterns).test(path);
  return [ours.ignored, theirs.ignored];
}

describe('GitignoreMatcher', () => {
  it.each([
    [['*.js'], 'a/b/c.js', true],
    [['/c.js'], 'a/c.js', false],
    [['/c.js'], 'c.js', true],
    [['a/**/c.js'], 'a/c.js', true],
    [['a/**/c.js'], 'a/x/y/c.js', true],
    [['**/b'], 'x/b/', true],
    [['abc/**'], 'abc/x/y.js', true],
    [['abc/**'], 'abc/', false],
    [['b/'], 'a/b', false],
    [['b/'], 'a/b/', true],
    [['*.js', '!keep.js'], 'keep.js', false],
    [['[a-c]?.ts'], 'bz.ts', true],
    [['[!a-c]?.ts'], 'bz.ts', false],
    [['\\#x', '\\!y'], '#x', true],
    [['foo\\ '], 'foo ', true],
    [['foo  '], 'foo', true],
    [['# comment', ''], 'comment', false],
    [['*.JS'], 'a.js', true],
  ] as [string[], string, boolean][])('%j on %s → %s', (patterns, path, expected) => {
    expect(new GitignoreMatcher().add(patterns).ignores(path)).toBe(expected);
  });

  it('agrees with the ignore package on random patterns and paths', () => {
    const segment = fc.constantFrom('a', 'b', 'ab', 'a.js', 'b.ts', '*', '*.js', 'a*', '?', '**', '[ab]', '[!a]');
    const pathSegment = fc.constantFrom('a', 'b', 'ab', 'a.js', 'b.ts', 'ba', 'x');
    const pattern = fc
      .tuple(fc.boolean(), fc.boolean(), fc.array(segment, { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([negate, lead, segs, dir]) => `${negate ? '!' : ''}${lead ? '/' : ''}${segs.join('/')}${dir ? '/' : ''}`)
      // The ignore package treats these differently from git (and from each other); skip them.
      .filter((p) => !/(^|\/)\*\*\/?$/.test(p.replace(/^!/, '')) && p.replace(/^!?\/?/, '') !== '');
    const path = fc.tuple(fc.array(pathSegment, { minLength: 1, maxLength: 5 }), fc.boolean()).map(([segs, dir]) => `${segs.join('/')}${dir ? '/' : ''}`);
    let compared = 0;
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 3 }), path, (patterns, p) => {
        // `ignore` also checks parent folders inside test(); IgnoreRules does that itself, so
        // compare on paths whose parents no rule ignores.
        const segs = p.replace(/\/$/, '').split('/');
        for (let i = 1; i < segs.length; i++) if (ignore().add(patterns).test(`${segs.slice(0, i).join('/')}/`).ignored) return;
        compared++;
        const [ours, theirs] = both(patterns, p);
        expect(ours, `${JSON.stringify(patterns)} on ${p}`).toBe(theirs);
      }),
      { seed: 7_000_005, numRuns: 3_000 },
    );
    expect(compared).toBeGreaterThan(500);
  });
});
