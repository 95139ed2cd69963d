import { describe, expect, it } from 'vitest';
import { realMarketDay } from '../../../test/support/realSurfaces.js';
import { DEFAULT_SPX_MODEL_CONFIG } from './config.js';
import { futuresStitchedVariance, meanRevertingVariance, termStructureNodes } from './termStructure.js';
import type { MarketDay } from '../marketDay.js';

const CONFIG = DEFAULT_SPX_MODEL_CONFIG;
const VARIANCE_TOLERANCE = 1e-12;

const CALM_DAY: MarketDay = {
  day: 0,
  spot: 1000,
  vixDecimal: 0.15,
  rateDecimal: 0.02,
  dividendYieldDecimal: 0.02,
  futures: [],
};

describe('meanRevertingVariance', () => {
  it('equals VIX^2 at the 30-day anchor and tends to the long-run variance far out', () => {
    expect(meanRevertingVariance(0.04, 0.0625, 3.3, 30, 30)).toBeCloseTo(0.04, 15);
    expect(Math.abs(meanRevertingVariance(0.04, 0.0625, 3.3, 100_000, 30) - 0.0625)).toBeLessThan(1e-4);
  });

  it('lies between VIX^2 and the long-run variance beyond 30 days (upward and inverted curves)', () => {
    for (const [vix2, theta] of [
      [0.01, 0.06],
      [0.5, 0.06],
    ] as const) {
      const v = meanRevertingVariance(vix2, theta, 3.3, 93, 30);
      expect(v).toBeGreaterThan(Math.min(vix2, theta));
      expect(v).toBeLessThan(Math.max(vix2, theta));
    }
  });
});

describe('futuresStitchedVariance', () => {
  it('adds each 30-day window of futures variance to the VIX variance', () => {
    const day = { ...CALM_DAY, futures: [{ dteDays: 20, settle: 16 }, { dteDays: 50, settle: 18 }, { dteDays: 80, settle: 19 }] };
    // 93 days: VIX over [0,30], future at 30 days (16 + 2/3, interpolated) over [30,60], at 60 days (18+1/3) over [60,90], at 90 (19, flat) over [90,93].
    const expected = (0.15 ** 2 * 30 + (16 + 2 / 3) ** 2 / 1e4 * 30 + (18 + 1 / 3) ** 2 / 1e4 * 30 + 0.19 ** 2 * 3) / 93;
    expect(Math.abs((futuresStitchedVariance(day, CONFIG, 93) as number) - expected)).toBeLessThan(VARIANCE_TOLERANCE);
  });

  it('has no answer without futures or at tenors up to 30 days', () => {
    expect(futuresStitchedVariance(CALM_DAY, CONFIG, 93)).toBeUndefined();
    expect(futuresStitchedVariance({ ...CALM_DAY, futures: [{ dteDays: 20, settle: 16 }] }, CONFIG, 9)).toBeUndefined();
  });
});

describe('termStructureNodes', () => {
  it('uses the published indices where they exist', () => {
    const nodes = termStructureNodes(realMarketDay('2018-02-05'), CONFIG);
    if (!nodes.ok) throw new Error(nodes.error.reason);
    expect(nodes.value.map((n) => [n.tenor, n.source, Number((100 * n.indexDecimal).toFixed(2))])).toEqual([
      ['vix9d', 'observed', 59.34],
      ['vix', 'observed', 37.32],
      ['vix3m', 'observed', 28.13],
      ['vix6m', 'observed', 24.55],
    ]);
  });

  it('falls back to mean reversion with VIX alone, and to futures when asked to ignore published tenors', () => {
    const onlyVix = termStructureNodes(CALM_DAY, CONFIG);
    expect(onlyVix.ok && onlyVix.value.map((n) => n.source)).toEqual(['mean-reversion', 'observed', 'mean-reversion', 'mean-reversion']);
    const withFutures = termStructureNodes(realMarketDay('2018-02-05'), CONFIG, { ignoreObservedTenors: true, fallback: 'futures-only' });
    expect(withFutures.ok && withFutures.value.map((n) => n.source)).toEqual(['mean-reversion', 'observed', 'futures', 'futures']);
    expect(termStructureNodes(CALM_DAY, CONFIG, { fallback: 'futures-only' }).ok).toBe(false);
  });

  it('rejects a non-positive or non-finite VIX', () => {
    expect(termStructureNodes({ ...CALM_DAY, vixDecimal: 0 }, CONFIG).ok).toBe(false);
    expect(termStructureNodes({ ...CALM_DAY, vixDecimal: Number.NaN }, CONFIG).ok).toBe(false);
  });
});
