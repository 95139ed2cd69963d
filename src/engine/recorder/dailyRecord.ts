/**
 * The recorder: one day's record of the book at the close (equity, the P&L split, values, the Greeks
 * and VIX exposures, the hedge ratio, buying power in use), read from the portfolio after the day's
 * trades. Pure: it reads the book and the market view and changes neither.
 */
import type { StrategyConfig, VixRegimeName } from '../../strategy/config.js';
import { multiplierOf, OPTION_MULTIPLIER_USD, positionValueUsd, VIX_FUTURE_MULTIPLIER_USD, type Book, type OptionPosition } from '../book.js';
import { bookGreeks, spxIndexUnits, type BookGreeksTotals, type PositionQuote } from '../bookGreeks.js';
import type { MarketDayView } from '../marketView.js';
import type { DailyRecord } from '../records.js';

/** The legs of one income structure, as the engine tracks them. */
export interface StructureLegs {
  readonly contracts: number;
  readonly putShortId: string | undefined;
  readonly putLongId: string | undefined;
  readonly callShortId: string | undefined;
  readonly callLongId: string | undefined;
}

/**
 * Buying power one structure ties up, USD: a defined-risk spread its widest wing x 100 x contracts (the
 * long wings are part of it, not extra); a short put with no long put below it is fully collateralised
 * by its strike notional (Cboe PUT) *(choice: cash-secured, not exchange margin)*.
 */
export function structureBuyingPowerUsd(book: Book, c: StructureLegs): number {
  const strike = (id: string | undefined): number | undefined => (id === undefined ? undefined : book.positions.get(id)?.strike);
  const width = (shortId: string | undefined, longId: string | undefined) => {
    const s = strike(shortId);
    const l = strike(longId);
    return s !== undefined && l !== undefined ? Math.abs(s - l) : 0;
  };
  const nakedPut = strike(c.putShortId) !== undefined && strike(c.putLongId) === undefined ? (strike(c.putShortId) as number) : 0;
  return Math.max(width(c.putShortId, c.putLongId), width(c.callShortId, c.callLongId), nakedPut) * c.contracts * OPTION_MULTIPLIER_USD;
}

export function dailyRecord(
  config: StrategyConfig,
  book: Book,
  structures: readonly StructureLegs[],
  hedgeLayers: number,
  m: MarketDayView,
  regime: VixRegimeName,
  quoteOf: (p: OptionPosition) => PositionQuote,
  /** The book's Greeks at this close when already measured on the same positions (they do not depend on marks). */
  greeksNow?: BookGreeksTotals,
): DailyRecord {
  let buyingPower = 0;
  let hedgeVixNotionalUsd = 0;
  for (const p of book.positions.values()) {
    if (p.expiryDay <= m.day) continue;
    if (p.role === 'hedge' && p.underlying === 'VIX') {
      // A put gains as VIX falls: a long put is short VIX, a short put long it.
      const longVix = p.type === 'put' ? -1 : 1;
      hedgeVixNotionalUsd += longVix * p.quantity * multiplierOf(p) * m.vixClose;
    }
    const value = positionValueUsd(p);
    if (p.type === 'future') {
      buyingPower += Math.abs(p.quantity) * p.markPrice * VIX_FUTURE_MULTIPLIER_USD * config.execution.vixFutureMarginFractionOfNotional;
    } else if (p.role === 'hedge' && p.quantity > 0) {
      // Long options are paid in full: their value is buying power in use.
      buyingPower += value;
    }
  }
  for (const c of structures) buyingPower += structureBuyingPowerUsd(book, c);
  const greeks = greeksNow ?? bookGreeks(book.positions.values(), m, quoteOf);
  const totals = book.summary();
  const record: DailyRecord = {
    day: m.day,
    equityUsd: totals.equityUsd,
    cashUsd: book.cashUsd,
    condorPnlUsd: totals.condorPnlUsd,
    hedgePnlUsd: totals.hedgePnlUsd,
    interestUsd: book.interestUsd,
    condorValueUsd: totals.condorValueUsd,
    hedgeValueUsd: totals.hedgeValueUsd,
    hedgeVixNotionalUsd,
    spxClose: m.spxClose,
    vixClose: m.vixClose,
    regime,
    openCondors: structures.length,
    hedgeLayers,
    spxDeltaUsdPerPoint: greeks.spxDeltaUsdPerPoint + spxIndexUnits(book.indexHoldings.values()),
    spxGammaUsdPerPoint2: greeks.spxGammaUsdPerPoint2,
    spxVegaUsdPerVolPoint: greeks.spxVegaUsdPerVolPoint,
    thetaUsdPerDay: greeks.thetaUsdPerDay,
    condorVixExposureUsd: greeks.condorVixExposureUsd,
    hedgeVixExposureUsd: greeks.hedgeVixExposureUsd,
    hedgeRatio: greeks.hedgeRatio,
    buyingPowerUsedUsd: buyingPower,
  };
  // Only on the days a seed is held: a run without seeds keeps its records' fields (and its bytes).
  if (greeks.seedVixExposureUsd !== 0) return { ...record, seedVixExposureUsd: greeks.seedVixExposureUsd };
  return record;
}
