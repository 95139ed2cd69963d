/**
 * A hedge layer's instrument on a day's market: which VIX expiry a layer's tenor means, what one unit
 * (a call, a call spread or a future; for later layers a VIX put spread or calendar, by
 * `hedge.laterLayerStructure`) costs and how much VIX exposure it carries, and the leg orders that buy
 * `n` units at one expiry. Pure.
 */
import { isoFromDay, type DayNumber } from '../../time/day.js';
import { vixOptionVixExposureUsd } from '../rules/hedgeRules.js';
import type { StrategyConfig } from '../config.js';
import type { MarketDayView, VixTenor } from '../../engine/marketView.js';
import type { Execution } from '../../engine/execution/execution.js';
import { OPTION_MULTIPLIER_USD, VIX_FUTURE_MULTIPLIER_USD, multiplierOf } from '../../engine/portfolio/book.js';
import type { IdCounter, LegFill, OpenLegOrder } from '../orders.js';
import { openLegOrder } from '../orders.js';
import type { LayerTenor } from '../state.js';
import { optionStructureOf, structureLegs, structureUnit } from '../../engine/instruments/vixOptionStructures.js';

export function tenorsForLayer(config: StrategyConfig, layer: number, relief: boolean): LayerTenor[] {
  const h = config.hedge;
  if (relief) return h.reliefRallyTenorsDays.map((days) => ({ kind: 'dte', days }) as const);
  if (h.layering === 'ladder') {
    const tenor = h.ladderTenors[Math.min(layer - 1, h.ladderTenors.length - 1)] as string;
    return [{ kind: 'vixTenor', index: Number(tenor.slice(1)) - 1 }];
  }
  return [{ kind: 'dteRange', min: h.firstLayerDteDays.min, max: h.firstLayerDteDays.max }];
}

/**
 * The VIX expiry for a layer. Ladder tenors count from the expiry nearest the first layer's target
 * (the middle of 30-45 days) *(choice: "M1" is the first-layer tenor, M2 and M3 the next listed ones,
 * so the first layer keeps the methodology's 30-45 days)*; other layers take the expiry nearest their
 * target days. Expiries inside the roll window are never chosen, nor, while another is listed, those in
 * `taken` (the expiries a layer's earlier tenors took: see layerExpiries), nor any up to `laterThan`.
 */
export function chooseLayerExpiry(config: StrategyConfig, m: MarketDayView, tenor: LayerTenor, taken?: ReadonlySet<DayNumber>, laterThan?: DayNumber): VixTenor | undefined {
  const h = config.hedge;
  const listed = m.vixTenors();
  // The nearest expiry a candidate may be: outside the roll window and, for a leg being rolled, after
  // the one it holds (a roll never buys back the expiry it sells).
  const day = m.day;
  const firstDay = Math.max(day + h.rollWhenDteBelowDays, laterThan ?? -Infinity);
  // The candidates: the listed expiries outside the roll window, and of those only the untaken ones
  // while any is untaken. Walked in place, in listing order, without building the subsets: the band's
  // daily measurement asks this for every held layer.
  let untakenOnly = false;
  if (taken !== undefined) {
    for (const t of listed) {
      if (t.expiryDay > firstDay && !taken.has(t.expiryDay)) {
        untakenOnly = true;
        break;
      }
    }
  }
  const candidate = (t: VixTenor) => t.expiryDay > firstDay && !(untakenOnly && (taken as ReadonlySet<DayNumber>).has(t.expiryDay));
  // The candidate nearest `target` days (the first of equals) and its place among the candidates.
  let nearest: VixTenor | undefined;
  let nearestRank = -1;
  const findNearest = (target: number) => {
    let rank = 0;
    for (const t of listed) {
      if (!candidate(t)) continue;
      if (nearest === undefined || Math.abs(t.expiryDay - day - target) < Math.abs(nearest.expiryDay - day - target)) {
        nearest = t;
        nearestRank = rank;
      }
      rank++;
    }
  };
  if (tenor.kind === 'vixTenor') {
    findNearest((h.firstLayerDteDays.min + h.firstLayerDteDays.max) / 2);
    if (nearest === undefined) return undefined;
    // M1 is the candidate nearest the first layer's target; M2, M3 the candidates after it.
    let rank = 0;
    for (const t of listed) {
      if (!candidate(t)) continue;
      if (rank === nearestRank + tenor.index) return t;
      rank++;
    }
    return undefined;
  }
  findNearest(tenor.kind === 'dte' ? tenor.days : (tenor.min + tenor.max) / 2);
  return nearest;
}

/**
 * The expiries of a layer bought across several tenors (the relief-rally layer's 30/60/90 days), in
 * tenor order: each tenor takes the listed expiry nearest its target that no earlier tenor took, so the
 * layer holds as many expiries as it has tenors whenever as many are listed *(choice: "OTM VIX calls at
 * about 30/60/90 days" means three tenors; where monthly expiries are five weeks apart, 30 and 60 days
 * are both nearest the same one, and buying it twice would be one tenor in two lots)*. Undefined where
 * no expiry is listed for a tenor.
 */
export function layerExpiries(config: StrategyConfig, m: MarketDayView, tenors: readonly LayerTenor[]): Array<VixTenor | undefined> {
  const taken = new Set<DayNumber>();
  return tenors.map((tenor) => {
    const t = chooseLayerExpiry(config, m, tenor, taken);
    if (t) taken.add(t.expiryDay);
    return t;
  });
}

/**
 * A layer's contracts split across its tenors, in tenor order: equal shares, the remainder to the first
 * tenors, so the layer holds exactly what it says (10 over 3 tenors is 4/3/3, never 3/3/3).
 */
export function splitAcrossTenors(contracts: number, tenorCount: number): number[] {
  const base = Math.floor(contracts / tenorCount);
  const extra = contracts - base * tenorCount;
  return Array.from({ length: tenorCount }, (_, i) => base + (i < extra ? 1 : 0));
}

/**
 * `contracts` of a roll split over the legs it buys back, in proportion to what each leg held
 * (`quantities`): whole contracts that add up to `contracts` exactly, each leg at most its own quantity,
 * and no leg's share ever smaller for a larger total. Each contract goes, one at a time, to the leg with
 * the highest quantity / (allocated + 1) (D'Hondt's rule; ties to the first leg), which is what makes
 * the shares grow with the total, so the band and the caps can search it by bisection. Flooring each
 * leg's pro-rata share instead bought fewer than the caps allowed (6 allowed over three legs, 3 bought).
 */
export function splitAcrossLegs(quantities: readonly number[], contracts: number): number[] {
  const total = quantities.reduce((sum, q) => sum + q, 0);
  if (!Number.isInteger(contracts) || contracts < 0 || contracts > total) throw new RangeError(`a roll splits 0 to ${total} contracts over its legs, got ${contracts}`);
  const split = quantities.map(() => 0);
  for (let k = 0; k < contracts; k++) {
    let best = -1;
    for (let i = 0; i < quantities.length; i++) {
      const q = quantities[i] as number;
      if ((split[i] as number) >= q) continue;
      if (best < 0 || q * ((split[best] as number) + 1) > (quantities[best] as number) * ((split[i] as number) + 1)) best = i;
    }
    split[best] = (split[best] as number) + 1;
  }
  return split;
}

export interface LayerUnit {
  /** Cost of one unit in points per $100 option multiplier (a future: its face value in the same units). */
  readonly premiumPoints: number;
  /** Delta to the future. */
  readonly delta: number;
  /** The unit's size relative to one VIX option. */
  readonly multiplierRatio: number;
}

/**
 * One unit of layer `layer`'s instrument at `expiryDay`, at today's hedge strike and buying fill prices.
 * A put spread or calendar: its premium at risk, and its exposure expressed as a delta at this expiry's
 * beta (so exposurePerUnitUsd gives the structure's own, its legs at their own betas); no units (all
 * zero) when the structure cannot be built today.
 */
export function layerUnit(config: StrategyConfig, pricing: Execution, m: MarketDayView, expiryDay: DayNumber, layer = 1): LayerUnit {
  const h = config.hedge;
  const structure = optionStructureOf(config, layer);
  if (structure) {
    const legs = structureLegs(config, structure, m, expiryDay, h.rollWhenDteBelowDays);
    if (!('legs' in legs)) return { premiumPoints: 0, delta: 0, multiplierRatio: 1 };
    const unit = structureUnit(m, legs.legs, (q, n) => pricing.fillPrice(q, n));
    const beta = m.vixFutureBetaToVix(expiryDay - m.day);
    return { premiumPoints: unit.premiumAtRiskPoints, delta: beta > 0 ? unit.exposurePerUnitUsd / (beta * OPTION_MULTIPLIER_USD) : 0, multiplierRatio: 1 };
  }
  if (h.instrument === 'future') {
    const ratio = VIX_FUTURE_MULTIPLIER_USD / OPTION_MULTIPLIER_USD;
    return { premiumPoints: m.vixFuturePrice(expiryDay) * ratio, delta: 1, multiplierRatio: ratio };
  }
  const strike = m.vixStrikeForDelta('call', h.hedgeCallDelta, expiryDay);
  const q = m.priceVixOption('call', strike, expiryDay);
  if (h.instrument === 'call') return { premiumPoints: pricing.fillPrice(q, 1), delta: q.delta, multiplierRatio: 1 };
  const qs = m.priceVixOption('call', strike + h.callSpreadWidthPoints, expiryDay);
  return { premiumPoints: pricing.fillPrice(q, 1) - pricing.fillPrice(qs, -1), delta: q.delta - qs.delta, multiplierRatio: 1 };
}

/** VIX exposure of one unit, USD per VIX point. */
export function exposurePerUnitUsd(m: MarketDayView, expiryDay: DayNumber, unit: Pick<LayerUnit, 'delta' | 'multiplierRatio'>): number {
  return vixOptionVixExposureUsd(1, unit.delta, m.vixFutureBetaToVix(expiryDay - m.day)) * unit.multiplierRatio;
}

/** `n` units of a layer's instrument bought at one expiry: its leg orders. */
export interface LayerBuy {
  readonly expiryDay: DayNumber;
  readonly contracts: number;
  readonly orders: OpenLegOrder[];
  /**
   * A credit put spread's width, points: what a unit can lose beyond its credit, counted with its net
   * premium in the cost basis (structurePremiumAtRiskPoints). Absent for debit instruments.
   */
  readonly creditWidthPoints?: number;
  /** Why nothing could be bought (a put spread or calendar that cannot be built today); no orders then. */
  readonly unavailable?: string;
}

/** The orders that buy `n` units of the layer's instrument at expiry `t`, at today's hedge strike. */
export function layerBuy(config: StrategyConfig, m: MarketDayView, ids: IdCounter, layer: { group: string; layer: number }, t: VixTenor, n: number, rule: string): LayerBuy {
  const h = config.hedge;
  const structure = optionStructureOf(config, layer.layer);
  if (structure) {
    const plan = structureLegs(config, structure, m, t.expiryDay, h.rollWhenDteBelowDays);
    if (!('legs' in plan)) return { expiryDay: t.expiryDay, contracts: n, orders: [], unavailable: `no ${structure} at ${isoFromDay(t.expiryDay)}: ${plan.reason}` };
    const orders = plan.legs.map((x) =>
      openLegOrder({ positionId: ids.position(layer.group, x.legId), group: layer.group, role: 'hedge', legId: x.legId, layer: layer.layer, underlying: 'VIX', type: x.type, strike: x.strike, expiryDay: x.expiry.expiryDay, settlement: 'AM', quantity: x.signedRatio * n, rule }),
    );
    const puts = plan.legs.filter((x) => x.type === 'put');
    const width = puts.length === 2 ? Math.abs((puts[0]?.strike ?? 0) - (puts[1]?.strike ?? 0)) : undefined;
    return { expiryDay: t.expiryDay, contracts: n, orders, ...(width !== undefined ? { creditWidthPoints: width } : {}) };
  }
  const leg = (legId: string, type: 'call' | 'future', strike: number, quantity: number): OpenLegOrder =>
    openLegOrder({ positionId: ids.position(layer.group, legId), group: layer.group, role: 'hedge', legId, layer: layer.layer, underlying: 'VIX', type, strike, expiryDay: t.expiryDay, settlement: 'AM', quantity, rule });
  if (h.instrument === 'future') return { expiryDay: t.expiryDay, contracts: n, orders: [leg('longFuture', 'future', 0, n)] };
  const strike = m.vixStrikeForDelta('call', h.hedgeCallDelta, t.expiryDay);
  const orders = [leg('longCall', 'call', strike, n)];
  if (h.instrument === 'call-spread') orders.push(leg('shortCall', 'call', strike + h.callSpreadWidthPoints, -n));
  return { expiryDay: t.expiryDay, contracts: n, orders };
}

/**
 * What a buy cost, USD, from its fills: the long leg's premium less the short leg's (a future costs no
 * premium; its face value is what the caps measure); a credit put spread adds its width (its premium at
 * risk: width - credit).
 */
export function layerBuyPremiumUsd(buy: LayerBuy, fills: readonly LegFill[]): number {
  let premium = 0;
  for (const o of buy.orders) {
    const fill = fills.find((f) => f.order === o);
    if (!fill) throw new Error(`no fill for order ${o.positionId}`);
    const usd = fill.price * Math.abs(o.quantity) * multiplierOf(o);
    premium = o.quantity > 0 ? premium + usd : premium - usd;
  }
  if (buy.creditWidthPoints !== undefined) premium += buy.creditWidthPoints * buy.contracts * OPTION_MULTIPLIER_USD;
  return premium;
}

/**
 * A layer's buys (an add or a roll's new legs) once filled: their premium (layerBuyPremiumUsd each),
 * the units bought, and the new legs' position ids appended to `legIds`.
 */
export function filledLayerBuys(buys: readonly LayerBuy[], fills: readonly LegFill[], legIds: string[]): { premiumUsd: number; contracts: number } {
  let premiumUsd = 0;
  let contracts = 0;
  for (const buy of buys) {
    premiumUsd += layerBuyPremiumUsd(buy, fills);
    contracts += buy.contracts;
    for (const leg of buy.orders) legIds.push(leg.positionId);
  }
  return { premiumUsd, contracts };
}
