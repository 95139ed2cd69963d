/**
 * The user's chains in the daily signal and the dashboard: the book's day views with the chain quotes
 * of the day in front of the model, as `alvh backtest --market chains|hybrid` trades on them (strikes
 * and marks on real quotes, deltas from alvh's own implied vols off the mids), and a record of where
 * each figure came from for the signal's output.
 *
 * - A day the store holds no SPX quote for is priced on the model, in every mode, and the output says
 *   so: a signal is still wanted on a day the user has no file for.
 * - On a day with quotes, `chains` prices SPX options only on them (a quote carried up to
 *   `maxCarryDays`); an option they do not quote is an error naming it. `hybrid` prices it on the
 *   model and lists it. VIX options use the VIX quotes where the store has them, else the model.
 *
 * Pure: the quotes come in (src/cli/commands/bookContext.ts reads them from the store).
 */
import { createHash } from 'node:crypto';
import type { MarketDayView } from '../engine/marketView.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import { ChainEngineMarket, chainMarketDayView, type BacktestMarketMode, type ChainPriceUse } from './engineView.js';
import { ChainMarket, ChainMarketConfigSchema } from './marketView.js';
import type { CanonicalQuote } from './types.js';
import type { DayMarketUse, OptionPriceSource } from './marketUse.js';

export interface BookChainQuotes {
  /** SPX quotes of the days the book may ask for and the `maxCarryDays` before them. */
  readonly spx: readonly CanonicalQuote[];
  readonly vix: readonly CanonicalQuote[];
}

export interface BookChainMarketInputs {
  readonly mode: BacktestMarketMode;
  readonly modelOn: (day: DayNumber) => MarketDayView | undefined;
  readonly quotes: BookChainQuotes;
  readonly rateOn: (day: DayNumber) => number | undefined;
  readonly maxCarryDays: number;
  /** Where the quotes came from, for the output. */
  readonly storeDir: string;
}

export type { DayMarketUse, OptionPriceSource } from './marketUse.js';

const optionKey = (underlying: string, type: string, strike: number, expiry: string) => `${underlying}|${type}|${strike}|${expiry}`;

/** The source of an option's price in a day's use (a trade or a mark), when the view priced it. */
export function priceSourceOf(use: DayMarketUse, option: { underlying: string; type: string; strike: number; expiry: string }): OptionPriceSource | undefined {
  const k = optionKey(option.underlying, option.type, option.strike, option.expiry);
  return use.prices.find((p) => optionKey(p.underlying, p.type, p.strike, p.expiry) === k);
}

/** What a model-only day reports. */
export function modelDayUse(mode: BacktestMarketMode, reason: string | null, maxCarryDays: number, storeDir: string | null): DayMarketUse {
  return { mode, spxOptions: 'model', vixOptions: 'model', modelReason: reason, storeDir, maxCarryDays, spxQuotesOfDay: 0, vixQuotesOfDay: 0, chainQuotes: 0, carriedQuotes: 0, carriedByAgeDays: {}, modelPrices: 0, modelFallbacks: [], prices: [] };
}

export interface BookChainMarket {
  readonly marketOn: (day: DayNumber) => MarketDayView | undefined;
  /** Where the figures of `day` came from so far (after the signal or the marks are computed). */
  readonly useOn: (day: DayNumber) => DayMarketUse;
  /**
   * A fingerprint of the chain quotes a day is priced on (mode, carry limit and the quotes), or
   * undefined for a day on the model: the journal keys a signal by it, so a signal on changed quotes
   * is a new signal and a model-only day keeps the model's key.
   */
  readonly versionOn: (day: DayNumber) => string | undefined;
}

function quotesByDay(quotes: readonly CanonicalQuote[]): Map<DayNumber, number> {
  const counts = new Map<DayNumber, number>();
  for (const q of quotes) counts.set(q.quoteDay, (counts.get(q.quoteDay) ?? 0) + 1);
  return counts;
}

/** The book's market: the chains in front of the model on days the store quotes, the model elsewhere. */
export function bookChainMarket(inputs: BookChainMarketInputs): BookChainMarket {
  const { mode, modelOn, quotes, rateOn, maxCarryDays, storeDir } = inputs;
  const spxCounts = quotesByDay(quotes.spx);
  const vixCounts = quotesByDay(quotes.vix);
  const views = new Map<DayNumber, { view: MarketDayView | undefined; use: () => DayMarketUse; version: string | undefined }>();

  const build = (day: DayNumber) => {
    const model = modelOn(day);
    if (mode === 'model') return { view: model, use: () => modelDayUse(mode, null, maxCarryDays, null), version: undefined };
    const spxOfDay = spxCounts.get(day) ?? 0;
    if (model === undefined) return { view: undefined, use: () => modelDayUse(mode, `no market data for ${isoFromDay(day)}`, maxCarryDays, storeDir), version: undefined };
    if (spxOfDay === 0) return { view: model, use: () => modelDayUse(mode, `the chain store has no SPX quotes for ${isoFromDay(day)}`, maxCarryDays, storeDir), version: undefined };
    // Only quotes up to the day (and the carry window before it): nothing later is ever looked at.
    const window = (list: readonly CanonicalQuote[]) => list.filter((q) => q.quoteDay <= day && q.quoteDay >= day - maxCarryDays);
    const spx = window(quotes.spx);
    const vix = window(quotes.vix);
    const config = ChainMarketConfigSchema.parse({ mode, maxCarryDays });
    const chains = new ChainEngineMarket(() => new ChainMarket('SPX', spx, rateOn, config), mode);
    const vixChains = vix.length === 0 ? undefined : new ChainEngineMarket(() => new ChainMarket('VIX', vix, rateOn, ChainMarketConfigSchema.parse({ mode: 'hybrid', maxCarryDays })), 'hybrid');
    const prices = new Map<string, OptionPriceSource>();
    const onPrice = (u: ChainPriceUse) => {
      const expiry = isoFromDay(u.expiryDay);
      prices.set(optionKey(u.underlying, u.type, u.strike, expiry), { underlying: u.underlying, type: u.type, strike: u.strike, expiry, source: u.source, ageDays: u.ageDays });
    };
    const view = chainMarketDayView(model, chains, { onPrice, ...(vixChains === undefined ? {} : { vix: vixChains }) });
    const hash = createHash('sha256');
    for (const q of [...spx, ...vix]) hash.update(`${q.underlying},${q.root},${q.quoteDay},${q.expiryDay},${q.right},${q.strike},${q.bid},${q.ask},${q.underlyingPrice ?? ''}\n`);
    const version = `chains:${mode}:carry${maxCarryDays}:${hash.digest('hex').slice(0, 16)}`;
    const use = (): DayMarketUse => {
      const spxUse = chains.at(day).usage;
      const vixUse = vixChains?.at(day).usage;
      const priced = [...prices.values()].sort((a, b) => optionKey(a.underlying, a.type, a.strike, a.expiry).localeCompare(optionKey(b.underlying, b.type, b.strike, b.expiry)));
      const carriedByAgeDays: Record<number, number> = {};
      for (const p of priced) if (p.source === 'carried') carriedByAgeDays[p.ageDays] = (carriedByAgeDays[p.ageDays] ?? 0) + 1;
      return {
        mode,
        spxOptions: 'chains',
        vixOptions: (vixCounts.get(day) ?? 0) > 0 ? 'chains where quoted' : 'model',
        modelReason: null,
        storeDir,
        maxCarryDays,
        spxQuotesOfDay: spxOfDay,
        vixQuotesOfDay: vixCounts.get(day) ?? 0,
        chainQuotes: priced.filter((p) => p.source === 'chain').length,
        carriedQuotes: priced.filter((p) => p.source === 'carried').length,
        carriedByAgeDays,
        modelPrices: priced.filter((p) => p.source === 'model').length,
        modelFallbacks: [...new Set([...spxUse.modelFallbacks, ...(vixUse?.modelFallbacks ?? []).map((f) => (f.includes('VIX') ? f : `VIX ${f}`))])],
        prices: priced,
      };
    };
    return { view, use, version };
  };

  const entry = (day: DayNumber) => {
    let e = views.get(day);
    if (e === undefined) {
      e = build(day);
      views.set(day, e);
    }
    return e;
  };
  return { marketOn: (day) => entry(day).view, useOn: (day) => entry(day).use(), versionOn: (day) => entry(day).version };
}
