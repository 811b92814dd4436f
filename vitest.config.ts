import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // A focused or skipped test must never land: Biome rejects `.only`/`.skip`, and
    // this makes a stray `.only` fail the run in CI as well.
    allowOnly: false,
    testTimeout: 20_000,
  },
});
