/**
 * The user's chains outside the backtest's SPX side, end to end on the committed fixtures
 * (test/fixtures/chains): `alvh signal` on a day the store quotes and on one it does not, with
 * --market model|chains|hybrid and --max-carry-days; the chain settings flags and file with their
 * errors; and `alvh backtest --market hybrid` choosing and marking a hedge layer on the bundled VIX
 * option chain of 2016-06-01.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DailySignal } from '../../src/book/dailySignal.js';
import type { DayMarketUse } from '../../src/chains/bookMarket.js';
import { committedFixtureQuotes } from '../../src/chains/fixtures.js';
import { readStoredQuotes } from '../../src/chains/store.js';
import { runCli } from '../../src/cli/testing.js';
import { realChains } from '../fixtures/realMarket.js';
import { withoutTapeStatus } from '../support/tapeStatus.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/chains/', import.meta.url));
const SPXW = join(FIXTURES, 'spxw2018', 'alvh_chain_spxw2018.csv');
const VIX = join(FIXTURES, 'vix20160601', 'UnderlyingOptionsEODQuotes_vix20160601.csv');
const CONDOR_CSV = fileURLToPath(new URL('../fixtures/book/condor-2018-01-19.csv', import.meta.url));
const VIX_HEDGE_CONFIG = fileURLToPath(new URL('./chains/vix2016-hedge.json', import.meta.url));

let home: string;
const previousHome = process.env['ALVH_HOME'];

interface SignalJson {
  journal: 'new' | 'reproduced';
  signal: DailySignal;
  market: DayMarketUse & { trades: Array<{ positionId: string; pricePoints: number; source: string }> };
}

async function ok(args: string[]): Promise<string> {
  const r = await runCli(args);
  // The market tape's one status line (read, or calibrating) is information, not an error.
  expect(withoutTapeStatus(r.stderr), args.join(' ')).toBe('');
  expect(r.code, args.join(' ')).toBe(0);
  return r.stdout;
}

async function fails(args: string[]): Promise<string> {
  const r = await runCli(args);
  expect(r.code, args.join(' ')).not.toBe(0);
  return r.stderr;
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'alvh-chains-signal-'));
  process.env['ALVH_HOME'] = home;
}, 60_000);

afterAll(() => {
  if (previousHome === undefined) delete process.env['ALVH_HOME'];
  else process.env['ALVH_HOME'] = previousHome;
  rmSync(home, { recursive: true, force: true });
});

describe('chain settings on the command line', () => {
  it('refuses a bad --root, --datashop-snapshot or settings file before touching the store', async () => {
    expect(await fails(['chains', 'import', VIX, '--root', 'VIX:BVZ'])).toContain("--root 'VIX:BVZ': expected UNDERLYING:ROOT=AM|PM, for example VIX:BVZ=AM");
    expect(await fails(['chains', 'import', VIX, '--datashop-snapshot', '1600'])).toContain("--datashop-snapshot '1600': must be '1545' (the 15:45 snapshot) or 'eod'");
    const bad = join(home, 'chains-typo.json');
    writeFileSync(bad, JSON.stringify({ import: { knownRoot: { VIX: { BVZ: 'AM' } } } }));
    expect(await fails(['chains', 'import', VIX, '--chains-config', bad])).toMatch(/chains-typo\.json: import\.knownRoot: unknown field; did you mean "knownRoots"\?/);
    expect((JSON.parse(await ok(['chains', 'status', '--json'])) as { totalQuotes: number }).totalQuotes).toBe(0);
  });

  it('takes the DataShop snapshot and the known roots from a settings file, flags on top', async () => {
    const other = mkdtempSync(join(tmpdir(), 'alvh-chains-settings-'));
    process.env['ALVH_HOME'] = other;
    try {
      const file = join(other, 'chains.json');
      writeFileSync(file, JSON.stringify({ import: { datashopSnapshot: 'eod', knownRoots: { SPX: { SPX: 'AM' }, VIX: { VIX: 'AM' } } } }));
      const out = JSON.parse(await ok(['chains', 'import', VIX, '--chains-config', file, '--json'])) as { imports: Array<{ summaries: Array<{ rejectedByReason: Record<string, number> }> }> };
      // BVZ is not in the file's roots: its 3 expiries x 14 strikes x 2 rights are rejected.
      expect(out.imports[0]?.summaries[0]?.rejectedByReason['unknown root']).toBe(84);
      const stored = await readStoredQuotes(join(other, 'chains'), { underlying: 'VIX' });
      const fixture = committedFixtureQuotes(realChains(), 'vix20160601');
      const same = (q: (typeof stored)[number]) => fixture.find((f) => f.root === q.root && f.expiryDay === q.expiryDay && f.right === q.right && f.strike === q.strike);
      expect(stored.length).toBeGreaterThan(0);
      // The end-of-day snapshot, not the 15:45 one.
      for (const q of stored) expect([q.bid, q.ask]).toEqual([same(q)?.eod?.bid, same(q)?.eod?.ask]);
      expect(stored.filter((q) => q.bid !== same(q)?.bid || q.ask !== same(q)?.ask).length).toBeGreaterThan(0);
      // --root on top of the file adds BVZ back.
      const again = JSON.parse(await ok(['chains', 'import', VIX, '--chains-config', file, '--root', 'VIX:BVZ=AM', '--json'])) as { imports: Array<{ added: number }> };
      expect(again.imports[0]?.added).toBe(84);
    } finally {
      process.env['ALVH_HOME'] = home;
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('imports the BVZ rows of the VIX sample once --root names the class', async () => {
    const out = await ok(['chains', 'import', SPXW, VIX, '--root', 'VIX:BVZ=AM', '--json']);
    const imports = (JSON.parse(out) as { imports: Array<{ summaries: Array<{ rejectedByReason: Record<string, number> }> }> }).imports;
    // Without --root, the sample's BVZ rows are rejected as `unknown root` (docs/chains.md).
    expect(imports[1]?.summaries[0]?.rejectedByReason['unknown root']).toBeUndefined();
    const status = JSON.parse(await ok(['chains', 'status', '--json'])) as { months: Array<{ underlying: string; root: string }> };
    expect(status.months.filter((m) => m.root === 'BVZ').map((m) => m.underlying)).toEqual(['VIX']);
  });
});

describe('alvh signal on the chain store', () => {
  let book: string;
  beforeAll(async () => {
    book = join(home, 'book.sqlite');
    await ok(['book', 'import', CONDOR_CSV, '--book', book]);
  }, 60_000);

  it('prices on the chains on a day the store quotes (hybrid by default) and names the source of each trade', async () => {
    const text = await ok(['signal', '--date', '2018-02-05', '--book', book]);
    expect(text).toMatch(/^Prices: SPX options on your chains \(--market hybrid, 12 SPX quotes of the day; a missing quote carried up to 5 d\); VIX options on the model/m);
    // The book's March AM condor is not in the file (the model), the new 2600 put is carried from 2018-02-01 (a 0.00/0.00 quote that day).
    expect(text).toMatch(/sell to close 10 SPX 2018-03-16 2650 put @ [\d.]+ \(model\)/);
    expect(text).toMatch(/buy to open 10 SPX 2018-02-28 2600 put @ [\d.]+ \(carried 4 d\)/);
    const json = JSON.parse(await ok(['signal', '--date', '2018-02-05', '--book', book, '--json'])) as SignalJson;
    expect(json.journal).toBe('reproduced');
    expect(json.market).toMatchObject({ mode: 'hybrid', spxOptions: 'chains', spxQuotesOfDay: 12, maxCarryDays: 5 });
    expect(json.market.trades.length).toBe(json.signal.trades.length);
    for (const t of json.market.trades) expect(t.source).toMatch(/^(chain|carried \d+ d|model)$/);
    expect(json.market.trades.find((t) => t.positionId === 'condor-a.shortPut.1')?.source).toBe('model');
  });

  it('is the model on a day the store does not quote, and says so', async () => {
    const text = await ok(['signal', '--date', '2018-02-02', '--book', book]);
    expect(text).toContain('Prices: every option on the market model (the chain store has no SPX quotes for 2018-02-02)');
    expect(text).toContain('Trades at the model price');
  });

  it('--market model ignores the store; the journal keeps the two signals apart', async () => {
    const json = JSON.parse(await ok(['signal', '--date', '2018-02-05', '--book', book, '--market', 'model', '--json'])) as SignalJson;
    expect(json.journal).toBe('new');
    expect(json.market).toMatchObject({ mode: 'model', spxOptions: 'model', modelReason: null });
    const hybrid = JSON.parse(await ok(['signal', '--date', '2018-02-05', '--book', book, '--json'])) as SignalJson;
    expect(hybrid.journal).toBe('reproduced');
    expect(hybrid.signal).not.toEqual(json.signal);
  });

  it('--market chains refuses an option the chains do not quote, naming it', async () => {
    expect(await fails(['signal', '--date', '2018-02-05', '--book', book, '--market', 'chains'])).toContain('2018-02-05 P 2700 2018-03-16 AM: no quote in the chains within 5 days (--market chains uses no model price for SPX options; --market hybrid would)');
    expect(await fails(['signal', '--book', book, '--market', 'chain'])).toContain("--market 'chain' is not one of: model, chains, hybrid");
  });

  it('--max-carry-days limits the carry (0: nothing carried) and is checked', async () => {
    const json = JSON.parse(await ok(['signal', '--date', '2018-02-05', '--book', book, '--max-carry-days', '0', '--json'])) as SignalJson;
    expect(json.market.maxCarryDays).toBe(0);
    expect(json.market.carriedQuotes).toBe(0);
    expect(await fails(['signal', '--date', '2018-02-05', '--book', book, '--max-carry-days', '31'])).toContain("--max-carry-days '31': must be a whole number of calendar days from 0 to 30");
  });
});

describe('alvh backtest --market hybrid on the VIX option chain', () => {
  it('chooses and marks the hedge layer of 2016-06-01 on the VIX quotes, and counts each use', async () => {
    const out = join(home, 'report-vix');
    const stdout = await ok(['backtest', '--market', 'hybrid', '--max-carry-days', '3', '--config', VIX_HEDGE_CONFIG, '--from', '2016-06-01', '--to', '2016-06-06', '--out', out]);
    expect(stdout).toMatch(/VIX options \(hedge layers\) on your VIX chains where quoted \(1 quote days in the run, carried up to 3 d\), else on the model/);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { market: { maxCarryDays: number; vix: { source: string; chainQuotes: number; carriedByAgeDays: Record<string, number>; modelFallbacks: string[] } }; variants: Record<string, { decisions: Array<{ action: string; reason: string }> }> };
    expect(results.market.maxCarryDays).toBe(3);
    expect(results.market.vix.source).toBe('chains where quoted');
    expect(results.market.vix.chainQuotes).toBeGreaterThan(0);
    // 2016-06-02 and 06-03 carry the 2016-06-01 quotes (1 and 2 days); 2016-06-06 is 5 days on, past the limit: the model.
    expect(Object.keys(results.market.vix.carriedByAgeDays).sort()).toEqual(['1', '2']);
    expect(results.market.vix.modelFallbacks.some((f) => f.startsWith('2016-06-06'))).toBe(true);
    const layer = results.variants['vix2016-hedge']?.decisions.find((d) => d.action === 'add-layer');
    expect(layer?.reason).toMatch(/long \d+ VIX 2016-07-20 22 call/);
  }, 120_000);

  it('--market chains still needs SPX quotes in the span', async () => {
    expect(await fails(['backtest', '--market', 'chains', '--config', VIX_HEDGE_CONFIG, '--from', '2016-06-01', '--to', '2016-06-06', '--out', join(home, 'x')])).toMatch(/--market chains: the chain store .* has no SPX quotes in that span/);
  });
});
