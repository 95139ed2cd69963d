import { describe, expect, it } from 'vitest';
import { allDeltaBuckets, deltaBucketLabel, deltaBucketOf } from './deltaBuckets.js';
import { distributionOf, quantileOfSorted } from './stats.js';

describe('deltaBucketOf', () => {
  it('assigns the nearest centre with midpoint edges', () => {
    expect(deltaBucketOf('put', -0.16)).toEqual({ type: 'put', deltaPercent: 16 });
    expect(deltaBucketOf('put', -0.129)).toEqual({ type: 'put', deltaPercent: 10 });
    expect(deltaBucketOf('put', -0.13)).toEqual({ type: 'put', deltaPercent: 16 });
    expect(deltaBucketOf('call', 0.374)).toEqual({ type: 'call', deltaPercent: 25 });
    expect(deltaBucketOf('call', 0.375)).toEqual({ type: 'call', deltaPercent: 50 });
    expect(deltaBucketOf('call', 0.53)).toEqual({ type: 'call', deltaPercent: 50 });
    expect(deltaBucketOf('call', 0.02)).toBeUndefined();
  });

  it('lists twelve buckets, puts then calls', () => {
    expect(allDeltaBuckets().map(deltaBucketLabel)).toEqual([
      '5Δ put', '10Δ put', '16Δ put', '20Δ put', '25Δ put', '50Δ put',
      '50Δ call', '25Δ call', '20Δ call', '16Δ call', '10Δ call', '5Δ call',
    ]);
  });
});

describe('distributionOf', () => {
  it('gives median, mean, p90 and max; nothing for an empty sample', () => {
    expect(distributionOf([4, 1, 3, 2])).toEqual({ count: 4, median: 2.5, mean: 2.5, p90: 3.7, max: 4 });
    expect(distributionOf([])).toBeUndefined();
    expect(quantileOfSorted([1, 2, 3], 0)).toBe(1);
  });
});
