/**
 * Pieces shared by the wide vendor layouts (OptionsDX, ORATS), whose rows hold the call and the put of
 * one strike side by side under prefixed columns.
 */
import { spxMonthlyExpiry } from '../../calendar/spxExpiries.js';
import { ymdFromDay, type DayNumber } from '../../time/day.js';
import type { FieldReader } from '../fields.js';
import type { RawQuote } from './format.js';

/** The root the calendar gives an SPX expiry when the file does not say: the monthly third-Friday expiry is SPX (AM-settled), every other SPXW. */
export function calendarSpxRoot(expiryDay: DayNumber): 'SPX' | 'SPXW' {
  const { year, month } = ymdFromDay(expiryDay);
  return spxMonthlyExpiry(year, month) === expiryDay ? 'SPX' : 'SPXW';
}

/** What a wide row's call and put share. */
export type WideRowStrike = Pick<RawQuote, 'underlyingSymbol' | 'quoteDay' | 'expiryDay' | 'strike' | 'underlyingPrice'>;

/** A side's column names, from its prefix (the layout's own spelling of call and put). */
export interface WideRowColumns<P extends string> {
  readonly call: P;
  readonly put: P;
  readonly bid: (prefix: P) => string;
  readonly ask: (prefix: P) => string;
  readonly volume: (prefix: P) => string;
}

/** The row's call and put as quotes; a side with neither a bid nor an ask was not quoted and gives none. */
export function callAndPutQuotes<P extends string>(
  row: FieldReader,
  strike: WideRowStrike,
  columns: WideRowColumns<P>,
  rootOf: (right: 'C' | 'P', prefix: P) => string | undefined,
): RawQuote[] {
  const quotes: RawQuote[] = [];
  for (const [right, prefix] of [['C', columns.call], ['P', columns.put]] as const) {
    const bid = row.optionalNumber(columns.bid(prefix));
    const ask = row.optionalNumber(columns.ask(prefix));
    if (bid === undefined && ask === undefined) continue;
    // Fields in RawQuote's order, as every other layout writes them.
    quotes.push({
      underlyingSymbol: strike.underlyingSymbol,
      root: rootOf(right, prefix),
      statedSettlement: undefined,
      quoteDay: strike.quoteDay,
      expiryDay: strike.expiryDay,
      right,
      strike: strike.strike,
      bid,
      ask,
      underlyingPrice: strike.underlyingPrice,
      volume: row.optionalCount(columns.volume(prefix)),
    });
  }
  return quotes;
}
