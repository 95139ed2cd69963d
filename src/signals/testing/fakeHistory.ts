/**
 * A minimal in-memory MarketHistory built from arrays, for signal tests only (the real in-memory
 * history lives in src/history). Every index series is close-only (open = high = low = close).
 */
import type {
  BreadthRecord,
  DailyBar,
  DailySeries,
  IndexSeriesName,
  MarketEvent,
  MarketHistory,
  SeriesName,
  TermStructurePoint,
} from '../../history/types.js';
import { weekdayOfDay, type DayNumber } from '../../time/day.js';

export interface FakeHistoryInput {
  /** Trading days, ascending. */
  readonly days: readonly DayNumber[];
  readonly spxClose: readonly number[];
  readonly spxVolume?: readonly (number | undefined)[];
  readonly vixClose?: readonly (number | undefined)[];
  readonly vix3mClose?: readonly (number | undefined)[];
  /** The futures curve of each day (same index as `days`). */
  readonly curve?: readonly (readonly TermStructurePoint[])[];
  readonly events?: readonly MarketEvent[];
  readonly breadth?: readonly BreadthRecord[];
}

export function fakeHistory(input: FakeHistoryInput): MarketHistory {
  const n = input.days.length;
  if (input.spxClose.length !== n) throw new Error('spxClose must have one value per day');
  const index = new Map<DayNumber, number>();
  input.days.forEach((d, i) => index.set(d, i));
  const columns: Partial<Record<IndexSeriesName, readonly (number | undefined)[]>> = { spx: input.spxClose };
  if (input.vixClose) columns.vix = input.vixClose;
  if (input.vix3mClose) columns.vix3m = input.vix3mClose;
  const breadth = new Map((input.breadth ?? []).map((b) => [b.day, b]));
  const events = [...(input.events ?? [])].sort((a, b) => a.day - b.day || a.kind.localeCompare(b.kind));

  const closeOn = (name: IndexSeriesName, day: DayNumber): number | undefined => {
    const i = index.get(day);
    return i === undefined ? undefined : columns[name]?.[i];
  };
  const barOn = (name: IndexSeriesName, day: DayNumber): DailyBar | undefined => {
    const close = closeOn(name, day);
    if (close === undefined) return undefined;
    const volume = name === 'spx' ? input.spxVolume?.[index.get(day) ?? -1] : undefined;
    const bar = { day, open: close, high: close, low: close, close };
    return volume === undefined ? bar : { ...bar, volume };
  };
  const series = (name: IndexSeriesName): DailySeries | undefined => {
    const column = columns[name];
    if (column === undefined) return undefined;
    const days: DayNumber[] = [];
    const closes: number[] = [];
    input.days.forEach((d, i) => {
      const c = column[i];
      if (c !== undefined) {
        days.push(d);
        closes.push(c);
      }
    });
    const close = Float64Array.from(closes);
    return { name, days: Int32Array.from(days), open: close, high: close, low: close, close, length: days.length };
  };
  const termStructureOn = (day: DayNumber): readonly TermStructurePoint[] => {
    const i = index.get(day);
    return i === undefined ? [] : (input.curve?.[i] ?? []);
  };

  return {
    tradingDays: Int32Array.from(input.days),
    series,
    barOn,
    closeOn,
    vxFuturesOn: () => [],
    termStructureOn,
    constantMaturityFutureOn: () => undefined,
    riskFreeRateOn: () => undefined,
    dividendYieldOn: () => undefined,
    eventsBetween: (from, to) => events.filter((e) => e.day >= from && e.day <= to),
    breadthOn: (day) => breadth.get(day),
    missingSeriesOn: (day) => {
      const absent: SeriesName[] = [];
      for (const name of Object.keys(columns) as IndexSeriesName[]) if (closeOn(name, day) === undefined) absent.push(name);
      if (!breadth.has(day)) absent.push('breadth');
      return absent;
    },
    dataVersion: 'fake',
  };
}

/** The input as it would have been loaded on `lastDay`: later rows and later unscheduled events removed. */
export function truncateInput(input: FakeHistoryInput, lastDay: DayNumber): FakeHistoryInput {
  const keep = input.days.filter((d) => d <= lastDay).length;
  const cut = <T>(column: readonly T[] | undefined): T[] | undefined => column?.slice(0, keep);
  const out: { -readonly [K in keyof FakeHistoryInput]: FakeHistoryInput[K] } = {
    days: input.days.slice(0, keep),
    spxClose: input.spxClose.slice(0, keep),
  };
  const volume = cut(input.spxVolume);
  const vix = cut(input.vixClose);
  const vix3m = cut(input.vix3mClose);
  const curve = cut(input.curve);
  if (volume) out.spxVolume = volume;
  if (vix) out.vixClose = vix;
  if (vix3m) out.vix3mClose = vix3m;
  if (curve) out.curve = curve;
  if (input.events) out.events = input.events.filter((e) => e.scheduled || e.day <= lastDay);
  if (input.breadth) out.breadth = input.breadth.filter((b) => b.day <= lastDay);
  return out;
}

/** `count` consecutive weekdays from `firstDay` (moved forward to a weekday). */
export function weekdays(firstDay: DayNumber, count: number): DayNumber[] {
  const days: DayNumber[] = [];
  for (let d = firstDay; days.length < count; d++) {
    const w = weekdayOfDay(d);
    if (w !== 0 && w !== 6) days.push(d);
  }
  return days;
}

/** Weekdays in (fromExclusive, toInclusive]: the calendar the fake histories trade on. */
export function countWeekdays(fromExclusive: DayNumber, toInclusive: DayNumber): number {
  let count = 0;
  for (let d = fromExclusive + 1; d <= toInclusive; d++) {
    const w = weekdayOfDay(d);
    if (w !== 0 && w !== 6) count += 1;
  }
  return count;
}
