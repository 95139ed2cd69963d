/**
 * OptionsDX end-of-day files (`spx_eod_YYYYMM.txt`): wide rows, one per quote date, expiry and strike,
 * holding the call (C_*) and the put (P_*). Headers are bracketed and space-padded (`[C_BID]`), cells
 * padded with a space after each comma, sizes written `7 x 7`, empty cells for an unquoted side. The
 * file has no root column and no underlying column: the underlying comes from the file name
 * (`spx_...`, `vix_...`) or the --underlying option; the root from the expiry time [EXPIRE_UNIX]
 * (a morning expiry is AM-settled: SPX; an afternoon one PM-settled: SPXW), or, without it, from the
 * calendar (the monthly third-Friday expiry is SPX, every other expiry SPXW).
 */
import type { DayNumber } from '../../time/day.js';
import type { FieldReader } from '../fields.js';
import type { ChainFormat } from './format.js';
import { calendarSpxRoot, callAndPutQuotes } from './wideRow.js';

const SECONDS_PER_DAY = 86_400;
const SECONDS_PER_HOUR = 3_600;
/** Noon New York is 16:00 or 17:00 UTC; an expiry timestamp before 17:00 UTC is a morning (AM) one. */
const AM_EXPIRY_BEFORE_UTC_HOUR = 17;

function spxRoot(row: FieldReader, expiryDay: DayNumber): string {
  const unix = row.optionalNumber('expire_unix');
  if (unix !== undefined) {
    const hourUtc = (unix - expiryDay * SECONDS_PER_DAY) / SECONDS_PER_HOUR;
    if (hourUtc < 0 || hourUtc >= 24) row.fail('expire_unix', `timestamp ${unix} is not on the expiry date`);
    return hourUtc < AM_EXPIRY_BEFORE_UTC_HOUR ? 'SPX' : 'SPXW';
  }
  return calendarSpxRoot(expiryDay);
}

export const optionsDxFormat: ChainFormat = {
  id: 'optionsdx',
  title: 'OptionsDX end-of-day (wide, bracketed headers)',
  requiredColumns: ['quote_date', 'underlying_last', 'expire_date', 'strike', 'c_bid', 'c_ask', 'p_bid', 'p_ask'],
  readRow: (row, context) => {
    const hint = context.underlyingHint;
    if (hint === undefined) {
      return row.fail('(file name)', "OptionsDX files have no underlying column: name the file spx_... or vix_..., or pass --underlying SPX|VIX");
    }
    const quoteDay = row.day('quote_date');
    const expiryDay = row.day('expire_date');
    const strike = row.positive('strike');
    const underlyingPrice = row.optionalNumber('underlying_last');
    const root = hint === 'VIX' ? 'VIX' : spxRoot(row, expiryDay);
    return callAndPutQuotes(
      row,
      { underlyingSymbol: hint, quoteDay, expiryDay, strike, underlyingPrice },
      { call: 'c', put: 'p', bid: (p) => `${p}_bid`, ask: (p) => `${p}_ask`, volume: (p) => `${p}_volume` },
      () => root,
    );
  },
};
