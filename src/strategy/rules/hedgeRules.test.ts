import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseStrategyConfig } from '../config.js';
import {
  aboveBandHeldNearCondorExpiry,
  calendarHedgeWeight,
  applyHedgePremiumCaps,
  hedgeLayerContracts,
  hedgeLayerRollDue,
  hedgeLayerRollWanted,
  hedgeLayerTakeProfit,
  hedgeLayerTrigger,
  hedgeRatio,
  hedgeRatioText,
  hedgeRebalanceExposureUsd,
  maxContractsWithin,
  spxLegVixExposureUsd,
  vixOptionVixExposureUsd,
  vixSpikeCash,
} from './hedgeRules.js';

const ladder = parseStrategyConfig({ name: 'l' }, 'test');
const taper = parseStrategyConfig({ name: 't', hedge: { layering: 'taper' } }, 'test');
const quiet = { regime: 'normal' as const, rungsHeld: [] as number[], rungsCooling: [] as number[], condorOpen: true, bearishDivergence: false, confirmations: [], regimeAgeTradingDays: 0, termStructureInverted: false, reliefRally: false, resolution: false };

describe('exposure in USD per VIX point', () => {
  it('matches the methodology example: a -120 book with a first layer of +48', () => {
    // Condor: 10 short contracts with vega 0.12 per vol point at beta 1 = -120 USD per VIX point.
    const condor = spxLegVixExposureUsd(-10, 0.12, 1);
    expect(condor).toBeCloseTo(-120, 10);
    // VIX call: delta 0.3, future beta 0.5 -> 15 USD per contract.
    expect(vixOptionVixExposureUsd(1, 0.3, 0.5)).toBeCloseTo(15, 10);
    const layer = hedgeLayerContracts(ladder, { layer: 1, condorExposureUsd: condor, exposurePerContractUsd: 1.5, premiumPerContractUsd: 50, heldLayerContracts: new Map(), heldLayerPremiumUsd: new Map() });
    // 40 % of 120 = 48 USD per VIX point: 32 contracts of 1.5.
    expect(layer.rule).toBe('hedge.sizing.firstLayer');
    expect(layer.contracts).toBe(32);
    expect(hedgeRatio(32 * 1.5, condor)).toBeCloseTo(0.4, 12);
  });
});

describe('layer triggers', () => {
  it('layer 1 goes on with the condor in high and extreme regimes only', () => {
    expect(hedgeLayerTrigger(ladder, { ...quiet, regime: 'high' }).rule).toBe('hedge.layer1.regime');
    expect(hedgeLayerTrigger(ladder, { ...quiet, regime: 'extreme' }).layer).toBe(1);
    expect(hedgeLayerTrigger(ladder, { ...quiet, regime: 'elevated' }).fired).toBe(false);
  });
  it('layer 1 otherwise waits for a bearish divergence', () => {
    expect(hedgeLayerTrigger(ladder, { ...quiet, bearishDivergence: true }).rule).toBe('hedge.layer1.bearishDivergence');
  });
  it('layer 2 needs a confirmation', () => {
    expect(hedgeLayerTrigger(ladder, { ...quiet, rungsHeld: [1] }).fired).toBe(false);
    expect(hedgeLayerTrigger(ladder, { ...quiet, rungsHeld: [1], confirmations: ['vixSpike'] }).rule).toBe('hedge.layer2.confirmation');
  });
  it('layer 3 needs the regime to persist 5 days or the term structure to invert', () => {
    expect(hedgeLayerTrigger(ladder, { ...quiet, rungsHeld: [1, 2], regime: 'elevated', regimeAgeTradingDays: 4 }).fired).toBe(false);
    expect(hedgeLayerTrigger(ladder, { ...quiet, rungsHeld: [1, 2], regime: 'elevated', regimeAgeTradingDays: 5 }).rule).toBe('hedge.layer3.regimePersists');
    expect(hedgeLayerTrigger(ladder, { ...quiet, rungsHeld: [1, 2], termStructureInverted: true }).rule).toBe('hedge.layer3.termStructureInverted');
  });
  it('adds nothing without a condor, in a resolution, or when disabled', () => {
    expect(hedgeLayerTrigger(ladder, { ...quiet, regime: 'high', condorOpen: false }).fired).toBe(false);
    expect(hedgeLayerTrigger(ladder, { ...quiet, regime: 'high', resolution: true }).fired).toBe(false);
    const off = parseStrategyConfig({ name: 'o', hedge: { enabled: false } }, 'test');
    expect(hedgeLayerTrigger(off, { ...quiet, regime: 'high' }).fired).toBe(false);
  });
});

describe('layer sizing', () => {
  it('ladder keeps the 4/4/2 contract ratio to layer 1', () => {
    const held = new Map([[1, 40]]);
    const l2 = hedgeLayerContracts(ladder, { layer: 2, condorExposureUsd: -1000, exposurePerContractUsd: 10, premiumPerContractUsd: 100, heldLayerContracts: held, heldLayerPremiumUsd: new Map() });
    const l3 = hedgeLayerContracts(ladder, { layer: 3, condorExposureUsd: -1000, exposurePerContractUsd: 10, premiumPerContractUsd: 100, heldLayerContracts: held, heldLayerPremiumUsd: new Map() });
    // Layer 1 holds 40: layer 2 is 40 x 4 / 4 = 40 and layer 3 40 x 2 / 4 = 20, whatever the exposure.
    expect([l2.rule, l3.rule]).toEqual(['hedge.sizing.ladder', 'hedge.sizing.ladder']);
    expect([l2.contracts, l3.contracts]).toEqual([40, 20]);
  });
  it('taper buys 0.6 of the previous layer\'s premium', () => {
    const r = hedgeLayerContracts(taper, { layer: 2, condorExposureUsd: -1000, exposurePerContractUsd: 10, premiumPerContractUsd: 100, heldLayerContracts: new Map([[1, 40]]), heldLayerPremiumUsd: new Map([[1, 5000]]) });
    // Layer 1 cost 5,000 USD: layer 2 may spend 0.6 x 5,000 = 3,000 USD, 30 calls of 100 USD.
    expect(r.rule).toBe('hedge.sizing.taper');
    expect(r.contracts).toBe(30);
  });
});

describe('caps', () => {
  const base = { equityUsd: 1_000_000, regime: 'elevated' as const, heldPremiumUsd: 0, quietPremiumLastMonthUsd: 0, confirmed: false, premiumOfContractsUsd: (n: number) => 100 * n, requestedContracts: 500 };
  it('limits premium to 1 % of equity before confirmation and 3 % after', () => {
    // 1 % of 1,000,000 USD = 10,000 USD before a confirmation: 100 of the 500 calls of 100 USD; 3 %
    // after it, 300. 50 calls (5,000 USD) fit under the first cap, which then binds nothing.
    const first = applyHedgePremiumCaps(ladder, base);
    expect([first.contracts, first.rule, first.boundBy]).toEqual([100, 'hedge.caps.firstDivergenceNotional', 'hedge.caps.firstDivergenceNotional']);
    const confirmed = applyHedgePremiumCaps(ladder, { ...base, confirmed: true });
    expect([confirmed.contracts, confirmed.rule]).toEqual([300, 'hedge.caps.confirmedNotional']);
    const within = applyHedgePremiumCaps(ladder, { ...base, requestedContracts: 50 });
    expect([within.fired, within.contracts, within.rule, within.boundBy]).toEqual([false, 50, 'hedge.caps.withinCaps', undefined]);
  });
  it('applies the 0.15 % monthly drag cap in quiet regimes and says so', () => {
    const r = applyHedgePremiumCaps(ladder, { ...base, regime: 'calm', quietPremiumLastMonthUsd: 500 });
    expect(r.contracts).toBe(10);
    expect(r.boundBy).toBe('hedge.caps.maxDrag');
  });
  it("prices a layer spread over tenors at each tenor's premium, not the first one's", () => {
    // A relief layer split 30/60/90 days, first tenors first (10 contracts: 4/3/3), at 80, 100 and 120
    // USD a contract. Calm regime, 500 USD of the 1,500 USD drag budget spent: 1,000 USD left.
    // 9 contracts (3/3/3) cost 3 x 80 + 3 x 100 + 3 x 120 = 900 USD; 10 (4/3/3) cost 980; 11 (4/4/3)
    // cost 1,080, over. So 10 contracts, where the first tenor's 80 USD would have allowed
    // floor(1,000 / 80) = 12 (5/4/3: 400 + 400 + 360 = 1,160 USD, 16 % over the cap).
    const premiums = [80, 100, 120];
    const split = (n: number) => premiums.map((_, i) => Math.floor(n / 3) + (i < n % 3 ? 1 : 0));
    const premiumOfContractsUsd = (n: number) => split(n).reduce((usd, k, i) => usd + k * (premiums[i] as number), 0);
    const r = applyHedgePremiumCaps(ladder, { ...base, regime: 'calm', quietPremiumLastMonthUsd: 500, premiumOfContractsUsd });
    expect(r.contracts).toBe(10);
    expect(premiumOfContractsUsd(r.contracts)).toBe(980);
    expect(r.reason).toBe('cap allows 10 of 500 contracts (1000 USD of premium left)');
  });
});

describe('maxContractsWithin', () => {
  it('finds the most contracts within a limit for any non-decreasing amount', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 20_000 }), (steps, limit) => {
        // amountOf(n): the first n steps summed (each step >= 0, so it never decreases).
        const amountOf = (n: number) => steps.slice(0, n).reduce((s, x) => s + x, 0);
        const found = maxContractsWithin(limit, amountOf, steps.length);
        let expected = 0;
        while (expected < steps.length && amountOf(expected + 1) <= limit) expected++;
        expect(found).toBe(expected);
      }),
    );
  });
});

describe('rebalance, roll and take profit', () => {
  it('brings the ratio back to the nearest band edge', () => {
    expect(hedgeRebalanceExposureUsd(ladder, 1500, -1000, false).exposureChangeUsd).toBeCloseTo(-300, 10);
    expect(hedgeRebalanceExposureUsd(ladder, 400, -1000, false).exposureChangeUsd).toBeCloseTo(200, 10);
    expect(hedgeRebalanceExposureUsd(ladder, 900, -1000, false).fired).toBe(false);
  });
  it('says the ratio with the two exposures it is measured from, in exponent form once it is 1,000 or more', () => {
    // 1,500 against 1,000 USD per VIX point: 1.50, trim 300.
    expect(hedgeRebalanceExposureUsd(ladder, 1500, -1000, false).reason).toBe("ratio 1.50 above 1.2 (hedge 1500 USD per VIX point against the condors' 1000)");
    expect(hedgeRebalanceExposureUsd(ladder, 400, -1000, false).reason).toBe("ratio 0.40 below 0.6 (hedge 400 USD per VIX point against the condors' 1000)");
    expect(hedgeRebalanceExposureUsd(ladder, 900, -1000, true).reason).toBe("resolution: trim ratio 0.90 toward the band's bottom 0.6 (hedge 900 USD per VIX point against the condors' 1000)");
    // The default run's 2013-06-27 (alvh-ladder): three condors' call spreads (short 1725) a day from
    // expiry, with SPX near 1,600, carry -1.4645e-9 USD per VIX point against layer 1's 31.82 (ratio
    // 21,726,364,462.65 in full). No fault: the condors' exposure has all but gone, and the trim sells
    // the 2 calls held.
    const expiring = hedgeRebalanceExposureUsd(ladder, 31.82, -1.4645e-9, false);
    expect(expiring.reason).toBe("ratio 2.17e+10 above 1.2 (hedge 32 USD per VIX point against the condors' 0.00)");
    expect(expiring.exposureChangeUsd).toBeCloseTo(-31.82, 6);
    expect(hedgeRatioText(999.994)).toBe('999.99');
    expect(hedgeRatioText(1000)).toBe('1.00e+3');
    expect(hedgeRatioText(0)).toBe('0.00');
    // The daily signal's book line prints three decimals, and the same exponent form from 1,000.
    expect(hedgeRatioText(0.3857, 3)).toBe('0.386');
    expect(hedgeRatioText(866631.596, 3)).toBe('8.67e+5');
  });
  it('a ratio on a band edge but for rounding is on it: a purchase cut to the headroom is not trimmed back', () => {
    // 1,464.3 USD per VIX point of condors: a top of 1.2 allows 1,757.16; a hedge cut to it that reads
    // one bit above (1.2000000000000002 in a run) is in the band, 0.1 USD above it is not.
    const condor = -1464.3;
    const onTop = 1.2000000000000002 * 1464.3;
    expect(hedgeRebalanceExposureUsd(ladder, onTop, condor, false).rule).toBe('hedge.rebalance.inBand');
    expect(hedgeRebalanceExposureUsd(ladder, 1.2 * 1464.3 + 0.1, condor, false).rule).toBe('hedge.rebalance.aboveBand');
    expect(hedgeRebalanceExposureUsd(ladder, 0.6 * 1464.3 * (1 - 1e-15), condor, false).rule).toBe('hedge.rebalance.inBand');
    expect(hedgeRebalanceExposureUsd(ladder, 0.6 * 1464.3 - 0.1, condor, false).rule).toBe('hedge.rebalance.belowBand');
  });
  it('holds an above-band trim when every condor expires within the hold window, if one is set', () => {
    // Ratio 1.5 against a band top of 1.2. Off by default (0 days): the trim goes ahead.
    const ratio = 1.5;
    expect(aboveBandHeldNearCondorExpiry(ladder, 2, ratio).fired).toBe(false);
    // A 7-day window: held with 0 to 7 days left, trimmed from 8, and with no condor leg held.
    const holding = parseStrategyConfig({ name: 'h', hedge: { aboveBandHoldBeforeCondorExpiryDays: 7 } }, 'test');
    const held = aboveBandHeldNearCondorExpiry(holding, 7, ratio);
    expect(held).toMatchObject({ rule: 'hedge.rebalance.aboveBandHeldNearCondorExpiry', fired: true, figures: { hedgeRatio: 1.5, daysToLastCondorExpiry: 7, holdWindowDays: 7 } });
    expect(held.reason).toBe('ratio 1.50 above 1.2, but every open condor expires within 7 days (hold window 7): not trimmed against a book that is expiring');
    expect(aboveBandHeldNearCondorExpiry(holding, 0, ratio).fired).toBe(true);
    expect(aboveBandHeldNearCondorExpiry(holding, 8, ratio).fired).toBe(false);
    expect(aboveBandHeldNearCondorExpiry(holding, undefined, ratio).fired).toBe(false);
    expect(() => parseStrategyConfig({ name: 'h', hedge: { aboveBandHoldBeforeCondorExpiryDays: -1 } }, 'test')).toThrow(/aboveBandHoldBeforeCondorExpiryDays/);
  });
  it('trims toward the bottom of the band in a resolution', () => {
    expect(hedgeRebalanceExposureUsd(ladder, 900, -1000, true).exposureChangeUsd).toBeCloseTo(-300, 10);
  });
  it('buys nothing below the band in a resolution: the layers are left to decay', () => {
    // Ratio 400 / 1,000 = 0.4: outside a resolution it buys 0.6 x 1,000 - 400 = 200 USD/VIX pt.
    const r = hedgeRebalanceExposureUsd(ladder, 400, -1000, true);
    expect(r).toMatchObject({ rule: 'hedge.rebalance.resolutionDecay', fired: false, exposureChangeUsd: 0 });
    expect(hedgeRebalanceExposureUsd(ladder, 600, -1000, true).fired).toBe(false);
  });
  it('rolls a layer under 7 days and cashes at 3x or VIX above 40', () => {
    expect(hedgeLayerRollDue(ladder, 6).fired).toBe(true);
    expect(hedgeLayerRollDue(ladder, 6).reason).toBe('6 days left < 7');
    // The default run's decisions read "1 days left < 7" on the day before a VIX expiry.
    expect(hedgeLayerRollDue(ladder, 1).reason).toBe('1 day left < 7');
    expect(hedgeLayerRollDue(ladder, 7).fired).toBe(false);
    expect(hedgeLayerTakeProfit(ladder, 3000, 1000).rule).toBe('hedge.takeProfit.multiple');
    expect(hedgeLayerTakeProfit(ladder, 2999, 1000).fired).toBe(false);
  });
});

describe('layer identity: the next layer is the lowest free rung', () => {
  it('after layer 1 is cashed, the next add is layer 1 again, never a second layer 3', () => {
    const r = hedgeLayerTrigger(ladder, { ...quiet, regime: 'high', rungsHeld: [2, 3] });
    expect(r.fired).toBe(true);
    expect(r.layer).toBe(1);
  });
  it('a rung cooling down after it was cashed is not bought back', () => {
    const r = hedgeLayerTrigger(ladder, { ...quiet, regime: 'high', rungsHeld: [2, 3], rungsCooling: [1] });
    expect(r.fired).toBe(false);
    expect(r.rule).toBe('hedge.rebuyCooldown');
  });
  it('sizes a ladder rung off the layer 1 it would have today when layer 1 is not held', () => {
    // Layer 1 would be 40 contracts; layer 3 in a 4/4/2 ladder is 40 x 2/4 = 20.
    const r = hedgeLayerContracts(ladder, { layer: 3, condorExposureUsd: -1000, exposurePerContractUsd: 10, premiumPerContractUsd: 100, heldLayerContracts: new Map([[2, 40]]), heldLayerPremiumUsd: new Map(), firstRungReference: { contracts: 40, premiumUsd: 4000 } });
    expect(r.contracts).toBe(20);
    expect(r.figures.layer1Held).toBe(false);
  });
});

describe('take-profit on the cumulative cost basis', () => {
  it('a layer that cost 1,000 then 800 to roll (basis 1,800) is not cashed at 3,000 but at 5,400', () => {
    expect(hedgeLayerTakeProfit(ladder, 3000, 1800).fired).toBe(false);
    expect(hedgeLayerTakeProfit(ladder, 5400, 1800).fired).toBe(true);
  });
  it('a layer that has returned its cost is cashed while it is worth something', () => {
    expect(hedgeLayerTakeProfit(ladder, 10, -50).fired).toBe(true);
    expect(hedgeLayerTakeProfit(ladder, 0, -50).fired).toBe(false);
  });
});

describe('the VIX spike rule holds layers through the spike', () => {
  it('closes 38, 42, 47, 44, 42: cash at 42 (10 % below the 47 peak), not before', () => {
    let peak: number | undefined;
    const fired: boolean[] = [];
    for (const vix of [38, 42, 47, 44, 42]) {
      const r = vixSpikeCash(ladder, peak, vix);
      fired.push(r.fired);
      peak = r.peakVixClose;
    }
    expect(fired).toEqual([false, false, false, false, true]);
    expect(peak).toBeUndefined();
  });
});

describe('a due roll goes ahead only while a rule wants the layer', () => {
  const base = { condorOpen: true, resolution: false, regime: 'elevated' as const, tradingDaysSinceHedgeSignal: undefined, layerAgeDays: 30 };
  it('wants it in a non-quiet regime with a condor open', () => {
    expect(hedgeLayerRollWanted(ladder, base).fired).toBe(true);
  });
  it('lets it decay without a condor, in a resolution, past its life, or in a quiet regime without a recent signal', () => {
    expect(hedgeLayerRollWanted(ladder, { ...base, condorOpen: false }).rule).toBe('hedge.letDecay.noCondor');
    expect(hedgeLayerRollWanted(ladder, { ...base, resolution: true }).rule).toBe('hedge.letDecay.resolution');
    expect(hedgeLayerRollWanted(ladder, { ...base, layerAgeDays: 91 }).rule).toBe('hedge.letDecay.maxLife');
    expect(hedgeLayerRollWanted(ladder, { ...base, regime: 'normal' }).rule).toBe('hedge.letDecay.quiet');
    expect(hedgeLayerRollWanted(ladder, { ...base, regime: 'normal', tradingDaysSinceHedgeSignal: 10 }).fired).toBe(true);
    expect(hedgeLayerRollWanted(ladder, { ...base, regime: 'normal', tradingDaysSinceHedgeSignal: 11 }).fired).toBe(false);
  });
});

describe('calendarHedgeWeight (Cboe VXTH schedule)', () => {
  const config = parseStrategyConfig({ name: 'vxth-rule', hedge: { trigger: 'calendar-weight' } }, 'test');
  it('0 % up to 15, 1 % above 15 up to 30, 0.5 % above 30 up to 50, 0 % above 50; the bounds belong to the lower band', () => {
    const w = (f: number) => calendarHedgeWeight(config, true, f).weightFraction;
    expect([w(12), w(15), w(15.01), w(30), w(30.5), w(50), w(50.01), w(80)]).toEqual([0, 0, 0.01, 0.01, 0.005, 0.005, 0, 0]);
    // Front future 22: in the band above 15 up to 30, 1 % of equity in one-month 30-delta calls.
    const o = calendarHedgeWeight(config, true, 22);
    expect([o.rule, o.fired, o.figures.frontFuturePoints]).toEqual(['hedge.calendarWeight', true, 22]);
  });
  it('buys nothing on a day that is not a VIX expiration day', () => {
    const o = calendarHedgeWeight(config, false, 20);
    expect(o.fired).toBe(false);
    expect(o.weightFraction).toBe(0);
  });
  it('refuses a front future that is not a positive number', () => {
    expect(() => calendarHedgeWeight(config, true, Number.NaN)).toThrow(RangeError);
  });
  it('a schedule that does not rise is refused when the config is read', () => {
    expect(() => parseStrategyConfig({ name: 'bad', hedge: { calendarWeight: { weightSchedule: [{ frontFutureAtMostPoints: 30, weightFraction: 0.01 }, { frontFutureAtMostPoints: 20, weightFraction: 0 }] } } }, 'test')).toThrow(/must rise/);
  });
});
