/**
 * A tiny benchmark harness: each benchmark is a named entry that returns measured throughputs, and
 * `bench/main.ts` runs a list of them. New benchmarks (the backtest, the signal) add entries.
 */

export interface Throughput {
  /** What was measured, e.g. "batch priceChain". */
  label: string;
  itemsPerSecond: number;
}

export interface BenchmarkResult {
  /** Headline measurements, printed as "label: X M/s". */
  throughputs: Throughput[];
  /** Extra lines (ratios, checks) printed under the measurements. */
  notes: string[];
}

export interface BenchmarkEntry {
  name: string;
  run: () => BenchmarkResult;
}

/** Minimum wall time of one measurement; long enough to get past JIT warm-up noise. */
const MIN_MEASURE_SECONDS = 1;

/**
 * Items per second of `work`, which processes `itemsPerCall` items per call. Runs it once to warm up,
 * then repeats until MIN_MEASURE_SECONDS have passed and keeps the best of three such rounds (the
 * least disturbed by other processes on a shared machine).
 */
export function measureThroughput(itemsPerCall: number, work: () => void): number {
  work();
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) gc();
    let calls = 0;
    const start = performance.now();
    let elapsedSeconds = 0;
    do {
      work();
      calls++;
      elapsedSeconds = (performance.now() - start) / 1000;
    } while (elapsedSeconds < MIN_MEASURE_SECONDS);
    best = Math.max(best, (calls * itemsPerCall) / elapsedSeconds);
  }
  return best;
}

/** A deterministic uniform [0, 1) generator (xorshift32), so every run benchmarks the same inputs. */
export function uniformGenerator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}
