import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { black76Price } from '../../pricing/black76.js';
import { skewCorrections, skewFromTwoExpiries, skewnessFromMoments } from './skewFormula.js';
import { smileTotalVariance, type SmileShape } from './smile.js';
import type { StrikeMids, VixFormulaTerm } from './vixFormula.js';

/** The smile fitted on 2020-12-01 (config.ts defaults). */
const FITTED_SHAPE: SmileShape = { wingSlopePerZ: 0.5684, skewRho: -0.7519, smoothingZ: 1.2857 };
const FLAT_SHAPE: SmileShape = { wingSlopePerZ: 0, skewRho: 0, smoothingZ: 1 };

/**
 * The white paper's corrections are printed to two or three significant figures (1.40E-06, -4.2E-06):
 * half a unit of the last printed digit.
 */
const WHITE_PAPER_EPSILON1_TOLERANCE = 0.005e-6;
const WHITE_PAPER_EPSILON2_TOLERANCE = 0.05e-6;
/** A 0.05 %-of-forward strike grid against the density integrated on a 20x finer grid, in SKEW points. */
const DENSITY_CHECK_TOLERANCE_SKEW_POINTS = 0.3;
/** A lognormal strip on a 0.05 % grid: skewness of ln(S_T/F) is 0, so SKEW is 100 up to discretisation. */
const LOGNORMAL_TOLERANCE_SKEW_POINTS = 0.2;

function smileTerm(shape: SmileShape, forward: number, atmVolDecimal: number, timeYears: number, rateDecimal: number, stepFraction: number): VixFormulaTerm {
  const discount = Math.exp(-rateDecimal * timeYears);
  const atmVariance = atmVolDecimal ** 2 * timeYears;
  const step = forward * stepFraction;
  const floorPrice = forward * 1e-9;
  const strikes: StrikeMids[] = [];
  for (let strike = Math.floor(forward / step) * step - 1990 * step; strike < forward * 1.6; strike += step) {
    if (strike <= 0) continue;
    const sd = Math.sqrt(smileTotalVariance(shape, atmVariance, Math.log(strike / forward)));
    const call = black76Price('call', forward, strike, sd, discount);
    const put = black76Price('put', forward, strike, sd, discount);
    strikes.push({ strike, callMid: call < floorPrice ? 0 : call, putMid: put < floorPrice ? 0 : put });
  }
  return { timeYears, rateDecimal, strikes };
}

/**
 * Skewness of ln(S_T/F) from the density read off the smile's undiscounted call prices by second
 * differences (Breeden-Litzenberger), on a grid of h = 0.0025 % of the forward: an independent route
 * to the same number.
 */
function densitySkewness(shape: SmileShape, forward: number, atmVolDecimal: number, timeYears: number): number {
  const atmVariance = atmVolDecimal ** 2 * timeYears;
  const call = (strike: number) => black76Price('call', forward, strike, Math.sqrt(smileTotalVariance(shape, atmVariance, Math.log(strike / forward))), 1);
  const h = forward * 0.000025;
  const moments = [0, 0, 0, 0];
  for (let strike = 2 * h; strike < forward * 3; strike += h) {
    const density = (call(strike + h) - 2 * call(strike) + call(strike - h)) / (h * h);
    const r = Math.log(strike / forward);
    for (let p = 0; p < 4; p++) moments[p] = (moments[p] as number) + density * h * r ** p;
  }
  const mass = moments[0] as number;
  const m1 = (moments[1] as number) / mass;
  const m2 = (moments[2] as number) / mass;
  const m3 = (moments[3] as number) / mass;
  return (skewnessFromMoments(m1, m2, m3) as number);
}

describe('skewCorrections', () => {
  it("matches the white paper's worked example for F0 = 1106.85, K0 = 1105 (ε1 = 1.40E-06, ε2 = -4.2E-06)", () => {
    const { epsilon1, epsilon2, epsilon3 } = skewCorrections(1106.85, 1105);
    expect(Math.abs(epsilon1 - 1.4e-6)).toBeLessThan(WHITE_PAPER_EPSILON1_TOLERANCE);
    expect(Math.abs(epsilon2 - -4.2e-6)).toBeLessThan(WHITE_PAPER_EPSILON2_TOLERANCE);
    // ε3 as printed, 3x²(x/3 - 1 + F0/K0) with x = ln(1105/1106.85) = -0.0016728: 9.37e-9 (the
    // example's 1.176e-11 drops the 1/3); both are 1e-4 of P3 and leave SKEW unchanged at 2 decimals.
    expect(epsilon3).toBeCloseTo(9.37e-9, 10);
  });

  it('vanishes when K0 equals the forward', () => {
    expect(skewCorrections(2000, 2000)).toEqual({ epsilon1: -0, epsilon2: 0, epsilon3: 0 });
  });
});

describe('skewFromTwoExpiries', () => {
  it('gives 100 on a lognormal strip at any vol and rate (the log return is normal)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.08, max: 0.6, noNaN: true }), fc.double({ min: 0, max: 0.06, noNaN: true }), (vol, rate) => {
        const near = smileTerm(FLAT_SHAPE, 3000, vol, 23 / 365, rate, 0.0005);
        const next = smileTerm(FLAT_SHAPE, 3010, vol, 37 / 365, rate, 0.0005);
        const skew = skewFromTwoExpiries(near, next, 30 / 365);
        expect(skew.ok).toBe(true);
        if (skew.ok) expect(Math.abs(skew.value.skewIndex - 100)).toBeLessThan(LOGNORMAL_TOLERANCE_SKEW_POINTS);
      }),
      { numRuns: 20, seed: 1990 },
    );
  });

  it("reproduces the skewness of the smile's own density (Breeden-Litzenberger) at 30 days", () => {
    for (const atmVol of [0.12, 0.2, 0.35]) {
      const term = smileTerm(FITTED_SHAPE, 3000, atmVol, 30 / 365, 0, 0.0005);
      const later = smileTerm(FITTED_SHAPE, 3000, atmVol, 31 / 365, 0, 0.0005);
      const skew = skewFromTwoExpiries(term, later, 30 / 365);
      expect(skew.ok).toBe(true);
      if (!skew.ok) continue;
      const expected = 100 - 10 * densitySkewness(FITTED_SHAPE, 3000, atmVol, 30 / 365);
      expect(Math.abs(skew.value.skewIndex - expected)).toBeLessThan(DENSITY_CHECK_TOLERANCE_SKEW_POINTS);
      // The fitted smile's 30-day SKEW is in the index's usual range.
      expect(skew.value.skewIndex).toBeGreaterThan(105);
      expect(skew.value.skewIndex).toBeLessThan(160);
    }
  });

  it('rises as the put wing steepens', () => {
    const skewOf = (eta: number) => {
      const shape = { ...FITTED_SHAPE, wingSlopePerZ: eta };
      const r = skewFromTwoExpiries(smileTerm(shape, 3000, 0.18, 29 / 365, 0.01, 0.001), smileTerm(shape, 3000, 0.18, 31 / 365, 0.01, 0.001), 30 / 365);
      if (!r.ok) throw new Error(r.error.reason);
      return r.value.skewIndex;
    };
    const levels = [0.2, 0.4, 0.6, 0.8, 1.0].map(skewOf);
    for (let i = 1; i < levels.length; i++) expect(levels[i] as number).toBeGreaterThan(levels[i - 1] as number);
  });

  it('interpolates the skewness linearly in time between the terms', () => {
    const near = smileTerm(FITTED_SHAPE, 3000, 0.2, 20 / 365, 0, 0.001);
    const next = smileTerm({ ...FITTED_SHAPE, wingSlopePerZ: 1 }, 3000, 0.2, 40 / 365, 0, 0.001);
    const skew = skewFromTwoExpiries(near, next, 30 / 365);
    expect(skew.ok).toBe(true);
    if (skew.ok) expect(skew.value.skewness).toBeCloseTo(0.5 * (skew.value.near.skewness + skew.value.next.skewness), 12);
  });

  it('rejects a strip without a variance and a bad tenor with typed errors', () => {
    const term = smileTerm(FITTED_SHAPE, 3000, 0.2, 30 / 365, 0, 0.001);
    expect(skewFromTwoExpiries(term, { ...term, timeYears: 31 / 365 }, Number.NaN)).toMatchObject({ ok: false, error: { kind: 'vix-formula-tenor' } });
    expect(skewFromTwoExpiries(term, term, 30 / 365)).toMatchObject({ ok: false, error: { kind: 'vix-formula-tenor' } });
    const empty: VixFormulaTerm = { timeYears: 30 / 365, rateDecimal: 0, strikes: [] };
    expect(skewFromTwoExpiries(empty, { ...term, timeYears: 31 / 365 }, 30 / 365)).toMatchObject({ ok: false, error: { kind: 'vix-formula-term', term: 'near' } });
  });
});
