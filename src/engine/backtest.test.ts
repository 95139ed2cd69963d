import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayFromIso, isoFromDay } from '../time/day.js';
import { parseStrategyConfig, type StrategyConfigInput } from '../strategy/config.js';
import { runBacktest, runBacktests, StrategyEngine, type BacktestResult } from './backtest.js';
import { ConstructedMarket, quietSignals, type ConstructedPathPoint } from './testing/constructedMarket.js';
import { runSteppedAndRestored } from './testing/constructedRun.js';
import type { EngineSignals } from './marketView.js';
import { summariseVariant } from '../analysis/variantSummary.js';
import { constantRiskFreeReturn } from '../metrics/riskFree.js';

/** USD amounts that are sums of many fills agree to a millionth of a dollar. */
const USD_TOLERANCE = 1e-6;
const START = dayFromIso('2021-01-04');

function flatPath(days: number, spx = 4000, vix = 18): ConstructedPathPoint[] {
  return Array.from({ length: days }, () => ({ spx, vix }));
}

function run(config: StrategyConfigInput, path: readonly ConstructedPathPoint[], signals: (i: number) => EngineSignals = () => quietSignals(), untilIndex?: number): BacktestResult {
  const market = new ConstructedMarket({ startDay: START, path });
  const index = new Map(market.days.map((d, i) => [d, i]));
  const days = untilIndex === undefined ? market.days : market.days.slice(0, untilIndex + 1);
  return runBacktest({ config: parseStrategyConfig(config, 'test'), days, marketOn: market.marketOn, signalsOn: (d) => signals(index.get(d) as number) });
}

const holdToExpiry = { name: 'hold', entry: { mode: 'calendar' as const }, management: { mode: 'hold-to-expiry' as const }, hedge: { enabled: false } };

describe('backtest engine on a constructed market', () => {
  it('a condor held to expiry in a flat market keeps its credit less fees', () => {
    const r = run(holdToExpiry, flatPath(60));
    const condorTrades = r.trades.filter((t) => t.kind === 'condor');
    expect(condorTrades.length).toBeGreaterThanOrEqual(1);
    const first = condorTrades[0]!;
    // Spot never moves, so every leg expires out of the money: P&L = credit - 4 legs' fees.
    const fees = 4 * first.contracts * 0.66;
    expect(first.pnlUsd).toBeCloseTo(first.entryPricePoints * first.contracts * 100 - fees, 6);
    expect(first.entryPricePoints).toBeGreaterThan(0);
    expect(r.decisions.some((d) => d.action === 'settle' && d.rule === 'engine.settlement')).toBe(true);
  });

  it('reopens on the monthly roll date in calendar mode', () => {
    const r = run(holdToExpiry, flatPath(120));
    const entries = r.decisions.filter((d) => d.action === 'enter-condor');
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries[1]!.rule).toBe('entry.calendarMonthlyRollDate');
  });

  it('a skipped monthly roll does not end the cycle: the next standard monthly expiry rolls again', () => {
    // VIX 20 throughout but on 2021-02-19, when it is 12. The first condor (2021-01-04, credit about 13.4
    // points on a 50-point wing: max loss about 3,660 USD) fits the 0.37 % risk budget of 3,700 USD. It
    // settles on 2021-02-19, whose roll at VIX 12 collects less (max loss 3,789 USD over the budget of
    // 3,705 USD): skipped. No condor is then open to settle; the next standard monthly expiry,
    // 2021-03-19, is the roll date, and at VIX 20 the condor fits again.
    const probe = new ConstructedMarket({ startDay: START, path: flatPath(70) });
    const skipDay = dayFromIso('2021-02-19');
    const path = probe.days.map((d) => ({ spx: 4000, vix: d === skipDay ? 12 : 20 }));
    const r = run({ ...holdToExpiry, sizing: { riskPerTradeFractionOfEquity: 0.0037 } }, path);
    const rolls = r.decisions.filter((d) => d.action === 'skip-entry' || d.action === 'enter-condor');
    expect(rolls.map((d) => [isoFromDay(d.day), d.action, d.rule])).toEqual([
      ['2021-01-04', 'enter-condor', 'entry.calendarMonthlyRollDate'],
      ['2021-02-19', 'skip-entry', 'sizing.riskPerTrade'],
      ['2021-03-19', 'enter-condor', 'entry.calendarMonthlyRollDate'],
    ]);
    expect(rolls[2]!.reason).toContain('standard monthly expiry with no condor open');
  });

  it('a skipped first entry is retried the next day, and its reason does not call that day the first', () => {
    // VIX 12 on the first day (2021-01-04): the condor collects too little for the 0.37 % budget
    // (as on the skipped roll above) and is skipped; on 2021-01-05, at VIX 20, it fits and opens.
    const path = [{ spx: 4000, vix: 12 }, ...flatPath(10)];
    const r = run({ ...holdToExpiry, sizing: { riskPerTradeFractionOfEquity: 0.0037 } }, path);
    const tries = r.decisions.filter((d) => d.action === 'skip-entry' || d.action === 'enter-condor');
    expect(tries.map((d) => [isoFromDay(d.day), d.action])).toEqual([
      ['2021-01-04', 'skip-entry'],
      ['2021-01-05', 'enter-condor'],
    ]);
    expect(tries[1]!.reason).toContain('no condor opened yet: the cycle starts');
    expect(tries[1]!.reason).not.toContain('first day of the run');
  });

  it('ledger, equity and P&L attribution always agree', () => {
    const path = Array.from({ length: 90 }, (_, i) => ({ spx: 4000 - i * 8, vix: 18 + i * 0.3 }));
    const r = run({ name: 'l', entry: { mode: 'calendar' } }, path, () => quietSignals({ regime: 'high' }));
    const ledgerSum = r.ledger.reduce((s, e) => s + e.amountUsd, 0);
    const last = r.daily[r.daily.length - 1]!;
    const openValue = last.condorValueUsd + last.hedgeValueUsd;
    expect(Math.abs(last.equityUsd - (1_000_000 + ledgerSum + openValue))).toBeLessThan(USD_TOLERANCE);
    const interest = r.ledger.filter((e) => e.kind === 'interest').reduce((s, e) => s + e.amountUsd, 0);
    const attributed = Object.values(r.pnlByGroupUsd).reduce((s, x) => s + x, 0);
    expect(Math.abs(attributed + interest - (last.equityUsd - 1_000_000))).toBeLessThan(USD_TOLERANCE);
  });

  it('fixed R:R stops out at twice the credit and reopens (a roll)', () => {
    const path = [...flatPath(5), ...Array.from({ length: 30 }, (_, i) => ({ spx: 4000 - (i + 1) * 60, vix: 18 + (i + 1) * 1.5 }))];
    const r = run({ name: 'f', entry: { mode: 'calendar' }, management: { mode: 'fixed-rr' }, hedge: { enabled: false } }, path);
    const stop = r.decisions.find((d) => d.rule === 'fixedRr.stopLoss');
    expect(stop).toBeDefined();
    expect(Number(stop!.figures.pnlPoints)).toBeLessThanOrEqual(-2 * Number(stop!.figures.entryCreditPoints));
    expect(r.condorRolls).toBeGreaterThanOrEqual(1);
  });

  it('fixed R:R takes profit at half the credit when time passes quietly', () => {
    const r = run({ name: 'f', entry: { mode: 'calendar' }, management: { mode: 'fixed-rr' }, hedge: { enabled: false } }, flatPath(45));
    expect(r.decisions.some((d) => d.rule === 'fixedRr.takeProfit' || d.rule === 'fixedRr.timeExit')).toBe(true);
  });

  it('puts layer 1 on with the condor in a high-VIX regime, sized to 40 % of the condor exposure', () => {
    const r = run({ name: 'h', entry: { mode: 'calendar' }, management: { mode: 'hold-to-expiry' }, hedge: { caps: { confirmedNotionalFractionOfEquity: { min: 0.5, max: 1 }, firstDivergenceNotionalFractionOfEquity: { min: 0.5, max: 1 } } } }, flatPath(10, 4000, 30), () => quietSignals({ regime: 'high' }));
    const add = r.decisions.find((d) => d.action === 'add-layer');
    expect(add?.rule).toBe('hedge.layer1.regime');
    const day0 = r.daily[0]!;
    expect(day0.hedgeRatio).toBeDefined();
    // Rounding to whole contracts keeps the ratio within a few percent of 0.4.
    expect(Math.abs((day0.hedgeRatio as number) - 0.4)).toBeLessThan(0.05);
  });

  it('does not hedge in a normal regime without a divergence, and does on one', () => {
    const calm = run({ name: 'h', entry: { mode: 'calendar' }, management: { mode: 'hold-to-expiry' } }, flatPath(10));
    expect(calm.decisions.some((d) => d.action === 'add-layer')).toBe(false);
    const diverging = run({ name: 'h', entry: { mode: 'calendar' }, management: { mode: 'hold-to-expiry' } }, flatPath(10), (i) => quietSignals({ bearishDivergence: i === 3 }));
    const add = diverging.decisions.find((d) => d.action === 'add-layer' || d.action === 'cap-bound');
    expect(add).toBeDefined();
  });

  it('cashes a layer when VIX closes above 40', () => {
    const path = [...flatPath(3, 4000, 30), { spx: 3700, vix: 45 }, { spx: 3700, vix: 45 }];
    const r = run({ name: 'h', entry: { mode: 'calendar' }, management: { mode: 'hold-to-expiry' }, hedge: { caps: { confirmedNotionalFractionOfEquity: { min: 0.5, max: 1 }, firstDivergenceNotionalFractionOfEquity: { min: 0.5, max: 1 } } } }, path, () => quietSignals({ regime: 'high' }));
    const cash = r.decisions.find((d) => d.action === 'cash-layer');
    expect(cash?.rule).toMatch(/^hedge\.takeProfit\./);
    const layerTrade = r.trades.find((t) => t.kind === 'hedge-layer');
    expect(layerTrade?.pnlUsd).toBeGreaterThan(0);
  });

  it('defers a roll while the hedge is projected to pay more, and rolls without a hedge', () => {
    const path = [...flatPath(3, 4000, 30), ...Array.from({ length: 10 }, (_, i) => ({ spx: 4000 - (i + 1) * 40, vix: 30 + (i + 1) }))];
    const config = { name: 'a', entry: { mode: 'calendar' as const }, management: { mode: 'alvh-adaptive' as const }, hedge: { caps: { confirmedNotionalFractionOfEquity: { min: 0.5, max: 1 }, firstDivergenceNotionalFractionOfEquity: { min: 0.5, max: 1 } }, cashWhenVixAbove: 90, takeProfitMultipleOfCost: 50 } };
    const hedged = run(config, path, () => quietSignals({ regime: 'high' }));
    const unhedged = run({ ...config, hedge: { enabled: false } }, path, () => quietSignals({ regime: 'high' }));
    expect(unhedged.decisions.some((d) => d.action === 'roll-condor' && d.rule === 'adaptive.roll')).toBe(true);
    expect(unhedged.deferredRolls).toBe(0);
    const firstThreat = hedged.decisions.find((d) => d.action === 'defer-roll' || d.action === 'roll-condor');
    expect(firstThreat).toBeDefined();
    if (firstThreat!.action === 'defer-roll') {
      expect(Number(firstThreat!.figures.projectedHedgePayoffUsd)).toBeGreaterThan(Number(firstThreat!.figures.rollCostUsd));
    } else {
      expect(Number(firstThreat!.figures.projectedHedgePayoffUsd)).toBeLessThanOrEqual(Number(firstThreat!.figures.rollCostUsd));
    }
  });

  it('gives byte-identical results for the same inputs', () => {
    const path = Array.from({ length: 80 }, (_, i) => ({ spx: 4000 + 100 * Math.sin(i / 7), vix: 20 + 8 * Math.cos(i / 5) }));
    const config = { name: 'd', entry: { mode: 'calendar' as const } };
    const a = JSON.stringify(run(config, path, (i) => quietSignals({ regime: i % 20 < 5 ? 'high' : 'normal', bearishDivergence: i % 13 === 0 })));
    const b = JSON.stringify(run(config, path, (i) => quietSignals({ regime: i % 20 < 5 ? 'high' : 'normal', bearishDivergence: i % 13 === 0 })));
    expect(a).toBe(b);
  });

  it('decisions for day t do not depend on data after t (no look-ahead)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ r: fc.double({ min: -0.03, max: 0.03, noNaN: true }), v: fc.double({ min: -3, max: 3, noNaN: true }) }), { minLength: 30, maxLength: 60 }), fc.integer({ min: 5, max: 25 }), (moves, cut) => {
        let spx = 4000;
        let vix = 20;
        const path = moves.map((m) => {
          spx *= 1 + m.r;
          vix = Math.max(10, vix + m.v);
          return { spx, vix };
        });
        const signals = (i: number) => quietSignals({ regime: path[i]!.vix >= 28 ? 'high' : 'normal', entryTrigger: i % 7 === 0 });
        const config = { name: 'n' };
        const full = run(config, path, signals);
        const prefix = run(config, path, signals, cut);
        expect(JSON.stringify(full.daily.slice(0, cut + 1))).toBe(JSON.stringify(prefix.daily));
        const cutDay = prefix.daily[prefix.daily.length - 1]!.day;
        expect(JSON.stringify(full.decisions.filter((d) => d.day <= cutDay))).toBe(JSON.stringify(prefix.decisions));
      }),
      { numRuns: 15 },
    );
  });
});

describe('daily P&L attribution', () => {
  it('condor P&L + hedge P&L + interest = equity change, every day', () => {
    const path = Array.from({ length: 70 }, (_, i) => ({ spx: 4000 - 300 * Math.sin(i / 9), vix: 22 + 10 * Math.sin(i / 9) }));
    const r = run({ name: 'a', entry: { mode: 'calendar' } }, path, () => quietSignals({ regime: 'high' }));
    for (const d of r.daily) {
      expect(Math.abs(d.condorPnlUsd + d.hedgePnlUsd + d.interestUsd - (d.equityUsd - 1_000_000))).toBeLessThan(USD_TOLERANCE);
    }
    expect(r.daily.some((d) => d.hedgePnlUsd !== 0)).toBe(true);
  });
});

describe('hedge instruments and optional rules', () => {
  const bigCaps = { confirmedNotionalFractionOfEquity: { min: 0.5, max: 1 }, firstDivergenceNotionalFractionOfEquity: { min: 0.5, max: 1 } };
  const hedged = (hedge: Record<string, unknown>) => ({ name: 'h', entry: { mode: 'calendar' as const }, management: { mode: 'hold-to-expiry' as const }, hedge: { caps: bigCaps, ...hedge } });

  // A VIX future is a coarse unit (about 1000 USD per VIX point): a 20M book needs several of them.
  const futuresBook = (hedge: Record<string, unknown>) => ({ ...hedged(hedge), initialEquityUsd: 20_000_000 });

  it('VIX futures hedge: no premium paid, and the layer still sizes to 40 % of the condor exposure', () => {
    const r = run(futuresBook({ instrument: 'future' }), flatPath(5, 4000, 30), () => quietSignals({ regime: 'high' }));
    const open = r.ledger.filter((e) => e.group?.startsWith('hedge') && e.kind === 'premium');
    expect(open.every((e) => e.amountUsd === 0)).toBe(true);
    expect(r.decisions.find((d) => d.action === 'add-layer')?.reason).toMatch(/future/);
    expect(Math.abs((r.daily[0]!.hedgeRatio as number) - 0.4)).toBeLessThan(0.05);
  });

  it('VIX futures hedge gains 1000 USD per contract per point the future rises', () => {
    const path = [{ spx: 4000, vix: 30 }, { spx: 3900, vix: 35 }];
    const r = run(futuresBook({ instrument: 'future' }), path, () => quietSignals({ regime: 'high' }));
    const add = r.decisions.find((d) => d.action === 'add-layer' && d.group !== undefined)!;
    const contracts = Number(add.figures.contracts);
    const hedgeGain = r.daily[1]!.hedgePnlUsd - r.daily[0]!.hedgePnlUsd;
    // The constructed curve moves a future by exp(-dte/60) per point of spot VIX; spot VIX rose 5 points.
    const expiryDay = dayFromIso(add.reason.match(/future (\d{4}-\d{2}-\d{2})/)![1]!);
    // The constructed curve: F = VIX + (20 - VIX)(1 - exp(-dte/60)); marks move from day 0 to day 1.
    const future = (vix: number, day: number) => vix + (20 - vix) * (1 - Math.exp(-(expiryDay - day) / 60));
    const expected = contracts * (future(35, r.daily[1]!.day) - future(30, r.daily[0]!.day)) * 1000;
    expect(hedgeGain).toBeGreaterThan(0);
    expect(Math.abs(hedgeGain - expected)).toBeLessThan(USD_TOLERANCE);
  });

  it('call-spread layers buy a call and sell one 10 points higher', () => {
    const r = run(hedged({ instrument: 'call-spread' }), flatPath(3, 4000, 30), () => quietSignals({ regime: 'high' }));
    const legs = r.decisions.find((d) => d.action === 'add-layer')!.reason;
    const strikes = [...legs.matchAll(/VIX \S+ (\d+(?:\.\d+)?) call/g)].map((x) => Number(x[1]));
    expect(strikes.length).toBe(2);
    expect(strikes[1]! - strikes[0]!).toBe(10);
  });

  it('seeds VIX call spreads before an FOMC decision only when enabled, and closes them after it', () => {
    const fomcAt = 4;
    const signals = (i: number) => quietSignals({ tradingDaysToNextFomc: i <= fomcAt ? fomcAt - i : 20 + fomcAt - i });
    const off = run(hedged({}), flatPath(8), signals);
    expect(off.decisions.some((d) => d.rule === 'hedge.preFomcSeed')).toBe(false);
    const on = run(hedged({ preFomcSeeding: { enabled: true } }), flatPath(8), signals);
    const seed = on.decisions.filter((d) => d.rule === 'hedge.preFomcSeed');
    expect(seed.length).toBe(1);
    // 5 % of equity spent at most.
    expect(Number(seed[0]!.figures.premiumUsd)).toBeLessThanOrEqual(0.05 * 1_000_000 + 1e-6);
    expect(on.decisions.some((d) => d.rule === 'hedge.preFomcSeed.decisionPassed')).toBe(true);
  });

  it('a call-spread layer is trimmed by its spreads\' net exposure, down to the band\'s top', () => {
    // Worked by hand (constructed market, SPX 4000; VIX 30 for six days, then 36 and 40; one-rung ladder
    // of 30.5/40.5 call spreads on the 2021-02-17 expiry; rebalance every 3 days):
    // - 2021-01-04: 14 condors and 33 spreads, 2021-01-06: 16 more (ratio 0.41 < 0.6): 49 spreads.
    // - 2021-01-14 (VIX 40, future 31.35, beta 0.567): the 30.5 call's delta 0.594 gives 33.69 USD per VIX
    //   point a contract, the 40.5 call's 0.213 gives 12.10, so a spread 21.59; 49 of them 1,057.9 against
    //   condors at -763.6: ratio 1.385. The top, 1.2 x 763.6 = 916.3, wants 141.6 sold: ceil(141.6 /
    //   21.59) = 7 spreads, leaving 42 x 21.59 = 906.8, ratio 1.188. Counting the bought call alone
    //   (33.69) sold ceil(141.6 / 33.69) = 5 and left 949.9, ratio 1.244, above the top.
    const vix = [30, 30, 30, 30, 30, 30, 36, 40, 40, 40, 40, 40];
    const r = run(hedged({ ladderTenors: ['M1'], ladderContractRatio: [1], rebalanceEveryTradingDays: 3, instrument: 'call-spread', cashWhenVixAbove: 60 }), vix.map((v) => ({ spx: 4000, vix: v })), () => quietSignals({ regime: 'high' }));
    const trim = r.decisions.find((d) => d.rule === 'hedge.rebalance.aboveBand');
    expect(trim === undefined ? undefined : isoFromDay(trim.day)).toBe('2021-01-14');
    expect(Number(trim!.figures.hedgeRatio)).toBeCloseTo(1.385, 3);
    expect(trim!.figures.contractsSold).toBe(7);
    const close = r.daily.find((d) => d.day === trim!.day)!;
    expect(close.hedgeVixExposureUsd).toBeCloseTo(906.8, 1);
    expect(close.hedgeRatio!).toBeCloseTo(1.188, 3);
  });

  it('a trim keeps a calendar that has turned short VIX: selling it would add exposure', () => {
    // Worked from the run (constructed market, SPX 4000; VIX 15 for eight days, then 40; a two-rung ladder,
    // layers 2 and 3 calendars: long the March 24.5 call, short the February 24.5 call):
    // - 2021-01-04..08: 13 condors, layer 1 48 calls + 22 at the first rebalance (70 February 22 calls),
    //   layer 2 48 calendar units, layer 3 70: ratio 0.65-0.68 in contango, where a calendar is long VIX.
    // - 2021-01-14, VIX 40 (backwardation: February future 31.35, March 27.12): a February 22 call carries
    //   about 53 USD per VIX point, a calendar unit about -24 (its sold February call, delta 0.85 at beta
    //   0.57, moves more than its bought March call, delta 0.68 at beta 0.36). Hedge 834 against condors
    //   at -499.8: ratio 1.67 > 1.2. The trim sells 5 calls (265 USD per VIX point) and keeps the 118
    //   calendar units: 569.3, ratio 1.139. Selling the calendars as well (as it did) added 2,832 and
    //   left 3,415.7, ratio 6.83.
    const vix = [15, 15, 15, 15, 15, 15, 15, 15, 40, 40, 40, 40];
    const calendars = hedged({ laterLayerStructure: 'vix-calendar', ladderTenors: ['M1', 'M2'], ladderContractRatio: [4, 4], rebalanceEveryTradingDays: 3, cashWhenVixAbove: 60, takeProfitMultipleOfCost: 100 });
    const r = run(calendars, vix.map((v) => ({ spx: 4000, vix: v })), (i) => quietSignals({ regime: 'high', confirmations: i === 1 ? ['vixSpike'] : [] }));
    const trim = r.decisions.find((d) => d.rule === 'hedge.rebalance.aboveBand');
    expect(trim === undefined ? undefined : isoFromDay(trim.day)).toBe('2021-01-14');
    expect(Number(trim!.figures.hedgeRatio)).toBeCloseTo(1.669, 3);
    expect(trim!.figures.contractsSold).toBe(5);
    // Only layer 1's calls were sold: the calendars' legs have no sale on the day.
    const sold = r.ledger.filter((e) => e.day === trim!.day && e.rule === 'hedge.rebalance.aboveBand' && e.kind === 'premium');
    expect(sold.every((e) => e.group === 'hedge-6')).toBe(true);
    const close = r.daily.find((d) => d.day === trim!.day)!;
    expect(close.hedgeVixExposureUsd).toBeCloseTo(569.3, 1);
    expect(close.hedgeRatio!).toBeLessThanOrEqual(1.2);
  });

  it('a pre-FOMC seed is bought only beside an open condor, and follows whenNoCondor once the condors are gone', () => {
    // Constructed market at VIX 18, one condor opened on 2021-01-04 and held to its expiry. Decision on
    // the 11th trading day after the start (2021-01-20), so the seed window opens on 2021-01-12.
    // - A condor to 2021-01-08 (entryDteDays 7) is gone by then: no seed (it was bought: 5 % of capital
    //   with nothing to protect).
    // - A condor to 2021-01-15 (entryDteDays 11) is open on 2021-01-12: 615 spreads are bought. When it
    //   expires on 2021-01-15 the seed is sold that day with whenNoCondor: cash, or, with hold-to-decay,
    //   held to the decision with a let-decay note and sold on 2021-01-20.
    const fomcAt = 11;
    const signals = (i: number) => quietSignals({ tradingDaysToNextFomc: i <= fomcAt ? fomcAt - i : 20 + fomcAt - i });
    const seeding = (entryDteDays: number, whenNoCondor: 'cash' | 'hold-to-decay') => ({
      name: 'seed',
      ironCondor: { entryDteDays },
      entry: { mode: 'calendar' as const, calendarCycle: 'every-n-trading-days' as const, calendarEveryTradingDays: 100 },
      management: { mode: 'hold-to-expiry' as const },
      hedge: { preFomcSeeding: { enabled: true }, whenNoCondor },
    });
    const seedRules = (r: BacktestResult) => r.decisions.filter((d) => d.group === 'hedge-6' || d.rule === 'hedge.preFomcSeed').map((d) => `${isoFromDay(d.day)} ${d.action} ${d.rule}`);
    expect(seedRules(run(seeding(7, 'hold-to-decay'), flatPath(14), signals))).toEqual([]);
    expect(seedRules(run(seeding(11, 'cash'), flatPath(14), signals))).toEqual(['2021-01-12 add-layer hedge.preFomcSeed', '2021-01-15 cash-layer hedge.cash.noCondor']);
    const held = run(seeding(11, 'hold-to-decay'), flatPath(14), signals);
    expect(seedRules(held)).toEqual(['2021-01-12 add-layer hedge.preFomcSeed', '2021-01-15 let-decay hedge.letDecay.noCondor', '2021-01-20 cash-layer hedge.preFomcSeed.decisionPassed']);
    expect(held.decisions.find((d) => d.rule === 'hedge.preFomcSeed')!.figures.contracts).toBe(615);
  });

  it('a pre-FOMC seed stays outside the hedge-ratio band: buying it trims no layer', () => {
    // Worked by hand (constructed market: SPX 4000, VIX 30, so the regime is high and layer 1 goes on
    // with the condor; one-rung ladder, so the band applies from the first close; rebalance every 3 days):
    // - 2021-01-04: 14 condors, exposure -910 USD per VIX point; layer 1 is 40 % of it, 364 / 14.73 per
    //   call = 25 calls.
    // - 2021-01-06 (3rd day): ratio 0.41 < 0.6, the rebalance buys 12 calls: 37 calls, ratio 0.609.
    // - 2021-01-07 (FOMC in 5 days): the seed buys 5 % of 1,000,000 USD of the 30.5/40.5 call spread at
    //   1.106 points: 452 spreads, 5,323 USD per VIX point. Counted in the ratio it would read
    //   (575 + 5,323) / 937 = 6.3, and the rebalance of 2021-01-11 would sell all 37 calls, to buy them
    //   back once the seed is sold after the decision (2021-01-15). Outside the band the ratio reads
    //   0.614, nothing is trimmed and layer 1 holds its 37 calls throughout.
    const fomcAt = 8;
    const signals = (i: number) => quietSignals({ regime: 'high', tradingDaysToNextFomc: i <= fomcAt ? fomcAt - i : 20 + fomcAt - i });
    const r = run(hedged({ ladderTenors: ['M1'], ladderContractRatio: [1], rebalanceEveryTradingDays: 3, preFomcSeeding: { enabled: true } }), flatPath(12, 4000, 30), signals);
    const seed = r.decisions.find((d) => d.rule === 'hedge.preFomcSeed');
    expect(seed === undefined ? undefined : isoFromDay(seed.day)).toBe('2021-01-07');
    expect(seed!.figures.contracts).toBe(452);
    expect(r.decisions.some((d) => d.rule === 'hedge.preFomcSeed.decisionPassed' && isoFromDay(d.day) === '2021-01-15')).toBe(true);
    expect(r.decisions.filter((d) => d.action === 'rebalance').map((d) => d.rule)).toEqual(['hedge.rebalance.belowBand']);
    const layer1Buys = r.decisions.filter((d) => d.group === 'hedge-6').map((d) => Number(d.figures.contracts ?? d.figures.contractsBought));
    expect(layer1Buys).toEqual([25, 12]);
    // Layer 1 sold nothing: its only cash is what it paid.
    expect(r.ledger.some((e) => e.group === 'hedge-6' && e.amountUsd > 0)).toBe(false);
    const seedDays = r.daily.filter((d) => d.seedVixExposureUsd !== undefined).map((d) => isoFromDay(d.day));
    expect(seedDays).toEqual(['2021-01-07', '2021-01-08', '2021-01-11', '2021-01-12', '2021-01-13', '2021-01-14']);
    for (const d of r.daily) {
      expect(d.hedgeRatio).toBeCloseTo(d.hedgeVixExposureUsd / Math.abs(d.condorVixExposureUsd), 12);
      expect(d.hedgeRatio!).toBeLessThan(1.2);
    }
    const onSeedDay = r.daily.find((d) => isoFromDay(d.day) === '2021-01-07')!;
    expect(onSeedDay.seedVixExposureUsd!).toBeGreaterThan(5 * Math.abs(onSeedDay.condorVixExposureUsd));
  });

  it('rolls a layer early when the divergence widens inside 14 days, not before', () => {
    const path = flatPath(40, 4000, 30);
    const r = run(hedged({ rollWhenDteBelowDays: 0 }), path, (i) => quietSignals({ regime: 'high', confirmations: i % 5 === 4 ? ['vixSpike'] : [] }));
    const early = r.decisions.filter((d) => d.rule === 'hedge.rollLayerEarly');
    expect(early.length).toBeGreaterThan(0);
    for (const d of early) expect(Number(d.figures.dteDays)).toBeLessThan(14);
  });

  it('widens the put wing on a deferred roll only when enabled', () => {
    const path = [...flatPath(3, 4000, 30), ...Array.from({ length: 10 }, (_, i) => ({ spx: 4000 - (i + 1) * 40, vix: 30 + (i + 1) }))];
    const config = (widen: boolean) => ({ name: 'w', entry: { mode: 'calendar' as const }, management: { mode: 'alvh-adaptive' as const, adaptive: { widenPutOnDeferredRoll: widen } }, hedge: { caps: bigCaps, cashWhenVixAbove: 90, takeProfitMultipleOfCost: 50, } });
    // A CPI release a day away makes the tested side defer in favour of a hedge layer.
    const signals = () => quietSignals({ regime: 'high', tradingDaysToNextEvent: 1, nextEventLabel: 'CPI' });
    const withWiden = run(config(true), path, signals);
    const without = run(config(false), path, signals);
    expect(without.deferredRolls).toBeGreaterThan(0);
    expect(without.decisions.some((d) => d.rule === 'adaptive.widenPutOnDeferredRoll')).toBe(false);
    expect(withWiden.deferredRolls).toBeGreaterThan(0);
    const w = withWiden.decisions.find((d) => d.rule === 'adaptive.widenPutOnDeferredRoll')!;
    expect(Number(w.figures.fromStrike) - Number(w.figures.toStrike)).toBe(5);
  });
});

describe('hedge rebalancing', () => {
  const bigCaps = { confirmedNotionalFractionOfEquity: { min: 0.5, max: 1 }, firstDivergenceNotionalFractionOfEquity: { min: 0.5, max: 1 } };

  it('tops up a fully layered hedge at today\'s strike, within the premium caps', () => {
    // Three layers in a high regime with a confirmation and an inverted curve, then the condor's exposure grows as VIX falls.
    const path = [...flatPath(3, 4000, 32), ...Array.from({ length: 20 }, () => ({ spx: 4000, vix: 22 }))];
    const signals = (i: number) => quietSignals({ regime: i < 3 ? 'high' : 'elevated', confirmations: i === 1 ? ['vixSpike'] : [], termStructureInverted: i === 2 });
    const r = run({ name: 'r', entry: { mode: 'calendar' }, management: { mode: 'hold-to-expiry' }, hedge: { caps: bigCaps } }, path, signals);
    const rebalances = r.decisions.filter((d) => d.action === 'rebalance');
    expect(rebalances.length).toBeGreaterThan(0);
    for (const d of r.daily.slice(5)) {
      if (d.hedgeRatio !== undefined && d.hedgeLayers >= 3) expect(d.hedgeRatio).toBeLessThan(5);
    }
    const premiumSpent = r.ledger.filter((e) => e.group?.startsWith('hedge') && e.kind === 'premium' && e.amountUsd < 0).reduce((s, e) => s - e.amountUsd, 0);
    expect(premiumSpent).toBeLessThanOrEqual(1_000_000);
  });

  it('never leaves a naked short VIX call when trimming call spreads', () => {
    const path = [...flatPath(3, 4000, 32), ...Array.from({ length: 25 }, (_, i) => ({ spx: 4000 + i * 20, vix: 32 - i * 0.6 }))];
    const signals = (i: number) => quietSignals({ regime: 'high', confirmations: i === 1 ? ['vixSpike'] : [], termStructureInverted: i === 2, resolution: i > 8 });
    const r = run({ name: 's', entry: { mode: 'calendar' }, management: { mode: 'hold-to-expiry' }, hedge: { caps: bigCaps, instrument: 'call-spread', cashWhenVixAbove: 90, takeProfitMultipleOfCost: 50 } }, path, signals);
    expect(r.decisions.some((d) => d.rule === 'hedge.rebalance.resolutionTrim')).toBe(true);
    // A call spread is worth at least zero; a naked short call left behind would make the hedge negative.
    for (const d of r.daily) expect(d.hedgeValueUsd).toBeGreaterThanOrEqual(0);
  });
});

describe('one engine, stepped or restored', () => {
  it('a run restored from a saved state each day makes the same decisions as one continuous run', () => {
    const path = Array.from({ length: 90 }, (_, i) => ({ spx: 4000 - 400 * Math.sin(i / 11), vix: 22 + 12 * Math.sin(i / 11) }));
    const market = new ConstructedMarket({ startDay: START, path });
    const signals = (i: number) => quietSignals({ regime: path[i]!.vix >= 28 ? 'high' : 'elevated', entryTrigger: i % 9 === 0, confirmations: i % 13 === 5 ? ['vixSpike'] : [], termStructureInverted: path[i]!.vix > 30 });
    const config = parseStrategyConfig({ name: 'restore', hedge: { caps: { confirmedNotionalFractionOfEquity: { min: 0.5, max: 1 }, firstDivergenceNotionalFractionOfEquity: { min: 0.5, max: 1 } } } }, 'test');
    // Saved and restored through JSON every day, as the daily signal does with the user's book.
    const run = runSteppedAndRestored(config, market, signals);
    expect(run.continuous.length).toBeGreaterThan(10);
    expect(JSON.stringify(run.restored)).toBe(JSON.stringify(run.continuous));
    expect(JSON.stringify(run.restoredSnapshot)).toBe(JSON.stringify(run.continuousSnapshot));
    // The trades too: each one's legs at close and rolls reach it through the snapshots.
    expect(JSON.stringify(run.restoredTrades)).toBe(JSON.stringify(run.continuousTrades));
  });

  it('refuses a state saved for another strategy', () => {
    const one = new StrategyEngine(parseStrategyConfig({ name: 'one' }, 'test'));
    expect(() => new StrategyEngine(parseStrategyConfig({ name: 'two' }, 'test'), one.snapshot())).toThrow(/for 'one', not 'two'/);
  });
});

/**
 * A market that swings SPX down and VIX up and back every `period` days, with signals that enter
 * condors, fire divergences and spikes on fixed days: every rule of the ladder gets exercised.
 */
function swingingMarket(days: number, spxSwing: number, vixMean: number, vixSwing: number, period: number) {
  const path = Array.from({ length: days }, (_, i) => ({ spx: 4000 - spxSwing * Math.sin(i / period), vix: vixMean + vixSwing * Math.sin(i / period) }));
  const market = new ConstructedMarket({ startDay: START, path });
  const index = new Map(market.days.map((d, i) => [d, i]));
  const signalsOn = (day: number) => {
    const i = index.get(day) as number;
    return quietSignals({ regime: path[i]!.vix >= 28 ? 'high' : 'elevated', entryTrigger: i % 9 === 0, bearishDivergence: i % 17 === 3, confirmations: i % 13 === 5 ? ['vixSpike'] : [] });
  };
  return { market, signalsOn };
}

describe('variants stepped together', () => {
  it('each variant of a day-by-day run has the result it has alone, whatever its neighbours', () => {
    const { market, signalsOn } = swingingMarket(120, 350, 21, 11, 13);
    const configs = [
      parseStrategyConfig({ name: 'ladder' }, 'test'),
      parseStrategyConfig({ name: 'rr', entry: { mode: 'calendar' }, management: { mode: 'fixed-rr' }, hedge: { enabled: false } }, 'test'),
      parseStrategyConfig({ name: 'next-open', execution: { fillTiming: 'next-open' } }, 'test'),
      parseStrategyConfig(holdToExpiry, 'test'),
    ];
    const alone = configs.map((config) => runBacktest({ config, days: market.days, marketOn: market.marketOn, signalsOn }));
    const progress: string[] = [];
    const together = runBacktests({ configs, days: market.days, marketOn: market.marketOn, signalsOn, onProgress: (name, done, total) => progress.push(`${name} ${done}/${total}`) });
    expect(alone.reduce((n, r) => n + r.decisions.length, 0)).toBeGreaterThan(40);
    expect(together.map((r) => r.config.name)).toEqual(['ladder', 'rr', 'next-open', 'hold']);
    for (const [i, r] of together.entries()) expect(JSON.stringify(r)).toBe(JSON.stringify(alone[i]));
    // Every variant reports every day, in step.
    expect(progress.length).toBe(configs.length * market.days.length);
    expect(progress.slice(0, 4)).toEqual(['ladder 1/120', 'rr 1/120', 'next-open 1/120', 'hold 1/120']);
    // Without the band classification (the sweep's path): the same run, only the records' band is absent.
    const lean = runBacktests({ configs, days: market.days, marketOn: market.marketOn, signalsOn, recordBandDays: false });
    const banded = together[0]!.daily.filter((d) => d.band !== undefined).length;
    expect(banded).toBeGreaterThan(10);
    expect(lean[0]!.daily.some((d) => d.band !== undefined)).toBe(false);
    const withoutBand = (r: BacktestResult) => JSON.stringify({ ...r, daily: r.daily.map(({ band: _band, ...rest }) => rest) });
    for (const [i, r] of lean.entries()) expect(JSON.stringify(r)).toBe(withoutBand(together[i]!));
  });

  it("a sweep's recording keeps the trades, the curve and the tallies of the full one, and no detail", () => {
    const { market, signalsOn } = swingingMarket(160, 400, 22, 12, 11);
    const configs = [parseStrategyConfig({ name: 'ladder' }, 'test'), parseStrategyConfig({ name: 'rr', entry: { mode: 'calendar' }, management: { mode: 'fixed-rr' }, hedge: { enabled: false } }, 'test')];
    const full = runBacktests({ configs, days: market.days, marketOn: market.marketOn, signalsOn, recordBandDays: false });
    const lean = runBacktests({ configs, days: market.days, marketOn: market.marketOn, signalsOn, recordBandDays: false, recording: 'metrics' });
    for (const [i, f] of full.entries()) {
      const l = lean[i]!;
      expect(f.recording).toBe('full');
      expect(l.recording).toBe('metrics');
      expect([l.daily.length, l.decisions.length, l.ledger.length]).toEqual([0, 0, 0]);
      // The same decisions were made: the same trades, the same closes, the same counts, exactly.
      expect(JSON.stringify(l.trades)).toBe(JSON.stringify(f.trades));
      expect(l.trades.length).toBeGreaterThan(2);
      expect(JSON.stringify(l.pnlByGroupUsd)).toBe(JSON.stringify(f.pnlByGroupUsd));
      expect([...l.curve.days]).toEqual(f.daily.map((d) => d.day));
      expect([...l.curve.equityUsd]).toEqual(f.daily.map((d) => d.equityUsd));
      expect([...l.curve.hedgePnlUsd]).toEqual(f.daily.map((d) => d.hedgePnlUsd));
      expect([...f.curve.equityUsd]).toEqual([...l.curve.equityUsd]);
      const counted: Record<string, number> = {};
      for (const d of f.decisions) counted[d.action] = (counted[d.action] ?? 0) + 1;
      expect(l.decisionCounts).toEqual(counted);
      expect(f.decisionCounts).toEqual(counted);
      // The hedge premium tally is the ledger's sum, in the ledger's order: equal to the last bit.
      const paid = f.ledger.filter((e) => e.kind === 'premium' && e.group?.startsWith('hedge') && e.amountUsd < 0).reduce((sum, e) => sum - e.amountUsd, 0);
      expect(l.hedgePremiumPaidUsd).toBe(paid);
      expect(f.hedgePremiumPaidUsd).toBe(paid);
      expect(JSON.stringify(summariseVariant(l, constantRiskFreeReturn(0.01), { windows: false }))).toBe(JSON.stringify(summariseVariant(f, constantRiskFreeReturn(0.01), { windows: false })));
    }
    expect(full[0]!.hedgePremiumPaidUsd).toBeGreaterThan(0);
    // The stress windows read daily records: asked of a sweep's recording, a clear error, not empty windows.
    expect(() => summariseVariant(lean[0]!, constantRiskFreeReturn(0.01))).toThrow(/recording 'full'/);
  });
});
