import { describe, expect, it } from 'vitest';
import { zeroDiscountFactor, zeroRateAt } from './zeroCurve.js';

const CURVE = [
  { tenorDays: 7, rateDecimal: 0.001 },
  { tenorDays: 49, rateDecimal: 0.002 },
];

describe('zero curve', () => {
  it('is linear in days between points and flat outside', () => {
    expect(zeroRateAt(CURVE, 28)).toEqual({ ok: true, value: 0.0015 });
    expect(zeroRateAt(CURVE, 1)).toEqual({ ok: true, value: 0.001 });
    expect(zeroRateAt(CURVE, 400)).toEqual({ ok: true, value: 0.002 });
  });

  it('discounts continuously over ACT/365', () => {
    const d = zeroDiscountFactor(CURVE, 49);
    expect(d.ok && d.value).toBeCloseTo(Math.exp((-0.002 * 49) / 365), 15);
  });

  it('refuses an empty curve', () => {
    expect(zeroRateAt([], 10).ok).toBe(false);
  });
});
