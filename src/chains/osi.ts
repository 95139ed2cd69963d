/**
 * OCC / OSI option symbols: root (up to 6 characters, space-padded to 6 in the strict form), expiry
 * YYMMDD, C or P, strike x 1000 in 8 digits. `SPXW  180131C02700000` and the unpadded
 * `SPXW180131C02700000` are both accepted; a leading dot (old OPRA style `.SPXW...`) is dropped.
 */
import { dayFromYmd, ymdFromDay, type DayNumber } from '../time/day.js';
import type { OptionRight } from './types.js';

export interface OsiSymbol {
  readonly root: string;
  readonly expiryDay: DayNumber;
  readonly right: OptionRight;
  readonly strike: number;
}

const OSI_PATTERN = /^\.?([A-Z0-9]{1,6}) *(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;
const STRIKE_THOUSANDTHS_PER_POINT = 1000;
/** Two-digit years are 20YY: listed SPX and VIX options of the last century are not in any vendor file alvh reads. */
const CENTURY = 2000;

export function parseOsiSymbol(symbol: string): OsiSymbol | undefined {
  const match = OSI_PATTERN.exec(symbol.trim().toUpperCase());
  if (match === null) return undefined;
  const [, root, yy, mm, dd, right, strikeDigits] = match as unknown as [string, string, string, string, string, OptionRight, string];
  const month = Number(mm);
  const dayOfMonth = Number(dd);
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31) return undefined;
  const expiryDay = dayFromYmd(CENTURY + Number(yy), month, dayOfMonth);
  // 180231 is not a date: dayFromYmd would roll it into March.
  if (ymdFromDay(expiryDay).dayOfMonth !== dayOfMonth) return undefined;
  return { root, expiryDay, right, strike: Number(strikeDigits) / STRIKE_THOUSANDTHS_PER_POINT };
}

/** The strict 21-character form with the root padded to 6 characters. */
export function formatOsiSymbol(symbol: OsiSymbol, iso: (day: DayNumber) => string): string {
  const [y, m, d] = iso(symbol.expiryDay).split('-') as [string, string, string];
  const strike = String(Math.round(symbol.strike * STRIKE_THOUSANDTHS_PER_POINT)).padStart(8, '0');
  return `${symbol.root.padEnd(6, ' ')}${y.slice(2)}${m}${d}${symbol.right}${strike}`;
}
