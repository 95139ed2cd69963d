/**
 * Every analytic Greek of both models against a central finite difference of the price (or of the
 * analytic Greek one order down), over a grid that includes one hour to expiry and far-from-the-money
 * strikes.
 */
import { describe, expect, it } from 'vitest';
import { black76Value, type Black76Inputs, type OptionType } from './black76.js';
import { bsmValue, type BsmInputs } from './bsm.js';
import type { OptionValuation } from './valuation.js';

/** Relative agreement required between an analytic Greek and its central difference (dimensionless). */
const FD_RELATIVE_TOLERANCE = 1e-5;
/** Below this fraction of its scale a Greek is compared absolutely (FD_RELATIVE_TOLERANCE * floor * scale). */
const FD_SCALE_FLOOR = 1e-6;
/** Bump of the underlying as a fraction of (underlying * sigma * sqrt(T)): small against the curvature scale. */
const UNDERLYING_BUMP_PER_STDDEV = 1e-3;
/** Relative bump of sigma and of T. */
const RELATIVE_BUMP = 1e-4;
/** Absolute bump of the rate (decimal). */
const RATE_BUMP = 1e-5;
/** Rounding of each bumped evaluation, in ulps of the differenced quantity: a difference cannot resolve less. */
const EVALUATION_ROUNDING_ULPS = 16;

const ONE_HOUR_YEARS = 1 / 8760;

interface Difference {
  value: number;
  /** The rounding noise of the difference quotient. */
  noise: number;
}

function central(f: (x: number) => number, x: number, h: number): Difference {
  const up = f(x + h);
  const down = f(x - h);
  const noise = (EVALUATION_ROUNDING_ULPS * Number.EPSILON * Math.max(Math.abs(up), Math.abs(down))) / h;
  return { value: (up - down) / (2 * h), noise };
}

function negated(d: Difference): Difference {
  return { value: -d.value, noise: d.noise };
}

interface Case {
  type: OptionType;
  underlying: number;
  strike: number;
  timeYears: number;
  rate: number;
  dividendYield: number;
  sigma: number;
}

const cases: Case[] = [];
for (const type of ['call', 'put'] as const)
  for (const moneyness of [0.6, 0.9, 1, 1.1, 1.8])
    for (const timeYears of [ONE_HOUR_YEARS, 7 / 365, 0.25, 3])
      for (const sigma of [0.05, 0.2, 1.5])
        cases.push({ type, underlying: 4000, strike: 4000 * moneyness, timeYears, rate: 0.045, dividendYield: 0.013, sigma });

function check(label: string, analytic: number, numeric: Difference, scale: number): string[] {
  const allowed = FD_RELATIVE_TOLERANCE * Math.max(Math.abs(analytic), FD_SCALE_FLOOR * scale) + numeric.noise;
  return Math.abs(analytic - numeric.value) <= allowed ? [] : [`${label}: analytic ${analytic} vs finite difference ${numeric.value}`];
}

function checkAll(label: string, value: (u: number, sigma: number, timeYears: number, rate: number) => OptionValuation, c: Case, deltaScaleFactor: number) {
  const base = value(c.underlying, c.sigma, c.timeYears, c.rate);
  const hU = UNDERLYING_BUMP_PER_STDDEV * c.underlying * c.sigma * Math.sqrt(c.timeYears);
  const hS = RELATIVE_BUMP * c.sigma;
  const hT = RELATIVE_BUMP * c.timeYears;
  const u = c.underlying;
  const problems = [
    ...check(`${label} delta`, base.delta, central((x) => value(x, c.sigma, c.timeYears, c.rate).price, u, hU), deltaScaleFactor),
    ...check(`${label} gamma`, base.gamma, central((x) => value(x, c.sigma, c.timeYears, c.rate).delta, u, hU), deltaScaleFactor / u),
    ...check(`${label} vega`, base.vegaPerUnitVol, central((s) => value(u, s, c.timeYears, c.rate).price, c.sigma, hS), u),
    ...check(`${label} theta`, base.thetaPerYear, negated(central((t) => value(u, c.sigma, t, c.rate).price, c.timeYears, hT)), u),
    ...check(`${label} rho`, base.rho, central((r) => value(u, c.sigma, c.timeYears, r).price, c.rate, RATE_BUMP), u),
    ...check(`${label} vanna`, base.vanna, central((s) => value(u, s, c.timeYears, c.rate).delta, c.sigma, hS), 1),
    ...check(`${label} volga`, base.volga, central((s) => value(u, s, c.timeYears, c.rate).vegaPerUnitVol, c.sigma, hS), u),
    ...check(`${label} charm`, base.charmPerYear, negated(central((t) => value(u, c.sigma, t, c.rate).delta, c.timeYears, hT)), 1),
  ];
  if (base.vegaPerVolPoint !== base.vegaPerUnitVol / 100) problems.push(`${label} vega per vol point`);
  if (base.thetaPerDay !== base.thetaPerYear / 365) problems.push(`${label} theta per day`);
  for (const [name, v] of Object.entries(base)) if (!Number.isFinite(v)) problems.push(`${label} ${name} is ${v}`);
  return problems;
}

const describeCase = (c: Case) => `${c.type} K/F=${(c.strike / c.underlying).toFixed(2)} T=${c.timeYears.toPrecision(3)} sigma=${c.sigma}`;

describe('analytic Greeks match central finite differences', () => {
  it(`Black-76 over ${cases.length} scenarios`, () => {
    const problems = cases.flatMap((c) =>
      checkAll(
        describeCase(c),
        (forward, sigma, timeYears, rate) => black76Value({ type: c.type, forward, strike: c.strike, timeYears, rate, sigma } satisfies Black76Inputs),
        c,
        1,
      ),
    );
    expect(problems).toEqual([]);
  });

  it(`BSM over ${cases.length} scenarios`, () => {
    const problems = cases.flatMap((c) =>
      checkAll(
        describeCase(c),
        (spot, sigma, timeYears, rate) =>
          bsmValue({ type: c.type, spot, strike: c.strike, timeYears, rate, dividendYield: c.dividendYield, sigma } satisfies BsmInputs),
        c,
        1,
      ),
    );
    expect(problems).toEqual([]);
  });

  it('BSM dividend sensitivity dV/dq = -T * S * delta', () => {
    for (const c of cases) {
      const v = (q: number) => bsmValue({ type: c.type, spot: c.underlying, strike: c.strike, timeYears: c.timeYears, rate: c.rate, dividendYield: q, sigma: c.sigma });
      const numeric = central((q) => v(q).price, c.dividendYield, RATE_BUMP);
      const analytic = -c.timeYears * c.underlying * v(c.dividendYield).delta;
      expect(check(describeCase(c), analytic, numeric, c.underlying)).toEqual([]);
    }
  });
});

describe('degenerate and extreme inputs', () => {
  it('zero volatility and zero time give the intrinsic limit with finite Greeks', () => {
    for (const [timeYears, sigma] of [
      [0, 0.2],
      [0.5, 0],
    ] as const) {
      const call = black76Value({ type: 'call', forward: 110, strike: 100, timeYears, rate: 0.05, sigma });
      expect(call.price).toBeCloseTo(Math.exp(-0.05 * timeYears) * 10, 12);
      expect(call.delta).toBeCloseTo(Math.exp(-0.05 * timeYears), 15);
      expect(call.gamma).toBe(0);
      expect(call.vegaPerUnitVol).toBe(0);
      for (const v of Object.values(call)) expect(Number.isFinite(v)).toBe(true);
      const put = bsmValue({ type: 'put', spot: 110, strike: 100, timeYears, rate: 0.05, dividendYield: 0.01, sigma });
      expect(put.price === 0).toBe(true);
      expect(put.delta === 0).toBe(true);
      for (const v of Object.values(put)) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it('one hour to expiry, 50 % out of the money: everything finite, price tiny but non-negative', () => {
    const v = bsmValue({ type: 'put', spot: 4000, strike: 2000, timeYears: ONE_HOUR_YEARS, rate: 0.05, dividendYield: 0.01, sigma: 0.3 });
    for (const x of Object.values(v)) expect(Number.isFinite(x)).toBe(true);
    expect(v.price).toBeGreaterThanOrEqual(0);
    expect(v.price).toBeLessThan(1e-300);
  });

  it('rejects non-finite and out-of-domain inputs by naming the field', () => {
    expect(() => black76Value({ type: 'call', forward: Number.NaN, strike: 100, timeYears: 1, rate: 0, sigma: 0.2 })).toThrow(/forward/);
    expect(() => bsmValue({ type: 'call', spot: 100, strike: 100, timeYears: 1, rate: 0, dividendYield: Infinity, sigma: 0.2 })).toThrow(/dividendYield/);
    expect(() => bsmValue({ type: 'call', spot: 100, strike: -1, timeYears: 1, rate: 0, dividendYield: 0, sigma: 0.2 })).toThrow(/strike/);
    expect(() => black76Value({ type: 'put', forward: 100, strike: 100, timeYears: -1, rate: 0, sigma: 0.2 })).toThrow(/timeYears/);
  });
});
