/** No-arbitrage properties of the BSM price and its link to Black-76 (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { black76Value } from './black76.js';
import { bsmForward, bsmOptionPrice, bsmValue, type BsmInputs } from './bsm.js';

/** Rounding slack for identities between prices, as a fraction of spot + strike (dimensionless). */
const PRICE_IDENTITY_TOLERANCE = 1e-13;
/** Relative agreement of Greeks computed two algebraically equal ways (dimensionless). */
const GREEK_IDENTITY_TOLERANCE = 1e-12;
const ONE_HOUR_YEARS = 1 / 8760;
/** Relative error allowed against a 40-digit reference price (dimensionless). */
const KNOWN_VALUE_RELATIVE_TOLERANCE = 1e-14;

const logUniform = (min: number, max: number) =>
  fc.double({ min: Math.log(min), max: Math.log(max), noNaN: true }).map((x) => Math.exp(x));

const market = fc.record({
  spot: logUniform(100, 10_000),
  moneyness: logUniform(0.3, 3),
  timeYears: logUniform(ONE_HOUR_YEARS, 3),
  rate: fc.double({ min: 0, max: 0.1, noNaN: true }),
  dividendYield: fc.double({ min: 0, max: 0.05, noNaN: true }),
  sigma: logUniform(0.01, 3),
});

type Market = { spot: number; moneyness: number; timeYears: number; rate: number; dividendYield: number; sigma: number };

function inputs(m: Market, type: 'call' | 'put'): BsmInputs {
  return { type, spot: m.spot, strike: m.spot * m.moneyness, timeYears: m.timeYears, rate: m.rate, dividendYield: m.dividendYield, sigma: m.sigma };
}

describe('BSM properties', () => {
  it('put-call parity: C - P = S exp(-qT) - K exp(-rT)', () => {
    fc.assert(
      fc.property(market, (m) => {
        const strike = m.spot * m.moneyness;
        const parity = m.spot * Math.exp(-m.dividendYield * m.timeYears) - strike * Math.exp(-m.rate * m.timeYears);
        const difference = bsmOptionPrice(inputs(m, 'call')) - bsmOptionPrice(inputs(m, 'put'));
        return Math.abs(difference - parity) <= PRICE_IDENTITY_TOLERANCE * (m.spot + strike);
      }),
    );
  });

  it('no-arbitrage bounds and monotonicity in strike and vol', () => {
    fc.assert(
      fc.property(market, logUniform(1.0001, 1.5), (m, bump) => {
        const strike = m.spot * m.moneyness;
        const slack = PRICE_IDENTITY_TOLERANCE * (m.spot + strike * bump);
        const call = bsmOptionPrice(inputs(m, 'call'));
        const put = bsmOptionPrice(inputs(m, 'put'));
        const discountedSpot = m.spot * Math.exp(-m.dividendYield * m.timeYears);
        const discountedStrike = strike * Math.exp(-m.rate * m.timeYears);
        return (
          call >= Math.max(discountedSpot - discountedStrike, 0) - slack &&
          call <= discountedSpot + slack &&
          put >= Math.max(discountedStrike - discountedSpot, 0) - slack &&
          put <= discountedStrike + slack &&
          bsmOptionPrice({ ...inputs(m, 'call'), strike: strike * bump }) <= call + slack &&
          bsmOptionPrice({ ...inputs(m, 'put'), strike: strike * bump }) >= put - slack &&
          bsmOptionPrice({ ...inputs(m, 'call'), sigma: m.sigma * bump }) >= call - slack &&
          bsmOptionPrice({ ...inputs(m, 'put'), sigma: m.sigma * bump }) >= put - slack
        );
      }),
    );
  });

  it('rises with time when r = q = 0 (no carry to offset the extra optionality)', () => {
    fc.assert(
      fc.property(market, logUniform(1.0001, 1.5), fc.constantFrom('call' as const, 'put' as const), (m, bump, type) => {
        const flat = { ...inputs(m, type), rate: 0, dividendYield: 0 };
        const slack = PRICE_IDENTITY_TOLERANCE * (m.spot + flat.strike);
        return bsmOptionPrice({ ...flat, timeYears: m.timeYears * bump }) >= bsmOptionPrice(flat) - slack;
      }),
    );
  });

  it('equals Black-76 on the forward S exp((r - q)T): spot delta = forward delta * F / S', () => {
    fc.assert(
      fc.property(market, fc.constantFrom('call' as const, 'put' as const), (m, type) => {
        const i = inputs(m, type);
        const forward = bsmForward(i.spot, i.rate, i.dividendYield, i.timeYears);
        const onSpot = bsmValue(i);
        const onForward = black76Value({ type, forward, strike: i.strike, timeYears: i.timeYears, rate: i.rate, sigma: i.sigma });
        const close = (a: number, b: number, scale: number) => Math.abs(a - b) <= GREEK_IDENTITY_TOLERANCE * Math.max(Math.abs(a), scale);
        return (
          close(onSpot.price, onForward.price, 1e-8 * i.spot) &&
          close(onSpot.delta, (onForward.delta * forward) / i.spot, 1e-10) &&
          close(onSpot.vegaPerUnitVol, onForward.vegaPerUnitVol, 1e-10 * i.spot)
        );
      }),
    );
  });

  it('a known value: S = K = 100, T = 1, r = 5 %, q = 0, sigma = 20 % call', () => {
    // Reference: the closed form in mpmath with 40 digits, 10.45058357218556678165123120967833527931.
    const reference = 10.45058357218556678165123120967833527931;
    const price = bsmOptionPrice({ type: 'call', spot: 100, strike: 100, timeYears: 1, rate: 0.05, dividendYield: 0, sigma: 0.2 });
    expect(Math.abs(price - reference) / reference).toBeLessThan(KNOWN_VALUE_RELATIVE_TOLERANCE);
  });
});
