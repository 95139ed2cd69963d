/**
 * Benchmark: the default four-variant backtest (presets alvh-ladder, alvh-taper, unhedged, fixed-rr)
 * from 2007-01-03 to the last day with VIX futures, timed after the data load, as `alvh backtest`
 * runs it: signals once, one market view per day shared by the variants. The baseline, measured in
 * the same process, is the first variant alone (its own signals and market views): the ratio shows
 * what sharing the per-day work between four variants saves over four separate runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countNyseTradingDays } from '../src/calendar/nyse.js';
import { loadMarketHistory } from '../src/data/loadHistory.js';
import { loadPreset } from '../src/data/presets.js';
import { createModelMarket } from '../src/engine/modelMarketView.js';
import { runSuite } from '../src/engine/suite.js';
import type { MarketHistory } from '../src/history/types.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../src/market/config.js';
import { VixBetaConfigSchema } from '../src/market/vixBetas.js';
import { defaultSignalConfig } from '../src/signals/config.js';
import type { StrategyConfig } from '../src/strategy/config.js';
import { dayFromIso, isoFromDay, type DayNumber } from '../src/time/day.js';
import type { BenchmarkEntry, BenchmarkResult } from './harness.js';

export const DEFAULT_VARIANTS = ['alvh-ladder', 'alvh-taper', 'unhedged', 'fixed-rr'] as const;
export const BACKTEST_FROM_ISO = '2007-01-03';
/** The requirement: the default four-variant backtest in under a second after the data load. */
export const BACKTEST_BUDGET_SECONDS = 1;

function lastDayWithVixFutures(history: MarketHistory): DayNumber {
  for (let i = history.tradingDays.length - 1; i >= 0; i--) {
    const day = history.tradingDays[i] as number;
    if (history.vxFuturesOn(day).length > 0) return day;
  }
  throw new Error('the history has no VIX futures');
}

interface Timing {
  wallSeconds: number;
  cpuSeconds: number;
  days: number;
}

/** Everything after the data load: betas, signals, each day's market view and every variant's loop. */
function timeSuite(history: MarketHistory, configs: readonly StrategyConfig[], fromDay: DayNumber, toDay: DayNumber): Timing {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const marketOn = createModelMarket(history, DEFAULT_MARKET_MODEL_CONFIG, VixBetaConfigSchema.parse({}));
  const suite = runSuite({
    history,
    configs,
    fromDay,
    toDay,
    signalConfig: defaultSignalConfig(),
    signalDeps: { countTradingDays: countNyseTradingDays },
    marketOn,
  });
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  return { wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, days: suite.days.length };
}

const seconds = (t: Timing) => `${t.cpuSeconds.toFixed(2)} s CPU (${t.wallSeconds.toFixed(2)} s wall clock)`;

export async function benchDefaultBacktest(): Promise<BenchmarkResult> {
  const userDir = await mkdtemp(join(tmpdir(), 'alvh-bench-'));
  try {
    const { history } = await loadMarketHistory({ userDir });
    const configs = DEFAULT_VARIANTS.map((name) => loadPreset(name));
    const fromDay = dayFromIso(BACKTEST_FROM_ISO);
    const toDay = lastDayWithVixFutures(history);
    const four = timeSuite(history, configs, fromDay, toDay);
    const one = timeSuite(history, configs.slice(0, 1), fromDay, toDay);
    const verdict = four.cpuSeconds < BACKTEST_BUDGET_SECONDS ? 'within' : 'over';
    return {
      throughputs: [],
      notes: [
        `default four-variant backtest ${BACKTEST_FROM_ISO}..${isoFromDay(toDay)} (${four.days} trading days) after data load: ${seconds(four)}; ${verdict} the ${BACKTEST_BUDGET_SECONDS} s budget`,
        `baseline, ${DEFAULT_VARIANTS[0]} alone: ${seconds(one)}; four variants cost ${(four.cpuSeconds / one.cpuSeconds).toFixed(2)}x one (four separate runs would cost about 4x)`,
        `trading days per CPU second, four variants: ${(four.days / four.cpuSeconds).toFixed(0)}`,
      ],
    };
  } finally {
    await rm(userDir, { recursive: true, force: true });
  }
}

export const backtestBenchmarks: readonly BenchmarkEntry[] = [{ name: 'default backtest (2007 to the last VIX futures day)', run: benchDefaultBacktest }];
