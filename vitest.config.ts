import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // A fresh alvh home for the run (test/setup/alvhHome.ts): never the developer's own.
    globalSetup: ['test/setup/alvhHome.ts'],
    // The JSON file lets .ci/run print the closing 'N passed, N failed' line.
    reporters: ['default', ['json', { outputFile: 'test-output/vitest-results.json' }]],
  },
});
