import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCsvText } from '../csv/csvText.js';
import { parseEventTable, parseIndexTable, parseRateTable, parseVxTable, serializeEvents, serializeIndex, serializeRates, serializeVx } from './canonical.js';
import type { EventRecord, IndexRecord } from '../records.js';

function table(text: string) {
  const parsed = parseCsvText('overlay.csv', text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

const price = fc.double({ min: 0.01, max: 10_000, noNaN: true });
const days = fc.uniqueArray(fc.integer({ min: 7000, max: 21000 }), { minLength: 1, maxLength: 20 }).map((d) => [...d].sort((a, b) => a - b));

describe('canonical overlay formats', () => {
  it('read back exactly what they write (index, with and without volume)', () => {
    fc.assert(
      fc.property(days, fc.array(fc.tuple(price, price, price, price, fc.nat()), { minLength: 20, maxLength: 20 }), fc.boolean(), (ds, values, withVolume) => {
        const records: IndexRecord[] = ds.map((day, i) => {
          const [open, high, low, close, volume] = values[i] as [number, number, number, number, number];
          const base = { line: i + 2, day, open, high, low, close };
          return withVolume ? { ...base, volume } : base;
        });
        const parsed = parseIndexTable(table(serializeIndex(records)), 'spx');
        expect(parsed.issues).toEqual([]);
        expect(parsed.records).toEqual(records);
      }),
    );
  });

  it('read back futures, rates and events', () => {
    const vx = [{ line: 2, day: 17568, contract: 'VXG18', expiryDay: 17576, settle: 33.225, volume: 1, openInterest: 2 }];
    expect(parseVxTable(table(serializeVx(vx))).records).toEqual(vx);
    const rates = [{ line: 2, day: 18337, discountYieldPct: 0.24 }];
    expect(parseRateTable(table(serializeRates(rates))).records).toEqual(rates);
    const events: EventRecord[] = [{ line: 2, day: 18336, kind: 'fomc', scheduled: false, label: 'cut, "to zero"' }];
    expect(parseEventTable(table(serializeEvents(events))).records).toEqual(events);
  });

  it('reads a close-only Cboe-style file as open = high = low = close', () => {
    const parsed = parseIndexTable(table('date,vvix\n2020-03-16,207.59\n'), 'vvix');
    expect(parsed.records).toEqual([{ line: 2, day: 18337, open: 207.59, high: 207.59, low: 207.59, close: 207.59 }]);
  });
});
