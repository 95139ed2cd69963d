import { describe, expect, it } from 'vitest';
import { GRID_DAYS, realMarketDay, realSurface } from '../../../test/support/realSurfaces.js';
import { DAYS_PER_YEAR_ACT365 } from '../../time/day.js';
import { SpxModelConfigSchema } from './config.js';
import { smileShapeOf } from './smile.js';
import { buildSpxSurface, modelIndexDecimal, modelStrikeStrip, type SpxVolSurface } from './surface.js';
import { stripTermVariance, type StripTermInputs, type StripTermOutcome } from './stripIndex.js';
import { vixFromTwoExpiries } from './vixFormula.js';

/**
 * The typed-array strip prices with a shared exponential instead of black76Price: a few ulps per
 * price, which the Cboe sum over a few hundred strikes keeps to about 1e-14 (relative, dimensionless).
 */
const FAST_PATH_RELATIVE_TOLERANCE = 1e-12;

function termInputs(surface: SpxVolSurface, days: number): StripTermInputs {
  const timeYears = days / DAYS_PER_YEAR_ACT365;
  return {
    shape: surface.smileShape,
    timeYears,
    rateDecimal: surface.marketDay.rateDecimal,
    forward: surface.forward(timeYears),
    discountFactor: surface.discountFactor(timeYears),
    atmTotalVariance: surface.atmTotalVariance(timeYears),
    strikeStepPoints: surface.config.vixStripStrikeStepFractionOfSpot * surface.marketDay.spot,
    minPricePoints: surface.config.vixStripMinPriceFractionOfSpot * surface.marketDay.spot,
  };
}

function relativeGap(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

describe('stripTermVariance against the object path (modelStrikeStrip + vixFromTwoExpiries)', () => {
  for (const iso of GRID_DAYS) {
    it(`${iso}: every tenor's near and next term variances and the model index agree`, () => {
      const surface = realSurface(iso);
      const outcome: StripTermOutcome = { failure: undefined };
      for (const node of surface.nodes) {
        const nearDays = node.tenorDays - surface.config.vixStripBracketDays;
        const nextDays = node.tenorDays + surface.config.vixStripBracketDays;
        const strip = (days: number) => {
          const strikes = modelStrikeStrip(surface, days / DAYS_PER_YEAR_ACT365);
          if (!strikes.ok) throw new Error(strikes.error.reason);
          return { timeYears: days / DAYS_PER_YEAR_ACT365, rateDecimal: surface.marketDay.rateDecimal, strikes: strikes.value };
        };
        const reference = vixFromTwoExpiries(strip(nearDays), strip(nextDays), node.tenorDays / DAYS_PER_YEAR_ACT365);
        if (!reference.ok) throw new Error(reference.error.reason);
        const near = stripTermVariance(termInputs(surface, nearDays), outcome);
        const next = stripTermVariance(termInputs(surface, nextDays), outcome);
        if (near === undefined || next === undefined) throw new Error(`${node.tenor}: ${outcome.failure}`);
        expect(relativeGap(near, reference.value.near.variance)).toBeLessThan(FAST_PATH_RELATIVE_TOLERANCE);
        expect(relativeGap(next, reference.value.next.variance)).toBeLessThan(FAST_PATH_RELATIVE_TOLERANCE);
        const index = modelIndexDecimal(surface, node.tenorDays);
        if (!index.ok) throw new Error(index.error.reason);
        expect(relativeGap(index.value, reference.value.indexPoints / 100)).toBeLessThan(FAST_PATH_RELATIVE_TOLERANCE);
      }
    });
  }

  it('reports why a term has no variance instead of returning a number (a strip with no priced strike)', () => {
    const surface = realSurface('2020-03-16');
    const outcome: StripTermOutcome = { failure: undefined };
    const inputs = { ...termInputs(surface, 30), minPricePoints: 10 * surface.marketDay.spot };
    expect(stripTermVariance(inputs, outcome)).toBeUndefined();
    expect(outcome.failure).toBe('no-parity-strike');
  });

  it('stops a strip whose calls never reach a zero bid at 20 x the forward, and the day fails with the reason (it used to hang)', () => {
    // A call wing of slope eta (1 + rho) = 1.5 x 1.65 = 2.5 per ATM deviation: on 2018-01-02 the
    // 184-day calls are still worth more than the zero bid (0.00002 x spot) at 20 x the forward, so
    // the strip's loop, which ran until two zero bids, never ended.
    const steep = SpxModelConfigSchema.parse({ smileWingSlopePerZ: 1.5, smileSkewRho: 0.65, smileSmoothingZ: 0.25 });
    const day = realMarketDay('2018-01-02');
    const surface = realSurface('2018-01-02');
    const outcome: StripTermOutcome = { failure: undefined };
    const inputs = { ...termInputs(surface, 184), shape: smileShapeOf(steep) };
    expect(stripTermVariance(inputs, outcome)).toBeUndefined();
    expect(outcome.failure).toBe('no-zero-bid-above');
    const built = buildSpxSurface(day, steep);
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.error.reason).toMatch(/strip's calls are still worth [\d.]+ points, above the zero bid of [\d.]+, at 20 x the forward \([\d.]+\): the smile's call wing is too steep/);
  });
});
