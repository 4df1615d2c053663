import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests spawn the built binary; a cold Node start on a loaded CI machine is slow.
    testTimeout: 30_000,
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine,
    // where much of a test file's time is Node starting (its own, and the CLI's it spawns).
    // Two workers there took the suite from 95 s to 71 s idle, and from 95 s to 82 s with
    // another process keeping a core busy. No test asserts on the clock (work is counted),
    // so sharing the machine changes how long the suite takes, not what it finds.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
