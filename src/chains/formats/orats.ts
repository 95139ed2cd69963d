/**
 * ORATS SMV Strikes (`ticker,cOpra,pOpra,stkPx,expirDate,yte,strike,cVolu,cOi,pVolu,pOi,cBidPx,cValue,
 * cAskPx,pBidPx,pValue,pAskPx,...,trade_date`): wide rows with the call and the put of a strike. ORATS
 * files ticker SPX for both trading classes; the root comes from the OPRA symbols (cOpra/pOpra) when the
 * file has them, otherwise from the calendar (the monthly third-Friday expiry is SPX, others SPXW).
 */
import { spxMonthlyExpiry } from '../../calendar/spxExpiries.js';
import { ymdFromDay, type DayNumber } from '../../time/day.js';
import type { ChainFormat, RawQuote } from './format.js';
import { rootFromOsi } from './osiCheck.js';

function calendarRoot(ticker: string, expiryDay: DayNumber): string {
  if (ticker !== 'SPX') return ticker;
  const { year, month } = ymdFromDay(expiryDay);
  return spxMonthlyExpiry(year, month) === expiryDay ? 'SPX' : 'SPXW';
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
    const quotes: RawQuote[] = [];
    for (const [right, prefix] of [['C', 'c'], ['P', 'p']] as const) {
      const bid = row.optionalNumber(`${prefix}bidpx`);
      const ask = row.optionalNumber(`${prefix}askpx`);
      if (bid === undefined && ask === undefined) continue;
      const root = rootFromOsi(row, `${prefix}opra`, { expiryDay, right, strike }) ?? calendarRoot(ticker, expiryDay);
      quotes.push({
        underlyingSymbol: ticker,
        root,
        statedSettlement: undefined,
        quoteDay,
        expiryDay,
        right,
        strike,
        bid,
        ask,
        underlyingPrice,
        volume: row.optionalCount(`${prefix}volu`),
      });
    }
    return quotes;
  },
};
