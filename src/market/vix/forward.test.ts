import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TermStructurePoint } from '../../history/types.js';
import { vixForwardForDte } from './forward.js';

/** VX settlements of 2016-06-01 (data/vx_futures_daily.csv.gz), days to expiry from that day. */
const CURVE_2016_06_01: TermStructurePoint[] = [
  { contract: 'VXM16', expiryDay: 0, dteDays: 14, settle: 15.275 },
  { contract: 'VXN16', expiryDay: 0, dteDays: 49, settle: 17.525 },
  { contract: 'VXQ16', expiryDay: 0, dteDays: 77, settle: 18.275 },
];
const SPOT_VIX_2016_06_01 = 14.2;
const FORWARD_TOLERANCE_POINTS = 1e-12;

describe('vixForwardForDte', () => {
  it('uses the listed future when one expires on the option expiry', () => {
    const forward = vixForwardForDte(CURVE_2016_06_01, SPOT_VIX_2016_06_01, 49);
    expect(forward).toEqual({ ok: true, value: { forwardPoints: 17.525, interpolated: false } });
  });

  it('interpolates linearly in days between the bracketing contracts (weekly expiry 2016-06-29, 28 days)', () => {
    const forward = vixForwardForDte(CURVE_2016_06_01, SPOT_VIX_2016_06_01, 28);
    if (!forward.ok) throw new Error(forward.error.kind);
    expect(forward.value.interpolated).toBe(true);
    expect(forward.value.forwardPoints).toBeCloseTo(15.275 + (14 / 35) * (17.525 - 15.275), 12);
  });

  it('anchors expiries before the first contract on spot VIX at zero days', () => {
    const forward = vixForwardForDte(CURVE_2016_06_01, SPOT_VIX_2016_06_01, 7);
    if (!forward.ok) throw new Error(forward.error.kind);
    expect(forward.value.forwardPoints).toBeCloseTo(14.2 + 0.5 * (15.275 - 14.2), 12);
  });

  it('refuses expiries beyond the curve, in the past, or on an empty curve', () => {
    expect(vixForwardForDte(CURVE_2016_06_01, 14.2, 90)).toEqual({ ok: false, error: { kind: 'beyond-curve', dteDays: 90, lastListedDteDays: 77 } });
    expect(vixForwardForDte(CURVE_2016_06_01, 14.2, -1)).toEqual({ ok: false, error: { kind: 'expired', dteDays: -1 } });
    expect(vixForwardForDte([], 14.2, 10)).toEqual({ ok: false, error: { kind: 'empty-curve' } });
  });

  it('stays between its bracketing values for every day inside the curve', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 77 }), (dteDays) => {
        const forward = vixForwardForDte(CURVE_2016_06_01, SPOT_VIX_2016_06_01, dteDays);
        if (!forward.ok) throw new Error(forward.error.kind);
        const points = [{ dteDays: 0, settle: SPOT_VIX_2016_06_01 }, ...CURVE_2016_06_01];
        const upperIndex = points.findIndex((p) => p.dteDays >= dteDays);
        const upper = points[upperIndex] as { settle: number };
        const lower = points[Math.max(0, upperIndex - 1)] as { settle: number };
        expect(forward.value.forwardPoints).toBeGreaterThanOrEqual(Math.min(lower.settle, upper.settle) - FORWARD_TOLERANCE_POINTS);
        expect(forward.value.forwardPoints).toBeLessThanOrEqual(Math.max(lower.settle, upper.settle) + FORWARD_TOLERANCE_POINTS);
      }),
    );
  });
});
