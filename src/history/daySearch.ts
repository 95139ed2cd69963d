/** Binary searches over ascending day arrays (the lookups behind every history query). */
import type { DayNumber } from '../time/day.js';

/** Index of the first element >= day (days.length when none). */
export function lowerBound(days: Int32Array, day: DayNumber): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((days[mid] as number) < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of `day` in `days`, or undefined when absent. */
export function indexOfDay(days: Int32Array, day: DayNumber): number | undefined {
  const i = lowerBound(days, day);
  return i < days.length && days[i] === day ? i : undefined;
}

/** Index of the last element <= day, or undefined when every element is after `day`. */
export function indexAtOrBefore(days: Int32Array, day: DayNumber): number | undefined {
  const i = lowerBound(days, day + 1) - 1;
  return i >= 0 ? i : undefined;
}
