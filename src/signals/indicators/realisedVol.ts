/**
 * Realised volatility of a close series over the last `windowBars` log returns, annualised on the
 * ACT/365 calendar basis (sum of squared log returns divided by the year fraction the window spans), so
 * it is directly comparable with VIX, itself a 30-calendar-day implied vol. Zero-mean: with 20 returns
 * the sample mean is mostly noise, and implied-vs-realised comparisons conventionally omit it.
 */
import { yearFractionAct365, type DayNumber } from '../../time/day.js';

export class RealisedVol {
  readonly warmupBars: number;
  private readonly squaredReturns: number[] = [];
  private readonly days: DayNumber[] = [];
  private previousClose: number | undefined;

  constructor(readonly windowBars: number) {
    if (!Number.isInteger(windowBars) || windowBars < 1) throw new RangeError(`window must be a positive integer, got ${windowBars}`);
    this.warmupBars = windowBars + 1;
  }

  /** Decimal annualised vol (0.20) once `windowBars` returns are in, else undefined. */
  update(day: DayNumber, close: number): number | undefined {
    const previous = this.previousClose;
    this.previousClose = close;
    this.days.push(day);
    if (this.days.length > this.windowBars + 1) this.days.shift();
    if (previous === undefined) return undefined;
    const logReturn = Math.log(close / previous);
    const square = logReturn * logReturn;
    this.squaredReturns.push(square);
    if (this.squaredReturns.length > this.windowBars) this.squaredReturns.shift();
    if (this.squaredReturns.length < this.windowBars) return undefined;
    const first = this.days[0];
    const last = this.days[this.days.length - 1];
    if (first === undefined || last === undefined) return undefined;
    // Summed afresh each bar: the window is small and a running total would drift with rounding.
    const sum = this.squaredReturns.reduce((a, b) => a + b, 0);
    return Math.sqrt(sum / yearFractionAct365(first, last));
  }
}
