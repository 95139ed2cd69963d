/**
 * A VIX-futures fund held as a hedge (layer 1's "near-term VIX futures or ETF products"): units of a fund
 * whose price follows S&P's VIX short-term futures excess-return index (the one-month constant-maturity
 * index VXX tracks, vixShortTermFutures.ts), rebuilt each day from the VIX futures of the market view with
 * S&P's daily roll, less the fund's yearly fee accrued on calendar days. Bought and sold at its price
 * plus or minus a half-spread. The fund earns no interest (an excess-return index, as an ETN pays), and
 * the cash paid for it leaves the T-bill account.
 *
 * The holding lives in the book as index units (`VIX-ST-FUTURES`), 1 USD per unit per point of the fund's
 * price, so equity, the ledger and group P&L count it like any position. The fund's price path is the
 * state carried here; it starts at 100 the day the fund is first bought.
 */
import { listedVixExpiries } from '../../calendar/vixExpiries.js';
import { countNyseTradingDays } from '../../calendar/nyse.js';
import { etfExposurePerUsd } from '../../strategy/rules/hedgeInstrumentRules.js';
import type { StrategyConfig } from '../../strategy/config.js';
import { DAYS_PER_YEAR_ACT365, isoFromDay, type DayNumber } from '../../time/day.js';
import type { Book } from '../portfolio/book.js';
import type { FundView } from '../../strategy/context.js';
import type { MarketDayView } from '../marketView.js';
import { shortTermRollWeights, stepVixShortTermIndex, VixFuturesIndexError, type VixShortTermIndexState } from './vixShortTermFutures.js';

/** The fund's price on the first day it is held, points (1 USD per point per unit). */
export const FUND_START_LEVEL = 100;
/** Units below this are dust left by rounding, not a holding. */
const UNITS_EPSILON = 1e-9;

/** Where the roll schedule comes from: VIX settlement days and the business days between two days. */
export interface FundCalendar {
  settlementDaysAround(day: DayNumber): DayNumber[];
  businessDaysBetween(fromExclusive: DayNumber, toInclusive: DayNumber): number;
}

/** The exchange calendars: CFE's VIX settlement rule and NYSE business days (S&P's index calendar). */
export const EXCHANGE_FUND_CALENDAR: FundCalendar = {
  // From about a month and a half back: the settlement before today's roll period is always included.
  settlementDaysAround: (day) => listedVixExpiries(day - 45, 5).map((e) => e.day),
  businessDaysBetween: countNyseTradingDays,
};

export interface VixFuturesFundState {
  readonly holdingId: string;
  readonly group: string;
  /** The fund's price path: `level` is the fund's price (index level less fees), points. */
  readonly index: VixShortTermIndexState;
  /** Held while no condor is open, and that was logged (cleared when a condor is open again). */
  readonly heldWithoutCondorLogged?: boolean;
}

function futurePrice(m: MarketDayView): (expiryDay: DayNumber) => number {
  return (expiryDay) => m.vixFuturePrice(expiryDay);
}

/** The fund's price state the first day it is held: level 100, holding today's roll weights at today's futures. */
export function startFundIndex(m: MarketDayView, calendar: FundCalendar = EXCHANGE_FUND_CALENDAR): VixShortTermIndexState {
  const w = shortTermRollWeights(m.day, calendar.settlementDaysAround(m.day), calendar.businessDaysBetween);
  const price = futurePrice(m);
  const holdings = [
    { expiryDay: w.first, weight: w.firstWeight, pricePoints: price(w.first) },
    { expiryDay: w.second, weight: w.secondWeight, pricePoints: price(w.second) },
  ];
  for (const h of holdings) {
    if (!Number.isFinite(h.pricePoints) || h.pricePoints <= 0) throw new VixFuturesIndexError(`${isoFromDay(m.day)}: VIX future ${isoFromDay(h.expiryDay)} has no positive price (${h.pricePoints})`);
  }
  return { day: m.day, level: FUND_START_LEVEL, holdings };
}

/**
 * One day of the fund: the index step (yesterday's weights at today's futures, then today's weights),
 * then the fee for the calendar days since the last step: level x (1 - fee x days / 365).
 */
export function stepFundIndex(previous: VixShortTermIndexState, m: MarketDayView, annualFeeFraction: number, calendar: FundCalendar = EXCHANGE_FUND_CALENDAR): VixShortTermIndexState {
  const weights = shortTermRollWeights(m.day, calendar.settlementDaysAround(m.day), calendar.businessDaysBetween);
  const next = stepVixShortTermIndex(previous, m.day, weights, futurePrice(m));
  const feeFactor = 1 - (annualFeeFraction * (m.day - previous.day)) / DAYS_PER_YEAR_ACT365;
  return { ...next, level: next.level * feeFactor };
}

/** The fund's VIX exposure per USD held, on its current holdings and today's betas (see hedgeInstrumentRules). */
export function fundExposurePerUsd(index: VixShortTermIndexState, m: MarketDayView): number {
  return etfExposurePerUsd(index.holdings.map((h) => ({ weight: h.weight, pricePoints: h.pricePoints, betaToVix: m.vixFutureBetaToVix(h.expiryDay - m.day) })));
}

/** A stored book's fund marked on a day (the dashboard's book page): its price there and its VIX exposure. */
export interface StoredFundMark {
  readonly holdingId: string;
  /** The day the price is from: the mark day, or the stored day when the mark day is before it. */
  readonly levelDay: DayNumber;
  /** The fund's price, points (1 USD per point per unit). */
  readonly levelPoints: number;
  /** VIX exposure per USD held, on that day's holdings and the mark day's betas. */
  readonly vixExposurePerUsd: number;
}

/**
 * The fund of a stored book marked on `m`'s day. The engine steps the fund's price once a trading day, so
 * the stored price path is stepped the same way through `between` (the trading days after the stored day
 * and before m's, ascending; days not after the path's own are skipped) and then m. A mark on the stored
 * day reads the stored price; one before it cannot step back and keeps the stored price, which
 * `levelDay` says.
 */
export function markStoredFund(state: VixFuturesFundState, m: MarketDayView, between: readonly MarketDayView[], annualFeeFraction: number, calendar: FundCalendar = EXCHANGE_FUND_CALENDAR): StoredFundMark {
  let index = stepStoredFund(state, between, m.day, annualFeeFraction, calendar).index;
  if (m.day > index.day) index = stepFundIndex(index, m, annualFeeFraction, calendar);
  return { holdingId: state.holdingId, levelDay: index.day, levelPoints: index.level, vixExposurePerUsd: fundExposurePerUsd(index, m) };
}

/**
 * A stored fund's price path stepped through the days of `between` after its own day and before
 * `beforeDay` (ascending), one step a trading day as the engine steps it: the state a book would hold
 * had each of those days been stepped. The daily signal of a book with unaccepted days starts from it.
 */
export function stepStoredFund(state: VixFuturesFundState, between: readonly MarketDayView[], beforeDay: DayNumber, annualFeeFraction: number, calendar: FundCalendar = EXCHANGE_FUND_CALENDAR): VixFuturesFundState {
  let index = state.index;
  for (const d of between) if (d.day > index.day && d.day < beforeDay) index = stepFundIndex(index, d, annualFeeFraction, calendar);
  return index === state.index ? state : { ...state, index };
}

/**
 * The fund holding of one book: its price state, its trades through the book, its mark and exposure.
 * Execution owns it (the only writer of the holding); the hedge manager reads it as a FundView and
 * orders its trades. `state()` is JSON-serialisable (the engine's snapshot carries it).
 */
export class VixFuturesFund implements FundView {
  private current: VixFuturesFundState | undefined;

  constructor(
    private readonly config: StrategyConfig,
    private readonly book: Book,
    state?: VixFuturesFundState | null,
    private readonly calendar: FundCalendar = EXCHANGE_FUND_CALENDAR,
  ) {
    this.current = state ?? undefined;
  }

  state(): VixFuturesFundState | null {
    return this.current ? (JSON.parse(JSON.stringify(this.current)) as VixFuturesFundState) : null;
  }

  get group(): string | undefined {
    return this.current?.group;
  }

  unitsHeld(): number {
    return this.current ? (this.book.indexHoldings.get(this.current.holdingId)?.units ?? 0) : 0;
  }

  /** The fund's price today (after `advance`), points; undefined when none is held. */
  levelPoints(): number | undefined {
    return this.current?.index.level;
  }

  valueUsd(): number {
    const level = this.levelPoints();
    return level === undefined ? 0 : this.unitsHeld() * level;
  }

  /** Step the fund's price to `m.day` and mark the holding there. Call once a day, before any trade. */
  advance(m: MarketDayView): void {
    if (!this.current || this.current.index.day >= m.day) return;
    this.current = { ...this.current, index: stepFundIndex(this.current.index, m, this.config.hedge.vixFuturesEtf.annualFeeFraction, this.calendar) };
    this.mark();
  }

  /** Set the book's mark of the holding to the fund's price. */
  mark(): void {
    if (!this.current) return;
    const h = this.book.indexHoldings.get(this.current.holdingId);
    if (h) h.markLevel = this.current.index.level;
  }

  exposureUsd(m: MarketDayView): number {
    if (!this.current) return 0;
    return this.valueUsd() * fundExposurePerUsd(this.current.index, m);
  }

  /** Exposure per USD of the fund if bought today (the held one's, or a new one's). */
  exposurePerUsd(m: MarketDayView): number {
    return fundExposurePerUsd(this.current?.index ?? startFundIndex(m, this.calendar), m);
  }

  /**
   * The fund's price at the next trading day's open: today's holdings at that open's futures, each the
   * next settlement carried back to the open by its beta x (VIX open - VIX close), as VIX options and
   * futures fill under `execution.fillTiming: next-open` (execution.ts).
   */
  levelAtNextOpen(next: MarketDayView): number {
    if (!this.current) throw new Error(`${isoFromDay(next.day)}: no fund held to price at the open`);
    let before = 0;
    let after = 0;
    for (const h of this.current.index.holdings) {
      if (h.weight === 0) continue;
      const open = next.vixFuturePrice(h.expiryDay) + next.vixFutureBetaToVix(h.expiryDay - next.day) * (next.vixOpen - next.vixClose);
      if (!Number.isFinite(open) || open <= 0) throw new VixFuturesIndexError(`${isoFromDay(next.day)}: VIX future ${isoFromDay(h.expiryDay)} has no positive price at the open (${open})`);
      before += h.weight * h.pricePoints;
      after += h.weight * open;
    }
    return this.current.index.level * (after / before);
  }

  /**
   * Buy (usd > 0) or sell (usd < 0) `usd` of the fund (at today's price) at its price plus or minus the
   * half-spread, into `group` (a new holding's group; a held fund keeps its own). With `fillMarket` (the
   * next trading day, under next-open fills) the price is the one at that day's open. Returns the units
   * traded and the fill price.
   */
  trade(m: MarketDayView, usd: number, group: string, rule: string, fillMarket?: MarketDayView): { units: number; fillLevel: number } {
    if (!Number.isFinite(usd) || usd === 0) throw new RangeError(`${isoFromDay(m.day)}: fund trade of ${usd} USD`);
    if (!this.current) {
      if (usd < 0) throw new Error(`${isoFromDay(m.day)}: ${rule} sells a fund that is not held`);
      this.current = { holdingId: `${group}.vixFuturesFund`, group, index: startFundIndex(m, this.calendar) };
    }
    const level = this.current.index.level;
    const fillBase = fillMarket ? this.levelAtNextOpen(fillMarket) : level;
    const half = this.config.hedge.vixFuturesEtf.halfSpreadFractionOfPrice;
    const fillLevel = usd > 0 ? fillBase * (1 + half) : fillBase * (1 - half);
    let units = usd / level;
    const held = this.unitsHeld();
    if (units < 0 && held + units < UNITS_EPSILON) units = -held;
    this.book.tradeIndex(m.day, this.current.holdingId, this.current.group, 'hedge', units, fillLevel, rule, 'VIX-ST-FUTURES');
    if (this.unitsHeld() <= UNITS_EPSILON) this.current = undefined;
    else this.mark();
    return { units, fillLevel };
  }

  /** Sell every unit held. Returns the units sold (0 when none was held). */
  sellAll(m: MarketDayView, rule: string, fillMarket?: MarketDayView): number {
    const held = this.unitsHeld();
    if (!this.current || held <= 0) return 0;
    this.trade(m, -held * this.current.index.level, this.current.group, rule, fillMarket);
    return held;
  }

  heldWithoutCondorLogged(): boolean {
    return this.current?.heldWithoutCondorLogged === true;
  }

  /**
   * Whether the fund has just started being held with no condor open (true once per such stretch, for
   * the engine's log); `noCondor` false ends the stretch.
   */
  noteHeldWithoutCondor(noCondor: boolean): boolean {
    if (!this.current) return false;
    const logged = this.current.heldWithoutCondorLogged === true;
    if (noCondor === logged) return false;
    this.current = { ...this.current, heldWithoutCondorLogged: noCondor };
    return noCondor;
  }

  /** The gain (USD) if spot VIX moves by `vixChangePoints`: each future by its beta, the fund by its weights. */
  projectedGainUsd(m: MarketDayView, vixChangePoints: number): number {
    return this.exposureUsd(m) * vixChangePoints;
  }
}
