import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { black76Value } from './black76.js';
import { IMPLIED_VOL_STATUS, impliedVolChain, priceChain } from './batch.js';
import { impliedVolBlack76 } from './impliedVol.js';

/** Batch and scalar results may differ by the shared exponential: relative, against forward + strike. */
const BATCH_PRICE_TOLERANCE = 1e-14;
/** Same for delta (dimensionless) and vega (relative to the forward). */
const BATCH_GREEK_TOLERANCE = 1e-13;
/** Batch implied vols go through the same solver as the scalar API (decimal vol). */
const BATCH_SIGMA_TOLERANCE = 1e-13;

const logUniform = (min: number, max: number) =>
  fc.double({ min: Math.log(min), max: Math.log(max), noNaN: true }).map((x) => Math.exp(x));

const chainArbitrary = fc.record({
  forward: logUniform(5, 8000),
  timeYears: logUniform(1 / 8760, 3),
  rate: fc.double({ min: 0, max: 0.1, noNaN: true }),
  options: fc.array(fc.record({ isCall: fc.boolean(), moneyness: logUniform(0.3, 3), sigma: logUniform(0.01, 3) }), { minLength: 1, maxLength: 40 }),
});

describe('chain pricing', () => {
  it('priceChain agrees with black76Value option by option', () => {
    fc.assert(
      fc.property(chainArbitrary, (c) => {
        const n = c.options.length;
        const isCall = Uint8Array.from(c.options, (o) => (o.isCall ? 1 : 0));
        const strikes = Float64Array.from(c.options, (o) => c.forward * o.moneyness);
        const sigmas = Float64Array.from(c.options, (o) => o.sigma);
        const prices = new Float64Array(n);
        const deltas = new Float64Array(n);
        const vegasPerUnitVol = new Float64Array(n);
        priceChain({ forward: c.forward, timeYears: c.timeYears, discountFactor: Math.exp(-c.rate * c.timeYears) }, isCall, strikes, sigmas, {
          prices,
          deltas,
          vegasPerUnitVol,
        });
        return c.options.every((o, i) => {
          const strike = strikes[i] as number;
          const v = black76Value({ type: o.isCall ? 'call' : 'put', forward: c.forward, strike, timeYears: c.timeYears, rate: c.rate, sigma: o.sigma });
          return (
            Math.abs((prices[i] as number) - v.price) <= BATCH_PRICE_TOLERANCE * (c.forward + strike) &&
            Math.abs((deltas[i] as number) - v.delta) <= BATCH_GREEK_TOLERANCE &&
            Math.abs((vegasPerUnitVol[i] as number) - v.vegaPerUnitVol) <= BATCH_GREEK_TOLERANCE * c.forward
          );
        });
      }),
    );
  });

  it('agrees with the scalar price where exp(-d1^2/2) underflows or the option is one hour from expiry', () => {
    const cases = [
      { forward: 1e250, strike: 1, timeYears: 3, sigma: 22, isCall: 1 },
      { forward: 4500, strike: 3000, timeYears: 1 / 8760, sigma: 0.1, isCall: 0 },
      { forward: 4500, strike: 4490, timeYears: 1 / 8760, sigma: 0.1, isCall: 1 },
    ];
    for (const c of cases) {
      const prices = new Float64Array(1);
      priceChain({ forward: c.forward, timeYears: c.timeYears, discountFactor: 1 }, Uint8Array.of(c.isCall), Float64Array.of(c.strike), Float64Array.of(c.sigma), { prices });
      const scalar = black76Value({ type: c.isCall === 1 ? 'call' : 'put', forward: c.forward, strike: c.strike, timeYears: c.timeYears, rate: 0, sigma: c.sigma }).price;
      expect(Math.abs((prices[0] as number) - scalar)).toBeLessThanOrEqual(BATCH_PRICE_TOLERANCE * (c.forward + c.strike));
    }
  });

  it('prices only, without optional outputs, and names a bad option by index', () => {
    const prices = new Float64Array(2);
    const expiry = { forward: 100, timeYears: 0.5, discountFactor: 0.99 };
    priceChain(expiry, Uint8Array.of(1, 0), Float64Array.of(100, 90), Float64Array.of(0.2, 0.3), { prices });
    expect(prices[0]).toBeGreaterThan(0);
    expect(() => priceChain(expiry, Uint8Array.of(1, 0), Float64Array.of(100, 90), Float64Array.of(0.2, Number.NaN), { prices })).toThrow(/option 1/);
    expect(() => priceChain(expiry, Uint8Array.of(1), Float64Array.of(100, 90), Float64Array.of(0.2, 0.3), { prices })).toThrow(/isCall/);
    // A flag other than 0 or 1 is a caller's bug, not a put; nothing is written before the check.
    const untouched = Float64Array.of(-1, -1);
    expect(() => priceChain(expiry, Uint8Array.of(1, 2), Float64Array.of(100, 90), Float64Array.of(0.2, 0.3), { prices: untouched })).toThrow(/option 1/);
    expect(Array.from(untouched)).toEqual([-1, -1]);
    expect(() => priceChain({ ...expiry, timeYears: 0 }, Uint8Array.of(1, 0), Float64Array.of(100, 90), Float64Array.of(0.2, 0.3), { prices })).toThrow(
      /timeYears/,
    );
  });

  it('prices a chain of several blocks exactly as it prices each option alone, and checks the last block before writing', () => {
    // Pass 1 works a block of options at a time (ARGUMENT_BLOCK_OPTIONS, 128): 300 options end in a
    // partial third block. No option's arithmetic depends on its neighbours, so each price is the
    // same double as the option priced on its own.
    const n = 300;
    const expiry = { forward: 4500, timeYears: 30 / 365, discountFactor: Math.exp(-0.04 * (30 / 365)) };
    const isCall = Uint8Array.from({ length: n }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0);
    const strikes = Float64Array.from({ length: n }, (_, i) => 3000 + 10 * i);
    const sigmas = Float64Array.from({ length: n }, (_, i) => 0.1 + 0.002 * ((i * 37) % 200));
    const prices = new Float64Array(n);
    const deltas = new Float64Array(n);
    priceChain(expiry, isCall, strikes, sigmas, { prices, deltas });
    const alone = new Float64Array(1);
    const aloneDelta = new Float64Array(1);
    for (let i = 0; i < n; i++) {
      priceChain(expiry, isCall.subarray(i, i + 1), strikes.subarray(i, i + 1), sigmas.subarray(i, i + 1), { prices: alone, deltas: aloneDelta });
      expect([prices[i], deltas[i]]).toEqual([alone[0], aloneDelta[0]]);
    }
    // A bad option in the partial last block: named by its index, and no output written.
    const untouched = new Float64Array(n).fill(-1);
    const badSigmas = sigmas.slice();
    badSigmas[290] = 0;
    expect(() => priceChain(expiry, isCall, strikes, badSigmas, { prices: untouched })).toThrow(/option 290/);
    expect(untouched.every((price) => price === -1)).toBe(true);
  });
});

describe('chain implied vols', () => {
  it('impliedVolChain agrees with impliedVolBlack76 and reports each failure', () => {
    const forward = 20;
    const timeYears = 0.1;
    const rate = 0.05;
    const discountFactor = Math.exp(-rate * timeYears);
    const isCall = Uint8Array.of(1, 0, 1, 1, 0, 1);
    const strikes = Float64Array.of(25, 18, 15, 25, 18, 30);
    const good = (i: number, sigma: number) =>
      black76Value({ type: isCall[i] === 1 ? 'call' : 'put', forward, strike: strikes[i] as number, timeYears, rate, sigma }).price;
    const prices = Float64Array.of(good(0, 0.9), good(1, 1.2), 4 * discountFactor, 21, Number.NaN, 0);
    const sigmas = new Float64Array(6);
    const status = new Uint8Array(6);
    const solved = impliedVolChain({ forward, timeYears, discountFactor }, isCall, strikes, prices, sigmas, status);
    expect(Array.from(status)).toEqual([
      IMPLIED_VOL_STATUS.solved,
      IMPLIED_VOL_STATUS.solved,
      IMPLIED_VOL_STATUS.belowIntrinsic,
      IMPLIED_VOL_STATUS.aboveUpperBound,
      IMPLIED_VOL_STATUS.invalidInput,
      IMPLIED_VOL_STATUS.atIntrinsic,
    ]);
    expect(solved).toBe(3);
    expect(Math.abs((sigmas[0] as number) - 0.9)).toBeLessThan(1e-12);
    expect(Math.abs((sigmas[1] as number) - 1.2)).toBeLessThan(1e-12);
    expect(sigmas[5]).toBe(0);
    for (const i of [2, 3, 4]) expect(Number.isNaN(sigmas[i])).toBe(true);
    const scalar = impliedVolBlack76({ type: 'call', forward, strike: 25, timeYears, rate, price: prices[0] as number });
    expect(scalar.ok && Math.abs(scalar.value - (sigmas[0] as number))).toBeLessThan(BATCH_SIGMA_TOLERANCE);
  });

  it('reports an isCall flag other than 0 or 1 as invalid input', () => {
    const sigmas = new Float64Array(1);
    const status = new Uint8Array(1);
    const solved = impliedVolChain({ forward: 20, timeYears: 0.1, discountFactor: 1 }, Uint8Array.of(7), Float64Array.of(20), Float64Array.of(1), sigmas, status);
    expect(solved).toBe(0);
    expect(status[0]).toBe(IMPLIED_VOL_STATUS.invalidInput);
    expect(Number.isNaN(sigmas[0])).toBe(true);
  });
});

/** Golden implied-vol tolerance (decimal vol), as impliedVol.golden.test.ts: where the price pins sigma. */
const GOLDEN_SIGMA_TOLERANCE = 1e-10;
/**
 * A price pins sigma to GOLDEN_SIGMA_TOLERANCE when vega times that tolerance exceeds the price's own
 * error (BATCH_PRICE_TOLERANCE of forward + strike) by this factor.
 */
const PINNING_MARGIN = 10;

describe('chain implied vols on random chains', () => {
  it('recover the sigma that priced each option, and agree with impliedVolBlack76, wherever the price pins sigma', () => {
    let informativeSeen = 0;
    fc.assert(
      fc.property(chainArbitrary, (c) => {
        const n = c.options.length;
        const expiry = { forward: c.forward, timeYears: c.timeYears, discountFactor: Math.exp(-c.rate * c.timeYears) };
        const isCall = Uint8Array.from(c.options, (o) => (o.isCall ? 1 : 0));
        const strikes = Float64Array.from(c.options, (o) => c.forward * o.moneyness);
        const sigmas = Float64Array.from(c.options, (o) => o.sigma);
        const prices = new Float64Array(n);
        const vegasPerUnitVol = new Float64Array(n);
        priceChain(expiry, isCall, strikes, sigmas, { prices, vegasPerUnitVol });
        const implied = new Float64Array(n);
        const status = new Uint8Array(n);
        impliedVolChain(expiry, isCall, strikes, prices, implied, status);
        return c.options.every((o, i) => {
          const strike = strikes[i] as number;
          const priceError = BATCH_PRICE_TOLERANCE * (c.forward + strike);
          if (!((vegasPerUnitVol[i] as number) * GOLDEN_SIGMA_TOLERANCE > PINNING_MARGIN * priceError)) {
            // Not pinned: any outcome is legitimate, but a solved sigma must be a finite non-negative number.
            return status[i] !== IMPLIED_VOL_STATUS.solved || (implied[i] as number) >= 0;
          }
          informativeSeen++;
          const scalar = impliedVolBlack76({
            type: o.isCall ? 'call' : 'put',
            forward: c.forward,
            strike,
            timeYears: c.timeYears,
            rate: c.rate,
            price: prices[i] as number,
          });
          const sigma = implied[i] as number;
          return (
            status[i] === IMPLIED_VOL_STATUS.solved &&
            Math.abs(sigma - o.sigma) <= GOLDEN_SIGMA_TOLERANCE &&
            scalar.ok &&
            Math.abs(sigma - scalar.value) <= GOLDEN_SIGMA_TOLERANCE
          );
        });
      }),
      { numRuns: 300 },
    );
    expect(informativeSeen).toBeGreaterThan(1000);
  });

  it('gives the same results whatever the order and size of the chains solved before (the solver state is reused)', () => {
    const expiry = { forward: 4500, timeYears: 30 / 365, discountFactor: Math.exp(-0.04 * (30 / 365)) };
    const strikes = Float64Array.of(3000, 4000, 4500, 5000, 6000);
    const isCall = Uint8Array.of(0, 0, 1, 1, 1);
    const prices = new Float64Array(5);
    priceChain(expiry, isCall, strikes, Float64Array.of(0.6, 0.3, 0.2, 0.15, 0.5), { prices });
    const first = new Float64Array(5);
    const status = new Uint8Array(5);
    impliedVolChain(expiry, isCall, strikes, prices, first, status);
    // A larger chain in between grows the scratch state; the small one must then solve identically.
    const big = 300;
    const bigStrikes = Float64Array.from({ length: big }, (_, i) => 2000 + 10 * i);
    const bigCall = new Uint8Array(big).fill(1);
    const bigPrices = new Float64Array(big);
    priceChain(expiry, bigCall, bigStrikes, new Float64Array(big).fill(0.25), { prices: bigPrices });
    impliedVolChain(expiry, bigCall, bigStrikes, bigPrices, new Float64Array(big), new Uint8Array(big));
    const again = new Float64Array(5);
    impliedVolChain(expiry, isCall, strikes, prices, again, status);
    expect(Array.from(again)).toEqual(Array.from(first));
    expect(Array.from(status)).toEqual(new Array(5).fill(IMPLIED_VOL_STATUS.solved));
  });
});
