/**
 * A trade record's legs at entry (`legs`), the legs it held when it closed (`legsAtClose`) and its
 * rolls, on the constructed market of src/engine/testing/constructedMarket.ts (see
 * hedgeRules.engine.test.ts for its formulas), each trade worked in the comment.
 *
 * SPX options are Black-76 on spot at a flat vol of VIX/100 with no rates, d1 = ln(S/K)/sd + sd/2 with
 * sd = vol x sqrt(days/365); strikes are snapped to 5 points. A 16-delta put has N(d1) = 0.84, d1 =
 * 0.9945, so ln(S/K) = (0.9945 - sd/2) x sd; a 16-delta call has d1 = -0.9945, ln(S/K) = -(0.9945 +
 * sd/2) x sd. The first day, 2021-01-04, is a Monday.
 */
import { describe, expect, it } from 'vitest';
import { parseStrategyConfig, type StrategyConfigInput } from '../strategy/config.js';
import { isoFromDay } from '../time/day.js';
import type { EngineSignals } from './marketView.js';
import type { TradeRecord } from './records.js';
import { ConstructedMarket, quietSignals } from './testing/constructedMarket.js';
import { CONSTRUCTED_START as START, runConstructed as run, runSteppedAndRestored, WIDE_NOTIONAL_CAPS as bigCaps } from './testing/constructedRun.js';

/** A trade as a row of trades.csv reads it. */
const row = (t: TradeRecord | undefined) => t && { group: t.group, opened: isoFromDay(t.entryDay), closed: isoFromDay(t.exitDay), exitRule: t.exitRule, legs: t.legs, legsAtClose: t.legsAtClose, rolls: t.rolls };

/** Day 0's condor in every test below, and the same entry legs in each. */
const ENTRY_CONDOR = 'short put 3735 2021-02-19; long put 3685 2021-02-19; short call 4305 2021-02-19; long call 4355 2021-02-19';

// Day 0 (Mon 2021-01-04), SPX 4000, VIX 20 (vol 0.20). The condor (monthly roll date: the first day)
// takes the expiry nearest 45 days, Fri 2021-02-19 (46 days, AM-settled): sd = 0.20 x sqrt(46/365) =
// 0.0710. Short put: ln(4000/K) = (0.9945 - 0.0355) x 0.0710 = 0.0681, K = 3736.7 -> 3735; long put 50
// points below, 3685. Short call: ln(4000/K) = -(0.9945 + 0.0355) x 0.0710 = -0.0731, K = 4303.5 -> 4305;
// long call 4355.
// 13 contracts. The day's bearish divergence puts on layer 1: 13 calls (the quiet drag cap allows 13 of
// 34) of the February VIX expiry, 2021-02-17 (44 days), at the 30-delta strike on the future, 20: at vol
// of vol 0.9, the 24.5 call's delta is 0.311 and the 25's 0.288, so 24.5.
const ENTRY_LAYER = 'long 13 VIX 2021-02-17 24.5 call';

describe('a condor rolled once, then settled: its legs at entry and at close, one roll', () => {
  // Day 5 (Mon 2021-01-11): SPX falls to 3800 and VIX jumps to 45 (vol 0.45). The short put 3735 with
  // 39 days left: sd = 0.45 x sqrt(39/365) = 0.1471, d1 = ln(3800/3735)/0.1471 + 0.0735 = 0.1908, delta
  // -(1 - N(0.1908)) = -0.424, past the 0.30 that threatens it. The hedge's projected payoff (780 USD)
  // exceeds the roll's cost (684 USD), which would defer the roll, but the day signals a regime change:
  // the put side is rolled (adaptive.rollOnRegimeChange). The 3735 and 3685 puts of 2021-02-19 are
  // closed and a new put vertical opened at the expiry nearest 45 days, Fri 2021-02-26 (46 days, a
  // PM-settled weekly): sd = 0.45 x sqrt(46/365) = 0.1598, ln(3800/K) = (0.9945 - 0.0799) x 0.1598 =
  // 0.1461, K = 3283.4 -> short put 3285 (replacing 3735), long put 3235 (replacing 3685).
  // The same close, layer 1 is worth 8.75 times its cost (the calls went from 1.09 to 9.54 with VIX):
  // cashed whole by the take-profit rule, its legs never changed: legs at close = legs, no roll.
  // SPX is back at 4000 from day 6. Day 34 (Fri 2021-02-19): the call vertical 4305/4355 settles
  // worthless at the open (4000); the condor holds only the new put vertical from then on. Day 39
  // (Fri 2021-02-26): that vertical settles worthless at the close: the condor's trade is written, with
  // the put vertical it held when it closed, not the four legs of February 19 it opened with.
  const path = Array.from({ length: 40 }, (_, i) => (i === 5 ? { spx: 3800, vix: 45 } : { spx: 4000, vix: 20 }));
  const signals = (i: number): Partial<EngineSignals> => ({ regime: 'normal', bearishDivergence: i === 0, regimeChangeSignals: i === 5 ? ['vixRsiDivergence'] : [] });
  const config: StrategyConfigInput = { name: 'rolled', entry: { mode: 'calendar' }, management: { mode: 'alvh-adaptive' }, hedge: { caps: bigCaps } };
  const r = run(config, path, signals);
  const trade = (group: string) => row(r.trades.find((t) => t.group === group));

  it('rolls the put side once, on day 5', () => {
    const rolls = r.decisions.filter((d) => d.action === 'roll-condor');
    expect(rolls.map((d) => [r.index(d.day), d.rule, d.group, d.figures.side, d.figures.newExpiry])).toEqual([[5, 'adaptive.rollOnRegimeChange', 'condor-1', 'put', '2021-02-26']]);
    // The note says what the roll did to the cash: the 3735/3685 spread (delta -0.424 on the short put)
    // bought back for more than the far 3285/3235 spread brings, on 13 condors of 100 USD a point.
    const f = rolls[0]!.figures;
    const netPoints = Number(f.closeCostPoints) - Number(f.newCreditPoints);
    expect(netPoints).toBeGreaterThan(0);
    expect(f.rollNetDebitUsd).toBeCloseTo(netPoints * 13 * 100, 9);
    expect(rolls[0]!.reason).toBe(`regime change signalled (vixRsiDivergence); put spread bought back at ${Number(f.closeCostPoints).toFixed(2)} points, the new one sold for ${Number(f.newCreditPoints).toFixed(2)}: net debit ${netPoints.toFixed(2)} points x 13 x 100 = ${(netPoints * 1300).toFixed(0)} USD`);
  });

  it('the condor: entry legs in legs, the rolled put vertical in legsAtClose, one roll', () => {
    expect(trade('condor-1')).toEqual({
      group: 'condor-1',
      opened: '2021-01-04',
      closed: '2021-02-26',
      exitRule: 'settled at expiry',
      legs: ENTRY_CONDOR,
      legsAtClose: 'short put 3285 2021-02-26; long put 3235 2021-02-26',
      rolls: 1,
    });
  });

  it('the layer, never rolled: legs at close are its entry legs, no roll', () => {
    const layer = r.trades.find((t) => t.kind === 'hedge-layer');
    expect(row(layer)).toEqual({ group: layer?.group, opened: '2021-01-04', closed: '2021-01-11', exitRule: 'hedge.takeProfit.multiple', legs: ENTRY_LAYER, legsAtClose: ENTRY_LAYER, rolls: 0 });
  });

  it('a run saved and restored every day writes the same trades: the legs held and the rolls are in the snapshot', () => {
    // The trade is written on day 39 by an engine restored that morning: the roll of day 5 reaches it
    // through 34 snapshots.
    const market = new ConstructedMarket({ startDay: START, path });
    const stepped = runSteppedAndRestored(parseStrategyConfig(config, 'test'), market, (i) => quietSignals(signals(i)));
    expect(stepped.continuousTrades.map(row)).toEqual(r.trades.map(row));
    expect(JSON.stringify(stepped.restoredTrades)).toBe(JSON.stringify(stepped.continuousTrades));
    expect(JSON.stringify(stepped.restoredSnapshot)).toBe(JSON.stringify(stepped.continuousSnapshot));
  });
});

describe('a condor whose long put was widened on a deferred roll: the new long put at close, no roll', () => {
  // The same market without the regime change: on day 5 the hedge's projected payoff (780 USD) exceeds
  // the roll's cost (684 USD), so the roll is deferred, and with widenPutOnDeferredRoll the long put
  // 3685 is sold and the 3680 bought (deferredRollPutWideningPoints.min = 5, same expiry). All four legs
  // settle on 2021-02-19 (day 34); the widened put was opened last, and is written in its place.
  const path = Array.from({ length: 36 }, (_, i) => (i === 5 ? { spx: 3800, vix: 45 } : { spx: 4000, vix: 20 }));
  const r = run({ name: 'widened', entry: { mode: 'calendar' }, management: { mode: 'alvh-adaptive', adaptive: { widenPutOnDeferredRoll: true } }, hedge: { caps: bigCaps } }, path, (i) => ({ regime: 'normal', bearishDivergence: i === 0 }));

  it('widens on day 5 and closes on day 34 with the 3680 put, rolls 0', () => {
    expect(r.decisions.filter((d) => d.rule === 'adaptive.widenPutOnDeferredRoll').map((d) => [r.index(d.day), d.figures.fromStrike, d.figures.toStrike])).toEqual([[5, 3685, 3680]]);
    expect(row(r.trades.find((t) => t.group === 'condor-1'))).toEqual({
      group: 'condor-1',
      opened: '2021-01-04',
      closed: '2021-02-19',
      exitRule: 'settled at expiry',
      legs: ENTRY_CONDOR,
      legsAtClose: 'short put 3735 2021-02-19; long put 3680 2021-02-19; short call 4305 2021-02-19; long call 4355 2021-02-19',
      rolls: 0,
    });
  });
});

describe('a hedge layer rolled once, then cashed: its new calls at close, one roll', () => {
  // One condor (every 100 trading days), held to expiry; a bearish divergence every fifth day keeps
  // layer 1 wanted. Day 25 (Mon 2021-02-08): the layer's calls have 9 days left (< 14) and the day
  // brings a divergence: rolled early (hedge.rollLayerEarly). The 13 calls of 2021-02-17 24.5 are sold
  // and 13 bought at the expiry nearest the 44 days they were bought for, 2021-03-17 (37 days; the next,
  // 2021-04-21, is 72 days out), at today's 30-delta strike on the future, 20: the 24 call's delta is
  // 0.311 and the 24.5's 0.286, so 24. Day 34 (Fri 2021-02-19): the condor settles, never changed (legs at
  // close = legs, no roll); with no condor left the layer is cashed (hedge.whenNoCondor: cash).
  const path = Array.from({ length: 36 }, () => ({ spx: 4000, vix: 20 }));
  const signals = (i: number): Partial<EngineSignals> => ({ regime: 'normal', bearishDivergence: i % 5 === 0 });
  const config: StrategyConfigInput = { name: 'layer-rolled', entry: { mode: 'calendar', calendarCycle: 'every-n-trading-days', calendarEveryTradingDays: 100 }, management: { mode: 'hold-to-expiry' }, hedge: { caps: bigCaps, whenNoCondor: 'cash' } };
  const r = run(config, path, signals);

  it('the layer: its February calls in legs, its March calls in legsAtClose, one roll', () => {
    expect(r.decisions.filter((d) => d.action === 'roll-layer').map((d) => [r.index(d.day), d.rule])).toEqual([[25, 'hedge.rollLayerEarly']]);
    const layer = r.trades.find((t) => t.kind === 'hedge-layer');
    expect(row(layer)).toEqual({ group: layer?.group, opened: '2021-01-04', closed: '2021-02-19', exitRule: 'hedge.cash.noCondor', legs: ENTRY_LAYER, legsAtClose: 'long 13 VIX 2021-03-17 24 call', rolls: 1 });
  });

  it('the condor, never changed: legs at close are its entry legs, no roll', () => {
    expect(row(r.trades.find((t) => t.group === 'condor-1'))).toEqual({ group: 'condor-1', opened: '2021-01-04', closed: '2021-02-19', exitRule: 'settled at expiry', legs: ENTRY_CONDOR, legsAtClose: ENTRY_CONDOR, rolls: 0 });
  });

  it('a run saved and restored every day writes the same trades', () => {
    const market = new ConstructedMarket({ startDay: START, path });
    const stepped = runSteppedAndRestored(parseStrategyConfig(config, 'test'), market, (i) => quietSignals(signals(i)));
    expect(stepped.restoredTrades.map(row)).toEqual(r.trades.map(row));
    expect(JSON.stringify(stepped.restoredTrades)).toBe(JSON.stringify(stepped.continuousTrades));
  });
});
