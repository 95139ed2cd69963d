/**
 * `MarketHistory` over arrays already parsed and validated by an adapter. Pure: no I/O, no clock.
 *
 * Policies (see docs/data.md):
 * - Trading days are the SPX days: the master axis of every backtest.
 * - Rates: FRED DTB3 (discount basis, %) converted to a continuous rate; for days after DTB3's last
 *   observation, Yahoo ^IRX (the same 13-week discount quote) extends it. The value used on a day is
 *   the latest one dated on or before it (never after), and only within `rateMaxCarryCalendarDays`.
 * - Dividend yield: Shiller's monthly trailing dividend / average price, taken with a lag of
 *   `dividendYieldLagMonths` (no look-ahead), as ln(1 + yield). After the last month Shiller has,
 *   the last value is carried forward without limit; `dividendYieldCarriedForwardFromDay` says since
 *   when, so status output can show it.
 * - Constant-maturity VIX futures: linear in days to expiry between the two listed contracts that
 *   bracket the target; no extrapolation.
 */
import type {
  BreadthRecord,
  DailyBar,
  DailySeries,
  EventKind,
  IndexSeriesName,
  MarketEvent,
  MarketHistory,
  SeriesName,
  TermStructurePoint,
  VxFuturesSettlement,
} from './types.js';
import { calendarDaysBetween, dayFromYmd, ymdFromDay, type DayNumber } from '../time/day.js';
import { requireFinite } from '../lib/finite.js';
import { indexAtOrBefore, indexOfDay, lowerBound } from './daySearch.js';
import { continuousRateFromDiscountYieldPct } from './treasuryBill.js';
import type { HistoryConfig } from './historyConfig.js';

/** Every index series, in the order `missingSeriesOn` and status list them. */
export const INDEX_SERIES_NAMES: readonly IndexSeriesName[] = [
  'spx',
  'vix',
  'vix9d',
  'vix3m',
  'vix6m',
  'vvix',
  'skew',
  'cndr',
  'put',
  'pput',
];

export function isIndexSeriesName(name: string): name is IndexSeriesName {
  return (INDEX_SERIES_NAMES as readonly string[]).includes(name);
}

export const EVENT_KINDS: readonly EventKind[] = ['fomc', 'cpi', 'ppi', 'nfp'];

/** Observations of one rate quote (% per year, discount basis), ascending days. */
export interface RateObservations {
  readonly days: Int32Array;
  readonly discountYieldPct: Float64Array;
}

/** Monthly dividend yield (% = 100 * trailing dividend / average price) keyed by the month's first day. */
export interface MonthlyDividendYield {
  readonly monthStartDays: Int32Array;
  readonly dividendYieldPct: Float64Array;
}

/** The span over which a source lists every event of a kind: outside it, absence means "unknown". */
export interface EventCoverage {
  readonly kind: EventKind;
  readonly firstDay: DayNumber;
  readonly lastDay: DayNumber;
}

export interface HistoryInput {
  readonly series: readonly DailySeries[];
  readonly vxFutures: readonly VxFuturesSettlement[];
  /** FRED DTB3. */
  readonly treasuryBill: RateObservations;
  /** Yahoo ^IRX, used only after the last DTB3 observation. */
  readonly treasuryBillExtension: RateObservations;
  readonly dividendYield: MonthlyDividendYield;
  readonly events: readonly MarketEvent[];
  readonly eventCoverage: readonly EventCoverage[];
  readonly breadth: readonly BreadthRecord[];
  readonly dataVersion: string;
  readonly config: HistoryConfig;
}

/** Where each value of `riskFreeRateOn` comes from, for status output. */
export interface RateSourceSpan {
  readonly source: 'dtb3' | 'irx';
  readonly firstDay: DayNumber;
  readonly lastDay: DayNumber;
}

const EVENT_KIND_ORDER: Record<EventKind, number> = { fomc: 0, cpi: 1, ppi: 2, nfp: 3 };

function monthIndexOfDay(day: DayNumber): number {
  const { year, month } = ymdFromDay(day);
  return year * 12 + (month - 1);
}

export class MemoryMarketHistory implements MarketHistory {
  readonly tradingDays: Int32Array;
  readonly dataVersion: string;
  readonly config: HistoryConfig;
  readonly eventCoverage: readonly EventCoverage[];
  /** First day whose dividend yield is a carried-forward value, or undefined when none is. */
  readonly dividendYieldCarriedForwardFromDay: DayNumber | undefined;
  readonly rateSources: readonly RateSourceSpan[];

  private readonly seriesByName = new Map<IndexSeriesName, DailySeries>();
  /** Days with at least one VIX futures settlement, ascending. */
  readonly vxSettlementDays: Int32Array;
  /** vxStarts[i]..vxStarts[i+1] are the settlements on vxDays[i], nearest expiry first. */
  private readonly vxStarts: Int32Array;
  private readonly vxSorted: readonly VxFuturesSettlement[];
  /** Days of the rate observations behind `riskFreeRateOn` (DTB3, then ^IRX), ascending. */
  readonly rateObservationDays: Int32Array;
  private readonly rateContinuous: Float64Array;
  private readonly dividendByMonthIndex = new Map<number, number>();
  /** First day of the first and last Shiller month with a dividend yield, and how many months. */
  readonly dividendYieldMonths: { readonly firstDay: DayNumber; readonly lastDay: DayNumber; readonly count: number } | undefined;
  private readonly firstDividendMonthIndex: number | undefined;
  private readonly lastDividendMonthIndex: number | undefined;
  /** Every event, ascending by day. */
  readonly eventsSorted: readonly MarketEvent[];
  private readonly eventDays: Int32Array;
  private readonly breadthDays: Int32Array;
  /** Every breadth record, ascending by day. */
  readonly breadthRecords: readonly BreadthRecord[];

  constructor(input: HistoryInput) {
    this.dataVersion = input.dataVersion;
    this.config = input.config;
    for (const s of input.series) {
      if (isIndexSeriesName(s.name)) this.seriesByName.set(s.name, s);
    }
    const spx = this.seriesByName.get('spx');
    this.tradingDays = spx ? spx.days : new Int32Array(0);

    const vx = [...input.vxFutures].sort((a, b) => a.day - b.day || a.expiryDay - b.expiryDay);
    const vxDayList: number[] = [];
    const vxStartList: number[] = [];
    vx.forEach((s, i) => {
      if (vxDayList.length === 0 || vxDayList[vxDayList.length - 1] !== s.day) {
        vxDayList.push(s.day);
        vxStartList.push(i);
      }
    });
    vxStartList.push(vx.length);
    this.vxSorted = vx;
    this.vxSettlementDays = Int32Array.from(vxDayList);
    this.vxStarts = Int32Array.from(vxStartList);

    const rates = this.buildRates(input.treasuryBill, input.treasuryBillExtension);
    this.rateObservationDays = rates.days;
    this.rateContinuous = rates.values;
    this.rateSources = rates.sources;

    const dy = input.dividendYield;
    for (let i = 0; i < dy.monthStartDays.length; i++) {
      this.dividendByMonthIndex.set(monthIndexOfDay(dy.monthStartDays[i] as number), dy.dividendYieldPct[i] as number);
    }
    const monthIndices = [...this.dividendByMonthIndex.keys()].sort((a, b) => a - b);
    this.firstDividendMonthIndex = monthIndices[0];
    this.lastDividendMonthIndex = monthIndices[monthIndices.length - 1];
    this.dividendYieldMonths =
      this.firstDividendMonthIndex === undefined || this.lastDividendMonthIndex === undefined
        ? undefined
        : {
            firstDay: firstDayOfMonthIndex(this.firstDividendMonthIndex),
            lastDay: firstDayOfMonthIndex(this.lastDividendMonthIndex),
            count: monthIndices.length,
          };
    this.dividendYieldCarriedForwardFromDay =
      this.lastDividendMonthIndex === undefined
        ? undefined
        : firstDayOfMonthIndex(this.lastDividendMonthIndex + this.config.dividendYieldLagMonths + 1);

    this.eventsSorted = [...input.events].sort(
      (a, b) => a.day - b.day || EVENT_KIND_ORDER[a.kind] - EVENT_KIND_ORDER[b.kind] || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
    );
    this.eventDays = Int32Array.from(this.eventsSorted, (e) => e.day);
    this.eventCoverage = input.eventCoverage;

    this.breadthRecords = [...input.breadth].sort((a, b) => a.day - b.day);
    this.breadthDays = Int32Array.from(this.breadthRecords, (b) => b.day);
  }

  private buildRates(
    bill: RateObservations,
    extension: RateObservations,
  ): { days: Int32Array; values: Float64Array; sources: RateSourceSpan[] } {
    const days: number[] = [];
    const values: number[] = [];
    const sources: RateSourceSpan[] = [];
    const append = (obs: RateObservations, afterDay: number, source: 'dtb3' | 'irx'): void => {
      let first: number | undefined;
      let last: number | undefined;
      for (let i = 0; i < obs.days.length; i++) {
        const day = obs.days[i] as number;
        if (day <= afterDay) continue;
        const rate = continuousRateFromDiscountYieldPct(obs.discountYieldPct[i] as number, this.config);
        // Discount yields high enough to make the bill price non-positive cannot be real quotes;
        // the adapter rejects them, so the day simply has no observation here.
        if (!rate.ok) continue;
        days.push(day);
        values.push(rate.value);
        first ??= day;
        last = day;
      }
      if (first !== undefined && last !== undefined) sources.push({ source, firstDay: first, lastDay: last });
    };
    append(bill, Number.NEGATIVE_INFINITY, 'dtb3');
    append(extension, days.length > 0 ? (days[days.length - 1] as number) : Number.NEGATIVE_INFINITY, 'irx');
    return { days: Int32Array.from(days), values: Float64Array.from(values), sources };
  }

  series(name: IndexSeriesName): DailySeries | undefined {
    return this.seriesByName.get(name);
  }

  barOn(name: IndexSeriesName, day: DayNumber): DailyBar | undefined {
    const s = this.seriesByName.get(name);
    if (!s) return undefined;
    const i = indexOfDay(s.days, day);
    if (i === undefined) return undefined;
    const open = s.open[i] as number;
    const high = s.high[i] as number;
    const low = s.low[i] as number;
    const close = s.close[i] as number;
    // Built whole rather than spread: this runs for every day of every backtest.
    return s.volume ? { day, open, high, low, close, volume: s.volume[i] as number } : { day, open, high, low, close };
  }

  closeOn(name: IndexSeriesName, day: DayNumber): number | undefined {
    const s = this.seriesByName.get(name);
    if (!s) return undefined;
    const i = indexOfDay(s.days, day);
    return i === undefined ? undefined : s.close[i];
  }

  vxFuturesOn(day: DayNumber): readonly VxFuturesSettlement[] {
    const i = indexOfDay(this.vxSettlementDays, day);
    if (i === undefined) return [];
    return this.vxSorted.slice(this.vxStarts[i], this.vxStarts[i + 1]);
  }

  termStructureOn(day: DayNumber): readonly TermStructurePoint[] {
    const points: TermStructurePoint[] = [];
    for (const s of this.vxFuturesOn(day)) {
      const dteDays = calendarDaysBetween(day, s.expiryDay);
      if (dteDays < 0) continue;
      points.push({ contract: s.contract, expiryDay: s.expiryDay, dteDays, settle: s.settle });
    }
    return points;
  }

  constantMaturityFutureOn(day: DayNumber, targetDteDays: number): number | undefined {
    requireFinite('targetDteDays', targetDteDays);
    const curve = this.termStructureOn(day);
    let below: TermStructurePoint | undefined;
    let above: TermStructurePoint | undefined;
    for (const p of curve) {
      if (p.dteDays <= targetDteDays) below = p;
      if (p.dteDays >= targetDteDays && above === undefined) above = p;
    }
    if (!below || !above) return undefined;
    if (above.dteDays === below.dteDays) return below.settle;
    const weightAbove = (targetDteDays - below.dteDays) / (above.dteDays - below.dteDays);
    return below.settle + weightAbove * (above.settle - below.settle);
  }

  riskFreeRateOn(day: DayNumber): number | undefined {
    const i = indexAtOrBefore(this.rateObservationDays, day);
    if (i === undefined) return undefined;
    if (calendarDaysBetween(this.rateObservationDays[i] as number, day) > this.config.rateMaxCarryCalendarDays) return undefined;
    return this.rateContinuous[i];
  }

  dividendYieldOn(day: DayNumber): number | undefined {
    if (this.firstDividendMonthIndex === undefined || this.lastDividendMonthIndex === undefined) return undefined;
    const sourceMonth = monthIndexOfDay(day) - this.config.dividendYieldLagMonths;
    if (sourceMonth < this.firstDividendMonthIndex) return undefined;
    const pct = this.dividendByMonthIndex.get(Math.min(sourceMonth, this.lastDividendMonthIndex));
    return pct === undefined ? undefined : Math.log1p(pct / 100);
  }

  eventsBetween(fromDay: DayNumber, toDay: DayNumber): readonly MarketEvent[] {
    const out: MarketEvent[] = [];
    for (let i = lowerBound(this.eventDays, fromDay); i < this.eventsSorted.length; i++) {
      const e = this.eventsSorted[i] as MarketEvent;
      if (e.day > toDay) break;
      out.push(e);
    }
    return out;
  }

  breadthOn(day: DayNumber): BreadthRecord | undefined {
    const i = indexOfDay(this.breadthDays, day);
    return i === undefined ? undefined : this.breadthRecords[i];
  }

  missingSeriesOn(day: DayNumber): readonly SeriesName[] {
    const missing: SeriesName[] = [];
    for (const name of INDEX_SERIES_NAMES) if (this.closeOn(name, day) === undefined) missing.push(name);
    if (indexOfDay(this.vxSettlementDays, day) === undefined) missing.push('vxFutures');
    if (this.riskFreeRateOn(day) === undefined) missing.push('riskFreeRate');
    if (this.dividendYieldOn(day) === undefined) missing.push('dividendYield');
    if (this.breadthOn(day) === undefined) missing.push('breadth');
    // The event calendar is "missing" on a day when some kind's release dates are not known there:
    // a quiet day outside coverage could hide a release.
    const covered = EVENT_KINDS.every((kind) =>
      this.eventCoverage.some((c) => c.kind === kind && c.firstDay <= day && day <= c.lastDay),
    );
    if (!covered) missing.push('events');
    return missing;
  }
}

function firstDayOfMonthIndex(monthIndex: number): DayNumber {
  const year = Math.floor(monthIndex / 12);
  return dayFromYmd(year, monthIndex - year * 12 + 1, 1);
}

export function buildMemoryHistory(input: HistoryInput): MemoryMarketHistory {
  return new MemoryMarketHistory(input);
}
