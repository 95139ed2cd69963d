/** Runs every benchmark in the list and prints its throughputs; `npm run bench`. */
import { backtestBenchmarks } from './backtest.bench.js';
import { chainBenchmarks } from './chains.bench.js';
import { dataLoadBenchmarks } from './dataLoad.bench.js';
import { pricingBenchmarks } from './pricing.bench.js';
import { surfaceBenchmarks } from './surface.bench.js';
import { sweepBenchmarks } from './sweep.bench.js';
import type { BenchmarkEntry } from './harness.js';

const benchmarks: readonly BenchmarkEntry[] = [...pricingBenchmarks, ...dataLoadBenchmarks, ...surfaceBenchmarks, ...backtestBenchmarks, ...sweepBenchmarks, ...chainBenchmarks];

for (const benchmark of benchmarks) {
  console.log(`# ${benchmark.name}`);
  const result = await benchmark.run();
  for (const { label, itemsPerCpuSecond, itemsPerWallSecond } of result.throughputs) {
    const perCpu = (itemsPerCpuSecond / 1e6).toFixed(2);
    const perWall = (itemsPerWallSecond / 1e6).toFixed(2);
    console.log(`${label}: ${perCpu} M/s per CPU second on one core (${perWall} M/s wall clock)`);
  }
  for (const note of result.notes) console.log(note);
}
