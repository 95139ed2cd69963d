/** What a backtest produces, day by day and decision by decision; plain serialisable objects. */
import type { DayNumber } from '../time/day.js';
import type { VixRegimeName } from '../strategy/config.js';

export type DecisionAction =
  | 'enter-condor'
  | 'skip-entry'
  | 'exit-condor'
  | 'roll-condor'
  | 'defer-roll'
  | 'settle'
  | 'add-layer'
  /**
   * A layer rule fired (or a roll or a calendar hedge was due) and nothing, or only part of what it
   * wanted, was bought: no VIX expiry listed, a size of no contracts, no rung free. A cap that cut the
   * order is `cap-bound`. The daily signal lists it so a trader sees why no layer is recommended.
   */
  | 'skip-layer'
  | 'cap-bound'
  | 'rebalance'
  | 'roll-layer'
  | 'cash-layer'
  | 'let-decay'
  | 'hold-layer'
  | 'fill-at-close'
  | 'data-gap';

export interface DecisionRecord {
  readonly day: DayNumber;
  readonly action: DecisionAction;
  /** The rule that fired, by its name in src/strategy/rules. */
  readonly rule: string;
  readonly reason: string;
  readonly group: string | undefined;
  readonly figures: Readonly<Record<string, number | string | boolean>>;
}

export interface DailyRecord {
  readonly day: DayNumber;
  readonly equityUsd: number;
  readonly cashUsd: number;
  /** Cumulative P&L of all condors since the start (fills, fees, settlements and marks), USD. */
  readonly condorPnlUsd: number;
  /** Cumulative P&L of all hedge layers since the start, USD. */
  readonly hedgePnlUsd: number;
  /** Cumulative interest on cash, USD. */
  readonly interestUsd: number;
  readonly condorValueUsd: number;
  readonly hedgeValueUsd: number;
  /**
   * The hedge's VIX notional at the close, USD: over its VIX legs, contracts x multiplier x spot VIX,
   * positive for legs long VIX (long calls, short puts, long futures) and negative for legs short it.
   * METHODOLOGY's claim 2 measures the hedge against "an equal-notional VIX position": spot VIX of this
   * notional gains notional x (VIX return).
   */
  readonly hedgeVixNotionalUsd: number;
  readonly spxClose: number;
  readonly vixClose: number;
  readonly regime: VixRegimeName;
  readonly openCondors: number;
  readonly hedgeLayers: number;
  /** USD per SPX index point: the SPX option legs and the SPX index units of an underlying leg (1 USD per point each). */
  readonly spxDeltaUsdPerPoint: number;
  /** USD per SPX index point, per point (SPX legs). */
  readonly spxGammaUsdPerPoint2: number;
  /** USD per vol point of SPX implied vol (SPX legs). */
  readonly spxVegaUsdPerVolPoint: number;
  /** USD per calendar day, all legs. */
  readonly thetaUsdPerDay: number;
  /** USD per 1-point move of spot VIX. */
  readonly condorVixExposureUsd: number;
  /** The layered hedge's (and layer 1's fund's), without a pre-FOMC seed's: what the band measures. */
  readonly hedgeVixExposureUsd: number;
  /** hedgeVixExposureUsd / |condorVixExposureUsd|. */
  readonly hedgeRatio: number | undefined;
  readonly buyingPowerUsedUsd: number;
  /** The pre-FOMC seeds' VIX exposure, USD per VIX point, on the days one is held (outside the band; absent otherwise). */
  readonly seedVixExposureUsd?: number;
  /** Where the hedge ratio sits against the band at the close, and why (hedged days of the ALVH hedge only). */
  readonly band?: BandDay;
}

/**
 * A hedged day's hedge ratio against the band [min, max], classified at the close from what the hedge
 * managers computed that day (no look-ahead). Below the band, "headroom" means: the premium the caps
 * still allow today (notional cap at its confirmed level, as the rebalance applies it; in quiet regimes
 * the drag cap's rolling window), spent on the cheapest allowed layer unit (the rebalance's unit: most
 * VIX exposure per premium dollar), buys at least the exposure missing to band.min. `fullyLayered`:
 * every rung the layering plans is held (one layer per ladder tenor, or `maxLayers` for the taper), the
 * state METHODOLOGY keeps the band in ("once fully layered") and the only one the rebalance runs in.
 */
export type BandDay = BandPlace & {
  readonly fullyLayered: boolean;
  /**
   * The band applies: the rebalance may run (`hedge.rebalanceWhen`: by default from the first fully
   * layered close until the hedge holds no layer; or only while fully layered).
   */
  readonly bandApplies: boolean;
};

export type BandPlace =
  | { readonly status: 'in-band' }
  | {
      readonly status: 'above-band';
      /** Why no trim brought it back: see `BandExcessReason`. */
      readonly reason: BandExcessReason;
      /** What lifted the ratio above the band on the first day of this spell above it: see `BandExcessCause`. */
      readonly cause: BandExcessCause;
      /** VIX exposure above the band's top, USD per VIX point. */
      readonly excessExposureUsd: number;
    }
  | {
      readonly status: 'below-band-capped';
      /** The cap that leaves too little premium (`hedge.caps.maxDrag`, `hedge.caps.confirmedNotional`), or `hedge.noLayerUnit`. */
      readonly cap: string;
      readonly missingExposureUsd: number;
      readonly allowedPremiumUsd: number;
    }
  | {
      readonly status: 'below-band-headroom';
      /** Why nothing reached the band: see `BandShortfallReason`. */
      readonly reason: BandShortfallReason;
      readonly missingExposureUsd: number;
      readonly allowedPremiumUsd: number;
    };

/**
 * Why a day below the band with headroom was not brought into it:
 * - `rebalance-interval`: the band applies, but today is not a rebalance day;
 * - `rung-missing-no-trigger`: the band does not apply yet (a planned rung is missing and the ladder
 *   has not been complete since the hedge went on), and the missing rung's trigger has not fired;
 * - `rung-missing-cooldown`: the same, the missing rung being in its rebuy cooldown;
 * - `let-decay`: the band applies, but the rebalance buys nothing by rule: in a resolution the layers
 *   are left to decay, or every layer held was left to decay by its own rule (not topped up);
 * - `rebalance-short`: the rebalance ran today and still left the ratio below the band (a purchase
 *   rounded down, no unit available, or the marks moved after it).
 */
export type BandShortfallReason = 'rebalance-interval' | 'rung-missing-no-trigger' | 'rung-missing-cooldown' | 'let-decay' | 'rebalance-short';

/**
 * Why a day above the band was not trimmed back into it:
 * - `rebalance-interval`: the band applies, but today is not a rebalance day (the next one trims);
 * - `not-fully-layered`: the band does not apply yet (a planned rung is missing and the ladder has
 *   not been complete since the hedge went on, or, under `rebalanceWhen: every-rung-held`, a rung is
 *   missing), so the rebalance, the only rule that trims, waits: METHODOLOGY keeps the band "once
 *   fully layered";
 * - `rebalance-trim-short`: the rebalance trimmed today and the ratio is still above the top (the
 *   trim's per-contract exposure differs from the close's, or every contract it could sell is gone);
 * - `rebalance-no-trim`: the rebalance ran today and sold nothing (with `hedge.aboveBandHoldBeforeCondorExpiryDays`,
 *   a trim held while every open condor expires within the window).
 */
export type BandExcessReason = 'rebalance-interval' | 'not-fully-layered' | 'rebalance-trim-short' | 'rebalance-no-trim';

/**
 * What lifted the ratio above the band, judged on the first day of a spell above it against the day
 * before (and carried through the spell), in this order:
 * - `condor-closed`: fewer condors open than the day before (one exited or settled), the layers stay;
 * - `condor-rolled`: a condor side was rolled today (its new strikes carry less VIX exposure);
 * - `layer-rolled`: a hedge layer was rolled today (same contracts, bought again at today's strike);
 * - `layer-added`: a hedge layer was added or topped up today;
 * - `condor-exposure-fell`: none of those, and the condor's |VIX exposure| fell more, in log terms,
 *   than the hedge's rose (time decay, SPX moving away from the short strikes);
 * - `hedge-exposure-rose`: none of those, and the hedge's VIX exposure rose more (VIX and its futures
 *   rising lift the calls' deltas).
 */
export type BandExcessCause = 'condor-closed' | 'condor-rolled' | 'layer-rolled' | 'layer-added' | 'condor-exposure-fell' | 'hedge-exposure-rose';

export interface TradeRecord {
  readonly group: string;
  readonly kind: 'condor' | 'hedge-layer';
  readonly layer: number | undefined;
  readonly entryDay: DayNumber;
  readonly exitDay: DayNumber;
  readonly contracts: number;
  /** Condors: net credit per unit at entry, index points. Hedge layers: premium per unit paid. */
  readonly entryPricePoints: number;
  readonly pnlUsd: number;
  readonly exitRule: string;
  /** The legs at entry. */
  readonly legs: string;
  /**
   * The legs the group held when it closed: its last set of legs before its final leg(s) left, the
   * ones `exitRule` and `settlement` are about (a rolled side's new legs, a widened long put, what an
   * earlier expiry or a partial close left, a layer's contracts after its trims and top-ups, the fund's
   * units). Written as `legs` is, and equal to it for a group whose legs never changed.
   */
  readonly legsAtClose: string;
  /**
   * Times the group was rolled: a condor side closed and reopened further out (adaptive roll), a hedge
   * layer's legs closed and bought again at later expiries. Not rolls: a widened long put, a partial
   * close, a side closed without reopening (`adaptive.roll.noReopen`), a layer roll that bought
   * nothing (it is the layer's exit), and a fixed R:R condor reopened after its exit (a new group).
   */
  readonly rolls: number;
  /** A group that ended at expiry: what its last leg settled against (`open`, `estimated: <reason>`, `close`). */
  readonly settlement?: string;
}
