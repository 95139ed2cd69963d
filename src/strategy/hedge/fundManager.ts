/**
 * Layer 1's VIX-futures fund (hedge.firstLayerInstrument: vix-futures-etf; METHODOLOGY 4, "20-30 % of
 * the target VIX exposure in near-term VIX futures or ETF products"): when it is bought, resized, sold
 * and said to be held without a condor. Like the rest of the hedge manager it reads the fund through
 * the context (a FundView) and returns orders with the rule and figures that fired them; execution
 * fills and books them.
 *
 * - Bought with layer 1 and resized at each rebalance (rule `hedge.rebalance.etf`) to its share of the
 *   target exposure (etfTargetOrder). The fund is capital, not premium that can expire worthless: the
 *   premium caps do not bind it; its size is set by exposure, and a purchase by the band's top too.
 * - Sold with layer 1 when layer 1 is cashed (the same rule), and after the day's adds when no layer 1
 *   is held (`hedge.etf.layerOneGone`), so a layer 1 rebought the same day keeps it.
 * - Held with no condor open: logged once per stretch (`hedge.letDecay.noCondor`).
 */
import { etfTargetOrder } from '../rules/hedgeInstrumentRules.js';
import { bandTopHeadroomUsd } from '../rules/hedgeRules.js';
import type { ManagerContext } from '../context.js';
import type { DecisionNote, FundFill, FundOrder, IdCounter } from '../orders.js';
import type { GroupOpening, StrategyState } from '../state.js';
import { fundLegsText } from '../legsText.js';

/** Below this a resize is not traded, USD (a rounding residue, not a decision). */
export const FUND_MIN_TRADE_USD = 1;

export interface FundResizeOrder {
  readonly order: FundOrder;
  /** The fund is bought for the first time (a new group). */
  readonly opening: boolean;
  readonly reason: string;
  readonly figures: Record<string, number | string | boolean>;
}

/** The book's VIX exposures now, USD per VIX point: the condors', and the hedge's with the fund's in it. */
export interface FundSizingExposures {
  readonly condor: number;
  readonly hedge: number;
}

/**
 * Bring the fund to its share of the target exposure, sized on the condor exposure measured now. A
 * purchase never lifts the hedge ratio above the band's top, as a new layer's never does: the fund is
 * part of layer 1, and what it bought above the top was sold at the same close by the rebalance, which
 * trims the latest layers first (the calls bought beside it, or a layer 2 just added). Then the purchase
 * is cut to the headroom and a `hedge.band.max` note says so.
 * No order when layer 1 holds no fund, no layer 1 is held, or the trade would be under a dollar.
 */
export function planFundResize(ctx: ManagerContext, state: StrategyState, ids: IdCounter, exposures: FundSizingExposures, rule: string): { order?: FundResizeOrder; note?: DecisionNote } {
  const { config, market: m, fund } = ctx;
  if (!fund || config.hedge.firstLayerInstrument !== 'vix-futures-etf') return {};
  if (!state.layers.some((l) => l.layer === 1)) return {};
  const exposurePerUsd = fund.exposurePerUsd(m);
  const outcome = etfTargetOrder(config, { condorExposureUsd: exposures.condor, exposurePerUsd, heldValueUsd: fund.valueUsd() });
  if (!outcome.fired || Math.abs(outcome.tradeUsd) < FUND_MIN_TRADE_USD) return {};
  let tradeUsd = outcome.tradeUsd;
  let note: DecisionNote | undefined;
  if (tradeUsd > 0) {
    const top = config.hedge.hedgeRatioBand.max;
    const headroomUsd = bandTopHeadroomUsd(config, exposures.condor, exposures.hedge);
    const allowedUsd = Math.max(headroomUsd, 0) / exposurePerUsd;
    if (allowedUsd < tradeUsd) {
      note = {
        action: 'cap-bound',
        rule: 'hedge.band.max',
        reason: `layer 1's fund: the band's top ${top} allows ${allowedUsd.toFixed(0)} of the ${tradeUsd.toFixed(0)} USD it would buy`,
        group: undefined,
        figures: { layer: 1, requestedUsd: tradeUsd, allowedUsd, headroomUsd },
      };
      tradeUsd = allowedUsd;
      if (tradeUsd < FUND_MIN_TRADE_USD) return { note };
    }
  }
  const opening = fund.group === undefined;
  const group = fund.group ?? ids.group('hedge');
  const order: FundResizeOrder = { order: { kind: 'fund', group, tradeUsd, rule }, opening, reason: outcome.reason, figures: { ...outcome.figures, tradeUsd } };
  return note ? { order, note } : { order };
}

/** After a resize is filled: the group's opening (first purchase) and the note. */
export function applyFundResize(ctx: ManagerContext, o: FundResizeOrder, fill: FundFill): { opening?: GroupOpening; note: DecisionNote } {
  const bought = typeof o.order.tradeUsd === 'number' && o.order.tradeUsd > 0;
  const note: DecisionNote = {
    action: o.opening ? 'add-layer' : 'rebalance',
    rule: o.order.rule,
    reason: `layer 1's fund: ${o.reason}; ${bought ? 'bought' : 'sold'} ${Math.abs(fill.units).toFixed(4)} units at ${fill.fillLevel.toFixed(4)}`,
    group: o.order.group,
    figures: { ...o.figures, layer: 1, units: fill.units, fillLevel: fill.fillLevel },
  };
  if (!o.opening) return { note };
  return { opening: { entryDay: ctx.market.day, kind: 'hedge-layer', layer: 1, contracts: fill.units, entryPricePoints: fill.fillLevel, legs: fundLegsText(fill.units) }, note };
}

export interface FundSaleOrder {
  readonly order: FundOrder;
  readonly reason: string;
  /** The fund's value before the sale, USD. */
  readonly valueUsd: number;
}

/** Sell all of the fund, if any is held, under `rule`. */
export function planFundSale(ctx: ManagerContext, rule: string, reason: string): FundSaleOrder | undefined {
  const group = ctx.fund?.group;
  if (!ctx.fund || group === undefined) return undefined;
  return { order: { kind: 'fund', group, tradeUsd: 'all', rule }, reason, valueUsd: ctx.fund.valueUsd() };
}

/** The fund is sold when no layer 1 is held after the day's adds (expired, trimmed or not rebought at its roll). */
export function planFundSaleWithoutLayerOne(ctx: ManagerContext, state: StrategyState): FundSaleOrder | undefined {
  if (state.layers.some((l) => l.layer === 1)) return undefined;
  return planFundSale(ctx, 'hedge.etf.layerOneGone', 'layer 1 is no longer held (expired, trimmed or not rebought at its roll)');
}

export function applyFundSale(o: FundSaleOrder, fill: FundFill): DecisionNote {
  const units = -fill.units;
  return { action: 'cash-layer', rule: o.order.rule, reason: `${o.reason}: layer 1's fund sold, ${units.toFixed(4)} units worth ${o.valueUsd.toFixed(0)} USD`, group: o.order.group, figures: { layer: 1, units, valueUsd: o.valueUsd } };
}

/**
 * The fund held with no condor open: kept while layer 1 is, and said so once per stretch. Returns the
 * stretch flag to keep (execution's fund state carries it) and the note on the stretch's first day.
 */
export function fundWithoutCondor(ctx: ManagerContext, state: StrategyState): { heldWithoutCondor: boolean; note?: DecisionNote } | undefined {
  const fund = ctx.fund;
  if (!fund || fund.group === undefined) return undefined;
  const noCondor = state.condors.length === 0;
  if (noCondor === fund.heldWithoutCondorLogged()) return undefined;
  if (!noCondor) return { heldWithoutCondor: false };
  return { heldWithoutCondor: true, note: { action: 'let-decay', rule: 'hedge.letDecay.noCondor', reason: "no open condor to protect: layer 1's fund is held while layer 1 is", group: fund.group, figures: { layer: 1 } } };
}

/** The fund's VIX exposure now, USD per VIX point (0 without one). */
export function fundExposureUsd(ctx: ManagerContext): number {
  return ctx.fund ? ctx.fund.exposureUsd(ctx.market) : 0;
}
