import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SwingPivotDetector, type SwingPivot } from './pivots.js';

function feed(values: readonly number[], lookback: number): { pivots: SwingPivot[]; knownOn: number[] } {
  const detector = new SwingPivotDetector(lookback);
  const pivots: SwingPivot[] = [];
  const knownOn: number[] = [];
  values.forEach((v, i) => {
    for (const p of detector.update(i, v)) {
      pivots.push(p);
      knownOn.push(i);
    }
  });
  return { pivots, knownOn };
}

describe('SwingPivotDetector', () => {
  it('finds a swing high only lookback bars after it', () => {
    const values = [1, 2, 3, 4, 5, 10, 5, 4, 3, 2, 1];
    const detector = new SwingPivotDetector(5);
    const found = values.map((v, i) => detector.update(i, v));
    expect(found.slice(0, 10).every((f) => f.length === 0)).toBe(true);
    expect(found[10]).toEqual([{ kind: 'high', barIndex: 5, value: 10, knownAtBarIndex: 10 }]);
  });

  it('finds a swing low by mirror', () => {
    const { pivots } = feed([9, 8, 7, 6, 5, 1, 5, 6, 7, 8, 9], 5);
    expect(pivots).toEqual([{ kind: 'low', barIndex: 5, value: 1, knownAtBarIndex: 10 }]);
  });

  it('gives one pivot for a flat top, on its first bar', () => {
    const { pivots } = feed([1, 2, 3, 4, 5, 10, 10, 5, 4, 3, 2, 1], 5);
    expect(pivots.map((p) => p.barIndex)).toEqual([5]);
  });

  it('is not a pivot when a higher bar lies within the lookback after it', () => {
    const { pivots } = feed([1, 2, 3, 4, 5, 10, 5, 4, 3, 11, 1], 5);
    expect(pivots).toEqual([]);
  });

  it('clears its window across a gap in bar indices', () => {
    const detector = new SwingPivotDetector(2);
    detector.update(0, 1);
    detector.update(1, 2);
    detector.update(2, 5);
    detector.update(4, 2); // bar 3 had no value
    expect(detector.update(5, 1)).toEqual([]);
  });

  it('never reports a pivot that later bars could still overturn (each is the extreme of its full window)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 11, maxLength: 120 }), (values) => {
        const { pivots } = feed(values, 5);
        for (const p of pivots) {
          const window = values.slice(p.barIndex - 5, p.barIndex + 6);
          expect(p.knownAtBarIndex).toBe(p.barIndex + 5);
          if (p.kind === 'high') expect(p.value).toBe(Math.max(...window));
          else expect(p.value).toBe(Math.min(...window));
        }
      }),
    );
  });
});
