/**
 * The engine's day view with real chain quotes in front of the model, for `alvh backtest --market
 * chains|hybrid`. SPX option prices, strikes by delta, strike snapping and listed expiries ask the
 * ChainMarket first; the index levels, the rate, the VIX side (futures and VIX options) and the betas
 * stay the model's, since the chains hold SPX options only for the days a user imported.
 *
 * - `hybrid`: where the chains have no quote (nor one to carry), the model answers, and each use is
 *   logged in the usage (`modelFallbacks`).
 * - `chains`: an SPX option the chains never quoted within the carry limit is an error
 *   (ChainQuoteMissingError, counted in `missing`); no model number is ever used for an SPX option.
 *
 * VIX options (the hedge layers) ask a second ChainEngineMarket of the VIX quotes when one is given:
 * strikes by delta and prices on the real VIX quotes, with the forward of each expiry from put-call
 * parity (the VIX future the options imply) and deltas to it. The VIX chains are always used like
 * `hybrid`: a VIX option they do not quote is priced on the model and the use logged and counted, in
 * either mode, since a user's VIX file rarely covers the SPX chains' span.
 *
 * Fills need nothing here: the engine fills at mid plus its configured share of the quote's
 * half-spread, and a chain quote's half-spread is the real one.
 */
import { listedSpxExpiries as calendarSpxExpiries } from '../calendar/index.js';
import type { ListedExpiry, MarketDayView, ModelOptionQuote } from '../engine/marketView.js';
import { MarketModelError } from '../engine/modelMarketView.js';
import type { OptionType } from '../pricing/black76.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import { ChainMarket, type ChainMarketUsage, type ChainOptionQuote } from './marketView.js';
import type { OptionRight, SettlementStyle } from './types.js';

export type { BacktestMarketMode } from './marketUse.js';

/** `chains` mode: an SPX option with no chain quote within the carry limit. A MarketModelError, so the CLI reports it as one. */
export class ChainQuoteMissingError extends MarketModelError {
  override name = 'ChainQuoteMissingError';
}

const rightOf = (type: OptionType): OptionRight => (type === 'call' ? 'C' : 'P');

/** Usage summed over every pass of the run (each variant walks the days again from the start). */
export interface ChainRunUsage {
  chainQuotes: number;
  carriedQuotes: number;
  readonly carriedByAgeDays: Record<number, number>;
  readonly modelFallbacks: string[];
  readonly missing: string[];
  /** Days the chains had no quote at all (the model's index levels still mark the day). */
  readonly daysWithoutChain: Set<DayNumber>;
}

/**
 * One chain market per pass over the days. The suite runs its variants one after another over the
 * same days and shares each day's view between them, while a ChainMarket only moves forward (its carry
 * never looks ahead): a query for an earlier day than the current one starts a fresh market from the
 * quotes, and the finished one's usage is added to the run's.
 */
export class ChainEngineMarket {
  private market: ChainMarket | undefined;
  private marketDay: DayNumber | undefined;
  /** Settlement style of each expiry day the chains listed so far (for positions on a day without that expiry quoted). */
  private readonly settlementByExpiry = new Map<DayNumber, SettlementStyle>();
  readonly usage: ChainRunUsage = { chainQuotes: 0, carriedQuotes: 0, carriedByAgeDays: {}, modelFallbacks: [], missing: [], daysWithoutChain: new Set() };

  constructor(
    private readonly newMarket: () => ChainMarket,
    readonly mode: 'chains' | 'hybrid',
  ) {}

  /** The chain market advanced to `day`. */
  at(day: DayNumber): ChainMarket {
    if (this.market === undefined || this.marketDay === undefined || day < this.marketDay) {
      if (this.market !== undefined) this.absorb(this.market.usage);
      this.market = this.newMarket();
    }
    this.market.advanceTo(day);
    this.marketDay = day;
    for (const e of this.market.listedExpiries()) if (!this.settlementByExpiry.has(e.day)) this.settlementByExpiry.set(e.day, e.settlement);
    return this.market;
  }

  settlementOf(expiryDay: DayNumber): SettlementStyle | undefined {
    return this.settlementByExpiry.get(expiryDay);
  }

  /** The run's usage including the pass still open. Call once, after the run. */
  finish(): ChainRunUsage {
    if (this.market !== undefined) this.absorb(this.market.usage);
    this.market = undefined;
    this.marketDay = undefined;
    return this.usage;
  }

  /**
   * Runs `fn` (a trial of a day) without counting its price lookups, so the report counts each lookup
   * of the day once; options found missing stay counted, since the day is refused for them.
   */
  uncounted<T>(fn: () => T): T {
    const market = this.market;
    const before = market === undefined ? undefined : { chainQuotes: market.usage.chainQuotes, carriedQuotes: market.usage.carriedQuotes, byAge: { ...market.usage.carriedByAgeDays }, fallbacks: market.usage.modelFallbacks.length };
    try {
      return fn();
    } finally {
      if (market !== undefined && before !== undefined && market === this.market) {
        market.usage.chainQuotes = before.chainQuotes;
        market.usage.carriedQuotes = before.carriedQuotes;
        for (const age of Object.keys(market.usage.carriedByAgeDays)) delete market.usage.carriedByAgeDays[Number(age)];
        Object.assign(market.usage.carriedByAgeDays, before.byAge);
        market.usage.modelFallbacks.length = before.fallbacks;
      }
    }
  }

  private absorb(u: ChainMarketUsage): void {
    this.usage.chainQuotes += u.chainQuotes;
    this.usage.carriedQuotes += u.carriedQuotes;
    for (const [age, n] of Object.entries(u.carriedByAgeDays)) this.usage.carriedByAgeDays[Number(age)] = (this.usage.carriedByAgeDays[Number(age)] ?? 0) + n;
    this.usage.modelFallbacks.push(...u.modelFallbacks);
    this.usage.missing.push(...u.missing);
  }
}

/** Where one option price of a day came from (for a signal's trades and marks). */
export interface ChainPriceUse {
  readonly underlying: 'SPX' | 'VIX';
  readonly type: OptionType;
  readonly strike: number;
  readonly expiryDay: DayNumber;
  readonly source: 'chain' | 'carried' | 'model';
  /** Calendar days since the quote was taken (a carried quote). */
  readonly ageDays: number;
}

export interface ChainDayViewOptions {
  /** The VIX quotes, for the hedge's VIX options; without it VIX options stay on the model. */
  readonly vix?: ChainEngineMarket;
  /** Called for every option price the view answers, with its source. */
  readonly onPrice?: (use: ChainPriceUse) => void;
}

const asModelQuote = (q: ChainOptionQuote): ModelOptionQuote => ({ mid: q.mid, halfSpread: q.halfSpread, impliedVol: q.impliedVol, delta: q.delta, gamma: q.gamma, vegaPerVolPoint: q.vegaPerVolPoint, thetaPerDay: q.thetaPerDay });

/** The model's day view with the SPX (and, given VIX quotes, the VIX) option questions asked of the chains first. */
export function chainMarketDayView(model: MarketDayView, chains: ChainEngineMarket, options: ChainDayViewOptions = {}): MarketDayView {
  const day = model.day;
  const hybrid = chains.mode === 'hybrid';
  const market = () => chains.at(day);
  const onPrice = options.onPrice ?? (() => undefined);
  const quotedToday = market().listedExpiries().length > 0;
  if (!quotedToday) chains.usage.daysWithoutChain.add(day);
  const vix = options.vix;
  const vixMarket = vix === undefined ? undefined : () => vix.at(day);
  if (vix !== undefined && vixMarket !== undefined && vixMarket().listedExpiries().length === 0) vix.usage.daysWithoutChain.add(day);
  // The model's listing tells a standard monthly (third-Friday AM) from the rest.
  const modelListing = new Map(calendarSpxExpiries(day, day + 1, day + 400).map((e) => [`${e.day}|${e.settlement}`, e.kind === 'monthly']));
  const settlementOf = (expiryDay: DayNumber): SettlementStyle => {
    const today = market()
      .listedExpiries()
      .find((e) => e.day === expiryDay);
    return today?.settlement ?? chains.settlementOf(expiryDay) ?? model.listedSpxExpiries().find((e) => e.day === expiryDay)?.settlement ?? 'PM';
  };
  const missing = (what: string): never => {
    throw new ChainQuoteMissingError(`${isoFromDay(day)}: ${what} (--market chains uses no model price for SPX options; --market hybrid would)`);
  };
  let listed: ListedExpiry[] | undefined;
  let strikes: number[] | undefined;

  return {
    ...model,
    listedSpxExpiries: () => {
      listed ??= market()
        .listedExpiries()
        .filter((e) => e.day > day)
        .map((e) => ({ day: e.day, settlement: e.settlement, standardMonthly: modelListing.get(`${e.day}|${e.settlement}`) ?? false }));
      if (listed.length === 0 && hybrid) {
        market().usage.modelFallbacks.push(`${isoFromDay(day)} listed SPX expiries`);
        return model.listedSpxExpiries();
      }
      return listed;
    },
    priceSpxOption: (type, strike, expiryDay): ModelOptionQuote => {
      const settlement = settlementOf(expiryDay);
      const outcome = market().price(rightOf(type), strike, expiryDay, settlement);
      const onModel = () => {
        onPrice({ underlying: 'SPX', type, strike, expiryDay, source: 'model', ageDays: 0 });
        return model.priceSpxOption(type, strike, expiryDay);
      };
      if (outcome === undefined) return onModel();
      if (!outcome.ok) {
        if (hybrid) {
          market().usage.modelFallbacks.push(outcome.reason);
          return onModel();
        }
        return missing(outcome.reason);
      }
      onPrice({ underlying: 'SPX', type, strike, expiryDay, source: outcome.quote.source, ageDays: outcome.quote.ageDays });
      return asModelQuote(outcome.quote);
    },
    spxStrikeForDelta: (type, absDelta, expiryDay) => {
      const strike = market().strikeForDelta(rightOf(type), absDelta, expiryDay, settlementOf(expiryDay));
      if (strike !== undefined) return strike;
      const label = `${isoFromDay(day)} strike for ${absDelta} delta ${type} ${isoFromDay(expiryDay)}`;
      if (!hybrid) {
        market().usage.missing.push(label);
        return missing(`no quoted ${type} strike near ${absDelta} delta on ${isoFromDay(expiryDay)}`);
      }
      market().usage.modelFallbacks.push(label);
      return model.spxStrikeForDelta(type, absDelta, expiryDay);
    },
    snapSpxStrike: (strike) => {
      // The nearest strike quoted today on any expiry (the lower one on a tie); the model's grid when none is.
      strikes ??= [...new Set(market().listedExpiries().flatMap((e) => market().quotedStrikes(e.day, e.settlement)))].sort((a, b) => a - b);
      let best: number | undefined;
      for (const k of strikes) if (best === undefined || Math.abs(k - strike) < Math.abs(best - strike)) best = k;
      if (best !== undefined) return best;
      if (hybrid) market().usage.modelFallbacks.push(`${isoFromDay(day)} strike snap ${strike}`);
      return model.snapSpxStrike(strike);
    },
    ...(vixMarket === undefined
      ? {}
      : {
          // VIX options settle AM (on the special opening quotation), whatever their root.
          priceVixOption: (type: OptionType, strike: number, expiryDay: DayNumber): ModelOptionQuote => {
            const m = vixMarket();
            const outcome = m.price(rightOf(type), strike, expiryDay, 'AM');
            if (outcome === undefined || !outcome.ok) {
              // An option the VIX chains never quoted is logged by the market itself; an expired one here.
              if (outcome !== undefined) m.usage.modelFallbacks.push(outcome.reason);
              onPrice({ underlying: 'VIX', type, strike, expiryDay, source: 'model', ageDays: 0 });
              return model.priceVixOption(type, strike, expiryDay);
            }
            onPrice({ underlying: 'VIX', type, strike, expiryDay, source: outcome.quote.source, ageDays: outcome.quote.ageDays });
            return asModelQuote(outcome.quote);
          },
          vixStrikeForDelta: (type: OptionType, absDelta: number, expiryDay: DayNumber): number => {
            const m = vixMarket();
            const strike = m.strikeForDelta(rightOf(type), absDelta, expiryDay, 'AM');
            if (strike !== undefined) return strike;
            m.usage.modelFallbacks.push(`${isoFromDay(day)} VIX strike for ${absDelta} delta ${type} ${isoFromDay(expiryDay)}`);
            return model.vixStrikeForDelta(type, absDelta, expiryDay);
          },
        }),
  };
}

/** Wraps the model's day views with the chains in front. */
export function chainsMarketOn(modelOn: (day: DayNumber) => MarketDayView | undefined, chains: ChainEngineMarket, options: ChainDayViewOptions = {}): (day: DayNumber) => MarketDayView | undefined {
  return (day) => {
    const model = modelOn(day);
    return model === undefined ? undefined : chainMarketDayView(model, chains, options);
  };
}
