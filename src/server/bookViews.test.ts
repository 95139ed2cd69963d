/**
 * The book page's marks of a stored book that holds SPX index units (a PPUT or VXTH book's underlying
 * leg) beside its options: the units count in its equity and its SPX delta, as in the engine's daily
 * record. Market: the constructed one (src/engine/testing/constructedMarket.ts), SPX 4000, vol 0.20,
 * zero rates; 2021-01-04 is its first day, 11 days before the 2021-01-15 expiry.
 */
import { describe, expect, it } from 'vitest';
import { emptyBookSnapshot } from '../book/bookState.js';
import type { EngineStateSnapshot } from '../engine/backtest.js';
import type { IndexHolding, OptionPosition } from '../engine/portfolio/book.js';
import { ConstructedMarket } from '../engine/testing/constructedMarket.js';
import { parseStrategyConfig } from '../strategy/config.js';
import { dayFromIso } from '../time/day.js';
import { markBook } from './bookViews.js';

/** USD sums agree to a millionth of a dollar. */
const USD_TOLERANCE = 1e-6;

describe("the book page's marks with an underlying leg", () => {
  const config = parseStrategyConfig({ name: 'pput-book', structure: 'custom', customLegs: [], underlyingLeg: { index: 'spx-total-return' }, sizing: { mode: 'underlying-units', allowFractionalContracts: true } }, 'test');
  const market = new ConstructedMarket({ startDay: dayFromIso('2021-01-04'), path: [{ spx: 4000, vix: 20 }] });
  const m = market.marketOn(dayFromIso('2021-01-04'))!;
  const empty = emptyBookSnapshot(config, 1_000_000);

  it('250 SPX units and 2.5 contracts of the 3800 put: equity cash + 250 x 4000 + the puts, delta 250 + 250 x put delta', () => {
    const put = m.priceSpxOption('put', 3800, dayFromIso('2021-01-15'));
    const premiumUsd = 2.5 * 100 * put.mid;
    const cashUsd = 1_000_000 - 250 * 4000 - premiumUsd;
    const holding: IndexHolding = { id: 'underlying.spx', group: 'underlying-1', index: 'SPX', units: 250, markLevel: 4000 };
    const longPut: OptionPosition = { id: 'condor-1.longPut', group: 'condor-1', role: 'condor', legId: 'longPut', layer: undefined, underlying: 'SPX', type: 'put', strike: 3800, expiryDay: dayFromIso('2021-01-15'), settlement: 'AM', quantity: 2.5, entryDay: dayFromIso('2021-01-04'), entryPrice: put.mid, markPrice: put.mid };
    const snapshot: EngineStateSnapshot = { ...empty, book: { ...empty.book, cashUsd, indexHoldings: [holding], positions: [longPut] } };
    const marked = markBook(snapshot, m);
    // Bought at the model's mid and marked at it the same day: the equity is the 1,000,000 it started with.
    expect(Math.abs(marked.greeks.equityUsd - 1_000_000)).toBeLessThan(USD_TOLERANCE);
    expect(marked.greeks.spxDeltaUsdPerPoint).toBeCloseTo(250 + 2.5 * 100 * put.delta, 9);
    expect(marked.greeks.spxDeltaUsdPerPoint).toBeGreaterThan(200);
  });

  it('a book without index units is marked as before: its equity is its cash, its delta zero', () => {
    const marked = markBook(empty, m);
    expect(marked.greeks.equityUsd).toBe(1_000_000);
    expect(marked.greeks.spxDeltaUsdPerPoint).toBe(0);
  });
});
