import { defineConfig } from 'vitest/config';

/**
 * Suites over 3 s on two cores (the packaged template and role run osls; the reliability and
 * shell properties run thousands of events or bash itself): their own project, so that the unit
 * project stays under a minute. `npm test` runs both.
 */
const SLOW = [
  'test/reliability.test.ts',
  'test/core/commands.property.test.ts',
  'test/core/shell.property.test.ts',
  'test/deploy/template.test.ts',
  'test/deploy/role.test.ts',
  'test/deploy/cold-start.test.ts',
];

const shared = {
  setupFiles: ['test/setup.ts'],
  // A focused or skipped test must never land: Biome rejects `.only`/`.skip`, and this
  // makes a stray `.only` fail the run in CI as well.
  allowOnly: false,
  testTimeout: 20_000,
  // The SDK warns once per process that Node 20 support ends in 2027; the tests run on Node 20 on purpose.
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/integration/**', 'test/blackbox/**', ...SLOW],
        },
      },
      { test: { ...shared, name: 'slow', include: SLOW } },
      // The integration tests share one moto server and reset it: one file at a time.
      {
        test: {
          ...shared,
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          fileParallelism: false,
        },
      },
      // The real command as a child process (built once before the run, from the current sources).
      {
        test: {
          ...shared,
          name: 'blackbox',
          include: ['test/blackbox/**/*.test.ts'],
          exclude: ['test/blackbox/**/*.moto.test.ts'],
          globalSetup: ['test/blackbox/global-setup.ts'],
        },
      },
      // Those on moto reset the same server as the integration tests: one file at a time, with them.
      {
        test: {
          ...shared,
          name: 'blackbox-moto',
          include: ['test/blackbox/**/*.moto.test.ts'],
          globalSetup: ['test/blackbox/global-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
