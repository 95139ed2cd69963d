/**
 * The book's Greeks and its exposure to spot VIX, summed over open positions from the model's quotes:
 * one function for the backtest's daily record, the daily signal and the dashboard, so they cannot
 * disagree about what "delta" or "hedge ratio" means.
 */
import { hedgeRatio, spxLegVixExposureUsd, vixOptionVixExposureUsd } from '../strategy/rules/hedgeRules.js';
import { PRE_FOMC_SEED_RUNG } from '../strategy/state.js';
import type { DayNumber } from '../time/day.js';
import { multiplierOf, OPTION_MULTIPLIER_USD, type IndexHolding, type OptionPosition } from './book.js';
import type { MarketDayView, ModelOptionQuote } from './marketView.js';

export type PositionQuote = Pick<ModelOptionQuote, 'mid' | 'delta' | 'gamma' | 'vegaPerVolPoint' | 'thetaPerDay'>;

export interface BookGreeksTotals {
  /** USD per SPX index point (SPX legs). */
  spxDeltaUsdPerPoint: number;
  /** USD per SPX index point, per point (SPX legs). */
  spxGammaUsdPerPoint2: number;
  /** USD per vol point of SPX implied vol (SPX legs). */
  spxVegaUsdPerVolPoint: number;
  /** USD per calendar day, all option legs. */
  thetaUsdPerDay: number;
  /** USD per 1-point move of spot VIX. */
  condorVixExposureUsd: number;
  /** The layered hedge's, USD per VIX point: every hedge leg but a pre-FOMC seed's (the band's measure). */
  hedgeVixExposureUsd: number;
  /**
   * The pre-FOMC seeds', USD per VIX point: an event position beside the layers, outside the band
   * (`PRE_FOMC_SEED_RUNG`). Counted in the hedge ratio, a seed of 5 % of capital lifted it to 8 and the
   * rebalance sold the layers the same day, to buy them back when the seed was sold after the decision.
   */
  seedVixExposureUsd: number;
  /** hedgeVixExposureUsd / |condorVixExposureUsd|: the ratio the band keeps, seeds left out. */
  hedgeRatio: number | undefined;
}

/**
 * The SPX index units held (an underlying leg): each moves 1 USD per SPX point, so their sum is the
 * holdings' SPX delta in USD per point, beside the option legs' from bookGreeks. Apart from bookGreeks
 * because the units change on days the positions do not (a roll's reset, a dividend reinvested).
 */
export function spxIndexUnits(holdings: Iterable<Pick<IndexHolding, 'index' | 'units'>>): number {
  let units = 0;
  for (const h of holdings) if (h.index === 'SPX') units += h.units;
  return units;
}

/** A position's exposure to spot VIX, USD per VIX point (METHODOLOGY section 4). */
export function positionVixExposureUsd(p: Pick<OptionPosition, 'underlying' | 'type' | 'quantity' | 'expiryDay'>, q: PositionQuote, m: MarketDayView): number {
  const dteDays = p.expiryDay - m.day;
  if (p.underlying === 'SPX') return spxLegVixExposureUsd(p.quantity, q.vegaPerVolPoint, m.spxVolBetaToVix(dteDays));
  return vixOptionVixExposureUsd(p.quantity, q.delta, m.vixFutureBetaToVix(dteDays)) * (multiplierOf(p) / OPTION_MULTIPLIER_USD);
}

/** Sums over the positions still open after `m.day` (those expiring today have settled). */
export function bookGreeks(positions: Iterable<OptionPosition>, m: MarketDayView, quoteOf: (p: OptionPosition) => PositionQuote, day: DayNumber = m.day): BookGreeksTotals {
  const t = { spxDeltaUsdPerPoint: 0, spxGammaUsdPerPoint2: 0, spxVegaUsdPerVolPoint: 0, thetaUsdPerDay: 0, condorVixExposureUsd: 0, hedgeVixExposureUsd: 0, seedVixExposureUsd: 0 };
  for (const p of positions) {
    if (p.expiryDay <= day) continue;
    const q = quoteOf(p);
    if (p.type !== 'future') t.thetaUsdPerDay += p.quantity * q.thetaPerDay * OPTION_MULTIPLIER_USD;
    if (p.underlying === 'SPX') {
      t.spxDeltaUsdPerPoint += p.quantity * q.delta * OPTION_MULTIPLIER_USD;
      t.spxGammaUsdPerPoint2 += p.quantity * q.gamma * OPTION_MULTIPLIER_USD;
      t.spxVegaUsdPerVolPoint += p.quantity * q.vegaPerVolPoint * OPTION_MULTIPLIER_USD;
    }
    const exposure = positionVixExposureUsd(p, q, m);
    if (p.role === 'condor') t.condorVixExposureUsd += exposure;
    else if (p.layer === PRE_FOMC_SEED_RUNG) t.seedVixExposureUsd += exposure;
    else t.hedgeVixExposureUsd += exposure;
  }
  // Spelled out: spreading an object of double fields boxes each one again, on every hedged day.
  return {
    spxDeltaUsdPerPoint: t.spxDeltaUsdPerPoint,
    spxGammaUsdPerPoint2: t.spxGammaUsdPerPoint2,
    spxVegaUsdPerVolPoint: t.spxVegaUsdPerVolPoint,
    thetaUsdPerDay: t.thetaUsdPerDay,
    condorVixExposureUsd: t.condorVixExposureUsd,
    hedgeVixExposureUsd: t.hedgeVixExposureUsd,
    seedVixExposureUsd: t.seedVixExposureUsd,
    hedgeRatio: hedgeRatio(t.hedgeVixExposureUsd, t.condorVixExposureUsd),
  };
}
