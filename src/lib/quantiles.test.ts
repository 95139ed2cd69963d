import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { median, quantile } from './quantiles.js';

describe('quantile', () => {
  it('gives the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('rejects an empty list and a level outside [0, 1]', () => {
    expect(() => median([])).toThrow(RangeError);
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });

  it('lies between the minimum and the maximum and rises with the level', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
        const value = quantile(values, q);
        expect(value).toBeGreaterThanOrEqual(Math.min(...values));
        expect(value).toBeLessThanOrEqual(Math.max(...values));
        expect(quantile(values, Math.min(1, q + 0.1))).toBeGreaterThanOrEqual(value);
      }),
    );
  });
});
