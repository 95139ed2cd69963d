import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deflatedSharpeOfBest, deflatedSharpeRatio, expectedMaxSharpe, OverfittingInputError, probabilisticSharpeRatio, returnMoments } from './deflatedSharpe.js';

/** The paper prints its example's DSR to four decimals. */
const PAPER_ROUNDING = 5e-4;
const FLOAT_TOLERANCE = 1e-12;

describe('deflated Sharpe ratio', () => {
  it("reproduces Bailey & López de Prado (2014)'s numerical example: DSR ≈ 0.9004", () => {
    // The paper: 100 trials, annualised SR 2.5 of the best, variance of the trials' annualised SRs
    // 0.5, five years of daily returns (T = 1250, 250 a year), skewness -3, kurtosis 10.
    // Worked by hand: SR0 (annualised) = √0.5 · (0.4228 · Φ⁻¹(0.99) + 0.5772 · Φ⁻¹(1 − 1/(100e)))
    // = 0.7071 · (0.4228 · 2.3263 + 0.5772 · 2.6800) ≈ 1.789; per day 1.789/√250 ≈ 0.1132 against
    // SR = 2.5/√250 ≈ 0.1581; z = 0.0449 · √1249 / √(1 + 3 · 0.1581 + 9/4 · 0.1581²) ≈ 1.282.
    const periodsPerYear = 250;
    const result = deflatedSharpeRatio({
      sharpe: 2.5 / Math.sqrt(periodsPerYear),
      trials: 100,
      sharpeVariance: 0.5 / periodsPerYear,
      count: 1250,
      skewness: -3,
      kurtosis: 10,
    });
    expect(result.expectedMaxSharpe * Math.sqrt(periodsPerYear)).toBeCloseTo(1.7894, 3);
    expect(Math.abs(result.deflatedSharpeRatio - 0.9004)).toBeLessThan(PAPER_ROUNDING);
  });

  it('PSR against a benchmark equal to the Sharpe ratio is one half', () => {
    expect(probabilisticSharpeRatio({ sharpe: 0.1, benchmarkSharpe: 0.1, count: 100, skewness: 0, kurtosis: 3 })).toBeCloseTo(0.5, 12);
  });

  it('PSR for normal returns: Φ(SR √(T−1) / √(1 + SR²/2))', () => {
    // SR 0.1, T 101: z = 0.1 · 10 / √1.005 = 0.99751; Φ(0.99751) = 0.84074.
    expect(probabilisticSharpeRatio({ sharpe: 0.1, benchmarkSharpe: 0, count: 101, skewness: 0, kurtosis: 3 })).toBeCloseTo(0.84074, 4);
  });

  it('one trial is not deflated, and more trials deflate more', () => {
    expect(expectedMaxSharpe(1, 0.01)).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5000 }), fc.double({ min: 1e-6, max: 1, noNaN: true }), (n, v) => expectedMaxSharpe(n + 1, v) > expectedMaxSharpe(n, v)),
    );
  });

  it('moments: skewness and kurtosis of a hand-worked sample', () => {
    // Returns 1, 2, 3, 10: mean 4, deviations -3 -2 -1 6; m2 = 50/4 = 12.5, m3 = (-27-8-1+216)/4 = 45,
    // m4 = (81+16+1+1296)/4 = 348.5; skew = 45 / 12.5^1.5 = 1.01823, kurtosis = 348.5 / 156.25 = 2.2304.
    const m = returnMoments([1, 2, 3, 10]);
    expect(m.mean).toBe(4);
    expect(m.stdDev).toBeCloseTo(Math.sqrt(50 / 3), 12);
    expect(m.skewness).toBeCloseTo(45 / Math.pow(12.5, 1.5), 12);
    expect(Math.abs(m.kurtosis - 348.5 / 156.25)).toBeLessThan(FLOAT_TOLERANCE);
  });

  it('picks the best trial and counts only trials with a Sharpe ratio', () => {
    const best = deflatedSharpeOfBest([
      [0.01, -0.01, 0.01, -0.01],
      [0.02, 0.0, 0.02, 0.01],
      [0, 0, 0, 0],
    ]);
    expect(best?.bestIndex).toBe(1);
    expect(best?.trials).toBe(2);
  });

  it('rejects non-finite input with a typed error', () => {
    expect(() => returnMoments([0.1, Number.NaN])).toThrow(OverfittingInputError);
    expect(() => expectedMaxSharpe(0, 1)).toThrow(OverfittingInputError);
  });
});
