/**
 * The book's actions from the dashboard on the bundled real data: a condor added leg by leg, its
 * per-position Greeks and day's P&L, how far each trigger is from firing, a leg closed, and a day's
 * recommendations accepted at the model's prices with one fill replaced by the price obtained.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMarketHistory } from '../data/loadHistory.js';
import { BrokerImportResponseSchema, BookAcceptResponseSchema, BookEditResponseSchema, BookResponseSchema, BookTriggersResponseSchema, SignalResponseSchema } from './schemas.js';
import { testServer, type TestServer } from './testing.js';

/** Sums of a few positions' dollar figures agree to well under a cent. */
const USD_TOLERANCE = 1e-6;

const dataDir = mkdtempSync(join(tmpdir(), 'alvh-book-actions-'));
const history = loadMarketHistory({ userDir: dataDir });
let server: TestServer;
const post = (url: string, payload: object) => server.app.inject({ method: 'POST', url, payload });

/** The condor of test/fixtures/book/condor-2018-01-19.csv, as the page's form sends it. */
const condor = [
  { leg: 'shortPut', type: 'put', strike: 2700, quantity: -10, pricePoints: 14.5 },
  { leg: 'longPut', type: 'put', strike: 2650, quantity: 10, pricePoints: 9.8 },
  { leg: 'shortCall', type: 'call', strike: 2880, quantity: -10, pricePoints: 6.2 },
  { leg: 'longCall', type: 'call', strike: 2930, quantity: 10, pricePoints: 2.1 },
].map((l) => ({ ...l, date: '2018-01-19', group: 'condor-a', role: 'condor', expiry: '2018-03-16', feesUsd: 6.6 }));

beforeAll(async () => {
  server = await testServer({ history });
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a condor added from the page', () => {
  it('adds its four legs at once, refusing a malformed one with the field named', async () => {
    const bad = await post('/api/book/positions', { positions: [{ ...condor[0], quantity: 0 }] });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { error: string }).error).toMatch(/body positions\.0\.quantity: must not be zero/);
    const missingStrike = await post('/api/book/positions', { positions: [{ ...condor[0], strike: undefined }] });
    expect((missingStrike.json() as { error: string }).error).toMatch(/body positions\.0\.strike: an option needs a strike/);
    const r = await post('/api/book/positions', { positions: condor });
    expect(r.statusCode, r.body).toBe(200);
    expect(BookEditResponseSchema.parse(r.json()).positionIds).toHaveLength(4);
  });

  it('each position has its own Greeks, summing to the book\'s, and a day\'s P&L equal to the change of its open P&L', async () => {
    const book = BookResponseSchema.parse((await server.app.inject({ method: 'GET', url: '/api/book?date=2018-02-05' })).json());
    const before = BookResponseSchema.parse((await server.app.inject({ method: 'GET', url: '/api/book?date=2018-02-02' })).json());
    const sum = (f: (p: (typeof book.positions)[number]) => number) => book.positions.reduce((s, p) => s + f(p), 0);
    expect(Math.abs(sum((p) => p.deltaUsdPerPoint) - book.greeks!.spxDeltaUsdPerPoint)).toBeLessThan(USD_TOLERANCE);
    expect(Math.abs(sum((p) => p.vegaUsdPerVolPoint) - book.greeks!.spxVegaUsdPerVolPoint)).toBeLessThan(USD_TOLERANCE);
    expect(Math.abs(sum((p) => p.thetaUsdPerDay) - book.greeks!.thetaUsdPerDay)).toBeLessThan(USD_TOLERANCE);
    for (const p of book.positions) {
      const prior = before.positions.find((q) => q.id === p.id)!;
      // Marked at the model both days: the day's P&L is the open P&L's change (2018-02-02 -> 2018-02-05).
      expect(p.dayPnlUsd).toBeCloseTo(p.openPnlUsd - prior.openPnlUsd, 6);
      // Short puts lose as SPX falls 4.1 % and VIX doubles.
      if (p.leg === 'shortPut') expect(p.dayPnlUsd!).toBeLessThan(0);
    }
  });

  it('says how far each trigger is from firing: short deltas, distances, days to expiry, hedge ratio, next event', async () => {
    const r = BookTriggersResponseSchema.parse((await server.app.inject({ method: 'GET', url: '/api/book/triggers?date=2018-02-05' })).json());
    const find = (trigger: RegExp) => r.triggers.find((t) => trigger.test(t.trigger))!;
    const putDelta = find(/short put delta/);
    expect(putDelta.group).toBe('condor-a');
    expect(putDelta.threshold).toBe(0.3);
    expect(putDelta.remaining).toBeCloseTo(0.3 - putDelta.value!, 12);
    // 2018-02-05 to 2018-03-16 is 39 calendar days; the ladder preset holds to expiry (close at 0).
    const dte = find(/days to expiry/);
    expect(dte.value).toBe(39);
    expect(dte.remaining).toBe(39);
    // SPX closed 2648.94, under the 2700 short put: the distance is negative, the rule has fired.
    const putDistance = find(/distance to the short put/);
    expect(putDistance.value).toBeCloseTo((2648.94 - 2700) / 2648.94, 9);
    expect(putDistance.remaining).toBeLessThan(0);
    // No hedge: a ratio of 0, 0.6 under the band's lower edge.
    const ratio = find(/hedge ratio/);
    expect(ratio.value).toBe(0);
    expect(ratio.remaining).toBeCloseTo(-0.6, 12);
    expect(find(/next event/).unit).toBe('trading days');
  });

  it('closes one leg at the fill obtained; an unknown id is a 404', async () => {
    const book = BookResponseSchema.parse((await server.app.inject({ method: 'GET', url: '/api/book?date=2018-02-05' })).json());
    const longCall = book.positions.find((p) => p.leg === 'longCall')!;
    const missing = await post('/api/book/positions/condor-a.nothing.99/close', { date: '2018-02-05', pricePoints: 1 });
    expect(missing.statusCode).toBe(404);
    const closed = await post(`/api/book/positions/${longCall.id}/close`, { date: '2018-02-05', pricePoints: 0.35 });
    expect(closed.statusCode, closed.body).toBe(200);
    const after = BookResponseSchema.parse((await server.app.inject({ method: 'GET', url: '/api/book?date=2018-02-05' })).json());
    expect(after.positions.map((p) => p.leg).sort()).toEqual(['longPut', 'shortCall', 'shortPut']);
  });

  it('marks an earlier day with the book as it stood then, naming the later state it leaves out', async () => {
    const get = async (url: string) => server.app.inject({ method: 'GET', url });
    const after = BookResponseSchema.parse((await get('/api/book?date=2018-02-05')).json());
    expect(after.laterState).toBeNull();
    // 2018-02-02 is before the long call's close (2018-02-05): the four legs of 2018-01-19, the long
    // call still held, and the close's state named with the day to mark to see it.
    const before = BookResponseSchema.parse((await get('/api/book?date=2018-02-02')).json());
    expect(before.bookDay).toBe('2018-01-19');
    expect(before.positions.map((p) => p.leg).sort()).toEqual(['longCall', 'longPut', 'shortCall', 'shortPut']);
    expect(before.laterState).toEqual({ id: after.stateId, day: '2018-02-05', note: `book state #${after.stateId} of 2018-02-05 is after 2018-02-02 and not in these marks: mark 2018-02-05 or later to see it` });
    const triggers = BookTriggersResponseSchema.parse((await get('/api/book/triggers?date=2018-02-02')).json());
    expect(triggers.laterState?.day).toBe('2018-02-05');
    // The day before the condor's fills the book held nothing: no positions, and no risk grid to draw.
    const empty = BookResponseSchema.parse((await get('/api/book?date=2018-01-18')).json());
    expect(empty.positions).toEqual([]);
    expect(empty.stateId).toBeNull();
    expect(empty.laterState?.note).toMatch(/^book state #\d+ of 2018-02-05 is after 2018-01-18/);
    const risk = await get('/api/book/risk?date=2018-01-18');
    expect(risk.statusCode).toBe(404);
    expect((risk.json() as { error: string }).error).toMatch(/the book held nothing at the close of 2018-01-18: book state #\d+ of 2018-02-05/);
  });
});

describe('accepting a day\'s recommendations from the page', () => {
  it('takes the trades at the model\'s prices except the one given its actual fill, and refuses the same day twice', async () => {
    const fresh = await testServer({ history });
    try {
      // 2007-03-06: the entry trigger fires (RSAI), and an empty book opens its first condor.
      const date = '2007-03-06';
      const signal = SignalResponseSchema.parse((await fresh.app.inject({ method: 'POST', url: '/api/signal', payload: { date } })).json());
      const trades = signal.signal.trades;
      expect(trades.map((t) => t.leg)).toEqual(['shortPut', 'longPut', 'shortCall', 'longCall']);
      const first = trades[0]!;
      const accepted = await fresh.app.inject({ method: 'POST', url: '/api/book/accept', payload: { date, fills: [{ positionId: first.positionId, pricePoints: first.modelPricePoints + 0.25 }] } });
      expect(accepted.statusCode, accepted.body).toBe(200);
      const body = BookAcceptResponseSchema.parse(accepted.json());
      expect(body.trades.length).toBe(trades.length);
      expect(body.trades.find((t) => t.positionId === first.positionId)!.pricePoints).toBeCloseTo(first.modelPricePoints + 0.25, 12);
      for (const t of trades.slice(1)) expect(body.trades.find((a) => a.positionId === t.positionId)!.pricePoints).toBe(t.modelPricePoints);
      const again = await fresh.app.inject({ method: 'POST', url: '/api/book/accept', payload: { date } });
      expect(again.statusCode).toBe(400);
      expect((again.json() as { error: string }).error).toMatch(/already accepted/);
    } finally {
      await fresh.close();
    }
  });
});

describe('a broker file imported from the page', () => {
  it('reconciles first and writes nothing; commit writes the new groups; a bad row is a 400 naming line and field', async () => {
    const fresh = await testServer({ history });
    try {
      const text = readFileSync(join('src', 'book', 'brokers', 'fixtures', 'ibkr-flex.csv'), 'utf8');
      const send = (commit: boolean, body: string = text) => fresh.app.inject({ method: 'POST', url: '/api/book/import', payload: { format: 'ibkr-flex', fileName: 'trades.csv', text: body, commit } });
      const preview = BrokerImportResponseSchema.parse((await send(false)).json());
      expect(preview.groups.map((g) => [g.group, g.status])).toEqual([
        ['condor-2018-03-16', 'new'],
        ['hedge-2018-01-22', 'new'],
      ]);
      expect(preview.stateId).toBeNull();
      expect(BookResponseSchema.parse((await fresh.app.inject({ method: 'GET', url: '/api/book' })).json()).positions).toEqual([]);
      const written = BrokerImportResponseSchema.parse((await send(true)).json());
      expect(written.positionIds).toHaveLength(5);
      const again = BrokerImportResponseSchema.parse((await send(false)).json());
      expect(again.groups.every((g) => g.status === 'in-book')).toBe(true);
      const bad = await send(true, text.replace('"14.40"', '"x"'));
      expect(bad.statusCode).toBe(400);
      expect((bad.json() as { error: string }).error).toBe("trades.csv:2: field 'TradePrice': 'x' is not a number");
    } finally {
      await fresh.close();
    }
  });
});
