/**
 * Benchmark: sweeps. (1) The marginal cost of one more variant over the full history (2007 to the last
 * VIX futures day), once the period's shared state (signals, market views) is built, beside a
 * standalone run of the same variant (today's path: everything rebuilt per run). (2) A 200-variant
 * sweep on 2 worker threads over one year, its throughput, and the extrapolation to 10,000
 * full-history variants on 2 cores from the measured marginal cost. (3) The marginal cost of a variant
 * when several are stepped through the days together (the suite's order), and the same extrapolation.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countNyseTradingDays } from '../src/calendar/nyse.js';
import { loadMarketHistory } from '../src/data/loadHistory.js';
import { loadPreset } from '../src/data/presets.js';
import { prepareVariantRunner } from '../src/sweep/runVariant.js';
import { runOnThreads } from '../src/sweep/threadPool.js';
import { gridValues } from '../src/sweep/variants.js';
import { parseStrategyConfig, type StrategyConfig } from '../src/strategy/config.js';
import { calibrateTapeDays, createMarketTape, defaultTapeSettings, type MarketTape } from '../src/tape/marketTape.js';
import { runBacktests } from '../src/engine/backtest.js';
import type { EngineSignals } from '../src/engine/marketView.js';
import { engineSignalsFrom } from '../src/engine/signalView.js';
import type { MarketHistory } from '../src/history/types.js';
import type { VixRegimeName } from '../src/strategy/config.js';
import { openMarketTape } from '../src/tape/tapeCache.js';
import { dayFromIso, type DayNumber } from '../src/time/day.js';
import type { BenchmarkEntry, BenchmarkResult } from './harness.js';

export const SWEEP_FULL_PERIOD = { from: '2007-01-01', to: '2100-01-01' } as const;
export const SWEEP_SHORT_PERIOD = { from: '2019-01-01', to: '2019-12-31' } as const;
export const SWEEP_BENCH_VARIANTS = 200;
export const SWEEP_BENCH_THREADS = 2;
/** The requirement: 10,000 full-history variants in under 10 minutes on 2 cores. */
export const SWEEP_TARGET_VARIANTS = 10_000;
export const SWEEP_TARGET_SECONDS = 600;

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Variants stepped together in the batched measurement. */
export const SWEEP_BATCH_VARIANTS = 8;

/** The engine's signals of each day through `toDay`, from the tape's table (as the suite derives them). */
function engineSignalsOn(history: MarketHistory, tape: MarketTape, toDay: DayNumber): (day: DayNumber) => EngineSignals {
  const byDay = new Map<DayNumber, EngineSignals>();
  let previous: VixRegimeName | undefined;
  for (const [i, daily] of tape.signalTable(toDay).entries()) {
    const view = engineSignalsFrom(daily, previous);
    previous = view.regime;
    byDay.set(history.tradingDays[i] as DayNumber, view);
  }
  return (day) => byDay.get(day) as EngineSignals;
}

/** `count` distinct variants of alvh-ladder: short delta x hedge-call delta x take-profit multiple. */
export function benchVariants(count: number): StrategyConfig[] {
  const base = loadPreset('alvh-ladder');
  const out: StrategyConfig[] = [];
  for (const shortDelta of gridValues(0.15, 0.2, 0.01)) {
    for (const callDelta of gridValues(0.1, 0.5, 0.05)) {
      for (const tp of gridValues(1.5, 6, 0.5)) {
        if (out.length === count) return out;
        out.push(parseStrategyConfig({ ...base, name: `v${out.length}`, ironCondor: { ...base.ironCondor, shortDelta }, hedge: { ...base.hedge, hedgeCallDelta: callDelta, takeProfitMultipleOfCost: tp } }, 'bench'));
      }
    }
  }
  return out;
}

export async function benchSweep(): Promise<BenchmarkResult> {
  const userDir = await mkdtemp(join(tmpdir(), 'alvh-bench-'));
  try {
    const { history } = await loadMarketHistory({ userDir });
    const deps = { countTradingDays: countNyseTradingDays };
    const [first, second, third] = benchVariants(3) as [StrategyConfig, StrategyConfig, StrategyConfig];

    let cpu = cpuNow();
    const runner = prepareVariantRunner(history, SWEEP_FULL_PERIOD, deps);
    const run = runner.run(first);
    const standaloneCpu = cpuNow() - cpu;
    const days = run.days.length;
    cpu = cpuNow();
    runner.run(second);
    runner.run(third);
    const marginalCpu = (cpuNow() - cpu) / 2;

    // The same variants stepped through the days together on the full-history tape (runBacktests, as the
    // backtest suite runs its variants): the cost of each variant beyond the first of a batch.
    const batchTape = createMarketTape(history, defaultTapeSettings(), deps);
    const batchDays = Array.from(history.tradingDays).filter((d) => d >= runner.fromDay && d <= runner.toDay);
    const batchSignals = engineSignalsOn(history, batchTape, runner.toDay);
    const batchOf = (n: number) => benchVariants(SWEEP_BATCH_VARIANTS).slice(0, n);
    const runBatch = (configs: readonly StrategyConfig[]) => runBacktests({ configs, days: batchDays, marketOn: batchTape.marketOn, signalsOn: batchSignals });
    runBatch(batchOf(1));
    cpu = cpuNow();
    runBatch(batchOf(1));
    const batchOneCpu = cpuNow() - cpu;
    cpu = cpuNow();
    runBatch(batchOf(SWEEP_BATCH_VARIANTS));
    const batchAllCpu = cpuNow() - cpu;
    const batchMarginalCpu = (batchAllCpu - batchOneCpu) / (SWEEP_BATCH_VARIANTS - 1);

    const configs = benchVariants(SWEEP_BENCH_VARIANTS);
    const wallStart = performance.now();
    let received = 0;
    // As `alvh sweep --workers 2` does: the period's tape calibrated and stored once, read by each thread.
    const tapeCacheDir = join(userDir, 'tape');
    const opened = openMarketTape({ history, settings: defaultTapeSettings(), signalDeps: deps, cacheDir: tapeCacheDir });
    calibrateTapeDays(opened.tape, history, dayFromIso(SWEEP_SHORT_PERIOD.from), dayFromIso(SWEEP_SHORT_PERIOD.to));
    opened.save();
    await runOnThreads(configs.map((config, i) => ({ key: String(i), config })), { threads: SWEEP_BENCH_THREADS, setup: { period: SWEEP_SHORT_PERIOD, userDir, tapeCacheDir }, dataVersion: history.dataVersion }, async () => {
      received++;
    });
    const sweepWall = (performance.now() - wallStart) / 1000;
    const extrapolated = (SWEEP_TARGET_VARIANTS * marginalCpu) / SWEEP_BENCH_THREADS;
    const batchExtrapolated = (SWEEP_TARGET_VARIANTS * batchMarginalCpu) / SWEEP_BENCH_THREADS;
    return {
      throughputs: [],
      notes: [
        `one variant over ${days} trading days (full history): standalone ${standaloneCpu.toFixed(2)} s CPU (shared state built for it); each further variant ${marginalCpu.toFixed(2)} s CPU, ${((marginalCpu / days) * 1e6).toFixed(0)} µs per trading day; ratio ${(standaloneCpu / marginalCpu).toFixed(2)}x`,
        `${received}-variant sweep ${SWEEP_SHORT_PERIOD.from}..${SWEEP_SHORT_PERIOD.to} on ${SWEEP_BENCH_THREADS} worker threads: ${sweepWall.toFixed(1)} s wall clock including the period's tape and each thread's data load (${(received / sweepWall).toFixed(2)} variants/s)`,
        `extrapolated: ${SWEEP_TARGET_VARIANTS} full-history variants on ${SWEEP_BENCH_THREADS} cores at the marginal cost: ${(extrapolated / 60).toFixed(0)} min; target ${SWEEP_TARGET_SECONDS / 60} min: ${extrapolated <= SWEEP_TARGET_SECONDS ? 'met' : 'missed'}`,
        `batched: ${SWEEP_BATCH_VARIANTS} of these variants stepped through the full history together on one tape: ${batchAllCpu.toFixed(2)} s CPU (one alone ${batchOneCpu.toFixed(2)} s); each beyond the first ${batchMarginalCpu.toFixed(2)} s CPU, ${((batchMarginalCpu / batchDays.length) * 1e6).toFixed(0)} µs per trading day; ${SWEEP_TARGET_VARIANTS} variants in such batches on ${SWEEP_BENCH_THREADS} cores: ${(batchExtrapolated / 60).toFixed(0)} min (${batchExtrapolated <= SWEEP_TARGET_SECONDS ? 'within' : 'over'} the target; the sweep runs one variant per call today)`,
      ],
    };
  } finally {
    await rm(userDir, { recursive: true, force: true });
  }
}

export const sweepBenchmarks: readonly BenchmarkEntry[] = [{ name: 'sweep: marginal variant cost and a 200-variant sweep on 2 threads', run: benchSweep }];
