/**
 * ORATS SMV Strikes (`ticker,cOpra,pOpra,stkPx,expirDate,yte,strike,cVolu,cOi,pVolu,pOi,cBidPx,cValue,
 * cAskPx,pBidPx,pValue,pAskPx,...,trade_date`): wide rows with the call and the put of a strike. ORATS
 * files ticker SPX for both trading classes; the root comes from the OPRA symbols (cOpra/pOpra) when the
 * file has them, otherwise from the calendar (the monthly third-Friday expiry is SPX, others SPXW).
 */
import type { DayNumber } from '../../time/day.js';
import type { ChainFormat } from './format.js';
import { rootFromOsi } from './osiCheck.js';
import { calendarSpxRoot, callAndPutQuotes } from './wideRow.js';

function calendarRoot(ticker: string, expiryDay: DayNumber): string {
  return ticker === 'SPX' ? calendarSpxRoot(expiryDay) : ticker;
}

export const oratsFormat: ChainFormat = {
  id: 'orats',
  title: 'ORATS SMV Strikes',
  requiredColumns: ['ticker', 'stkpx', 'expirdate', 'strike', 'cbidpx', 'caskpx', 'pbidpx', 'paskpx', 'trade_date'],
  readRow: (row) => {
    const ticker = row.text('ticker');
    const quoteDay = row.day('trade_date');
    const expiryDay = row.day('expirdate');
    const strike = row.positive('strike');
    const underlyingPrice = row.optionalNumber('stkpx');
    return callAndPutQuotes(
      row,
      { underlyingSymbol: ticker, quoteDay, expiryDay, strike, underlyingPrice },
      { call: 'c', put: 'p', bid: (p) => `${p}bidpx`, ask: (p) => `${p}askpx`, volume: (p) => `${p}volu` },
      (right, prefix) => rootFromOsi(row, `${prefix}opra`, { expiryDay, right, strike }) ?? calendarRoot(ticker, expiryDay),
    );
  },
};
