/**
 * Constructed index levels for the replica tests: month-end points on the 28th from December 2013, one
 * per monthly return, so a test states its returns and reads back the statistics it expects.
 */
import type { LevelPoint } from '../../src/analysis/cndrReplication.js';
import { dayFromYmd } from '../../src/time/day.js';

export function monthEndSeries(returns: readonly number[], start: number): LevelPoint[] {
  const points: LevelPoint[] = [{ day: dayFromYmd(2013, 12, 28), level: start }];
  let level = start;
  returns.forEach((r, i) => {
    level *= 1 + r;
    points.push({ day: dayFromYmd(2014 + Math.floor(i / 12), (i % 12) + 1, 28), level });
  });
  return points;
}
