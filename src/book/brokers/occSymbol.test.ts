import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayFromIso, isoFromDay } from '../../time/day.js';
import { parseOccSymbol } from './occSymbol.js';

describe('OCC option symbols', () => {
  it('reads the padded form: SPXW 2025-01-17 put 5800, PM-settled', () => {
    expect(parseOccSymbol('SPXW  250117P05800000')).toEqual({ ok: true, value: { root: 'SPXW', underlying: 'SPX', type: 'put', strike: 5800, expiryDay: dayFromIso('2025-01-17'), settlement: 'PM' } });
  });
  it('reads one space or none, a leading dot, fractional strikes; SPX monthlies are AM-settled, VIX too', () => {
    expect(parseOccSymbol('SPX 180316C02880000')).toMatchObject({ ok: true, value: { root: 'SPX', type: 'call', strike: 2880, settlement: 'AM' } });
    expect(parseOccSymbol('VIX180214C00020000')).toMatchObject({ ok: true, value: { underlying: 'VIX', strike: 20, settlement: 'AM' } });
    expect(parseOccSymbol('.VIX   180214C00017500')).toMatchObject({ ok: true, value: { strike: 17.5 } });
  });
  it('names what is wrong', () => {
    expect(parseOccSymbol('AAPL  250117P00150000')).toEqual({ ok: false, reason: expect.stringMatching(/root AAPL is not an SPX or VIX option/) });
    expect(parseOccSymbol('SPXW  251317P05800000')).toEqual({ ok: false, reason: expect.stringMatching(/2025-13-17 is not a date/) });
    expect(parseOccSymbol('SPXW 5800 P')).toEqual({ ok: false, reason: expect.stringMatching(/not an OCC option symbol/) });
    expect(parseOccSymbol('SPX   250117P00000000')).toEqual({ ok: false, reason: expect.stringMatching(/strike is zero/) });
  });
  it('reads back every symbol it could have been written from', () => {
    fc.assert(
      fc.property(fc.constantFrom('SPX', 'SPXW', 'VIX', 'VIXW'), fc.integer({ min: dayFromIso('2000-01-01'), max: dayFromIso('2099-12-31') }), fc.constantFrom('C', 'P'), fc.integer({ min: 1, max: 99_999_999 }), (root, day, cp, strikeMilli) => {
        const iso = isoFromDay(day);
        const symbol = `${root.padEnd(6, ' ')}${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${cp}${String(strikeMilli).padStart(8, '0')}`;
        const parsed = parseOccSymbol(symbol);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) {
          expect(parsed.value.expiryDay).toBe(day);
          expect(parsed.value.strike).toBe(strikeMilli / 1000);
          expect(parsed.value.type).toBe(cp === 'C' ? 'call' : 'put');
        }
      }),
    );
  });
});
