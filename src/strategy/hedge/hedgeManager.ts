/**
 * The hedge manager (METHODOLOGY section 4): on a day's close it decides what each hedge layer does
 * (cash on a VIX spike or at the take-profit, cash or let decay when no condor is left, roll when due
 * and still wanted), the pre-FOMC seeds, a new layer when a trigger fires, and the periodic rebalance
 * into the hedge-ratio band; and, for the Cboe VXTH benchmark, the calendar hedge. It returns orders,
 * each with the rule and the figures that fired it, and never changes the book. The day loop fills a
 * step's orders before asking for the next step, so every decision sees the book after the last one;
 * `apply*` books the fills into the strategy state and returns the notes the recorder writes.
 */
import { isoFromDay, type DayNumber } from '../../time/day.js';
import type { RuleOutcome } from '../rules/condorRules.js';
import {
  aboveBandHeldNearCondorExpiry,
  applyHedgePremiumCaps,
  bandTopHeadroomUsd,
  calendarHedgeWeight,
  hedgeLayerContracts,
  hedgeLayerEarlyRollDue,
  hedgeLayerRollDue,
  hedgeLayerRollWanted,
  hedgeLayerTakeProfit,
  hedgeLayerTrigger,
  hedgeRebalanceExposureUsd,
  maxContractsWithin,
  preFomcSeedDue,
  vixOptionVixExposureUsd,
  vixSpikeCash,
} from '../rules/hedgeRules.js';
import type { VixTenor } from '../../engine/marketView.js';
import { describePosition, OPTION_MULTIPLIER_USD, multiplierOf, type OptionPosition } from '../../engine/portfolio/book.js';
import { sideSign, type ManagerContext } from '../context.js';
import type { CloseLegOrder, DecisionNote, LegFill, OpenLegOrder } from '../orders.js';
import { IdCounter, openLegOrder } from '../orders.js';
import { newHedgeLayerState, PRE_FOMC_SEED_RUNG, type GroupOpening, type HedgeLayerState, type LayerTenor, type SeedState, type StrategyState } from '../state.js';
import { chooseLayerExpiry, exposurePerUnitUsd, filledLayerBuys, layerBuy, layerBuyPremiumUsd, layerExpiries, layerUnit, splitAcrossLegs, splitAcrossTenors, tenorsForLayer, type LayerBuy, type LayerUnit } from './layerInstrument.js';
import { positionVixExposureUsd } from '../../engine/bookGreeks.js';
import { fullyLayered, nextFreeRung } from './rungs.js';
import { firstLayerCallsConfig, ladderReferenceContracts, type LayerStructure } from '../rules/hedgeInstrumentRules.js';
import { isPairedShortLeg, optionStructureOf, spreadWidthsOf, type SpreadWidths } from '../../engine/instruments/vixOptionStructures.js';
import { countText } from '../../lib/numberText.js';

type Figures = Record<string, number | string | boolean>;

/** The book's VIX exposures (USD per VIX point), measured by the caller on the book as it is now. */
export interface VixExposures {
  readonly condor: number;
  readonly hedge: number;
}

const note = (action: DecisionNote['action'], outcome: RuleOutcome, group: string | undefined, extra: Figures = {}): DecisionNote => ({ action, rule: outcome.rule, reason: outcome.reason, group, figures: { ...outcome.figures, ...extra } });

function layerValueUsd(ctx: ManagerContext, l: HedgeLayerState): number {
  return ctx.portfolio.positionsValueUsd((p) => p.group === l.group);
}

/** Premium spent on hedges in quiet regimes inside the drag cap's rolling window ending today, USD. */
function quietPremiumInWindowUsd(config: ManagerContext['config'], state: StrategyState, day: DayNumber): number {
  const from = day - config.hedge.caps.dragWindowCalendarDays;
  return state.quietPremium.reduce((s, x) => (x.day > from ? s + x.usd : s), 0);
}

/**
 * Premium counts against the drag cap when it is spent in a quiet regime. Returns the figure the
 * decision shows (`dragCapCountedUsd`, nothing when it does not count): the claims check sums it by
 * month beside the hedge's realised drag, the cap's own measure against the month's whole P&L.
 */
function spendPremium(ctx: ManagerContext, state: StrategyState, usd: number): { readonly dragCapCountedUsd?: number } {
  if (!(usd > 0 && ctx.config.hedge.caps.quietRegimes.includes(ctx.signals.regime))) return {};
  state.quietPremium.push({ day: ctx.market.day, usd });
  return { dragCapCountedUsd: usd };
}

/**
 * Whether a new layer is bought after confirmation (METHODOLOGY 4: premium at most 1 % of equity before
 * confirmation, 3 % after): a confirmation today, a layer 2 or later being added, or one still held. Layer 2
 * goes on only on a confirmation, so a hedge holding it is past the first divergence: a layer 1 bought
 * back beside it (after a take-profit or an expiry) is capped at 3 %, as the rebalance caps its top-ups,
 * not at the first divergence's 1 %, which the held layers' premium alone often exceeds.
 */
export function hedgeConfirmed(ctx: ManagerContext, state: StrategyState, layer: number): boolean {
  return ctx.signals.confirmations.length > 0 || layer >= 2 || state.layers.some((l) => l.layer >= 2);
}

/** What n contracts of one expiry cost at `usd` each: the premium of an order that is not split across tenors. */
const atPremiumPerContract = (usd: number) => (contracts: number) => contracts * usd;

/** The premium caps for an order whose `n` contracts cost `premiumOfContractsUsd(n)`, USD. */
function capsFor(ctx: ManagerContext, state: StrategyState, confirmed: boolean, premiumOfContractsUsd: (contracts: number) => number, requestedContracts: number, excludeGroup?: string) {
  return applyHedgePremiumCaps(ctx.config, {
    equityUsd: ctx.portfolio.equityUsd(),
    regime: ctx.signals.regime,
    heldPremiumUsd: state.layers.filter((l) => l.group !== excludeGroup).reduce((s, l) => s + Math.max(l.premiumUsd, 0), 0),
    quietPremiumLastMonthUsd: quietPremiumInWindowUsd(ctx.config, state, ctx.market.day),
    confirmed,
    premiumOfContractsUsd,
    requestedContracts,
  });
}

const closeAll = (ctx: ManagerContext, legIds: readonly string[], reason: string): CloseLegOrder[] => legIds.filter((id) => ctx.portfolio.positions.has(id)).map((id) => ({ kind: 'close', positionId: id, reason }));

// ---------------------------------------------------------------- the day's start

/**
 * The hedge's day starts: the VIX spike under way is tracked (its peak is state) and drag-cap entries
 * older than the window are dropped. Returns the spike rule's outcome for today.
 */
export function beginHedgeDay(ctx: ManagerContext, state: StrategyState): RuleOutcome & { peakVixClose: number | undefined } {
  const from = ctx.market.day - ctx.config.hedge.caps.dragWindowCalendarDays;
  while (state.quietPremium.length > 0 && (state.quietPremium[0] as { day: DayNumber }).day <= from) state.quietPremium.shift();
  const spike = vixSpikeCash(ctx.config, state.vixSpikePeak, ctx.market.vixClose);
  state.vixSpikePeak = spike.peakVixClose;
  return spike;
}

// ---------------------------------------------------------------- each layer

export interface LayerCashOrder {
  readonly kind: 'cash';
  readonly outcome: RuleOutcome;
  readonly orders: CloseLegOrder[];
}

export interface LayerRollOrder {
  readonly kind: 'roll';
  readonly roll: RuleOutcome;
  readonly wanted: RuleOutcome;
  /** The legs closed, with the quantity each held (the proceeds are booked from their fills). */
  readonly closes: Array<CloseLegOrder & { readonly quantity: number; readonly isFuture: boolean }>;
  readonly buys: LayerBuy[];
  /** The legs not due, held on as they are, and their long contracts. */
  readonly keptLegIds: string[];
  readonly keptContracts: number;
  readonly contractsBefore: number;
  readonly missing: number;
  /** What was rolled (`12 at 2021-03-17 (was 2021-02-17)`) and what was kept, as the note says them. */
  readonly parts: string[];
  readonly keptParts: string[];
}

/** What one layer does today: notes to record first, a let-decay mark, and at most one order. */
export interface LayerDecision {
  readonly notes: DecisionNote[];
  readonly letDecay: boolean;
  readonly order: LayerCashOrder | LayerRollOrder | undefined;
}

/**
 * One layer's decision: cash it (spike, take-profit, no condor left), let it decay, or roll it when its
 * roll is due and a rule still wants it. Cashing comes first, so a new layer sees the book after it.
 */
export function manageLayer(ctx: ManagerContext, state: StrategyState, l: HedgeLayerState, spike: RuleOutcome, ids: IdCounter, exposuresNow: () => VixExposures): LayerDecision {
  const { config, market: m, signals } = ctx;
  const notes: DecisionNote[] = [];
  const cash = (outcome: RuleOutcome): LayerDecision => ({ notes, letDecay: l.letDecay === true, order: { kind: 'cash', outcome, orders: closeAll(ctx, l.legIds, outcome.rule) } });
  if (spike.fired) {
    const valueUsd = layerValueUsd(ctx, l);
    // The spike rule monetises gains: a layer bought late in the spike and worth less than it cost
    // is kept as protection rather than sold at a loss on the first retrace.
    if (!config.hedge.cashSpikeOnlyInProfit || valueUsd > l.premiumUsd) return cash(spike);
    notes.push({ action: 'hold-layer', rule: 'hedge.takeProfit.vixSpike.heldBelowCost', reason: `${spike.reason}, but layer ${l.layer} is worth ${valueUsd.toFixed(0)} USD, under its cost basis ${l.premiumUsd.toFixed(0)} USD: held`, group: l.group, figures: { ...spike.figures, layer: l.layer, valueUsd, costBasisUsd: l.premiumUsd } });
  }
  const tp = hedgeLayerTakeProfit(config, layerValueUsd(ctx, l), l.premiumUsd);
  if (tp.fired) return cash(tp);
  let letDecay = l.letDecay === true;
  if (state.condors.length === 0) {
    // No condor left to protect: the layer is cashed or left to decay, as configured, and said so.
    if (config.hedge.whenNoCondor === 'cash') return cash({ rule: 'hedge.cash.noCondor', fired: true, reason: 'no open condor to protect', figures: {} });
    if (!letDecay) {
      letDecay = true;
      notes.push({ action: 'let-decay', rule: 'hedge.letDecay.noCondor', reason: `no open condor to protect: layer ${l.layer} is held to decay (not rolled) until a condor opens or it expires`, group: l.group, figures: { layer: l.layer } });
    }
  }
  // The nearest leg's days to expiry (Infinity without legs), without an array per layer per day.
  let dte = Infinity;
  for (const id of l.legIds) dte = Math.min(dte, (ctx.portfolio.positions.get(id)?.expiryDay ?? Infinity) - m.day);
  const widening = [...(signals.bearishDivergence ? ['bearishDivergence'] : []), ...signals.confirmations];
  const roll = hedgeLayerRollDue(config, dte);
  const early = hedgeLayerEarlyRollDue(config, dte, widening);
  if (!roll.fired && !early.fired) return { notes, letDecay, order: undefined };
  const wanted = hedgeLayerRollWanted(config, {
    condorOpen: state.condors.length > 0,
    resolution: signals.resolution,
    regime: signals.regime,
    tradingDaysSinceHedgeSignal: state.tradingDaysSinceHedgeSignal,
    layerAgeDays: m.day - l.openedDay,
  });
  // A layer that is due but no longer wanted is left to decay: logged once, on the day it falls due.
  if (!wanted.fired) {
    if (!letDecay) {
      letDecay = true;
      notes.push(note('let-decay', wanted, l.group, { layer: l.layer, dteDays: dte }));
    }
    return { notes, letDecay, order: undefined };
  }
  return { notes, letDecay, order: planLayerRoll(ctx, state, l, roll.fired ? roll : early, wanted, notes, ids, exposuresNow) };
}

/**
 * Roll a layer: each leg the rule found due (inside the roll window, or, for an early roll, short of
 * the early limit) is closed and bought again at the expiry nearest the tenor it was bought at, and
 * always a later one than it held (an M3 leg stays about three months out, a 30/60/90 relief layer
 * keeps its tenors), at today's hedge strike, with the same contracts unless the caps cut them: a
 * roll's net debit is new premium like any other and counts against the notional cap and, in quiet
 * regimes, the drag cap. What it buys back never lifts the hedge ratio above the band's top, as a new
 * layer's purchase never does. Legs not due are kept *(choice: closing a leg and buying back its own expiry
 * paid the spread for nothing; before this, every leg was rolled, some onto the expiry they held)*.
 * An early roll the band or the caps would cut is not made (undefined, with a note): see below.
 * `exposuresNow`: the book's VIX exposures as they are now (before this roll), read only when a roll is planned.
 */
function planLayerRoll(ctx: ManagerContext, state: StrategyState, l: HedgeLayerState, roll: RuleOutcome, wanted: RuleOutcome, notes: DecisionNote[], ids: IdCounter, exposuresNow: () => VixExposures): LayerRollOrder | undefined {
  const { config, market: m, pricing, portfolio } = ctx;
  const h = config.hedge;
  const held = l.legIds.map((id) => portfolio.positions.get(id)).filter((p): p is OptionPosition => p !== undefined);
  const dueBelowDays = roll.rule === 'hedge.rollLayerEarly' ? h.rollEarlyOnWideningDivergenceDteBelowDays : h.rollWhenDteBelowDays;
  const due = held.filter((p) => p.expiryDay - m.day < dueBelowDays);
  const kept = held.filter((p) => p.expiryDay - m.day >= dueBelowDays);
  const longs = due.filter((p) => p.quantity > 0);
  const plan = longs.map((leg) => {
    const target = chooseLayerExpiry(config, m, { kind: 'dte', days: Math.max(leg.expiryDay - leg.entryDay, h.rollWhenDteBelowDays + 1) }, undefined, leg.expiryDay);
    return { leg, target, unit: target ? layerUnit(config, pricing, m, target.expiryDay, l.layer) : undefined };
  });
  const missing = plan.filter((x) => !x.target).length;
  // What closing brings back (at fill prices), to size the roll's net debit for the caps.
  const closeProceedsUsd = due.reduce((s, p) => s + p.quantity * pricing.fillPrice(pricing.quote(m, p), -sideSign(p.quantity)) * multiplierOf(p) * (p.type === 'future' ? 0 : 1), 0);
  // What each due leg may buy back (nothing where no later expiry is listed), and n contracts of the
  // roll split over them (splitAcrossLegs): what the band and the caps measure is what is bought.
  const quantities = plan.map((x) => (x.target ? x.leg.quantity : 0));
  const wantedContracts = quantities.reduce((s, q) => s + q, 0);
  const split = (contracts: number) => splitAcrossLegs(quantities, contracts);
  const unitPremiumUsd = plan.map((x) => (x.unit ? x.unit.premiumPoints * OPTION_MULTIPLIER_USD : 0));
  const newPremiumUsd = plan.reduce((s, x, i) => s + (unitPremiumUsd[i] as number) * x.leg.quantity, 0);
  // The roll's net debit for n contracts: their premium less the closes' proceeds pro rata (the
  // proceeds of the legs n of the wanted contracts replace). It never decreases while each leg's new
  // contract costs at least the proceeds per wanted contract, as when expiring calls are rolled; where
  // one costs less (a deep in-the-money leg rolled beside others), the caps' bisection still returns
  // contracts within the cap, possibly not the most.
  const debitUsd = (contracts: number) => Math.max(split(contracts).reduce((s, n, i) => s + n * (unitPremiumUsd[i] as number), 0) - (closeProceedsUsd * contracts) / wantedContracts, 0);
  // The band's top first: the contracts bought back may not lift the hedge ratio above it, measured on
  // the book without the legs the roll closes. Rolled regardless, they were sold again at the same
  // close (alvh-ladder, 2008-04-15: 34 layer-2 calls rolled for 4,143 USD at a hedge ratio of 34, the
  // condor near expiry, and 46 calls trimmed by the rebalance that day).
  const bandContracts = rollContractsUnderBandTop(ctx, due, plan, split, wantedContracts, exposuresNow());
  if (bandContracts.contracts < wantedContracts) {
    notes.push({
      action: 'cap-bound',
      rule: 'hedge.band.max',
      reason: `layer ${l.layer}: the band's top ${config.hedge.hedgeRatioBand.max} allows ${bandContracts.contracts} of the ${countText(wantedContracts, 'contract')} the roll would buy back`,
      group: l.group,
      figures: { layer: l.layer, requestedContracts: wantedContracts, allowedContracts: bandContracts.contracts, headroomUsd: bandContracts.headroomUsd, roll: true },
    });
  }
  const requested = bandContracts.contracts;
  const caps = newPremiumUsd > closeProceedsUsd && requested > 0 ? capsFor(ctx, state, true, debitUsd, requested, l.group) : undefined;
  const allowed = caps ? caps.contracts : requested;
  if (caps?.fired) notes.push(note('cap-bound', caps, l.group, { layer: l.layer, roll: true }));
  // An early roll is there to lengthen the protection: one the caps cut would sell legs that still
  // have days to run and buy fewer back (2018-02-01: 19 February calls sold, none bought, four days
  // before the spike). It waits instead; the roll at the window's edge lets go what the caps refuse.
  // The same when the band's top cuts it: the legs are kept, and the rebalance trims what is over it.
  if (roll.rule === 'hedge.rollLayerEarly' && allowed < wantedContracts) {
    const limits = allowed < requested ? 'the caps allow' : `the band's top ${config.hedge.hedgeRatioBand.max} allows`;
    notes.push({
      action: 'hold-layer',
      rule: 'hedge.rollLayerEarly.capped',
      reason: `${roll.reason}; ${limits} ${allowed} of the ${countText(wantedContracts, 'contract')} it would buy back: layer ${l.layer} is kept as it is, not sold into less protection`,
      group: l.group,
      figures: { ...roll.figures, layer: l.layer, allowedContracts: allowed, wantedContracts },
    });
    return undefined;
  }
  // Every due leg is closed: rolled, or, where the caps or the listing allow nothing, let go.
  const closes = due.map((p) => ({ kind: 'close' as const, positionId: p.id, reason: roll.rule, quantity: p.quantity, isFuture: p.type === 'future' }));
  const bought = split(allowed);
  const buys: LayerBuy[] = [];
  const parts: string[] = [];
  for (const [i, x] of plan.entries()) {
    if (!x.target) continue;
    const n = bought[i] as number;
    if (n <= 0) continue;
    const buy = layerBuy(config, m, ids, l, x.target, n, roll.rule);
    if (buy.unavailable) notes.push({ action: 'skip-layer', rule: roll.rule, reason: `layer ${l.layer}: ${buy.unavailable}`, group: l.group, figures: { layer: l.layer } });
    buys.push(buy);
    parts.push(`${n} at ${isoFromDay(x.target.expiryDay)} (was ${isoFromDay(x.leg.expiryDay)})`);
  }
  const keptLongs = kept.filter((p) => p.quantity > 0);
  const keptParts = keptLongs.map((p) => `${p.quantity} at ${isoFromDay(p.expiryDay)} (${countText(p.expiryDay - m.day, 'day')} left)`);
  return {
    kind: 'roll',
    roll,
    wanted,
    closes,
    buys,
    keptLegIds: kept.map((p) => p.id),
    keptContracts: keptLongs.reduce((s, p) => s + p.quantity, 0),
    contractsBefore: held.filter((p) => p.quantity > 0).reduce((s, p) => s + p.quantity, 0),
    missing,
    parts,
    keptParts,
  };
}

/**
 * How many of a roll's `wantedContracts` the band's top lets it buy back: the most whose VIX exposure
 * (split over the legs as the roll buys them) fits under band.max x |condor exposure| less the hedge
 * exposure that stays once the due legs are closed. USD per VIX point throughout.
 */
function rollContractsUnderBandTop(
  ctx: ManagerContext,
  due: readonly OptionPosition[],
  plan: ReadonlyArray<{ target: VixTenor | undefined; unit: LayerUnit | undefined }>,
  split: (contracts: number) => number[],
  wantedContracts: number,
  exposures: VixExposures,
): { contracts: number; headroomUsd: number } {
  const { market: m, pricing } = ctx;
  const closedExposureUsd = due.reduce((sum, p) => sum + positionVixExposureUsd(p, pricing.quote(m, p), m), 0);
  const headroomUsd = bandTopHeadroomUsd(ctx.config, exposures.condor, exposures.hedge - closedExposureUsd);
  if (!(headroomUsd > 0) || wantedContracts <= 0) return { contracts: 0, headroomUsd };
  // Per leg bought back: one contract's VIX exposure at its new expiry (0 where no expiry is listed).
  const perContractUsd = plan.map((x) => (x.target && x.unit ? exposurePerUnitUsd(m, x.target.expiryDay, x.unit) : 0));
  const exposureUsd = (contracts: number) => split(contracts).reduce((sum, n, i) => sum + n * (perContractUsd[i] as number), 0);
  return { contracts: maxContractsWithin(headroomUsd, exposureUsd, wantedContracts), headroomUsd };
}

/** After a cash order is filled: the cash note; the rung may not be bought back today, nor for the cooldown after. */
export function applyLayerCash(ctx: ManagerContext, state: StrategyState, l: HedgeLayerState, o: LayerCashOrder): DecisionNote {
  state.rungCooldown.set(l.layer, ctx.config.hedge.rebuyCooldownTradingDays);
  return note('cash-layer', o.outcome, l.group, { layer: l.layer, costBasisUsd: l.premiumUsd });
}

/** After a roll is filled: the layer holds the new legs, its cost basis carries the roll's net debit. */
export function applyLayerRoll(ctx: ManagerContext, state: StrategyState, l: HedgeLayerState, o: LayerRollOrder, fills: readonly LegFill[]): DecisionNote {
  const costBefore = l.premiumUsd;
  let proceeds = 0;
  for (const c of o.closes) {
    const fill = fills.find((f) => f.order === c) as LegFill;
    if (!c.isFuture) proceeds += c.quantity * fill.price * OPTION_MULTIPLIER_USD;
  }
  l.legIds = [...o.keptLegIds];
  const { premiumUsd: premium, contracts: bought } = filledLayerBuys(o.buys, fills, l.legIds);
  l.contracts = o.keptContracts + bought;
  l.letDecay = false;
  l.premiumUsd = costBefore + premium - proceeds;
  l.rolls = (l.rolls ?? 0) + 1;
  const counted = spendPremium(ctx, state, premium - proceeds);
  const figures = { layer: l.layer, contractsBefore: o.contractsBefore, contractsBoughtBack: bought, contracts: l.contracts, newPremiumUsd: premium, closeProceedsUsd: proceeds, costBasisUsd: l.premiumUsd, rolls: l.rolls, wantedBy: o.wanted.rule, expiriesMissing: o.missing, ...counted };
  const why = `${o.roll.reason}; ${o.wanted.reason}; ${o.parts.join(', ') || 'nothing bought'}${o.keptParts.length > 0 ? `; kept, not due: ${o.keptParts.join(', ')}` : ''}${o.missing > 0 ? `; ${o.missing} leg(s) found no later expiry and were closed` : ''}`;
  return { action: 'roll-layer', rule: o.roll.rule, reason: why, group: l.group, figures: { ...o.roll.figures, ...figures } };
}

// ---------------------------------------------------------------- pre-FOMC seeds

/** Seeds whose FOMC decision has passed: each closed, with its note. */
export function passedSeeds(ctx: ManagerContext, state: StrategyState): Array<{ seed: SeedState; orders: CloseLegOrder[]; note: DecisionNote }> {
  const daysToFomc = ctx.signals.tradingDaysToNextFomc;
  const rule = 'hedge.preFomcSeed.decisionPassed';
  return state.seeds
    .filter((seed) => !(daysToFomc !== undefined && daysToFomc <= seed.tradingDaysToFomcAtOpen))
    .map((seed) => ({ seed, orders: closeAll(ctx, seed.legIds, rule), note: { action: 'cash-layer', rule, reason: 'the FOMC decision the seed was bought for has passed', group: seed.group, figures: {} } }));
}

/** What a seed does today with no condor left: sold (its orders), or held to its decision and marked so (`letDecay`). */
export interface SeedWithoutCondor {
  readonly seed: SeedState;
  readonly orders: CloseLegOrder[];
  readonly note: DecisionNote;
  /** Mark the seed as held to its decision (the note is said once), as manageLayer's `letDecay` marks a layer. */
  readonly letDecay: boolean;
}

/**
 * Seeds held when no condor is left (the condors closed or expired before the decision): as the layers
 * are, cashed with `hedge.whenNoCondor: cash`, otherwise held to the decision and said so once. Plans
 * only: the engine applies the `letDecay` mark.
 */
export function seedsWithoutCondor(ctx: ManagerContext, state: StrategyState): SeedWithoutCondor[] {
  if (state.condors.length > 0) return [];
  const cashNow = ctx.config.hedge.whenNoCondor === 'cash';
  const out: SeedWithoutCondor[] = [];
  for (const seed of state.seeds) {
    if (cashNow) {
      out.push({ seed, orders: closeAll(ctx, seed.legIds, 'hedge.cash.noCondor'), note: { action: 'cash-layer', rule: 'hedge.cash.noCondor', reason: 'no open condor to protect through the decision: the seed is sold', group: seed.group, figures: {} }, letDecay: false });
    } else if (seed.letDecay !== true) {
      out.push({ seed, orders: [], note: { action: 'let-decay', rule: 'hedge.letDecay.noCondor', reason: 'no open condor to protect: the seed is held to the decision it was bought for', group: seed.group, figures: {} }, letDecay: true });
    }
  }
  return out;
}

export interface SeedOrder {
  readonly seed: SeedState;
  readonly due: RuleOutcome;
  readonly orders: [OpenLegOrder, OpenLegOrder];
}

/** A new pre-FOMC call-spread seed inside the next decision's window, sized on today's equity. */
export function planSeed(ctx: ManagerContext, state: StrategyState, ids: IdCounter): { note?: DecisionNote; order?: SeedOrder } {
  const { config, market: m, pricing } = ctx;
  const seedConfig = config.hedge.preFomcSeeding;
  const daysToFomc = ctx.signals.tradingDaysToNextFomc;
  const due = preFomcSeedDue(config, daysToFomc, state.seeds.length > 0, state.condors.length > 0);
  if (!due.fired || daysToFomc === undefined) return {};
  const h = config.hedge;
  const tenor = chooseLayerExpiry(config, m, { kind: 'dte', days: seedConfig.dteDays });
  if (!tenor) return { note: note('skip-layer', { ...due, fired: false, reason: `${due.reason}, but no VIX expiry near ${seedConfig.dteDays} days is listed` }, undefined) };
  const strike = m.vixStrikeForDelta('call', h.hedgeCallDelta, tenor.expiryDay);
  const unitPoints = pricing.fillPrice(m.priceVixOption('call', strike, tenor.expiryDay), 1) - pricing.fillPrice(m.priceVixOption('call', strike + h.callSpreadWidthPoints, tenor.expiryDay), -1);
  if (!(unitPoints > 0)) return {};
  const equity = ctx.portfolio.equityUsd();
  const contracts = Math.floor(Math.min(seedConfig.fractionOfCapital.min * equity, seedConfig.fractionOfCapital.max * equity) / (unitPoints * OPTION_MULTIPLIER_USD));
  if (contracts <= 0) return {};
  const group = ids.group('hedge');
  const seed: SeedState = { group, layer: PRE_FOMC_SEED_RUNG, openedDay: m.day, tenor: { kind: 'dte', days: seedConfig.dteDays }, premiumUsd: 0, legIds: [], contracts, tradingDaysToFomcAtOpen: daysToFomc };
  const leg = (legId: string, k: number, quantity: number): OpenLegOrder =>
    openLegOrder({ positionId: ids.position(group, legId), group, role: 'hedge', legId, layer: PRE_FOMC_SEED_RUNG, underlying: 'VIX', type: 'call', strike: k, expiryDay: tenor.expiryDay, settlement: 'AM', quantity, rule: due.rule });
  return { order: { seed, due, orders: [leg('seedLongCall', strike, contracts), leg('seedShortCall', strike + h.callSpreadWidthPoints, -contracts)] } };
}

export function applySeed(state: StrategyState, o: SeedOrder, fills: readonly LegFill[]): { opening: GroupOpening; note: DecisionNote } {
  const [long, short] = fills as [LegFill, LegFill];
  const seed = o.seed;
  seed.legIds.push(o.orders[0].positionId, o.orders[1].positionId);
  seed.premiumUsd = (long.price - short.price) * seed.contracts * OPTION_MULTIPLIER_USD;
  state.seeds.push(seed);
  const legs = `${describePosition(o.orders[0])}; ${describePosition(o.orders[1])}`;
  return {
    opening: { entryDay: seed.openedDay, kind: 'hedge-layer', layer: PRE_FOMC_SEED_RUNG, contracts: seed.contracts, entryPricePoints: long.price - short.price, legs },
    note: note('add-layer', { ...o.due, reason: `${o.due.reason}: ${legs}` }, seed.group, { contracts: seed.contracts, premiumUsd: seed.premiumUsd }),
  };
}

// ---------------------------------------------------------------- new layers

export interface AddLayerOrder {
  readonly layer: HedgeLayerState;
  readonly trigger: RuleOutcome;
  readonly sizingReason: string;
  /** The trigger's and the sizing rule's figures. */
  readonly figures: Figures;
  readonly condorExposureUsd: number;
  readonly buys: LayerBuy[];
}

/** The layer a trigger (or a deferred roll that favours hedging) wants today, or none. */
export function layerWanted(ctx: ManagerContext, state: StrategyState, forced: RuleOutcome | undefined): { layer: number; relief: boolean; trigger: RuleOutcome } | { note: DecisionNote } | undefined {
  const { config, signals } = ctx;
  const trigger = hedgeLayerTrigger(config, {
    regime: signals.regime,
    rungsHeld: state.layers.map((l) => l.layer),
    rungsCooling: [...state.rungCooldown.keys()],
    condorOpen: state.condors.length > 0,
    bearishDivergence: signals.bearishDivergence,
    confirmations: signals.confirmations,
    regimeAgeTradingDays: state.regimeRun?.days ?? 0,
    termStructureInverted: signals.termStructureInverted,
    reliefRally: signals.reliefRally,
    resolution: signals.resolution,
  });
  if (trigger.fired) return { layer: trigger.layer, relief: trigger.relief, trigger };
  if (!forced) return undefined;
  // In a resolution the layers are let decay and the rebalance trims toward the band's bottom: a layer
  // added for a deferred roll would be sold at the same close (alvh-methodology, 2016-01-13).
  if (signals.resolution) return { note: { action: 'skip-layer', rule: 'adaptive.eventFavoursHedge.notAdded', reason: `${forced.reason}, but no layer can be added today (a resolution is under way: the layers are let decay)`, group: undefined, figures: forced.figures } };
  const rung = nextFreeRung(state, config.hedge.maxLayers);
  if (rung !== undefined && state.condors.length > 0) return { layer: rung, relief: false, trigger: forced };
  return { note: { action: 'skip-layer', rule: 'adaptive.eventFavoursHedge.notAdded', reason: `${forced.reason}, but no layer can be added today (${rung === undefined ? 'every rung held or cooling down' : 'no open condor'})`, group: undefined, figures: forced.figures } };
}

/** The trigger a deferral stands for while asking whether a layer could be added for it. */
const DEFERRAL_PROBE: RuleOutcome = { rule: 'adaptive.eventFavoursHedge', fired: true, reason: 'a deferred roll asks for a hedge layer', figures: {} };

/**
 * Whether the hedge manager would add a layer today if a threatened condor's roll were deferred for one
 * (adaptive.eventFavoursHedge): the layer layerWanted picks, planned as planAddLayer plans it (its
 * size, the band's top, the premium caps), buys at least one contract. A rung free is not enough: a
 * deferral that no layer follows leaves the side neither rolled nor hedged. Nothing changes: the plan
 * and its ids are dropped. Asked before the day's hedge management, on the book as it is then.
 */
export function layerWouldBeAdded(ctx: ManagerContext, state: StrategyState, exposures: VixExposures): boolean {
  const want = layerWanted(ctx, state, DEFERRAL_PROBE);
  if (want === undefined || 'note' in want) return false;
  return planAddLayer(ctx, state, new IdCounter(state.nextId), want, exposures).order !== undefined;
}

/** One contract of a layer at one of its tenors: its premium (USD) and its VIX exposure (USD per VIX point). */
interface TenorUnit {
  readonly premiumUsd: number;
  readonly exposureUsd: number;
}

/**
 * A new layer: sized by the layering rule on the condor's VIX exposure, never above the band's top,
 * then cut by the premium caps; its contracts split across its tenors (splitAcrossTenors). The band and
 * the caps measure the split itself, each tenor at its own exposure and premium, so a layer over
 * 30/60/90 days spends no more than the caps allow.
 */
export function planAddLayer(ctx: ManagerContext, state: StrategyState, ids: IdCounter, want: { layer: number; relief: boolean; trigger: RuleOutcome }, exposures: VixExposures): { notes: DecisionNote[]; order?: AddLayerOrder } {
  const { config, market: m, pricing } = ctx;
  const { layer, relief, trigger } = want;
  const condorExposureUsd = exposures.condor;
  const notes: DecisionNote[] = [];
  const tenors = tenorsForLayer(config, layer, relief);
  const expiries = layerExpiries(config, m, tenors);
  if (!expiries[0]) {
    notes.push({ action: 'skip-layer', rule: trigger.rule, reason: `layer ${layer}: ${trigger.reason}; no VIX expiry available for it`, group: undefined, figures: { layer } });
    return { notes };
  }
  // The layer's contracts are split across its tenors (splitAcrossTenors), each bought at its own
  // expiry: n contracts cost and cover each tenor's share at that tenor's premium and exposure (a
  // relief layer's 90-day calls cost more, and cover less per VIX point, than its 30-day ones), and one
  // contract of the layer is their average (a tenor with no expiry listed buys nothing). A layer of one
  // tenor is its one expiry's unit.
  const tenorUnits = expiries.map((t): TenorUnit => {
    if (!t) return { premiumUsd: 0, exposureUsd: 0 };
    const unit = layerUnit(config, pricing, m, t.expiryDay, layer);
    return { premiumUsd: unit.premiumPoints * OPTION_MULTIPLIER_USD, exposureUsd: exposurePerUnitUsd(m, t.expiryDay, unit) };
  });
  const layerAmount = (contracts: number, of: (u: TenorUnit) => number) => splitAcrossTenors(contracts, tenors.length).reduce((sum, n, i) => sum + n * of(tenorUnits[i] as TenorUnit), 0);
  const exposurePerContract = tenorUnits.reduce((sum, u) => sum + u.exposureUsd, 0) / tenors.length;
  const premiumPerContractUsd = tenorUnits.reduce((sum, u) => sum + u.premiumUsd, 0) / tenors.length;
  // The ladder counts from layer 1's size in calls as if it held no fund (hedge.firstLayerInstrument).
  // A rung holds what all its layers hold: with `hedge.agedLayerTopUps: renew`, an aged layer left to
  // decay and its renewal are one rung, both still held.
  const heldContracts = new Map<number, number>();
  const heldPremium = new Map<number, number>();
  for (const l of state.layers) {
    heldContracts.set(l.layer, (heldContracts.get(l.layer) ?? 0) + (l.layer === 1 ? ladderReferenceContracts(config, l.contracts) : l.contracts));
    heldPremium.set(l.layer, (heldPremium.get(l.layer) ?? 0) + l.premiumUsd);
  }
  // What layer 1 would be today, for sizing a later rung while layer 1 is not held.
  let firstRungReference: { contracts: number; premiumUsd: number } | undefined;
  if (layer > 1 && !heldContracts.has(1)) {
    const firstTenor = chooseLayerExpiry(config, m, tenorsForLayer(config, 1, false)[0] as LayerTenor);
    if (firstTenor) {
      const u1 = layerUnit(config, pricing, m, firstTenor.expiryDay);
      const e1 = exposurePerUnitUsd(m, firstTenor.expiryDay, u1);
      const contracts = e1 > 0 ? Math.round((config.hedge.firstLayerFractionOfCondorExposure * Math.abs(condorExposureUsd)) / e1) : 0;
      firstRungReference = { contracts, premiumUsd: contracts * u1.premiumPoints * OPTION_MULTIPLIER_USD };
    }
  }
  // With the fund, layer 1's calls cover only what the fund does not.
  const sizing = hedgeLayerContracts(layer === 1 ? firstLayerCallsConfig(config) : config, {
    layer,
    condorExposureUsd,
    exposurePerContractUsd: exposurePerContract,
    premiumPerContractUsd,
    heldLayerContracts: heldContracts,
    heldLayerPremiumUsd: heldPremium,
    ...(firstRungReference ? { firstRungReference } : {}),
  });
  if (sizing.contracts <= 0) {
    notes.push(note('skip-layer', { ...sizing, reason: `layer ${layer}: ${trigger.reason}; ${sizing.reason}: no contracts` }, undefined, { layer }));
    return { notes };
  }
  // A new layer never lifts the hedge ratio above the band's top: what would be trimmed at the next
  // rebalance is not bought.
  const band = config.hedge.hedgeRatioBand;
  const headroomUsd = bandTopHeadroomUsd(config, condorExposureUsd, exposures.hedge);
  let requested = sizing.contracts;
  const bandContracts = exposurePerContract > 0 ? maxContractsWithin(headroomUsd, (n) => layerAmount(n, (u) => u.exposureUsd), requested) : 0;
  if (bandContracts < requested) {
    notes.push({ action: 'cap-bound', rule: 'hedge.band.max', reason: `layer ${layer}: the band's top ${band.max} allows ${bandContracts} of ${countText(requested, 'contract')}`, group: undefined, figures: { layer, requestedContracts: requested, allowedContracts: bandContracts, headroomUsd } });
    requested = bandContracts;
    if (requested <= 0) return { notes };
  }
  const caps = capsFor(ctx, state, hedgeConfirmed(ctx, state, layer), (n) => layerAmount(n, (u) => u.premiumUsd), requested);
  if (caps.fired) notes.push(note('cap-bound', caps, undefined, { layer }));
  if (caps.contracts <= 0) return { notes };
  const group = ids.group('hedge');
  const state1 = newHedgeLayerState(group, layer, m.day, tenors[0] as LayerTenor);
  const split = splitAcrossTenors(caps.contracts, tenors.length);
  const buys: LayerBuy[] = [];
  tenors.forEach((tenor, i) => {
    const n = split[i] as number;
    if (n <= 0) return;
    const t = expiries[i];
    if (!t) {
      notes.push({ action: 'skip-layer', rule: trigger.rule, reason: `no VIX expiry for ${JSON.stringify(tenor)}: ${n} contract(s) of the layer not bought`, group, figures: { layer, contractsNotBought: n } });
      return;
    }
    const buy = layerBuy(config, m, ids, state1, t, n, trigger.rule);
    // Logged without the group: no layer is opened unless some leg is bought.
    if (buy.unavailable) notes.push({ action: 'skip-layer', rule: trigger.rule, reason: `layer ${layer}: ${buy.unavailable}`, group: undefined, figures: { layer } });
    buys.push(buy);
  });
  if (buys.every((b) => b.orders.length === 0)) return { notes };
  return { notes, order: { layer: state1, trigger, sizingReason: sizing.reason, figures: { ...trigger.figures, ...sizing.figures }, condorExposureUsd, buys } };
}

export function applyAddLayer(ctx: ManagerContext, state: StrategyState, o: AddLayerOrder, fills: readonly LegFill[]): { opening: GroupOpening; note: DecisionNote } {
  const l = o.layer;
  const { premiumUsd: premium, contracts: bought } = filledLayerBuys(o.buys, fills, l.legIds);
  l.premiumUsd = premium;
  l.contracts = bought;
  state.layers.push(l);
  const counted = spendPremium(ctx, state, premium);
  const legText = o.buys.flatMap((b) => b.orders.map((leg) => describePosition(leg))).join('; ');
  return {
    opening: { entryDay: l.openedDay, kind: 'hedge-layer', layer: l.layer, contracts: bought, entryPricePoints: premium / (bought * OPTION_MULTIPLIER_USD), legs: legText },
    note: { action: 'add-layer', rule: o.trigger.rule, reason: `layer ${l.layer}: ${o.trigger.reason}; ${o.sizingReason}; ${legText}`, group: l.group, figures: { ...o.figures, layer: l.layer, contracts: bought, premiumUsd: premium, condorExposureUsd: o.condorExposureUsd, ...counted } },
  };
}

// ---------------------------------------------------------------- rebalance

export interface TrimOrder {
  readonly kind: 'trim';
  readonly outcome: RuleOutcome & { exposureChangeUsd: number };
  readonly orders: CloseLegOrder[];
  readonly sold: number;
  /** Each touched layer's contracts after the trim and the share of its cost basis kept, in order. */
  readonly layerChanges: Array<{ layer: HedgeLayerState; held: number; sold: number }>;
}

export interface TopUpOrder {
  readonly kind: 'top-up';
  readonly outcome: RuleOutcome;
  /** The layer bought into; with `renews`, a new layer of the aged layer's rung and tenor, not yet held. */
  readonly layer: HedgeLayerState;
  readonly buy: LayerBuy;
  readonly note: Figures;
  /** The aged layer (`hedge.agedLayerTopUps: renew`) this purchase renews: it is left to decay once filled. */
  readonly renews?: HedgeLayerState;
}

/** The band's latch: it engages on the first close every planned rung is held and lets go when the hedge holds no layer. */
function updateBandLatch(config: ManagerContext['config'], state: StrategyState): void {
  if (state.layers.length === 0) state.bandEngaged = false;
  else if (fullyLayered(config, state)) state.bandEngaged = true;
}

/** Whether the band applies (the rebalance may run), as `hedge.rebalanceWhen` says, from the latch as last updated. */
export function bandApplies(config: ManagerContext['config'], state: StrategyState): boolean {
  return config.hedge.rebalanceWhen === 'once-fully-layered' ? state.bandEngaged : fullyLayered(config, state);
}

/** Whether today is a rebalance day (counts the day, updates the band's latch); the rebalance wants the band to apply and a condor. */
export function rebalanceDue(ctx: ManagerContext, state: StrategyState): boolean {
  const h = ctx.config.hedge;
  state.tradingDaysSinceRebalance++;
  updateBandLatch(ctx.config, state);
  if (state.tradingDaysSinceRebalance >= h.rebalanceEveryTradingDays && state.condors.length > 0 && bandApplies(ctx.config, state)) {
    state.tradingDaysSinceRebalance = 0;
    return true;
  }
  return false;
}

interface ExposureUnit {
  readonly layer: HedgeLayerState;
  readonly expiry: VixTenor;
  /** VIX exposure of one unit, USD per VIX point. */
  readonly perContract: number;
  readonly premiumPoints: number;
  /** VIX exposure per premium dollar, USD per VIX point per USD. */
  readonly perDollar: number;
}

/**
 * The unit the rebalance buys: among the tenors the layering allows (each held layer's tenor; the
 * first layer's 30-45 days), the one with the most VIX exposure per premium dollar. `layers`: the
 * layers it may buy into (the rebalance skips those a rule left to decay).
 */
function cheapestExposureUnit(ctx: ManagerContext, layers: readonly HedgeLayerState[], describe = true): { best: ExposureUnit | undefined; compared: string[] } {
  const { config, market: m, pricing } = ctx;
  let best: ExposureUnit | undefined;
  const compared: string[] = [];
  for (const layer of layers) {
    const tenor: LayerTenor = layer.tenor.kind === 'dte' ? { kind: 'dteRange', min: config.hedge.firstLayerDteDays.min, max: config.hedge.firstLayerDteDays.max } : layer.tenor;
    const expiry = chooseLayerExpiry(config, m, tenor);
    if (!expiry) continue;
    const unit = layerUnit(config, pricing, m, expiry.expiryDay, layer.layer);
    const perContract = exposurePerUnitUsd(m, expiry.expiryDay, unit);
    if (!(perContract > 0) || !(unit.premiumPoints > 0)) continue;
    const perDollar = perContract / (unit.premiumPoints * OPTION_MULTIPLIER_USD);
    // The daily band measurement reads only the best unit: the text is written for decisions alone.
    if (describe) compared.push(`layer ${layer.layer} ${isoFromDay(expiry.expiryDay)}: ${perDollar.toFixed(4)}`);
    if (!best || perDollar > best.perDollar) best = { layer, expiry, perContract, premiumPoints: unit.premiumPoints, perDollar };
  }
  return { best, compared };
}

/**
 * Whether the caps leave headroom to reach the band's bottom at today's close (a measurement: it
 * decides nothing). The missing exposure is band.min x |condor exposure| - hedge exposure; headroom
 * means the premium the caps still allow today (the notional cap at its confirmed level, as the
 * rebalance applies it, and in quiet regimes the drag cap's rolling window), spent on the cheapest
 * allowed unit (the rebalance's unit: most VIX exposure per premium dollar), buys at least
 * ceil(missing / exposure per unit) units. Undefined when the ratio is not below the band.
 */
export function bandHeadroom(ctx: ManagerContext, state: StrategyState, exposures: VixExposures): BandHeadroom | undefined {
  const band = ctx.config.hedge.hedgeRatioBand;
  const missingExposureUsd = band.min * Math.abs(exposures.condor) - exposures.hedge;
  if (!(Math.abs(exposures.condor) > 0) || !(missingExposureUsd > 0)) return undefined;
  // What the caps allow is measured on every held layer's unit, decaying or not: a rule, not a cap, keeps those from being topped up.
  const { best } = cheapestExposureUnit(ctx, state.layers, false);
  if (!best) return { missingExposureUsd, unitsNeeded: 0, unitsAllowed: 0, allowedPremiumUsd: 0, reachable: false, boundBy: 'hedge.noLayerUnit' };
  const unitsNeeded = Math.ceil(missingExposureUsd / best.perContract);
  const caps = capsFor(ctx, state, true, atPremiumPerContract(best.premiumPoints * OPTION_MULTIPLIER_USD), unitsNeeded);
  return { missingExposureUsd, unitsNeeded, unitsAllowed: caps.contracts, allowedPremiumUsd: Number(caps.figures.allowedPremiumUsd), reachable: !caps.fired, boundBy: caps.boundBy };
}

export interface BandHeadroom {
  /** VIX exposure missing to the band's bottom, USD per VIX point. */
  readonly missingExposureUsd: number;
  /** Units of the cheapest allowed unit that would supply it. */
  readonly unitsNeeded: number;
  /** Units the caps allow today. */
  readonly unitsAllowed: number;
  /** Premium the caps still allow today, USD. */
  readonly allowedPremiumUsd: number;
  readonly reachable: boolean;
  /** The cap that leaves too little (or `hedge.noLayerUnit` when no tenor is priced); undefined when reachable. */
  readonly boundBy: string | undefined;
}

/**
 * Whether the rebalance may buy into layer `l`'s rung and tenor today: not left to decay by a rule,
 * and, with `hedge.agedLayerTopUps: forbid`, younger than `hedge.maxLayerLifeDays` (calendar days since
 * it opened): a layer that old is never rolled again, and a top-up at a fresh expiry would keep it
 * alive past that rule just as a roll would. With `renew` an aged layer's tenor stays a candidate: the
 * purchase goes into a new layer of its rung (see `layerNeedsRenewal`).
 */
export function layerMayGrow(config: ManagerContext['config'], day: DayNumber, l: HedgeLayerState): boolean {
  return l.letDecay !== true && (config.hedge.agedLayerTopUps !== 'forbid' || day - l.openedDay < config.hedge.maxLayerLifeDays);
}

/** With `hedge.agedLayerTopUps: renew`, whether a rebalance purchase for layer `l` opens a new layer instead (`l` is at or past its life). */
export function layerNeedsRenewal(config: ManagerContext['config'], day: DayNumber, l: HedgeLayerState): boolean {
  return config.hedge.agedLayerTopUps === 'renew' && day - l.openedDay >= config.hedge.maxLayerLifeDays;
}

/**
 * Bring the hedge ratio back into the band. Adding buys the tenor with the most exposure per premium
 * dollar among the tenors the layering allows (the ladder's M1-M3, or the first layer's 30-45 days),
 * into the layer of that tenor, never into a layer left to decay (nor, with `agedLayerTopUps: forbid`,
 * one at least `maxLayerLifeDays` old; with `renew`, such a layer's unit goes into a new layer of its
 * rung and tenor and the aged one is left to decay), and nothing in a resolution;
 * trimming sells the latest layers first.
 */
export function planRebalance(ctx: ManagerContext, state: StrategyState, ids: IdCounter, exposures: VixExposures): { notes: DecisionNote[]; order?: TrimOrder | TopUpOrder } {
  const { config, market: m, signals } = ctx;
  const notes: DecisionNote[] = [];
  const outcome = hedgeRebalanceExposureUsd(config, exposures.hedge, exposures.condor, signals.resolution);
  if (outcome.rule === 'hedge.rebalance.resolutionDecay') notes.push(note('rebalance', outcome, undefined));
  if (!outcome.fired || state.layers.length === 0) return { notes };
  if (outcome.rule === 'hedge.rebalance.aboveBand') {
    const held = aboveBandHeldNearCondorExpiry(config, daysToLastCondorExpiry(ctx, state), Number(outcome.figures.hedgeRatio));
    if (held.fired) {
      notes.push(note('rebalance', held, undefined));
      return { notes };
    }
  }
  if (outcome.exposureChangeUsd < 0) {
    // What must go to get under the band's top (all of the trim above it; in a resolution, whatever part of it lies above the top).
    const mustSellUsd = Math.max(-bandTopHeadroomUsd(config, exposures.condor, exposures.hedge), 0);
    return { notes, order: planTrim(ctx, state, -outcome.exposureChangeUsd, mustSellUsd, outcome) };
  }
  // A layer a rule left to decay (a resolution, its maximum life, a quiet regime without a signal, no
  // condor) is not bought into: topping it up at a fresh expiry would keep it alive past that rule.
  // With `hedge.agedLayerTopUps: forbid`, nor is a layer at or past `maxLayerLifeDays`, whether or not
  // its roll has fallen due yet: the life rule stops rolls, and a top-up at a later expiry than the
  // layer's own legs is a roll by another name (with `allow`, a layer 3 opened 2019-06-18 was topped up
  // at ever later expiries until 2020-02-19, 246 days).
  const maxLifeDays = config.hedge.maxLayerLifeDays;
  const growing = state.layers.filter((l) => layerMayGrow(config, m.day, l));
  if (growing.length === 0) {
    const aged = state.layers.filter((l) => l.letDecay !== true).length;
    const why = aged > 0 ? `every layer held is left to decay or at least ${maxLifeDays} days old (hedge.maxLayerLifeDays)` : 'every layer held is left to decay';
    notes.push({ action: 'rebalance', rule: 'hedge.rebalance.letDecay', reason: `${outcome.reason}, but ${why}: nothing bought`, group: undefined, figures: { ...outcome.figures, layersHeld: state.layers.length, ...(aged > 0 ? { layersPastMaxLife: aged } : {}) } });
    return { notes };
  }
  const { best, compared } = cheapestExposureUnit(ctx, growing);
  if (!best) return { notes };
  const wanted = topUpUnits(ctx.config, exposures, best.perContract);
  if (wanted <= 0) return { notes };
  const caps = capsFor(ctx, state, true, atPremiumPerContract(best.premiumPoints * OPTION_MULTIPLIER_USD), wanted);
  // With `renew`, the unit chosen for an aged layer goes into a new layer of its rung and tenor (its
  // own identity, opening day and cost basis), and the aged layer is left to decay once it fills.
  const renews = layerNeedsRenewal(config, m.day, best.layer) ? best.layer : undefined;
  // A cap that binds names the group the contracts would go into: a renewal's new group once it has
  // one, none when the cap leaves nothing to buy (the aged group is in the figures, never bought into).
  const capNote = (group: string | undefined) => note('cap-bound', caps, group, { layer: best.layer.layer, ...(renews ? { renewsGroup: renews.group } : {}) });
  if (caps.contracts <= 0) {
    if (caps.fired) notes.push(capNote(renews ? undefined : best.layer.group));
    return { notes };
  }
  const target: HedgeLayerState = renews ? newHedgeLayerState(ids.group('hedge'), renews.layer, m.day, renews.tenor) : best.layer;
  if (caps.fired) notes.push(capNote(target.group));
  const rule = renews ? RENEW_RULE : outcome.rule;
  const buy = layerBuy(config, m, ids, target, best.expiry, caps.contracts, rule);
  if (buy.unavailable) {
    notes.push({ action: 'rebalance', rule, reason: `layer ${best.layer.layer}: ${buy.unavailable}`, group: renews ? undefined : best.layer.group, figures: { layer: best.layer.layer } });
    return { notes };
  }
  const bought = `bought the most VIX exposure per dollar (${compared.join('; ')} USD per VIX point per USD)`;
  if (!renews) {
    return { notes, order: { kind: 'top-up', outcome: { ...outcome, reason: `${outcome.reason}: ${bought}` }, layer: target, buy, note: { exposurePerContractUsd: best.perContract, exposurePerPremiumUsd: best.perDollar } } };
  }
  const ageDays = m.day - renews.openedDay;
  const reason = `${outcome.reason}: ${bought}; layer ${renews.layer} (${renews.group}) is ${ageDays} days old (hedge.maxLayerLifeDays ${maxLifeDays}): renewed as ${target.group}, ${renews.group} left to decay`;
  return {
    notes,
    order: {
      kind: 'top-up',
      outcome: { ...outcome, rule, reason, figures: { ...outcome.figures, renewsGroup: renews.group, renewedLayerAgeDays: ageDays } },
      layer: target,
      buy,
      note: { exposurePerContractUsd: best.perContract, exposurePerPremiumUsd: best.perDollar },
      renews,
    },
  };
}

/** Calendar days from today to the latest expiry of any leg an open condor holds; undefined with none held. */
function daysToLastCondorExpiry(ctx: ManagerContext, state: StrategyState): number | undefined {
  let last = -Infinity;
  for (const c of state.condors) for (const id of c.legIds) last = Math.max(last, ctx.portfolio.positions.get(id)?.expiryDay ?? -Infinity);
  return last === -Infinity ? undefined : last - ctx.market.day;
}

/** The rule of a rebalance purchase that renews an aged layer (`hedge.agedLayerTopUps: renew`). */
export const RENEW_RULE = 'hedge.rebalance.renewAgedLayer';

/**
 * Whole units the top-up buys to bring the ratio back inside the band: enough to reach its bottom
 * (rounding up: a unit short leaves the ratio under it), unless that would pass its top (a unit
 * carrying more exposure than the band is wide), then as many as stay under the top.
 */
export function topUpUnits(config: ManagerContext['config'], exposures: VixExposures, exposurePerUnitUsd: number): number {
  const band = config.hedge.hedgeRatioBand;
  const base = Math.abs(exposures.condor);
  if (!(exposurePerUnitUsd > 0) || !(base > 0)) return 0;
  // A relative tolerance so that an exposure an exact number of units short is not rounded one up.
  const units = Math.ceil((band.min * base - exposures.hedge) / exposurePerUnitUsd - UNIT_ROUNDING_TOLERANCE);
  const underTop = Math.floor(bandTopHeadroomUsd(config, exposures.condor, exposures.hedge) / exposurePerUnitUsd + UNIT_ROUNDING_TOLERANCE);
  return Math.max(Math.min(units, underTop), 0);
}

/** Units, dimensionless: fractions of a contract below this are rounding noise of the exposure sums. */
const UNIT_ROUNDING_TOLERANCE = 1e-9;

/**
 * Sell hedge contracts, latest layers first, until `exposureUsd` of VIX exposure is gone; each layer's
 * cost basis falls pro rata. Whole contracts: each leg sells at least what `mustSellUsd` (the exposure
 * above the band's top) still needs, rounding up, and otherwise only what keeps the sold exposure
 * within `exposureUsd`, rounding down: a trim from above the band ends under its top, and a
 * resolution's trim toward the bottom does not cross it (unless getting under the top takes that).
 */
function planTrim(ctx: ManagerContext, state: StrategyState, exposureUsd: number, mustSellUsd: number, outcome: TrimOrder['outcome']): TrimOrder {
  const { market: m, pricing, portfolio } = ctx;
  const widths = spreadWidthsOf(ctx.config);
  // Quantities as the trim leaves them, leg by leg (the book is changed only when the orders fill).
  const quantity = new Map<string, number>();
  const qty = (p: OptionPosition) => quantity.get(p.id) ?? p.quantity;
  const orders: CloseLegOrder[] = [];
  const layerChanges: TrimOrder['layerChanges'] = [];
  let remaining = exposureUsd;
  let mustRemaining = mustSellUsd;
  let sold = 0;
  for (let i = state.layers.length - 1; i >= 0 && remaining > 0; i--) {
    const layer = state.layers[i] as HedgeLayerState;
    let contracts = layer.contracts;
    for (const id of [...layer.legIds].reverse()) {
      const p = portfolio.positions.get(id);
      if (!p || qty(p) <= 0 || quantity.get(id) === 0 || remaining <= 0) continue;
      const structure = optionStructureOf(ctx.config, layer.layer);
      const q = pricing.quote(m, p);
      // A bought leg with sold legs beside it (a structure, or `instrument: call-spread`'s call 10 points
      // higher) counts net of them, as it was sized when bought: counted alone, a call spread's bought
      // call overstated its exposure and the trim sold too few, leaving the ratio above the top.
      const perContract =
        structure || ctx.config.hedge.instrument === 'call-spread'
          ? structureExposurePerLongUsd(ctx, layer, structure ?? 'vix-calls', p, qty, widths)
          : vixOptionVixExposureUsd(1, q.delta, m.vixFutureBetaToVix(p.expiryDay - m.day)) * (multiplierOf(p) / OPTION_MULTIPLIER_USD);
      // A unit short VIX (a calendar in backwardation, whose nearer sold call moves more than its later
      // bought one) is kept: selling it adds VIX exposure, the opposite of a trim. (It was sold whole,
      // and the ratio it was meant to bring under the band's top ended above it.) A unit of no exposure
      // is sold whole: it is no hedge.
      if (perContract < 0) continue;
      const n = perContract > 0 ? Math.min(qty(p), Math.max(Math.ceil(mustRemaining / perContract), Math.floor(remaining / perContract + UNIT_ROUNDING_TOLERANCE))) : qty(p);
      if (n <= 0) continue;
      orders.push({ kind: 'close', positionId: id, reason: outcome.rule, contracts: n });
      quantity.set(id, qty(p) - n);
      // A spread's sold leg goes with its bought leg (a calendar's sold nearer call with its bought call):
      // never leave a naked short VIX option. The n sold contracts to buy back may sit in more than one
      // sold leg (a layer that bought the same spread twice): close paired sold legs until n are covered.
      let toCover = n;
      for (const shortId of layer.legIds) {
        if (toCover <= 0) break;
        const short = portfolio.positions.get(shortId);
        if (!short || quantity.get(shortId) === 0 || qty(short) >= 0 || !isPairedShortLeg(structure ?? 'vix-calls', p, short, widths)) continue;
        const k = Math.min(toCover, -qty(short));
        orders.push({ kind: 'close', positionId: shortId, reason: outcome.rule, contracts: k });
        quantity.set(shortId, qty(short) + k);
        toCover -= k;
      }
      layerChanges.push({ layer, held: contracts, sold: n });
      contracts -= n;
      remaining -= n * Math.max(perContract, 0);
      mustRemaining -= n * Math.max(perContract, 0);
      sold += n;
    }
  }
  return { kind: 'trim', outcome, orders, sold, layerChanges };
}

/**
 * A structure's (or a call-spread layer's) VIX exposure per bought contract of the leg `long` (the long
 * leg and its paired sold legs still held), USD per VIX point. `quantityOf`: a leg's quantity as the trim has left it so
 * far (a sold leg the trim has already closed no longer counts).
 */
function structureExposurePerLongUsd(ctx: ManagerContext, layer: HedgeLayerState, structure: LayerStructure, long: OptionPosition, quantityOf: (p: OptionPosition) => number, widths: SpreadWidths): number {
  const { market: m, pricing, portfolio } = ctx;
  let exposure = 0;
  // One sold contract per bought one: a layer holding the same spread twice has two paired sold legs,
  // and counting both would make each bought contract look like two spreads' worth.
  let pairedShortCounted = false;
  for (const id of layer.legIds) {
    const p = portfolio.positions.get(id);
    if (!p || quantityOf(p) === 0) continue;
    if (p.id !== long.id && !(quantityOf(p) < 0 && isPairedShortLeg(structure, long, p, widths))) continue;
    if (p.id !== long.id) {
      if (pairedShortCounted) continue;
      pairedShortCounted = true;
    }
    const q = pricing.quote(m, p);
    exposure += (quantityOf(p) > 0 ? 1 : -1) * vixOptionVixExposureUsd(1, q.delta, m.vixFutureBetaToVix(p.expiryDay - m.day));
  }
  return exposure;
}

/** After a trim is filled: layers' contracts and cost bases; the rebalance note. */
export function applyTrim(o: TrimOrder): DecisionNote {
  for (const { layer, held, sold } of o.layerChanges) {
    if (held > 0) layer.premiumUsd *= Math.max(held - sold, 0) / held;
    layer.contracts -= sold;
  }
  return note('rebalance', o.outcome, undefined, { contractsSold: o.sold });
}

/** A layer trimmed away is not bought back before the cooldown, or trims and adds would churn. */
export function coolDownRung(ctx: ManagerContext, state: StrategyState, layer: HedgeLayerState): void {
  state.rungCooldown.set(layer.layer, ctx.config.hedge.rebuyCooldownTradingDays);
}

/**
 * After a top-up is filled: the layer's legs, contracts and cost basis; the notes to record. A renewal
 * also adds the new layer to the held ones (its `opening` is for the group's trade record) and leaves
 * the aged layer to decay (never rolled or topped up again, as `hedge.letDecay.renewed` says).
 */
export function applyTopUp(ctx: ManagerContext, state: StrategyState, o: TopUpOrder, fills: readonly LegFill[]): { notes: DecisionNote[]; opening?: GroupOpening } {
  const premium = layerBuyPremiumUsd(o.buy, fills);
  for (const leg of o.buy.orders) o.layer.legIds.push(leg.positionId);
  o.layer.contracts += o.buy.contracts;
  o.layer.premiumUsd += premium;
  const counted = spendPremium(ctx, state, premium);
  const bought = note('rebalance', o.outcome, o.layer.group, { layer: o.layer.layer, contractsBought: o.buy.contracts, premiumUsd: premium, ...o.note, ...counted });
  if (!o.renews) return { notes: [bought] };
  state.layers.push(o.layer);
  o.renews.letDecay = true;
  const legs = o.buy.orders.map((leg) => describePosition(leg)).join('; ');
  const ageDays = ctx.market.day - o.renews.openedDay;
  return {
    notes: [
      bought,
      { action: 'let-decay', rule: 'hedge.letDecay.renewed', reason: `layer ${o.renews.layer} is ${ageDays} days old (hedge.maxLayerLifeDays ${ctx.config.hedge.maxLayerLifeDays}) and renewed as ${o.layer.group}: left to decay`, group: o.renews.group, figures: { layer: o.renews.layer, layerAgeDays: ageDays, renewedAs: o.layer.group } },
    ],
    opening: { entryDay: o.layer.openedDay, kind: 'hedge-layer', layer: o.layer.layer, contracts: o.buy.contracts, entryPricePoints: o.buy.contracts > 0 ? premium / (o.buy.contracts * OPTION_MULTIPLIER_USD) : 0, legs },
  };
}

// ---------------------------------------------------------------- the calendar hedge (Cboe VXTH)

export interface CalendarHedgeOrder {
  readonly outcome: RuleOutcome;
  readonly group: string;
  readonly order: OpenLegOrder;
  readonly figures: Figures;
}

/**
 * Cboe VXTH's hedge: on each VIX expiration day (after the expiring calls settled at the opening
 * quotation) the weight of the schedule, read off the front VIX future, is spent on calls of the
 * configured delta and tenor. Held to expiry. `undefined` when today is no VIX expiration day.
 */
export function planCalendarHedge(ctx: ManagerContext, ids: IdCounter): { note?: DecisionNote; order?: CalendarHedgeOrder; resetUnderlying: boolean } | undefined {
  const { config, market: m, pricing } = ctx;
  const cw = config.hedge.calendarWeight;
  if (!m.vixExpiresToday) return undefined;
  const tenors = m.vixTenors();
  const front = tenors[0];
  if (!front) return { note: { action: 'skip-layer', rule: 'hedge.calendarWeight', reason: 'VIX expiration day but no VIX futures or options are listed: nothing bought', group: undefined, figures: {} }, resetUnderlying: false };
  const outcome = calendarHedgeWeight(config, true, front.futurePrice);
  const equityUsd = ctx.portfolio.equityUsd();
  const premiumUsd = equityUsd * outcome.weightFraction;
  const tenor = tenors[Number(cw.tenor.slice(1)) - 1];
  if (!(premiumUsd > 0 && tenor)) return { note: note('skip-layer', outcome, undefined, { equityUsd }), resetUnderlying: true };
  const strike = m.vixStrikeForDelta('call', cw.callDelta, tenor.expiryDay);
  const unitPoints = pricing.fillPrice(pricing.quote(m, { underlying: 'VIX', type: 'call', strike, expiryDay: tenor.expiryDay }), 1);
  const raw = premiumUsd / (unitPoints * OPTION_MULTIPLIER_USD);
  const contracts = config.sizing.allowFractionalContracts ? raw : Math.floor(raw);
  if (!(contracts > 0)) return { note: note('cap-bound', outcome, undefined, { contracts: raw, premiumUsd, reason: 'less than one whole contract' }), resetUnderlying: true };
  const group = ids.group('hedge');
  const order = openLegOrder({ positionId: ids.position(group, 'vixCall'), group, role: 'hedge', legId: 'vixCall', layer: 1, underlying: 'VIX', type: 'call', strike, expiryDay: tenor.expiryDay, settlement: 'AM', quantity: contracts, rule: outcome.rule });
  return { order: { outcome, group, order, figures: { contracts, strike, frontFuturePoints: front.futurePrice, equityUsd } }, resetUnderlying: true };
}

export function applyCalendarHedge(day: DayNumber, o: CalendarHedgeOrder, fill: LegFill): { opening: GroupOpening; note: DecisionNote } {
  const { contracts, strike, frontFuturePoints, equityUsd } = o.figures;
  return {
    opening: { entryDay: day, kind: 'hedge-layer', layer: 1, contracts: o.order.quantity, entryPricePoints: fill.price, legs: describePosition(o.order) },
    note: note('add-layer', o.outcome, o.group, { contracts: contracts as number, strike: strike as number, premiumUsd: o.order.quantity * fill.price * OPTION_MULTIPLIER_USD, frontFuturePoints: frontFuturePoints as number, equityUsd: equityUsd as number }),
  };
}
