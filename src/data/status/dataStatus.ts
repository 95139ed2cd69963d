/**
 * What `alvh data status` reports: per series its span, row count, the trading days missing inside
 * the span (gaps) and how many trading days its last value is behind `asOfDay` (staleness). Pure given
 * the history, the calendar and the as-of day (the CLI reads the clock, not this module).
 */
import { EVENT_KINDS, INDEX_SERIES_NAMES, type MemoryMarketHistory } from '../../history/memoryHistory.js';
import type { EventKind, SeriesName } from '../../history/types.js';
import { isoFromDay, type DayNumber } from '../../time/day.js';
import type { TradingDayCalendar } from '../validate/tradingDayCalendar.js';
import { indexOfDay } from '../../history/daySearch.js';

/** How many gap days are listed by date (all are counted). */
export const LISTED_GAPS_PER_SERIES = 5;

export interface SeriesStatus {
  readonly name: SeriesName;
  readonly firstDate: string;
  readonly lastDate: string;
  readonly rows: number;
  readonly gapCount: number;
  readonly firstGaps: readonly string[];
  readonly staleTradingDays: number;
  readonly note?: string;
}

export interface EventKindStatus {
  readonly kind: EventKind;
  /** The span over which the source lists every release; outside it the calendar is unknown. */
  readonly coveredFrom: string;
  readonly coveredTo: string;
  readonly count: number;
  readonly unscheduled: number;
}

export interface DataStatus {
  readonly asOf: string;
  readonly dataVersion: string;
  readonly calendar: string;
  readonly series: readonly SeriesStatus[];
  readonly missingSeries: readonly SeriesName[];
  readonly events: readonly EventKindStatus[];
  readonly warnings: readonly string[];
}

function tradingDaysBetween(calendar: TradingDayCalendar, fromExclusive: DayNumber, toInclusive: DayNumber): number {
  let count = 0;
  for (let d = fromExclusive + 1; d <= toInclusive; d++) if (calendar.isTradingDay(d)) count++;
  return count;
}

function spanStatus(
  name: SeriesName,
  days: Int32Array,
  calendar: TradingDayCalendar,
  asOfDay: DayNumber,
  note?: string,
): SeriesStatus | undefined {
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined) return undefined;
  let gapCount = 0;
  const firstGaps: string[] = [];
  for (let d = first; d <= last; d++) {
    if (!calendar.isTradingDay(d) || indexOfDay(days, d) !== undefined) continue;
    gapCount++;
    if (firstGaps.length < LISTED_GAPS_PER_SERIES) firstGaps.push(isoFromDay(d));
  }
  const base = {
    name,
    firstDate: isoFromDay(first),
    lastDate: isoFromDay(last),
    rows: days.length,
    gapCount,
    firstGaps,
    staleTradingDays: tradingDaysBetween(calendar, last, asOfDay),
  };
  return note === undefined ? base : { ...base, note };
}

export function buildDataStatus(
  history: MemoryMarketHistory,
  calendar: { readonly name: string; readonly calendar: TradingDayCalendar },
  asOfDay: DayNumber,
  warnings: readonly string[],
): DataStatus {
  const series: SeriesStatus[] = [];
  const missingSeries: SeriesName[] = [];
  const add = (name: SeriesName, days: Int32Array | undefined, note?: string): void => {
    const status = days ? spanStatus(name, days, calendar.calendar, asOfDay, note) : undefined;
    if (status) series.push(status);
    else missingSeries.push(name);
  };
  for (const name of INDEX_SERIES_NAMES) add(name, history.series(name)?.days);
  add('vxFutures', history.vxSettlementDays, 'days with at least one monthly contract settlement');
  const rateNote = history.rateSources.map((s) => `${s.source} ${isoFromDay(s.firstDay)}..${isoFromDay(s.lastDay)}`).join(', ');
  add('riskFreeRate', history.rateObservationDays, rateNote === '' ? undefined : `3-month T-bill: ${rateNote}`);
  const months = history.dividendYieldMonths;
  if (months) {
    const carried = history.dividendYieldCarriedForwardFromDay;
    const lagNote = `monthly (Shiller), used ${history.config.dividendYieldLagMonths} month(s) later`;
    series.push({
      name: 'dividendYield',
      firstDate: isoFromDay(months.firstDay),
      lastDate: isoFromDay(months.lastDay),
      rows: months.count,
      gapCount: 0,
      firstGaps: [],
      staleTradingDays: carried === undefined ? 0 : tradingDaysBetween(calendar.calendar, carried - 1, asOfDay),
      note: carried === undefined ? lagNote : `${lagNote}; carried forward since ${isoFromDay(carried)}`,
    });
  } else {
    missingSeries.push('dividendYield');
  }
  const breadthDays = Int32Array.from(history.breadthRecords, (b) => b.day);
  add('breadth', breadthDays.length > 0 ? breadthDays : undefined, 'NYSE advancing/declining issues (user import)');

  const events: EventKindStatus[] = [];
  for (const kind of EVENT_KINDS) {
    const coverage = history.eventCoverage.find((c) => c.kind === kind);
    const ofKind = history.eventsSorted.filter((e) => e.kind === kind);
    if (!coverage) {
      missingSeries.push('events');
      continue;
    }
    events.push({
      kind,
      coveredFrom: isoFromDay(coverage.firstDay),
      coveredTo: isoFromDay(coverage.lastDay),
      count: ofKind.length,
      unscheduled: ofKind.filter((e) => !e.scheduled).length,
    });
  }
  return {
    asOf: isoFromDay(asOfDay),
    dataVersion: history.dataVersion,
    calendar: calendar.name,
    series,
    missingSeries: [...new Set(missingSeries)],
    events,
    warnings,
  };
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The human-readable table of `alvh data status`. */
export function renderDataStatus(status: DataStatus): string {
  const lines: string[] = [];
  lines.push(`Market data as of ${status.asOf} (calendar: ${status.calendar})`);
  lines.push(`data version ${status.dataVersion}`);
  lines.push('');
  const header = ['series', 'first', 'last', 'rows', 'gaps', 'stale'];
  const widths = [14, 12, 12, 8, 7, 7];
  lines.push(header.map((h, i) => pad(h, widths[i] as number)).join('').trimEnd());
  for (const s of status.series) {
    const cells = [s.name, s.firstDate, s.lastDate, String(s.rows), String(s.gapCount), String(s.staleTradingDays)];
    lines.push(cells.map((c, i) => pad(c, widths[i] as number)).join('').trimEnd());
  }
  lines.push('');
  lines.push('stale = trading days between the last value and the as-of date; gaps = trading days missing inside the span');
  const notes = status.series.filter((s) => s.note !== undefined || s.gapCount > 0);
  for (const s of notes) {
    const parts: string[] = [];
    if (s.note !== undefined) parts.push(s.note);
    if (s.gapCount > 0) parts.push(`gaps: ${s.firstGaps.join(', ')}${s.gapCount > s.firstGaps.length ? `, ... (${s.gapCount} in all)` : ''}`);
    lines.push(`  ${s.name}: ${parts.join('; ')}`);
  }
  if (status.missingSeries.length > 0) lines.push(`not loaded: ${status.missingSeries.join(', ')}`);
  lines.push('');
  lines.push('events (release and decision dates are known only inside the covered span)');
  for (const e of status.events) {
    lines.push(`  ${pad(e.kind, 6)}${e.coveredFrom}..${e.coveredTo}  ${e.count} dates${e.unscheduled > 0 ? `, ${e.unscheduled} unscheduled` : ''}`);
  }
  if (status.warnings.length > 0) {
    lines.push('');
    lines.push(`${status.warnings.length} bundled row(s) dropped under the outlier/consistency policy:`);
    for (const w of status.warnings) lines.push(`  ${w}`);
  }
  return `${lines.join('\n')}\n`;
}
