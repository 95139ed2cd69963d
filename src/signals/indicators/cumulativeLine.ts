/**
 * A running total that breaks into segments where its input is missing. On-balance volume and the
 * advance/decline line are both such totals: their level only means something relative to another bar
 * of the same segment, so a gap (a day without volume, a day without breadth) starts a new segment
 * instead of being filled with zero. Comparisons across segments are refused by `comparable`.
 */
export interface CumulativePoint {
  readonly value: number;
  readonly segment: number;
}

export class SegmentedTotal {
  private total: number | undefined;
  private segment = 0;

  /** Adds `increment` (undefined = missing input: the day has no value and the next one restarts at 0). */
  add(increment: number | undefined): CumulativePoint | undefined {
    if (increment === undefined) {
      if (this.total !== undefined) this.segment += 1;
      this.total = undefined;
      return undefined;
    }
    this.total = (this.total ?? 0) + increment;
    return { value: this.total, segment: this.segment };
  }

  /** Starts a segment at zero on this bar (the first bar of on-balance volume has no previous close). */
  start(): CumulativePoint {
    if (this.total !== undefined) this.segment += 1;
    this.total = 0;
    return { value: 0, segment: this.segment };
  }
}

export function comparable(a: CumulativePoint | undefined, b: CumulativePoint | undefined): boolean {
  return a !== undefined && b !== undefined && a.segment === b.segment;
}
