/**
 * The daily signal restores the engine from the user's book each day (its snapshot, stored as JSON)
 * and steps it once; the backtest steps one engine through every day. They are one code path only if
 * the snapshot carries everything a later decision reads. test/e2e/bookOneCodePath.e2e.test.ts proves
 * it for the alvh-ladder preset over two windows; here it is checked on configurations a sweep can ask
 * for (a trader follows a sweep's variant with `alvh signal --config`): futures, call spreads and
 * calendars, layer 1's fund, pre-FOMC seeds, fixed-R:R management, next-open fills. Over a random
 * stretch of real history, an engine rebuilt every day from the JSON of the last day's snapshot makes
 * the same decisions, figure for figure, and ends each day in the same state as the one stepped
 * straight through.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testHistory } from '../../test/support/realSurfaces.js';
import { RANDOM_CONFIG_BASES, randomStrategyConfig, randomVariantArbitrary } from '../../test/support/randomStrategies.js';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { listPresets, loadPreset } from '../data/presets.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../market/config.js';
import { VixBetaConfigSchema } from '../market/vixBetas.js';
import { defaultSignalConfig } from '../signals/config.js';
import { computeSignalTable } from '../signals/engine.js';
import { parseStrategyConfig, StrategyConfigError, type StrategyConfig } from '../strategy/config.js';
import { withValueAt } from '../sweep/variants.js';
import { dayFromIso, isoFromDay, type DayNumber } from '../time/day.js';
import { snapshotForStrategy, StrategyEngine, type EngineStateSnapshot } from './backtest.js';
import { lastUsableDay } from './backtestJob.js';
import type { EngineSignals, MarketDayView } from './marketView.js';
import { createModelMarket } from './modelMarketView.js';
import { engineRegimeFrom, engineSignalsFrom } from './signalView.js';

/** Random stretches, each stepping VARIANTS_PER_RUN configurations both ways. */
const RUNS = 10;
const VARIANTS_PER_RUN = 3;
/** Random stretches on which one configuration's engine is restored under another. */
const SWITCH_RUNS = 40;
/** Trading days a stretch covers: three to six months (an engine is rebuilt from JSON on every one). */
const MIN_TRADING_DAYS = 60;
const MAX_TRADING_DAYS = 125;
/** The first day a stretch may start: VIX options (and so the hedge) are in the bundled data from 2006. */
const FIRST_START_ISO = '2007-01-03';

const history = testHistory();
const lastDay = lastUsableDay(history, [...RANDOM_CONFIG_BASES.values()]).day;
const model = createModelMarket(history, DEFAULT_MARKET_MODEL_CONFIG, VixBetaConfigSchema.parse({}));
const signalTable = computeSignalTable(history, history.tradingDays[0] as number, lastDay, defaultSignalConfig(), { countTradingDays: countNyseTradingDays });
const firstStart = history.tradingDays.findIndex((day) => day >= dayFromIso(FIRST_START_ISO));
const lastIndex = history.tradingDays.findIndex((day) => day >= lastDay);

/** The engine's signals for the trading days from `startIndex` to `endIndex`, the regime carried in from the history's first day (as a run does). */
function engineSignalsBetween(startIndex: number, endIndex: number): EngineSignals[] {
  let previous;
  const out: EngineSignals[] = [];
  for (let i = 0; i <= endIndex; i++) {
    const daily = signalTable[i] as (typeof signalTable)[number];
    if (i < startIndex) previous = engineRegimeFrom(daily, previous);
    else {
      const view = engineSignalsFrom(daily, previous);
      previous = view.regime;
      out.push(view);
    }
  }
  return out;
}

/** The trading days of a stretch of `tradingDays` from `startIndex` (cut at the last usable day), with each day's market and signals. */
function stretchFrom(startIndex: number, tradingDays: number): { days: DayNumber[]; markets: (MarketDayView | undefined)[]; signals: EngineSignals[] } {
  const endIndex = Math.min(startIndex + tradingDays, lastIndex);
  const days = Array.from(history.tradingDays.slice(startIndex, endIndex + 1)) as DayNumber[];
  return { days, markets: days.map((day) => model(day)), signals: engineSignalsBetween(startIndex, endIndex) };
}

/** What the two engines disagree on over the days, each named with its day (empty when they agree), and the hedge actions compared. */
function divergences(config: StrategyConfig, days: readonly DayNumber[], markets: readonly (MarketDayView | undefined)[], signals: readonly EngineSignals[]): { found: string[]; hedgeActions: number } {
  let hedgeActions = 0;
  const straight = new StrategyEngine(config);
  let restored = new StrategyEngine(config);
  const nextOpen = config.execution.fillTiming === 'next-open';
  for (const [i, day] of days.entries()) {
    const args = [day, markets[i], signals[i], days[i + 1], nextOpen ? markets[i + 1] : undefined] as const;
    const expected = straight.stepDay(...args);
    const got = restored.stepDay(...args);
    const where = `${config.name} ${isoFromDay(day)}`;
    if (JSON.stringify(got) !== JSON.stringify(expected)) return { found: [`${where}: the restored engine decided ${JSON.stringify(got)}, the straight one ${JSON.stringify(expected)}`], hedgeActions };
    hedgeActions += expected.filter((d) => d.rule.startsWith('hedge.')).length;
    const state = JSON.stringify(straight.snapshot());
    if (JSON.stringify(restored.snapshot()) !== state) return { found: [`${where}: the states differ after the day`], hedgeActions };
    // The book stores the snapshot as JSON text; the next day's engine starts from it.
    restored = new StrategyEngine(config, JSON.parse(state) as EngineStateSnapshot);
  }
  return { found: [], hedgeActions };
}

/** A stretch's first trading day (its index) and its length in trading days. */
const stretchArbitraries = [fc.integer({ min: firstStart, max: lastIndex - MIN_TRADING_DAYS }), fc.integer({ min: MIN_TRADING_DAYS, max: MAX_TRADING_DAYS })] as const;

/** next-open fills on top of a drawn configuration, as a further field a sweep may vary. */
const fillTimingArbitrary = fc.constantFrom('same-close', 'next-open');

/** The configuration with its fill timing, unless the config refuses it beside the others (intraday roll fills). */
function withFillTiming(config: StrategyConfig, fillTiming: string): StrategyConfig {
  try {
    return parseStrategyConfig(withValueAt(config, 'execution.fillTiming', fillTiming), 'random config');
  } catch (e) {
    if (e instanceof StrategyConfigError) return config;
    throw e;
  }
}

/**
 * What a book switched to another strategy (`alvh book switch`) goes through: an engine stepped under
 * `from` for the first days, its snapshot's JSON restored under `to`, stepped on. Returns what went
 * wrong, each named with its day: a throw, a figure that is not finite, a position that is not.
 */
function switchFaults(from: StrategyConfig, to: StrategyConfig, switchAt: number, days: readonly DayNumber[], markets: readonly (MarketDayView | undefined)[], signals: readonly EngineSignals[]): { found: string[]; decisionsAfter: number } {
  let engine = new StrategyEngine(from);
  let decisionsAfter = 0;
  for (const [i, day] of days.entries()) {
    const config = i < switchAt ? from : to;
    if (i === switchAt) engine = new StrategyEngine(to, snapshotForStrategy(JSON.parse(JSON.stringify(engine.snapshot())) as EngineStateSnapshot, to));
    const where = `${from.name} -> ${to.name} ${isoFromDay(day)}`;
    let decided;
    try {
      decided = engine.stepDay(day, markets[i], signals[i], days[i + 1], config.execution.fillTiming === 'next-open' ? markets[i + 1] : undefined);
    } catch (e) {
      return { found: [`${where}: ${(e as Error).stack ?? String(e)}`], decisionsAfter };
    }
    if (i >= switchAt) decisionsAfter += decided.length;
    for (const d of decided) {
      for (const [name, value] of Object.entries(d.figures)) if (typeof value === 'number' && !Number.isFinite(value)) return { found: [`${where}: ${d.rule} figure ${name} = ${value}`], decisionsAfter };
    }
    const snapshot = engine.snapshot();
    for (const p of snapshot.book.positions) if (!Number.isFinite(p.quantity) || !Number.isFinite(p.entryPrice)) return { found: [`${where}: position ${p.id} quantity ${p.quantity} price ${p.entryPrice}`], decisionsAfter };
    if (!Number.isFinite(snapshot.book.cashUsd)) return { found: [`${where}: cash ${snapshot.book.cashUsd}`], decisionsAfter };
  }
  return { found: [], decisionsAfter };
}

describe("an engine rebuilt each day from its snapshot's JSON, on random configurations over real history", () => {
  it('makes the decisions of the engine stepped straight through, and ends each day in its state', () => {
    let hedgeActionsCompared = 0;
    fc.assert(
      fc.property(
        ...stretchArbitraries,
        fc.array(fc.tuple(randomVariantArbitrary, fillTimingArbitrary), { minLength: VARIANTS_PER_RUN, maxLength: VARIANTS_PER_RUN }),
        (startIndex, tradingDays, variants) => {
          const { days, markets, signals } = stretchFrom(startIndex, tradingDays);
          const configs = variants.map(([v, fillTiming], i) => withFillTiming(randomStrategyConfig(v, `v${i}`), fillTiming));
          const runs = configs.map((config) => divergences(config, days, markets, signals));
          expect(
            runs.flatMap((r) => r.found),
            JSON.stringify({ from: isoFromDay(days[0] as number), to: isoFromDay(days[days.length - 1] as number), variants }),
          ).toEqual([]);
          hedgeActionsCompared += runs.reduce((sum, r) => sum + r.hedgeActions, 0);
        },
      ),
      { numRuns: RUNS },
    );
    // The stretches traded the hedge: a property over idle engines would prove nothing.
    expect(hedgeActionsCompared).toBeGreaterThan(0);
  });

  it('restored under another configuration (a book switched to another strategy), steps on without a throw or a figure that is not finite', () => {
    let decisionsAfterSwitch = 0;
    fc.assert(
      fc.property(
        ...stretchArbitraries,
        fc.tuple(randomVariantArbitrary, fillTimingArbitrary),
        fc.tuple(randomVariantArbitrary, fillTimingArbitrary),
        // Or any bundled preset, the unhedged and the index replicas among them.
        fc.option(fc.constantFrom(...listPresets()), { nil: undefined }),
        fc.double({ min: 0.2, max: 0.8, noNaN: true }),
        (startIndex, tradingDays, [fromVariant, fromFills], [toVariant, toFills], toPreset, switchShare) => {
          const { days, markets, signals } = stretchFrom(startIndex, tradingDays);
          const from = withFillTiming(randomStrategyConfig(fromVariant, 'from'), fromFills);
          const to = toPreset === undefined ? withFillTiming(randomStrategyConfig(toVariant, 'to'), toFills) : loadPreset(toPreset);
          const run = switchFaults(from, to, Math.floor(days.length * switchShare), days, markets, signals);
          expect(run.found, JSON.stringify({ from: isoFromDay(days[0] as number), to: isoFromDay(days[days.length - 1] as number), fromVariant, toVariant, toPreset })).toEqual([]);
          decisionsAfterSwitch += run.decisionsAfter;
        },
      ),
      { numRuns: SWITCH_RUNS },
    );
    expect(decisionsAfterSwitch).toBeGreaterThan(0);
  });
});
