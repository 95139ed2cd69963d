import { describe, expect, it } from 'vitest';
import { dayFromIso } from '../../time/day.js';
import { parseVixOptionsCsv } from './vixChain.js';

const HEADER =
  'underlying_symbol,quote_date,root,expiration,strike,option_type,open,high,low,close,trade_volume,bid_size_1545,bid_1545,ask_size_1545,ask_1545,underlying_bid_1545,underlying_ask_1545,bid_size_eod,bid_eod,ask_size_eod,ask_eod,underlying_bid_eod,underlying_ask_eod,vwap,open_interest,delivery_code';
const ROW = '^VIX,2016-06-01,VIX,2016-06-15,15.0,C,1.25,1.4,0.9,0.95,4360,19170,0.85,9252,0.95,14.575,14.575,0,0.9,0,1.0,14.65,14.65,1.0323,37945,';

describe('parseVixOptionsCsv', () => {
  it('types a DataShop row (source line 232 of the bundled file)', () => {
    const rows = parseVixOptionsCsv(`${HEADER}\n${ROW}\n`, 'vix.csv');
    expect(rows.ok && rows.value[0]).toEqual({
      quoteDay: dayFromIso('2016-06-01'),
      root: 'VIX',
      expiryDay: dayFromIso('2016-06-15'),
      type: 'call',
      strike: 15,
      bidSize1545: 19170,
      askSize1545: 9252,
      bid1545: 0.85,
      ask1545: 0.95,
      bidEod: 0.9,
      askEod: 1,
      underlyingBid1545: 14.575,
      underlyingAsk1545: 14.575,
      underlyingBidEod: 14.65,
      underlyingAskEod: 14.65,
      close: 0.95,
      tradeVolume: 4360,
      openInterest: 37945,
    });
  });

  it('rejects a missing column by name', () => {
    const rows = parseVixOptionsCsv(`${HEADER.replace('bid_eod', 'bidEod')}\n${ROW}\n`, 'vix.csv');
    expect(!rows.ok && rows.error).toMatchObject({ line: 1, field: 'bid_eod' });
  });
});
