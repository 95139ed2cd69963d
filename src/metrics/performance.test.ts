import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayFromIso, isoFromDay } from '../time/day.js';
import {
  conditionalValueAtRisk,
  drawdownOf,
  monthlyReturns,
  performanceMetrics,
  rankingMetricOf,
  tradeOutcomeStats,
  type EquityPoint,
} from './performance.js';
import { constantRiskFreeReturn, ZERO_RISK_FREE_RETURN } from './riskFree.js';

/** Floating-point slack for figures computed with a handful of operations (dimensionless). */
const FLOAT_TOLERANCE = 1e-12;
const monthOf = (day: number) => isoFromDay(day).slice(0, 7);

function curve(startIso: string, equities: number[]): EquityPoint[] {
  const start = dayFromIso(startIso);
  return equities.map((equity, i) => ({ day: start + i, equity }));
}

describe('drawdown', () => {
  it('finds the peak, trough and recovery of a known curve', () => {
    const points = curve('2020-01-01', [100, 120, 90, 100, 130, 125]);
    const dd = drawdownOf(points);
    expect(dd.maxDrawdownFraction).toBeCloseTo(0.25, 12);
    expect(isoFromDay(dd.peakDay as number)).toBe('2020-01-02');
    expect(isoFromDay(dd.troughDay as number)).toBe('2020-01-03');
    expect(isoFromDay(dd.recoveryDay as number)).toBe('2020-01-05');
    // Underwater from the 2020-01-02 peak until 2020-01-05: 3 calendar days.
    expect(dd.longestUnderwaterDays).toBe(3);
    expect(dd.fractionOfDaysUnderwater).toBeCloseTo(3 / 6, 12);
  });

  it('reports no recovery when the curve ends below its peak', () => {
    const dd = drawdownOf(curve('2020-01-01', [100, 80, 90]));
    expect(dd.maxDrawdownFraction).toBeCloseTo(0.2, 12);
    expect(dd.recoveryDay).toBeUndefined();
    expect(dd.longestUnderwaterDays).toBe(2);
  });

  it('is between 0 and 1 and invariant to scaling the equity', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 60 }), fc.double({ min: 0.01, max: 100, noNaN: true }), (eq, scale) => {
        const a = drawdownOf(curve('2001-01-01', eq));
        const b = drawdownOf(curve('2001-01-01', eq.map((e) => e * scale)));
        expect(a.maxDrawdownFraction).toBeGreaterThanOrEqual(0);
        expect(a.maxDrawdownFraction).toBeLessThanOrEqual(1);
        expect(Math.abs(a.maxDrawdownFraction - b.maxDrawdownFraction)).toBeLessThan(1e-9);
      }),
    );
  });
});

describe('performance metrics', () => {
  it('gives a CAGR of 100 % for equity that doubles over 365 days', () => {
    const start = dayFromIso('2021-01-01');
    const points: EquityPoint[] = [
      { day: start, equity: 1000 },
      { day: start + 200, equity: 1500 },
      { day: start + 365, equity: 2000 },
    ];
    const m = performanceMetrics(points, { riskFreeReturn: ZERO_RISK_FREE_RETURN, monthOf });
    expect(Math.abs(m.cagrFraction - 1)).toBeLessThan(FLOAT_TOLERANCE);
    expect(Math.abs(m.totalReturnFraction - 1)).toBeLessThan(FLOAT_TOLERANCE);
  });

  it('has no Sharpe ratio for a riskless curve instead of a fake number', () => {
    const m = performanceMetrics(curve('2021-01-01', [100, 100, 100]), { riskFreeReturn: ZERO_RISK_FREE_RETURN, monthOf });
    expect(m.sharpeRatio).toBeUndefined();
    expect(m.calmarRatio).toBeUndefined();
  });

  it('computes annualised volatility from daily returns', () => {
    // Alternating +1 % / -1 %: sample sd of the returns is known exactly.
    const eq = [100];
    for (let i = 0; i < 10; i++) eq.push((eq[eq.length - 1] as number) * (i % 2 === 0 ? 1.01 : 0.99));
    const m = performanceMetrics(curve('2021-01-01', eq), { riskFreeReturn: ZERO_RISK_FREE_RETURN, monthOf });
    const returns = [0.01, -0.01, 0.01, -0.01, 0.01, -0.01, 0.01, -0.01, 0.01, -0.01];
    const sd = Math.sqrt(returns.reduce((s, r) => s + r * r, 0) / 9);
    expect(Math.abs(m.annualVolatilityFraction - sd * Math.sqrt(252))).toBeLessThan(1e-10);
  });

  it('monthly returns compound to the total return', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 50, max: 200, noNaN: true }), { minLength: 2, maxLength: 120 }), (eq) => {
        const points = curve('2019-01-20', eq);
        const months = monthlyReturns(points, monthOf);
        const compounded = months.reduce((acc, m) => acc * (1 + m.returnFraction), 1) - 1;
        const total = (eq[eq.length - 1] as number) / (eq[0] as number) - 1;
        expect(Math.abs(compounded - total)).toBeLessThan(1e-9);
      }),
    );
  });

  it('names the worst month', () => {
    const start = dayFromIso('2020-01-30');
    const points: EquityPoint[] = [
      { day: start, equity: 100 },
      { day: start + 1, equity: 101 }, // Jan 31
      { day: start + 2, equity: 90 }, // Feb 1
      { day: start + 31, equity: 95 }, // Mar 1
    ];
    const m = performanceMetrics(points, { riskFreeReturn: ZERO_RISK_FREE_RETURN, monthOf });
    expect(m.worstMonth?.month).toBe('2020-02');
    expect(m.worstMonth?.returnFraction).toBeCloseTo(90 / 101 - 1, 12);
  });

  it('property: a ranking figure alone is the full metrics\' figure, bit for bit', () => {
    const figures = ['totalReturnFraction', 'cagrFraction', 'annualVolatilityFraction', 'sharpeRatio', 'sortinoRatio', 'calmarRatio', 'maxDrawdownFraction'] as const;
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { minLength: 2, maxLength: 80 }),
        fc.constantFrom(0, 0.03),
        (eq, rate) => {
          const points = curve('2019-12-20', eq);
          const full = performanceMetrics(points, { riskFreeReturn: constantRiskFreeReturn(rate), monthOf });
          for (const figure of figures) {
            const expected = figure === 'maxDrawdownFraction' ? full.drawdown.maxDrawdownFraction : full[figure];
            expect(Object.is(rankingMetricOf(points, figure, constantRiskFreeReturn(rate)), expected), figure).toBe(true);
          }
        },
      ),
    );
  });

  it('rejects unsorted days and non-finite equity', () => {
    expect(() => performanceMetrics([{ day: 2, equity: 1 }, { day: 1, equity: 1 }], { riskFreeReturn: ZERO_RISK_FREE_RETURN, monthOf })).toThrow(/increasing/);
    expect(() => performanceMetrics([{ day: 1, equity: 1 }, { day: 2, equity: Number.NaN }], { riskFreeReturn: ZERO_RISK_FREE_RETURN, monthOf })).toThrow(/finite/);
    expect(() => rankingMetricOf([{ day: 2, equity: 1 }, { day: 1, equity: 1 }], 'sharpeRatio', ZERO_RISK_FREE_RETURN)).toThrow(/increasing/);
  });
});

describe('tail and trade statistics', () => {
  it('CVaR is the mean of the worst tail', () => {
    const returns = Array.from({ length: 100 }, (_, i) => (i - 50) / 1000);
    // The worst 5 of 100 are -0.050 .. -0.046.
    expect(conditionalValueAtRisk(returns, 0.05)).toBeCloseTo(-0.048, 12);
    expect(conditionalValueAtRisk([], 0.05)).toBeUndefined();
  });

  it('win rate and average win/loss', () => {
    const s = tradeOutcomeStats([100, -50, 300, -150]);
    expect(s.winRate).toBe(0.5);
    expect(s.averageWin).toBe(200);
    expect(s.averageLoss).toBe(-100);
  });
});
