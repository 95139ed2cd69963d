/**
 * How a roll's contracts are split over the legs it buys back (splitAcrossLegs): exactly the contracts
 * allowed, in proportion to what each leg held, never more than a leg held, and never a smaller share
 * for a larger total (so the band and the caps can bisect on it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitAcrossLegs } from './layerInstrument.js';

describe('splitAcrossLegs', () => {
  it("buys the 6 contracts the caps allow over legs of 11, 10 and 10: 2/2/2, where flooring bought 4", () => {
    // Flooring each leg's pro-rata share: 6/31 of 11, 10 and 10 is 2.13, 1.94 and 1.94, so 2 + 1 + 1 = 4
    // bought where 6 were allowed. D'Hondt hands the contracts out one at a time to the leg with the
    // highest quantity / (allocated + 1), ties to the first leg:
    //   1st 11/1 beats 10/1: 1/0/0;  2nd 10/1 beats 11/2: 1/1/0;  3rd 10/1: 1/1/1;
    //   4th 11/2 = 5.5 beats 10/2 = 5: 2/1/1;  5th 10/2 = 5 beats 11/3 = 3.7: 2/2/1;  6th 10/2: 2/2/2.
    expect(splitAcrossLegs([11, 10, 10], 6)).toEqual([2, 2, 2]);
    // Legs of 30, 20 and 10: 30 (1/0/0), 20 (1/1/0), 30/2 = 15 (2/1/0), 30/3 = 20/2 = 10/1 = 10, the
    // first (3/1/0), 20/2 = 10/1 = 10, the first (3/2/0), 10/1 (3/2/1): 6 in the legs' 3:2:1.
    expect(splitAcrossLegs([30, 20, 10], 6)).toEqual([3, 2, 1]);
    expect(splitAcrossLegs([30, 20, 10], 0)).toEqual([0, 0, 0]);
  });

  it('refuses a total it cannot split: negative, fractional or more than the legs hold', () => {
    expect(() => splitAcrossLegs([2, 3], 6)).toThrow(RangeError);
    expect(() => splitAcrossLegs([2, 3], -1)).toThrow(RangeError);
    expect(() => splitAcrossLegs([2, 3], 1.5)).toThrow(RangeError);
  });

  it('on random legs: sums to the total, stays within each leg, grows with the total, and is the legs at the full total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 4 }), (quantities) => {
        const total = quantities.reduce((s, q) => s + q, 0);
        let previous = quantities.map(() => 0);
        for (let n = 0; n <= total; n++) {
          const split = splitAcrossLegs(quantities, n);
          expect(split.reduce((s, x) => s + x, 0)).toBe(n);
          split.forEach((x, i) => {
            expect(x).toBeLessThanOrEqual(quantities[i] as number);
            expect(x).toBeGreaterThanOrEqual(previous[i] as number);
          });
          previous = split;
        }
        expect(previous).toEqual(quantities);
      }),
    );
  });
});
