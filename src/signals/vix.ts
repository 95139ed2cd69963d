/**
 * VIX level signals: the regime bucket and the spike detector (METHODOLOGY.md section 2).
 */
import { VIX_REGIMES, type VixRegime } from './config.js';

/**
 * calm < t0 <= normal < t1 <= elevated < t2 <= high < t3 <= extreme (defaults 15/20/28/40): a level on
 * a threshold belongs to the higher regime.
 */
export function vixRegime(vixClose: number, thresholds: readonly [number, number, number, number]): VixRegime {
  let index = 0;
  for (const threshold of thresholds) {
    if (vixClose >= threshold) index += 1;
  }
  return VIX_REGIMES[index] ?? 'extreme';
}

export interface VixSpikeReading {
  /** VIX close / lowest VIX close of the previous `windowBars` VIX days. */
  readonly ratioToRecentLow: number;
  readonly spike: boolean;
}

/**
 * A spike is a close at or above `spikeRatio` x the lowest close of the previous `windowBars` VIX days
 * (today excluded: otherwise a one-day jump from a fresh low could never count against itself).
 */
export class VixSpikeDetector {
  readonly warmupBars: number;
  private readonly previousCloses: number[] = [];

  constructor(
    private readonly windowBars: number,
    private readonly spikeRatio: number,
  ) {
    this.warmupBars = windowBars + 1;
  }

  update(vixClose: number): VixSpikeReading | undefined {
    let reading: VixSpikeReading | undefined;
    if (this.previousCloses.length === this.windowBars) {
      const recentLow = Math.min(...this.previousCloses);
      const ratioToRecentLow = vixClose / recentLow;
      reading = { ratioToRecentLow, spike: ratioToRecentLow >= this.spikeRatio };
    }
    this.previousCloses.push(vixClose);
    if (this.previousCloses.length > this.windowBars) this.previousCloses.shift();
    return reading;
  }
}
