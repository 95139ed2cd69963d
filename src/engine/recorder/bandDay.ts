/**
 * The hedged day's place against the hedge-ratio band, and why (see `BandDay`): a measurement made at
 * the close from the ratio, the caps' headroom, the rebalance's state and the day's decisions; it
 * decides nothing.
 */
import type { BandHeadroom } from '../../strategy/hedge/hedgeManager.js';
import type { DayNumber } from '../../time/day.js';
import type { BandDay, BandExcessCause, BandExcessReason, BandShortfallReason, DecisionRecord } from '../records.js';

/** The book's VIX exposures and open condors at one close. */
export interface BandBook {
  /** The condors' VIX exposure, USD per VIX point (negative: short VIX). */
  readonly condorVixExposureUsd: number;
  /** The hedge's VIX exposure, USD per VIX point. */
  readonly hedgeVixExposureUsd: number;
  readonly openCondors: number;
}

/** What the day's decisions did to the book that can move the ratio (read from the decision log). */
export interface BandDayEvents {
  readonly condorExited: boolean;
  readonly condorRolled: boolean;
  readonly layerRolled: boolean;
  readonly layerAdded: boolean;
}

export interface BandDayInputs {
  readonly hedgeRatio: number;
  readonly band: { readonly min: number; readonly max: number };
  /** The caps' headroom to band.min (undefined when the ratio is not below it). */
  readonly headroom: BandHeadroom | undefined;
  /** The rebalance ran today (fully layered, a condor open, its interval elapsed). */
  readonly rebalanceRanToday: boolean;
  /** The rebalance sold hedge contracts today. */
  readonly rebalanceTrimmedToday: boolean;
  /** Every planned rung (the ladder's tenors, or maxLayers) is held: "fully layered". */
  readonly fullyLayered: boolean;
  /** The band applies: the rebalance may run today (`hedge.rebalanceWhen`). */
  readonly bandApplies: boolean;
  /**
   * The rebalance buys nothing today by rule even below the band: a resolution lets the layers decay,
   * or every layer held is left to decay (and is not topped up).
   */
  readonly topUpWithheld: boolean;
  /** The lowest rung not held is in its rebuy cooldown. */
  readonly missingRungCooling: boolean;
  /** Today's book at the close. */
  readonly today: BandBook;
  /** The previous trading day's book and band classification (undefined on the first day). */
  readonly previous: (BandBook & { readonly band?: BandDay | undefined }) | undefined;
  readonly events: BandDayEvents;
}

export function classifyBandDay(s: BandDayInputs): BandDay {
  const flags = { fullyLayered: s.fullyLayered, bandApplies: s.bandApplies };
  if (s.hedgeRatio > s.band.max) {
    const reason: BandExcessReason = s.rebalanceRanToday ? (s.rebalanceTrimmedToday ? 'rebalance-trim-short' : 'rebalance-no-trim') : s.bandApplies ? 'rebalance-interval' : 'not-fully-layered';
    const excessExposureUsd = s.today.hedgeVixExposureUsd - s.band.max * Math.abs(s.today.condorVixExposureUsd);
    return { status: 'above-band', reason, cause: excessCause(s), excessExposureUsd, ...flags };
  }
  if (s.hedgeRatio >= s.band.min || s.headroom === undefined) return { status: 'in-band', ...flags };
  const h = s.headroom;
  if (!h.reachable) return { status: 'below-band-capped', cap: h.boundBy ?? 'hedge.caps', missingExposureUsd: h.missingExposureUsd, allowedPremiumUsd: h.allowedPremiumUsd, ...flags };
  const reason: BandShortfallReason =
    !s.rebalanceRanToday && !s.bandApplies ? (s.missingRungCooling ? 'rung-missing-cooldown' : 'rung-missing-no-trigger') : s.topUpWithheld ? 'let-decay' : s.rebalanceRanToday ? 'rebalance-short' : 'rebalance-interval';
  return { status: 'below-band-headroom', reason, missingExposureUsd: h.missingExposureUsd, allowedPremiumUsd: h.allowedPremiumUsd, ...flags };
}

/**
 * What lifted the ratio above the band (see `BandExcessCause`): a spell above the band keeps the cause
 * of its first day; on that day, what the day's decisions did comes first, then which of the two
 * exposures moved the ratio more since the previous close.
 */
function excessCause(s: BandDayInputs): BandExcessCause {
  const p = s.previous;
  if (p?.band?.status === 'above-band') return p.band.cause;
  if (s.events.condorExited || (p !== undefined && s.today.openCondors < p.openCondors)) return 'condor-closed';
  if (s.events.condorRolled) return 'condor-rolled';
  if (s.events.layerRolled) return 'layer-rolled';
  if (s.events.layerAdded) return 'layer-added';
  // ln(ratio today / ratio before) = ln(H / H0) - ln(|C| / |C0|): the larger term is the cause. A day
  // without a previous hedged close (or a zero exposure then) is put on the hedge's side.
  if (p === undefined || !(p.hedgeVixExposureUsd > 0) || !(Math.abs(p.condorVixExposureUsd) > 0) || !(s.today.hedgeVixExposureUsd > 0)) return 'hedge-exposure-rose';
  const hedgeLog = Math.log(s.today.hedgeVixExposureUsd / p.hedgeVixExposureUsd);
  const condorLog = -Math.log(Math.abs(s.today.condorVixExposureUsd) / Math.abs(p.condorVixExposureUsd));
  return condorLog > hedgeLog ? 'condor-exposure-fell' : 'hedge-exposure-rose';
}

/**
 * What `day`'s decisions did that can move the ratio, read back from the end of the decision log
 * (which holds nothing after `day` when the day's record is made).
 */
export function bandDayEvents(decisions: readonly DecisionRecord[], day: DayNumber): BandDayEvents {
  let condorExited = false;
  let condorRolled = false;
  let layerRolled = false;
  let layerAdded = false;
  for (let i = decisions.length - 1; i >= 0; i--) {
    const d = decisions[i] as DecisionRecord;
    if (d.day !== day) break;
    if (d.action === 'exit-condor') condorExited = true;
    else if (d.action === 'roll-condor') condorRolled = true;
    else if (d.action === 'roll-layer') layerRolled = true;
    // A layer bought (a skipped add is logged without a group) or a rebalance that bought contracts.
    else if ((d.action === 'add-layer' && d.group !== undefined && Number(d.figures.contracts) > 0) || (d.action === 'rebalance' && Number(d.figures.contractsBought) > 0)) layerAdded = true;
  }
  return { condorExited, condorRolled, layerRolled, layerAdded };
}
