/**
 * Wilder's RSI: average gain and loss seeded with the simple mean of the first `periodBars` changes,
 * then smoothed with alpha = 1/period. First value on bar `periodBars + 1` (it needs `periodBars`
 * changes). A flat window (no gains, no losses) reads 50, the midpoint, since neither side dominates.
 */
export class WilderRsi {
  readonly warmupBars: number;
  private previousClose: number | undefined;
  private changes = 0;
  private gainSum = 0;
  private lossSum = 0;
  private averageGain: number | undefined;
  private averageLoss: number | undefined;

  constructor(readonly periodBars: number) {
    if (!Number.isInteger(periodBars) || periodBars < 1) throw new RangeError(`RSI period must be a positive integer, got ${periodBars}`);
    this.warmupBars = periodBars + 1;
  }

  update(close: number): number | undefined {
    const previous = this.previousClose;
    this.previousClose = close;
    if (previous === undefined) return undefined;
    const change = close - previous;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    this.changes += 1;
    if (this.averageGain === undefined || this.averageLoss === undefined) {
      this.gainSum += gain;
      this.lossSum += loss;
      if (this.changes < this.periodBars) return undefined;
      this.averageGain = this.gainSum / this.periodBars;
      this.averageLoss = this.lossSum / this.periodBars;
    } else {
      this.averageGain = (this.averageGain * (this.periodBars - 1) + gain) / this.periodBars;
      this.averageLoss = (this.averageLoss * (this.periodBars - 1) + loss) / this.periodBars;
    }
    return rsiFromAverages(this.averageGain, this.averageLoss);
  }
}

/** RSI (0..100) from average gain and loss; 50 when both are zero. */
export function rsiFromAverages(averageGain: number, averageLoss: number): number {
  const total = averageGain + averageLoss;
  if (total === 0) return 50;
  return (100 * averageGain) / total;
}
