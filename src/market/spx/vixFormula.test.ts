import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { black76Price } from '../../pricing/black76.js';
import { vixFromTwoExpiries, type StrikeMids, type VixFormulaTerm } from './vixFormula.js';

/** Discretisation of a 0.1 %-of-forward strike grid, truncated where prices fall below 1e-6 of forward. */
const FLAT_VOL_TOLERANCE_VOL_POINTS = 0.05;

function lognormalTerm(forward: number, volDecimal: number, timeYears: number, rateDecimal: number, stepFraction: number): VixFormulaTerm {
  const discount = Math.exp(-rateDecimal * timeYears);
  const sd = volDecimal * Math.sqrt(timeYears);
  const step = forward * stepFraction;
  const strikes: StrikeMids[] = [];
  const floorPrice = forward * 1e-6;
  for (let strike = Math.floor(forward / step) * step - 3000 * step; strike < forward + 3000 * step; strike += step) {
    if (strike <= 0) continue;
    const call = black76Price('call', forward, strike, sd, discount);
    const put = black76Price('put', forward, strike, sd, discount);
    strikes.push({ strike, callMid: call < floorPrice ? 0 : call, putMid: put < floorPrice ? 0 : put });
  }
  return { timeYears, rateDecimal, strikes };
}

describe('vixFromTwoExpiries', () => {
  it('gives back a flat lognormal vol (the variance swap of a flat smile is the vol squared)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.08, max: 0.9, noNaN: true }), fc.double({ min: 0, max: 0.06, noNaN: true }), (vol, rate) => {
        const near = lognormalTerm(3000, vol, 23 / 365, rate, 0.001);
        const next = lognormalTerm(3010, vol, 37 / 365, rate, 0.001);
        const index = vixFromTwoExpiries(near, next, 30 / 365);
        expect(index.ok).toBe(true);
        if (index.ok) expect(Math.abs(index.value.indexPoints - 100 * vol)).toBeLessThan(FLAT_VOL_TOLERANCE_VOL_POINTS);
      }),
      { numRuns: 40, seed: 20180205 },
    );
  });

  it('weights near and next terms linearly in time (term variances 0.04 and 0.09 at 23 and 37 days)', () => {
    const near = lognormalTerm(3000, 0.2, 23 / 365, 0, 0.0005);
    const next = lognormalTerm(3000, 0.3, 37 / 365, 0, 0.0005);
    const index = vixFromTwoExpiries(near, next, 30 / 365);
    if (!index.ok) throw new Error(index.error.reason);
    // Target 30 days sits halfway between 23 and 37: equal weights 7/14 on each term's total variance.
    const expected = 100 * Math.sqrt(((23 * index.value.near.variance * 7) / 14 + (37 * index.value.next.variance * 7) / 14) / 30);
    expect(index.value.indexPoints).toBeCloseTo(expected, 10);
    expect(index.value.near.variance).toBeCloseTo(0.04, 3);
    expect(index.value.next.variance).toBeCloseTo(0.09, 3);
  });

  it('finds the forward by parity and K0 as the first strike at or below it', () => {
    const strikes: StrikeMids[] = [
      { strike: 90, callMid: 11, putMid: 0.6 },
      { strike: 95, callMid: 6.9, putMid: 1.6 },
      { strike: 100, callMid: 3.6, putMid: 3.2 },
      { strike: 105, callMid: 1.4, putMid: 6.1 },
      { strike: 110, callMid: 0.4, putMid: 10.1 },
    ];
    const term = { timeYears: 0.1, rateDecimal: 0.01, strikes };
    const index = vixFromTwoExpiries(term, { ...term, timeYears: 0.2 }, 0.15);
    if (!index.ok) throw new Error(index.error.reason);
    expect(index.value.near.forward).toBeCloseTo(100 + Math.exp(0.001) * 0.4, 12);
    expect(index.value.near.k0).toBe(100);
    expect(index.value.near.strikesUsed).toBe(5);
    // Hand computation of the near term: sum of dK/K^2 * e^{rT} * Q, then the (F/K0 - 1)^2 correction.
    const growth = Math.exp(0.001);
    const sum = (5 / 90 ** 2) * 0.6 + (5 / 95 ** 2) * 1.6 + (5 / 100 ** 2) * 3.4 + (5 / 105 ** 2) * 1.4 + (5 / 110 ** 2) * 0.4;
    const forward = 100 + growth * 0.4;
    expect(index.value.near.variance).toBeCloseTo((2 / 0.1) * sum * growth - (1 / 0.1) * (forward / 100 - 1) ** 2, 12);
  });

  it('stops a wing after two consecutive zero prices and skips zero-priced strikes', () => {
    const strikes: StrikeMids[] = [
      { strike: 70, callMid: 30, putMid: 0.2 },
      { strike: 75, callMid: 25, putMid: 0 },
      { strike: 80, callMid: 20, putMid: 0 },
      { strike: 85, callMid: 15, putMid: 0.1 },
      { strike: 90, callMid: 10, putMid: 0.3 },
      { strike: 95, callMid: 5.5, putMid: 0.9 },
      { strike: 100, callMid: 2.5, putMid: 2.6 },
      { strike: 105, callMid: 0.8, putMid: 5.8 },
    ];
    const term = { timeYears: 0.1, rateDecimal: 0, strikes };
    const index = vixFromTwoExpiries(term, { ...term, timeYears: 0.2 }, 0.15);
    if (!index.ok) throw new Error(index.error.reason);
    // 85, 90, 95 puts, K0 = 95 (forward 99.9), 100 and 105 calls; 70 is beyond the two zeros.
    expect(index.value.near.k0).toBe(95);
    expect(index.value.near.strikesUsed).toBe(5);
  });

  it('returns typed errors for impossible inputs', () => {
    const term = lognormalTerm(100, 0.2, 0.1, 0, 0.01);
    expect(vixFromTwoExpiries(term, term, 0.1).ok).toBe(false);
    expect(vixFromTwoExpiries({ ...term, timeYears: 0 }, term, 0.1).ok).toBe(false);
    expect(vixFromTwoExpiries(term, { ...term, timeYears: 0.2 }, Number.NaN).ok).toBe(false);
    const nan = { ...term, strikes: [{ strike: 100, callMid: Number.NaN, putMid: 1 }] };
    const result = vixFromTwoExpiries(nan, { ...term, timeYears: 0.2 }, 0.15);
    expect(!result.ok && result.error.kind).toBe('vix-formula-term');
  });
});
