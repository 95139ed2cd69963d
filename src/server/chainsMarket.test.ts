/**
 * The dashboard's book and signal views on the user's chain store (the committed SPXW fixture:
 * 2018-01-31, 02-01 and 02-05, 50-point strikes 2600-2850): marks on the real quotes on a day the store
 * quotes, the model on a day it does not, and the source of each figure in the response.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importChainFile, readStoredQuotes } from '../chains/store.js';
import { loadMarketHistory } from '../data/loadHistory.js';
import { dayFromIso } from '../time/day.js';
import { BookResponseSchema, SignalResponseSchema } from './schemas.js';
import { testServer, type TestServer } from './testing.js';

const SPXW = fileURLToPath(new URL('../../test/fixtures/chains/spxw2018/alvh_chain_spxw2018.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'alvh-server-chains-'));
const storeDir = join(dir, 'chains');
const history = loadMarketHistory({ userDir: dir });
let server: TestServer;

/** A February condor whose legs the fixture quotes. */
const condor = [
  { leg: 'shortPut', type: 'put', strike: 2650, quantity: -1, pricePoints: 10 },
  { leg: 'longPut', type: 'put', strike: 2600, quantity: 1, pricePoints: 6 },
  { leg: 'shortCall', type: 'call', strike: 2800, quantity: -1, pricePoints: 8 },
  { leg: 'longCall', type: 'call', strike: 2850, quantity: 1, pricePoints: 4 },
].map((l) => ({ ...l, date: '2018-02-01', group: 'condor-a', role: 'condor', expiry: '2018-02-28', settlement: 'PM', feesUsd: 0 }));

beforeAll(async () => {
  const imported = await importChainFile(storeDir, SPXW, { format: 'auto', replace: false });
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  server = await testServer({ dir, history, chainMarket: () => ({ mode: 'hybrid', storeDir, maxCarryDays: 5 }) });
  const added = await server.app.inject({ method: 'POST', url: '/api/book/positions', payload: { positions: condor } });
  expect(added.statusCode, added.body).toBe(200);
}, 60_000);
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the dashboard on the chain store', () => {
  it("marks the book on the day's chain quotes and says so", async () => {
    const r = await server.app.inject({ method: 'GET', url: '/api/book?date=2018-02-01' });
    expect(r.statusCode, r.body).toBe(200);
    const book = BookResponseSchema.parse(r.json());
    expect(book.market).toMatchObject({ mode: 'hybrid', spxOptions: 'chains', chainQuotes: 4, carriedQuotes: 0, modelPrices: 0 });
    const quotes = await readStoredQuotes(storeDir, { underlying: 'SPX', fromDay: dayFromIso('2018-02-01'), toDay: dayFromIso('2018-02-01') });
    for (const p of book.positions) {
      const q = quotes.find((x) => x.strike === p.strike && x.right === (p.type === 'call' ? 'C' : 'P') && x.expiryDay === dayFromIso('2018-02-28'));
      expect(p.markPricePoints, p.id).toBe(0.5 * ((q?.bid ?? Number.NaN) + (q?.ask ?? Number.NaN)));
    }
  });

  it('is the model on a day the store does not quote', async () => {
    const book = BookResponseSchema.parse((await server.app.inject({ method: 'GET', url: '/api/book?date=2018-02-02' })).json());
    expect(book.market).toMatchObject({ spxOptions: 'model', modelReason: 'the chain store has no SPX quotes for 2018-02-02' });
  });

  it("issues the day's signal on the chains, with the market it used", async () => {
    const r = await server.app.inject({ method: 'POST', url: '/api/signal', payload: { date: '2018-02-05' } });
    expect(r.statusCode, r.body).toBe(200);
    const signal = SignalResponseSchema.parse(r.json());
    expect(signal.market).toMatchObject({ mode: 'hybrid', spxOptions: 'chains', spxQuotesOfDay: 12 });
  });
});
