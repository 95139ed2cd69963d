/** Runs every benchmark in the list and prints its throughputs; `npm run bench`. */
import { pricingBenchmarks } from './pricing.bench.js';
import type { BenchmarkEntry } from './harness.js';

const benchmarks: readonly BenchmarkEntry[] = [...pricingBenchmarks];

for (const benchmark of benchmarks) {
  console.log(`# ${benchmark.name}`);
  const result = benchmark.run();
  for (const { label, itemsPerSecond } of result.throughputs) {
    console.log(`${label}: ${(itemsPerSecond / 1e6).toFixed(2)} M/s`);
  }
  for (const note of result.notes) console.log(note);
}
