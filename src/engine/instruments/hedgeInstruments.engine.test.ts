/**
 * The hedge instruments beside VIX calls, each on the constructed market (src/engine/testing/
 * constructedMarket.ts) with its trade worked by hand: layer 1's VIX-futures fund
 * (hedge.firstLayerInstrument: vix-futures-etf), VIX put spreads and VIX calendars for the later layers
 * (hedge.laterLayerStructure).
 *
 * The constructed market: spot VIX is the path's value; the VIX future d calendar days out is
 * F = VIX + (20 - VIX)(1 - exp(-d/60)), its beta to spot VIX exp(-d/60); VIX options are Black-76 on F
 * at a vol of vol 0.9; fills are mid +/- 0.025; fees 0.66 USD per option contract; rates 0. The run starts
 * Monday 2021-01-04 with a condor of 14 contracts (|exposure| about 910 USD per VIX point at VIX 30);
 * VIX expiries 2021-01-20, 2021-02-17 (44 days out), 2021-03-17, 2021-04-21.
 */
import { describe, expect, it } from 'vitest';
import { black76Price, type OptionType } from '../../pricing/black76.js';
import { normCdf } from '../../pricing/normal.js';
import { parseStrategyConfig, type StrategyConfigInput } from '../../strategy/config.js';
import { dayFromIso } from '../../time/day.js';
import type { EngineSignals } from '../marketView.js';
import { ConstructedMarket, quietSignals } from '../testing/constructedMarket.js';
import { CONSTRUCTED_START as START, runConstructed, runSteppedAndRestored, WIDE_NOTIONAL_CAPS as bigCaps } from '../testing/constructedRun.js';

/** USD figures that are sums of fills agree to a millionth of a dollar. */
const USD_TOLERANCE = 1e-6;

const run = (config: StrategyConfigInput, vix: readonly number[], signals: (i: number) => Partial<EngineSignals>) => runConstructed(config, vix.map((v) => ({ spx: 4000, vix: v })), signals);

const future = (vix: number, dteDays: number) => vix + (20 - vix) * (1 - Math.exp(-dteDays / 60));
const beta = (dteDays: number) => Math.exp(-dteDays / 60);
const mid = (type: OptionType, vix: number, strike: number, dteDays: number) => black76Price(type, future(vix, dteDays), strike, 0.9 * Math.sqrt(dteDays / 365), 1);
/** Black-76 delta to the future (a put's is negative). */
const delta = (type: OptionType, vix: number, strike: number, dteDays: number) => {
  const sd = 0.9 * Math.sqrt(dteDays / 365);
  const d1 = Math.log(future(vix, dteDays) / strike) / sd + sd / 2;
  return type === 'call' ? normCdf(d1) : normCdf(d1) - 1;
};

describe('layer 1 in a VIX-futures fund (hedge.firstLayerInstrument: vix-futures-etf)', () => {
  // High regime, so layer 1 goes on with the condor on day 0 (2021-01-04). Condor exposure -909.79 USD
  // per VIX point; the target exposure is 0.9 (the band's middle) x 909.79 = 818.8, the fund's 25 % of it
  // 204.70. The fund holds 10/22 Jan (F 27.659, beta 0.7659) and 12/22 Feb (F 24.803, beta 0.4803):
  // 0.023376 USD per VIX point per USD, so 204.70 / 0.023376 = 8,757 USD of it: 87.571 units at level 100,
  // paid at 100.05. Layer 1's calls cover the rest of its 40 %: 0.175 x 909.79 = 159.2 USD per VIX point
  // at 14.727 per 30.5 call = 11 calls (25 without the fund).
  // VIX 30, 32, 42, 48, 50, 44: the spike turns on day 5 (44 <= 0.9 x 50) and layer 1 is cashed, its
  // fund with it. The fund's level by hand: each day yesterday's weights (10, 9, 8, 7, 6 of 22 in January)
  // value today's futures, less 0.89 %/365 per calendar day: about 139.2 on Monday 2021-01-11; sold at
  // level x 0.9995: P&L = 87.571 x (139.2 x 0.9995 - 100.05) = about +3,420 USD.
  const vix = [30, 32, 42, 48, 50, 44];
  const regime = (i: number): Partial<EngineSignals> => ({ regime: (vix[i] as number) >= 40 ? 'extreme' : 'high' });
  const config = { name: 'fund', hedge: { maxLayers: 1, caps: bigCaps, takeProfitMultipleOfCost: 50, firstLayerInstrument: 'vix-futures-etf' as const } };
  const r = run(config, vix, regime);
  const fundAdd = r.decisions.find((d) => d.action === 'add-layer' && d.reason.startsWith("layer 1's fund"))!;
  const callAdd = r.decisions.find((d) => d.action === 'add-layer' && d.reason.includes('VIX 2021-02-17'))!;
  const condorExposure = Math.abs(Number(callAdd.figures.condorExposureUsd));

  it('buys the fund for 25 % of the target exposure with layer 1, and calls for the rest of layer 1', () => {
    expect(r.index(fundAdd.day)).toBe(0);
    const perUsd = ((10 / 22) * beta(16) + (12 / 22) * beta(44)) / ((10 / 22) * future(30, 16) + (12 / 22) * future(30, 44));
    const units = (0.25 * 0.9 * condorExposure) / perUsd / 100;
    expect(Math.abs(Number(fundAdd.figures.units) - units)).toBeLessThan(1e-9);
    expect(Number(fundAdd.figures.units)).toBeCloseTo(87.571, 3);
    expect(fundAdd.figures.fillLevel).toBeCloseTo(100.05, 12);
    expect(callAdd.reason).toContain('long 11 VIX 2021-02-17 30.5 call');
  });

  it('counts the fund in the hedge ratio: layer 1 as a whole is 40 % of the condor exposure', () => {
    const day0 = r.daily[0]!;
    // 11 calls x 14.727 + 204.70 = 366.7 USD per VIX point: 0.403 of 909.79.
    const callsExposure = 11 * Number(callAdd.figures.exposurePerContractUsd);
    expect(Math.abs(day0.hedgeVixExposureUsd - (callsExposure + 0.225 * condorExposure))).toBeLessThan(USD_TOLERANCE);
    expect(day0.hedgeRatio).toBeCloseTo(0.403, 3);
  });

  it('sells the fund when layer 1 is cashed, for the P&L of its level path', () => {
    const trade = r.trades.find((t) => t.group === fundAdd.group)!;
    expect(r.index(trade.exitDay)).toBe(5);
    expect(trade.exitRule).toBe('hedge.takeProfit.vixSpike');
    const days = [0, 1, 2, 3, 4, 7]; // calendar days after 2021-01-04 (the fifth trading day is Monday 2021-01-11)
    const janWeights = [10, 9, 8, 7, 6, 5].map((n) => n / 22);
    let level = 100;
    for (let k = 1; k < days.length; k++) {
      const [d0, d1, w] = [days[k - 1] as number, days[k] as number, janWeights[k - 1] as number];
      const value = (v: number, d: number) => w * future(v, 16 - d) + (1 - w) * future(v, 44 - d);
      level *= (value(vix[k] as number, d1) / value(vix[k - 1] as number, d0)) * (1 - (0.0089 * (d1 - d0)) / 365);
    }
    expect(level).toBeCloseTo(139.2, 1);
    const units = Number(fundAdd.figures.units);
    expect(Math.abs(trade.pnlUsd - units * (level * 0.9995 - 100.05))).toBeLessThan(USD_TOLERANCE);
    expect(r.decisions.filter((d) => d.group === fundAdd.group && d.action === 'cash-layer')).toHaveLength(1);
  });

  it('is not bought with the default instrument, nor without a layer 1', () => {
    const calls = run({ ...config, hedge: { ...config.hedge, firstLayerInstrument: 'vix-calls' } }, vix, regime);
    expect(calls.decisions.some((d) => d.reason.includes("layer 1's fund"))).toBe(false);
    expect(calls.decisions.find((d) => d.action === 'add-layer')!.reason).toContain('long 25 VIX 2021-02-17 30.5 call');
    // Normal regime, no divergence: no layer 1, so no fund.
    const quiet = run(config, [18, 18, 18], () => ({ regime: 'normal' }));
    expect(quiet.decisions.some((d) => d.action === 'add-layer')).toBe(false);
    expect(quiet.daily.every((d) => d.hedgeVixExposureUsd === 0)).toBe(true);
  });
});

describe('later layers as short VIX put spreads (hedge.laterLayerStructure: vix-put-spread)', () => {
  // High regime, VIX 30, 30, 31, 33. Day 0: layer 1, 25 Feb 30.5 calls. Day 1 (2021-01-05), a
  // confirmation: layer 2 at the March expiry (71 days, F = 30 - 10 x (1 - e^(-71/60)) = 23.06), 25 units
  // (the 4/4 ladder): sell the put at 0.5 delta to its future, struck at 25, buy the 20 put. The
  // premiums: P(25) = 4.826, P(20) = 2.069 (mids), a credit of (4.826 - 0.025) - (2.069 + 0.025) = 2.707
  // per unit, 6,768 USD; the layer's cost basis is what it can lose, (5 - 2.707) x 25 x 100 = 5,731 USD.
  // Exposure: (|d(25)| - |d(20)|) x beta(71) x 100 = (0.502 - 0.289) x 0.306 x 100 = 6.5 USD per VIX
  // point per spread: long VIX. Day 3 (VIX 33, 69 days): F = 24.12, P(25) = 4.267, P(20) = 1.741: the
  // spread is worth 2.526, less than its credit: P&L = 25 x 100 x (2.707 - 2.526) - 2 x 25 x 0.66 = +421 USD.
  const vix = [30, 30, 31, 33];
  const r = run({ name: 'puts', hedge: { caps: bigCaps, laterLayerStructure: 'vix-put-spread', hedgeRatioBand: { min: 0.6, max: 5 } } }, vix, (i) => ({ regime: 'high', confirmations: i === 1 ? ['vixSpike'] : [] }));
  const add = r.decisions.find((d) => d.action === 'add-layer' && d.figures.layer === 2)!;

  it('sells the 25 put and buys the 20 put of March on the confirmation, 25 units', () => {
    expect(r.index(add.day)).toBe(1);
    expect(add.reason).toContain('long 25 VIX 2021-03-17 20 put; short 25 VIX 2021-03-17 25 put');
    const credit = mid('put', 30, 25, 71) - 0.025 - (mid('put', 30, 20, 71) + 0.025);
    expect(credit).toBeCloseTo(2.707, 3);
    expect(Math.abs(Number(add.figures.premiumUsd) - 25 * (5 - credit) * 100)).toBeLessThan(USD_TOLERANCE);
  });

  it('adds its long-VIX exposure to the hedge ratio', () => {
    const perSpread = (Math.abs(delta('put', 30, 25, 71)) - Math.abs(delta('put', 30, 20, 71))) * beta(71) * 100;
    expect(perSpread).toBeGreaterThan(0);
    const layer1 = 25 * delta('call', 30, 30.5, 43) * beta(43) * 100;
    expect(Math.abs(r.daily[1]!.hedgeVixExposureUsd - (layer1 + 25 * perSpread))).toBeLessThan(USD_TOLERANCE);
  });

  it('gains as VIX rises: the P&L of the marks by hand', () => {
    const credit = mid('put', 30, 25, 71) - 0.025 - (mid('put', 30, 20, 71) + 0.025);
    const spreadNow = mid('put', 33, 25, 69) - mid('put', 33, 20, 69);
    const pnl = 25 * 100 * (credit - spreadNow) - 2 * 25 * 0.66;
    expect(Math.abs(r.pnlByGroupUsd[add.group as string]! - pnl)).toBeLessThan(USD_TOLERANCE);
    expect(pnl).toBeCloseTo(421, 0);
  });

  it('is not bought without a confirmation; layer 2 is calls under the default', () => {
    const none = run({ name: 'puts', hedge: { caps: bigCaps, laterLayerStructure: 'vix-put-spread', hedgeRatioBand: { min: 0.6, max: 5 } } }, vix, () => ({ regime: 'high' }));
    expect(none.decisions.some((d) => d.action === 'add-layer' && d.figures.layer === 2)).toBe(false);
    const calls = run({ name: 'calls', hedge: { caps: bigCaps, hedgeRatioBand: { min: 0.6, max: 5 } } }, vix, (i) => ({ regime: 'high', confirmations: i === 1 ? ['vixSpike'] : [] }));
    expect(calls.decisions.find((d) => d.action === 'add-layer' && d.figures.layer === 2)!.reason).toMatch(/long 25 VIX 2021-03-17 [\d.]+ call$/);
  });
});

describe('later layers as VIX calendars (hedge.laterLayerStructure: vix-calendar)', () => {
  // Contango: VIX 14 (elevated regime, so the drag cap is off), a bearish divergence on day 0 (layer 1:
  // 48 Feb 21 calls), a confirmation on day 1 (2021-01-05): layer 2 buys 48 March calls at the hedge
  // strike, 24 (30 delta to F(71 d) = 14 + 6 x (1 - e^(-71/60)) = 18.16), and sells 48 February 24 calls
  // (43 days, F = 17.07). Premium: (C_Mar(24) + 0.025) - (C_Feb(24) - 0.025) = 1.192 - 0.398 = 0.794 per
  // unit, 3,810 USD. Exposure: (d_Mar x beta(71) - d_Feb x beta(43)) x 100 = (0.307 x 0.306 - 0.171 x
  // 0.488) x 100 = +1.0 USD per VIX point per calendar: a small long-VIX exposure in contango. Day 3
  // (VIX 16): the March call is worth 1.312, the February 0.562: P&L = 48 x 100 x (0.750 - 0.794) - 2 x 48
  // x 0.66 = about -275 USD (VIX up 2 points, and the calendar still loses: its exposure is that small).
  const vix = [14, 14, 14.5, 16];
  const signals = (i: number): Partial<EngineSignals> => ({ regime: 'elevated', bearishDivergence: i === 0, confirmations: i === 1 ? ['vixSpike'] : [] });
  const config = { name: 'calendar', hedge: { caps: bigCaps, laterLayerStructure: 'vix-calendar' as const, hedgeRatioBand: { min: 0.6, max: 5 } } };
  const r = run(config, vix, signals);
  const add = r.decisions.find((d) => d.action === 'add-layer' && d.figures.layer === 2)!;

  it('buys the March call and sells the February call at the same strike on the confirmation', () => {
    expect(r.index(add.day)).toBe(1);
    expect(add.reason).toContain('long 48 VIX 2021-03-17 24 call; short 48 VIX 2021-02-17 24 call');
    const debit = mid('call', 14, 24, 71) + 0.025 - (mid('call', 14, 24, 43) - 0.025);
    expect(debit).toBeCloseTo(0.79, 2);
    expect(Math.abs(Number(add.figures.premiumUsd) - 48 * debit * 100)).toBeLessThan(USD_TOLERANCE);
    const perUnit = (delta('call', 14, 24, 71) * beta(71) - delta('call', 14, 24, 43) * beta(43)) * 100;
    expect(perUnit).toBeGreaterThan(0);
  });

  it('marks both legs off their own futures: the P&L by hand', () => {
    const debit = mid('call', 14, 24, 71) + 0.025 - (mid('call', 14, 24, 43) - 0.025);
    const now = mid('call', 16, 24, 69) - mid('call', 16, 24, 41);
    const pnl = 48 * 100 * (now - debit) - 2 * 48 * 0.66;
    expect(Math.abs(r.pnlByGroupUsd[add.group as string]! - pnl)).toBeLessThan(USD_TOLERANCE);
    expect(pnl).toBeLessThan(-250);
    expect(pnl).toBeGreaterThan(-300);
  });

  it('in backwardation its exposure is short VIX: the layer sizes to nothing and says why', () => {
    // VIX 30: the nearer future is the higher one and moves more, so the sold February call outweighs
    // the bought March call; the sizing rule refuses a layer with no positive exposure.
    const back = run(config, [30, 30, 30], (i) => ({ regime: 'high', confirmations: i === 1 ? ['vixSpike'] : [] }));
    const refused = back.decisions.find((d) => d.figures.layer === 2)!;
    expect(refused.rule).toBe('hedge.sizing');
    expect(refused.reason).toContain('no contracts');
    const perUnit = (delta('call', 30, 30.5, 71) * beta(71) - delta('call', 30, 30.5, 43) * beta(43)) * 100;
    expect(perUnit).toBeLessThan(0);
  });
});

describe('the fund leaves when layer 1 is gone, across the index\'s monthly rolls', () => {
  // Day 0 (2021-01-04, high regime, VIX 30): layer 1 (11 Feb 30.5 calls) and the fund. From day 1 VIX
  // is 18 in a resolution: the roll of layer 1 (due under 7 days) is not wanted, the layer decays and
  // its calls settle at the VIX open on 2021-02-17; that close the fund is sold with
  // `hedge.etf.layerOneGone`. On the way the fund's index rolled from January into February (the period
  // starting 2021-01-19) and, on 2021-02-16, all into March: it never holds a future on its settlement day.
  const vix = Array.from({ length: 34 }, (_, i) => (i === 0 ? 30 : 18));
  const r = run({ name: 'gone', hedge: { maxLayers: 1, caps: bigCaps, firstLayerInstrument: 'vix-futures-etf' } }, vix, (i) => ({ regime: i === 0 ? 'high' : 'normal', resolution: i > 0 }));
  it('sells the fund the day layer 1 settles, not before', () => {
    const sold = r.decisions.filter((d) => d.rule === 'hedge.etf.layerOneGone');
    expect(sold).toHaveLength(1);
    expect(sold[0]!.day).toBe(dayFromIso('2021-02-17'));
    expect(r.trades.find((t) => t.group === sold[0]!.group)!.exitRule).toBe('hedge.etf.layerOneGone');
    // VIX fell from 30 to 18: the futures fell and the fund lost (its exposure is long VIX).
    expect(r.trades.find((t) => t.group === sold[0]!.group)!.pnlUsd).toBeLessThan(0);
    expect(r.daily.at(-1)!.hedgeVixExposureUsd).toBe(0);
  });
});

describe('the instruments in the daily signal\'s saved state', () => {
  it('a run restored from its snapshot every day decides as one continuous run', () => {
    const path = Array.from({ length: 70 }, (_, i) => ({ spx: 4000 - 300 * Math.sin(i / 9), vix: 22 + 10 * Math.sin(i / 9) }));
    const market = new ConstructedMarket({ startDay: START, path });
    const signals = (i: number) => quietSignals({ regime: path[i]!.vix >= 28 ? 'high' : 'elevated', entryTrigger: i % 9 === 0, confirmations: i % 13 === 5 ? ['vixSpike'] : [], termStructureInverted: path[i]!.vix > 30 });
    for (const laterLayerStructure of ['vix-put-spread', 'vix-calendar'] as const) {
      const config = parseStrategyConfig({ name: 'restore', hedge: { caps: bigCaps, firstLayerInstrument: 'vix-futures-etf', laterLayerStructure } }, 'test');
      const run = runSteppedAndRestored(config, market, signals);
      expect(JSON.stringify(run.continuous)).toContain("layer 1's fund");
      // Later layers of the structure were bought too (a sold VIX put, or a sold nearer VIX call).
      expect(JSON.stringify(run.continuous)).toMatch(laterLayerStructure === 'vix-put-spread' ? /short \d+ VIX [\d-]+ [\d.]+ put/ : /short \d+ VIX [\d-]+ [\d.]+ call/);
      expect(JSON.stringify(run.restored)).toBe(JSON.stringify(run.continuous));
      expect(JSON.stringify(run.restoredSnapshot)).toBe(JSON.stringify(run.continuousSnapshot));
      // The trades too: each one's legs at close and rolls reach it through the snapshots.
      expect(JSON.stringify(run.restoredTrades)).toBe(JSON.stringify(run.continuousTrades));
    }
  });
});

describe('trimming a calendar layer takes its sold call with its bought call', () => {
  it('a resolution trim leaves no short VIX call behind', () => {
    // The contango calendar of the test above (48 March 24 calls bought, 48 February 24 calls sold on
    // day 1), on a two-rung ladder so the rebalance runs once both rungs are held. A resolution from day
    // 2: on day 4 (the fifth trading day) the ratio is trimmed toward the band's bottom, 0.1, latest
    // layer first. The calendar's exposure is about 1 USD per VIX point per unit, so the trim sells
    // every bought March call, and each sale takes a paired February call with it: the layer closes whole.
    const vix = [14, 14, 14.5, 15, 15, 15];
    const r = run(
      { name: 'trim', hedge: { caps: bigCaps, laterLayerStructure: 'vix-calendar', maxLayers: 2, ladderTenors: ['M1', 'M2'], ladderContractRatio: [4, 4], hedgeRatioBand: { min: 0.1, max: 5 } } },
      vix,
      (i) => ({ regime: 'elevated', bearishDivergence: i === 0, confirmations: i === 1 ? ['vixSpike'] : [], resolution: i >= 2 }),
    );
    const calendar = r.decisions.find((d) => d.action === 'add-layer' && d.figures.layer === 2)!;
    expect(calendar.reason).toContain('long 48 VIX 2021-03-17 24 call; short 48 VIX 2021-02-17 24 call');
    const trade = r.trades.find((t) => t.group === calendar.group)!;
    expect(trade.exitRule).toBe('hedge.rebalance.resolutionTrim');
    expect(r.index(trade.exitDay)).toBe(4);
    // What is left of the hedge is layer 1's calls alone: no sold call without its bought one.
    expect(r.ledger.filter((e) => e.group === calendar.group && e.detail.startsWith('close')).map((e) => e.detail.split(' @')[0])).toEqual([
      'close 48 long 48 VIX 2021-03-17 24 call',
      'close 48 short 48 VIX 2021-02-17 24 call',
    ]);
  });
});
