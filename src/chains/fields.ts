/**
 * Typed access to the cells of one vendor row by (normalised) column name. A bad cell throws a
 * ChainRowFailure naming the column; the file reader adds the file and line.
 */
import { dayFromYmd, ymdFromDay, type DayNumber } from '../time/day.js';
import { CellReader } from '../lib/cellReader.js';
import { parseFiniteDecimal } from '../lib/finite.js';
import { ChainRowFailure } from './types.js';

/** `[C_BID]` -> `c_bid`, `underlyingSymbol` -> `underlyingsymbol`: brackets, padding and case do not matter. */
export function normaliseColumnName(raw: string): string {
  return raw.replace(/^\uFEFF/, '').trim().replace(/^\[(.*)\]$/, '$1').trim().toLowerCase();
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

/** A chain file repeats a handful of dates millions of times: parse each spelling once. */
const DATE_CACHE_LIMIT = 50_000;
const dateCache = new Map<string, DayNumber | undefined>();

/** ISO `2018-01-31` (an appended time of day is ignored), US `1/31/2018` or compact `20180131`. */
export function parseVendorDate(text: string): DayNumber | undefined {
  if (dateCache.has(text)) return dateCache.get(text);
  if (dateCache.size >= DATE_CACHE_LIMIT) dateCache.clear();
  const day = parseVendorDateUncached(text);
  dateCache.set(text, day);
  return day;
}

function parseVendorDateUncached(text: string): DayNumber | undefined {
  let year: number;
  let month: number;
  let dayOfMonth: number;
  const iso = ISO_DATE.exec(text) ?? COMPACT_DATE.exec(text);
  const us = iso === null ? US_DATE.exec(text) : null;
  if (iso !== null) {
    year = Number(iso[1]);
    month = Number(iso[2]);
    dayOfMonth = Number(iso[3]);
  } else if (us !== null) {
    year = Number(us[3]);
    month = Number(us[1]);
    dayOfMonth = Number(us[2]);
  } else {
    return undefined;
  }
  const day = dayFromYmd(year, month, dayOfMonth);
  const back = ymdFromDay(day);
  return back.year === year && back.month === month && back.dayOfMonth === dayOfMonth ? day : undefined;
}

export class FieldReader extends CellReader {
  private cells: readonly string[] = [];

  constructor(private readonly columnIndex: ReadonlyMap<string, number>) {
    super();
  }

  /** Points the reader at the next record (one reader serves a whole file). */
  reset(cells: readonly string[]): this {
    this.cells = cells;
    return this;
  }

  has(column: string): boolean {
    return this.columnIndex.has(column);
  }

  fail(column: string, message: string): never {
    throw new ChainRowFailure(column, message);
  }

  protected cell(column: string): string | undefined {
    const index = this.columnIndex.get(column);
    return index === undefined ? undefined : this.cells[index];
  }

  /** A finite number, or undefined for an empty cell (or a missing optional column). */
  optionalNumber(column: string): number | undefined {
    if (!this.columnIndex.has(column)) return undefined;
    const cell = this.text(column);
    if (cell === '') return undefined;
    const value = parseFiniteDecimal(cell);
    if (value === undefined) return this.fail(column, `expected a finite number or an empty cell, got '${cell}'`);
    return value;
  }

  /** A count (volume): an integer >= 0, or undefined when empty. */
  optionalCount(column: string): number | undefined {
    const value = this.optionalNumber(column);
    if (value !== undefined && (value < 0 || !Number.isInteger(value))) return this.fail(column, `expected a whole number >= 0, got ${value}`);
    return value;
  }

  day(column: string): DayNumber {
    const cell = this.text(column);
    const day = parseVendorDate(cell);
    if (day === undefined) return this.fail(column, `expected a date (YYYY-MM-DD, M/D/YYYY or YYYYMMDD), got '${cell}'`);
    return day;
  }
}
