/**
 * The row-level records adapters produce from files before the pure history is built. Each keeps the
 * line it came from so later checks (order, overlap, plausibility) can still name it.
 */
import type { DailyBar, EventKind, IndexSeriesName, VxFuturesSettlement } from '../history/types.js';
import type { DayNumber } from '../time/day.js';

/** A daily bar with the line it came from. */
export interface IndexRecord extends DailyBar {
  readonly line: number;
}

/** A VIX futures settlement with the line it came from. */
export interface VxRecord extends VxFuturesSettlement {
  readonly line: number;
}

/** A T-bill quote on the discount basis, % per year. */
export interface RateRecord {
  readonly line: number;
  readonly day: DayNumber;
  readonly discountYieldPct: number;
}

export interface EventRecord {
  readonly line: number;
  readonly day: DayNumber;
  readonly kind: EventKind;
  readonly scheduled: boolean;
  readonly label: string;
}

export interface BreadthRow {
  readonly line: number;
  readonly day: DayNumber;
  readonly advancing: number;
  readonly declining: number;
}

/**
 * One dataset of the store: what an import or update replaces or extends. Rates are kept per quote
 * (DTB3 from FRED, ^IRX as its extension) because they are different series.
 */
export type Dataset =
  | { readonly kind: 'index'; readonly name: IndexSeriesName; readonly records: readonly IndexRecord[] }
  | { readonly kind: 'vxFutures'; readonly records: readonly VxRecord[] }
  | { readonly kind: 'rate'; readonly name: RateQuoteName; readonly records: readonly RateRecord[] }
  | { readonly kind: 'events'; readonly records: readonly EventRecord[] }
  | { readonly kind: 'breadth'; readonly records: readonly BreadthRow[] };

export type RateQuoteName = 'dtb3' | 'irx';

/** A stable key naming a dataset in the store (also its overlay file name without extension). */
export function datasetKey(d: Dataset): string {
  return d.kind === 'index' || d.kind === 'rate' ? `${d.kind}-${d.name}` : d.kind;
}
