/**
 * A book that follows the pput preset (Cboe's 5 % put protection index: SPX units and one long put per
 * hundred) through the dashboard's API on the bundled data: what accepting records, the next day's
 * signal, and a hand close of the index units.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookAcceptResponseSchema, SignalResponseSchema } from './schemas.js';
import { testServer, type TestServer } from './testing.js';

// One server for the file: its own folder (book, history overlay), removed when it closes.
let server: TestServer;
const post = (url: string, payload: object) => server.app.inject({ method: 'POST', url, payload });

beforeAll(async () => {
  server = await testServer();
});
afterAll(() => server.close());

describe('a pput book from the dashboard', () => {
  it("accepting its first roll records the put and the SPX units, the units at the index's level without a fee", async () => {
    // 2018-01-19: 1,000,000 USD buys packages of one SPX unit at the 11:00 estimate 2804.38 and one
    // 2665 put at 6.55 (a put per 100 units): 355.7549 units and 3.5575 puts.
    const r = await post('/api/book/accept', { date: '2018-01-19', preset: 'pput' });
    expect(r.statusCode, r.body).toBe(200);
    const trades = BookAcceptResponseSchema.parse(r.json()).trades;
    expect(trades.map((t) => t.positionId)).toEqual(['condor-1.longPut.2', 'underlying.spx']);
    const units = trades[1]!;
    expect(units.description).toBe('buy 355.7549 SPX units (underlying leg)');
    expect(units.quantity).toBeCloseTo(355.7549, 4);
    expect(units.pricePoints).toBeCloseTo(2804.38, 2);
    expect(units.feesUsd).toBe(0);
  });

  it("the next day's signal starts from the book's one put (no condor legs missing) and asks for no trade", async () => {
    const r = await post('/api/signal', { date: '2018-01-22', preset: 'pput' });
    expect(r.statusCode, r.body).toBe(200);
    const signal = SignalResponseSchema.parse(r.json()).signal;
    expect(signal.trades).toEqual([]);
    // The units' dividends are reinvested that day: the index's accrual, not a trade to place.
    expect(signal.indexTrades).toBeUndefined();
  });

  it('a hand close of the SPX units is refused with why (a 400), where an unknown id is a 404', async () => {
    const units = await post('/api/book/positions/underlying.spx/close', { date: '2018-01-22', preset: 'pput', pricePoints: 2830 });
    expect(units.statusCode).toBe(400);
    expect((units.json() as { error: string }).error).toBe("'underlying.spx' is SPX units (underlying leg), which the book trades only as the signal does (alvh book accept), not a position to close by hand");
    const unknown = await post('/api/book/positions/condor-1.shortPut.9/close', { date: '2018-01-22', preset: 'pput', pricePoints: 1 });
    expect(unknown.statusCode).toBe(404);
  });
});
