import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests spawn the built binary; a cold Node start on a loaded CI machine is slow.
    testTimeout: 30_000,
  },
});
