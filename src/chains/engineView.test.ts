/**
 * The engine's day view on real chain quotes (the bundled SPXW Jan-Feb 2018 chain as an import stores
 * it, on the real index history): what the chains answer, the model fallback in hybrid mode, the
 * refusal in chains mode, and a day refused whole by the chains-mode runner.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { realChains, realHistory } from '../../test/fixtures/realMarket.js';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { loadStrategyConfigFile } from '../data/presets.js';
import { runBacktestJob } from '../engine/backtestJob.js';
import { createModelMarket } from '../engine/modelMarketView.js';
import type { MarketDayView } from '../engine/marketView.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../market/config.js';
import { VixBetaConfigSchema } from '../market/vixBetas.js';
import { dayFromIso, isoFromDay, type DayNumber } from '../time/day.js';
import { checkQuote } from './checks.js';
import { DEFAULT_CHAIN_IMPORT_CONFIG } from './config.js';
import { CHAIN_QUOTE_MISSING_RULE, chainsVariantRunner } from './engineRun.js';
import { ChainEngineMarket, chainMarketDayView, chainsMarketOn, ChainQuoteMissingError } from './engineView.js';
import { fixtureQuotes } from './fixtures.js';
import { ChainMarket, ChainMarketConfigSchema } from './marketView.js';
import type { CanonicalQuote } from './types.js';

const JAN2 = dayFromIso('2018-01-02');
const JAN3 = dayFromIso('2018-01-03');
const JAN31 = dayFromIso('2018-01-31');
const FEB2 = dayFromIso('2018-02-02');
const FEB28 = dayFromIso('2018-02-28');
const CONFIG = fileURLToPath(new URL('../../test/e2e/chains/spxw2018-condor.json', import.meta.url));

function storedSpxw(): CanonicalQuote[] {
  return fixtureQuotes(realChains(), 'spxw2018').flatMap((q) => {
    const checked = checkQuote({ ...q, underlyingSymbol: q.underlying, statedSettlement: undefined }, DEFAULT_CHAIN_IMPORT_CONFIG);
    return checked.ok ? [checked.quote] : [];
  });
}

async function setup(mode: 'chains' | 'hybrid', quotes: readonly CanonicalQuote[] = storedSpxw()) {
  const history = await realHistory();
  const modelOn = createModelMarket(history, DEFAULT_MARKET_MODEL_CONFIG, VixBetaConfigSchema.parse({}));
  const chains = new ChainEngineMarket(() => new ChainMarket('SPX', quotes, (d) => history.riskFreeRateOn(d), ChainMarketConfigSchema.parse({ mode })), mode);
  const model = (day: DayNumber) => modelOn(day) as MarketDayView;
  return { history, quotes, chains, model, view: (day: DayNumber) => chainMarketDayView(model(day), chains) };
}

const quoteOf = (quotes: readonly CanonicalQuote[], day: DayNumber, right: 'C' | 'P', strike: number, expiry: DayNumber) =>
  quotes.find((q) => q.quoteDay === day && q.right === right && q.strike === strike && q.expiryDay === expiry) as CanonicalQuote;

describe('chainMarketDayView', () => {
  it('answers listed expiries, prices, strikes by delta and snapping from the quotes of the day', async () => {
    const { view, quotes, model } = await setup('chains');
    const v = view(JAN2);
    // The file's first day quotes only the 2018-01-31 expiry (2018-02-28 comes later).
    expect(v.listedSpxExpiries()).toEqual([{ day: JAN31, settlement: 'PM', standardMonthly: false }]);
    // Index levels and the rate stay the model's (the history's).
    expect(v.spxClose).toBe(model(JAN2).spxClose);
    const row = quoteOf(quotes, JAN2, 'P', 2600, JAN31);
    const q = v.priceSpxOption('put', 2600, JAN31);
    expect(q.mid).toBe(0.5 * (row.bid + row.ask));
    expect(q.halfSpread).toBe(0.5 * (row.ask - row.bid));
    const strike = v.spxStrikeForDelta('put', 0.16, JAN31);
    expect(quoteOf(quotes, JAN2, 'P', strike, JAN31)).toBeDefined();
    // Its delta is the one nearest 16 among the quoted OTM puts (hand check: the neighbours are further).
    const gap = (k: number) => Math.abs(Math.abs(v.priceSpxOption('put', k, JAN31).delta) - 0.16);
    expect(gap(strike)).toBeLessThanOrEqual(gap(strike - 5));
    expect(gap(strike)).toBeLessThanOrEqual(gap(strike + 5));
    // 2612.4 is nearest 2610, a quoted strike; 1137 is nearest 1200, the lowest strike quoted that day.
    expect(v.snapSpxStrike(2612.4)).toBe(2610);
    expect(v.snapSpxStrike(1137)).toBe(1200);
  });

  it('hybrid: the model prices what the chains never quoted, and the use is logged', async () => {
    const { view, model, chains } = await setup('hybrid');
    // The chain file has no 2018-02-02 expiry.
    const q = view(JAN2).priceSpxOption('put', 2600, FEB2);
    expect(q).toEqual(model(JAN2).priceSpxOption('put', 2600, FEB2));
    const usage = chains.finish();
    expect(usage.modelFallbacks).toEqual(['2018-01-02 P 2600 2018-02-02 PM']);
  });

  it('chains: an option never quoted is an error naming it, counted as missing', async () => {
    const { view, chains } = await setup('chains');
    expect(() => view(JAN2).priceSpxOption('put', 2600, FEB2)).toThrow(ChainQuoteMissingError);
    expect(() => view(JAN2).priceSpxOption('put', 2600, FEB2)).toThrow(/2018-01-02 P 2600 2018-02-02 PM: no quote in the chains within 5 days/);
    expect(chains.finish().missing.length).toBe(2);
  });

  it("answers a day's questions on that day's quotes when a later variant walks the days again", async () => {
    const { view, quotes } = await setup('chains');
    const first = view(JAN2);
    view(JAN3).priceSpxOption('put', 2600, JAN31);
    const row = quoteOf(quotes, JAN2, 'P', 2600, JAN31);
    expect(first.priceSpxOption('put', 2600, JAN31).mid).toBe(0.5 * (row.bid + row.ask));
  });
});

describe('chainsVariantRunner', () => {
  it("refuses a day whose positions have no quote within the carry limit, with a logged decision, and trades nothing that day", async () => {
    // Everything on 2018-01-02; from then on only the 2018-02-28 expiry. The January condor opened on
    // 2018-01-02 is carried 1..5 days (to 2018-01-05, 3 days) and is missing from 2018-01-08 (6 days).
    const all = storedSpxw();
    const quotes = all.filter((q) => q.quoteDay === JAN2 || q.expiryDay === FEB28);
    const { history, chains } = await setup('chains', quotes);
    const config = loadStrategyConfigFile(CONFIG);
    const job = runBacktestJob({
      history,
      configs: [config],
      fromDay: JAN2,
      toDay: dayFromIso('2018-01-10'),
      signalDeps: { countTradingDays: countNyseTradingDays },
      wrapMarket: (modelOn) => chainsMarketOn(modelOn, chains),
      runVariant: chainsVariantRunner(chains),
    });
    const result = job.suite.results.get(config.name);
    if (result === undefined) throw new Error('no result');
    const refused = result.decisions.filter((d) => d.rule === CHAIN_QUOTE_MISSING_RULE);
    expect(refused.map((d) => isoFromDay(d.day))).toEqual(['2018-01-08', '2018-01-09', '2018-01-10']);
    expect(refused[0]?.reason).toMatch(/^2018-01-08: 2018-01-08 [PC] \d+ 2018-01-31 PM: no quote in the chains within 5 days/);
    // The engine's own record of each refused day: a data gap, positions carried.
    for (const d of refused) expect(result.decisions.some((e) => e.day === d.day && e.action === 'data-gap' && e.rule === 'engine.dataGap')).toBe(true);
    // The condor is still open (nothing closed), and refused days have no daily record.
    expect(result.trades).toEqual([]);
    expect(result.daily.map((r) => isoFromDay(r.day))).toEqual(['2018-01-02', '2018-01-03', '2018-01-04', '2018-01-05']);
    const usage = chains.finish();
    expect(usage.missing.length).toBeGreaterThan(0);
    // Carried on 2018-01-03..05 (1, 2 and 3 days), each lookup counted once although each day was tried first.
    expect(Object.keys(usage.carriedByAgeDays).map(Number).sort()).toEqual([1, 2, 3]);
  }, 60_000);
});
