import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { black76Value } from './black76.js';
import { bsmValue } from './bsm.js';
import { strikeForDeltaBlack76, strikeForDeltaBsm, strikeForDeltaWithSmile } from './strikeForDelta.js';

/** The delta at the solved strike must equal the target to this absolute error (delta units). */
const DELTA_TOLERANCE = 1e-12;
/** Smile solves stop on the log strike; their delta error is looser by the delta's slope (delta units). */
const SMILE_DELTA_TOLERANCE = 1e-10;

const logUniform = (min: number, max: number) =>
  fc.double({ min: Math.log(min), max: Math.log(max), noNaN: true }).map((x) => Math.exp(x));

describe('strike for a delta, flat vol (closed form)', () => {
  it('BSM: bsmValue at the solved strike has the target spot delta', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('call' as const, 'put' as const),
        fc.double({ min: 0.01, max: 0.95, noNaN: true }),
        logUniform(1 / 365, 2),
        logUniform(0.05, 1.5),
        (type, magnitude, timeYears, sigma) => {
          const market = { type, spot: 4500, timeYears, rate: 0.04, dividendYield: 0.015, sigma };
          const targetDelta = type === 'call' ? magnitude * Math.exp(-0.015 * timeYears) : -magnitude * Math.exp(-0.015 * timeYears);
          const strike = strikeForDeltaBsm({ ...market, targetDelta });
          if (!strike.ok) return false;
          return Math.abs(bsmValue({ ...market, strike: strike.value }).delta - targetDelta) <= DELTA_TOLERANCE;
        },
      ),
    );
  });

  it('Black-76: a 30-delta VIX call', () => {
    const market = { type: 'call' as const, forward: 18.4, timeYears: 35 / 365, rate: 0.05, sigma: 0.95 };
    const strike = strikeForDeltaBlack76({ ...market, targetDelta: 0.3 });
    expect(strike.ok).toBe(true);
    if (!strike.ok) return;
    expect(strike.value).toBeGreaterThan(18.4);
    expect(Math.abs(black76Value({ ...market, strike: strike.value }).delta - 0.3)).toBeLessThan(DELTA_TOLERANCE);
  });

  it('rejects deltas outside the attainable range and bad inputs with typed errors', () => {
    const market = { spot: 4500, timeYears: 0.1, rate: 0.04, dividendYield: 0.015, sigma: 0.2 };
    expect(strikeForDeltaBsm({ ...market, type: 'call', targetDelta: -0.16 })).toMatchObject({ ok: false, error: { kind: 'delta-out-of-range' } });
    expect(strikeForDeltaBsm({ ...market, type: 'put', targetDelta: 0.16 })).toMatchObject({ ok: false, error: { kind: 'delta-out-of-range' } });
    expect(strikeForDeltaBsm({ ...market, type: 'call', targetDelta: 1 })).toMatchObject({ ok: false, error: { kind: 'delta-out-of-range' } });
    expect(strikeForDeltaBsm({ ...market, type: 'call', sigma: 0, targetDelta: 0.16 })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(strikeForDeltaBsm({ ...market, type: 'call', spot: Number.NaN, targetDelta: 0.16 })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
  });
});

describe('strike for a delta with a smile', () => {
  // A skewed SPX-like smile: vol rises to the downside, floored, in log-moneyness around the forward.
  const forward = 4500;
  const smile = (strike: number) => {
    const k = Math.log(strike / forward);
    return Math.max(0.06, 0.16 - 0.35 * k + 0.9 * k * k);
  };

  it('finds the 16-delta put and call and the 5-delta wings on a skewed smile', () => {
    const timeYears = 45 / 365;
    const discountFactorDelta = Math.exp(-0.015 * timeYears);
    for (const [type, targetDelta] of [
      ['put', -0.16],
      ['call', 0.16],
      ['put', -0.05],
      ['call', 0.05],
    ] as const) {
      const strike = strikeForDeltaWithSmile({ type, forward, timeYears, discountFactorDelta, targetDelta, volAtStrike: smile });
      expect(strike.ok).toBe(true);
      if (!strike.ok) continue;
      const sigma = smile(strike.value);
      const stdDev = sigma * Math.sqrt(timeYears);
      const d1 = Math.log(forward / strike.value) / stdDev + 0.5 * stdDev;
      const spotDelta = bsmValue({
        type,
        spot: forward * Math.exp(-(0.04 - 0.015) * timeYears),
        strike: strike.value,
        timeYears,
        rate: 0.04,
        dividendYield: 0.015,
        sigma,
      }).delta;
      expect(Math.abs(spotDelta - targetDelta)).toBeLessThan(SMILE_DELTA_TOLERANCE);
      expect(Number.isFinite(d1)).toBe(true);
      expect(type === 'put' ? strike.value < forward : strike.value > forward).toBe(true);
    }
  });

  it('agrees with the closed form on a flat smile', () => {
    const timeYears = 30 / 365;
    const flat = strikeForDeltaWithSmile({ type: 'put', forward, timeYears, discountFactorDelta: 1, targetDelta: -0.2, volAtStrike: () => 0.18 });
    const closed = strikeForDeltaBlack76({ type: 'put', forward, timeYears, rate: 0, sigma: 0.18, targetDelta: -0.2 });
    expect(flat.ok && closed.ok && Math.abs(flat.value - closed.value) / closed.value).toBeLessThan(1e-12);
  });

  it('reports a smile function that returns nonsense', () => {
    const bad = strikeForDeltaWithSmile({ type: 'call', forward, timeYears: 0.1, discountFactorDelta: 1, targetDelta: 0.3, volAtStrike: () => Number.NaN });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    const negative = strikeForDeltaWithSmile({
      type: 'call',
      forward,
      timeYears: 0.1,
      discountFactorDelta: 1,
      targetDelta: 0.3,
      volAtStrike: (k) => (k > forward * 1.01 ? -0.1 : 0.2),
    });
    expect(negative).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });

  it('says no strike has the delta when the smile rises too fast for it, instead of returning an infinite strike', () => {
    // vol(K) = 0.8 (K/F)^3, 0.1 years: the call's delta falls from 0.55 at the money to about 0.42 near
    // K = 1.2 F (k 0.2: vol 1.46, sd 0.46, d1 = -0.2 / 0.46 + 0.23 = -0.2) and rises again as the vol
    // outgrows the moneyness, so no strike has a 0.3 delta. The bracket's upper end used to double on
    // alone until e^k overflowed, and the search returned ok(Infinity).
    const steep = strikeForDeltaWithSmile({ type: 'call', forward, timeYears: 0.1, discountFactorDelta: 1, targetDelta: 0.3, volAtStrike: (k) => 0.8 * (k / forward) ** 3 });
    expect(steep).toMatchObject({ ok: false, error: { kind: 'no-bracket' } });
  });
});

describe('strike for a delta at a negative rate', () => {
  it('solves when the delta discount factor is above 1 (negative T-bill yields, March 2020)', () => {
    const rate = -0.0005;
    const timeYears = 30 / 365;
    const forward = 60;
    const k = strikeForDeltaWithSmile({ type: 'call', forward, timeYears, discountFactorDelta: Math.exp(-rate * timeYears), targetDelta: 0.3, volAtStrike: () => 1.2 });
    expect(k.ok).toBe(true);
    if (!k.ok) return;
    const delta = black76Value({ type: 'call', forward, strike: k.value, timeYears, rate, sigma: 1.2 }).delta;
    expect(Math.abs(delta - 0.3)).toBeLessThan(1e-9);
  });
});
