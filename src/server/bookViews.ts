/**
 * The book page's data: the open positions marked at the market model's mids on a day, the book's
 * Greeks and hedge ratio from the same quotes and the same exposure rules the engine uses, and the
 * payoff across SPX levels (at the condors' expiry, and today under several VIX levels through the
 * book's scenario repricing).
 */
import { markIndexHoldings, type MarkedHolding } from '../book/holdings.js';
import { bookRisk, RiskScenarioConfigSchema } from '../book/scenarios.js';
import type { EngineStateSnapshot } from '../engine/backtest.js';
import { describePosition, multiplierOf, positionValueUsd, type OptionPosition } from '../engine/book.js';
import type { MarketDayView } from '../engine/marketView.js';
import { bookGreeks, type PositionQuote } from '../engine/bookGreeks.js';
import type { StoredFundMark } from '../engine/instruments/vixFuturesEtf.js';
import { hedgeRatio } from '../strategy/rules/hedgeRules.js';
import { PRE_FOMC_SEED_RUNG } from '../strategy/state.js';
import { bsmOptionPrice } from '../pricing/bsm.js';
import { isoFromDay, yearFractionAct365, type DayNumber } from '../time/day.js';
import type { DashboardConfig } from './config.js';
import type { BookGreeks, BookPayoffResponse, BookPosition } from './schemas.js';

/** The positions of a stored book still open on `day` and already entered by then. */
export function openPositionsOn(snapshot: EngineStateSnapshot, day: DayNumber): OptionPosition[] {
  return snapshot.book.positions.filter((p) => p.expiryDay > day && p.entryDay <= day);
}

/** The model's quote of a position; a future is its settlement-implied price with a delta of one. */
function quoteOf(m: MarketDayView, p: OptionPosition): PositionQuote {
  if (p.type === 'future') return { mid: m.vixFuturePrice(p.expiryDay), delta: 1, gamma: 0, vegaPerVolPoint: 0, thetaPerDay: 0 };
  return p.underlying === 'SPX' ? m.priceSpxOption(p.type, p.strike, p.expiryDay) : m.priceVixOption(p.type, p.strike, p.expiryDay);
}

export interface MarkedBook {
  readonly positions: BookPosition[];
  /** Index units held beside the options: an underlying leg's SPX units, layer 1's VIX-futures fund. */
  readonly holdings: MarkedHolding[];
  readonly greeks: BookGreeks;
}

/**
 * The open positions marked on `m`'s day with their own Greeks in dollars (quantity x per-unit Greek x
 * multiplier) and their P&L since the previous trading day's mark (`previous`; a position entered
 * today counts from its entry price, and without a previous market the day's P&L is unknown).
 */
export function markBook(snapshot: EngineStateSnapshot, m: MarketDayView, previous?: MarketDayView, fund?: StoredFundMark): MarkedBook {
  const open = openPositionsOn(snapshot, m.day);
  const quotes = new Map(open.map((p) => [p.id, quoteOf(m, p)]));
  const quote = (p: OptionPosition) => quotes.get(p.id) as PositionQuote;
  const groups = { condor: new Set<string>(), hedge: new Set<string>() };
  let valueUsd = 0;
  const positions = open.map((p): BookPosition => {
    const q = quote(p);
    const mult = multiplierOf(p);
    valueUsd += positionValueUsd({ type: p.type, quantity: p.quantity, markPrice: q.mid, entryPrice: p.entryPrice });
    // A pre-FOMC seed is no hedge layer (the daily signal counts layers the same way).
    if (p.layer !== PRE_FOMC_SEED_RUNG) groups[p.role].add(p.group);
    return {
      id: p.id,
      group: p.group,
      role: p.role,
      leg: p.legId,
      layer: p.layer ?? null,
      description: describePosition(p),
      underlying: p.underlying,
      type: p.type,
      strike: p.strike,
      expiry: isoFromDay(p.expiryDay),
      dteDays: p.expiryDay - m.day,
      quantity: p.quantity,
      entryDate: isoFromDay(p.entryDay),
      entryPricePoints: p.entryPrice,
      markPricePoints: q.mid,
      multiplierUsd: mult,
      openPnlUsd: p.quantity * (q.mid - p.entryPrice) * mult,
      deltaUsdPerPoint: p.quantity * q.delta * mult,
      gammaUsdPerPoint2: p.quantity * q.gamma * mult,
      vegaUsdPerVolPoint: p.quantity * q.vegaPerVolPoint * mult,
      thetaUsdPerDay: p.quantity * q.thetaPerDay * mult,
      dayPnlUsd: dayPnlUsd(p, q.mid, mult, m.day, previous),
    };
  });
  // The same sums as the engine's daily record and the daily signal: the options', the SPX units of an
  // underlying leg (1 USD a point each, worth the day's close) and layer 1's fund (its value, and its
  // VIX exposure on the hedge side).
  const g = bookGreeks(open, m, quote);
  const holdings = markIndexHoldings(snapshot, m, fund);
  let holdingsValueUsd = 0;
  let holdingsDeltaUsdPerPoint = 0;
  let fundExposureUsdPerPoint = 0;
  // The holdings add no group to the counts: an underlying leg's group is not a condor, and layer 1's
  // fund is part of layer 1 (the engine sells it the day layer 1 is gone).
  for (const h of holdings) {
    holdingsValueUsd += h.valueUsd;
    holdingsDeltaUsdPerPoint += h.spxDeltaUsdPerPoint;
    fundExposureUsdPerPoint += h.vixExposureUsdPerPoint;
  }
  const hedgeUsdPerVixPoint = g.hedgeVixExposureUsd + fundExposureUsdPerPoint;
  const cashUsd = snapshot.book.cashUsd;
  return {
    positions,
    holdings,
    greeks: {
      equityUsd: cashUsd + valueUsd + holdingsValueUsd,
      cashUsd,
      spxDeltaUsdPerPoint: g.spxDeltaUsdPerPoint + holdingsDeltaUsdPerPoint,
      spxGammaUsdPerPoint2: g.spxGammaUsdPerPoint2,
      spxVegaUsdPerVolPoint: g.spxVegaUsdPerVolPoint,
      thetaUsdPerDay: g.thetaUsdPerDay,
      hedgeUsdPerVixPoint,
      condorUsdPerVixPoint: g.condorVixExposureUsd,
      hedgeRatio: hedgeRatio(hedgeUsdPerVixPoint, g.condorVixExposureUsd) ?? null,
      openCondors: groups.condor.size,
      hedgeLayers: groups.hedge.size,
      ...(g.seedVixExposureUsd !== 0 ? { seedUsdPerVixPoint: g.seedVixExposureUsd } : {}),
    },
  };
}

function dayPnlUsd(p: OptionPosition, markToday: number, multiplierUsd: number, day: DayNumber, previous: MarketDayView | undefined): number | null {
  if (p.entryDay >= day) return p.quantity * (markToday - p.entryPrice) * multiplierUsd;
  if (previous === undefined) return null;
  return p.quantity * (markToday - quoteOf(previous, p).mid) * multiplierUsd;
}

/** SPX levels of the payoff diagram, ascending, index points. */
export function payoffSpxLevels(spxClose: number, config: DashboardConfig): number[] {
  const { min, max } = config.payoffSpxRangeFraction;
  const n = config.payoffSpxSteps;
  return Array.from({ length: n }, (_, i) => spxClose * (1 + min + ((max - min) * i) / (n - 1)));
}

/**
 * P&L against entry across SPX levels. At expiry: the SPX legs expiring first settle at intrinsic
 * value at each level, the other legs are held at today's marks (a VIX hedge does not settle with
 * SPX). Today: the book's scenario repricing (SPX moved, spot VIX shifted, the futures and SPX
 * implied vols moved by their betas) plus the open P&L it starts from.
 */
export function bookPayoff(snapshot: EngineStateSnapshot, m: MarketDayView, dividendYieldDecimal: number, config: DashboardConfig, fund?: StoredFundMark): Omit<BookPayoffResponse, 'state' | 'laterState'> {
  const open = openPositionsOn(snapshot, m.day);
  const levels = payoffSpxLevels(m.spxClose, config);
  const moves = levels.map((s) => s / m.spxClose - 1);
  // Index holdings count from today's marks (their entry is not kept per holding): SPX units gain
  // units x (level - close) on every curve; the fund moves with VIX on the today curves and is held at
  // today's price on the expiry and date curves, which keep VIX unchanged.
  const holdings = markIndexHoldings(snapshot, m, fund);
  const spxUnits = holdings.reduce((sum, h) => sum + h.spxDeltaUsdPerPoint, 0);
  const unitsPnlUsd = (level: number) => spxUnits * (level - m.spxClose);
  const risk = bookRisk(open, m, dividendYieldDecimal, RiskScenarioConfigSchema.parse({ spxMovesFraction: moves, vixShiftsPoints: config.payoffVixShiftsPoints }), holdings);
  // The grid runs VIX shift by VIX shift, each across every SPX move in the order given.
  const curves = config.payoffVixShiftsPoints.map((shift, s) => ({
    vixShiftPoints: shift,
    vixLevel: m.vixClose + shift,
    todayPnlUsd: moves.map((_, i) => {
      const cell = risk.grid[s * moves.length + i];
      if (cell === undefined) throw new Error(`scenario grid has no cell for VIX +${shift}, SPX level ${i}`);
      return cell.totalPnlUsd + risk.openPnlUsd;
    }),
  }));
  const spxExpiries = open.filter((p) => p.underlying === 'SPX').map((p) => p.expiryDay);
  const expiryDay = spxExpiries.length > 0 ? Math.min(...spxExpiries) : Math.min(...open.map((p) => p.expiryDay));
  const expiryPnlUsd = levels.map((level) =>
    open.reduce((sum, p) => {
      const mult = multiplierOf(p);
      if (p.underlying === 'SPX' && p.expiryDay === expiryDay && p.type !== 'future') {
        const intrinsic = p.type === 'call' ? Math.max(level - p.strike, 0) : Math.max(p.strike - level, 0);
        return sum + p.quantity * (intrinsic - p.entryPrice) * mult;
      }
      return sum + p.quantity * (quoteOf(m, p).mid - p.entryPrice) * mult;
    }, unitsPnlUsd(level)),
  );
  const lastExpiryDay = open.length > 0 ? Math.max(...open.map((p) => p.expiryDay)) : m.day;
  return {
    date: isoFromDay(m.day),
    spxClose: m.spxClose,
    vixClose: m.vixClose,
    spxLevels: levels,
    expiry: isoFromDay(Number.isFinite(expiryDay) ? expiryDay : m.day),
    expiryPnlUsd,
    curves,
    lastExpiry: isoFromDay(lastExpiryDay),
    dateCurves: payoffDays(m.day, lastExpiryDay, config.payoffDateSteps).map((day) => ({
      date: isoFromDay(day),
      daysFromToday: day - m.day,
      pnlUsd: levels.map((level) => open.reduce((sum, p) => sum + p.quantity * (valueOnDay(p, m, dividendYieldDecimal, day, level, config) - p.entryPrice) * multiplierOf(p), unitsPnlUsd(level))),
    })),
  };
}

/** `steps` days from `today` to `lastDay`, both included, evenly spaced and rounded to whole days (no repeats). */
export function payoffDays(today: DayNumber, lastDay: DayNumber, steps: number): DayNumber[] {
  const span = Math.max(lastDay - today, 0);
  const days = new Set<DayNumber>();
  for (let i = 0; i < steps; i++) days.add((today + Math.round((span * i) / (steps - 1))) as DayNumber);
  return [...days];
}

/**
 * A position's value per unit on a later day with SPX at `spxLevel` and spot VIX unchanged, index
 * points: the market model of today carried forward as the "today" curves reprice it (SPX options
 * keep today's implied vol at their strike, VIX options are valued off their futures with the
 * model's VIX vols, futures keep today's price), with only the time to expiry shortened. An option
 * expired by then is worth its intrinsic value: SPX at `spxLevel`, VIX at its future's price.
 */
function valueOnDay(p: OptionPosition, m: MarketDayView, dividendYieldDecimal: number, day: DayNumber, spxLevel: number, config: DashboardConfig): number {
  if (p.type === 'future') return m.vixFuturePrice(p.expiryDay);
  if (p.underlying === 'VIX') return m.repriceVixOption(p.type, p.strike, p.expiryDay, 0, day - m.day);
  if (p.expiryDay <= day) return p.type === 'call' ? Math.max(spxLevel - p.strike, 0) : Math.max(p.strike - spxLevel, 0);
  const sigma = Math.max(m.priceSpxOption(p.type, p.strike, p.expiryDay).impliedVol, config.payoffMinImpliedVolDecimal);
  return bsmOptionPrice({ type: p.type, spot: spxLevel, strike: p.strike, timeYears: yearFractionAct365(day, p.expiryDay), rate: m.riskFreeRate, dividendYield: dividendYieldDecimal, sigma });
}
