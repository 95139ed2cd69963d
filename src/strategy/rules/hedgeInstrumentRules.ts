/**
 * Rules for the hedge instruments beside plain VIX calls (METHODOLOGY 4, "Instruments" and "Sizing"):
 * layer 1 partly held in a VIX-futures fund, later layers as VIX put spreads or calendars. Pure: figures
 * in, decisions out, every number from the config.
 *
 * Exposure unit (the hedge ratio's): USD per 1-point move of spot VIX.
 * - A VIX-futures fund worth N USD tracking a futures basket with contract weights w_i (summing to 1) at
 *   prices F_i: its value moves by N x sum_i w_i dF_i / sum_i w_i F_i, and each future moves by its beta
 *   to spot VIX (dF_i = beta_i dVIX), so its exposure is N x sum_i w_i beta_i / sum_i w_i F_i. At F = 20
 *   and beta = 0.6, one dollar of the fund is 0.03 USD per VIX point: 100,000 USD of it is 3,000.
 * - A VIX option leg: signed contracts x its delta to its future x that future's beta x 100; a structure
 *   sums its legs, each at its own expiry's beta (a calendar's two legs have different betas).
 */
import type { StrategyConfig } from '../config.js';
import type { RuleOutcome } from './condorRules.js';

export type LayerStructure = 'vix-calls' | 'vix-put-spread' | 'vix-calendar';

/** The structure a rung is built of: later layers follow `laterLayerStructure`, layer 1 (and pre-FOMC seeds, rung 0) VIX calls. */
export function layerStructure(config: StrategyConfig, layer: number): LayerStructure {
  return layer >= 2 ? config.hedge.laterLayerStructure : 'vix-calls';
}

/** The middle of the hedge-ratio band: the "target VIX exposure" per unit of |condor exposure|. */
export function targetHedgeRatio(config: StrategyConfig): number {
  const band = config.hedge.hedgeRatioBand;
  return (band.min + band.max) / 2;
}

/** The fund's share of |condor exposure|: 0 unless layer 1 holds the fund (0.25 x 0.9 = 0.225 by default). */
export function etfFractionOfCondorExposure(config: StrategyConfig): number {
  const h = config.hedge;
  return h.firstLayerInstrument === 'vix-futures-etf' ? h.firstLayerEtfShareOfTargetExposure * targetHedgeRatio(config) : 0;
}

/**
 * The config layer 1's calls are sized with: with the fund, layer 1's calls cover what the fund does not
 * (0.40 - 0.225 = 0.175 of |condor exposure| by default), so layer 1 as a whole is still 40 %.
 */
export function firstLayerCallsConfig(config: StrategyConfig): StrategyConfig {
  const fund = etfFractionOfCondorExposure(config);
  if (fund === 0) return config;
  return { ...config, hedge: { ...config.hedge, firstLayerFractionOfCondorExposure: config.hedge.firstLayerFractionOfCondorExposure - fund } };
}

/**
 * Layer 1's size in calls as if it held no fund: what the 4/4/2 ladder counts from, so that putting part
 * of layer 1 into the fund does not shrink layers 2 and 3.
 */
export function ladderReferenceContracts(config: StrategyConfig, layerOneCallContracts: number): number {
  const fund = etfFractionOfCondorExposure(config);
  if (fund === 0) return layerOneCallContracts;
  const calls = config.hedge.firstLayerFractionOfCondorExposure - fund;
  return Math.round((layerOneCallContracts * config.hedge.firstLayerFractionOfCondorExposure) / calls);
}

/** USD per VIX point per USD of a fund holding futures with contract weights `w` at prices `F` and betas `beta`. */
export function etfExposurePerUsd(holdings: ReadonlyArray<{ weight: number; pricePoints: number; betaToVix: number }>): number {
  let weightedPrice = 0;
  let weightedBeta = 0;
  for (const h of holdings) {
    if (!Number.isFinite(h.weight) || !Number.isFinite(h.pricePoints) || !Number.isFinite(h.betaToVix) || h.weight < 0 || h.pricePoints <= 0) {
      throw new RangeError(`fund holding with weight ${h.weight}, price ${h.pricePoints}, beta ${h.betaToVix}: weights must be >= 0 and prices > 0`);
    }
    weightedPrice += h.weight * h.pricePoints;
    weightedBeta += h.weight * h.betaToVix;
  }
  if (!(weightedPrice > 0)) throw new RangeError('fund holdings have no weight');
  return weightedBeta / weightedPrice;
}

export interface EtfSizingInputs {
  readonly condorExposureUsd: number;
  /** The fund's exposure per USD held (etfExposurePerUsd). */
  readonly exposurePerUsd: number;
  /** USD of the fund held now (0 when none). */
  readonly heldValueUsd: number;
}

/**
 * The fund's order when layer 1 is bought or the hedge is rebalanced: bring its exposure to
 * etfFractionOfCondorExposure x |condor exposure|. Hand-worked: condor exposure -1,000 USD/VIX pt, the
 * default 0.225 share: 225 USD/VIX pt; at 0.03 per USD that is 7,500 USD of the fund; holding 5,000 USD,
 * buy 2,500 USD.
 */
export function etfTargetOrder(config: StrategyConfig, s: EtfSizingInputs): RuleOutcome & { targetValueUsd: number; tradeUsd: number } {
  const fraction = etfFractionOfCondorExposure(config);
  const targetExposureUsd = fraction * Math.abs(s.condorExposureUsd);
  const figures = { targetExposureUsd, exposurePerUsd: s.exposurePerUsd, heldValueUsd: s.heldValueUsd };
  if (fraction === 0 || !(s.exposurePerUsd > 0)) {
    return { rule: 'hedge.etf.size', fired: false, targetValueUsd: 0, tradeUsd: 0, reason: fraction === 0 ? 'layer 1 holds no fund' : 'the fund has no VIX exposure today', figures };
  }
  const targetValueUsd = targetExposureUsd / s.exposurePerUsd;
  const tradeUsd = targetValueUsd - s.heldValueUsd;
  return {
    rule: 'hedge.etf.size',
    fired: tradeUsd !== 0,
    targetValueUsd,
    tradeUsd,
    reason: `${(config.hedge.firstLayerEtfShareOfTargetExposure * 100).toFixed(0)} % of the target exposure ${(targetHedgeRatio(config) * Math.abs(s.condorExposureUsd)).toFixed(0)} USD/VIX pt = ${targetExposureUsd.toFixed(0)} USD/VIX pt at ${s.exposurePerUsd.toFixed(5)} per USD: ${targetValueUsd.toFixed(0)} USD of the fund`,
    figures: { ...figures, targetValueUsd, tradeUsd },
  };
}

/** Net VIX exposure of one unit of a structure, USD per VIX point: sum of sign x delta x beta x 100. */
export function structureExposurePerUnitUsd(legs: ReadonlyArray<{ signedRatio: number; deltaToFuture: number; futureBetaToVix: number }>, optionMultiplierUsd: number): number {
  return legs.reduce((s, l) => s + l.signedRatio * l.deltaToFuture * l.futureBetaToVix * optionMultiplierUsd, 0);
}

/**
 * What one unit of a structure counts as premium for sizing, the caps and the cost basis, index points:
 * a debit structure its net debit; a credit structure (the short put spread) what it can lose, width less
 * credit *(choice: the caps bound what a layer can lose; a call's worst case is its premium, a credit
 * spread's is width - credit)*.
 */
export function structurePremiumAtRiskPoints(netDebitPoints: number, creditSpreadWidthPoints: number | undefined): number {
  if (creditSpreadWidthPoints === undefined) return netDebitPoints;
  return creditSpreadWidthPoints + netDebitPoints;
}
