/**
 * The rebalance that keeps the hedge ratio in its band (METHODOLOGY section 4: "kept inside it once
 * fully layered"; "every rebalanceDays = 5 trading days recompute exposures and bring the ratio back
 * inside the band"), on the constructed market of src/engine/testing/constructedMarket.ts (see
 * hedgeRules.engine.test.ts for its formulas), each trade worked in the comment.
 */
import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../strategy/config.js';
import type { EngineSignals } from './marketView.js';
import type { DailyRecord } from './records.js';
import { runConstructed as run, WIDE_NOTIONAL_CAPS as bigCaps } from './testing/constructedRun.js';

/** Hedge ratios read off the records agree to the fourth decimal, as the comments round them. */
const RATIO_DECIMALS = 4;

describe('the band still applies after a trim sold a rung whole (hedge.rebalanceWhen)', () => {
  // High regime (no drag cap), notional caps at 100 % of equity, VIX 30 for three days then 37.
  // Day 0: the condor (14 contracts) and layer 1, 25 M1 calls struck 30.5; day 1: layer 2 on a
  // confirmation, 25 M2 calls (4/4/2 to layer 1's 25); day 2: layer 3 on an inverted term structure,
  // 13 M3 calls struck 31.5: fully layered, ratio 0.741. Day 3, VIX 37: ratio 1.310. Day 4, the first
  // rebalance (its fifth trading day): ratio 1.323, it sells latest layers first, 13 M3 calls (layer 3
  // gone) and 2 M2 calls: ratio 1.186. Layer 3 cools down, and when its trigger fires again (day 7) the
  // band's top allows none of it. Days 5-8 the ratio drifts up with the calls' deltas, 1.226 to 1.286.
  // Day 9, the next rebalance day: hedge 1,089.27 against -847.20 USD/VIX pt, ratio 1.286, excess
  // 1,089.27 - 1.2 x 847.20 = 72.63; an M2 30.5 call carries 14.74 USD/VIX pt, so ceil(72.63 / 14.74)
  // = 5 are sold: hedge 1,015.57, ratio 1.199, back in the band.
  // Under `every-rung-held` the band stops applying on day 4 (a rung is missing): no rebalance on day
  // 9, the ratio stays above the top, 1.286 on day 9 and 1.336 on day 10.
  const path = [30, 30, 30, 37, 37, 37, 37, 37, 37, 37, 37].map((vix) => ({ spx: 4000, vix }));
  const signals = (i: number): Partial<EngineSignals> => ({ regime: 'high', confirmations: i === 1 ? ['vixSpike'] : [], termStructureInverted: i === 2 });
  const latched = run({ name: 'once', hedge: { caps: bigCaps } }, path, signals);
  const strict = run({ name: 'every', hedge: { caps: bigCaps, rebalanceWhen: 'every-rung-held' } }, path, signals);
  const rebalances = (r: typeof latched) => r.decisions.filter((d) => d.action === 'rebalance').map((d) => [r.index(d.day), d.rule, d.figures.contractsSold]);
  const ratio = (r: typeof latched, i: number) => (r.daily[i] as DailyRecord).hedgeRatio as number;

  it('defaults to the band applying once fully layered', () => {
    expect(parseStrategyConfig({ name: 'x' }, 'test').hedge.rebalanceWhen).toBe('once-fully-layered');
    expect(() => parseStrategyConfig({ name: 'x', hedge: { rebalanceWhen: 'always' } }, 'test')).toThrow(/hedge\.rebalanceWhen/);
  });

  it('trims on day 4 under both settings, selling layer 3 whole', () => {
    for (const r of [latched, strict]) {
      expect(rebalances(r)[0]).toEqual([4, 'hedge.rebalance.aboveBand', 15]);
      expect(r.daily[4]?.hedgeLayers).toBe(2);
      expect(ratio(r, 4)).toBeCloseTo(1.1863, RATIO_DECIMALS);
    }
  });

  it('once fully layered: rebalances again on day 9, selling 5 calls back into the band', () => {
    expect(rebalances(latched)).toEqual([
      [4, 'hedge.rebalance.aboveBand', 15],
      [9, 'hedge.rebalance.aboveBand', 5],
    ]);
    expect(ratio(latched, 9)).toBeCloseTo(1.1987, RATIO_DECIMALS);
    expect(latched.daily.slice(4).map((d) => d.band?.bandApplies)).toEqual(Array(7).fill(true));
    expect(latched.daily.slice(4).map((d) => d.band?.fullyLayered)).toEqual(Array(7).fill(false));
  });

  it('every rung held: the band is off after day 4 and the ratio stays above it', () => {
    expect(rebalances(strict)).toHaveLength(1);
    expect(ratio(strict, 9)).toBeCloseTo(1.2857, RATIO_DECIMALS);
    expect(ratio(strict, 10)).toBeCloseTo(1.3362, RATIO_DECIMALS);
    const b = strict.daily[10]?.band;
    expect(b?.status === 'above-band' ? b.reason : b?.status).toBe('not-fully-layered');
  });
});

describe('in a resolution the rebalance lets the layers decay below the band', () => {
  // The same ladder (25 M1, 25 M2, 13 M3 calls, fully layered on day 2, ratio 0.741), then VIX falls
  // to 25: the calls' deltas fall and the condor's exposure grows, ratio 0.484 on day 3. Day 4, the
  // rebalance day: hedge 508.56 against -1,045.42, ratio 0.486. Outside a resolution it buys the
  // cheapest exposure per dollar, M1 (Feb 30.5) calls at 15.58 USD/VIX pt each: missing 0.6 x 1,045.42
  // - 508.56 = 118.69, 7.62 calls, 8 bought: ratio 0.606. In a resolution (from day 3) it buys nothing
  // ("let layers decay"): the ratio stays 0.486, and the day is below the band by that rule.
  const path = [30, 30, 30, 25, 25, 25].map((vix) => ({ spx: 4000, vix }));
  const signals = (resolution: boolean) => (i: number): Partial<EngineSignals> => ({ regime: 'high', confirmations: i === 1 ? ['vixSpike'] : [], termStructureInverted: i === 2, resolution: resolution && i >= 3 });
  const normal = run({ name: 'normal', hedge: { caps: bigCaps } }, path, signals(false));
  const resolution = run({ name: 'resolution', hedge: { caps: bigCaps } }, path, signals(true));
  const rebalances = (r: typeof normal) => r.decisions.filter((d) => d.action === 'rebalance').map((d) => [r.index(d.day), d.rule, d.figures.contractsBought ?? 0]);

  it('outside a resolution tops up 8 M1 calls into the band', () => {
    expect(rebalances(normal)).toEqual([[4, 'hedge.rebalance.belowBand', 8]]);
    expect((normal.daily[4] as DailyRecord).hedgeRatio).toBeCloseTo(0.6057, RATIO_DECIMALS);
  });

  it('in a resolution buys nothing, logs why, and classifies the days below the band as let-decay', () => {
    expect(rebalances(resolution)).toEqual([[4, 'hedge.rebalance.resolutionDecay', 0]]);
    expect((resolution.daily[4] as DailyRecord).hedgeRatio).toBeCloseTo(0.4865, RATIO_DECIMALS);
    for (const d of resolution.daily.slice(3)) expect(d.band?.status === 'below-band-headroom' ? d.band.reason : d.band?.status).toBe('let-decay');
  });
});
