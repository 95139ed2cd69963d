/**
 * Swing pivots. A bar is a swing high when its value is above every one of the `lookbackBars` bars
 * before it and not below any of the `lookbackBars` bars after it (ties resolve to the first bar of a
 * plateau, so a flat top gives one pivot, not two). Lows mirror this. A pivot therefore becomes known
 * only `lookbackBars` bars after the pivot bar: `update` reports it on that later bar, never earlier.
 */

export interface SwingPivot {
  readonly kind: 'high' | 'low';
  /** Position of the pivot bar in the stream fed to the detector. */
  readonly barIndex: number;
  readonly value: number;
  /** Position of the bar on which the pivot became known (barIndex + lookbackBars). */
  readonly knownAtBarIndex: number;
}

export class SwingPivotDetector {
  /** Consecutive bars needed before the first pivot can be reported. */
  readonly warmupBars: number;
  private readonly window: { barIndex: number; value: number }[] = [];

  constructor(readonly lookbackBars: number) {
    if (!Number.isInteger(lookbackBars) || lookbackBars < 1) throw new RangeError(`pivot lookback must be a positive integer, got ${lookbackBars}`);
    this.warmupBars = 2 * lookbackBars + 1;
  }

  /**
   * Feeds the value of bar `barIndex`. Bars must arrive in order; a gap in `barIndex` (a bar without a
   * value) clears the window, because a pivot must be the extreme of consecutive bars.
   */
  update(barIndex: number, value: number): SwingPivot[] {
    const last = this.window[this.window.length - 1];
    if (last !== undefined && barIndex !== last.barIndex + 1) this.window.length = 0;
    this.window.push({ barIndex, value });
    const size = 2 * this.lookbackBars + 1;
    if (this.window.length > size) this.window.shift();
    if (this.window.length < size) return [];
    const centre = this.window[this.lookbackBars];
    if (centre === undefined) return [];
    let isHigh = true;
    let isLow = true;
    for (let i = 0; i < size; i++) {
      if (i === this.lookbackBars) continue;
      const other = this.window[i]?.value;
      if (other === undefined) return [];
      const before = i < this.lookbackBars;
      if (before ? !(centre.value > other) : centre.value < other) isHigh = false;
      if (before ? !(centre.value < other) : centre.value > other) isLow = false;
    }
    const found: SwingPivot[] = [];
    if (isHigh) found.push({ kind: 'high', barIndex: centre.barIndex, value: centre.value, knownAtBarIndex: barIndex });
    if (isLow) found.push({ kind: 'low', barIndex: centre.barIndex, value: centre.value, knownAtBarIndex: barIndex });
    return found;
  }
}
