/**
 * alvh's own chain CSV (docs/chains.md):
 * `underlying,root,quote_date,expiration,option_type,strike,bid,ask,underlying_price,volume` with an
 * optional `settlement` (AM|PM) column that must agree with the root. Dates ISO, option_type C or P,
 * prices in index points, underlying_price and volume may be empty.
 */
import type { ChainFormat } from './format.js';
import { RIGHT_BY_LETTER } from './format.js';
import type { SettlementStyle } from '../types.js';

const SETTLEMENT: Readonly<Record<string, SettlementStyle | undefined>> = { AM: 'AM', PM: 'PM', '': undefined };

export const CANONICAL_COLUMNS = ['underlying', 'root', 'quote_date', 'expiration', 'option_type', 'strike', 'bid', 'ask', 'underlying_price', 'volume'] as const;

export const canonicalFormat: ChainFormat = {
  id: 'canonical',
  title: 'alvh canonical chain CSV',
  requiredColumns: CANONICAL_COLUMNS,
  readRow: (row) => [
    {
      underlyingSymbol: row.text('underlying'),
      root: row.text('root') || undefined,
      statedSettlement: row.has('settlement') ? row.choice('settlement', SETTLEMENT) : undefined,
      quoteDay: row.day('quote_date'),
      expiryDay: row.day('expiration'),
      right: row.choice('option_type', RIGHT_BY_LETTER),
      strike: row.positive('strike'),
      bid: row.number('bid'),
      ask: row.number('ask'),
      underlyingPrice: row.optionalNumber('underlying_price'),
      volume: row.optionalCount('volume'),
    },
  ],
};
