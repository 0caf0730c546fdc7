import { defineConfig } from 'vitest/config';

// Unit tests (*.test.ts) and integration tests (*.integration.test.ts) run in one runner.
// Integration tests clone the sample Vtiger database, which the global setup loads once per run.
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'scripts/**/*.test.ts', 'widget/**/*.test.ts', 'vtiger-module/**/*.test.ts'],
    globalSetup: ['server/testing/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ['default', './server/testing/summaryReporter.ts'],
  },
});
