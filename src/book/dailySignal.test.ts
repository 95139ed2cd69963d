import { describe, expect, it } from 'vitest';
import { StrategyEngine } from '../engine/backtest.js';
import { ConstructedMarket, quietSignals } from '../engine/testing/constructedMarket.js';
import type { DailySignals } from '../signals/dailySignals.js';
import { parseStrategyConfig } from '../strategy/config.js';
import { dayFromIso } from '../time/day.js';
import { computeDailySignal, dataStaleness, type DaySignals } from './dailySignal.js';

const config = parseStrategyConfig({ name: 'signal-test', entry: { mode: 'calendar' }, management: { mode: 'alvh-adaptive' } }, 'test');
const market = new ConstructedMarket({ startDay: dayFromIso('2021-01-04'), path: Array.from({ length: 5 }, () => ({ spx: 4000, vix: 30 })) });
const day = market.days[0]!;

/** The parts of a day's signal record the summary reads; the rest is not needed by the engine view. */
function signalsOf(regime: 'high' | 'normal'): DaySignals {
  const daily = {
    vix: { spike: false },
    termStructure: { vixToVix3m: 0.9, futuresContango: 1.2 },
    relief: { state: 'none' },
  } as unknown as DailySignals;
  return { engine: quietSignals({ regime }), daily };
}

describe('computeDailySignal', () => {
  it('an empty book on an entry day: the condor with its strikes and credit, layer 1 in a high regime, and the Greeks after', () => {
    const r = computeDailySignal({ config, base: undefined, equityUsd: 500_000, day, market: market.marketOn(day), signals: signalsOf('high'), nextDay: market.days[1] });
    const s = r.signal;
    const entry = s.decisions.find((d) => d.action === 'enter-condor')!;
    expect(entry.rule).toBe('entry.calendarMonthlyRollDate');
    expect(Number(entry.figures.creditPoints)).toBeGreaterThan(0);
    expect(s.decisions.some((d) => d.action === 'add-layer' && d.rule === 'hedge.layer1.regime')).toBe(true);
    const spx = s.trades.filter((t) => t.underlying === 'SPX');
    expect(spx.map((t) => t.leg).sort()).toEqual(['longCall', 'longPut', 'shortCall', 'shortPut']);
    // The constructed market lists SPX strikes every 5 points.
    for (const t of spx) expect(t.strike % 5).toBe(0);
    expect(spx.every((t) => Math.abs(t.quantity) === entry.figures.contracts)).toBe(true);
    expect(s.greeksAfter!.openCondors).toBe(1);
    expect(s.greeksAfter!.hedgeRatio).toBeGreaterThan(0);
    expect(s.summary!.regime).toBe('high');
  });

  it('is the engine: its state after equals a fresh engine stepped on the same day, and it is deterministic', () => {
    const inputs = { config, base: undefined, equityUsd: config.initialEquityUsd, day, market: market.marketOn(day), signals: signalsOf('normal'), nextDay: market.days[1] };
    const a = computeDailySignal(inputs);
    const b = computeDailySignal(inputs);
    expect(JSON.stringify(b.signal)).toBe(JSON.stringify(a.signal));
    const engine = new StrategyEngine(config);
    engine.stepDay(day, market.marketOn(day), quietSignals({ regime: 'normal' }), market.days[1]);
    expect(a.after).toEqual(engine.snapshot());
  });

  it('a pre-FOMC seed is listed beside the hedge ratio, not in it', () => {
    // An empty 1,000,000 USD book at VIX 30 with seeding on and the decision 5 trading days away: 14
    // condors (-910 USD per VIX point), the seed's 546 call spreads (5 % of equity: 11,779 USD per VIX
    // point) and layer 1's 25 calls (40 % of the condors': 368). The Greeks after report the seed on its
    // own; the ratio is layer 1's 368 / 910 = 0.40, where counting the seed would have read 13.4.
    const seeding = parseStrategyConfig({ name: 'seed-test', entry: { mode: 'calendar' }, management: { mode: 'alvh-adaptive' }, hedge: { preFomcSeeding: { enabled: true } } }, 'test');
    const withSeed = { ...signalsOf('high'), engine: quietSignals({ regime: 'high', tradingDaysToNextFomc: 5 }) };
    const r = computeDailySignal({ config: seeding, base: undefined, equityUsd: seeding.initialEquityUsd, day, market: market.marketOn(day), signals: withSeed, nextDay: market.days[1] });
    const g = r.signal.greeksAfter!;
    expect(r.signal.decisions.some((d) => d.rule === 'hedge.preFomcSeed')).toBe(true);
    expect(r.signal.decisions.find((d) => d.rule === 'hedge.preFomcSeed')!.figures.contracts).toBe(546);
    expect(g.seedUsdPerVixPoint!).toBeGreaterThan(10 * Math.abs(g.condorUsdPerVixPoint));
    expect(g.hedgeRatio).toBeCloseTo(g.hedgeUsdPerVixPoint / Math.abs(g.condorUsdPerVixPoint), 12);
    expect(g.hedgeRatio!).toBeLessThan(0.6);
    const withoutSeed = computeDailySignal({ config, base: undefined, equityUsd: config.initialEquityUsd, day, market: market.marketOn(day), signals: signalsOf('high'), nextDay: market.days[1] });
    expect(withoutSeed.signal.greeksAfter!.seedUsdPerVixPoint).toBeUndefined();
  });

  it('a day without market data: a logged gap, no trades and no Greeks', () => {
    const r = computeDailySignal({ config, base: undefined, equityUsd: 1e6, day, market: undefined, signals: undefined, nextDay: undefined });
    expect(r.signal.decisions.map((d) => d.action)).toEqual(['data-gap']);
    expect(r.signal.trades).toEqual([]);
    expect(r.signal.greeksAfter).toBeNull();
    expect(r.signal.market).toBeNull();
  });
});

describe('dataStaleness', () => {
  it('lets a Friday close be read on the Tuesday after a Monday holiday, and calls a day more stale', () => {
    // Friday 2026-04-17 read on Tuesday 2026-04-21 (4 calendar days): fresh; on Wednesday (5): stale.
    expect(dataStaleness(dayFromIso('2026-04-17'), dayFromIso('2026-04-21'))).toEqual({ calendarDaysBehind: 4, stale: false });
    expect(dataStaleness(dayFromIso('2026-04-17'), dayFromIso('2026-04-22'))).toEqual({ calendarDaysBehind: 5, stale: true });
    expect(dataStaleness(dayFromIso('2026-04-17'), dayFromIso('2026-04-17')).stale).toBe(false);
  });
});
