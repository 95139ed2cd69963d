/**
 * Walk-forward analysis over calendar months: an in-sample window of `inSampleMonths` is followed by an
 * out-of-sample window of `outOfSampleMonths`; the trial that ranks best in sample is the one traded
 * out of sample; then both windows move forward by the out-of-sample length. The out-of-sample pieces,
 * chained, are the curve a trader re-optimising on that schedule would have had: the honest figure,
 * as no window's choice sees its own out-of-sample data.
 *
 * All trials share one calendar (`days`); a window's curve starts from the last point before it, so
 * the move into its first day counts.
 */
import { ymdFromDay, dayFromYmd, type DayNumber } from '../time/day.js';
import { OverfittingInputError } from './deflatedSharpe.js';

/** A score of an equity sub-curve (days and equity, same length ≥ 2); higher is better; undefined when it has none. */
export type WindowScore = (days: readonly DayNumber[], equity: readonly number[]) => number | undefined;

export interface WalkForwardWindow {
  readonly inSampleFromDay: DayNumber;
  readonly outOfSampleFromDay: DayNumber;
  /** First day after the out-of-sample window. */
  readonly outOfSampleEndDay: DayNumber;
  readonly selectedTrial: number;
  readonly inSampleScore: number | undefined;
  readonly outOfSampleReturnFraction: number;
}

export interface WalkForwardResult {
  readonly windows: readonly WalkForwardWindow[];
  /** The chained out-of-sample curve, starting at 1 on the last day before the first out-of-sample window. */
  readonly curveDays: readonly DayNumber[];
  readonly curveEquity: readonly number[];
}

const monthIndex = (day: DayNumber) => {
  const { year, month } = ymdFromDay(day);
  return year * 12 + (month - 1);
};
const monthStart = (index: number) => dayFromYmd(Math.floor(index / 12), (index % 12) + 1, 1);

/** Indices [from, to) of `days` within [fromDay, toDay), widened by one point before to carry the base. */
function span(days: readonly DayNumber[], fromDay: DayNumber, toDay: DayNumber): { start: number; end: number } | undefined {
  let first = -1;
  let last = -1;
  for (let i = 0; i < days.length; i++) {
    const d = days[i] as number;
    if (d >= fromDay && d < toDay) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return undefined;
  return { start: Math.max(first - 1, 0), end: last + 1 };
}

/** Values start..end-1 as an array: a plain copy loop (Array.from with a mapper cost seconds over a 10,000-trial sweep). */
function sliceOf(values: ArrayLike<number>, start: number, end: number): number[] {
  const out = new Array<number>(end - start);
  for (let k = start; k < end; k++) out[k - start] = values[k] as number;
  return out;
}

export function walkForward(
  days: readonly DayNumber[],
  trialEquity: ReadonlyArray<ArrayLike<number>>,
  windows: { inSampleMonths: number; outOfSampleMonths: number },
  score: WindowScore,
): WalkForwardResult {
  if (trialEquity.length === 0) throw new OverfittingInputError('walk-forward needs at least one trial');
  for (const [i, e] of trialEquity.entries()) if (e.length !== days.length) throw new OverfittingInputError(`trial ${i} has ${e.length} points for ${days.length} days`);
  if (days.length < 2) throw new OverfittingInputError('walk-forward needs at least two days');
  const { inSampleMonths, outOfSampleMonths } = windows;
  if (!Number.isInteger(inSampleMonths) || inSampleMonths < 1 || !Number.isInteger(outOfSampleMonths) || outOfSampleMonths < 1) {
    throw new OverfittingInputError('window lengths must be positive whole months');
  }
  const firstMonth = monthIndex(days[0] as number);
  const lastDay = days[days.length - 1] as number;
  const out: WalkForwardWindow[] = [];
  const curveDays: DayNumber[] = [];
  const curveEquity: number[] = [];
  for (let m = firstMonth; ; m += outOfSampleMonths) {
    const isFrom = monthStart(m);
    const oosFrom = monthStart(m + inSampleMonths);
    const oosEnd = monthStart(m + inSampleMonths + outOfSampleMonths);
    if (oosFrom > lastDay) break;
    const isSpan = span(days, isFrom, oosFrom);
    const oosSpan = span(days, oosFrom, oosEnd);
    if (isSpan === undefined || oosSpan === undefined || isSpan.end - isSpan.start < 2) continue;
    let selected = -1;
    let bestScore: number | undefined;
    const windowDays = days.slice(isSpan.start, isSpan.end);
    for (let t = 0; t < trialEquity.length; t++) {
      const s = score(windowDays, sliceOf(trialEquity[t] as ArrayLike<number>, isSpan.start, isSpan.end));
      if (s !== undefined && Number.isFinite(s) && (bestScore === undefined || s > bestScore)) {
        bestScore = s;
        selected = t;
      }
    }
    if (selected < 0) selected = 0;
    const e = trialEquity[selected] as ArrayLike<number>;
    if (curveDays.length === 0) {
      curveDays.push(days[oosSpan.start] as number);
      curveEquity.push(1);
    }
    let level = curveEquity[curveEquity.length - 1] as number;
    const base = e[oosSpan.start] as number;
    for (let i = oosSpan.start + 1; i < oosSpan.end; i++) {
      const prev = e[i - 1] as number;
      level = prev > 0 ? level * ((e[i] as number) / prev) : level;
      curveDays.push(days[i] as number);
      curveEquity.push(level);
    }
    const end = e[oosSpan.end - 1] as number;
    out.push({
      inSampleFromDay: isFrom,
      outOfSampleFromDay: oosFrom,
      outOfSampleEndDay: oosEnd,
      selectedTrial: selected,
      inSampleScore: bestScore,
      outOfSampleReturnFraction: base > 0 ? end / base - 1 : 0,
    });
  }
  return { windows: out, curveDays, curveEquity };
}
