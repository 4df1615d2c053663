// A per-file analysis budget in wall-clock milliseconds. A Babel parse cannot be
// interrupted, but everything after it polls the budget: the index traversal, the value
// resolver and fact extraction. Over the limit, the poll throws FileBudgetExceeded and the
// engine abandons the file with a note instead of letting one hostile file hold up the run.

/** Per-file budget when the caller sets none: far above what any real source file needs. */
export const DEFAULT_FILE_TIME_BUDGET_MS = 10_000;

/** `tick()` calls between two clock reads: a tick costs a decrement, a read ~50 ns. */
export const TICKS_PER_CHECK = 1024;

/** Thrown by a poll once the budget is spent; never an internal error. */
export class FileBudgetExceeded extends Error {
  constructor(
    /** Milliseconds spent on the file when the poll noticed. */
    readonly elapsedMs: number,
    readonly limitMs: number,
  ) {
    super(`analysis took ${Math.round(elapsedMs)} ms, over the ${limitMs} ms per-file budget`);
    this.name = 'FileBudgetExceeded';
  }
}

const performanceNow = (): number => performance.now();

/**
 * The clock starts when the budget is made (before the file's parse, so the parse counts).
 * Semantics: the budget is spent once `elapsed >= limitMs` at a clock read; `check()` always
 * reads the clock, `tick()` every TICKS_PER_CHECK calls. So a budget of 0 ms is spent at the
 * first `check()` (right after the parse: deterministic), and `Infinity` never is. Once
 * spent it stays spent: every later poll throws again without reading the clock.
 */
export class FileBudget {
  private readonly start: number;
  private countdown = TICKS_PER_CHECK;
  private exceeded: FileBudgetExceeded | null = null;

  constructor(
    readonly limitMs: number,
    private readonly now: () => number = performanceNow,
    /** Time already spent on the file elsewhere (its parse, done while other files were read). */
    alreadySpentMs = 0,
  ) {
    if (Number.isNaN(limitMs) || limitMs < 0) throw new RangeError(`a file time budget must be a number of milliseconds >= 0, not ${limitMs}`);
    this.start = now() - alreadySpentMs;
  }

  /** The cheap poll for hot loops (one per node, step or candidate). */
  tick(): void {
    if (--this.countdown > 0) return;
    this.countdown = TICKS_PER_CHECK;
    this.check();
  }

  /** Reads the clock and throws FileBudgetExceeded when the budget is spent. */
  check(): void {
    if (this.exceeded) throw this.exceeded;
    const elapsed = this.now() - this.start;
    if (elapsed >= this.limitMs) {
      this.exceeded = new FileBudgetExceeded(elapsed, this.limitMs);
      this.countdown = 0; // the next tick checks (and throws) again
      throw this.exceeded;
    }
  }

  /** Milliseconds since the budget was made. */
  elapsedMs(): number {
    return this.now() - this.start;
  }
}
