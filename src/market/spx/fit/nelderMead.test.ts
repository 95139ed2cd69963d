import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelderMead.js';

const POINT_TOLERANCE = 1e-4;

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock valley at (1, 1)', () => {
    const rosenbrock = (x: readonly number[]) => (1 - (x[0] as number)) ** 2 + 100 * ((x[1] as number) - (x[0] as number) ** 2) ** 2;
    const result = nelderMead(rosenbrock, [-1.2, 1], { initialStep: [0.5, 0.5], maxIterations: 5000, functionTolerance: 1e-16 });
    expect(Math.abs((result.point[0] as number) - 1)).toBeLessThan(POINT_TOLERANCE);
    expect(Math.abs((result.point[1] as number) - 1)).toBeLessThan(POINT_TOLERANCE);
  });

  it('is deterministic and stops at the iteration cap', () => {
    const bowl = (x: readonly number[]) => x.reduce((s, v, i) => s + (v - i) ** 2, 0);
    const a = nelderMead(bowl, [5, 5, 5], { initialStep: [1, 1, 1], maxIterations: 7, functionTolerance: 0 });
    const b = nelderMead(bowl, [5, 5, 5], { initialStep: [1, 1, 1], maxIterations: 7, functionTolerance: 0 });
    expect(a).toEqual(b);
    expect(a.iterations).toBe(7);
  });
});
