/**
 * The executor on a constructed market (src/engine/testing/constructedMarket.ts): fills at the close
 * with half the modelled half-spread against the trader, fees per contract, and a day's quotes kept by
 * instrument. SPX options there: flat vol VIX/100, half-spread min(0.25, mid/2), so a fill is mid +/- 0.125.
 */
import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../../strategy/config.js';
import { dayFromIso } from '../../time/day.js';
import { ConstructedMarket } from '../testing/constructedMarket.js';
import { Book } from '../portfolio/book.js';
import { DayQuotes, OrderExecutor } from './executor.js';
import { Execution } from './execution.js';

const config = parseStrategyConfig({ name: 'test' }, 'test');
const market = new ConstructedMarket({ startDay: dayFromIso('2021-01-04'), path: [{ spx: 4000, vix: 20 }, { spx: 3900, vix: 25 }] });
const [day0, day1] = market.days.map((d) => market.marketOn(d)!) as [NonNullable<ReturnType<typeof market.marketOn>>, NonNullable<ReturnType<typeof market.marketOn>>];
const put = { underlying: 'SPX' as const, type: 'put' as const, strike: 3735, expiryDay: dayFromIso('2021-02-19') };

describe('the day quotes', () => {
  it('answer what a fresh quote answers, and forget the day when the market changes', () => {
    const quotes = new DayQuotes(config);
    const fresh = new Execution(config);
    expect(quotes.quote(day0, put)).toEqual(fresh.quote(day0, put));
    expect(quotes.quote(day0, put)).toBe(quotes.quote(day0, put));
    // SPX fell to 3900 and vol rose: the same instrument is worth more the next day.
    expect(quotes.quote(day1, put)).toEqual(fresh.quote(day1, put));
    expect(quotes.quote(day1, put).mid).toBeGreaterThan(quotes.quote(day0, put).mid);
  });
});

describe('orders filled and booked', () => {
  it('sells at mid - 0.125, charges 0.66 USD a contract, and closes what it opened', () => {
    const book = new Book(100_000);
    const exec = new OrderExecutor(config, book);
    const mid = new Execution(config).quote(day0, put).mid;
    const [fill] = exec.execute(day0, [{ kind: 'open', positionId: 'condor-1.shortPut.2', group: 'condor-1', role: 'condor', legId: 'shortPut', layer: undefined, ...put, settlement: 'AM', quantity: -3 }]);
    expect(fill?.price).toBeCloseTo(mid - 0.125, 12);
    expect(book.cashUsd).toBeCloseTo(100_000 + 3 * (mid - 0.125) * 100 - 3 * 0.66, 9);
    expect(exec.openedSinceMark.map((p) => p.id)).toEqual(['condor-1.shortPut.2']);
    const [close] = exec.execute(day0, [{ kind: 'close', positionId: 'condor-1.shortPut.2', reason: 'test' }]);
    expect(close?.price).toBeCloseTo(mid + 0.125, 12);
    expect(book.positions.size).toBe(0);
    expect(() => exec.execute(day0, [{ kind: 'close', positionId: 'condor-1.shortPut.2', reason: 'test' }])).toThrow(/not open/);
  });
});
