/** Parser for the Cboe DataShop VIX option end-of-day sample. */
import type { Result } from '../../lib/result.js';
import type { OptionType } from '../../pricing/black76.js';
import { mapRecords, readCsvTable, type ChainParseError } from './csvTable.js';
import type { VixOptionQuote } from './types.js';

const OPTION_TYPE: Readonly<Record<string, OptionType>> = { C: 'call', P: 'put' };

export function parseVixOptionsCsv(text: string, file: string): Result<VixOptionQuote[], ChainParseError> {
  const table = readCsvTable(text, file, [
    'quote_date',
    'root',
    'expiration',
    'strike',
    'option_type',
    'close',
    'trade_volume',
    'bid_size_1545',
    'bid_1545',
    'ask_size_1545',
    'ask_1545',
    'underlying_bid_1545',
    'underlying_ask_1545',
    'bid_eod',
    'ask_eod',
    'underlying_bid_eod',
    'underlying_ask_eod',
    'open_interest',
  ]);
  if (!table.ok) return table;
  return mapRecords(table.value, (row) => {
    const quoteDay = row.day('quote_date');
    const expiryDay = row.day('expiration');
    if (expiryDay < quoteDay) row.fail('expiration', 'expiration is before quote_date');
    const root = row.text('root');
    if (root === '') row.fail('root', 'empty option root');
    return {
      quoteDay,
      root,
      expiryDay,
      type: row.choice('option_type', OPTION_TYPE),
      strike: row.positive('strike'),
      bidSize1545: row.nonNegative('bid_size_1545'),
      askSize1545: row.nonNegative('ask_size_1545'),
      bid1545: row.nonNegative('bid_1545'),
      ask1545: row.nonNegative('ask_1545'),
      bidEod: row.nonNegative('bid_eod'),
      askEod: row.nonNegative('ask_eod'),
      underlyingBid1545: row.nonNegative('underlying_bid_1545'),
      underlyingAsk1545: row.nonNegative('underlying_ask_1545'),
      underlyingBidEod: row.nonNegative('underlying_bid_eod'),
      underlyingAskEod: row.nonNegative('underlying_ask_eod'),
      close: row.nonNegative('close'),
      tradeVolume: row.nonNegative('trade_volume'),
      openInterest: row.nonNegative('open_interest'),
    };
  });
}
