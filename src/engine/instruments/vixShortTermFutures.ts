/**
 * The S&P 500 VIX Short-Term Futures Index (the index VXX tracks), rebuilt from VIX futures
 * settlements: a one-month constant-maturity position in the first two VIX futures, rolled daily.
 *
 * S&P's methodology: the roll period starts on the Tuesday before a monthly VIX futures settlement
 * (the Wednesday) and runs to the Tuesday before the next one. At the close of its first day all the
 * weight is in the first month (the contract settling at the end of the period); on each later business
 * day a share 1/dt moves to the second month: CRW1 = dr / dt, CRW2 = (dt - dr) / dt, with dt the
 * business days of the roll period after its first day and dr those still to come after today. The
 * excess-return index moves by the weights of the previous close applied to today's settlements:
 * ER_t = ER_{t-1} x sum_i CRW_i,t-1 DCRP_i,t / sum_i CRW_i,t-1 DCRP_i,t-1.
 * Pure: futures prices and the business-day count come from the caller.
 */
import { isoFromDay, type DayNumber } from '../../time/day.js';

export interface VixFuturesHolding {
  /** Settlement day of the contract. */
  readonly expiryDay: DayNumber;
  /** Share of the index in this contract (the weights sum to 1). */
  readonly weight: number;
  /** The contract's settlement price on the state's day, VIX points. */
  readonly pricePoints: number;
}

export interface VixShortTermIndexState {
  readonly day: DayNumber;
  /** Excess-return index level. */
  readonly level: number;
  readonly holdings: readonly VixFuturesHolding[];
}

export class VixFuturesIndexError extends Error {
  override name = 'VixFuturesIndexError';
}

/**
 * The roll weights at the close of `day`. `settlementDays`: VIX futures settlement days, ascending,
 * covering `day`'s roll period and the contract after it; `businessDaysBetween(a, b)`: business days d
 * with a < d <= b.
 */
export function shortTermRollWeights(day: DayNumber, settlementDays: readonly DayNumber[], businessDaysBetween: (fromExclusive: DayNumber, toInclusive: DayNumber) => number): { first: DayNumber; second: DayNumber; firstWeight: number; secondWeight: number } {
  // In the period starting the business day before settlement S_k, the first month is S_{k+1}: the
  // first settlement still two or more business days away (on that Tuesday S_k is one day away).
  const firstIndex = settlementDays.findIndex((s) => s > day && businessDaysBetween(day, s) >= 2);
  if (firstIndex < 0) throw new VixFuturesIndexError(`${isoFromDay(day)}: no VIX futures settlement two business days after the day`);
  const first = settlementDays[firstIndex];
  const second = settlementDays[firstIndex + 1];
  const previousSettlement = settlementDays[firstIndex - 1];
  if (first === undefined || second === undefined || previousSettlement === undefined) throw new VixFuturesIndexError(`${isoFromDay(day)}: the settlements given do not span the roll period and the contract after it`);
  // The period runs from the business day before `previousSettlement` to the business day before `first`.
  const dt = businessDaysBetween(previousSettlement - 1, first) - 1;
  const dr = businessDaysBetween(day, first) - 1;
  if (dt <= 0 || dr < 0 || dr > dt) throw new VixFuturesIndexError(`${isoFromDay(day)}: roll period of ${dt} business days with ${dr} remaining`);
  return { first, second, firstWeight: dr / dt, secondWeight: (dt - dr) / dt };
}

/**
 * One day of the index: the previous close's holdings valued at today's settlements, then today's roll
 * weights. `priceOn(expiryDay)` is a contract's settlement today; a missing or non-positive price is an error.
 */
export function stepVixShortTermIndex(previous: VixShortTermIndexState, day: DayNumber, weights: ReturnType<typeof shortTermRollWeights>, priceOn: (expiryDay: DayNumber) => number): VixShortTermIndexState {
  if (day <= previous.day) throw new VixFuturesIndexError(`${isoFromDay(day)}: the index steps forward only (last ${isoFromDay(previous.day)})`);
  const price = (expiryDay: DayNumber): number => {
    const p = priceOn(expiryDay);
    if (!Number.isFinite(p) || p <= 0) throw new VixFuturesIndexError(`${isoFromDay(day)}: VIX future ${isoFromDay(expiryDay)} has no positive settlement (${p})`);
    return p;
  };
  let before = 0;
  let after = 0;
  for (const h of previous.holdings) {
    if (h.weight === 0) continue;
    before += h.weight * h.pricePoints;
    after += h.weight * price(h.expiryDay);
  }
  const level = before > 0 ? previous.level * (after / before) : previous.level;
  const holdings: VixFuturesHolding[] = [
    { expiryDay: weights.first, weight: weights.firstWeight, pricePoints: price(weights.first) },
    { expiryDay: weights.second, weight: weights.secondWeight, pricePoints: price(weights.second) },
  ];
  return { day, level, holdings };
}
