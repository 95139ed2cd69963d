import { describe, expect, it } from 'vitest';
import { dayFromIso } from '../../time/day.js';
import { RealisedVol } from './realisedVol.js';

const VOL_TOLERANCE_DECIMAL = 1e-12;

describe('RealisedVol', () => {
  it('annualises the sum of squared log returns by the ACT/365 span of the window', () => {
    // Two returns of +1 % and -1 % in log terms over 4 calendar days (Fri..Tue): sqrt(2 * 0.01^2 / (4/365)).
    const vol = new RealisedVol(2);
    const start = dayFromIso('2024-01-05');
    expect(vol.update(start, 100)).toBeUndefined();
    expect(vol.update(start + 3, 100 * Math.exp(0.01))).toBeUndefined();
    const value = vol.update(start + 4, 100);
    expect(Math.abs((value ?? NaN) - Math.sqrt((2 * 0.0001) / (4 / 365)))).toBeLessThan(VOL_TOLERANCE_DECIMAL);
  });

  it('is zero for a constant series once warm', () => {
    const vol = new RealisedVol(3);
    const values = [0, 1, 2, 3].map((d) => vol.update(d, 50));
    expect(values).toEqual([undefined, undefined, undefined, 0]);
  });
});
