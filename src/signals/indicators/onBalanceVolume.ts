/**
 * On-balance volume (Granville): add the day's volume when the close rises, subtract it when it falls.
 * A day without volume (undefined, or 0, which in the SPX history means "not recorded" before 1950 and
 * on a known vendor glitch day) has no OBV and restarts the line: see SegmentedTotal.
 */
import { SegmentedTotal, type CumulativePoint } from './cumulativeLine.js';

export class OnBalanceVolume {
  /** The first bar with volume only sets the baseline (0); the line moves from the second. */
  readonly warmupBars = 1;
  private readonly total = new SegmentedTotal();
  private previousClose: number | undefined;

  update(close: number, volume: number | undefined): CumulativePoint | undefined {
    const previous = this.previousClose;
    const hasVolume = volume !== undefined && volume > 0;
    this.previousClose = hasVolume ? close : undefined;
    if (!hasVolume) return this.total.add(undefined);
    if (previous === undefined) return this.total.start();
    const direction = Math.sign(close - previous);
    return this.total.add(direction * volume);
  }
}
