import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

// Test files that replace modules (`vi.mock`), or watch modules being imported (the ReDoS
// review catches `new RegExp` at import), or count what a scan loads (the grammars of
// test/lang/front-ends.test.ts), run in a fresh module graph of their own; every
// other file shares its worker's: importing the engine once per worker instead of once per
// file took the suite from 138–141 s to 112–114 s on this (busy) machine, alternating runs. A shared file must restore what it changes.
const ISOLATED = ['test/cli/progress.test.ts', 'test/cli/run-cli.test.ts', 'test/hostile/file-budget.test.ts', 'test/hostile/regex-review.test.ts', 'test/lang/front-ends.test.ts'];

export default defineConfig({
  test: {
    // CLI tests spawn the built binary; a cold Node start on a loaded CI machine is slow.
    testTimeout: 30_000,
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine,
    // where much of a test file's time is Node starting (its own, and the CLI's it spawns).
    // Two workers there took the suite from 95 s to 71 s idle, and from 95 s to 82 s with
    // another process keeping a core busy. No test asserts on the clock (work is counted),
    // so sharing the machine changes how long the suite takes, not what it finds.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      { extends: true, test: { name: 'isolated', include: ISOLATED, isolate: true } },
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...ISOLATED], isolate: false } },
    ],
  },
});
