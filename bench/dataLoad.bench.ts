/**
 * Benchmark: loading the whole bundled history (1990 to the snapshot's end) into a MarketHistory.
 * The budget is one second on a cold process; the returned figure is wall-clock milliseconds of one
 * load with an empty user overlay.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMarketHistory } from '../src/data/loadHistory.js';
import type { BenchmarkEntry } from './harness.js';

export const DATA_LOAD_BUDGET_MS = 1000;

export async function benchDataLoad(): Promise<number> {
  const userDir = await mkdtemp(join(tmpdir(), 'alvh-bench-'));
  try {
    const started = performance.now();
    await loadMarketHistory({ userDir });
    return performance.now() - started;
  } finally {
    await rm(userDir, { recursive: true, force: true });
  }
}

export const dataLoadBenchmarks: readonly BenchmarkEntry[] = [
  {
    name: 'data load',
    run: async () => {
      const ms = await benchDataLoad();
      const verdict = ms < DATA_LOAD_BUDGET_MS ? 'within' : 'over';
      return { throughputs: [], notes: [`whole bundled history loaded in ${ms.toFixed(0)} ms wall clock; ${verdict} the ${DATA_LOAD_BUDGET_MS} ms budget`] };
    },
  },
];
