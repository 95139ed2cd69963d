/** No-arbitrage properties of the Black-76 price (fast-check over wide, realistic input ranges). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { black76OptionPrice, black76Price, black76Value, type Black76Inputs } from './black76.js';

/** Rounding slack for identities between prices, as a fraction of forward + strike (dimensionless). */
const PRICE_IDENTITY_TOLERANCE = 1e-13;
const ONE_HOUR_YEARS = 1 / 8760;

/** Log-uniform draw in [min, max]. */
const logUniform = (min: number, max: number) =>
  fc.double({ min: Math.log(min), max: Math.log(max), noNaN: true }).map((x) => Math.exp(x));

const market = fc.record({
  forward: logUniform(5, 10_000),
  moneyness: logUniform(0.2, 5),
  timeYears: logUniform(ONE_HOUR_YEARS, 3),
  rate: fc.double({ min: -0.01, max: 0.15, noNaN: true }),
  sigma: logUniform(0.01, 3),
});

function inputs(m: { forward: number; moneyness: number; timeYears: number; rate: number; sigma: number }, type: 'call' | 'put'): Black76Inputs {
  return { type, forward: m.forward, strike: m.forward * m.moneyness, timeYears: m.timeYears, rate: m.rate, sigma: m.sigma };
}

describe('Black-76 properties', () => {
  it('put-call parity: C - P = DF (F - K)', () => {
    fc.assert(
      fc.property(market, (m) => {
        const call = black76OptionPrice(inputs(m, 'call'));
        const put = black76OptionPrice(inputs(m, 'put'));
        const strike = m.forward * m.moneyness;
        const parity = Math.exp(-m.rate * m.timeYears) * (m.forward - strike);
        return Math.abs(call - put - parity) <= PRICE_IDENTITY_TOLERANCE * (m.forward + strike);
      }),
    );
  });

  it('no-arbitrage bounds: discounted intrinsic <= price <= discounted forward (call) or strike (put)', () => {
    fc.assert(
      fc.property(market, fc.constantFrom('call' as const, 'put' as const), (m, type) => {
        const strike = m.forward * m.moneyness;
        const df = Math.exp(-m.rate * m.timeYears);
        const price = black76OptionPrice(inputs(m, type));
        const slack = PRICE_IDENTITY_TOLERANCE * (m.forward + strike);
        const intrinsic = df * Math.max(type === 'call' ? m.forward - strike : strike - m.forward, 0);
        const upper = df * (type === 'call' ? m.forward : strike);
        return price >= intrinsic - slack && price <= upper + slack && price >= 0;
      }),
    );
  });

  it('monotone: calls fall and puts rise with the strike; both rise with vol and (undiscounted) with time', () => {
    fc.assert(
      fc.property(market, logUniform(1.0001, 1.5), (m, bump) => {
        const slack = PRICE_IDENTITY_TOLERANCE * m.forward * (1 + m.moneyness * bump);
        const at = (type: 'call' | 'put', change: Partial<Black76Inputs>) => black76OptionPrice({ ...inputs(m, type), ...change });
        const strike = m.forward * m.moneyness;
        const undiscounted = (type: 'call' | 'put', timeYears: number) => black76OptionPrice({ ...inputs(m, type), rate: 0, timeYears });
        return (
          at('call', { strike: strike * bump }) <= at('call', {}) + slack &&
          at('put', { strike: strike * bump }) >= at('put', {}) - slack &&
          at('call', { sigma: m.sigma * bump }) >= at('call', {}) - slack &&
          at('put', { sigma: m.sigma * bump }) >= at('put', {}) - slack &&
          undiscounted('call', m.timeYears * bump) >= undiscounted('call', m.timeYears) - slack &&
          undiscounted('put', m.timeYears * bump) >= undiscounted('put', m.timeYears) - slack
        );
      }),
    );
  });

  it('black76Value, black76OptionPrice and the kernel agree exactly', () => {
    fc.assert(
      fc.property(market, fc.constantFrom('call' as const, 'put' as const), (m, type) => {
        const i = inputs(m, type);
        const kernel = black76Price(type, i.forward, i.strike, i.sigma * Math.sqrt(i.timeYears), Math.exp(-i.rate * i.timeYears));
        const value = black76Value(i).price;
        return black76OptionPrice(i) === kernel && Math.abs(value - kernel) <= PRICE_IDENTITY_TOLERANCE * (i.forward + i.strike);
      }),
    );
  });

  it('rho is -T times the price', () => {
    const v = black76Value({ type: 'call', forward: 20, strike: 25, timeYears: 0.1, rate: 0.05, sigma: 0.9 });
    expect(v.rho).toBe(-0.1 * v.price);
  });
});
