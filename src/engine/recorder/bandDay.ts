/**
 * The hedged day's place against the hedge-ratio band, and why (see `BandDay`): a measurement made at
 * the close from the ratio, the caps' headroom and the rebalance's state; it decides nothing.
 */
import type { BandHeadroom } from '../../strategy/hedge/hedgeManager.js';
import type { BandDay, BandShortfallReason } from '../records.js';

export interface BandDayInputs {
  readonly hedgeRatio: number;
  readonly band: { readonly min: number; readonly max: number };
  /** The caps' headroom to band.min (undefined when the ratio is not below it). */
  readonly headroom: BandHeadroom | undefined;
  /** The rebalance ran today (every planned rung held, a condor open, its interval elapsed). */
  readonly rebalanceRanToday: boolean;
  /** Every planned rung (the ladder's tenors, or maxLayers) is held. */
  readonly everyRungHeld: boolean;
  /** The lowest rung not held is in its rebuy cooldown. */
  readonly missingRungCooling: boolean;
}

export function classifyBandDay(s: BandDayInputs): BandDay {
  if (s.hedgeRatio > s.band.max) return { status: 'above-band' };
  if (s.hedgeRatio >= s.band.min || s.headroom === undefined) return { status: 'in-band' };
  const h = s.headroom;
  if (!h.reachable) return { status: 'below-band-capped', cap: h.boundBy ?? 'hedge.caps', missingExposureUsd: h.missingExposureUsd, allowedPremiumUsd: h.allowedPremiumUsd };
  const reason: BandShortfallReason = s.rebalanceRanToday ? 'rebalance-short' : s.everyRungHeld ? 'rebalance-interval' : s.missingRungCooling ? 'rung-missing-cooldown' : 'rung-missing-no-trigger';
  return { status: 'below-band-headroom', reason, missingExposureUsd: h.missingExposureUsd, allowedPremiumUsd: h.allowedPremiumUsd };
}
