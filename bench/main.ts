/**
 * Runs the benchmarks and prints their throughputs; `npm run bench` runs every section, and
 * `npm run bench -- pricing surface` only the named ones (so that one figure can be measured, or
 * profiled, without the minutes the whole list takes).
 */
import { backtestBenchmarks } from './backtest.bench.js';
import { chainBenchmarks } from './chains.bench.js';
import { cliStartBenchmarks } from './cliStart.bench.js';
import { dataLoadBenchmarks } from './dataLoad.bench.js';
import { pricingBenchmarks } from './pricing.bench.js';
import { surfaceBenchmarks } from './surface.bench.js';
import { sweepBenchmarks } from './sweep.bench.js';
import { validateAcrossModelsBenchmarks } from './validateAcrossModels.bench.js';
import type { BenchmarkEntry } from './harness.js';

/** Sections in the order they run, by the name that selects them on the command line. */
const sections: ReadonlyArray<readonly [string, readonly BenchmarkEntry[]]> = [
  ['pricing', pricingBenchmarks],
  ['data-load', dataLoadBenchmarks],
  ['surface', surfaceBenchmarks],
  ['backtest', backtestBenchmarks],
  ['sweep', sweepBenchmarks],
  ['chains', chainBenchmarks],
  ['cli-start', cliStartBenchmarks],
  ['validate-across-models', validateAcrossModelsBenchmarks],
];

const requested = process.argv.slice(2);
const known = new Set(sections.map(([name]) => name));
const unknown = requested.filter((name) => !known.has(name));
if (unknown.length > 0) {
  console.error(`unknown bench section ${unknown.map((name) => `'${name}'`).join(', ')}; the sections are ${[...known].join(', ')}`);
  process.exit(2);
}
const benchmarks = sections.filter(([name]) => requested.length === 0 || requested.includes(name)).flatMap(([, entries]) => entries);

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
