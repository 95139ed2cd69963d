import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayFromIso } from '../time/day.js';
import { performanceMetrics } from './performance.js';
import { constantRiskFreeReturn, RiskFreeInputError, runRiskFree } from './riskFree.js';

/** Slack for a return computed with a handful of operations (decimal, dimensionless). */
const RETURN_TOLERANCE = 1e-14;
/** A Sharpe ratio this small prints as 0.00: what a book of cash alone must show (dimensionless). */
const CASH_SHARPE_TOLERANCE = 1e-6;

// A fixed seed keeps the property runs reproducible from one test run to the next.
fc.configureGlobal({ seed: 2007 });

const monthOf = () => 'm';

describe('risk-free return', () => {
  it('is cash at a constant rate over calendar days (ACT/365, continuous)', () => {
    // Friday 2007-01-05 to Monday 2007-01-08 at 5 %: exp(0.05 x 3 / 365) - 1 = 0.00041104335929...
    const rf = constantRiskFreeReturn(0.05);
    expect(Math.abs(rf(dayFromIso('2007-01-05'), dayFromIso('2007-01-08')) - 0.00041104335929)).toBeLessThan(RETURN_TOLERANCE);
    // Three times one day's, compounded: the weekend is not one trading day.
    const oneDay = rf(dayFromIso('2007-01-04'), dayFromIso('2007-01-05'));
    expect(Math.abs((1 + oneDay) ** 3 - 1 - rf(dayFromIso('2007-01-05'), dayFromIso('2007-01-08')))).toBeLessThan(RETURN_TOLERANCE);
  });

  it('over a run: the rate of the first of the two days, carried over days without one, nothing before the first', () => {
    const [d1, d2, d3, d4] = ['2007-01-03', '2007-01-04', '2007-01-05', '2007-01-08'].map(dayFromIso) as [number, number, number, number];
    const rates = new Map([
      [d2, 0.05],
      [d4, 0.04],
    ]);
    const run = runRiskFree([d1, d2, d3, d4], (d) => rates.get(d));
    expect(run.riskFreeReturn(d1, d2)).toBe(0); // no rate known yet: cash earns nothing, as in the engine
    expect(Math.abs(run.riskFreeReturn(d2, d3) - Math.expm1(0.05 / 365))).toBeLessThan(RETURN_TOLERANCE);
    // 2007-01-05 has no rate: Friday's three days earn Thursday's 5 %, not Monday's 4 %.
    expect(Math.abs(run.riskFreeReturn(d3, d4) - Math.expm1((0.05 * 3) / 365))).toBeLessThan(RETURN_TOLERANCE);
    expect(run.meanRateDecimal).toBeCloseTo(0.045, 15);
    expect(runRiskFree([d1], () => undefined).meanRateDecimal).toBe(0);
  });

  it('refuses what is not a decimal rate, a day outside the run and unsorted days, with a typed error', () => {
    expect(() => constantRiskFreeReturn(Number.NaN)).toThrow(RiskFreeInputError);
    expect(() => constantRiskFreeReturn(5)).toThrow(/not a finite decimal rate/);
    const d = dayFromIso('2007-01-03');
    expect(() => runRiskFree([d], () => 4.5)).toThrow(/2007-01-03: the rate 4.5/);
    expect(() => runRiskFree([d], () => 0.05).riskFreeReturn(d + 1, d + 2)).toThrow(/2007-01-04: it is not a day of the run/);
    expect(() => runRiskFree([d, d], () => 0.05)).toThrow(/strictly increasing/);
  });

  it('a book of cash alone has no excess return: Sharpe 0, no Sortino', () => {
    // Hand-worked: 1,000,000 USD from Wednesday 2007-01-03 to Monday 2007-01-08 at 4.85 %, 4.90 % and
    // (Friday, carried over the weekend) 4.95 %. Each close adds cash x (exp(rate x days / 365) - 1):
    // 132.89, 134.27, then 407.04 for three days. Against the old benchmark, the run's mean rate
    // 4.94 % / 252 a trading day (195.44 USD), they fall 63 and 61 USD short and then run 212 over: a
    // Sharpe ratio of +2.94 for a book that took no risk (-4,921 on 2007-01-03..05, whose two returns
    // differ by a rate change alone).
    const days = ['2007-01-03', '2007-01-04', '2007-01-05', '2007-01-08'].map(dayFromIso);
    const rates = [0.0485, 0.049, 0.0495, 0.05];
    const run = runRiskFree(days, (day) => rates[days.indexOf(day)]);
    let equity = 1_000_000;
    const points = days.map((day, i) => {
      if (i > 0) equity += equity * (Math.exp(((rates[i - 1] as number) * (day - (days[i - 1] as number))) / 365) - 1);
      return { day, equity };
    });
    expect(points[3]!.equity - points[2]!.equity).toBeCloseTo(407.04, 2);
    const m = performanceMetrics(points, { riskFreeReturn: run.riskFreeReturn, monthOf });
    expect(Math.abs(m.sharpeRatio as number)).toBeLessThan(CASH_SHARPE_TOLERANCE);
    expect(m.sortinoRatio).toBeUndefined();
  });

  // T-bill rates as published: zero, a basis point or more (2011-2015 ran at 0.01-0.1 %), or briefly
  // below zero. Far smaller ones leave a return at the equity's float resolution, where no ratio means anything.
  const publishedRate = fc.oneof(fc.constant(0), fc.double({ min: 1e-4, max: 0.2, noNaN: true }), fc.double({ min: -0.005, max: -1e-4, noNaN: true }));

  it('property: cash accrued as the engine accrues it has a Sharpe ratio of 0 on any rates and gaps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gapDays: fc.integer({ min: 1, max: 5 }), rate: fc.option(publishedRate, { nil: undefined }) }), { minLength: 3, maxLength: 60 }),
        fc.double({ min: 1_000, max: 1e9, noNaN: true }),
        (steps, startUsd) => {
          const days: number[] = [];
          let day = dayFromIso('2001-01-02');
          for (const s of steps) days.push((day += s.gapDays));
          const run = runRiskFree(days, (d) => steps[days.indexOf(d)]!.rate);
          let equity = startUsd;
          let lastRate: number | undefined;
          const points = days.map((d, i) => {
            if (i > 0 && lastRate !== undefined) equity += equity * (Math.exp((lastRate * (d - (days[i - 1] as number))) / 365) - 1);
            lastRate = steps[i]!.rate ?? lastRate;
            return { day: d, equity };
          });
          const m = performanceMetrics(points, { riskFreeReturn: run.riskFreeReturn, monthOf });
          if (m.sharpeRatio !== undefined) expect(Math.abs(m.sharpeRatio)).toBeLessThan(CASH_SHARPE_TOLERANCE);
          expect(m.sortinoRatio).toBeUndefined();
        },
      ),
    );
  });
});
