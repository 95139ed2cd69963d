import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Book, OPTION_MULTIPLIER_USD, describePosition } from './book.js';
import { dayFromIso } from '../../time/day.js';

/** Cent-level agreement for sums of USD cash flows. */
const USD_TOLERANCE = 1e-6;

const leg = (id: string, quantity: number, entryPrice: number, strike = 4000) => ({
  id,
  group: 'condor-1',
  role: 'condor' as const,
  legId: id,
  layer: undefined,
  underlying: 'SPX' as const,
  type: 'put' as const,
  strike,
  expiryDay: 100,
  settlement: 'AM' as const,
  quantity,
  entryDay: 50,
  entryPrice,
});

describe('book and ledger', () => {
  it('a short put vertical opened and settled gives the textbook P&L', () => {
    const book = new Book(100_000);
    book.open(leg('sp', -2, 10, 4000), 1);
    book.open(leg('lp', 2, 4, 3950), 1);
    // Credit 6 points x 2 x 100 = 1200, fees 4.
    expect(book.cashUsd).toBeCloseTo(100_000 + 1200 - 4, 9);
    // Settles at 3980: short put owes 20 points, long put worthless.
    book.settle(100, 'sp', 3980, 'test');
    book.settle(100, 'lp', 3980, 'test');
    expect(book.cashUsd).toBeCloseTo(100_000 + 1200 - 4 - 20 * 2 * OPTION_MULTIPLIER_USD, 9);
    expect(book.positions.size).toBe(0);
    expect(book.groupPnlUsd('condor-1')).toBeCloseTo(1200 - 4 - 4000, 9);
  });

  it('partial closes keep the remaining quantity and sign', () => {
    const book = new Book(0);
    book.open(leg('sp', -5, 10), 0);
    book.close(60, 'sp', 4, 0, 'test', 2);
    expect(book.positions.get('sp')?.quantity).toBe(-3);
    expect(book.cashUsd).toBeCloseTo(5 * 10 * 100 - 2 * 4 * 100, 9);
    expect(() => book.close(60, 'sp', 4, 0, 'test', 4)).toThrow(/cannot close/);
  });

  it('interest compounds continuously on cash for the calendar days held', () => {
    const book = new Book(1_000_000);
    book.accrueInterest(10, 0.05, 3);
    expect(book.cashUsd).toBeCloseTo(1_000_000 * Math.exp((0.05 * 3) / 365), 6);
  });

  it('equity always equals the starting cash plus the ledger plus the marks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ qty: fc.integer({ min: -10, max: 10 }).filter((q) => q !== 0), price: fc.double({ min: 0.05, max: 500, noNaN: true }), mark: fc.double({ min: 0, max: 800, noNaN: true }) }), { minLength: 1, maxLength: 8 }),
        (trades) => {
          const book = new Book(50_000);
          trades.forEach((t, i) => {
            const p = book.open({ ...leg(`p${i}`, t.qty, t.price), group: `g${i % 3}` }, 0.66);
            p.markPrice = t.mark;
          });
          const ledgerSum = book.ledger.reduce((s, e) => s + e.amountUsd, 0);
          expect(Math.abs(book.equityUsd() - (50_000 + ledgerSum + book.positionsValueUsd()))).toBeLessThan(USD_TOLERANCE);
          const byGroup = book.groups().reduce((s, g) => s + book.groupPnlUsd(g), 0);
          expect(Math.abs(byGroup - (book.equityUsd() - 50_000))).toBeLessThan(USD_TOLERANCE);
        },
      ),
    );
  });
});

describe('a book without a ledger', () => {
  it('moves the same cash, flows and premium tallies as one with it, for any sequence of trades', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            quantity: fc.integer({ min: -20, max: 20 }).filter((q) => q !== 0),
            entry: fc.double({ min: 0.05, max: 50, noNaN: true }),
            exit: fc.double({ min: 0, max: 80, noNaN: true }),
            hedge: fc.boolean(),
            end: fc.constantFrom('close-part', 'close', 'settle', 'hold'),
          }),
          { maxLength: 12 },
        ),
        fc.double({ min: -0.01, max: 0.08, noNaN: true }),
        (legs, rate) => {
          const books = [new Book(250_000), new Book(250_000, { keepLedger: false })] as const;
          for (const book of books) {
            legs.forEach((l, i) => {
              const group = l.hedge ? `hedge-${i % 3}` : `condor-${i % 3}`;
              const p = book.open({ ...leg(`p${i}`, l.quantity, l.entry), group, role: l.hedge ? 'hedge' : 'condor' }, 0.66, 'test.open');
              if (l.end === 'close-part' && Math.abs(l.quantity) > 1) book.close(60, p.id, l.exit, 0.66, 'test.close', 1);
              if (l.end === 'close') book.close(60, p.id, l.exit, 0.66, 'test.close');
              if (l.end === 'settle') book.settle(100, p.id, 4000 - l.exit, 'test');
              book.accrueInterest(60 + i, rate, 1);
            });
          }
          const [kept, lean] = books;
          expect(lean.ledger).toEqual([]);
          // Exactly: the same additions in the same order.
          expect(JSON.stringify(lean.state())).toBe(JSON.stringify(kept.state()));
          expect(lean.interestUsd).toBe(kept.interestUsd);
          for (const role of ['condor', 'hedge'] as const) {
            const paid = kept.ledger.filter((e) => e.kind === 'premium' && e.group?.startsWith(role) && e.amountUsd < 0).reduce((s, e) => s - e.amountUsd, 0);
            expect(kept.premiumPaidUsd(role)).toBe(paid);
            expect(lean.premiumPaidUsd(role)).toBe(paid);
          }
        },
      ),
    );
  });
});

describe('the one-pass summary of the book', () => {
  it('equals equityUsd(), positionsValueUsd(role) and rolePnlUsd(role) exactly, for any book', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ quantity: fc.integer({ min: -20, max: 20 }).filter((q) => q !== 0), entry: fc.double({ min: 0.05, max: 50, noNaN: true }), mark: fc.double({ min: 0, max: 80, noNaN: true }), hedge: fc.boolean() }), { maxLength: 12 }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (legs, indexUnits) => {
          const book = new Book(250_000);
          legs.forEach((l, i) => {
            const p = book.open({ ...leg(`p${i}`, l.quantity, l.entry), group: l.hedge ? `hedge-${i}` : `condor-${i}`, role: l.hedge ? 'hedge' : 'condor' }, 0.66);
            p.markPrice = l.mark;
          });
          if (indexUnits > 0) book.tradeIndex(50, 'underlying.spx', 'underlying-1', 'condor', indexUnits, 4000, 'test');
          const s = book.summary();
          // Exact equality: the same sums in the same order, not merely close.
          expect(s.equityUsd).toBe(book.equityUsd());
          expect(s.condorValueUsd).toBe(book.positionsValueUsd((p) => p.role === 'condor'));
          expect(s.hedgeValueUsd).toBe(book.positionsValueUsd((p) => p.role === 'hedge'));
          expect(s.condorPnlUsd).toBe(book.rolePnlUsd('condor'));
          expect(s.hedgePnlUsd).toBe(book.rolePnlUsd('hedge'));
        },
      ),
    );
  });

  it('counts changes to the positions, not to their marks', () => {
    const book = new Book(0);
    const v0 = book.positionsVersion;
    const p = book.open(leg('sp', -2, 10), 0);
    expect(book.positionsVersion).toBe(v0 + 1);
    p.markPrice = 12;
    expect(book.positionsVersion).toBe(v0 + 1);
    book.close(60, 'sp', 9, 0, 'test', 1);
    expect(book.positionsVersion).toBe(v0 + 2);
    book.settle(100, 'sp', 3990, 'test');
    expect(book.positionsVersion).toBe(v0 + 3);
  });
});

describe('a position as a trader reads it', () => {
  const expiryDay = dayFromIso('2021-05-21');
  it('whole contracts as they are, an index replica fractional units to 4 decimals', () => {
    expect(describePosition({ quantity: -13, underlying: 'SPX', type: 'put', strike: 3735, expiryDay })).toBe('short 13 SPX 2021-05-21 3735 put');
    // The put preset's sale of 2021-04-16: 2.4347533332811526 puts (the record keeps every digit).
    expect(describePosition({ quantity: -2.4347533332811526, underlying: 'SPX', type: 'put', strike: 4175, expiryDay })).toBe('short 2.4348 SPX 2021-05-21 4175 put');
    expect(describePosition({ quantity: 6, underlying: 'VIX', type: 'call', strike: 30.5, expiryDay })).toBe('long 6 VIX 2021-05-21 30.5 call');
  });
});
