// Prints vitest's JSON results as the closing line 'N passed, N failed' (and skipped, when any).
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-output/vitest-results.json';
if (!existsSync(file)) {
  console.log('0 passed, 1 failed');
  console.error(`no test results at ${file}: the test run stopped before vitest (lint, typecheck or build failed)`);
  process.exit(1);
}
const results = JSON.parse(readFileSync(file, 'utf8'));
const passed = results.numPassedTests ?? 0;
const failed = results.numFailedTests ?? 0;
const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
const suiteFailures = results.testResults?.filter((r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0).length ?? 0;
const totalFailed = failed + suiteFailures;
console.log(`${passed} passed, ${totalFailed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(totalFailed === 0 && passed > 0 ? 0 : 1);
