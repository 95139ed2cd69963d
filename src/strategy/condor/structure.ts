/**
 * Choosing a structure's expiries and strikes from the entry rules on a day's market view: the SPX
 * expiry by target days or the next standard monthly, a VIX leg's expiry by tenor or target days, each
 * strike by delta, moneyness, points from another leg or "at or below the reference price". Pure.
 */
import { isoFromDay, type DayNumber } from '../../time/day.js';
import type { OptionType } from '../../pricing/black76.js';
import { incomeLegs, StrategyConfigError, type LegSpec, type StrategyConfig } from '../config.js';
import type { ListedExpiry, MarketDayView, VixTenor } from '../../engine/marketView.js';
import type { Execution } from '../../engine/execution/execution.js';

/**
 * The highest listed SPX strike at or below `reference`: the nearest listed strike, stepped down the
 * grid (whatever its spacing) while it is above the reference.
 */
export function atOrBelow(m: MarketDayView, reference: number): number {
  let strike = m.snapSpxStrike(reference);
  for (let step = 0.5; strike > reference && step < reference; step *= 2) strike = m.snapSpxStrike(reference - step);
  return strike;
}

export function chooseSpxExpiry(m: MarketDayView, rule: LegSpec['expiry']): ListedExpiry | undefined {
  const listed = m.listedSpxExpiries().filter((e) => e.day > m.day);
  if (rule.by === 'nextStandardMonthly') return listed.find((e) => e.standardMonthly && e.day - m.day >= rule.minDteDays);
  if (rule.by === 'targetDte') {
    let best: ListedExpiry | undefined;
    for (const e of listed) {
      if (rule.monthlyOnly && !e.standardMonthly) continue;
      const distance = Math.abs(e.day - m.day - rule.dteDays);
      // Ties go to the later expiry: more time, the side the methodology's 45-day target leans to.
      if (!best || distance <= Math.abs(best.day - m.day - rule.dteDays)) {
        if (!best || distance < Math.abs(best.day - m.day - rule.dteDays) || e.day > best.day) best = e;
      }
    }
    return best;
  }
  return undefined;
}

/**
 * A VIX leg's expiry: `vixTenor` Mk is the k-th listed VIX expiry after today; `targetDte` the VIX
 * expiry nearest the target days. (A VIX leg on the SPX monthly cycle is refused when the config is read.)
 */
export function chooseVixLegExpiry(m: MarketDayView, rule: LegSpec['expiry']): VixTenor | undefined {
  const tenors = m.vixTenors().filter((t) => t.expiryDay > m.day);
  if (rule.by === 'vixTenor') return tenors[Number(rule.tenor.slice(1)) - 1];
  if (rule.by !== 'targetDte') return undefined;
  let best: VixTenor | undefined;
  for (const t of tenors) if (!best || Math.abs(t.expiryDay - m.day - rule.dteDays) < Math.abs(best.expiryDay - m.day - rule.dteDays)) best = t;
  return best;
}

/**
 * A leg's strike by its rule. `shortDelta` is the iron condor's short delta for the day (the pre-FOMC
 * rule may move it); a custom structure's legs keep their own, and pass undefined.
 */
export function strikeFor(config: StrategyConfig, m: MarketDayView, leg: LegSpec, expiryDay: DayNumber, chosen: ReadonlyMap<string, number>, shortDelta: number | undefined): number | undefined {
  const rule = leg.strike;
  if (leg.underlying === 'VIX') {
    // VIX options are struck off their own future: by delta to it, or by moneyness from it, on a
    // half-point grid *(choice: listed VIX strikes are 0.5 or 1 point apart)*.
    if (rule.by === 'delta') return m.vixStrikeForDelta(leg.type, rule.delta, expiryDay);
    if (rule.by === 'moneyness') return Math.round(m.vixFuturePrice(expiryDay) * (1 + rule.moneynessFraction) * 2) / 2;
    if (rule.by === 'atOrBelowReference') return Math.floor(m.vixFuturePrice(expiryDay) * 2) / 2;
    const base = chosen.get(rule.legId);
    return base === undefined ? undefined : base + rule.points;
  }
  if (rule.by === 'delta') {
    const delta = leg.side === 'short' && config.structure === 'iron-condor' && shortDelta !== undefined ? shortDelta : rule.delta;
    return m.spxStrikeForDelta(leg.type, delta, expiryDay);
  }
  if (rule.by === 'moneyness') return m.snapSpxStrike(m.spxClose * (1 + rule.moneynessFraction));
  if (rule.by === 'atOrBelowReference') return atOrBelow(m, m.spxClose);
  const base = chosen.get(rule.legId);
  if (base === undefined) return undefined;
  // A wing wider than the short strike itself has no listed strike: a config error, named as one.
  if (!(base + rule.points > 0)) {
    const path = config.structure === 'iron-condor' ? 'ironCondor.wingWidthPoints' : `customLegs.${leg.id}.strike.points`;
    throw new StrategyConfigError(config.name, [{ path, message: `${Math.abs(rule.points)} points from the ${rule.legId} strike ${base} on ${isoFromDay(m.day)} is no strike; use a width below the short strike` }]);
  }
  return m.snapSpxStrike(base + rule.points);
}

export interface VerticalPlan {
  readonly expiry: ListedExpiry;
  readonly shortStrike: number;
  readonly longStrike: number;
  readonly creditPoints: number;
}

/** Every plan is built here, in one field order (primed below). */
export function verticalPlan(expiry: ListedExpiry, shortStrike: number, longStrike: number, creditPoints: number): VerticalPlan {
  return { expiry, shortStrike, longStrike, creditPoints };
}

/**
 * A plan built when the module loads with fractional strikes and kept alive, so that the plans' strike
 * fields hold doubles from the first plan on: SPX strikes are mostly whole numbers, and the first
 * fractional one would otherwise replace the plans' hidden class in V8 mid-run and throw away the
 * condor manager's optimized code. The measure of the book's POSITION_SHAPE_PRIMERS (book.ts).
 */
export const VERTICAL_PLAN_SHAPE_PRIMER: VerticalPlan = verticalPlan({ day: 0, settlement: 'PM', standardMonthly: false }, 0.5, 0.5, 0.5);

/** Strikes and expected credit of one side's vertical under the entry rules, for rolls. */
export function planVertical(config: StrategyConfig, pricing: Execution, m: MarketDayView, side: 'put' | 'call', dteDays: number, shortDelta: number): VerticalPlan | undefined {
  const legs = incomeLegs(config).filter((l) => l.underlying === 'SPX' && l.type === side);
  const expiry = chooseSpxExpiry(m, { by: 'targetDte', dteDays, monthlyOnly: config.ironCondor.expirySelection === 'standard-monthly' });
  if (!expiry) return undefined;
  const chosen = new Map<string, number>();
  for (const leg of legs) {
    const k = strikeFor(config, m, leg, expiry.day, chosen, shortDelta);
    if (k === undefined) return undefined;
    chosen.set(leg.id, k);
  }
  const shortLeg = legs.find((l) => l.side === 'short');
  const longLeg = legs.find((l) => l.side === 'long');
  if (!shortLeg || !longLeg) return undefined;
  const shortStrike = chosen.get(shortLeg.id) as number;
  const longStrike = chosen.get(longLeg.id) as number;
  const credit = pricing.fillPrice(m.priceSpxOption(side, shortStrike, expiry.day), -1) - pricing.fillPrice(m.priceSpxOption(side, longStrike, expiry.day), 1);
  return verticalPlan(expiry, shortStrike, longStrike, credit);
}

/** The SPX vertical's wing width on one side; VIX legs are sized with the structure, not as wings. */
export function wingWidth(legs: readonly LegSpec[], strikes: ReadonlyMap<string, number>, type: OptionType): number {
  const own = legs.filter((l) => l.type === type && l.underlying === 'SPX');
  const shortK = own.find((l) => l.side === 'short');
  const longK = own.find((l) => l.side === 'long');
  if (!shortK || !longK) return 0;
  return Math.abs((strikes.get(shortK.id) as number) - (strikes.get(longK.id) as number));
}
