/**
 * Benchmark: how long the CLI takes to start, nothing run: `alvh --help` (every command's module
 * loaded) and `alvh signal --help` (the one command's module, as every command now loads), beside a
 * bare Node start in the same process (the floor no change to alvh can go under). Every command pays
 * its start, the daily signal included. Whole processes, so wall clock: the median and the least of
 * the interleaved rounds (the machine is shared).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/data/loadHistory.js';
import type { BenchmarkEntry, BenchmarkResult } from './harness.js';

/** Rounds of each, interleaved. */
const CLI_START_ROUNDS = 9;

function wallSeconds(args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', env });
  const seconds = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited with ${run.status}: ${run.stderr}`);
  return seconds;
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
};

export async function benchCliStart(): Promise<BenchmarkResult> {
  const bin = join(packageRoot(), 'bin', 'alvh.js');
  const cli: number[] = [];
  const oneCommand: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < CLI_START_ROUNDS; round++) {
    cli.push(wallSeconds([bin, '--help']));
    oneCommand.push(wallSeconds([bin, 'signal', '--help']));
    bare.push(wallSeconds(['-e', '0']));
  }
  const text = (xs: readonly number[]) => `median ${median(xs).toFixed(3)} s, least ${Math.min(...xs).toFixed(3)} s`;
  return {
    throughputs: [],
    notes: [
      `alvh --help (the CLI's start: every command's module loaded): ${text(cli)} over ${CLI_START_ROUNDS} interleaved rounds`,
      `alvh signal --help (one command's module loaded, as a run of any command now loads): ${text(oneCommand)}`,
      `baseline, a bare node -e 0: ${text(bare)}; the CLI's own start ${(median(cli) - median(bare)).toFixed(3)} s with every command, ${(median(oneCommand) - median(bare)).toFixed(3)} s with the signal's alone (medians against the median)`,
    ],
  };
}

/**
 * The daily signal as a trader runs it every day: `alvh signal` on the bundled data in a fresh alvh home
 * and parse cache, first cold (the history parsed and cached, the signal table computed and the one
 * day calibrated, the tape stored), then warm (the parse cache and the tape read back), interleaved
 * with `alvh signal --help` (the same start, nothing run) so the signal's own work is the difference.
 */
export async function benchDailySignal(): Promise<BenchmarkResult> {
  const bin = join(packageRoot(), 'bin', 'alvh.js');
  const home = await mkdtemp(join(tmpdir(), 'alvh-bench-signal-'));
  try {
    const env = { ...process.env, ALVH_HOME: home, ALVH_CACHE_DIR: join(home, 'cache') };
    const signal = [bin, 'signal', '--book', join(home, 'book.sqlite')];
    const cold = wallSeconds(signal, env);
    const warm: number[] = [];
    const start: number[] = [];
    for (let round = 0; round < CLI_START_ROUNDS; round++) {
      warm.push(wallSeconds(signal, env));
      start.push(wallSeconds([bin, 'signal', '--help'], env));
    }
    const text = (xs: readonly number[]) => `median ${median(xs).toFixed(3)} s, least ${Math.min(...xs).toFixed(3)} s`;
    return {
      throughputs: [],
      notes: [
        `alvh signal, first run in a fresh home (history parsed and cached, signal table and the day computed, tape stored): ${cold.toFixed(2)} s wall clock`,
        `alvh signal, warm (parse cache and tape read back): ${text(warm)} over ${CLI_START_ROUNDS} interleaved rounds`,
        `baseline, alvh signal --help (the same start, nothing run): ${text(start)}; the signal's own work ${(median(warm) - median(start)).toFixed(3)} s (medians)`,
      ],
    };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

export const cliStartBenchmarks: readonly BenchmarkEntry[] = [
  { name: 'CLI start-up (alvh --help) beside a bare node start', run: benchCliStart },
  { name: 'daily signal (alvh signal on the bundled data) beside its start-up', run: benchDailySignal },
];
