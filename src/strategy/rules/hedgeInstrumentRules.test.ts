/** The hedge-instrument rules and their config fields, with hand-worked figures. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseStrategyConfig, StrategyConfigError } from '../config.js';
import { etfExposurePerUsd, etfFractionOfCondorExposure, etfTargetOrder, firstLayerCallsConfig, ladderReferenceContracts, layerStructure, structureExposurePerUnitUsd, structurePremiumAtRiskPoints } from './hedgeInstrumentRules.js';

/** Shares and ratios agree to 1e-12. */
const TOLERANCE = 1e-12;
const fund = parseStrategyConfig({ name: 't', hedge: { firstLayerInstrument: 'vix-futures-etf', laterLayerStructure: 'vix-put-spread' } }, 'test');
const plain = parseStrategyConfig({ name: 't' }, 'test');

describe('config', () => {
  it('defaults keep layer 1 and the later layers in VIX calls', () => {
    expect(plain.hedge.firstLayerInstrument).toBe('vix-calls');
    expect(plain.hedge.laterLayerStructure).toBe('vix-calls');
    expect(plain.hedge.firstLayerEtfShareOfTargetExposure).toBe(0.25);
    expect(plain.hedge.vixFuturesEtf).toEqual({ annualFeeFraction: 0.0089, halfSpreadFractionOfPrice: 0.0005 });
    expect(plain.hedge.vixPutSpread).toEqual({ shortPutDelta: 0.5, widthPoints: 5 });
    expect(plain.hedge.vixCalendar).toEqual({ shortLegExpiriesEarlier: 1 });
  });
  it('refuses a share outside the methodology\'s 20-30 %, unknown fields, and instruments that do not combine', () => {
    expect(() => parseStrategyConfig({ name: 't', hedge: { firstLayerEtfShareOfTargetExposure: 0.35 } }, 'test')).toThrow(StrategyConfigError);
    expect(() => parseStrategyConfig({ name: 't', hedge: { vixPutSpread: { widthPoint: 5 } } }, 'test')).toThrow(/widthPoint/);
    expect(() => parseStrategyConfig({ name: 't', hedge: { instrument: 'future', laterLayerStructure: 'vix-calendar' } }, 'test')).toThrow(/hedge\.instrument/);
    // A fund share of 0.3 x the band's middle 0.9 = 0.27 would leave no calls in a 0.25 layer 1.
    expect(() => parseStrategyConfig({ name: 't', hedge: { firstLayerInstrument: 'vix-futures-etf', firstLayerEtfShareOfTargetExposure: 0.3, firstLayerFractionOfCondorExposure: 0.25 } }, 'test')).toThrow(/firstLayerEtfShareOfTargetExposure/);
  });
});

describe('layer 1 split between the fund and calls', () => {
  it('the fund holds 0.25 x 0.9 = 22.5 % of |condor exposure|, the calls the other 17.5 % of layer 1\'s 40 %', () => {
    expect(Math.abs(etfFractionOfCondorExposure(fund) - 0.225)).toBeLessThan(TOLERANCE);
    expect(Math.abs(firstLayerCallsConfig(fund).hedge.firstLayerFractionOfCondorExposure - 0.175)).toBeLessThan(TOLERANCE);
    expect(etfFractionOfCondorExposure(plain)).toBe(0);
    expect(firstLayerCallsConfig(plain)).toBe(plain);
  });
  it('the ladder counts from layer 1 as if all in calls: 11 calls stand for round(11 x 0.40 / 0.175) = 25', () => {
    expect(ladderReferenceContracts(fund, 11)).toBe(25);
    expect(ladderReferenceContracts(plain, 11)).toBe(11);
  });
  it('layer 1 is calls, layers 2 and up the later structure', () => {
    expect([1, 2, 3].map((l) => layerStructure(fund, l))).toEqual(['vix-calls', 'vix-put-spread', 'vix-put-spread']);
  });
});

describe('the fund\'s exposure and order', () => {
  it('one USD in futures at 20 with beta 0.6 moves 0.03 USD per VIX point', () => {
    expect(Math.abs(etfExposurePerUsd([{ weight: 1, pricePoints: 20, betaToVix: 0.6 }]) - 0.03)).toBeLessThan(TOLERANCE);
    // Half in each of 20 (beta 0.8) and 22 (beta 0.5): 0.65 / 21.
    expect(Math.abs(etfExposurePerUsd([{ weight: 0.5, pricePoints: 20, betaToVix: 0.8 }, { weight: 0.5, pricePoints: 22, betaToVix: 0.5 }]) - 0.65 / 21)).toBeLessThan(TOLERANCE);
  });
  it('refuses a price that is not positive or a weight that is not finite', () => {
    expect(() => etfExposurePerUsd([{ weight: 1, pricePoints: 0, betaToVix: 0.6 }])).toThrow(RangeError);
    expect(() => etfExposurePerUsd([{ weight: Number.NaN, pricePoints: 20, betaToVix: 0.6 }])).toThrow(RangeError);
  });
  it('condor -1,000 USD/VIX pt: 225 USD/VIX pt of fund = 7,500 USD at 0.03 per USD; holding 5,000, buy 2,500', () => {
    const order = etfTargetOrder(fund, { condorExposureUsd: -1000, exposurePerUsd: 0.03, heldValueUsd: 5000 });
    expect(order.rule).toBe('hedge.etf.size');
    expect(order.fired).toBe(true);
    expect(order.targetValueUsd).toBeCloseTo(7500, 9);
    expect(order.tradeUsd).toBeCloseTo(2500, 9);
  });
  it('never orders a fund when layer 1 holds none', () => {
    expect(etfTargetOrder(plain, { condorExposureUsd: -1000, exposurePerUsd: 0.03, heldValueUsd: 0 }).fired).toBe(false);
  });
  it('the order always lands on the target exposure (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: -1, noNaN: true }), fc.double({ min: 1e-4, max: 1, noNaN: true }), fc.double({ min: 0, max: 1e7, noNaN: true }), (condor, perUsd, held) => {
        const order = etfTargetOrder(fund, { condorExposureUsd: condor, exposurePerUsd: perUsd, heldValueUsd: held });
        return Math.abs((held + order.tradeUsd) * perUsd - 0.225 * Math.abs(condor)) <= 1e-9 * Math.max(1, Math.abs(condor));
      }),
    );
  });
});

describe('structures', () => {
  it('a short put spread: sold put delta -0.50, bought put -0.29, beta 0.306: +6.5 USD per VIX point', () => {
    const e = structureExposurePerUnitUsd([{ signedRatio: 1, deltaToFuture: -0.29, futureBetaToVix: 0.306 }, { signedRatio: -1, deltaToFuture: -0.5, futureBetaToVix: 0.306 }], 100);
    expect(e).toBeCloseTo(0.21 * 0.306 * 100, 10);
  });
  it('premium at risk: a debit structure its debit, a 5-point credit spread for 2.71 its 2.29 of loss', () => {
    expect(structurePremiumAtRiskPoints(0.79, undefined)).toBe(0.79);
    expect(structurePremiumAtRiskPoints(-2.71, 5)).toBeCloseTo(2.29, 12);
  });
});
