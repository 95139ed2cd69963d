import { describe, expect, it } from 'vitest';
import { dayFromIso } from '../../time/day.js';
import { parseSpxOptionsCsv, parseZeroRatesCsv } from './spxChain.js';

const HEADER = 'quote_date,expiration,cp_flag,strike,best_bid,best_offer,exercise_style';

describe('parseSpxOptionsCsv', () => {
  it('types a row with day numbers and an option type', () => {
    const rows = parseSpxOptionsCsv(`${HEADER}\n2020-12-01,2021-01-15,P,3600.0,73.7,74.3,E\n`, 'spx.csv');
    expect(rows).toEqual({
      ok: true,
      value: [
        { quoteDay: dayFromIso('2020-12-01'), expiryDay: dayFromIso('2021-01-15'), type: 'put', strike: 3600, bid: 73.7, ask: 74.3 },
      ],
    });
  });

  it('rejects an American-style row, a bad flag and an expiry before the quote date', () => {
    expect(parseSpxOptionsCsv(`${HEADER}\n2020-12-01,2021-01-15,P,3600,1,2,A\n`, 'f').ok).toBe(false);
    const badFlag = parseSpxOptionsCsv(`${HEADER}\n2020-12-01,2021-01-15,X,3600,1,2,E\n`, 'f');
    expect(!badFlag.ok && badFlag.error.field).toBe('cp_flag');
    const early = parseSpxOptionsCsv(`${HEADER}\n2020-12-01,2020-11-15,C,3600,1,2,E\n`, 'f');
    expect(!early.ok && early.error.field).toBe('expiration');
  });
});

describe('parseZeroRatesCsv', () => {
  it('converts percent to a decimal rate', () => {
    const rows = parseZeroRatesCsv('date,days,rate\n2020-12-01,7,0.10228\n', 'z.csv');
    expect(rows.ok && rows.value[0]).toEqual({ day: dayFromIso('2020-12-01'), tenorDays: 7, rateDecimal: 0.0010228 });
  });

  it('rejects fractional tenors', () => {
    const rows = parseZeroRatesCsv('date,days,rate\n2020-12-01,7.5,0.1\n', 'z.csv');
    expect(!rows.ok && rows.error).toMatchObject({ line: 2, field: 'days' });
  });
});
