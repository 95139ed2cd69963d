import { describe, expect, it } from 'vitest';
import { dayFromIso } from '../time/day.js';
import { FieldReader, normaliseColumnName, parseVendorDate } from './fields.js';
import { ChainRowFailure } from './types.js';

describe('normaliseColumnName', () => {
  it('drops brackets, padding, a byte-order mark and case', () => {
    expect(normaliseColumnName(' [C_BID]')).toBe('c_bid');
    expect(normaliseColumnName('\uFEFF[QUOTE_UNIXTIME]')).toBe('quote_unixtime');
    expect(normaliseColumnName('UnderlyingSymbol')).toBe('underlyingsymbol');
  });
});

describe('parseVendorDate', () => {
  it('reads ISO, US and compact dates, and an ISO date with a time', () => {
    const day = dayFromIso('2018-02-05');
    expect(parseVendorDate('2018-02-05')).toBe(day);
    expect(parseVendorDate('2/5/2018')).toBe(day);
    expect(parseVendorDate('02/05/2018')).toBe(day);
    expect(parseVendorDate('20180205')).toBe(day);
    expect(parseVendorDate('2018-02-05 16:00')).toBe(day);
  });
  it('rejects impossible dates instead of rolling them over', () => {
    expect(parseVendorDate('2018-02-30')).toBeUndefined();
    expect(parseVendorDate('13/01/2018')).toBeUndefined();
    expect(parseVendorDate('yesterday')).toBeUndefined();
  });
});

describe('FieldReader', () => {
  const reader = new FieldReader(new Map([['bid', 0], ['volume', 1], ['strike', 2]]));
  it('names the column of a bad cell', () => {
    expect(() => reader.reset(['abc', '', '10']).number('bid')).toThrow(ChainRowFailure);
    try {
      reader.reset(['1', '2.5', '10']).optionalCount('volume');
      expect.unreachable();
    } catch (caught) {
      expect((caught as ChainRowFailure).field).toBe('volume');
    }
    expect(() => reader.reset(['1', '', '-5']).positive('strike')).toThrow(/expected a value > 0/);
    // Number() would read these as 16: a vendor's hex cell is refused, required or optional.
    expect(() => reader.reset(['0x10', '', '10']).number('bid')).toThrow("expected a finite number, got '0x10'");
    expect(() => reader.reset(['1', '0x10', '10']).optionalCount('volume')).toThrow("expected a finite number or an empty cell, got '0x10'");
  });
  it('reads empty optional cells as undefined, never as zero', () => {
    expect(reader.reset(['1', '', '10']).optionalCount('volume')).toBeUndefined();
    expect(reader.reset(['NaN', '', '10']).optionalNumber('missing-column')).toBeUndefined();
    expect(() => reader.reset(['NaN', '', '10']).optionalNumber('bid')).toThrow(/finite/);
  });
});
