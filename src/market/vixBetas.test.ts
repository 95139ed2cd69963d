import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { IndexSeriesName, MarketHistory } from '../history/types.js';
import { betaAt, computeVixBetas, RollingSlope, VixBetaConfigSchema } from './vixBetas.js';

/** Running-sum and direct slopes of the same window agree to rounding (dimensionless, relative). */
const ROLLING_SLOPE_RELATIVE_TOLERANCE = 1e-9;
/** A window whose x variance is below this fraction of its sum of squares is too degenerate to compare. */
const ILL_CONDITIONED_VARIANCE_FRACTION = 1e-6;

/** The O(window) slope over the finite pairs of [from, to), summed directly for every window. */
function directSlope(xs: Float64Array, ys: Float64Array, from: number, to: number, minObservations: number): number | undefined {
  let [n, sx, sy, sxx, sxy] = [0, 0, 0, 0, 0];
  for (let i = from; i < to; i++) {
    const [x, y] = [xs[i]!, ys[i]!];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    [n, sx, sy, sxx, sxy] = [n + 1, sx + x, sy + y, sxx + x * x, sxy + x * y];
  }
  if (n < minObservations) return undefined;
  const varX = sxx - (sx * sx) / n;
  // Windows whose x values are (nearly) all equal have no slope worth comparing; both sides skip them.
  if (!(varX > ILL_CONDITIONED_VARIANCE_FRACTION * sxx)) return undefined;
  return (sxy - (sx * sy) / n) / varX;
}

/** Slopes recovered from noiseless linear data agree to rounding (dimensionless). */
const SLOPE_TOLERANCE = 1e-9;

type BetaHistory = Pick<MarketHistory, 'tradingDays' | 'closeOn' | 'constantMaturityFutureOn'>;

/** A history where VIX wanders and the other series are exact linear functions of it. */
function linearHistory(n: number, vixPath: (i: number) => number, opts: { volBeta93: number; futureBeta30: number; vix3mFrom?: number }): BetaHistory {
  const days = Int32Array.from({ length: n }, (_, i) => 10_000 + i);
  const idx = (day: number) => day - 10_000;
  return {
    tradingDays: days,
    closeOn: (name: IndexSeriesName, day: number) => {
      const i = idx(day);
      const v = vixPath(i);
      if (name === 'vix') return v;
      if (name === 'spx') return 4000 * Math.exp(-(Math.log(v) - Math.log(vixPath(0))) / 5);
      if (name === 'vix3m') return i >= (opts.vix3mFrom ?? 0) ? 20 + opts.volBeta93 * (v - 20) : undefined;
      return undefined;
    },
    constantMaturityFutureOn: (day: number, dte: number) => (dte === 30 ? 20 + opts.futureBeta30 * (vixPath(idx(day)) - 20) : undefined),
  };
}

describe('RollingSlope', () => {
  it('matches the direct OLS slope of every window as it slides over series with gaps', () => {
    // Daily changes in hundredths of a point, like VIX closes, with gaps where a series has no value.
    const change = fc.integer({ min: -500, max: 500 }).map((cents) => cents / 100);
    const value = fc.oneof({ weight: 1, arbitrary: fc.constant(Number.NaN) }, { weight: 6, arbitrary: change });
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { minLength: 30, maxLength: 400 }), fc.integer({ min: 5, max: 60 }), (pairs, window) => {
        const xs = Float64Array.from(pairs, ([x]) => x);
        const ys = Float64Array.from(pairs, ([x, y]) => (Number.isFinite(x) && Number.isFinite(y) ? 0.7 * x + y : y));
        const rolling = new RollingSlope(xs, ys, window);
        for (let i = 0; i < xs.length; i++) {
          const from = Math.max(1, i + 1 - window);
          const got = rolling.slopeOver(from, i + 1, 3);
          const want = directSlope(xs, ys, from, i + 1, 3);
          if (want === undefined) continue;
          if (got === undefined) throw new Error(`window ending at ${i}: no rolling slope, direct ${want}`);
          expect(Math.abs(got - want)).toBeLessThanOrEqual(ROLLING_SLOPE_RELATIVE_TOLERANCE * Math.max(1, Math.abs(want)));
        }
      }),
      { numRuns: 60, seed: 20070103 },
    );
  });
});

describe('rolling VIX betas', () => {
  const config = VixBetaConfigSchema.parse({ windowTradingDays: 60, minObservations: 20 });

  it('recovers known slopes from exact linear relations', () => {
    const h = linearHistory(200, (i) => 20 + 5 * Math.sin(i / 3) + 0.01 * i, { volBeta93: 0.7, futureBeta30: 0.85 });
    const last = computeVixBetas(h, config)[199]!;
    expect(Math.abs(betaAt(last.spxVolBetas, 93) - 0.7)).toBeLessThan(SLOPE_TOLERANCE);
    expect(last.spxVolBetas.find((p) => p.dteDays === 93)!.source).toBe('regression');
    expect(Math.abs(betaAt(last.futureBetas, 30) - 0.85)).toBeLessThan(SLOPE_TOLERANCE);
    // SPX was built so that log VIX moves -5 times the SPX log return.
    expect(Math.abs(last.vixLogChangePerSpxReturn - -5)).toBeLessThan(SLOPE_TOLERANCE);
  });

  it('falls back to the documented prior where a series does not exist yet, and says so', () => {
    const h = linearHistory(200, (i) => 20 + 5 * Math.sin(i / 3), { volBeta93: 0.7, futureBeta30: 0.85, vix3mFrom: 150 });
    const betas = computeVixBetas(h, config);
    const early = betas[100]!.spxVolBetas.find((p) => p.dteDays === 93)!;
    expect(early.source).toBe('prior');
    expect(early.beta).toBeCloseTo(Math.sqrt(30 / 93), 12);
    expect(betas[199]!.spxVolBetas.find((p) => p.dteDays === 93)!.source).toBe('regression');
    // Futures beyond 30 days never exist in this history: prior exp(-dte/75).
    expect(betaAt(betas[199]!.futureBetas, 90)).toBeCloseTo(Math.exp(-90 / 75), 12);
  });

  it('interpolates linearly in days to expiry and is flat beyond the ends', () => {
    const points = [
      { dteDays: 30, beta: 1, source: 'regression' as const },
      { dteDays: 90, beta: 0.4, source: 'regression' as const },
    ];
    expect(betaAt(points, 60)).toBeCloseTo(0.7, 12);
    expect(betaAt(points, 5)).toBe(1);
    expect(betaAt(points, 400)).toBe(0.4);
  });

  it('uses only data known at t: betas for day t do not change when later days are added', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 80, maxLength: 120 }), fc.integer({ min: 30, max: 79 }), (steps, cut) => {
        const path = (i: number) => 20 + steps.slice(0, i + 1).reduce((s, x) => s + x, 0) / 3;
        const full = computeVixBetas(linearHistory(steps.length, path, { volBeta93: 0.6, futureBeta30: 0.9 }), config);
        const prefix = computeVixBetas(linearHistory(cut + 1, path, { volBeta93: 0.6, futureBeta30: 0.9 }), config);
        expect(JSON.stringify(full.slice(0, cut + 1))).toBe(JSON.stringify(prefix));
      }),
      { numRuns: 20 },
    );
  });
});
