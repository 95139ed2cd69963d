/**
 * Exponential moving average, updated one value at a time. Seeded with the simple mean of the first
 * `periodBars` values (the StockCharts / TA-Lib convention), so the first value appears on bar
 * `periodBars` and does not depend on where the series was cut before that.
 */
export class Ema {
  /** Values needed before the first output. */
  readonly warmupBars: number;
  private readonly alpha: number;
  private seedSum = 0;
  private count = 0;
  private current: number | undefined;

  constructor(readonly periodBars: number) {
    if (!Number.isInteger(periodBars) || periodBars < 1) throw new RangeError(`EMA period must be a positive integer, got ${periodBars}`);
    this.warmupBars = periodBars;
    this.alpha = 2 / (periodBars + 1);
  }

  /** Feeds one value; returns the EMA once warm, undefined before. */
  update(value: number): number | undefined {
    this.count += 1;
    if (this.current === undefined) {
      this.seedSum += value;
      if (this.count === this.periodBars) this.current = this.seedSum / this.periodBars;
      return this.current;
    }
    this.current += this.alpha * (value - this.current);
    return this.current;
  }

  get value(): number | undefined {
    return this.current;
  }
}
