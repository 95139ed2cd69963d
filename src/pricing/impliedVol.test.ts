/** Implied-vol round trips (fast-check), typed errors for impossible prices, and hard corners. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { black76Value } from './black76.js';
import { bsmValue } from './bsm.js';
import { impliedVolBlack76, impliedVolBsm, normalizedImpliedStdDev, StdDevSolverState, startStdDevSolve, stdDevHouseholderStep } from './impliedVol.js';
import { normCdf } from './normal.js';

/** Sigma must come back to this absolute error (decimal vol) wherever the price pins sigma that well. */
const SIGMA_ROUND_TRIP_TOLERANCE = 1e-10;
/**
 * Rounding of a computed price, in ulps of the underlying: a price cannot determine sigma better than
 * this over vega, so round trips are held to 1e-10 only where vega * 1e-10 exceeds it.
 */
const PRICE_NOISE_ULPS_OF_UNDERLYING = 8;
const ONE_HOUR_YEARS = 1 / 8760;
/** Rounding of the normalised price b, in ulps of its leading term. */
const B_ROUNDING_ULPS = 16;
/**
 * How far, in ulps of s, one more Householder step may move a converged answer where b is computed
 * accurately: the rounding of b alone moves it by up to about 30 ulps (measured on 190,000 draws); a
 * solver that stops one step early (at a relative step of 1e-3 instead of 1e-4) leaves about 300.
 */
const SETTLED_STEP_ULPS = 64;

const logUniform = (min: number, max: number) =>
  fc.double({ min: Math.log(min), max: Math.log(max), noNaN: true }).map((x) => Math.exp(x));

const scenario = fc.record({
  type: fc.constantFrom('call' as const, 'put' as const),
  underlying: logUniform(5, 10_000),
  moneyness: logUniform(0.25, 4),
  timeYears: logUniform(ONE_HOUR_YEARS, 3),
  rate: fc.double({ min: 0, max: 0.1, noNaN: true }),
  dividendYield: fc.double({ min: 0, max: 0.05, noNaN: true }),
  sigma: logUniform(0.01, 3),
});

/** True when the round trip met the tolerance the price can support, or failed honestly where it cannot. */
let strictChecks = 0;

function roundTripHolds(found: { ok: true; value: number } | { ok: false }, sigma: number, vega: number, underlying: number): boolean {
  const priceNoise = PRICE_NOISE_ULPS_OF_UNDERLYING * Number.EPSILON * underlying;
  if (vega * SIGMA_ROUND_TRIP_TOLERANCE > priceNoise) {
    strictChecks++;
    return found.ok && Math.abs(found.value - sigma) <= SIGMA_ROUND_TRIP_TOLERANCE;
  }
  // The price no longer pins sigma: a finite, non-negative answer or a typed error are both acceptable.
  return !found.ok || (Number.isFinite(found.value) && found.value >= 0);
}

describe('implied volatility round trips', () => {
  it('Black-76: T from one hour to 3 years, vol from 1 % to 300 %', () => {
    strictChecks = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const inputs = { type: s.type, forward: s.underlying, strike: s.underlying * s.moneyness, timeYears: s.timeYears, rate: s.rate };
        const v = black76Value({ ...inputs, sigma: s.sigma });
        const found = impliedVolBlack76({ ...inputs, price: v.price });
        return roundTripHolds(found, s.sigma, v.vegaPerUnitVol, s.underlying);
      }),
      { numRuns: 3000 },
    );
    // Most draws are informative; the strict 1e-10 branch must carry the test.
    expect(strictChecks).toBeGreaterThan(1500);
  });

  it('BSM: T from one hour to 3 years, vol from 1 % to 300 %', () => {
    strictChecks = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const inputs = {
          type: s.type,
          spot: s.underlying,
          strike: s.underlying * s.moneyness,
          timeYears: s.timeYears,
          rate: s.rate,
          dividendYield: s.dividendYield,
        };
        const v = bsmValue({ ...inputs, sigma: s.sigma });
        const found = impliedVolBsm({ ...inputs, price: v.price });
        return roundTripHolds(found, s.sigma, v.vegaPerUnitVol, s.underlying);
      }),
      { numRuns: 3000 },
    );
    expect(strictChecks).toBeGreaterThan(1500);
  });

  it('the normalised solver inverts b(x, s) to within the rounding of b on its whole domain', () => {
    // b(x, s) in closed form for x <= 0 (the normalised OTM call), evaluated through black76Value with F = e^{x/2}, K = e^{-x/2}.
    fc.assert(
      fc.property(fc.double({ min: -5, max: 0, noNaN: true }), logUniform(1e-3, 8), (x, s) => {
        const beta = black76Value({ type: 'call', forward: Math.exp(0.5 * x), strike: Math.exp(-0.5 * x), timeYears: 1, rate: 0, sigma: s }).price;
        if (!(beta > 1e-250)) return true;
        const found = normalizedImpliedStdDev(x, beta);
        const vega = black76Value({ type: 'call', forward: Math.exp(0.5 * x), strike: Math.exp(-0.5 * x), timeYears: 1, rate: 0, sigma: s }).vegaPerUnitVol;
        // b is the difference of e^{x/2} Phi(d1) and a smaller term, so it is known to a few ulps of
        // that first term, amplified by d1^2 in the tail (a relative error e in d1 moves Phi(d1) by about
        // d1^2 e relative); through the slope vega that is the sigma error any double solver inherits.
        const d1 = x / s + 0.5 * s;
        const firstTerm = Math.exp(0.5 * x) * normCdf(d1) * (1 + d1 * d1);
        return Math.abs(found - s) <= (B_ROUNDING_ULPS * Number.EPSILON * firstTerm) / vega + 8 * Number.EPSILON * s;
      }),
      { numRuns: 3000 },
    );
  });
});

describe('implied volatility convergence', () => {
  it('stops at machine precision, not one step early: a further step moves the answer by rounding only', () => {
    // Near the money with moderate s, b is known to a few ulps, so any movement beyond its rounding is
    // error the solver left behind when it stopped (its stopping rule: CONVERGED_RELATIVE_STEP).
    const state = new StdDevSolverState(1);
    fc.assert(
      fc.property(fc.double({ min: -0.5, max: 0, noNaN: true }), fc.double({ min: 0.05, max: 1.5, noNaN: true }), (x, s) => {
        const beta = black76Value({ type: 'call', forward: Math.exp(0.5 * x), strike: Math.exp(-0.5 * x), timeYears: 1, rate: 0, sigma: s }).price;
        if (!(beta > 1e-3)) return true;
        const found = normalizedImpliedStdDev(x, beta);
        state.x[0] = x;
        state.beta[0] = beta;
        startStdDevSolve(state, 0);
        state.s[0] = found;
        state.lo[0] = 0;
        state.hi[0] = Number.POSITIVE_INFINITY;
        stdDevHouseholderStep(state, 0);
        return Math.abs((state.s[0] as number) - found) <= SETTLED_STEP_ULPS * Number.EPSILON * found;
      }),
      { numRuns: 3000 },
    );
  });
});

describe('implied volatility errors and corners', () => {
  const base = { type: 'call' as const, forward: 100, strike: 90, timeYears: 0.5, rate: 0.05 };
  const df = Math.exp(-0.05 * 0.5);

  it('below intrinsic, above the upper bound and non-positive time are typed errors', () => {
    expect(impliedVolBlack76({ ...base, price: 9 * df })).toMatchObject({ ok: false, error: { kind: 'below-intrinsic' } });
    expect(impliedVolBlack76({ ...base, price: -1 })).toMatchObject({ ok: false, error: { kind: 'below-intrinsic' } });
    expect(impliedVolBlack76({ ...base, price: 100 * df })).toMatchObject({ ok: false, error: { kind: 'above-upper-bound' } });
    expect(impliedVolBlack76({ ...base, type: 'put', price: 95 })).toMatchObject({ ok: false, error: { kind: 'above-upper-bound' } });
    expect(impliedVolBlack76({ ...base, timeYears: 0, price: 12 })).toMatchObject({ ok: false, error: { kind: 'non-positive-time' } });
    expect(impliedVolBsm({ type: 'put', spot: 100, strike: 100, timeYears: -0.1, rate: 0, dividendYield: 0, price: 1 })).toMatchObject({
      ok: false,
      error: { kind: 'non-positive-time' },
    });
  });

  it('non-finite or non-positive inputs are invalid-input, never NaN', () => {
    expect(impliedVolBlack76({ ...base, price: Number.NaN })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(impliedVolBlack76({ ...base, forward: -1, price: 1 })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(impliedVolBsm({ type: 'call', spot: 100, strike: 100, timeYears: 1, rate: Infinity, dividendYield: 0, price: 1 })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
  });

  it('a price exactly at intrinsic value returns sigma 0 (documented choice)', () => {
    expect(impliedVolBlack76({ ...base, strike: 120, price: 0 })).toEqual({ ok: true, value: 0 });
    expect(impliedVolBlack76({ ...base, type: 'put', strike: 80, price: 0 })).toEqual({ ok: true, value: 0 });
  });

  it('at the money, one hour, 1 % vol and 300 % vol', () => {
    for (const sigma of [0.01, 3]) {
      const inputs = { type: 'put' as const, forward: 4500, strike: 4500, timeYears: ONE_HOUR_YEARS, rate: 0.05 };
      const price = black76Value({ ...inputs, sigma }).price;
      const found = impliedVolBlack76({ ...inputs, price });
      expect(found.ok && Math.abs(found.value - sigma)).toBeLessThan(SIGMA_ROUND_TRIP_TOLERANCE);
    }
  });

  it('exactly at the money, a vanishing price still gives its tiny sigma (b = s / sqrt(2 pi) to first order)', () => {
    const forward = 100;
    const price = 1e-300;
    const found = impliedVolBlack76({ type: 'call', forward, strike: forward, timeYears: ONE_HOUR_YEARS, rate: 0, price });
    const expected = (Math.sqrt(2 * Math.PI) * (price / forward)) / Math.sqrt(ONE_HOUR_YEARS);
    expect(found.ok && Math.abs(found.value - expected) / expected).toBeLessThan(1e-12);
  });

  it('stays finite and positive on the whole normalised domain, including x = 0 and prices near 0 and the bound', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(0), fc.double({ min: -50, max: -1e-12, noNaN: true })),
        fc.double({ min: 0, max: 700, noNaN: true }),
        (x, depth) => {
          const beta = Math.exp(0.5 * x) * Math.exp(-depth);
          if (!(beta > 0 && beta < Math.exp(0.5 * x))) return true;
          const s = normalizedImpliedStdDev(x, beta);
          return Number.isFinite(s) && s > 0;
        },
      ),
      { numRuns: 3000 },
    );
  });
});
