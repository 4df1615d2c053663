// Work bounds that count instead of timing (issue 11): `npm test` must pass on a busy
// machine, so a scaling test counts the steps an algorithm takes, never the milliseconds.
// Each counter also stops the work once its bound is reached, so that a quadratic
// regression fails at the bound in moments instead of running for minutes.
import { vi } from 'vitest';
import { FileBudget, FileBudgetExceeded } from '../../src/facts/budget.js';

/**
 * Counts the polls (`tick()`) of every per-file budget made while `work` runs: runScan makes
 * its own budgets, so the count covers the index traversal, the value resolver and fact
 * extraction of every file analysed. The poll at `limit` spends the budget (the engine then
 * abandons the file with a `timeout` note). Call with `fileTimeBudgetMs: Infinity` so that
 * the real clock never decides anything.
 */
export async function countBudgetTicks<T>(limit: number, work: () => Promise<T>): Promise<{ result: T; ticks: number }> {
  let ticks = 0;
  const tick = vi.spyOn(FileBudget.prototype, 'tick').mockImplementation(() => {
    if (++ticks >= limit) throw new FileBudgetExceeded(0, 0);
  });
  try {
    return { result: await work(), ticks };
  } finally {
    tick.mockRestore();
  }
}

type Cost = (self: string, args: unknown[], result: unknown) => number;

const one: Cost = () => 1;
/** A call plus the characters it returns (a copy of the text costs its length). */
const produced: Cost = (_self, _args, result) => 1 + (typeof result === 'string' ? result.length : 0);
/** A call plus the blanks it skipped. */
const trimmed: Cost = (self, _args, result) => 1 + self.length - (typeof result === 'string' ? result.length : 0);
/** A call plus the whole receiver (split, replace and match look at all of it). */
const whole: Cost = (self) => 1 + self.length;
/** A call plus the characters between the start of the search and the end of the match found (or of the text). */
const searched: Cost = (self, [search, from], result) => {
  const start = Math.max(0, Math.min(self.length, Number(from) || 0));
  const at = result as number;
  return 1 + (at === -1 ? self.length - start : at + String(search).length - start);
};
const searchedBack: Cost = (self, [, from], result) => {
  const start = from === undefined ? self.length : Math.max(0, Math.min(self.length, Number(from) || 0));
  return 1 + start - (result === -1 ? 0 : (result as number));
};
const prefix: Cost = (_self, [search]) => 1 + String(search).length;

/** String methods that read their receiver (every scan of a text goes through some of them), with their cost. */
const STRING_METHODS: Record<string, Cost> = {
  at: one, charAt: one, charCodeAt: one, codePointAt: one,
  indexOf: searched, lastIndexOf: searchedBack, startsWith: prefix, endsWith: prefix,
  // A slice is a view of the text in V8 (no copy, whatever its length): its cost is the call.
  slice: one, substring: one, substr: one,
  trim: trimmed, trimEnd: trimmed, trimStart: trimmed,
  padEnd: produced, padStart: produced, toLowerCase: produced, toUpperCase: produced, normalize: produced,
  includes: whole, split: whole, replace: whole, replaceAll: whole, match: whole, matchAll: whole, search: whole,
};

/** A regex search: the characters from where it starts to the end of its match (or of the text). */
const regexCost = (regex: RegExp, self: string, result: RegExpExecArray | boolean | null, lastIndex: number): number => {
  const start = regex.global || regex.sticky ? lastIndex : 0;
  if (result === null || result === false) return 1 + (regex.sticky ? 0 : self.length - start);
  return 1 + (result === true ? self.length - start : result.index + result[0].length - start);
};

export class WorkLimitReached extends Error {
  constructor(limit: number) {
    super(`more than ${limit} units of string work: over the counted bound`);
    this.name = 'WorkLimitReached';
  }
}

/**
 * The string work done by the synchronous `work`: each call of a String.prototype method that
 * reads its receiver, and of RegExp exec/test, costs one unit plus the characters it reads
 * or copies (an indexOf the characters it searched, a split the whole text, a regex search
 * the text from its start to the match, toLowerCase its result; a slice is a view, one
 * unit). Deterministic on any machine.
 * Throws WorkLimitReached once the work passes `limit`. Only for synchronous code: the
 * methods are wrapped for the duration of the call, and nothing else runs meanwhile.
 * Not seen: indexing (`text[i]`), array and Map operations, and the backtracking inside one
 * regex search (the ReDoS review covers that): a bound on a function is only as good as the
 * reads it makes through these methods, and each test says which ones it relies on.
 */
export function countStringWork<T>(work: () => T, limit = Infinity): { result: T; work: number; calls: number; byMethod: Record<string, number> } {
  const byMethod: Record<string, number> = {};
  let units = 0;
  let calls = 0;
  const restore: (() => void)[] = [];
  const charge = (name: string, cost: number) => {
    calls++;
    byMethod[name] = (byMethod[name] ?? 0) + cost;
    units += cost;
    if (units > limit) throw new WorkLimitReached(limit);
  };
  const wrap = (target: object, name: string, wrapper: (original: (...args: unknown[]) => unknown) => (this: never, ...args: unknown[]) => unknown) => {
    const original = Reflect.get(target, name) as (...args: unknown[]) => unknown;
    Reflect.set(target, name, wrapper(original));
    restore.push(() => Reflect.set(target, name, original));
  };
  for (const [name, cost] of Object.entries(STRING_METHODS)) {
    wrap(String.prototype, name, (original) =>
      function (this: string, ...args: unknown[]) {
        const result = original.apply(this, args);
        charge(name, cost(String(this), args, result));
        return result;
      },
    );
  }
  for (const name of ['exec', 'test']) {
    wrap(RegExp.prototype, name, (original) =>
      function (this: RegExp, ...args: unknown[]) {
        const lastIndex = this.lastIndex;
        const result = original.apply(this, args) as RegExpExecArray | boolean | null;
        charge(name, regexCost(this, String(args[0]), result, lastIndex));
        return result;
      },
    );
  }
  try {
    return { result: work(), work: units, calls, byMethod };
  } finally {
    for (const undo of restore.reverse()) undo();
  }
}
