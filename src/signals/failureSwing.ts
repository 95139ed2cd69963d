/**
 * Bearish RSI failure swing above a level (METHODOLOGY.md section 2): the RSI makes a swing high, then
 * a lower swing high, both above `rsiFailureSwingLevel` (60), with the two highs
 * divergenceMinSpacingBars..divergenceMaxSpacingBars apart. The swing highs are pivots of the RSI itself
 * (same lookback as price pivots), so the failure is known `pivotLookbackBars` after the second high.
 */
import { SwingPivotDetector, type SwingPivot } from './pivots.js';

export interface RsiFailureSwing {
  readonly firstHighBarIndex: number;
  readonly secondHighBarIndex: number;
  readonly firstHighRsi: number;
  readonly secondHighRsi: number;
}

export interface FailureSwingRules {
  readonly pivotLookbackBars: number;
  readonly rsiFailureSwingLevel: number;
  readonly divergenceMinSpacingBars: number;
  readonly divergenceMaxSpacingBars: number;
}

export class RsiFailureSwingDetector {
  private readonly pivots: SwingPivotDetector;
  private lastHigh: SwingPivot | undefined;

  constructor(private readonly rules: FailureSwingRules) {
    this.pivots = new SwingPivotDetector(rules.pivotLookbackBars);
  }

  /** Feed the RSI of bar `barIndex` (skip bars where it is not valid); returns a failure known on this bar. */
  update(barIndex: number, rsi: number): RsiFailureSwing | undefined {
    let found: RsiFailureSwing | undefined;
    for (const pivot of this.pivots.update(barIndex, rsi)) {
      if (pivot.kind !== 'high') continue;
      const previous = this.lastHigh;
      this.lastHigh = pivot;
      if (previous === undefined) continue;
      const spacing = pivot.barIndex - previous.barIndex;
      const level = this.rules.rsiFailureSwingLevel;
      if (
        spacing >= this.rules.divergenceMinSpacingBars &&
        spacing <= this.rules.divergenceMaxSpacingBars &&
        previous.value > level &&
        pivot.value > level &&
        pivot.value < previous.value
      ) {
        found = { firstHighBarIndex: previous.barIndex, secondHighBarIndex: pivot.barIndex, firstHighRsi: previous.value, secondHighRsi: pivot.value };
      }
    }
    return found;
  }
}
