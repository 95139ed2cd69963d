/**
 * A tiny benchmark harness: each benchmark is a named entry that returns measured throughputs, and
 * `bench/main.ts` runs a list of them. New benchmarks (the backtest, the signal) add entries.
 */

export interface Throughput {
  /** What was measured, e.g. "batch priceChain". */
  label: string;
  /** Items per second of this process's CPU time: what one core delivers, even on a busy machine. */
  itemsPerCpuSecond: number;
  /** Items per second of wall-clock time (lower when other processes share the core). */
  itemsPerWallSecond: number;
}

export interface BenchmarkResult {
  /** Headline measurements, printed as "label: X M/s". */
  throughputs: Throughput[];
  /** Extra lines (ratios, checks) printed under the measurements. */
  notes: string[];
}

export interface BenchmarkEntry {
  name: string;
  /** Asynchronous for benchmarks that load data first. */
  run: () => BenchmarkResult | Promise<BenchmarkResult>;
}

/** Minimum wall time of one measurement; long enough to get past JIT warm-up noise. */
const MIN_MEASURE_SECONDS = 1;

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/**
 * Throughput of `work`, which processes `itemsPerCall` items per call. Runs it once to warm up, then
 * repeats until MIN_MEASURE_SECONDS of CPU time have passed, and keeps the best of three such rounds
 * (the least disturbed by other processes on a shared machine). The benchmark is single-threaded, so
 * CPU time is time on one core.
 */
export function measureThroughput(label: string, itemsPerCall: number, work: () => void): Throughput {
  work();
  let bestCpu = 0;
  let bestWall = 0;
  for (let round = 0; round < 3; round++) {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) gc();
    let calls = 0;
    const wallStart = performance.now();
    const cpuStart = cpuSeconds();
    let cpuElapsed = 0;
    do {
      work();
      calls++;
      cpuElapsed = cpuSeconds() - cpuStart;
    } while (cpuElapsed < MIN_MEASURE_SECONDS);
    const wallElapsed = (performance.now() - wallStart) / 1000;
    bestCpu = Math.max(bestCpu, (calls * itemsPerCall) / cpuElapsed);
    bestWall = Math.max(bestWall, (calls * itemsPerCall) / wallElapsed);
  }
  return { label, itemsPerCpuSecond: bestCpu, itemsPerWallSecond: bestWall };
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
