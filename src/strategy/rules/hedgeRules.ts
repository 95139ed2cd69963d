/**
 * The Adaptive Layered VIX Hedge's rules (METHODOLOGY section 4). Exposure is measured in USD per
 * 1-point move of spot VIX for both the condor and the hedge, so the hedge ratio compares like with
 * like. "Notional" of a VIX-call layer is the premium paid for it in USD *(choice: the prose's
 * "0.5-1 % of equity" only makes sense as premium: as contract face value it would buy no hedge)*.
 */
import type { StrategyConfig, VixRegimeName } from '../config.js';
import type { RuleOutcome } from './condorRules.js';

const OPTION_MULTIPLIER_USD = 100;

/** A condor leg's VIX exposure: vega per vol point x the leg's IV beta to spot VIX x contracts x 100. */
export function spxLegVixExposureUsd(signedContracts: number, vegaPerVolPoint: number, volBetaToVix: number): number {
  return signedContracts * vegaPerVolPoint * volBetaToVix * OPTION_MULTIPLIER_USD;
}

/** A VIX call's exposure: its Black-76 delta to its future x the future's beta to spot VIX x 100. */
export function vixOptionVixExposureUsd(signedContracts: number, deltaToFuture: number, futureBetaToVix: number): number {
  return signedContracts * deltaToFuture * futureBetaToVix * OPTION_MULTIPLIER_USD;
}

/** Hedge exposure / |condor exposure|; undefined when the condor has no exposure to compare with. */
export function hedgeRatio(hedgeExposureUsd: number, condorExposureUsd: number): number | undefined {
  const base = Math.abs(condorExposureUsd);
  return base > 0 ? hedgeExposureUsd / base : undefined;
}

export interface HedgeTriggerInputs {
  readonly regime: VixRegimeName;
  /** Layers currently held (1-based count). */
  readonly layersHeld: number;
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
  const none = (reason: string) => ({ rule: 'hedge.noLayer', fired: false, layer: 0, relief: false, reason, figures: { layersHeld: s.layersHeld, regime: s.regime } });
  if (!h.enabled) return none('hedge disabled');
  if (!s.condorOpen) return none('no open condor to hedge');
  if (s.resolution) return none('resolution: let layers decay');
  if (s.layersHeld >= h.maxLayers) {
    if (s.reliefRally) return none('relief rally but all layers held');
    return none('all layers held');
  }
  const next = s.layersHeld + 1;
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
  const first = s.heldLayerContracts.get(1);
  if (h.layering === 'ladder' && first !== undefined) {
    const r0 = h.ladderContractRatio[0] as number;
    const rk = h.ladderContractRatio[Math.min(s.layer - 1, h.ladderContractRatio.length - 1)] as number;
    const contracts = Math.round((first * rk) / r0);
    return { rule: 'hedge.sizing.ladder', fired: contracts > 0, contracts, reason: `ladder ratio ${h.ladderContractRatio.join('/')} to layer 1's ${first} contracts`, figures: { layer1Contracts: first } };
  }
  const previousPremium = s.heldLayerPremiumUsd.get(s.layer - 1);
  if (previousPremium === undefined) {
    return { rule: 'hedge.sizing', fired: false, contracts: 0, reason: `layer ${s.layer - 1} is not held`, figures: {} };
  }
  const contracts = Math.round((h.taperLayerRatio * previousPremium) / s.premiumPerContractUsd);
  return { rule: 'hedge.sizing.taper', fired: contracts > 0, contracts, reason: `${h.taperLayerRatio} of layer ${s.layer - 1}'s premium ${previousPremium.toFixed(0)} USD`, figures: { previousPremiumUsd: previousPremium } };
}

export interface PremiumCapInputs {
  readonly equityUsd: number;
  readonly regime: VixRegimeName;
  /** Hedge premium already held (all layers), USD. */
  readonly heldPremiumUsd: number;
  /** Premium spent on new layers in quiet regimes over the last month, USD. */
  readonly quietPremiumLastMonthUsd: number;
  readonly confirmed: boolean;
  readonly premiumPerContractUsd: number;
  readonly requestedContracts: number;
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
  const maxContracts = Math.floor(allowedUsd / s.premiumPerContractUsd);
  const contracts = Math.min(s.requestedContracts, maxContracts);
  const bound = contracts < s.requestedContracts;
  return {
    rule: bound ? (boundBy as string) : 'hedge.caps.withinCaps',
    fired: bound,
    contracts,
    boundBy: bound ? boundBy : undefined,
    reason: bound ? `cap allows ${contracts} of ${s.requestedContracts} contracts (${allowedUsd.toFixed(0)} USD of premium left)` : 'within caps',
    figures: { allowedPremiumUsd: allowedUsd, requestedContracts: s.requestedContracts },
  };
}

/** Bring the hedge ratio back inside the band: the exposure to add (+) or remove (-), USD per VIX point. */
export function hedgeRebalanceExposureUsd(config: StrategyConfig, hedgeExposureUsd: number, condorExposureUsd: number, resolution: boolean): RuleOutcome & { exposureChangeUsd: number } {
  const band = config.hedge.hedgeRatioBand;
  const base = Math.abs(condorExposureUsd);
  const ratio = hedgeRatio(hedgeExposureUsd, condorExposureUsd);
  if (ratio === undefined) return { rule: 'hedge.rebalance', fired: false, exposureChangeUsd: 0, reason: 'no condor exposure', figures: {} };
  const figures = { hedgeRatio: ratio, bandMin: band.min, bandMax: band.max };
  if (resolution && ratio > band.min) {
    return { rule: 'hedge.rebalance.resolutionTrim', fired: true, exposureChangeUsd: band.min * base - hedgeExposureUsd, reason: `resolution: trim ratio ${ratio.toFixed(2)} toward the band's bottom ${band.min}`, figures };
  }
  if (ratio > band.max) {
    return { rule: 'hedge.rebalance.aboveBand', fired: true, exposureChangeUsd: band.max * base - hedgeExposureUsd, reason: `ratio ${ratio.toFixed(2)} above ${band.max}`, figures };
  }
  if (ratio < band.min) {
    return { rule: 'hedge.rebalance.belowBand', fired: true, exposureChangeUsd: band.min * base - hedgeExposureUsd, reason: `ratio ${ratio.toFixed(2)} below ${band.min}`, figures };
  }
  return { rule: 'hedge.rebalance.inBand', fired: false, exposureChangeUsd: 0, reason: `ratio ${ratio.toFixed(2)} inside [${band.min}, ${band.max}]`, figures };
}

/** Roll a layer with fewer than 7 days left to a later tenor. */
export function hedgeLayerRollDue(config: StrategyConfig, dteDays: number): RuleOutcome {
  const limit = config.hedge.rollWhenDteBelowDays;
  return dteDays < limit
    ? { rule: 'hedge.rollLayer', fired: true, reason: `${dteDays} days left < ${limit}`, figures: { dteDays } }
    : { rule: 'hedge.rollLayer', fired: false, reason: `${dteDays} days left`, figures: { dteDays } };
}

/** Roll a layer early when the divergence widens (a new divergence or confirmation) and it is short-dated. */
export function hedgeLayerEarlyRollDue(config: StrategyConfig, dteDays: number, wideningSignals: readonly string[]): RuleOutcome {
  const limit = config.hedge.rollEarlyOnWideningDivergenceDteBelowDays;
  const fired = wideningSignals.length > 0 && dteDays < limit;
  return {
    rule: 'hedge.rollLayerEarly',
    fired,
    reason: fired ? `divergence widening (${wideningSignals.join(', ')}) with ${dteDays} days left < ${limit}` : 'no early roll',
    figures: { dteDays, widening: wideningSignals.join(',') || 'none' },
  };
}

/** Seed VIX call spreads before an FOMC decision (off by default), once per decision. */
export function preFomcSeedDue(config: StrategyConfig, tradingDaysToNextFomc: number | undefined, seedHeld: boolean): RuleOutcome {
  const seed = config.hedge.preFomcSeeding;
  const inWindow = tradingDaysToNextFomc !== undefined && tradingDaysToNextFomc <= seed.windowTradingDays;
  const fired = seed.enabled && inWindow && !seedHeld;
  return {
    rule: 'hedge.preFomcSeed',
    fired,
    reason: !seed.enabled ? 'pre-FOMC seeding is off' : fired ? `FOMC decision in ${tradingDaysToNextFomc} trading day(s)` : inWindow ? 'seed already held' : 'outside the pre-FOMC window',
    figures: { tradingDaysToNextFomc: tradingDaysToNextFomc ?? 'unknown' },
  };
}

/** Cash a layer at 3x its cost or when spot VIX is above 40. */
export function hedgeLayerTakeProfit(config: StrategyConfig, valueUsd: number, costUsd: number, vixClose: number): RuleOutcome {
  const h = config.hedge;
  const multiple = costUsd > 0 ? valueUsd / costUsd : 0;
  const figures = { valueUsd, costUsd, multiple, vixClose };
  if (multiple >= h.takeProfitMultipleOfCost) return { rule: 'hedge.takeProfit.multiple', fired: true, reason: `layer worth ${multiple.toFixed(2)}x its cost`, figures };
  if (vixClose > h.cashWhenVixAbove) return { rule: 'hedge.takeProfit.vixLevel', fired: true, reason: `VIX ${vixClose.toFixed(2)} above ${h.cashWhenVixAbove}`, figures };
  return { rule: 'hedge.takeProfit', fired: false, reason: `layer worth ${multiple.toFixed(2)}x its cost`, figures };
}
