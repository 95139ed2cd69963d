/**
 * The index holdings of a stored book marked on a day: an underlying leg's SPX units (a PPUT or VXTH
 * book) and layer 1's VIX-futures fund (`hedge.firstLayerInstrument: vix-futures-etf`). The engine's
 * daily record counts both; the book page, its risk grid and `alvh book risk` read them from here so
 * that they count them the same way.
 */
import type { EngineStateSnapshot } from '../engine/backtest.js';
import { markStoredFund, stepStoredFund, type StoredFundMark } from '../engine/instruments/vixFuturesEtf.js';
import type { MarketDayView } from '../engine/marketView.js';
import { lowerBound } from '../history/daySearch.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import type { BookContext } from './bookService.js';
import { indexHoldingName } from './bookState.js';

export interface MarkedHolding {
  readonly id: string;
  readonly group: string;
  /** SPX units belong to the income structure (its underlying leg); the fund to the hedge. */
  readonly role: 'condor' | 'hedge';
  readonly index: 'SPX' | 'VIX-ST-FUTURES';
  readonly description: string;
  readonly units: number;
  /** The index's level (SPX close, or the fund's price), points; 1 USD per point per unit. */
  readonly levelPoints: number;
  /** The day that level is from (ISO); null when the fund kept its stored price (no price path to step). */
  readonly levelDate: string | null;
  readonly valueUsd: number;
  readonly spxDeltaUsdPerPoint: number;
  readonly vixExposureUsdPerPoint: number;
}

/**
 * Layer 1's fund of a stored book priced on `m`'s day: its stored price path stepped through every
 * trading day since, as the engine steps it (undefined when the book holds no fund).
 */
export function storedFundOn(ctx: Pick<BookContext, 'history' | 'marketOn' | 'config'>, snapshot: EngineStateSnapshot, m: MarketDayView): StoredFundMark | undefined {
  const state = snapshot.vixFuturesFund;
  if (!state) return undefined;
  return markStoredFund(state, m, marketViewsBetween(ctx, state.index.day, m.day), ctx.config.hedge.vixFuturesEtf.annualFeeFraction);
}

/**
 * A stored book as the engine would hold it at the start of `day`: layer 1's fund stepped through every
 * trading day after its own and before `day`. A book whose last days were never accepted would
 * otherwise have its fund stepped once, from its stored day straight to `day`, while the fund
 * rebalances daily (the book page steps it day by day, and the two would disagree). The options need no
 * such step: they are marked on the day itself.
 */
export function snapshotWithFundSteppedTo(ctx: Pick<BookContext, 'history' | 'marketOn' | 'config'>, snapshot: EngineStateSnapshot, day: DayNumber): EngineStateSnapshot {
  const state = snapshot.vixFuturesFund;
  if (!state) return snapshot;
  const stepped = stepStoredFund(state, marketViewsBetween(ctx, state.index.day, day), day, ctx.config.hedge.vixFuturesEtf.annualFeeFraction);
  return stepped === state ? snapshot : { ...snapshot, vixFuturesFund: stepped };
}

/** The market views of the trading days after `afterDay` and before `beforeDay`, ascending (days without a view are left out). */
function marketViewsBetween(ctx: Pick<BookContext, 'history' | 'marketOn'>, afterDay: DayNumber, beforeDay: DayNumber): MarketDayView[] {
  const days = ctx.history.tradingDays;
  const views: MarketDayView[] = [];
  for (let i = lowerBound(days, afterDay + 1); i < days.length && (days[i] as DayNumber) < beforeDay; i++) {
    const view = ctx.marketOn(days[i] as DayNumber);
    if (view) views.push(view);
  }
  return views;
}

/**
 * The book's index holdings marked on `m`'s day. SPX units are worth the close and add one USD of delta
 * per unit. The fund is worth its units at the fund's price (`fund`, the stored price path stepped to
 * the day) and carries its VIX exposure, as the engine's daily record counts it; without that mark it
 * keeps its stored price and no exposure, which its `levelDate` of null says.
 */
export function markIndexHoldings(snapshot: EngineStateSnapshot, m: MarketDayView, fund: StoredFundMark | undefined): MarkedHolding[] {
  return (snapshot.book.indexHoldings ?? []).map((h): MarkedHolding => {
    if (h.index === 'SPX') {
      return { id: h.id, group: h.group, role: 'condor', index: h.index, description: `${h.units.toFixed(4)} ${indexHoldingName('SPX')}`, units: h.units, levelPoints: m.spxClose, levelDate: isoFromDay(m.day), valueUsd: h.units * m.spxClose, spxDeltaUsdPerPoint: h.units, vixExposureUsdPerPoint: 0 };
    }
    const marked = fund !== undefined && fund.holdingId === h.id ? fund : undefined;
    const levelPoints = marked ? marked.levelPoints : h.markLevel;
    const valueUsd = h.units * levelPoints;
    return {
      id: h.id,
      group: h.group,
      role: 'hedge',
      index: h.index,
      description: `${h.units.toFixed(4)} ${indexHoldingName(h.index)}`,
      units: h.units,
      levelPoints,
      levelDate: marked ? isoFromDay(marked.levelDay) : null,
      valueUsd,
      spxDeltaUsdPerPoint: 0,
      vixExposureUsdPerPoint: marked ? valueUsd * marked.vixExposurePerUsd : 0,
    };
  });
}
