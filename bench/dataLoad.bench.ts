/**
 * Benchmark: loading the whole bundled history (1990 to the snapshot's end) into a MarketHistory, with
 * an empty user overlay: parsed from the CSV files (every load before the parse cache), parsed and
 * stored in an empty cache (the first run of a data or code version), and read back from the cache
 * (every later run). Wall-clock milliseconds and CPU of one load, the least of a few in this process,
 * after one unmeasured load that compiles the code. The budget is one second.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMarketHistory } from '../src/data/loadHistory.js';
import type { BenchmarkEntry } from './harness.js';

export const DATA_LOAD_BUDGET_MS = 1000;
/** Loads of each kind; the least disturbed counts (the machine is shared). */
const DATA_LOAD_ROUNDS = 3;

interface LoadTiming {
  readonly wallMs: number;
  readonly cpuMs: number;
}

async function timedLoad(userDir: string, bundledCacheDir: string | null): Promise<LoadTiming> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await loadMarketHistory({ userDir, bundledCacheDir });
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

async function leastOf(load: (round: number) => Promise<LoadTiming>): Promise<LoadTiming> {
  let best: LoadTiming | undefined;
  for (let round = 0; round < DATA_LOAD_ROUNDS; round++) {
    const t = await load(round);
    if (best === undefined || t.wallMs < best.wallMs) best = t;
  }
  return best as LoadTiming;
}

export async function benchDataLoad(): Promise<{ parsed: LoadTiming; stored: LoadTiming; cached: LoadTiming }> {
  const scratch = await mkdtemp(join(tmpdir(), 'alvh-bench-'));
  const userDir = join(scratch, 'home');
  try {
    await timedLoad(userDir, null);
    const parsed = await leastOf(() => timedLoad(userDir, null));
    const stored = await leastOf((round) => timedLoad(userDir, join(scratch, `cache-${round}`)));
    const cached = await leastOf(() => timedLoad(userDir, join(scratch, 'cache-0')));
    return { parsed, stored, cached };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

const timing = (t: LoadTiming) => `${t.wallMs.toFixed(0)} ms wall clock (${t.cpuMs.toFixed(0)} ms CPU)`;

export const dataLoadBenchmarks: readonly BenchmarkEntry[] = [
  {
    name: 'data load',
    run: async () => {
      const { parsed, stored, cached } = await benchDataLoad();
      const verdict = cached.wallMs < DATA_LOAD_BUDGET_MS ? 'within' : 'over';
      return {
        throughputs: [],
        notes: [
          `whole bundled history parsed from the CSV files (no cache): ${timing(parsed)}`,
          `parsed and stored in an empty parse cache (a data or code version's first run): ${timing(stored)}`,
          `read back from the parse cache (every later run): ${timing(cached)}; ${(parsed.wallMs / cached.wallMs).toFixed(2)}x faster than parsing; ${verdict} the ${DATA_LOAD_BUDGET_MS} ms budget`,
        ],
      };
    },
  },
];
