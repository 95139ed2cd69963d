/**
 * The book's market (alvh signal and the dashboard) on the bundled SPXW Jan-Feb 2018 chain as an
 * import stores it: the chains on a day they quote, the model on a day they do not, the source of each
 * price, the journal fingerprint, and no look-ahead.
 */
import { describe, expect, it } from 'vitest';
import { realChains, realHistory } from '../../test/fixtures/realMarket.js';
import { createModelMarket } from '../engine/modelMarketView.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../market/config.js';
import { VixBetaConfigSchema } from '../market/vixBetas.js';
import { dayFromIso, type DayNumber } from '../time/day.js';
import { bookChainMarket, priceSourceOf } from './bookMarket.js';
import { checkQuote } from './checks.js';
import { DEFAULT_CHAIN_IMPORT_CONFIG } from './config.js';
import { ChainQuoteMissingError, type BacktestMarketMode } from './engineView.js';
import { fixtureQuotes } from './fixtures.js';
import type { CanonicalQuote } from './types.js';

const JAN31 = dayFromIso('2018-01-31');
const FEB2 = dayFromIso('2018-02-02');
const FEB5 = dayFromIso('2018-02-05');
const FEB6 = dayFromIso('2018-02-06');
const FEB28 = dayFromIso('2018-02-28');
const MAR16 = dayFromIso('2018-03-16');

function stored(): CanonicalQuote[] {
  return fixtureQuotes(realChains(), 'spxw2018').flatMap((q) => {
    const checked = checkQuote({ ...q, underlyingSymbol: q.underlying, statedSettlement: undefined }, DEFAULT_CHAIN_IMPORT_CONFIG);
    return checked.ok ? [checked.quote] : [];
  });
}

async function market(mode: BacktestMarketMode, spx: readonly CanonicalQuote[] = stored()) {
  const history = await realHistory();
  const modelOn = createModelMarket(history, DEFAULT_MARKET_MODEL_CONFIG, VixBetaConfigSchema.parse({}));
  return { modelOn, m: bookChainMarket({ mode, modelOn, quotes: { spx, vix: [] }, rateOn: (d: DayNumber) => history.riskFreeRateOn(d), maxCarryDays: 5, storeDir: 'store' }) };
}

const row = (quotes: readonly CanonicalQuote[], day: DayNumber, right: 'C' | 'P', strike: number, expiry: DayNumber) => quotes.find((q) => q.quoteDay === day && q.right === right && q.strike === strike && q.expiryDay === expiry) as CanonicalQuote;

describe('bookChainMarket', () => {
  it('prices on the chain quotes of a day the store quotes, and says where each price came from', async () => {
    const quotes = stored();
    const { m } = await market('hybrid', quotes);
    const view = m.marketOn(FEB6);
    const q = row(quotes, FEB6, 'P', 2500, FEB28);
    expect(view?.priceSpxOption('put', 2500, FEB28).mid).toBe(0.5 * (q.bid + q.ask));
    // The book's March AM condor is not in the file: the model prices it (hybrid) and the use is listed.
    view?.priceSpxOption('put', 2700, MAR16);
    const use = m.useOn(FEB6);
    expect(use.spxOptions).toBe('chains');
    expect(use.vixOptions).toBe('model');
    expect(use.spxQuotesOfDay).toBe(quotes.filter((x) => x.quoteDay === FEB6).length);
    expect([use.chainQuotes, use.carriedQuotes, use.modelPrices]).toEqual([1, 0, 1]);
    expect(use.modelFallbacks).toEqual(['2018-02-06 P 2700 2018-03-16 AM']);
    expect(priceSourceOf(use, { underlying: 'SPX', type: 'put', strike: 2500, expiry: '2018-02-28' })?.source).toBe('chain');
    expect(priceSourceOf(use, { underlying: 'SPX', type: 'put', strike: 2700, expiry: '2018-03-16' })?.source).toBe('model');
    expect(m.versionOn(FEB6)).toMatch(/^chains:hybrid:carry5:[0-9a-f]{16}$/);
  });

  it('carries a quote that is 0.00/0.00 today from the last day it had a mid, with its age', async () => {
    // 2018-02-05: the 2715 put on 2018-02-28 is quoted 0.00/0.00 (docs/chains.md), last quoted 2018-02-02.
    const { m } = await market('chains');
    m.marketOn(FEB5)?.priceSpxOption('put', 2715, FEB28);
    const use = m.useOn(FEB5);
    expect(priceSourceOf(use, { underlying: 'SPX', type: 'put', strike: 2715, expiry: '2018-02-28' })).toMatchObject({ source: 'carried', ageDays: FEB5 - FEB2 });
    expect(use.carriedByAgeDays).toEqual({ 3: 1 });
  });

  it('is the model on a day the store has no quote for, in every mode, and says why', async () => {
    // 2018-01-31: the only expiry listed that day expires that day; every quote was rejected.
    for (const mode of ['chains', 'hybrid'] as const) {
      const { m, modelOn } = await market(mode);
      expect(m.marketOn(JAN31)?.priceSpxOption('put', 2700, FEB28)).toEqual(modelOn(JAN31)?.priceSpxOption('put', 2700, FEB28));
      expect(m.useOn(JAN31)).toMatchObject({ spxOptions: 'model', modelReason: 'the chain store has no SPX quotes for 2018-01-31' });
      expect(m.versionOn(JAN31)).toBeUndefined();
    }
    const { m } = await market('model');
    expect(m.useOn(FEB6)).toMatchObject({ mode: 'model', spxOptions: 'model', modelReason: null });
    expect(m.versionOn(FEB6)).toBeUndefined();
  });

  it('chains: an option the quotes do not cover is an error naming it', async () => {
    const { m } = await market('chains');
    expect(() => m.marketOn(FEB6)?.priceSpxOption('put', 2700, MAR16)).toThrow(ChainQuoteMissingError);
    expect(() => m.marketOn(FEB6)?.priceSpxOption('put', 2700, MAR16)).toThrow(/2018-02-06 P 2700 2018-03-16 AM: no quote in the chains within 5 days/);
  });

  it('never looks ahead: quotes after the day change neither its prices nor its fingerprint', async () => {
    const all = stored();
    const upToDay = all.filter((q) => q.quoteDay <= FEB6);
    const a = (await market('hybrid', all)).m;
    const b = (await market('hybrid', upToDay)).m;
    expect(a.marketOn(FEB6)?.spxStrikeForDelta('put', 0.16, FEB28)).toBe(b.marketOn(FEB6)?.spxStrikeForDelta('put', 0.16, FEB28));
    expect(a.versionOn(FEB6)).toBe(b.versionOn(FEB6));
    // A changed quote of the day is a different fingerprint (a journalled signal on it is a new signal).
    const changed = all.map((q) => (q.quoteDay === FEB6 && q.strike === 2500 && q.right === 'P' && q.expiryDay === FEB28 ? { ...q, ask: q.ask + 0.1 } : q));
    expect((await market('hybrid', changed)).m.versionOn(FEB6)).not.toBe(a.versionOn(FEB6));
  });
});
