import { describe, expect, it } from 'vitest';
import { realChains, realHistory } from '../../test/fixtures/realMarket.js';
import { prepareOtmQuotes } from '../market/quotes/otmQuotes.js';
import { dayFromIso, yearFractionAct365 } from '../time/day.js';
import { checkQuote } from './checks.js';
import { DEFAULT_CHAIN_IMPORT_CONFIG } from './config.js';
import { fixtureQuotes } from './fixtures.js';
import { chainFillPrice, ChainMarket, ChainMarketConfigSchema, type ChainOptionQuote } from './marketView.js';
import type { CanonicalQuote } from './types.js';

/** Implied vols agree to the solver's tolerance, far below a hundredth of a vol point. */
const IV_TOLERANCE_DECIMAL = 1e-6;

function storedSpxw(): CanonicalQuote[] {
  return fixtureQuotes(realChains(), 'spxw2018').flatMap((q) => {
    const checked = checkQuote({ ...q, underlyingSymbol: q.underlying, statedSettlement: undefined }, DEFAULT_CHAIN_IMPORT_CONFIG);
    return checked.ok ? [checked.quote] : [];
  });
}

const FEB5 = dayFromIso('2018-02-05');
const FEB6 = dayFromIso('2018-02-06');
const FEB28 = dayFromIso('2018-02-28');

async function market(quotes: readonly CanonicalQuote[], mode: 'chains' | 'hybrid' = 'hybrid'): Promise<ChainMarket> {
  const history = await realHistory();
  return new ChainMarket('SPX', quotes, (d) => history.riskFreeRateOn(d), ChainMarketConfigSchema.parse({ mode }));
}

describe('ChainMarket', () => {
  it("prices a quoted option at its mid with the validation's implied vol", async () => {
    const quotes = storedSpxw();
    const m = await market(quotes);
    m.advanceTo(FEB5);
    const row = quotes.find((q) => q.quoteDay === FEB5 && q.expiryDay === FEB28 && q.right === 'P' && q.strike === 2500) as CanonicalQuote;
    const priced = m.price('P', 2500, FEB28, 'PM');
    expect(priced?.ok).toBe(true);
    const quote = (priced as { quote: ChainOptionQuote }).quote;
    expect(quote.mid).toBe(0.5 * (row.bid + row.ask));
    expect(quote.halfSpread).toBe(0.5 * (row.ask - row.bid));
    expect([quote.source, quote.ageDays]).toEqual(['chain', 0]);
    const history = await realHistory();
    const rate = history.riskFreeRateOn(FEB5) as number;
    const otm = prepareOtmQuotes(
      quotes.filter((q) => q.quoteDay === FEB5 && q.expiryDay === FEB28).map((q) => ({ quoteDay: q.quoteDay, expiryDay: q.expiryDay, type: q.right === 'C' ? 'call' : 'put', strike: q.strike, bid: q.bid, ask: q.ask })),
      (d, e) => Math.exp(-rate * yearFractionAct365(d, e)),
    );
    const same = otm.ok ? otm.value.quotes.find((q) => q.type === 'put' && q.strike === 2500) : undefined;
    expect(Math.abs(quote.impliedVol - (same?.impliedVol ?? Number.NaN))).toBeLessThan(IV_TOLERANCE_DECIMAL);
    expect(quote.delta).toBeLessThan(0);
    expect(m.usage.chainQuotes).toBe(1);
  });

  it('chooses the quoted OTM strike whose delta (our IV off the mid) is nearest the target', async () => {
    const m = await market(storedSpxw());
    m.advanceTo(FEB5);
    const strike = m.strikeForDelta('P', 0.16, FEB28, 'PM') as number;
    const gap = (k: number) => {
      const p = m.price('P', k, FEB28, 'PM');
      return p?.ok ? Math.abs(Math.abs(p.quote.delta) - 0.16) : Number.POSITIVE_INFINITY;
    };
    const forwardish = 2648.98;
    for (const other of m.quotedStrikes(FEB28, 'PM').filter((k) => k < forwardish - 20)) expect(gap(strike)).toBeLessThanOrEqual(gap(other));
    expect(gap(strike)).toBeLessThan(0.02);
  });

  it('carries a missing quote from the day before with its age, repriced on less time', async () => {
    const m = await market(storedSpxw().filter((q) => q.quoteDay !== FEB6));
    m.advanceTo(FEB5);
    const before = m.price('P', 2500, FEB28, 'PM');
    m.advanceTo(FEB6);
    const carried = m.price('P', 2500, FEB28, 'PM');
    expect(carried?.ok && [carried.quote.source, carried.quote.ageDays]).toEqual(['carried', 1]);
    // Same implied vol, one day less: a little cheaper (the forward is the last one seen).
    expect(carried?.ok && before?.ok && carried.quote.impliedVol === before.quote.impliedVol).toBe(true);
    expect(carried?.ok && before?.ok && carried.quote.mid < before.quote.mid).toBe(true);
    expect(m.usage.carriedQuotes).toBe(1);
    expect(m.usage.carriedByAgeDays).toEqual({ 1: 1 });
  });

  it('logs every model fallback in hybrid mode and refuses in chains mode', async () => {
    const hybrid = await market(storedSpxw(), 'hybrid');
    hybrid.advanceTo(FEB5);
    expect(hybrid.price('C', 2612.5, FEB28, 'PM')).toBeUndefined();
    expect(hybrid.usage.modelFallbacks).toEqual(['2018-02-05 C 2612.5 2018-02-28 PM']);
    const chains = await market(storedSpxw(), 'chains');
    chains.advanceTo(FEB5);
    expect(chains.price('C', 2612.5, FEB28, 'PM')).toEqual({ ok: false, reason: expect.stringMatching(/no quote in the chains/) });
    expect(chains.usage.missing).toHaveLength(1);
  });

  it('never looks ahead: before the first quote day nothing is carried, and days only move forward', async () => {
    const m = await market(storedSpxw(), 'chains');
    m.advanceTo(dayFromIso('2017-12-29'));
    expect(m.price('P', 2500, FEB28, 'PM')?.ok).toBe(false);
    m.advanceTo(FEB5);
    expect(() => m.advanceTo(dayFromIso('2018-02-02'))).toThrow(RangeError);
  });
});

describe('chainFillPrice', () => {
  it('fills at mid plus the share of the half-spread against the trader', () => {
    // mid 10.00, half-spread 0.50, share 0.5: buy 10.25, sell 9.75.
    const quote = { mid: 10, halfSpread: 0.5 } as ChainOptionQuote;
    expect(chainFillPrice(quote, 'buy', 0.5)).toBe(10.25);
    expect(chainFillPrice(quote, 'sell', 0.5)).toBe(9.75);
    expect(() => chainFillPrice(quote, 'buy', 1.5)).toThrow(RangeError);
  });
});
