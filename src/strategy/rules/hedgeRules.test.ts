import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../config.js';
import {
  applyHedgePremiumCaps,
  hedgeLayerContracts,
  hedgeLayerRollDue,
  hedgeLayerTakeProfit,
  hedgeLayerTrigger,
  hedgeRatio,
  hedgeRebalanceExposureUsd,
  spxLegVixExposureUsd,
  vixOptionVixExposureUsd,
} from './hedgeRules.js';

const ladder = parseStrategyConfig({ name: 'l' }, 'test');
const taper = parseStrategyConfig({ name: 't', hedge: { layering: 'taper' } }, 'test');
const quiet = { regime: 'normal' as const, layersHeld: 0, condorOpen: true, bearishDivergence: false, confirmations: [], regimeAgeTradingDays: 0, termStructureInverted: false, reliefRally: false, resolution: false };

describe('exposure in USD per VIX point', () => {
  it('matches the methodology example: a -120 book with a first layer of +48', () => {
    // Condor: 10 short contracts with vega 0.12 per vol point at beta 1 = -120 USD per VIX point.
    const condor = spxLegVixExposureUsd(-10, 0.12, 1);
    expect(condor).toBeCloseTo(-120, 10);
    // VIX call: delta 0.3, future beta 0.5 -> 15 USD per contract.
    expect(vixOptionVixExposureUsd(1, 0.3, 0.5)).toBeCloseTo(15, 10);
    const layer = hedgeLayerContracts(ladder, { layer: 1, condorExposureUsd: condor, exposurePerContractUsd: 1.5, premiumPerContractUsd: 50, heldLayerContracts: new Map(), heldLayerPremiumUsd: new Map() });
    // 40 % of 120 = 48 USD per VIX point: 32 contracts of 1.5.
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
    expect(hedgeLayerTrigger(ladder, { ...quiet, layersHeld: 1 }).fired).toBe(false);
    expect(hedgeLayerTrigger(ladder, { ...quiet, layersHeld: 1, confirmations: ['vixSpike'] }).rule).toBe('hedge.layer2.confirmation');
  });
  it('layer 3 needs the regime to persist 5 days or the term structure to invert', () => {
    expect(hedgeLayerTrigger(ladder, { ...quiet, layersHeld: 2, regime: 'elevated', regimeAgeTradingDays: 4 }).fired).toBe(false);
    expect(hedgeLayerTrigger(ladder, { ...quiet, layersHeld: 2, regime: 'elevated', regimeAgeTradingDays: 5 }).rule).toBe('hedge.layer3.regimePersists');
    expect(hedgeLayerTrigger(ladder, { ...quiet, layersHeld: 2, termStructureInverted: true }).rule).toBe('hedge.layer3.termStructureInverted');
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
    expect([l2.contracts, l3.contracts]).toEqual([40, 20]);
  });
  it('taper buys 0.6 of the previous layer\'s premium', () => {
    const r = hedgeLayerContracts(taper, { layer: 2, condorExposureUsd: -1000, exposurePerContractUsd: 10, premiumPerContractUsd: 100, heldLayerContracts: new Map([[1, 40]]), heldLayerPremiumUsd: new Map([[1, 5000]]) });
    expect(r.contracts).toBe(30);
  });
});

describe('caps', () => {
  const base = { equityUsd: 1_000_000, regime: 'elevated' as const, heldPremiumUsd: 0, quietPremiumLastMonthUsd: 0, confirmed: false, premiumPerContractUsd: 100, requestedContracts: 500 };
  it('limits premium to 1 % of equity before confirmation and 3 % after', () => {
    expect(applyHedgePremiumCaps(ladder, base).contracts).toBe(100);
    expect(applyHedgePremiumCaps(ladder, { ...base, confirmed: true }).contracts).toBe(300);
    expect(applyHedgePremiumCaps(ladder, { ...base, requestedContracts: 50 }).fired).toBe(false);
  });
  it('applies the 0.15 % monthly drag cap in quiet regimes and says so', () => {
    const r = applyHedgePremiumCaps(ladder, { ...base, regime: 'calm', quietPremiumLastMonthUsd: 500 });
    expect(r.contracts).toBe(10);
    expect(r.boundBy).toBe('hedge.caps.maxDrag');
  });
});

describe('rebalance, roll and take profit', () => {
  it('brings the ratio back to the nearest band edge', () => {
    expect(hedgeRebalanceExposureUsd(ladder, 1500, -1000, false).exposureChangeUsd).toBeCloseTo(-300, 10);
    expect(hedgeRebalanceExposureUsd(ladder, 400, -1000, false).exposureChangeUsd).toBeCloseTo(200, 10);
    expect(hedgeRebalanceExposureUsd(ladder, 900, -1000, false).fired).toBe(false);
  });
  it('trims toward the bottom of the band in a resolution', () => {
    expect(hedgeRebalanceExposureUsd(ladder, 900, -1000, true).exposureChangeUsd).toBeCloseTo(-300, 10);
  });
  it('rolls a layer under 7 days and cashes at 3x or VIX above 40', () => {
    expect(hedgeLayerRollDue(ladder, 6).fired).toBe(true);
    expect(hedgeLayerRollDue(ladder, 7).fired).toBe(false);
    expect(hedgeLayerTakeProfit(ladder, 3000, 1000, 25).rule).toBe('hedge.takeProfit.multiple');
    expect(hedgeLayerTakeProfit(ladder, 2000, 1000, 41).rule).toBe('hedge.takeProfit.vixLevel');
    expect(hedgeLayerTakeProfit(ladder, 2000, 1000, 39).fired).toBe(false);
  });
});
