import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // A focused or skipped test must never land: Biome rejects `.only`/`.skip`, and
    // this makes a stray `.only` fail the run in CI as well.
    allowOnly: false,
    testTimeout: 20_000,
    // The SDK warns once per process that Node 20 support ends in 2027; the tests run on Node 20 on purpose.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
