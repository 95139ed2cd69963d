/**
 * The VIX option structures of the later hedge layers (METHODOLOGY 4: "staggered VIX put spreads or
 * calendar adjustments"): which legs one unit holds at a layer's expiry, and what one unit costs and
 * contributes to the hedge ratio. Every leg is priced by the VIX option model off its own future
 * (`m.priceVixOption`) and settles like any VIX option, at the VIX opening quotation.
 *
 * - `vix-put-spread` (short, for a credit): sell the put at `vixPutSpread.shortPutDelta` to its future,
 *   buy the put `widthPoints` below. Exposure: -(delta short put) + (delta long put), both puts' deltas
 *   negative, so it is long VIX: +(|d_short| - |d_long|) x beta x 100 USD per VIX point per spread. Its
 *   gain is capped at the credit (VIX at or above the short strike at expiry), its loss at width - credit.
 * - `vix-calendar`: buy the layer's-tenor call at `hedgeCallDelta`, sell the same-strike call
 *   `shortLegExpiriesEarlier` listed expiries before it. Exposure: (d_long x beta_long - d_short x
 *   beta_short) x 100: a nearer future moves more with spot VIX (a larger beta) while a later call has
 *   the larger delta, so the calendar's exposure per unit is small and can be negative (then the layer
 *   sizes to no units and says so).
 * Pure: the market view and the fill-price function come from the caller.
 */
import type { OptionType } from '../../pricing/black76.js';
import type { StrategyConfig } from '../../strategy/config.js';
import { layerStructure, structureExposurePerUnitUsd, structurePremiumAtRiskPoints, type LayerStructure } from '../../strategy/rules/hedgeInstrumentRules.js';
import { OPTION_MULTIPLIER_USD } from '../book.js';
import type { MarketDayView, ModelOptionQuote, VixTenor } from '../marketView.js';
import { isoFromDay, type DayNumber } from '../../time/day.js';

export interface StructureLeg {
  readonly legId: string;
  readonly type: OptionType;
  readonly strike: number;
  readonly expiry: VixTenor;
  /** Contracts per unit: +1 bought, -1 sold. */
  readonly signedRatio: 1 | -1;
}

export interface StructureUnit {
  readonly legs: readonly StructureLeg[];
  /** Net premium paid per unit at fill prices, points (negative for a credit). */
  readonly netDebitPoints: number;
  /** What one unit counts as premium for sizing, the caps and the cost basis (structurePremiumAtRiskPoints). */
  readonly premiumAtRiskPoints: number;
  /** Net VIX exposure of one unit, USD per VIX point. */
  readonly exposurePerUnitUsd: number;
}

/** A VIX expiry of today's listing, or the expiry given with its future's price. */
function tenorOf(m: MarketDayView, expiryDay: DayNumber): VixTenor {
  return m.vixTenors().find((t) => t.expiryDay === expiryDay) ?? { expiryDay, futurePrice: m.vixFuturePrice(expiryDay) };
}

/**
 * The legs of one unit of `structure` whose main (bought) expiry is `main`, or a reason none can be built.
 * `minDteDays`: an expiry with this many days left or fewer is never sold into (it is inside the roll window).
 */
export function structureLegs(config: StrategyConfig, structure: Exclude<LayerStructure, 'vix-calls'>, m: MarketDayView, mainExpiryDay: DayNumber, minDteDays: number): { legs: StructureLeg[] } | { reason: string } {
  const h = config.hedge;
  const main = tenorOf(m, mainExpiryDay);
  if (structure === 'vix-put-spread') {
    const shortStrike = m.vixStrikeForDelta('put', h.vixPutSpread.shortPutDelta, main.expiryDay);
    const longStrike = shortStrike - h.vixPutSpread.widthPoints;
    if (!(longStrike > 0)) return { reason: `a put ${h.vixPutSpread.widthPoints} points below the ${shortStrike} put is no strike` };
    return {
      legs: [
        { legId: 'longPut', type: 'put', strike: longStrike, expiry: main, signedRatio: 1 },
        { legId: 'shortPut', type: 'put', strike: shortStrike, expiry: main, signedRatio: -1 },
      ],
    };
  }
  const strike = m.vixStrikeForDelta('call', h.hedgeCallDelta, main.expiryDay);
  const listed = m.vixTenors().filter((t) => t.expiryDay - m.day > minDteDays && t.expiryDay < main.expiryDay);
  const near = listed[listed.length - h.vixCalendar.shortLegExpiriesEarlier];
  if (!near) return { reason: `no VIX expiry ${h.vixCalendar.shortLegExpiriesEarlier} before ${isoFromDay(main.expiryDay)} with more than ${minDteDays} days left to sell` };
  return {
    legs: [
      { legId: 'longCall', type: 'call', strike, expiry: main, signedRatio: 1 },
      { legId: 'shortNearCall', type: 'call', strike, expiry: near, signedRatio: -1 },
    ],
  };
}

/** Price one unit of the legs: fills at `fillPrice(quote, signedQuantity)`, exposure at each leg's own beta. */
export function structureUnit(m: MarketDayView, legs: readonly StructureLeg[], fillPrice: (q: ModelOptionQuote, signedQuantity: number) => number): StructureUnit {
  let netDebit = 0;
  const exposureLegs: Array<{ signedRatio: number; deltaToFuture: number; futureBetaToVix: number }> = [];
  for (const leg of legs) {
    const q = m.priceVixOption(leg.type, leg.strike, leg.expiry.expiryDay);
    netDebit += leg.signedRatio * fillPrice(q, leg.signedRatio);
    exposureLegs.push({ signedRatio: leg.signedRatio, deltaToFuture: q.delta, futureBetaToVix: m.vixFutureBetaToVix(leg.expiry.expiryDay - m.day) });
  }
  const put = legs.filter((l) => l.type === 'put');
  const width = put.length === 2 ? Math.abs((put[0] as StructureLeg).strike - (put[1] as StructureLeg).strike) : undefined;
  return { legs, netDebitPoints: netDebit, premiumAtRiskPoints: structurePremiumAtRiskPoints(netDebit, width), exposurePerUnitUsd: structureExposurePerUnitUsd(exposureLegs, OPTION_MULTIPLIER_USD) };
}

/** The structure of a layer's rung, or undefined for plain VIX calls (the engine's own path). */
export function optionStructureOf(config: StrategyConfig, layer: number): Exclude<LayerStructure, 'vix-calls'> | undefined {
  const s = layerStructure(config, layer);
  return s === 'vix-calls' ? undefined : s;
}

/** Strikes closer than this are the same strike, index points (listed VIX strikes are 0.5 or 1 apart). */
const STRIKE_EQUALITY_POINTS = 1e-9;

/** The widths that pair a spread's legs, index points: a put-spread structure's, and `instrument: call-spread`'s (else undefined). */
export interface SpreadWidths {
  readonly putSpreadPoints: number;
  readonly callSpreadPoints: number | undefined;
}

export function spreadWidthsOf(config: StrategyConfig): SpreadWidths {
  const h = config.hedge;
  return { putSpreadPoints: h.vixPutSpread.widthPoints, callSpreadPoints: h.instrument === 'call-spread' ? h.callSpreadWidthPoints : undefined };
}

/** Whether `short` is the sold leg that goes with the bought leg `long` in a layer of `structure`. */
export function isPairedShortLeg(structure: LayerStructure, long: { type: string; strike: number; expiryDay: number }, short: { type: string; strike: number; expiryDay: number }, widths: SpreadWidths): boolean {
  if (structure === 'vix-calendar') return short.type === long.type && short.strike === long.strike && short.expiryDay < long.expiryDay;
  // A spread's sold leg is the one its width away from its bought leg, at its expiry: a layer whose
  // roll or top-up bought a spread at an expiry it already held (other strikes) holds two spreads
  // there, and pairing by expiry alone matched a bought leg with the other spread's sold leg (a trim
  // then sold a 33/46 pair out of a 33/43 and a 36/46 spread, and mismeasured what it sold).
  const width = structure === 'vix-put-spread' ? widths.putSpreadPoints : widths.callSpreadPoints;
  if (width !== undefined) return short.type === long.type && short.expiryDay === long.expiryDay && Math.abs(short.strike - long.strike - width) < STRIKE_EQUALITY_POINTS;
  return short.type === long.type && short.expiryDay === long.expiryDay;
}
