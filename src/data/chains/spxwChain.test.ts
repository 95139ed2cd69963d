import { describe, expect, it } from 'vitest';
import { dayFromIso } from '../../time/day.js';
import { parseSpxwOptionsCsv } from './spxwChain.js';

const HEADER =
  'quote_date,underlying,underlying_last,exchange,optionroot,type,expiration,strike,last,bid,ask,volume,openinterest,impliedvol,delta,gamma,theta,vega';

describe('parseSpxwOptionsCsv', () => {
  it('keeps the vendor fields next to the quote', () => {
    const line = '2018-02-05,SPXW,2648.98,W,SPXW180228C02500000,call,2018-02-28,2500,180.0,171.6,187.6,3,100,0.324,0.8,0.001,-1.0,1.0';
    const rows = parseSpxwOptionsCsv(`${HEADER}\n${line}\n`, 'spxw.csv');
    expect(rows.ok && rows.value[0]).toEqual({
      quoteDay: dayFromIso('2018-02-05'),
      expiryDay: dayFromIso('2018-02-28'),
      type: 'call',
      strike: 2500,
      bid: 171.6,
      ask: 187.6,
      underlyingLast: 2648.98,
      last: 180,
      volume: 3,
      openInterest: 100,
      vendorImpliedVol: 0.324,
      vendorDelta: 0.8,
    });
  });

  it('names the field of a malformed price', () => {
    const line = '2018-02-05,SPXW,2648.98,W,X,call,2018-02-28,2500,180.0,abc,187.6,3,100,0.324,0.8,0.001,-1.0,1.0';
    const rows = parseSpxwOptionsCsv(`${HEADER}\n${line}\n`, 'spxw.csv');
    expect(!rows.ok && rows.error).toMatchObject({ file: 'spxw.csv', line: 2, field: 'bid' });
  });
});
