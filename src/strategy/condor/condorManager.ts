/**
 * The condor manager: on a day's close it decides, for each open condor, whether to exit it (fixed
 * risk:reward, time exit), roll a threatened side or defer the roll (METHODOLOGY section 5), and whether
 * to open a new condor (section 3). It returns orders, each with the rule and the figures that fired
 * it; it never changes the book. After execution, `apply*` books the fills into the strategy state and
 * returns the decision notes the recorder writes, in the order the engine has always written them.
 */
import { spxMonthlyExpiry } from '../../calendar/spxExpiries.js';
import { isoFromDay, yearFractionAct365, ymdFromDay } from '../../time/day.js';
import { incomeLegs } from '../config.js';
import { adaptiveRollDecision, condorContractsForRisk, fixedRiskRewardExit, shortDeltaForEntry, shortStrikeThreatened, type RuleOutcome } from '../rules/condorRules.js';
import type { ListedExpiry, VixTenor } from '../../engine/marketView.js';
import { OPTION_MULTIPLIER_USD, VIX_FUTURE_MULTIPLIER_USD } from '../../engine/portfolio/book.js';
import { sideSign, type ManagerContext } from '../context.js';
import type { CloseLegOrder, DecisionNote, LegFill, OpenLegOrder } from '../orders.js';
import { IdCounter, openLegOrder } from '../orders.js';
import { layerWouldBeAdded, type VixExposures } from '../hedge/hedgeManager.js';
import { newCondorState, type CondorState, type GroupOpening, type StrategyState } from '../state.js';
import { condorLegsText } from '../legsText.js';
import { chooseSpxExpiry, chooseVixLegExpiry, planVertical, strikeFor, wingWidth, type VerticalPlan } from './structure.js';

type Figures = Record<string, number | string | boolean>;

/** Cost to close a set of legs per unit of the condor (positive = pay), at fill prices. */
export function costToClosePoints(ctx: ManagerContext, ids: readonly (string | undefined)[], unitContracts: number): number {
  let cost = 0;
  for (const id of ids) {
    const p = id ? ctx.portfolio.positions.get(id) : undefined;
    if (!p) continue;
    const price = ctx.pricing.fillPrice(ctx.pricing.quote(ctx.market, p), -sideSign(p.quantity));
    // Buying back a short costs its price; selling a long brings its price in.
    cost -= (p.quantity / unitContracts) * price;
  }
  return cost;
}

/**
 * The cost (USD) the roll-or-defer rule weighs. `frictions` (default): the half-spreads paid and the
 * fees of closing the tested vertical and of opening its replacement: the vertical's loss so far is
 * already in the marks and is lost whether the side is rolled or not. `cash-debit`: the net cash of
 * closing and reopening, marked loss included. Without a reopening plan only the close is counted,
 * and the decision records `reopenAvailable: false`.
 */
export function rollCostUsd(ctx: ManagerContext, c: CondorState, side: 'put' | 'call', plan: VerticalPlan | undefined): number {
  const { pricing, market: m } = ctx;
  const ids = side === 'put' ? [c.putShortId, c.putLongId] : [c.callShortId, c.callLongId];
  if (ctx.config.management.adaptive.rollCostBasis === 'cash-debit') {
    const closeCost = costToClosePoints(ctx, ids, c.contracts);
    return (closeCost - (plan ? plan.creditPoints : 0)) * c.contracts * OPTION_MULTIPLIER_USD;
  }
  let friction = 0;
  for (const id of ids) {
    const p = id ? ctx.portfolio.positions.get(id) : undefined;
    if (!p) continue;
    const q = pricing.quote(m, p);
    friction += Math.abs(p.quantity) * (Math.abs(pricing.fillPrice(q, -sideSign(p.quantity)) - q.mid) * OPTION_MULTIPLIER_USD + pricing.feePerContractUsd(p.underlying, p.type));
  }
  if (plan) {
    for (const strike of [plan.shortStrike, plan.longStrike]) {
      const q = m.priceSpxOption(side, strike, plan.expiry.day);
      friction += c.contracts * (Math.abs(pricing.fillPrice(q, 1) - q.mid) * OPTION_MULTIPLIER_USD + pricing.feePerContractUsd('SPX', side));
    }
  }
  return friction;
}

/** The hedge's projected gain (USD) if SPX moves to `targetSpx` over the projection horizon. */
export function projectedHedgePayoffUsd(ctx: ManagerContext, targetSpx: number): number {
  const m = ctx.market;
  const horizon = ctx.config.management.adaptive.projectionHorizonDays;
  const horizonDays = Math.round((horizon.min + horizon.max) / 2);
  const vixChange = m.vixChangeForSpxReturn(targetSpx / m.spxClose - 1);
  let gain = 0;
  for (const p of ctx.portfolio.positions.values()) {
    if (p.role !== 'hedge' || p.underlying !== 'VIX') continue;
    if (p.type === 'future') {
      gain += p.quantity * m.vixFutureBetaToVix(p.expiryDay - m.day) * vixChange * VIX_FUTURE_MULTIPLIER_USD;
      continue;
    }
    const future = m.repriceVixOption(p.type, p.strike, p.expiryDay, vixChange, Math.min(horizonDays, Math.max(p.expiryDay - m.day, 0)));
    gain += p.quantity * (future - p.markPrice) * OPTION_MULTIPLIER_USD;
  }
  // Layer 1's fund gains its VIX exposure times the move (its futures each by their beta).
  return ctx.fund ? gain + ctx.fund.exposureUsd(m) * vixChange : gain;
}

// ---------------------------------------------------------------- managing open condors

/** Close the whole condor (fixed risk:reward exit or time exit); `reopen`: open a new one at the entry rules after. */
export interface CondorExitOrder {
  readonly kind: 'exit';
  readonly group: string;
  readonly outcome: RuleOutcome;
  readonly orders: CloseLegOrder[];
  readonly reopen: boolean;
}

/** Close a threatened side's vertical and, when one can be planned, sell the same vertical further out. */
export interface SideRollOrder {
  readonly kind: 'roll';
  readonly group: string;
  readonly side: 'put' | 'call';
  readonly outcome: RuleOutcome;
  readonly figures: Figures;
  /** Cost to close the tested vertical per unit at the decision's prices, index points. */
  readonly closeCostPoints: number;
  readonly plan: VerticalPlan | undefined;
  readonly orders: Array<CloseLegOrder | OpenLegOrder>;
}

/** Keep a threatened side (the roll is deferred); optionally move the long put further out. */
export interface SideDeferOrder {
  readonly kind: 'defer';
  readonly group: string;
  readonly side: 'put' | 'call';
  readonly outcome: RuleOutcome & { action: 'defer' | 'hedge-instead' | 'roll' };
  readonly figures: Figures;
  readonly widen: { readonly fromStrike: number; readonly toStrike: number; readonly points: number; readonly orders: [CloseLegOrder, OpenLegOrder] } | undefined;
}

export type CondorOrder = CondorExitOrder | SideRollOrder | SideDeferOrder;

/**
 * The orders for one open condor today, in the order they are to be filled. `ids` hands out the ids
 * of positions to open (the caller commits its counter to the strategy state).
 */
export function manageCondor(ctx: ManagerContext, state: StrategyState, c: CondorState, ids: IdCounter, exposuresNow: () => VixExposures): CondorOrder[] {
  const { config, market: m, signals, portfolio } = ctx;
  const mode = config.management.mode;
  if (mode === 'hold-to-expiry') return [];
  // The nearest leg's days to expiry (Infinity without legs), without an array per condor per day.
  let minDte = Infinity;
  for (const id of c.legIds) minDte = Math.min(minDte, (portfolio.positions.get(id)?.expiryDay ?? Infinity) - m.day);
  const exit = (outcome: RuleOutcome, reopen: boolean): CondorExitOrder => ({ kind: 'exit', group: c.group, outcome, reopen, orders: c.legIds.map((id) => ({ kind: 'close', positionId: id, reason: outcome.rule })) });
  if (mode === 'fixed-rr') {
    const cost = costToClosePoints(ctx, c.legIds, c.contracts);
    const outcome = fixedRiskRewardExit(config, { entryCreditPoints: c.creditPoints, costToClosePoints: cost, dteDays: minDte });
    return outcome.fired ? [exit(outcome, config.management.fixedRr.reopenAfterClose)] : [];
  }
  const a = config.management.adaptive;
  if (a.closeAtDteDays > 0 && minDte <= a.closeAtDteDays) {
    return [exit({ rule: 'adaptive.timeExit', fired: true, reason: `${minDte} days to expiry <= ${a.closeAtDteDays}`, figures: { dteDays: minDte } }, false)];
  }
  const out: CondorOrder[] = [];
  for (const side of ['put', 'call'] as const) {
    const shortId = side === 'put' ? c.putShortId : c.callShortId;
    const longId = side === 'put' ? c.putLongId : c.callLongId;
    const short = shortId ? portfolio.positions.get(shortId) : undefined;
    if (!short || !shortId) continue;
    const q = ctx.pricing.quote(m, short);
    const threat = shortStrikeThreatened(config, { side, shortStrike: short.strike, shortDeltaAbs: Math.abs(q.delta), spot: m.spxClose });
    if (!threat.fired) continue;
    const plan = planVertical(config, ctx.pricing, m, side, a.rollToDteDays, shortDeltaForEntry(config, signals.tradingDaysToNextFomc).shortDelta);
    const decision = adaptiveRollDecision(config, {
      rollCostUsd: rollCostUsd(ctx, c, side, plan),
      projectedHedgePayoffUsd: projectedHedgePayoffUsd(ctx, short.strike),
      regimeChangeSignals: signals.regimeChangeSignals,
      tradingDaysToNextEvent: signals.tradingDaysToNextEvent,
      nextEventLabel: signals.nextEventLabel,
      hedgeEnabled: config.hedge.enabled,
      canAddLayer: () => config.hedge.enabled && layerWouldBeAdded(ctx, state, exposuresNow()),
      reopenAvailable: plan !== undefined,
    });
    const figures: Figures = { threatenedBy: threat.rule, shortDeltaAbs: Math.abs(q.delta), spot: m.spxClose, shortStrike: short.strike, rollCostBasis: a.rollCostBasis };
    if (decision.action === 'roll') {
      const orders: SideRollOrder['orders'] = [{ kind: 'close', positionId: shortId, reason: decision.rule }];
      if (longId && portfolio.positions.has(longId)) orders.push({ kind: 'close', positionId: longId, reason: decision.rule });
      const closeCostPoints = costToClosePoints(ctx, [shortId, longId], c.contracts);
      if (plan) {
        const name = side === 'put' ? 'Put' : 'Call';
        const leg = (legId: string, strike: number, quantity: number): OpenLegOrder =>
          openLegOrder({ positionId: ids.position(c.group, legId), group: c.group, role: 'condor', legId, layer: undefined, underlying: 'SPX', type: side, strike, expiryDay: plan.expiry.day, settlement: plan.expiry.settlement, quantity });
        orders.push(leg(`short${name}`, plan.shortStrike, -c.contracts));
        orders.push(leg(`long${name}`, plan.longStrike, c.contracts));
      }
      out.push({ kind: 'roll', group: c.group, side, outcome: decision, figures, closeCostPoints, plan, orders });
      continue;
    }
    let widen: SideDeferOrder['widen'];
    const long = longId ? portfolio.positions.get(longId) : undefined;
    if (side === 'put' && longId && long && a.widenPutOnDeferredRoll) {
      // The methodology's optional widening: the long put moves further out by the configured points.
      const points = a.deferredRollPutWideningPoints.min;
      const newStrike = m.snapSpxStrike(long.strike - points);
      if (newStrike < long.strike) {
        widen = {
          fromStrike: long.strike,
          toStrike: newStrike,
          points,
          orders: [
            { kind: 'close', positionId: longId, reason: 'adaptive.widenPutOnDeferredRoll' },
            openLegOrder({ positionId: ids.position(c.group, 'longPut'), group: c.group, role: 'condor', legId: 'longPut', layer: undefined, underlying: 'SPX', type: 'put', strike: newStrike, expiryDay: long.expiryDay, settlement: long.settlement, quantity: c.contracts }),
          ],
        };
      }
    }
    out.push({ kind: 'defer', group: c.group, side, outcome: decision, figures, widen });
  }
  return out;
}

/** Book a side roll's fills in the condor's state; the notes to record. */
export function applySideRoll(config: ManagerContext['config'], state: StrategyState, c: CondorState, o: SideRollOrder, fills: readonly LegFill[]): DecisionNote[] {
  // What the roll did to the condor's cash, beside the cost the decision compared (frictions by default):
  // the tested spread bought back less the new one's credit, per condor and in USD.
  const debitText = (netDebitPoints: number, netDebitUsd: number) =>
    `net ${netDebitPoints >= 0 ? 'debit' : 'credit'} ${Math.abs(netDebitPoints).toFixed(2)} points x ${c.contracts} x ${OPTION_MULTIPLIER_USD} = ${Math.abs(netDebitUsd).toFixed(0)} USD`;
  if (!o.plan) {
    // No spread could be planned (no expiry or strike at the entry rules): the side is closed, not
    // rolled. One note says so; the condor's roll counts are left alone, as its trade record's are.
    c.creditPoints -= o.closeCostPoints;
    const netDebitUsd = o.closeCostPoints * c.contracts * OPTION_MULTIPLIER_USD;
    const done = `${o.side} spread bought back at ${o.closeCostPoints.toFixed(2)} points, none sold: ${debitText(o.closeCostPoints, netDebitUsd)}`;
    return [{ action: 'exit-condor', rule: 'adaptive.roll.noReopen', reason: `${o.outcome.reason}; no ${o.side} spread could be planned at ${config.management.adaptive.rollToDteDays} days: the ${o.side} side is closed without reopening; ${done}`, group: c.group, figures: { ...o.outcome.figures, ...o.figures, side: o.side, closeCostPoints: o.closeCostPoints, rollNetDebitUsd: netDebitUsd } }];
  }
  // Opening orders always fill (or throw), so a planned roll has its two new legs.
  const opened = fills.filter((f) => f.order.kind === 'open');
  if (opened.length !== 2) throw new Error(`${c.group}: the ${o.side} roll filled ${opened.length} new legs, not 2`);
  const [s, l] = opened as [LegFill, LegFill];
  const newCredit = s.price - l.price;
  c.legIds.push(s.order.positionId, l.order.positionId);
  if (o.side === 'put') {
    c.putShortId = s.order.positionId;
    c.putLongId = l.order.positionId;
  } else {
    c.callShortId = s.order.positionId;
    c.callLongId = l.order.positionId;
  }
  c.creditPoints += newCredit - o.closeCostPoints;
  c.rolls++;
  state.condorRolls++;
  const netDebitPoints = o.closeCostPoints - newCredit;
  const netDebitUsd = netDebitPoints * c.contracts * OPTION_MULTIPLIER_USD;
  const done = `${o.side} spread bought back at ${o.closeCostPoints.toFixed(2)} points, the new one sold for ${newCredit.toFixed(2)}: ${debitText(netDebitPoints, netDebitUsd)}`;
  return [{ action: 'roll-condor', rule: o.outcome.rule, reason: `${o.outcome.reason}; ${done}`, group: c.group, figures: { ...o.outcome.figures, ...o.figures, side: o.side, closeCostPoints: o.closeCostPoints, newCreditPoints: newCredit, newExpiry: isoFromDay(o.plan.expiry.day), rollNetDebitUsd: netDebitUsd } }];
}

/** Count a deferral; the note to record (before any widening is filled). */
export function applyDeferral(state: StrategyState, c: CondorState, o: SideDeferOrder): DecisionNote {
  c.deferrals++;
  state.deferredRolls++;
  return { action: 'defer-roll', rule: o.outcome.rule, reason: o.outcome.reason, group: c.group, figures: { ...o.outcome.figures, ...o.figures } };
}

/** Book a put-wing widening's fills: the new long put replaces the old one. */
export function applyWidening(c: CondorState, widen: NonNullable<SideDeferOrder['widen']>, fills: readonly LegFill[]): DecisionNote {
  const [sold, added] = fills as [LegFill, LegFill];
  c.legIds.push(added.order.positionId);
  c.putLongId = added.order.positionId;
  c.creditPoints += sold.price - added.price;
  return { action: 'defer-roll', rule: 'adaptive.widenPutOnDeferredRoll', reason: `long put moved from ${widen.fromStrike} to ${widen.toStrike}: the put side is ${widen.points} points wider`, group: c.group, figures: { fromStrike: widen.fromStrike, toStrike: widen.toStrike } };
}

// ---------------------------------------------------------------- entries

/** The entry rule that wants a new condor today, or undefined (nothing is logged then). */
export function entryWanted(ctx: ManagerContext, state: StrategyState, condorClosedToday: boolean): RuleOutcome | undefined {
  const { config, signals } = ctx;
  const entry = config.entry;
  // A structure of only an underlying leg (a benchmark such as VXTH) has no options to open.
  if (incomeLegs(config).length === 0) return undefined;
  if (state.condors.length >= entry.maxOpenCondors) return undefined;
  if (entry.mode === 'signal') {
    if (!signals.entryTrigger) return undefined;
    if (state.tradingDaysSinceEntry !== undefined && state.tradingDaysSinceEntry < entry.minTradingDaysBetweenEntries) return undefined;
    return { rule: 'entry.rsaiTrigger', fired: true, reason: signals.entryReason, figures: { regime: signals.regime } };
  }
  if (entry.calendarCycle === 'monthly-roll-date') {
    if (state.condors.length > 0) return undefined;
    const first = state.tradingDaysSinceEntry === undefined;
    // The calendar cycle's roll date is the day the previous condor settled. With none open and none
    // settling (a roll that was skipped, for its sizing or a missing strike), the next standard monthly
    // expiry is the roll date, as an index rolls on it whatever its last month did.
    // Before the first condor the cycle starts on the first day one can be opened: the run's first day,
    // or, when that entry was skipped, each day after it until one opens (so the reason names no day).
    if (first) return { rule: 'entry.calendarMonthlyRollDate', fired: true, reason: 'no condor opened yet: the cycle starts on the first day one can be opened', figures: {} };
    const { year, month } = ymdFromDay(ctx.market.day);
    const monthlyExpiry = ctx.market.day === spxMonthlyExpiry(year, month);
    // A condor that ended off the standard monthly expiry (a time exit, a rolled side's weekly expiry,
    // a settlement carried past a day without data) rolls the cycle that day: the reason says so rather
    // than calling that day a monthly roll date.
    if (condorClosedToday) return { rule: 'entry.calendarMonthlyRollDate', fired: true, reason: monthlyExpiry ? 'standard monthly roll date' : 'the previous condor ended today, off the standard monthly expiry: the cycle rolls on its end', figures: {} };
    if (!monthlyExpiry) return undefined;
    return { rule: 'entry.calendarMonthlyRollDate', fired: true, reason: 'standard monthly expiry with no condor open (the last roll was skipped)', figures: {} };
  }
  if (state.tradingDaysSinceEntry !== undefined && state.tradingDaysSinceEntry < entry.calendarEveryTradingDays) return undefined;
  return { rule: 'entry.calendarEveryNTradingDays', fired: true, reason: `every ${entry.calendarEveryTradingDays} trading days`, figures: {} };
}

export interface CondorOpenOrder {
  readonly kind: 'open';
  readonly group: string;
  readonly contracts: number;
  readonly orders: OpenLegOrder[];
  readonly legText: string;
  readonly widestWingPoints: number;
  /** The iron condor's short-delta rule for the day; undefined for a custom structure, whose legs carry their own strike rules. */
  readonly shortDelta: (RuleOutcome & { shortDelta: number }) | undefined;
  /** The rule that opened it and its figures. */
  readonly trigger: RuleOutcome;
}

/** exp(-r x T), ACT/365, from today to the expiry of the short SPX put struck at `strikePoints`. */
function shortPutDiscountFactor(m: ManagerContext['market'], legs: ReturnType<typeof incomeLegs>, strikes: ReadonlyMap<string, number>, expiries: ReadonlyMap<string, ListedExpiry | VixTenor>, strikePoints: number): number | undefined {
  const leg = legs.find((l) => l.underlying === 'SPX' && l.type === 'put' && l.side === 'short' && strikes.get(l.id) === strikePoints);
  const expiry = leg ? expiries.get(leg.id) : undefined;
  if (!expiry || !('day' in expiry)) return undefined;
  return Math.exp(-m.riskFreeRate * yearFractionAct365(m.day, expiry.day));
}

export type CondorEntry = CondorOpenOrder | { readonly kind: 'skip'; readonly note: DecisionNote };

/**
 * A new condor under the entry rules: each leg's expiry and strike, the expected credit at fill prices,
 * contracts sized by risk on today's equity. `trigger` is the rule that wants it (absent for a reopen,
 * which names `rule` only).
 */
export function planCondorEntry(ctx: ManagerContext, ids: IdCounter, rule: string, trigger?: RuleOutcome): CondorEntry {
  const { config, market: m, signals } = ctx;
  const legs = incomeLegs(config);
  const delta = config.structure === 'iron-condor' ? shortDeltaForEntry(config, signals.tradingDaysToNextFomc) : undefined;
  const expiries = new Map<string, ListedExpiry | VixTenor>();
  const strikes = new Map<string, number>();
  const dayOf = (e: ListedExpiry | VixTenor) => ('day' in e ? e.day : e.expiryDay);
  const skip = (reason: string, figures: Figures = {}, outcome?: RuleOutcome): CondorEntry => ({ kind: 'skip', note: { action: 'skip-entry', rule: outcome?.rule ?? rule, reason: outcome?.reason ?? reason, group: undefined, figures: { ...(outcome?.figures ?? {}), ...figures } } });
  for (const leg of legs) {
    const expiry = leg.underlying === 'VIX' ? chooseVixLegExpiry(m, leg.expiry) : chooseSpxExpiry(m, leg.expiry);
    if (!expiry) return skip(`no listed ${leg.underlying} expiry matches ${JSON.stringify(leg.expiry)} for leg ${leg.id}`);
    const strike = strikeFor(config, m, leg, dayOf(expiry), strikes, delta?.shortDelta);
    if (strike === undefined) return skip(`no strike for leg ${leg.id}`);
    expiries.set(leg.id, expiry);
    strikes.set(leg.id, strike);
  }
  // Expected fills per unit, then size by risk.
  let creditPoints = 0;
  for (const leg of legs) {
    const q = ctx.pricing.quote(m, { underlying: leg.underlying, type: leg.type, strike: strikes.get(leg.id) as number, expiryDay: dayOf(expiries.get(leg.id) as ListedExpiry | VixTenor) });
    const sign = leg.side === 'short' ? -1 : 1;
    creditPoints -= sign * leg.ratio * ctx.pricing.fillPrice(q, sign);
  }
  const widestWing = Math.max(wingWidth(legs, strikes, 'put'), wingWidth(legs, strikes, 'call'));
  const shortPutStrike = Math.max(0, ...legs.filter((l) => l.underlying === 'SPX' && l.type === 'put' && l.side === 'short').map((l) => strikes.get(l.id) as number));
  const sizing = condorContractsForRisk(config, ctx.portfolio.equityUsd(), widestWing - creditPoints, widestWing, {
    shortPutStrikePoints: shortPutStrike,
    underlyingLevelPoints: m.spxClose,
    creditPerUnitPoints: creditPoints,
    discountFactorToExpiry: config.sizing.mode === 'strike-notional' && config.sizing.strikeNotionalCollateral === 'cash-at-expiry' ? shortPutDiscountFactor(m, legs, strikes, expiries, shortPutStrike) : undefined,
  });
  if (sizing.contracts <= 0) return skip('', { creditPoints, widestWingPoints: widestWing }, sizing);
  const group = ids.group('condor');
  const orders = legs.map((leg): OpenLegOrder => {
    const expiry = expiries.get(leg.id) as ListedExpiry | VixTenor;
    return openLegOrder({
      positionId: ids.position(group, leg.id),
      group,
      role: 'condor',
      legId: leg.id,
      layer: undefined,
      underlying: leg.underlying,
      type: leg.type,
      strike: strikes.get(leg.id) as number,
      expiryDay: dayOf(expiry),
      settlement: 'settlement' in expiry ? expiry.settlement : 'AM',
      quantity: (leg.side === 'short' ? -1 : 1) * leg.ratio * sizing.contracts,
      rule,
    });
  });
  return { kind: 'open', group, contracts: sizing.contracts, orders, legText: condorLegsText(orders), widestWingPoints: widestWing, shortDelta: delta, trigger: trigger ?? { rule, fired: true, reason: 'entry rules', figures: {} } };
}

/** Book a new condor's fills: its state, its trade opening, and the notes to record. */
export function applyCondorOpen(ctx: ManagerContext, state: StrategyState, o: CondorOpenOrder, fills: readonly LegFill[]): { condor: CondorState; opening: GroupOpening; notes: DecisionNote[] } {
  const m = ctx.market;
  const c = newCondorState(o.group, m.day, o.contracts);
  let actualCredit = 0;
  let shortPut: number | undefined;
  let shortCall: number | undefined;
  for (const f of fills) {
    const leg = f.order as OpenLegOrder;
    actualCredit -= (leg.quantity / o.contracts) * f.price;
    c.legIds.push(leg.positionId);
    if (leg.underlying !== 'SPX') continue;
    if (leg.type === 'put' && leg.quantity < 0) [c.putShortId, shortPut] = [leg.positionId, leg.strike];
    if (leg.type === 'put' && leg.quantity > 0) c.putLongId = leg.positionId;
    if (leg.type === 'call' && leg.quantity < 0) [c.callShortId, shortCall] = [leg.positionId, leg.strike];
    if (leg.type === 'call' && leg.quantity > 0) c.callLongId = leg.positionId;
  }
  c.creditPoints = actualCredit;
  state.condors.push(c);
  // A figure only where it says something: a structure without a long wing (a single short put) has no
  // wing width, and a custom structure's legs are struck by their own rules, not the condor's short delta.
  const figures: Figures = { contracts: o.contracts, creditPoints: actualCredit };
  if (o.widestWingPoints > 0) figures.widestWingPoints = o.widestWingPoints;
  if (o.shortDelta !== undefined) figures.shortDelta = o.shortDelta.shortDelta;
  figures.spot = m.spxClose;
  if (shortPut !== undefined) figures.lowerBreakEvenDistanceFraction = (m.spxClose - (shortPut - actualCredit)) / m.spxClose;
  if (shortCall !== undefined) figures.upperBreakEvenDistanceFraction = (shortCall + actualCredit - m.spxClose) / m.spxClose;
  const notes: DecisionNote[] = [{ action: 'enter-condor', rule: o.trigger.rule, reason: `${o.trigger.reason}; ${o.legText}`, group: o.group, figures: { ...o.trigger.figures, ...figures } }];
  if (o.shortDelta?.fired) notes.push({ action: 'enter-condor', rule: o.shortDelta.rule, reason: o.shortDelta.reason, group: o.group, figures: { ...o.shortDelta.figures } });
  return { condor: c, opening: { entryDay: m.day, kind: 'condor', layer: undefined, contracts: o.contracts, entryPricePoints: actualCredit, legs: o.legText }, notes };
}
