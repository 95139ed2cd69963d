import { describe, expect, it } from 'vitest';
import { SPX_SAMPLE_2017_2018 } from '../testing/spxSample.js';
import { AdvanceDeclineLine } from './advanceDeclineLine.js';
import { comparable } from './cumulativeLine.js';
import { OnBalanceVolume } from './onBalanceVolume.js';

/** OBV sums integer share counts below 2^53: exact. */
const OBV_TOLERANCE_SHARES = 0;

describe('OnBalanceVolume', () => {
  it('matches the independent reference on real SPX closes and volumes', () => {
    // Source: scripts/signals-reference.py on SPX_SAMPLE_2017_2018 (OBV = 0 on 2017-11-01).
    const golden = new Map([
      ['2017-12-05', -5071500000],
      ['2018-02-05', 18501310000],
      ['2018-03-29', 23995470000],
    ]);
    const obv = new OnBalanceVolume();
    for (const row of SPX_SAMPLE_2017_2018) {
      const point = obv.update(row.close, row.volume);
      const expected = golden.get(row.date);
      if (expected !== undefined) expect(Math.abs((point?.value ?? NaN) - expected)).toBeLessThanOrEqual(OBV_TOLERANCE_SHARES);
    }
  });

  it('has no value on a day without volume and restarts in a new segment after it', () => {
    const obv = new OnBalanceVolume();
    const a = obv.update(100, 10);
    const b = obv.update(101, 20);
    const gap = obv.update(102, undefined);
    const zero = obv.update(103, 0);
    const c = obv.update(104, 30);
    const d = obv.update(103, 5);
    expect(a).toEqual({ value: 0, segment: 0 });
    expect(b).toEqual({ value: 20, segment: 0 });
    expect(gap).toBeUndefined();
    expect(zero).toBeUndefined();
    expect(c?.value).toBe(0);
    expect(d?.value).toBe(-5);
    expect(comparable(b, d)).toBe(false);
    expect(comparable(c, d)).toBe(true);
  });
});

describe('AdvanceDeclineLine', () => {
  it('accumulates advancing minus declining issues and breaks on a missing record', () => {
    const ad = new AdvanceDeclineLine();
    expect(ad.update({ day: 0, advancing: 2000, declining: 1000 })?.value).toBe(1000);
    expect(ad.update({ day: 1, advancing: 1200, declining: 1800 })?.value).toBe(400);
    expect(ad.update(undefined)).toBeUndefined();
    expect(ad.update({ day: 3, advancing: 1500, declining: 1500 })).toEqual({ value: 0, segment: 1 });
  });
});
