/**
 * The risk-free benchmark of the Sharpe and Sortino ratios, as a return over the same days as each of
 * the curve's daily returns. A constant annual rate divided by 252 does not match what cash earns: cash
 * earns calendar days (a Monday's return carries three days of interest), and the T-bill rate of 2008
 * is not that of 2023. A book holding only cash then showed a Sharpe ratio of -4,920 over three days
 * (its returns varied by a few millionths, and the mean rate over 252 did not match them). Measured
 * against the T-bill return of the same days, cash has an excess return of zero, whatever the span.
 */
import type { DayNumber } from '../time/day.js';
import { isoFromDay, yearFractionAct365 } from '../time/day.js';

/** What one unit of cash earns from the close of `fromDay` to the close of `toDay` (simple return, decimal). */
export type RiskFreeReturn = (fromDay: DayNumber, toDay: DayNumber) => number;

export class RiskFreeInputError extends Error {
  override name = 'RiskFreeInputError';
}

function requireRate(rateContinuousDecimal: number, what: string): number {
  // A rate is a decimal: 1 (100 % a year) or more is a percent given where a decimal belongs.
  if (!Number.isFinite(rateContinuousDecimal) || Math.abs(rateContinuousDecimal) >= 1) {
    throw new RiskFreeInputError(`${what}: the rate ${rateContinuousDecimal} is not a finite decimal rate between -1 and 1`);
  }
  return rateContinuousDecimal;
}

/** Cash at one continuously compounded annual rate (decimal), ACT/365 calendar days. */
export function constantRiskFreeReturn(rateContinuousDecimal: number): RiskFreeReturn {
  const rate = requireRate(rateContinuousDecimal, 'constant risk-free rate');
  return (fromDay, toDay) => Math.expm1(rate * yearFractionAct365(fromDay, toDay));
}

/** The risk-free return of a run's days and the mean of the rates behind it (for the report). */
export interface RunRiskFree {
  readonly riskFreeReturn: RiskFreeReturn;
  /** Mean of the published rates on the run's days, decimal; 0 when none is known. */
  readonly meanRateDecimal: number;
}

/**
 * Cash over a run's trading days as the engine pays it: from each day to the next at the last rate
 * known on the first of the two (a day without a rate carries the one before; before any rate is known
 * cash earns nothing), continuously compounded over the calendar days between them. `days` ascending;
 * the returned function answers for a `fromDay` among them and throws a typed error otherwise.
 */
export function runRiskFree(days: readonly DayNumber[], rateOn: (day: DayNumber) => number | undefined): RunRiskFree {
  const rateFrom = new Map<DayNumber, number>();
  let last = 0;
  let sum = 0;
  let count = 0;
  let previous = -Infinity;
  for (const day of days) {
    if (!(day > previous)) throw new RiskFreeInputError(`the run's days must be strictly increasing (${isoFromDay(day)})`);
    previous = day;
    const rate = rateOn(day);
    if (rate !== undefined) {
      last = requireRate(rate, `risk-free rate on ${isoFromDay(day)}`);
      sum += rate;
      count++;
    }
    rateFrom.set(day, last);
  }
  return {
    meanRateDecimal: count > 0 ? sum / count : 0,
    riskFreeReturn: (fromDay, toDay) => {
      const rate = rateFrom.get(fromDay);
      if (rate === undefined) throw new RiskFreeInputError(`no risk-free rate for ${isoFromDay(fromDay)}: it is not a day of the run`);
      return Math.expm1(rate * yearFractionAct365(fromDay, toDay));
    },
  };
}

/** No benchmark: a return is its own excess (a walk-forward window's score only ranks the variants). */
export const ZERO_RISK_FREE_RETURN: RiskFreeReturn = constantRiskFreeReturn(0);
