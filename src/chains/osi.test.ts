import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayFromIso, isoFromDay } from '../time/day.js';
import { formatOsiSymbol, parseOsiSymbol } from './osi.js';

describe('parseOsiSymbol', () => {
  it('reads the padded and the unpadded forms', () => {
    // SPXW, 2018-01-31 expiry, call, strike 2700.000 -> 02700000 in thousandths.
    const expected = { root: 'SPXW', expiryDay: dayFromIso('2018-01-31'), right: 'C', strike: 2700 };
    expect(parseOsiSymbol('SPXW  180131C02700000')).toEqual(expected);
    expect(parseOsiSymbol('SPXW180131C02700000')).toEqual(expected);
    expect(parseOsiSymbol('.SPXW180131C02700000')).toEqual(expected);
    expect(parseOsiSymbol('VIX   160615P00017500')).toEqual({ root: 'VIX', expiryDay: dayFromIso('2016-06-15'), right: 'P', strike: 17.5 });
  });

  it('rejects what is not a symbol or not a date', () => {
    expect(parseOsiSymbol('SPXW180231C02700000')).toBeUndefined();
    expect(parseOsiSymbol('SPXW181331C02700000')).toBeUndefined();
    expect(parseOsiSymbol('SPXW180131X02700000')).toBeUndefined();
    expect(parseOsiSymbol('SPXW180131C2700')).toBeUndefined();
    expect(parseOsiSymbol('')).toBeUndefined();
  });

  it('round-trips through the strict form', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('SPX', 'SPXW', 'VIX', 'VIXW'),
        fc.integer({ min: dayFromIso('2000-01-01'), max: dayFromIso('2099-12-31') }),
        fc.constantFrom('C' as const, 'P' as const),
        fc.integer({ min: 1, max: 99_999_999 }),
        (root, expiryDay, right, thousandths) => {
          const symbol = { root, expiryDay, right, strike: thousandths / 1000 };
          const text = formatOsiSymbol(symbol, isoFromDay);
          expect(text).toHaveLength(21);
          expect(parseOsiSymbol(text)).toEqual(symbol);
        },
      ),
    );
  });
});
