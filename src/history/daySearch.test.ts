import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { indexAtOrBefore, indexOfDay, lowerBound } from './daySearch.js';

const sortedUniqueDays = fc
  .uniqueArray(fc.integer({ min: -1000, max: 30000 }), { maxLength: 60 })
  .map((a) => Int32Array.from([...a].sort((x, y) => x - y)));

describe('day searches', () => {
  it('agree with a linear scan', () => {
    fc.assert(
      fc.property(sortedUniqueDays, fc.integer({ min: -1100, max: 30100 }), (days, day) => {
        const list = [...days];
        const lb = list.findIndex((d) => d >= day);
        expect(lowerBound(days, day)).toBe(lb < 0 ? list.length : lb);
        const exact = list.indexOf(day);
        expect(indexOfDay(days, day)).toBe(exact < 0 ? undefined : exact);
        const before = list.filter((d) => d <= day).length - 1;
        expect(indexAtOrBefore(days, day)).toBe(before < 0 ? undefined : before);
      }),
    );
  });
});
