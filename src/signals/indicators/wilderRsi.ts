/**
 * Wilder's average gain and loss of a close series: seeded with the simple mean of the first
 * `seedBars` changes, then smoothed with alpha = 1 / (the smoothing period of each step). The RSI uses
 * a fixed period; alvh's RSAi varies it with the volatility regime.
 */
export class WilderGainLoss {
  private previousClose: number | undefined;
  private changes = 0;
  private gainSum = 0;
  private lossSum = 0;
  private averageGain: number | undefined;
  private averageLoss: number | undefined;

  constructor(readonly seedBars: number) {}

  /** The averages after `close`, with `seededNow` on the step that completes the seed; undefined before. */
  update(close: number, smoothingBars: number): { averageGain: number; averageLoss: number; seededNow: boolean } | undefined {
    const previous = this.previousClose;
    this.previousClose = close;
    if (previous === undefined) return undefined;
    const change = close - previous;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    if (this.averageGain === undefined || this.averageLoss === undefined) {
      this.changes += 1;
      this.gainSum += gain;
      this.lossSum += loss;
      if (this.changes < this.seedBars) return undefined;
      this.averageGain = this.gainSum / this.seedBars;
      this.averageLoss = this.lossSum / this.seedBars;
      return { averageGain: this.averageGain, averageLoss: this.averageLoss, seededNow: true };
    }
    this.averageGain = (this.averageGain * (smoothingBars - 1) + gain) / smoothingBars;
    this.averageLoss = (this.averageLoss * (smoothingBars - 1) + loss) / smoothingBars;
    return { averageGain: this.averageGain, averageLoss: this.averageLoss, seededNow: false };
  }
}

/**
 * Wilder's RSI: average gain and loss seeded with the simple mean of the first `periodBars` changes,
 * then smoothed with alpha = 1/period. First value on bar `periodBars + 1` (it needs `periodBars`
 * changes). A flat window (no gains, no losses) reads 50, the midpoint, since neither side dominates.
 */
export class WilderRsi {
  readonly warmupBars: number;
  private readonly averages: WilderGainLoss;

  constructor(readonly periodBars: number) {
    if (!Number.isInteger(periodBars) || periodBars < 1) throw new RangeError(`RSI period must be a positive integer, got ${periodBars}`);
    this.warmupBars = periodBars + 1;
    this.averages = new WilderGainLoss(periodBars);
  }

  update(close: number): number | undefined {
    const a = this.averages.update(close, this.periodBars);
    return a === undefined ? undefined : rsiFromAverages(a.averageGain, a.averageLoss);
  }
}

/** RSI (0..100) from average gain and loss; 50 when both are zero. */
export function rsiFromAverages(averageGain: number, averageLoss: number): number {
  const total = averageGain + averageLoss;
  if (total === 0) return 50;
  return (100 * averageGain) / total;
}
