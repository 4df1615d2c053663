// Issue "Hostile input": a file that takes too long is abandoned with a note, not the whole
// run. The budget object on a fake clock; the poll points (index, resolver, extraction);
// and runScan with files whose parse is made "slow" on a fake clock, so that the results are
// deterministic however fast the machine is.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as t from '@babel/types';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runScan } from '../../src/engine/run.js';
import type { RunResult, ScanOptions } from '../../src/engine/types.js';
import { DEFAULT_FILE_TIME_BUDGET_MS, FileBudget, FileBudgetExceeded, TICKS_PER_CHECK } from '../../src/facts/budget.js';
import { extractFacts } from '../../src/lang/javascript/extract-facts.js';
import { indexFile, type FileIndex } from '../../src/lang/javascript/file-index.js';
import { createProject } from '../../src/lang/javascript/project.js';
import { ValueResolver } from '../../src/lang/javascript/resolve-value.js';
import { parseJs } from '../../src/lang/javascript/parse-js.js';

// The parser, wrapped: a parse of a text holding a marker advances the fake clock, as if
// that parse had taken so long. Transparent while no marker is armed.
const slow = vi.hoisted(() => ({
  clock: 0,
  /** marker → milliseconds its parses take, one entry per parse still to be slow. */
  markers: new Map<string, number[]>(),
  /** Texts (by marker) parsed so far. */
  parsed: [] as string[],
}));

vi.mock('../../src/lang/javascript/parse-js.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/lang/javascript/parse-js.js')>();
  return {
    ...real,
    parseJs: (text: string, dialect: import('../../src/lang/javascript/parse-js.js').JsDialect) => {
      const parsed = real.parseJs(text, dialect);
      for (const [marker, durations] of slow.markers) {
        if (!text.includes(marker)) continue;
        slow.parsed.push(marker);
        const ms = durations.shift();
        if (ms !== undefined) slow.clock += ms;
      }
      return parsed;
    },
  };
});

/** A clock the test moves by hand, counting its reads. */
function fakeClock(start = 0) {
  const clock = { now: start, reads: 0, read: () => (clock.reads++, clock.now) };
  return clock;
}

describe('FileBudget', () => {
  it('is spent once the elapsed time reaches the limit, at a clock read', () => {
    const clock = fakeClock(1_000);
    const budget = new FileBudget(100, clock.read);
    budget.check();
    clock.now += 99;
    budget.check();
    clock.now += 1;
    let error: unknown;
    try {
      budget.check();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FileBudgetExceeded);
    expect(error).toMatchObject({ elapsedMs: 100, limitMs: 100, name: 'FileBudgetExceeded' });
    expect((error as Error).message).toBe('analysis took 100 ms, over the 100 ms per-file budget');
  });

  it('reads the clock only once every TICKS_PER_CHECK ticks', () => {
    const clock = fakeClock();
    const budget = new FileBudget(10, clock.read);
    expect(clock.reads).toBe(1); // the start
    clock.now = 50; // spent, but no tick has read the clock yet
    for (let i = 1; i < TICKS_PER_CHECK; i++) budget.tick();
    expect(clock.reads).toBe(1);
    expect(() => budget.tick()).toThrow(FileBudgetExceeded);
    expect(clock.reads).toBe(2);
  });

  it('polls again every TICKS_PER_CHECK ticks while within the budget', () => {
    const clock = fakeClock();
    const budget = new FileBudget(1_000, clock.read);
    for (let i = 0; i < 10 * TICKS_PER_CHECK; i++) budget.tick();
    expect(clock.reads).toBe(1 + 10);
  });

  it('a budget of 0 ms is spent at the first check, even on a clock that has not moved', () => {
    const clock = fakeClock(5);
    const budget = new FileBudget(0, clock.read);
    expect(() => budget.check()).toThrow('analysis took 0 ms, over the 0 ms per-file budget');
  });

  it('stays spent: later polls throw again without reading the clock', () => {
    const clock = fakeClock();
    const budget = new FileBudget(10, clock.read);
    clock.now = 20;
    expect(() => budget.check()).toThrow(FileBudgetExceeded);
    const reads = clock.reads;
    clock.now = 0; // a clock going back changes nothing
    expect(() => budget.tick()).toThrow(FileBudgetExceeded);
    expect(() => budget.check()).toThrow(FileBudgetExceeded);
    expect(clock.reads).toBe(reads);
  });

  it('Infinity never runs out', () => {
    const clock = fakeClock();
    const budget = new FileBudget(Infinity, clock.read);
    clock.now = Number.MAX_SAFE_INTEGER;
    budget.check();
    for (let i = 0; i < 3 * TICKS_PER_CHECK; i++) budget.tick();
  });

  it('refuses a negative or NaN limit', () => {
    expect(() => new FileBudget(-1)).toThrow(RangeError);
    expect(() => new FileBudget(Number.NaN)).toThrow(RangeError);
  });

  it('uses the real clock by default', () => {
    // performance.now, read when the budget is made and at each check (not timed here: the
    // clock is made to answer 1,000 then 1,500 ms).
    const now = vi.spyOn(performance, 'now').mockReturnValueOnce(1_000).mockReturnValue(1_500);
    try {
      const budget = new FileBudget(DEFAULT_FILE_TIME_BUDGET_MS);
      budget.check();
      expect(budget.elapsedMs()).toBe(500);
      expect(now).toHaveBeenCalledTimes(3);
    } finally {
      now.mockRestore();
    }
  });
});

describe('poll points', () => {
  const manyStatements = Array.from({ length: 2_000 }, (_, i) => `const v${i} = f(${i}, 'x');`).join('\n');

  it('indexFile checks right after the parse, then polls while it walks the tree', () => {
    const ast = parseJs(manyStatements, 'ts').ast;
    const clock = fakeClock();
    // Spent before the walk: the parse counted.
    const spent = new FileBudget(10, clock.read);
    clock.now = 10;
    expect(() => indexFile('a.ts', manyStatements, ast, spent)).toThrow(FileBudgetExceeded);
    // Spent during the walk: noticed within TICKS_PER_CHECK nodes.
    let reads = 0;
    // The start and the check on entry are in time; the first poll in the walk is not.
    const during = new FileBudget(10, () => (++reads <= 2 ? 0 : 10));
    expect(() => indexFile('a.ts', manyStatements, ast, during)).toThrow(FileBudgetExceeded);
    expect(reads).toBe(3);
    // No budget, or one not spent: the whole index.
    const index = indexFile('a.ts', manyStatements, ast, new FileBudget(10, () => 0));
    expect(index.calls).toHaveLength(2_000);
  });

  it('extractFacts polls per call site and leaves the resolver as it found it', () => {
    const text = `import jwt from 'jsonwebtoken';\n${Array.from({ length: 3 * TICKS_PER_CHECK }, (_, i) => `jwt.sign({ i: ${i} }, 'secret-${i}');`).join('\n')}`;
    const project = createProject(new Map([['a.ts', text]]), (p, s) => indexFile(p, s, parseJs(s, 'ts').ast));
    const index = project.index('a.ts')!;
    const resolver = new ValueResolver(project);
    let reads = 0;
    // The start and the check on entry are in time; the first poll after them is not.
    const budget = new FileBudget(10, () => (++reads <= 2 ? 0 : 10));
    expect(() => extractFacts(index, project, resolver, budget)).toThrow(FileBudgetExceeded);
    expect(reads).toBe(3);
    expect(resolver.budget).toBeUndefined();
    // The same resolver and project still give the full facts.
    const facts = extractFacts(index, project, resolver);
    expect(facts.callSites).toHaveLength(3 * TICKS_PER_CHECK);
  });

  it('a resolution abandoned half way leaves no trace in the resolver', () => {
    const chain = ['const a0 = "hardcoded-secret-value-123";', ...Array.from({ length: 20 }, (_, i) => `const a${i + 1} = a${i};`)].join('\n');
    const project = createProject(new Map([['a.ts', chain]]), (p, s) => indexFile(p, s, parseJs(s, 'ts').ast));
    const index = project.index('a.ts')!;
    const last = index.programScope.bindings.get('a20')!;
    const id = (last as { id: t.Identifier }).id;
    const resolver = new ValueResolver(project);
    let ticks = 0;
    // A stand-in budget that runs out at the 10th resolution step.
    resolver.budget = {
      tick() {
        if (++ticks === 10) throw new FileBudgetExceeded(10, 0);
      },
    } as unknown as FileBudget;
    expect(() => resolver.resolve(id, index)).toThrow(FileBudgetExceeded);
    resolver.budget = undefined;
    // Depth and cycle guards unwound: the same chain resolves to its literal.
    expect(resolver.resolve(id, index)).toMatchObject({ kind: 'string', value: 'hardcoded-secret-value-123' });
  });

  it('a lazy parse over budget leaves no entry in the project: the next use parses again', () => {
    const sources = new Map([['config.ts', 'export const SECRET = "hardcoded-secret-value-123";']]);
    let budget: FileBudget | undefined;
    let parses = 0;
    const project = createProject(sources, (p, s) => {
      parses++;
      return indexFile(p, s, parseJs(s, 'ts').ast, budget);
    });
    budget = new FileBudget(0);
    expect(() => project.index('config.ts')).toThrow(FileBudgetExceeded);
    expect(project.indexed()).toEqual([]);
    budget = undefined;
    expect(project.index('config.ts')?.exports.has('SECRET')).toBe(true);
    expect(project.index('config.ts')).toBe(project.indexed()[0]);
    expect(parses).toBe(2);
  });
});

describe('runScan with a per-file budget', () => {
  const roots: string[] = [];
  let performanceNow: ReturnType<typeof vi.spyOn> | undefined;

  function tree(files: Record<string, string>): string {
    const root = mkdtempSync(path.join(tmpdir(), 'jwtlint-budget-'));
    roots.push(root);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    return root;
  }

  function scan(root: string, extra: Partial<ScanOptions> = {}): Promise<RunResult> {
    return runScan({ cwd: root, paths: [root], maxExpirySeconds: 86_400, ignore: [], disabledRules: [], ...extra });
  }

  /** Time stands still except in the slow parses. */
  function freezeClock() {
    slow.clock = 0;
    performanceNow = vi.spyOn(performance, 'now').mockImplementation(() => slow.clock);
  }

  beforeEach(() => {
    slow.markers.clear();
    slow.parsed.length = 0;
  });
  afterEach(() => {
    performanceNow?.mockRestore();
    performanceNow = undefined;
  });
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  const SIGN = (secret: string) => `import jwt from 'jsonwebtoken';\nexport const token = (p: object) => jwt.sign(p, '${secret}');\n`;
  const files = {
    'src/a-slow.ts': `// SLOW-MARKER\n${SIGN('hardcoded-secret-value-123')}`,
    'src/b-fine.ts': SIGN('another-hardcoded-secret-456'),
  };
  const findingFiles = (result: RunResult) => [...new Set(result.findings.map((f) => f.location.file))].sort();

  it('reports both files within the default budget', async () => {
    freezeClock(); // however busy the machine, no time passes
    const result = await scan(tree(files));
    expect(result.internalError).toBe(false);
    expect(result.notifications.filter((n) => n.kind === 'timeout')).toEqual([]);
    expect(findingFiles(result)).toEqual(['src/a-slow.ts', 'src/b-fine.ts']);
  });

  it('a budget of 0 ms abandons every JS/TS file right after its parse, and the scan completes', async () => {
    const result = await scan(tree(files), { fileTimeBudgetMs: 0 });
    expect(result.internalError).toBe(false);
    expect(result.findings).toEqual([]);
    const timeouts = result.notifications.filter((n) => n.kind === 'timeout');
    expect(timeouts.map((n) => [n.file, n.level])).toEqual([
      ['src/a-slow.ts', 'warning'],
      ['src/b-fine.ts', 'warning'],
    ]);
    for (const n of timeouts) {
      expect(n.message).toMatch(new RegExp(`^${n.file}: analysis abandoned after \\d+ ms \\(over the 0 ms per-file budget\\); its findings are not reported$`));
    }
  });

  it('abandons the file whose parse ran over the budget and goes on with the next', async () => {
    freezeClock();
    slow.markers.set('SLOW-MARKER', [20_000]);
    const result = await scan(tree(files));
    expect(result.internalError).toBe(false);
    expect(result.notifications.filter((n) => n.kind === 'timeout')).toEqual([
      {
        kind: 'timeout',
        level: 'warning',
        file: 'src/a-slow.ts',
        message: 'src/a-slow.ts: analysis abandoned after 20000 ms (over the 10000 ms per-file budget); its findings are not reported',
      },
    ]);
    expect(result.notifications.filter((n) => n.kind === 'internal-error' || n.kind === 'unparsable')).toEqual([]);
    expect(findingFiles(result)).toEqual(['src/b-fine.ts']);
  });

  it('honours fileTimeBudgetMs', async () => {
    freezeClock();
    slow.markers.set('SLOW-MARKER', [20_000]);
    const result = await scan(tree(files), { fileTimeBudgetMs: 30_000 });
    expect(result.notifications.filter((n) => n.kind === 'timeout')).toEqual([]);
    expect(findingFiles(result)).toEqual(['src/a-slow.ts', 'src/b-fine.ts']);
  });

  it('charges a lazy parse of another file to the file that needs it, and parses it again for the next', async () => {
    freezeClock();
    // The first parse of the config module is slow, the second is not.
    slow.markers.set('CONFIG-MARKER', [20_000]);
    const useConfig = `import jwt from 'jsonwebtoken';\nimport { SECRET } from './settings';\nexport const token = (p: object) => jwt.sign(p, SECRET);\n`;
    const root = tree({
      'src/a.ts': useConfig,
      'src/c.ts': useConfig,
      // Not a candidate (nothing JWT in it): parsed only when a candidate follows the import.
      'src/settings.ts': `// CONFIG-MARKER\nexport const SECRET = 'hardcoded-secret-value-123';\n`,
    });
    const result = await scan(root);
    expect(result.internalError).toBe(false);
    expect(result.notifications.filter((n) => n.kind === 'timeout').map((n) => n.file)).toEqual(['src/a.ts']);
    expect(result.notifications.filter((n) => n.file === 'src/settings.ts')).toEqual([]);
    // Abandoned once (not cached), parsed again for c.ts, then cached.
    expect(slow.parsed).toEqual(['CONFIG-MARKER', 'CONFIG-MARKER']);
    const secret = result.findings.filter((f) => f.ruleId === 'hardcoded-secret');
    expect(secret.map((f) => f.location.file)).toEqual(['src/settings.ts']);
    expect(secret[0]!.relatedLocations.map((r) => r.location.file)).toContain('src/c.ts');
    expect(secret[0]!.relatedLocations.map((r) => r.location.file)).not.toContain('src/a.ts');
  });
});
