/**
 * `alvh backtest --market chains|hybrid|model` end to end: the whole bundled SPXW Jan-Feb 2018 chain is
 * written in historicaloptiondata's L2 layout, imported with `alvh chains import` into a temporary alvh
 * home, and the same condor config (test/e2e/chains/spxw2018-condor.json, expiries the chain quotes)
 * runs 2018-01-02 .. 2018-02-28 on the real quotes, on the chains with the model as fallback, and on the
 * model. docs/chains.md shows these runs side by side.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureQuotes, layoutText } from '../../src/chains/fixtures.js';
import { runCli } from '../../src/cli/testing.js';
import { loadStrategyConfigFile } from '../../src/data/presets.js';
import { dayFromIso } from '../../src/time/day.js';
import { realChains } from '../fixtures/realMarket.js';
import { withoutTapeStatus } from '../support/tapeStatus.js';

const CONFIG = fileURLToPath(new URL('./chains/spxw2018-condor.json', import.meta.url));
/** Fill prices are sums of two-decimal quotes and a half-spread share: equal to float rounding. */
const PRICE_TOLERANCE_POINTS = 1e-9;

interface Trade {
  readonly group: string;
  readonly entryDay: number;
  readonly exitDay: number;
  readonly entryPricePoints: number;
  readonly pnlUsd: number;
  readonly exitRule: string;
  readonly legs: string;
}
interface Results {
  readonly market: { mode: string; chainQuoteDays?: number; chainQuotes?: number; carriedQuotes?: number; carriedByAgeDays?: Record<string, number>; modelFallbacks?: string[]; missing?: string[]; daysWithoutChain?: string[] };
  readonly variants: Record<string, { trades: Trade[]; decisions: Array<{ day: number; action: string; rule: string; reason: string }>; daily: Array<{ equityUsd: number }> }>;
}

let home: string;
const previousHome = process.env['ALVH_HOME'];
const runs = new Map<string, { stdout: string; results: Results }>();

async function backtest(market: string): Promise<{ stdout: string; results: Results }> {
  const out = join(home, `report-${market}`);
  const r = await runCli(['backtest', '--market', market, '--config', CONFIG, '--from', '2018-01-02', '--to', '2018-02-28', '--out', out]);
  // The market tape's one status line (read, or calibrating) is information, not an error.
  expect(withoutTapeStatus(r.stderr)).toBe('');
  expect(r.code).toBe(0);
  return { stdout: r.stdout, results: JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results };
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'alvh-chains-backtest-'));
  process.env['ALVH_HOME'] = home;
  const file = join(home, 'hod_L2_spxw2018.csv');
  writeFileSync(file, layoutText('hod', fixtureQuotes(realChains(), 'spxw2018')));
  const imported = await runCli(['chains', 'import', file]);
  expect(imported.code).toBe(0);
  for (const market of ['chains', 'hybrid', 'model']) runs.set(market, await backtest(market));
}, 240_000);

afterAll(() => {
  if (previousHome === undefined) delete process.env['ALVH_HOME'];
  else process.env['ALVH_HOME'] = previousHome;
});

const trades = (market: string) => (runs.get(market) as { results: Results }).results.variants['spxw2018-condor']?.trades ?? [];

describe('alvh backtest --market chains on the imported SPXW 2018 chain', () => {
  it('names a bad --market and an empty store clearly', async () => {
    const bad = await runCli(['backtest', '--market', 'chain', '--config', CONFIG, '--from', '2018-01-02', '--to', '2018-02-28', '--out', join(home, 'bad')]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("--market 'chain' is not one of: model, chains, hybrid");
    // The store holds nothing for 2019.
    const empty = await runCli(['backtest', '--market', 'chains', '--config', CONFIG, '--from', '2019-01-02', '--to', '2019-02-28', '--out', join(home, 'empty')]);
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toMatch(/--market chains: the chain store .* has no SPX quotes in that span/);
  });

  it('trades the condors on the chain quotes and says so', () => {
    const { stdout, results } = runs.get('chains') as { stdout: string; results: Results };
    expect(results.market.mode).toBe('chains');
    expect(results.market.chainQuoteDays).toBe(38);
    expect(results.market.chainQuotes).toBeGreaterThan(0);
    expect(results.market.modelFallbacks).toEqual([]);
    expect(results.market.missing).toEqual([]);
    // 2018-01-31: every quote of the file expires that day (rejected at import); 2018-02-28 likewise.
    expect(results.market.daysWithoutChain).toEqual(['2018-01-31', '2018-02-28']);
    expect(stdout).toContain('SPX options on your chains (--market chains, 38 quote days in the run)');
    // The January condor on the 2018-01-31 expiry, the February one (2018-01-31 has no chain) on 2018-02-28.
    expect(trades('chains').map((t) => [t.entryDay, t.legs.match(/\d{4}-\d\d-\d\d/)?.[0]])).toEqual([
      [dayFromIso('2018-01-02'), '2018-01-31'],
      [dayFromIso('2018-02-01'), '2018-02-28'],
    ]);
  });

  it('fills each leg at the real mid minus/plus the configured share of the real half-spread', () => {
    const share = loadStrategyConfigFile(CONFIG).execution.fillShareOfHalfSpread;
    const quotes = fixtureQuotes(realChains(), 'spxw2018');
    for (const trade of trades('chains')) {
      // "short put 2615 2018-01-31; long put 2565 2018-01-31; ..." -> the credit from the quotes of the entry day.
      let credit = 0;
      for (const leg of trade.legs.split('; ')) {
        const [side, type, strike, expiry] = leg.split(' ') as [string, string, string, string];
        const q = quotes.find((x) => x.quoteDay === trade.entryDay && x.expiryDay === dayFromIso(expiry) && x.right === (type === 'put' ? 'P' : 'C') && x.strike === Number(strike));
        expect(q, `${leg} quoted on the entry day`).toBeDefined();
        if (q === undefined) continue;
        const mid = 0.5 * (q.bid + q.ask);
        const half = 0.5 * (q.ask - q.bid);
        credit += side === 'short' ? mid - share * half : -(mid + share * half);
      }
      expect(Math.abs(trade.entryPricePoints - credit)).toBeLessThan(PRICE_TOLERANCE_POINTS);
    }
  });

  it('hybrid gives the same run when the chains quote everything it asks', () => {
    const chains = runs.get('chains') as { results: Results };
    const hybrid = runs.get('hybrid') as { results: Results };
    expect(hybrid.results.market.modelFallbacks).toEqual([]);
    expect(hybrid.results.variants).toEqual(chains.results.variants);
  });

  it('differs from the model run, which prices the same config on the market model', () => {
    const model = runs.get('model') as { stdout: string; results: Results };
    expect(model.results.market).toEqual({ mode: 'model' });
    expect(model.stdout).toContain('SPX and VIX options priced on the market model');
    const [januaryChain] = trades('chains');
    const [januaryModel] = trades('model');
    // Both open the January condor on 2018-01-02 on the 2018-01-31 expiry; the strikes and credit differ.
    expect(januaryModel?.entryDay).toBe(januaryChain?.entryDay);
    expect(januaryModel?.legs).toMatch(/2018-01-31/);
    expect(januaryModel?.entryPricePoints).not.toBe(januaryChain?.entryPricePoints);
  });
});
