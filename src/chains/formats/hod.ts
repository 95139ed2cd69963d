/**
 * historicaloptiondata.com "L2" (`UnderlyingSymbol,UnderlyingPrice,Exchange,OptionSymbol,OptionExt,
 * Type,Expiration,DataDate,Strike,Last,Bid,Ask,Volume,OpenInterest,IV,Delta,Gamma,Theta,Vega,AKA`),
 * dates as M/D/YYYY. The root comes from the OSI OptionSymbol (SPX vs SPXW).
 */
import type { ChainFormat } from './format.js';
import { RIGHT_BY_WORD } from './format.js';
import { rootFromOsi } from './osiCheck.js';

export const hodFormat: ChainFormat = {
  id: 'hod',
  title: 'historicaloptiondata L2',
  requiredColumns: ['underlyingsymbol', 'underlyingprice', 'optionsymbol', 'type', 'expiration', 'datadate', 'strike', 'bid', 'ask'],
  readRow: (row) => {
    const expiryDay = row.day('expiration');
    const right = row.choice('type', RIGHT_BY_WORD);
    const strike = row.positive('strike');
    const root = rootFromOsi(row, 'optionsymbol', { expiryDay, right, strike });
    if (root === undefined) row.fail('optionsymbol', 'empty option symbol: the root (SPX or SPXW) cannot be told');
    return [
      {
        underlyingSymbol: row.text('underlyingsymbol'),
        root,
        statedSettlement: undefined,
        quoteDay: row.day('datadate'),
        expiryDay,
        right,
        strike,
        bid: row.number('bid'),
        ask: row.number('ask'),
        underlyingPrice: row.optionalNumber('underlyingprice'),
        volume: row.optionalCount('volume'),
      },
    ];
  },
};
