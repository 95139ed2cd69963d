/**
 * The Adaptive Layered VIX Hedge's rules (METHODOLOGY section 4). Exposure is measured in USD per
 * 1-point move of spot VIX for both the condor and the hedge, so the hedge ratio compares like with
 * like. "Notional" of a VIX-call layer is the premium paid for it in USD *(choice: the prose's
 * "0.5-1 % of equity" only makes sense as premium: as contract face value it would buy no hedge)*.
 */
import type { StrategyConfig, VixRegimeName } from '../config.js';
import type { RuleOutcome } from './condorRules.js';
import { countText, fixedText } from '../../lib/numberText.js';

const OPTION_MULTIPLIER_USD = 100;

/** A condor leg's VIX exposure: vega per vol point x the leg's IV beta to spot VIX x contracts x 100. */
export function spxLegVixExposureUsd(signedContracts: number, vegaPerVolPoint: number, volBetaToVix: number): number {
  return signedContracts * vegaPerVolPoint * volBetaToVix * OPTION_MULTIPLIER_USD;
}

/** A VIX call's exposure: its Black-76 delta to its future x the future's beta to spot VIX x 100. */
export function vixOptionVixExposureUsd(signedContracts: number, deltaToFuture: number, futureBetaToVix: number): number {
  return signedContracts * deltaToFuture * futureBetaToVix * OPTION_MULTIPLIER_USD;
}

/**
 * How far past a band edge, relative, a hedge ratio may sit by rounding alone and still count as on
 * the edge: a purchase cut to the headroom under the top lands on it to the last bit or one bit above
 * (1.2000000000000002 after layer 1's fund was cut to its headroom), and a trim of one contract for
 * that would sell at the same close what was just bought.
 */
export const BAND_EDGE_ROUNDING_RELATIVE = 1e-9;

/** Hedge exposure / |condor exposure|; undefined when the condor has no exposure to compare with. */
export function hedgeRatio(hedgeExposureUsd: number, condorExposureUsd: number): number | undefined {
  const base = Math.abs(condorExposureUsd);
  return base > 0 ? hedgeExposureUsd / base : undefined;
}

/** Below this a ratio prints with its decimals (two in a decision); from it, with three significant digits in exponent form. */
const RATIO_TEXT_EXPONENT_FROM = 1000;

/**
 * A hedge ratio as a decision's text prints it. A condor's VIX exposure falls toward nothing in its last
 * days, and the ratio against it reached 21,726,364,462.65 in the default run: printed in full it reads
 * as a fault; in exponent form (2.17e+10) beside the two exposures it reads as what it is.
 */
export function hedgeRatioText(ratio: number, decimals = 2): string {
  return Math.abs(ratio) < RATIO_TEXT_EXPONENT_FROM ? ratio.toFixed(decimals) : ratio.toPrecision(3);
}

/** The two exposures a ratio is measured from, as a decision's text prints them: USD per VIX point. */
function exposuresText(hedgeExposureUsd: number, condorExposureUsd: number): string {
  const digits = (usd: number) => fixedText(usd, Math.abs(usd) < 1 ? 2 : 0);
  return `hedge ${digits(hedgeExposureUsd)} USD per VIX point against the condors' ${digits(Math.abs(condorExposureUsd))}`;
}

export interface HedgeTriggerInputs {
  readonly regime: VixRegimeName;
  /**
   * Rungs of the layers held (1 = the first layer, 2, 3 ...). A layer keeps its rung for its whole
   * life, through rolls, rebalances and trims, so cashing layer 1 leaves rungs 2 and 3 as they are and
   * frees rung 1, never a second "layer 3".
   */
  readonly rungsHeld: readonly number[];
  /** Rungs cashed too recently to be bought again (`hedge.rebuyCooldownTradingDays`). */
  readonly rungsCooling: readonly number[];
  readonly condorOpen: boolean;
  readonly bearishDivergence: boolean;
  readonly confirmations: readonly string[];
  /** Trading days the current regime (elevated or worse) has lasted. */
  readonly regimeAgeTradingDays: number;
  readonly termStructureInverted: boolean | undefined;
  readonly reliefRally: boolean;
  readonly resolution: boolean;
}

/**
 * Which hedge layer (if any) to add today: layer 1 with the condor in high/extreme regimes or on a
 * first bearish divergence; layer 2 on confirmation; layer 3 when the regime persists or the term
 * structure inverts; in a relief rally add OTM calls; in a resolution add nothing.
 */
export function hedgeLayerTrigger(config: StrategyConfig, s: HedgeTriggerInputs): RuleOutcome & { layer: number; relief: boolean } {
  const h = config.hedge;
  const none = (reason: string) => ({ rule: 'hedge.noLayer', fired: false, layer: 0, relief: false, reason, figures: { layersHeld: s.rungsHeld.length, regime: s.regime } });
  if (!h.enabled) return none('hedge disabled');
  if (!s.condorOpen) return none('no open condor to hedge');
  if (s.resolution) return none('resolution: let layers decay');
  // The next layer is the lowest rung not held: a cashed first layer is the first to come back.
  let next = 0;
  for (let rung = 1; rung <= h.maxLayers; rung++) {
    if (!s.rungsHeld.includes(rung)) {
      next = rung;
      break;
    }
  }
  if (next === 0) {
    if (s.reliefRally) return none('relief rally but all layers held');
    return none('all layers held');
  }
  if (s.rungsCooling.includes(next)) return { ...none(`layer ${next} was cashed less than ${h.rebuyCooldownTradingDays} trading days ago: not bought back yet`), rule: 'hedge.rebuyCooldown' };
  const figures = { layer: next, regime: s.regime, regimeAgeTradingDays: s.regimeAgeTradingDays };
  if (s.reliefRally) {
    return { rule: 'hedge.reliefRallyLayer', fired: true, layer: next, relief: true, reason: 'relief rally after an event: add OTM VIX calls across tenors', figures };
  }
  if (next === 1) {
    if (h.alwaysHedgeRegimes.includes(s.regime)) {
      return { rule: 'hedge.layer1.regime', fired: true, layer: 1, relief: false, reason: `${s.regime} VIX regime: layer 1 goes on with the condor`, figures };
    }
    if (s.bearishDivergence) {
      return { rule: 'hedge.layer1.bearishDivergence', fired: true, layer: 1, relief: false, reason: 'first bearish divergence', figures };
    }
    return none('waiting for a bearish divergence (regime does not require a hedge)');
  }
  if (next === 2) {
    if (s.confirmations.length > 0) {
      return { rule: 'hedge.layer2.confirmation', fired: true, layer: 2, relief: false, reason: `confirmed by ${s.confirmations.join(', ')}`, figures: { ...figures, confirmations: s.confirmations.join(',') } };
    }
    return none('layer 2 waits for a confirmation');
  }
  const persists = s.regime !== 'calm' && s.regime !== 'normal' && s.regimeAgeTradingDays >= h.regimePersistenceTradingDays;
  if (persists) {
    return { rule: 'hedge.layer3.regimePersists', fired: true, layer: next, relief: false, reason: `${s.regime} regime for ${s.regimeAgeTradingDays} trading days`, figures };
  }
  if (s.termStructureInverted === true) {
    return { rule: 'hedge.layer3.termStructureInverted', fired: true, layer: next, relief: false, reason: 'VIX term structure inverted', figures };
  }
  return none(`layer ${next} waits for a persistent regime or an inverted term structure`);
}

export interface LayerSizingInputs {
  readonly layer: number;
  readonly condorExposureUsd: number;
  /** Exposure of one contract of the call chosen for this layer, USD per VIX point. */
  readonly exposurePerContractUsd: number;
  /** Premium per contract of that call, USD (fill price x 100). */
  readonly premiumPerContractUsd: number;
  /** Contracts of each layer already held, by layer number (for the ladder ratio and the taper). */
  readonly heldLayerContracts: ReadonlyMap<number, number>;
  /** Premium paid for each held layer, USD (for the taper's notional). */
  readonly heldLayerPremiumUsd: ReadonlyMap<number, number>;
  /**
   * Contracts and premium layer 1 would have today (40 % of the condor exposure in layer 1's call),
   * for sizing a later rung while layer 1 is not held (cashed and cooling down, or expired).
   */
  readonly firstRungReference?: { readonly contracts: number; readonly premiumUsd: number };
}

/**
 * Contracts for a new layer. Layer 1 = 40 % of |condor exposure|. Ladder: later layers keep the 4/4/2
 * contract ratio to layer 1. Taper: each layer's premium is 0.6 of the previous layer's.
 */
export function hedgeLayerContracts(config: StrategyConfig, s: LayerSizingInputs): RuleOutcome & { contracts: number } {
  const h = config.hedge;
  if (!(s.exposurePerContractUsd > 0) || !(s.premiumPerContractUsd > 0)) {
    return { rule: 'hedge.sizing', fired: false, contracts: 0, reason: 'the chosen call has no exposure or no price', figures: {} };
  }
  if (s.layer === 1) {
    const target = h.firstLayerFractionOfCondorExposure * Math.abs(s.condorExposureUsd);
    const contracts = Math.round(target / s.exposurePerContractUsd);
    return {
      rule: 'hedge.sizing.firstLayer',
      fired: contracts > 0,
      contracts,
      reason: `${(h.firstLayerFractionOfCondorExposure * 100).toFixed(0)} % of condor exposure ${Math.abs(s.condorExposureUsd).toFixed(0)} USD/VIX pt`,
      figures: { targetExposureUsd: target, exposurePerContractUsd: s.exposurePerContractUsd },
    };
  }
  if (h.layering === 'ladder') {
    const held = s.heldLayerContracts.get(1);
    const first = held ?? s.firstRungReference?.contracts;
    if (first === undefined) return { rule: 'hedge.sizing', fired: false, contracts: 0, reason: 'layer 1 is not held and no reference size was given', figures: {} };
    const r0 = h.ladderContractRatio[0] as number;
    const rk = h.ladderContractRatio[Math.min(s.layer - 1, h.ladderContractRatio.length - 1)] as number;
    const contracts = Math.round((first * rk) / r0);
    const basis = held !== undefined ? `layer 1's ${countText(first, 'contract')}` : `the ${countText(first, 'contract')} layer 1 would have today (not held)`;
    return { rule: 'hedge.sizing.ladder', fired: contracts > 0, contracts, reason: `ladder ratio ${h.ladderContractRatio.join('/')} to ${basis}`, figures: { layer1Contracts: first, layer1Held: held !== undefined } };
  }
  // Taper: the previous rung's premium, or (when it is not held) layer 1's reference premium tapered down to it.
  const heldPrevious = s.heldLayerPremiumUsd.get(s.layer - 1);
  const reference = s.firstRungReference ? s.firstRungReference.premiumUsd * h.taperLayerRatio ** (s.layer - 2) : undefined;
  const previousPremium = heldPrevious ?? reference;
  if (previousPremium === undefined) {
    return { rule: 'hedge.sizing', fired: false, contracts: 0, reason: `layer ${s.layer - 1} is not held and no reference size was given`, figures: {} };
  }
  const contracts = Math.round((h.taperLayerRatio * previousPremium) / s.premiumPerContractUsd);
  return {
    rule: 'hedge.sizing.taper',
    fired: contracts > 0,
    contracts,
    reason: `${h.taperLayerRatio} of layer ${s.layer - 1}'s premium ${previousPremium.toFixed(0)} USD${heldPrevious === undefined ? ' (not held: tapered from layer 1 today)' : ''}`,
    figures: { previousPremiumUsd: previousPremium },
  };
}

export interface PremiumCapInputs {
  readonly equityUsd: number;
  readonly regime: VixRegimeName;
  /** Hedge premium already held (all layers), USD. */
  readonly heldPremiumUsd: number;
  /** Premium spent on new layers in quiet regimes over the last month, USD. */
  readonly quietPremiumLastMonthUsd: number;
  readonly confirmed: boolean;
  /**
   * What `contracts` contracts of the order cost, USD, never decreasing in `contracts`: contracts x one
   * contract's premium for one expiry; for a layer spread over several tenors, the sum of each tenor's
   * share at its own premium (the longer tenors cost more than the first).
   */
  readonly premiumOfContractsUsd: (contracts: number) => number;
  readonly requestedContracts: number;
}

/**
 * The most contracts, at most `upTo`, whose amount stays within `limit`: `amountOf` never decreases,
 * so the answer is found by bisection (0 when even one contract is over the limit).
 */
export function maxContractsWithin(limit: number, amountOf: (contracts: number) => number, upTo: number): number {
  if (!(upTo > 0)) return 0;
  if (amountOf(upTo) <= limit) return upTo;
  let low = 0;
  let high = upTo;
  // Invariant: amountOf(low) <= limit (amountOf(0) is 0) and amountOf(high) > limit.
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (amountOf(middle) <= limit) low = middle;
    else high = middle;
  }
  return low;
}

/**
 * The hedge's caps: VIX notional (premium) at most 1 % of equity before confirmation and 3 % after, and
 * in quiet regimes new premium at most 0.15 % of equity per month (the drag cap). Returns the contracts
 * allowed and which cap bound.
 */
export function applyHedgePremiumCaps(config: StrategyConfig, s: PremiumCapInputs): RuleOutcome & { contracts: number; boundBy: string | undefined } {
  const caps = config.hedge.caps;
  const notionalCapUsd = (s.confirmed ? caps.confirmedNotionalFractionOfEquity.max : caps.firstDivergenceNotionalFractionOfEquity.max) * s.equityUsd;
  let allowedUsd = Math.max(notionalCapUsd - s.heldPremiumUsd, 0);
  let boundBy: string | undefined = s.confirmed ? 'hedge.caps.confirmedNotional' : 'hedge.caps.firstDivergenceNotional';
  if (caps.quietRegimes.includes(s.regime)) {
    const dragBudgetUsd = Math.max(caps.maxDragFractionOfEquityPerMonth * s.equityUsd - s.quietPremiumLastMonthUsd, 0);
    if (dragBudgetUsd < allowedUsd) {
      allowedUsd = dragBudgetUsd;
      boundBy = 'hedge.caps.maxDrag';
    }
  }
  const contracts = maxContractsWithin(allowedUsd, s.premiumOfContractsUsd, s.requestedContracts);
  const bound = contracts < s.requestedContracts;
  return {
    rule: bound ? (boundBy as string) : 'hedge.caps.withinCaps',
    fired: bound,
    contracts,
    boundBy: bound ? boundBy : undefined,
    reason: bound ? `cap allows ${contracts} of ${countText(s.requestedContracts, 'contract')} (${fixedText(allowedUsd, 0)} USD of premium left)` : 'within caps',
    figures: { allowedPremiumUsd: allowedUsd, requestedContracts: s.requestedContracts, allowedContracts: contracts },
  };
}

/**
 * The VIX exposure the hedge may still add before its ratio reaches the band's top, USD per VIX point
 * (negative: that much above it): band.max x |condor exposure| - hedge exposure. Every purchase the
 * band limits (a new layer, a roll's buy-back, a top-up, layer 1's fund) and every trim measures it so.
 */
export function bandTopHeadroomUsd(config: StrategyConfig, condorExposureUsd: number, hedgeExposureUsd: number): number {
  return config.hedge.hedgeRatioBand.max * Math.abs(condorExposureUsd) - hedgeExposureUsd;
}

/** Bring the hedge ratio back inside the band: the exposure to add (+) or remove (-), USD per VIX point. */
export function hedgeRebalanceExposureUsd(config: StrategyConfig, hedgeExposureUsd: number, condorExposureUsd: number, resolution: boolean): RuleOutcome & { exposureChangeUsd: number } {
  const band = config.hedge.hedgeRatioBand;
  const base = Math.abs(condorExposureUsd);
  const ratio = hedgeRatio(hedgeExposureUsd, condorExposureUsd);
  if (ratio === undefined) return { rule: 'hedge.rebalance', fired: false, exposureChangeUsd: 0, reason: 'no condor exposure', figures: {} };
  const figures = { hedgeRatio: ratio, bandMin: band.min, bandMax: band.max };
  const exposures = exposuresText(hedgeExposureUsd, condorExposureUsd);
  if (resolution && ratio > band.min) {
    return { rule: 'hedge.rebalance.resolutionTrim', fired: true, exposureChangeUsd: band.min * base - hedgeExposureUsd, reason: `resolution: trim ratio ${hedgeRatioText(ratio)} toward the band's bottom ${band.min} (${exposures})`, figures };
  }
  // "In a resolution, let layers decay": below the band nothing is bought back.
  if (resolution && ratio < band.min) {
    return { rule: 'hedge.rebalance.resolutionDecay', fired: false, exposureChangeUsd: 0, reason: `resolution: ratio ${hedgeRatioText(ratio)} below ${band.min} (${exposures}), the layers are left to decay`, figures };
  }
  if (ratio > band.max * (1 + BAND_EDGE_ROUNDING_RELATIVE)) {
    return { rule: 'hedge.rebalance.aboveBand', fired: true, exposureChangeUsd: bandTopHeadroomUsd(config, condorExposureUsd, hedgeExposureUsd), reason: `ratio ${hedgeRatioText(ratio)} above ${band.max} (${exposures})`, figures };
  }
  if (ratio < band.min * (1 - BAND_EDGE_ROUNDING_RELATIVE)) {
    return { rule: 'hedge.rebalance.belowBand', fired: true, exposureChangeUsd: band.min * base - hedgeExposureUsd, reason: `ratio ${hedgeRatioText(ratio)} below ${band.min} (${exposures})`, figures };
  }
  // Not fired, so discarded unless a caller asks: a fixed text (the ratio and the band are in the figures).
  return { rule: 'hedge.rebalance.inBand', fired: false, exposureChangeUsd: 0, reason: 'ratio inside the band', figures };
}

/**
 * Whether an above-band trim waits because the book it is measured against is expiring: every open
 * condor's last leg expires within `hedge.aboveBandHoldBeforeCondorExpiryDays` calendar days (0: never
 * waits). `daysToLastCondorExpiry`: calendar days from today to the latest expiry of any open condor
 * leg (undefined with no condor leg held). Fired means held: nothing is sold.
 */
export function aboveBandHeldNearCondorExpiry(config: StrategyConfig, daysToLastCondorExpiry: number | undefined, hedgeRatio: number): RuleOutcome {
  const limit = config.hedge.aboveBandHoldBeforeCondorExpiryDays;
  const band = config.hedge.hedgeRatioBand;
  const rule = 'hedge.rebalance.aboveBandHeldNearCondorExpiry';
  if (limit === 0 || daysToLastCondorExpiry === undefined || daysToLastCondorExpiry > limit) return { rule, fired: false, reason: 'the condors run past the hold window', figures: {} };
  return {
    rule,
    fired: true,
    reason: `ratio ${hedgeRatioText(hedgeRatio)} above ${band.max}, but every open condor expires within ${daysToLastCondorExpiry} days (hold window ${limit}): not trimmed against a book that is expiring`,
    figures: { hedgeRatio, bandMin: band.min, bandMax: band.max, daysToLastCondorExpiry, holdWindowDays: limit },
  };
}

/** Roll a layer with fewer than 7 days left to a later tenor. */
export function hedgeLayerRollDue(config: StrategyConfig, dteDays: number): RuleOutcome {
  const limit = config.hedge.rollWhenDteBelowDays;
  return dteDays < limit
    ? { rule: 'hedge.rollLayer', fired: true, reason: `${countText(dteDays, 'day')} left < ${limit}`, figures: { dteDays } }
    : { rule: 'hedge.rollLayer', fired: false, reason: 'not due yet', figures: { dteDays } };
}

/** Roll a layer early when the divergence widens (a new divergence or confirmation) and it is short-dated. */
export function hedgeLayerEarlyRollDue(config: StrategyConfig, dteDays: number, wideningSignals: readonly string[]): RuleOutcome {
  const limit = config.hedge.rollEarlyOnWideningDivergenceDteBelowDays;
  const fired = wideningSignals.length > 0 && dteDays < limit;
  return {
    rule: 'hedge.rollLayerEarly',
    fired,
    reason: fired ? `divergence widening (${wideningSignals.join(', ')}) with ${countText(dteDays, 'day')} left < ${limit}` : 'no early roll',
    figures: { dteDays, widening: wideningSignals.length > 0 ? wideningSignals.join(',') : 'none' },
  };
}

/**
 * Seed VIX call spreads before an FOMC decision (off by default), once per decision, and only while a
 * condor is open: the seed protects the condors through the decision *(choice: it was bought with no
 * condor open, 5 % of capital on an event with nothing to protect)*.
 */
export function preFomcSeedDue(config: StrategyConfig, tradingDaysToNextFomc: number | undefined, seedHeld: boolean, condorOpen: boolean): RuleOutcome {
  const seed = config.hedge.preFomcSeeding;
  const inWindow = tradingDaysToNextFomc !== undefined && tradingDaysToNextFomc <= seed.windowTradingDays;
  const fired = seed.enabled && inWindow && !seedHeld && condorOpen;
  return {
    rule: 'hedge.preFomcSeed',
    fired,
    reason: !seed.enabled ? 'pre-FOMC seeding is off' : fired ? `FOMC decision in ${tradingDaysToNextFomc} trading day(s)` : !inWindow ? 'outside the pre-FOMC window' : seedHeld ? 'seed already held' : 'no open condor to protect through the decision',
    figures: { tradingDaysToNextFomc: tradingDaysToNextFomc ?? 'unknown' },
  };
}

/**
 * Cash a layer worth `takeProfitMultipleOfCost` (3x) its cost. The cost is the layer's cumulative cost
 * basis: the premium of its first purchase, plus every roll's net debit and every rebalance purchase,
 * less the share of the basis that trims sold *(choice: the roll's new premium alone made the multiple
 * reset on every roll)*. A layer that has already returned its cost (basis <= 0) is cashed when it is
 * worth anything: its remaining value is all profit and nothing is left to protect by holding on.
 */
export function hedgeLayerTakeProfit(config: StrategyConfig, valueUsd: number, costBasisUsd: number): RuleOutcome {
  const h = config.hedge;
  const multiple = costBasisUsd > 0 ? valueUsd / costBasisUsd : valueUsd > 0 ? Infinity : 0;
  const figures = { valueUsd, costBasisUsd, multiple: Number.isFinite(multiple) ? multiple : 'cost recovered' };
  if (multiple >= h.takeProfitMultipleOfCost) {
    return { rule: 'hedge.takeProfit.multiple', fired: true, reason: costBasisUsd > 0 ? `layer worth ${multiple.toFixed(2)}x its cumulative cost ${costBasisUsd.toFixed(0)} USD` : 'layer has returned its cost and is still worth something', figures };
  }
  // Asked of every layer every day and never logged unless fired: a fixed text, the numbers in the figures.
  return { rule: 'hedge.takeProfit', fired: false, reason: 'layer worth less than the take-profit multiple of its cost', figures };
}

/**
 * The VIX spike rule: once spot VIX closes above `cashWhenVixAbove` the spike is tracked by its highest
 * close; every layer is held through it and cashed at the first close `cashAfterSpikeRetraceFraction`
 * below that peak. Returns whether to cash today and the spike's peak to carry to tomorrow (undefined
 * when no spike is under way).
 *
 * Worked example (level 40, retrace 10 %): closes 38, 42, 47, 44, 42 -> no spike, peak 42, peak 47,
 * 44 > 42.3 hold, 42 <= 42.3 cash.
 */
export function vixSpikeCash(config: StrategyConfig, peakVixClose: number | undefined, vixClose: number): RuleOutcome & { peakVixClose: number | undefined } {
  const h = config.hedge;
  const peak = peakVixClose === undefined ? (vixClose > h.cashWhenVixAbove ? vixClose : undefined) : Math.max(peakVixClose, vixClose);
  // No spike under way (most days): a fixed text, the close in the figures.
  if (peak === undefined) return { rule: 'hedge.takeProfit.vixSpike', fired: false, peakVixClose: undefined, reason: 'no VIX spike under way', figures: { vixClose } };
  const trigger = peak * (1 - h.cashAfterSpikeRetraceFraction);
  const figures = { vixClose, spikePeakVixClose: peak, cashBelowVix: trigger };
  if (vixClose <= trigger) {
    return { rule: 'hedge.takeProfit.vixSpike', fired: true, peakVixClose: undefined, reason: `VIX ${vixClose.toFixed(2)} is ${(h.cashAfterSpikeRetraceFraction * 100).toFixed(0)} % or more below the spike's peak ${peak.toFixed(2)}: the spike has turned`, figures };
  }
  return { rule: 'hedge.takeProfit.vixSpike', fired: false, peakVixClose: peak, reason: `VIX spike under way (peak ${peak.toFixed(2)}): hold the layers through it`, figures };
}

export interface RollWantedInputs {
  readonly condorOpen: boolean;
  readonly resolution: boolean;
  readonly regime: VixRegimeName;
  /** Trading days since the last bearish divergence or confirmation; undefined if none seen. */
  readonly tradingDaysSinceHedgeSignal: number | undefined;
  /** Calendar days since the layer was first opened. */
  readonly layerAgeDays: number;
}

/**
 * Is a layer still wanted, so that a due roll may go ahead? Only while a condor is open, no resolution
 * is under way ("in a resolution, let layers decay"), the layer is younger than `maxLayerLifeDays`, and
 * the regime is not quiet or a bearish divergence / confirmation fired within the lookback. Otherwise
 * the layer is left to expire.
 */
export function hedgeLayerRollWanted(config: StrategyConfig, s: RollWantedInputs): RuleOutcome {
  const h = config.hedge;
  const figures = { regime: s.regime, tradingDaysSinceHedgeSignal: s.tradingDaysSinceHedgeSignal ?? 'none', layerAgeDays: s.layerAgeDays };
  const no = (rule: string, reason: string): RuleOutcome => ({ rule, fired: false, reason, figures });
  if (!s.condorOpen) return no('hedge.letDecay.noCondor', 'no open condor to protect: the layer is left to expire');
  if (s.resolution) return no('hedge.letDecay.resolution', 'resolution: let layers decay');
  if (s.layerAgeDays >= h.maxLayerLifeDays) return no('hedge.letDecay.maxLife', `layer is ${s.layerAgeDays} days old (limit ${h.maxLayerLifeDays}): not rolled again`);
  const quiet = h.caps.quietRegimes.includes(s.regime);
  const recentSignal = s.tradingDaysSinceHedgeSignal !== undefined && s.tradingDaysSinceHedgeSignal <= h.rollSignalLookbackTradingDays;
  if (quiet && !recentSignal) return no('hedge.letDecay.quiet', `${s.regime} regime and no bearish signal in ${h.rollSignalLookbackTradingDays} trading days`);
  return { rule: 'hedge.rollWanted', fired: true, reason: quiet ? `bearish signal ${s.tradingDaysSinceHedgeSignal} trading day(s) ago` : `${s.regime} regime`, figures };
}

/**
 * Cboe VXTH's calendar hedge: on a VIX expiration day the share of equity spent on one-month 30-delta
 * VIX calls, read from the schedule by the front VIX future (the first row at or above it; above the
 * last row, `weightAboveScheduleFraction`). On any other day nothing is bought: the calls are held to expiry.
 */
export function calendarHedgeWeight(config: StrategyConfig, vixExpirationToday: boolean, frontFuturePoints: number): RuleOutcome & { weightFraction: number } {
  const c = config.hedge.calendarWeight;
  if (!vixExpirationToday) return { rule: 'hedge.calendarWeight', fired: false, reason: 'not a VIX expiration day: the calls are held to expiry', figures: {}, weightFraction: 0 };
  if (!Number.isFinite(frontFuturePoints) || frontFuturePoints <= 0) throw new RangeError(`front VIX future must be a positive number, got ${frontFuturePoints}`);
  const row = c.weightSchedule.find((r) => frontFuturePoints <= r.frontFutureAtMostPoints);
  const weightFraction = row ? row.weightFraction : c.weightAboveScheduleFraction;
  const band = row ? `at most ${row.frontFutureAtMostPoints}` : `above ${c.weightSchedule[c.weightSchedule.length - 1]?.frontFutureAtMostPoints}`;
  return {
    rule: 'hedge.calendarWeight',
    fired: weightFraction > 0,
    reason: `VIX expiration day: front future ${frontFuturePoints.toFixed(2)} is ${band}: ${(weightFraction * 100).toFixed(2)} % of equity in ${c.callDelta}-delta VIX calls`,
    figures: { frontFuturePoints, weightFraction },
    weightFraction,
  };
}
