/** Parser for the SPXW end-of-day sample in the HistoricalOptionData "L2" layout. */
import type { Result } from '../../lib/result.js';
import type { OptionType } from '../../pricing/black76.js';
import { mapRecords, readCsvTable, type ChainParseError } from './csvTable.js';
import type { SpxwOptionQuote } from './types.js';

const TYPE: Readonly<Record<string, OptionType>> = { call: 'call', put: 'put' };

export function parseSpxwOptionsCsv(text: string, file: string): Result<SpxwOptionQuote[], ChainParseError> {
  const table = readCsvTable(text, file, [
    'quote_date',
    'underlying_last',
    'type',
    'expiration',
    'strike',
    'last',
    'bid',
    'ask',
    'volume',
    'openinterest',
    'impliedvol',
    'delta',
  ]);
  if (!table.ok) return table;
  return mapRecords(table.value, (row) => {
    const quoteDay = row.day('quote_date');
    const expiryDay = row.day('expiration');
    if (expiryDay < quoteDay) row.fail('expiration', 'expiration is before quote_date');
    return {
      quoteDay,
      expiryDay,
      type: row.choice('type', TYPE),
      strike: row.positive('strike'),
      bid: row.nonNegative('bid'),
      ask: row.nonNegative('ask'),
      underlyingLast: row.positive('underlying_last'),
      last: row.nonNegative('last'),
      volume: row.nonNegative('volume'),
      openInterest: row.nonNegative('openinterest'),
      vendorImpliedVol: row.nonNegative('impliedvol'),
      vendorDelta: row.number('delta'),
    };
  });
}
