/**
 * The NYSE advance/decline line: cumulative (advancing - declining) issues. Only exists where a user
 * imported breadth; a day without a breadth record has no value and restarts the line (SegmentedTotal),
 * it is never estimated from another series.
 */
import type { BreadthRecord } from '../../history/types.js';
import { SegmentedTotal, type CumulativePoint } from './cumulativeLine.js';

export class AdvanceDeclineLine {
  readonly warmupBars = 1;
  private readonly total = new SegmentedTotal();

  update(breadth: BreadthRecord | undefined): CumulativePoint | undefined {
    return this.total.add(breadth === undefined ? undefined : breadth.advancing - breadth.declining);
  }
}
