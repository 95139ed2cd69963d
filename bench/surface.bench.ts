/**
 * Benchmark: building and calibrating the SPX surface of every trading day from 2007-01-03 on, the
 * work one market view does per day. Prints the time per surface (daily SKEW calibration, the default,
 * and with it off), how many evaluations of the exact strips the calibration took per day, the
 * largest gap between a model index and its target, and where each day's skew level came from.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMarketHistory } from '../src/data/loadHistory.js';
import { marketDayFromHistory, type MarketDay } from '../src/market/marketDay.js';
import { DEFAULT_SPX_MODEL_CONFIG, type SpxModelConfig } from '../src/market/spx/config.js';
import { buildSpxSurface } from '../src/market/spx/surface.js';
import { dayFromIso } from '../src/time/day.js';
import type { BenchmarkEntry, BenchmarkResult } from './harness.js';
import { BACKTEST_FROM_ISO } from './backtest.bench.js';
import { VOL_POINTS_PER_DECIMAL } from '../src/lib/units.js';

function calibrateAll(marketDays: readonly MarketDay[], config: SpxModelConfig): string[] {
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  let stripEvaluations = 0;
  let worstGapVolPoints = 0;
  let failures = 0;
  const sources = new Map<string, number>();
  for (const marketDay of marketDays) {
    const surface = buildSpxSurface(marketDay, config);
    if (!surface.ok) {
      failures++;
      continue;
    }
    stripEvaluations += surface.value.calibrationIterations + 1;
    sources.set(surface.value.skew.source, (sources.get(surface.value.skew.source) ?? 0) + 1);
    for (const node of surface.value.nodes) {
      worstGapVolPoints = Math.max(worstGapVolPoints, VOL_POINTS_PER_DECIMAL * Math.abs(node.modelIndexDecimal - node.indexDecimal));
    }
  }
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const built = marketDays.length - failures;
  const label = `skewCalibration ${config.skewCalibration}`;
  return [
    `${label}: ${built} days from ${BACKTEST_FROM_ISO} (${failures} failed) in ${cpuSeconds.toFixed(2)} s CPU (${wallSeconds.toFixed(2)} s wall clock): ${((1000 * cpuSeconds) / built).toFixed(3)} ms a day, ${(built / cpuSeconds).toFixed(0)} surfaces per CPU second`,
    `${label}: exact strip evaluations per day: ${(stripEvaluations / built).toFixed(3)}; largest |model index - target|: ${worstGapVolPoints.toFixed(4)} vol points; skew level from ${[...sources.entries()].sort().map(([s, n]) => `${s} ${n}`).join(', ')}`,
  ];
}

export async function benchSurfaceCalibration(): Promise<BenchmarkResult> {
  const userDir = await mkdtemp(join(tmpdir(), 'alvh-bench-'));
  try {
    const { history } = await loadMarketHistory({ userDir });
    const fromDay = dayFromIso(BACKTEST_FROM_ISO);
    const marketDays: MarketDay[] = [];
    for (const day of history.tradingDays) {
      if (day < fromDay) continue;
      const marketDay = marketDayFromHistory(history, day);
      if (marketDay.ok) marketDays.push(marketDay.value);
    }
    // The first pass over the days also builds the tabulated strip predictions (once per process).
    const first = calibrateAll(marketDays, DEFAULT_SPX_MODEL_CONFIG);
    const daily = calibrateAll(marketDays, DEFAULT_SPX_MODEL_CONFIG);
    const off = calibrateAll(marketDays, { ...DEFAULT_SPX_MODEL_CONFIG, skewCalibration: 'off' });
    return {
      // Thousands a second, not millions: notes rather than the harness's M/s throughputs.
      throughputs: [],
      notes: [`first pass (tables built): ${first[0] ?? ''}`, ...daily, ...off],
    };
  } finally {
    await rm(userDir, { recursive: true, force: true });
  }
}

export const surfaceBenchmarks: readonly BenchmarkEntry[] = [{ name: 'SPX surface calibration (2007 on)', run: benchSurfaceCalibration }];
