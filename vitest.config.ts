import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files run at once. Vitest's default is one fewer than the cores, which on a 2-core machine is a
 * single file at a time; but much of the suite waits on processes it started (the CLI, Chromium,
 * redis-server, worker threads), so a second file overlaps that wait. Measured on a 2-core machine:
 * the whole suite in 539 s with two files at a time against 796 s with one, every test passing.
 */
const TEST_FILES_AT_ONCE = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: TEST_FILES_AT_ONCE,
    // One scratch folder for the run, holding its alvh home and every temporary file (test/setup/alvhHome.ts).
    globalSetup: ['test/setup/alvhHome.ts'],
    // One seed for the property tests of every file (test/setup/propertySeed.ts).
    setupFiles: ['test/setup/propertySeed.ts'],
    // The JSON file lets .ci/run print the closing 'N passed, N failed' line.
    reporters: ['default', ['json', { outputFile: 'test-output/vitest-results.json' }]],
  },
});
