/**
 * Real chain quotes as a market view, for `alvh backtest --market chains|hybrid`: strikes chosen and
 * positions marked on the user's quotes. Implied vols and deltas are alvh's own, from mids with a
 * put-call-parity forward per trading class and expiry (never the vendor's). A quote missing on a day
 * is carried from the last day it was quoted, repriced at its last implied vol on today's forward and
 * time, with its age counted; only in `hybrid` mode does an option never quoted fall back to the model,
 * and each such use is logged. Days must be visited in order: a carried quote only ever comes from an
 * earlier day (no look-ahead).
 *
 * src/chains/engineView.ts plugs this into the engine by wrapping its model view: priceSpxOption /
 * spxStrikeForDelta / snapSpxStrike / listedSpxExpiries ask the ChainMarket first and use the model
 * where it answers `undefined` (hybrid); fills are mid ± the configured share of the returned half-spread.
 */
import { z } from 'zod';
import { parityForward, type ChainQuote } from '../market/quotes/otmQuotes.js';
import { impliedVolFromPrice } from '../market/quotes/impliedVol.js';
import { black76Value } from '../pricing/black76.js';
import { isoFromDay, yearFractionAct365, type DayNumber } from '../time/day.js';
import type { CanonicalQuote, ChainUnderlying, OptionRight, SettlementStyle } from './types.js';
import type { ModelOptionQuote } from '../engine/marketView.js';

export const ChainMarketConfigSchema = z.strictObject({
  /** `chains`: real quotes only (carried when missing); `hybrid`: the model where the chains never quoted the option. */
  mode: z.enum(['chains', 'hybrid']).default('hybrid'),
  /** A quote older than this many calendar days is not carried any more. */
  maxCarryDays: z.number().int().min(0).max(30).default(5),
});
export type ChainMarketConfig = z.infer<typeof ChainMarketConfigSchema>;

/** A quote from a chain: the model quote's fields (index points per unit, Greeks per unit) and where it came from. */
export interface ChainOptionQuote extends ModelOptionQuote {
  /** SPX: delta to the underlying level recorded with the chain (spot SPX), else to the parity forward. VIX: delta to the parity forward (the VIX future). */
  readonly delta: number;
  /** `chain`: quoted today; `carried`: from an earlier day, repriced at its implied vol. */
  readonly source: 'chain' | 'carried';
  /** Calendar days since the quote was taken (0 when quoted today). */
  readonly ageDays: number;
  readonly root: string;
}

export interface ChainExpiry {
  readonly day: DayNumber;
  readonly settlement: SettlementStyle;
  readonly root: string;
}

/** What the market used, for the report: which figure came from which market. */
export interface ChainMarketUsage {
  chainQuotes: number;
  carriedQuotes: number;
  /** Carried quotes by age in calendar days. */
  readonly carriedByAgeDays: Record<number, number>;
  /** Hybrid mode: every model fallback, `day option`. */
  readonly modelFallbacks: string[];
  /** Chains mode: options asked for that the chains never quoted (within maxCarryDays). */
  readonly missing: string[];
}

interface IndexedQuote {
  readonly quote: CanonicalQuote;
  readonly forward: number;
  readonly discountFactor: number;
  readonly impliedVol: number;
}

interface DayIndex {
  readonly day: DayNumber;
  /** `${right}|${strike}|${expiryDay}|${settlement}` -> quote. */
  readonly quotes: Map<string, IndexedQuote>;
  readonly expiries: ChainExpiry[];
  /** Per `${expiryDay}|${settlement}`: the forward and discount factor. */
  readonly forwards: Map<string, { forward: number; discountFactor: number }>;
  readonly underlyingPrice: number | undefined;
}

const key = (right: OptionRight, strike: number, expiryDay: DayNumber, settlement: SettlementStyle) => `${right}|${strike}|${expiryDay}|${settlement}`;
const toChainQuote = (q: CanonicalQuote): ChainQuote => ({ quoteDay: q.quoteDay, expiryDay: q.expiryDay, type: q.right === 'C' ? 'call' : 'put', strike: q.strike, bid: q.bid, ask: q.ask });

/** A quote the market can use: an ask, and a bid at or below it (a zero bid is a real quote). */
const usable = (q: CanonicalQuote) => q.ask > 0 && q.ask >= q.bid;

function indexDay(day: DayNumber, quotes: readonly CanonicalQuote[], rate: number): DayIndex {
  const groups = new Map<string, CanonicalQuote[]>();
  for (const q of quotes) {
    const group = `${q.expiryDay}|${q.settlement}`;
    const list = groups.get(group) ?? [];
    list.push(q);
    groups.set(group, list);
  }
  const indexed = new Map<string, IndexedQuote>();
  const forwards = new Map<string, { forward: number; discountFactor: number }>();
  const expiries: ChainExpiry[] = [];
  for (const [group, list] of groups) {
    const first = list[0] as CanonicalQuote;
    const timeYears = yearFractionAct365(day, first.expiryDay);
    const discountFactor = Math.exp(-rate * timeYears);
    const forward = parityForward(list.map(toChainQuote), discountFactor);
    if (forward === undefined) continue;
    forwards.set(group, { forward, discountFactor });
    expiries.push({ day: first.expiryDay, settlement: first.settlement, root: first.root });
    for (const q of list) {
      if (!usable(q)) continue;
      const iv = impliedVolFromPrice(q.right === 'C' ? 'call' : 'put', 0.5 * (q.bid + q.ask), forward, q.strike, timeYears, discountFactor);
      if (iv.ok) indexed.set(key(q.right, q.strike, q.expiryDay, q.settlement), { quote: q, forward, discountFactor, impliedVol: iv.value });
    }
  }
  expiries.sort((a, b) => a.day - b.day || (a.settlement === 'AM' ? -1 : 1));
  return { day, quotes: indexed, expiries, forwards, underlyingPrice: quotes.find((q) => q.underlyingPrice !== undefined)?.underlyingPrice };
}

export type ChainPriceOutcome = { readonly ok: true; readonly quote: ChainOptionQuote } | { readonly ok: false; readonly reason: string };

/**
 * The chain market of one underlying. `advanceTo(day)` moves it to a day (never backwards); the
 * queries then answer for that day.
 */
export class ChainMarket {
  private readonly byDay = new Map<DayNumber, CanonicalQuote[]>();
  private current: DayIndex | undefined;
  /** The last usable quote of each option seen on a day before the current one. */
  private readonly lastSeen = new Map<string, { index: IndexedQuote; day: DayNumber }>();
  private readonly pendingDays: DayNumber[];
  readonly usage: ChainMarketUsage = { chainQuotes: 0, carriedQuotes: 0, carriedByAgeDays: {}, modelFallbacks: [], missing: [] };

  constructor(
    readonly underlying: ChainUnderlying,
    quotes: readonly CanonicalQuote[],
    private readonly rateOn: (day: DayNumber) => number | undefined,
    private readonly config: ChainMarketConfig = ChainMarketConfigSchema.parse({}),
  ) {
    for (const q of quotes) {
      if (q.underlying !== underlying) continue;
      const list = this.byDay.get(q.quoteDay) ?? [];
      list.push(q);
      this.byDay.set(q.quoteDay, list);
    }
    this.pendingDays = [...this.byDay.keys()].sort((a, b) => a - b);
  }

  /** Quote days of the chain, in order. */
  quoteDays(): readonly DayNumber[] {
    return [...this.byDay.keys()].sort((a, b) => a - b);
  }

  advanceTo(day: DayNumber): void {
    if (this.current !== undefined && day < this.current.day) throw new RangeError(`the chain market is at ${isoFromDay(this.current.day)} and cannot go back to ${isoFromDay(day)}`);
    if (this.current !== undefined && day === this.current.day) return;
    // Every chain day before `day` becomes history the carry can use.
    while (this.pendingDays.length > 0 && (this.pendingDays[0] as DayNumber) < day) {
      const past = this.pendingDays.shift() as DayNumber;
      const index = this.current?.day === past ? this.current : this.indexOf(past);
      if (index !== undefined) for (const [k, v] of index.quotes) this.lastSeen.set(k, { index: v, day: past });
    }
    this.current = this.byDay.has(day) ? this.indexOf(day) : { day, quotes: new Map(), expiries: [], forwards: new Map(), underlyingPrice: undefined };
  }

  private indexOf(day: DayNumber): DayIndex | undefined {
    const rate = this.rateOn(day);
    const quotes = this.byDay.get(day);
    return rate === undefined || quotes === undefined ? undefined : indexDay(day, quotes, rate);
  }

  private today(): DayIndex {
    if (this.current === undefined) throw new RangeError('advanceTo(day) first');
    return this.current;
  }

  /** Expiries quoted today (with a parity forward), nearest first. */
  listedExpiries(): readonly ChainExpiry[] {
    return this.today().expiries;
  }

  /** Strikes quoted today for an expiry, ascending. */
  quotedStrikes(expiryDay: DayNumber, settlement: SettlementStyle): number[] {
    const strikes = new Set<number>();
    for (const v of this.today().quotes.values()) if (v.quote.expiryDay === expiryDay && v.quote.settlement === settlement) strikes.add(v.quote.strike);
    return [...strikes].sort((a, b) => a - b);
  }

  private valued(index: IndexedQuote, forward: number, discountFactor: number, timeYears: number, source: 'chain' | 'carried', ageDays: number, mid: number | undefined): ChainOptionQuote {
    const q = index.quote;
    const rate = -Math.log(discountFactor) / timeYears;
    const value = black76Value({ type: q.right === 'C' ? 'call' : 'put', forward, strike: q.strike, timeYears, rate, sigma: index.impliedVol });
    // VIX options: delta to the VIX future of the expiry (the parity forward), as the model's are; spot
    // VIX is not a carry asset, so F/S is no hedge ratio.
    const spot = this.underlying === 'VIX' ? undefined : this.today().underlyingPrice;
    // dV/dS = dV/dF * F/S for an index whose forward is S e^{(r-q)T}.
    const toSpot = spot === undefined ? 1 : forward / spot;
    return {
      mid: mid ?? value.price,
      halfSpread: 0.5 * (q.ask - q.bid),
      impliedVol: index.impliedVol,
      delta: value.delta * toSpot,
      gamma: value.gamma * toSpot * toSpot,
      vegaPerVolPoint: value.vegaPerVolPoint,
      thetaPerDay: value.thetaPerDay,
      source,
      ageDays,
      root: q.root,
    };
  }

  /**
   * Today's quote of an option; else its last quote within maxCarryDays, repriced at that quote's
   * implied vol on today's forward; else `undefined` in hybrid mode (the caller prices it on the model,
   * and the use is logged here) or an error in chains mode.
   */
  price(right: OptionRight, strike: number, expiryDay: DayNumber, settlement: SettlementStyle): ChainPriceOutcome | undefined {
    const today = this.today();
    const k = key(right, strike, expiryDay, settlement);
    const label = `${isoFromDay(today.day)} ${right} ${strike} ${isoFromDay(expiryDay)} ${settlement}`;
    const timeYears = yearFractionAct365(today.day, expiryDay);
    if (!(timeYears > 0)) return { ok: false, reason: `${label}: expired` };
    const quoted = today.quotes.get(k);
    if (quoted !== undefined) {
      this.usage.chainQuotes++;
      return { ok: true, quote: this.valued(quoted, quoted.forward, quoted.discountFactor, timeYears, 'chain', 0, 0.5 * (quoted.quote.bid + quoted.quote.ask)) };
    }
    const last = this.lastSeen.get(k);
    const ageDays = last === undefined ? undefined : today.day - last.day;
    if (last !== undefined && ageDays !== undefined && ageDays <= this.config.maxCarryDays) {
      // Today's forward of the expiry when the chain has one, else the one the quote was taken on.
      const todays = today.forwards.get(`${expiryDay}|${settlement}`);
      const rate = this.rateOn(today.day);
      const forward = todays?.forward ?? last.index.forward;
      const discountFactor = todays?.discountFactor ?? (rate === undefined ? last.index.discountFactor : Math.exp(-rate * timeYears));
      this.usage.carriedQuotes++;
      this.usage.carriedByAgeDays[ageDays] = (this.usage.carriedByAgeDays[ageDays] ?? 0) + 1;
      return { ok: true, quote: this.valued(last.index, forward, discountFactor, timeYears, 'carried', ageDays, undefined) };
    }
    if (this.config.mode === 'hybrid') {
      this.usage.modelFallbacks.push(label);
      return undefined;
    }
    this.usage.missing.push(label);
    return { ok: false, reason: `${label}: no quote in the chains within ${this.config.maxCarryDays} days` };
  }

  /** Today's quoted strike of an expiry whose |delta| (our IV off the mid, parity forward) is nearest `absDelta`. */
  strikeForDelta(right: OptionRight, absDelta: number, expiryDay: DayNumber, settlement: SettlementStyle): number | undefined {
    const today = this.today();
    const timeYears = yearFractionAct365(today.day, expiryDay);
    if (!(timeYears > 0)) return undefined;
    let best: { strike: number; gap: number } | undefined;
    for (const v of today.quotes.values()) {
      const q = v.quote;
      if (q.right !== right || q.expiryDay !== expiryDay || q.settlement !== settlement) continue;
      // Out of the money only: the delta of an ITM option says nothing about the strike a rule wants.
      if ((right === 'P' && q.strike >= v.forward) || (right === 'C' && q.strike < v.forward)) continue;
      const delta = Math.abs(this.valued(v, v.forward, v.discountFactor, timeYears, 'chain', 0, undefined).delta);
      const gap = Math.abs(delta - absDelta);
      if (best === undefined || gap < best.gap || (gap === best.gap && q.strike < best.strike)) best = { strike: q.strike, gap };
    }
    return best?.strike;
  }
}

/** A fill at mid plus `halfSpreadShare` of the real half-spread against the trader (buy above, sell below). */
export function chainFillPrice(quote: ChainOptionQuote, side: 'buy' | 'sell', halfSpreadShare: number): number {
  if (!(halfSpreadShare >= 0 && halfSpreadShare <= 1)) throw new RangeError(`halfSpreadShare must be in [0, 1], got ${halfSpreadShare}`);
  const price = quote.mid + (side === 'buy' ? 1 : -1) * halfSpreadShare * quote.halfSpread;
  return Math.max(0, price);
}
