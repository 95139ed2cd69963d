/**
 * What the hedge did, read off one backtest result: its P&L by layer (rung) and by the kind of rule
 * that moved its cash (adds, rolls, rebalances, cashes, settlements, and the value still open), the
 * share of hedged days its ratio sat inside the band, the year-by-year difference against a
 * like-for-like unhedged run, and the trader's invariants (no layer without a condor unless a rule says
 * so, no same-day cash and rebuy, rolls inside the caps, no layer held for years). Pure.
 */
import type { BacktestResult } from '../engine/backtest.js';
import type { BandDay, BandExcessCause, BandExcessReason, BandShortfallReason, DailyRecord, DecisionRecord } from '../engine/records.js';
import { RENEW_RULE } from '../strategy/hedge/hedgeManager.js';
import { dayFromIso, dayFromYmd, isoFromDay, type DayNumber } from '../time/day.js';
import type { StressWindow } from './stressWindows.js';
import { coveredWindowRecords, windowNotCovered } from './variantSummary.js';

export type HedgeRuleKind = 'add' | 'roll' | 'rebalance' | 'cash' | 'settlement' | 'other';

/** The kind of a hedge rule, by its name in src/strategy/rules and the engine. */
export function hedgeRuleKind(rule: string | undefined): HedgeRuleKind {
  if (rule === undefined) return 'other';
  if (rule === 'engine.settlement') return 'settlement';
  if (rule.startsWith('hedge.rollLayer')) return 'roll';
  if (rule.startsWith('hedge.rebalance')) return 'rebalance';
  if (rule.startsWith('hedge.takeProfit') || rule === 'hedge.preFomcSeed.decisionPassed' || rule === 'hedge.cash.noCondor' || rule === 'hedge.etf.layerOneGone') return 'cash';
  if (rule.startsWith('hedge.layer') || rule === 'hedge.reliefRallyLayer' || rule === 'hedge.preFomcSeed' || rule.startsWith('adaptive.eventFavoursHedge')) return 'add';
  return 'other';
}

export interface HedgeAttribution {
  /** Cash flows (premium, fees, settlements) of hedge groups by rule kind, plus `open` = marked value at the end, USD. */
  readonly byKindUsd: Readonly<Record<HedgeRuleKind | 'open', number>>;
  /** The same by rule name. */
  readonly byRuleUsd: Readonly<Record<string, number>>;
  /** P&L by layer rung (`layer 1`, `layer 2`, ..., `pre-FOMC seed`), closed and open, USD. */
  readonly byLayerUsd: Readonly<Record<string, number>>;
  /** Hedge P&L from the daily record at the end, USD; the parts above sum to it. */
  readonly totalUsd: number;
}

/**
 * A decision that opened a hedge layer group: an add, or a rebalance purchase that renewed an aged
 * layer as a new group of its rung (`hedge.agedLayerTopUps: renew`). Groups still open at the end of a
 * run have no trade record yet: their layer and opening day come from this decision.
 */
const opensLayerGroup = (d: DecisionRecord): boolean => d.group !== undefined && (d.action === 'add-layer' || (d.action === 'rebalance' && d.rule === RENEW_RULE));

const layerLabel = (layer: number | undefined) => (layer === 0 ? 'pre-FOMC seed' : layer === undefined ? 'other' : `layer ${layer}`);

export function hedgeAttribution(result: BacktestResult): HedgeAttribution {
  const byKind: Record<HedgeRuleKind | 'open', number> = { add: 0, roll: 0, rebalance: 0, cash: 0, settlement: 0, other: 0, open: 0 };
  const byRule: Record<string, number> = {};
  const byLayer: Record<string, number> = {};
  const layerOfGroup = new Map<string, number | undefined>();
  for (const t of result.trades) if (t.kind === 'hedge-layer') layerOfGroup.set(t.group, t.layer);
  // Groups still open at the end: their layer from the decision that opened them.
  for (const d of result.decisions) if (opensLayerGroup(d) && !layerOfGroup.has(d.group as string)) layerOfGroup.set(d.group as string, typeof d.figures.layer === 'number' ? d.figures.layer : d.rule === 'hedge.preFomcSeed' ? 0 : undefined);
  for (const e of result.ledger) {
    if (e.group === undefined || !e.group.startsWith('hedge') || e.kind === 'interest') continue;
    const kind = hedgeRuleKind(e.rule);
    byKind[kind] += e.amountUsd;
    const rule = e.rule ?? 'unattributed';
    byRule[rule] = (byRule[rule] ?? 0) + e.amountUsd;
  }
  // By layer: each group's final P&L (its cash flows plus the mark of what it still holds).
  for (const [group, pnl] of Object.entries(result.pnlByGroupUsd)) {
    if (!group.startsWith('hedge')) continue;
    const label = layerLabel(layerOfGroup.get(group));
    byLayer[label] = (byLayer[label] ?? 0) + pnl;
  }
  const last = result.daily[result.daily.length - 1];
  byKind.open = last?.hedgeValueUsd ?? 0;
  return { byKindUsd: byKind, byRuleUsd: byRule, byLayerUsd: byLayer, totalUsd: last?.hedgePnlUsd ?? 0 };
}

export interface BandShare {
  /** Days with at least one hedge layer and a condor exposure to compare with. */
  readonly hedgedDays: number;
  readonly inBandDays: number;
  readonly shareInBand: number | undefined;
  readonly medianRatio: number | undefined;
}

/** Share of hedged days whose hedge ratio sits inside [min, max]. */
export function hedgeRatioBandShare(daily: readonly DailyRecord[], band: { readonly min: number; readonly max: number }): BandShare {
  const ratios = daily.filter((d) => d.hedgeLayers > 0 && d.hedgeRatio !== undefined).map((d) => d.hedgeRatio as number);
  const inBand = ratios.filter((r) => r >= band.min && r <= band.max).length;
  const sorted = [...ratios].sort((a, b) => a - b);
  return {
    hedgedDays: ratios.length,
    inBandDays: inBand,
    shareInBand: ratios.length > 0 ? inBand / ratios.length : undefined,
    medianRatio: sorted.length > 0 ? (sorted[Math.floor(sorted.length / 2)] as number) : undefined,
  };
}

export interface BandWhereCapsAllow {
  /** Hedged days the engine classified against the band (every hedged day of the layered hedge). */
  readonly classifiedDays: number;
  readonly inBandDays: number;
  readonly aboveBandDays: number;
  /** Days above the band, by why no trim brought them back. */
  readonly aboveBandByReason: Readonly<Record<BandExcessReason, number>>;
  /** Days above the band, by what lifted the ratio there. */
  readonly aboveBandByCause: Readonly<Record<BandExcessCause, number>>;
  /** Days below the band where the caps left no headroom to reach its bottom, by the cap that bound. */
  readonly belowCappedDays: Readonly<Record<string, number>>;
  /** Days below the band although the caps allowed reaching it, by why nothing did. */
  readonly belowWithHeadroomDays: Readonly<Record<BandShortfallReason, number>>;
  /** Days whose caps allowed reaching the band: every classified day but the capped ones below it. */
  readonly capsAllowDays: number;
  /** inBandDays / capsAllowDays. */
  readonly shareInBandWhereCapsAllow: number | undefined;
  /** The same figures on the fully layered days only (every planned rung held). */
  readonly fullyLayered: BandShareOn;
  /** ...and on the days the band applies (`hedge.rebalanceWhen`: by default from the first fully layered close until the hedge holds no layer). */
  readonly bandApplies: BandShareOn;
}

/** The band's share on a subset of the classified days: raw, and where the caps allow. */
export interface BandShareOn {
  readonly classifiedDays: number;
  readonly inBandDays: number;
  readonly aboveBandDays: number;
  readonly belowCappedDays: number;
  readonly belowWithHeadroomDays: number;
  /** inBandDays / classifiedDays. */
  readonly shareInBand: number | undefined;
  readonly capsAllowDays: number;
  /** inBandDays / capsAllowDays. */
  readonly shareInBandWhereCapsAllow: number | undefined;
}

function bandShareOn(days: readonly BandDay[]): BandShareOn {
  const count = (status: BandDay['status']) => days.filter((b) => b.status === status).length;
  const inBandDays = count('in-band');
  const belowCappedDays = count('below-band-capped');
  const capsAllowDays = days.length - belowCappedDays;
  return {
    classifiedDays: days.length,
    inBandDays,
    aboveBandDays: count('above-band'),
    belowCappedDays,
    belowWithHeadroomDays: count('below-band-headroom'),
    shareInBand: days.length > 0 ? inBandDays / days.length : undefined,
    capsAllowDays,
    shareInBandWhereCapsAllow: capsAllowDays > 0 ? inBandDays / capsAllowDays : undefined,
  };
}

/**
 * The band met where the caps allow (issue 11's "must show"): of the hedged days whose caps left
 * headroom to reach the band's bottom (or that were in or above the band), the share in the band; the
 * below-band days split by the cap that blocked them or the reason nothing was bought; the above-band
 * days by why no trim brought them back and what lifted them; and the same shares on the fully
 * layered days, the days METHODOLOGY keeps the band on.
 */
export function bandWhereCapsAllow(daily: readonly DailyRecord[]): BandWhereCapsAllow {
  const classified: BandDay[] = [];
  let inBandDays = 0;
  let aboveBandDays = 0;
  const aboveBandByReason: Record<BandExcessReason, number> = { 'rebalance-interval': 0, 'not-fully-layered': 0, 'rebalance-trim-short': 0, 'rebalance-no-trim': 0 };
  const aboveBandByCause: Record<BandExcessCause, number> = { 'condor-closed': 0, 'condor-rolled': 0, 'layer-rolled': 0, 'layer-added': 0, 'condor-exposure-fell': 0, 'hedge-exposure-rose': 0 };
  const belowCappedDays: Record<string, number> = {};
  const belowWithHeadroomDays: Record<BandShortfallReason, number> = { 'rebalance-interval': 0, 'rung-missing-no-trigger': 0, 'rung-missing-cooldown': 0, 'let-decay': 0, 'rebalance-short': 0 };
  for (const d of daily) {
    const b = d.band;
    if (b === undefined) continue;
    classified.push(b);
    if (b.status === 'in-band') inBandDays++;
    else if (b.status === 'above-band') {
      aboveBandDays++;
      aboveBandByReason[b.reason]++;
      aboveBandByCause[b.cause]++;
    } else if (b.status === 'below-band-capped') belowCappedDays[b.cap] = (belowCappedDays[b.cap] ?? 0) + 1;
    else belowWithHeadroomDays[b.reason]++;
  }
  const capped = Object.values(belowCappedDays).reduce((a, n) => a + n, 0);
  const classifiedDays = classified.length;
  const capsAllowDays = classifiedDays - capped;
  return {
    classifiedDays,
    inBandDays,
    aboveBandDays,
    aboveBandByReason,
    aboveBandByCause,
    belowCappedDays,
    belowWithHeadroomDays,
    capsAllowDays,
    shareInBandWhereCapsAllow: capsAllowDays > 0 ? inBandDays / capsAllowDays : undefined,
    fullyLayered: bandShareOn(classified.filter((b) => b.fullyLayered)),
    bandApplies: bandShareOn(classified.filter((b) => b.bandApplies)),
  };
}

/**
 * A hedged variant against its unhedged twin between two closes (each book's record on both days):
 * the two returns, their difference, and the difference split by where the money came from, each
 * P&L on its own book's equity at the first close. A book's equity is its start plus its condors',
 * hedge's and interest's P&L, so the three parts sum to differenceFraction: the hedge's P&L (the twin
 * has none); the hedged book's condors' return minus the twin's condors' return; the rest, interest
 * on each book's cash. The condors' returns differ although the two follow the same condor rules:
 * each sizes its condors on its own equity, a hedged book's roll may wait on its hedge, and with other
 * condors open the two may have room for different entries. Compared in USD instead, the hedged
 * book's smaller condors would read as a gain in a losing year.
 */
export interface TwinDifference {
  readonly hedgedReturnFraction: number;
  readonly unhedgedReturnFraction: number;
  /** hedged - unhedged, as a fraction. */
  readonly differenceFraction: number;
  /** The hedged variant's hedge P&L between the two closes, USD. */
  readonly hedgePnlUsd: number;
  readonly hedgeContributionFraction: number;
  readonly condorContributionFraction: number;
  readonly interestContributionFraction: number;
}

/** The hedged book and its twin from the close `base` to the close `last` (records of the same two days). */
export function twinDifference(base: { readonly h: DailyRecord; readonly u: DailyRecord }, last: { readonly h: DailyRecord; readonly u: DailyRecord }): TwinDifference {
  const hr = last.h.equityUsd / base.h.equityUsd - 1;
  const ur = last.u.equityUsd / base.u.equityUsd - 1;
  return {
    hedgedReturnFraction: hr,
    unhedgedReturnFraction: ur,
    differenceFraction: hr - ur,
    hedgePnlUsd: last.h.hedgePnlUsd - base.h.hedgePnlUsd,
    hedgeContributionFraction: (last.h.hedgePnlUsd - base.h.hedgePnlUsd) / base.h.equityUsd,
    condorContributionFraction: (last.h.condorPnlUsd - base.h.condorPnlUsd) / base.h.equityUsd - (last.u.condorPnlUsd - base.u.condorPnlUsd) / base.u.equityUsd,
    interestContributionFraction: (last.h.interestUsd - base.h.interestUsd) / base.h.equityUsd - (last.u.interestUsd - base.u.interestUsd) / base.u.equityUsd,
  };
}

export interface YearDifference extends TwinDifference {
  readonly year: string;
  /** The year's first and last close in the run (the returns run from the last close of the year before). */
  readonly firstDay: DayNumber;
  readonly lastDay: DayNumber;
  /** Whether the run covers the calendar year whole (windowNotCovered); the run's first and last years may be parts. */
  readonly wholeYear: boolean;
}

/** Calendar-year returns of a hedged run and its unhedged twin, and their difference. */
export function yearlyDifference(hedged: readonly DailyRecord[], unhedged: readonly DailyRecord[]): YearDifference[] {
  const byDay = new Map(unhedged.map((d) => [d.day, d]));
  const out: YearDifference[] = [];
  let base: { h: DailyRecord; u: DailyRecord } | undefined;
  let year: string | undefined;
  let firstDay: DayNumber | undefined;
  let last: { h: DailyRecord; u: DailyRecord } | undefined;
  const close = () => {
    if (!base || !last || year === undefined || firstDay === undefined) return;
    const y = Number(year);
    const wholeYear = windowNotCovered(hedged, dayFromYmd(y, 1, 1), dayFromYmd(y, 12, 31)) === undefined;
    out.push({ year, ...twinDifference(base, last), firstDay, lastDay: last.h.day, wholeYear });
  };
  for (const h of hedged) {
    const u = byDay.get(h.day);
    if (!u) continue;
    const y = isoFromDay(h.day).slice(0, 4);
    if (y !== year) {
      close();
      base = last ?? { h, u };
      year = y;
      firstDay = h.day;
    }
    last = { h, u };
  }
  close();
  return out;
}

/**
 * The hedged book against its twin over a stress window, from the last close before it to its last
 * close, as the window's own figures are measured (coveredWindowRecords); undefined when the run does
 * not cover the window whole or the twin has no close on one of the two days.
 */
export function windowTwinDifference(hedged: readonly DailyRecord[], unhedged: readonly DailyRecord[], fromDay: DayNumber, toDay: DayNumber): TwinDifference | undefined {
  const covered = coveredWindowRecords(hedged, fromDay, toDay);
  if (!('records' in covered)) return undefined;
  const first = covered.records[0] as DailyRecord;
  const end = covered.records[covered.records.length - 1] as DailyRecord;
  const twinFirst = unhedged.find((d) => d.day === first.day);
  const twinEnd = unhedged.find((d) => d.day === end.day);
  if (twinFirst === undefined || twinEnd === undefined) return undefined;
  return twinDifference({ h: first, u: twinFirst }, { h: end, u: twinEnd });
}

export interface HedgeInvariants {
  /** Days a hedge layer was held with no condor open. */
  readonly layerDaysWithoutCondor: number;
  /** ...of which the layers had been let to decay by a logged rule (`let-decay` or held below cost). */
  readonly layerDaysWithoutCondorUnexplained: number;
  /** Days a layer was cashed and a layer of the same rung bought at the same close. */
  readonly sameDayCashAndRebuy: number;
  /** Rolls that bought more contracts than the layer held before. */
  readonly rollsAboveLayerSize: number;
  readonly rolls: number;
  /** Longest a hedge layer was held, calendar days (closed layers). */
  readonly longestLayerDays: number;
  readonly longestLayer: string | undefined;
  /** Above-band trims that sold contracts (`hedge.rebalance.aboveBand`). */
  readonly aboveBandTrims: number;
  /** ...of which a below-band top-up (or an aged layer's renewal) bought back within `BAND_ROUND_TRIP_WINDOW_DAYS`: the band's round trips, each paying the spread twice. */
  readonly bandRoundTrips: number;
}

/** Calendar days after an above-band trim within which a below-band top-up counts as a round trip (two rebalance intervals). */
export const BAND_ROUND_TRIP_WINDOW_DAYS = 10;

export function hedgeInvariants(result: BacktestResult): HedgeInvariants {
  // Layers that a rule let decay or held on purpose, from the day it said so.
  const explainedFrom = new Map<string, DayNumber>();
  for (const d of result.decisions) {
    if ((d.action === 'let-decay' || d.action === 'hold-layer') && d.group !== undefined && !explainedFrom.has(d.group)) explainedFrom.set(d.group, d.day);
  }
  // Which layers were open on each day, from the trades (closed) and the decisions that opened them (still open).
  const spans: Array<{ group: string; from: DayNumber; to: DayNumber }> = result.trades.filter((t) => t.kind === 'hedge-layer').map((t) => ({ group: t.group, from: t.entryDay, to: t.exitDay }));
  const closed = new Set(spans.map((s) => s.group));
  const lastDay = result.daily[result.daily.length - 1]?.day ?? 0;
  for (const d of result.decisions) if (opensLayerGroup(d) && !closed.has(d.group as string)) spans.push({ group: d.group as string, from: d.day, to: lastDay });
  let withoutCondor = 0;
  let unexplained = 0;
  for (const day of result.daily) {
    if (day.hedgeLayers === 0 || day.openCondors > 0) continue;
    withoutCondor++;
    const open = spans.filter((s) => s.from <= day.day && s.to > day.day);
    if (open.some((s) => !(explainedFrom.has(s.group) && (explainedFrom.get(s.group) as DayNumber) <= day.day))) unexplained++;
  }
  const cashByDay = new Map<DayNumber, Set<number>>();
  for (const d of result.decisions) {
    if (d.action !== 'cash-layer' || typeof d.figures.layer !== 'number') continue;
    const set = cashByDay.get(d.day) ?? new Set<number>();
    set.add(d.figures.layer);
    cashByDay.set(d.day, set);
  }
  let sameDay = 0;
  for (const d of result.decisions) {
    if (d.action === 'add-layer' && d.group !== undefined && typeof d.figures.layer === 'number' && cashByDay.get(d.day)?.has(d.figures.layer)) sameDay++;
  }
  const rollDecisions = result.decisions.filter((d) => d.action === 'roll-layer');
  const above = rollDecisions.filter((d) => Number(d.figures.contracts) > Number(d.figures.contractsBefore)).length;
  let longest = 0;
  let longestLayer: string | undefined;
  for (const t of result.trades) {
    if (t.kind !== 'hedge-layer') continue;
    if (t.exitDay - t.entryDay > longest) {
      longest = t.exitDay - t.entryDay;
      longestLayer = `${t.group} ${isoFromDay(t.entryDay)} to ${isoFromDay(t.exitDay)}`;
    }
  }
  // The band's round trips: a trim above the top, then a top-up below the bottom within the window.
  const trimDays = result.decisions.filter((d) => d.rule === 'hedge.rebalance.aboveBand' && Number(d.figures.contractsSold) > 0).map((d) => d.day);
  const topUpDays = result.decisions.filter((d) => (d.rule === 'hedge.rebalance.belowBand' || d.rule === RENEW_RULE) && Number(d.figures.contractsBought) > 0).map((d) => d.day);
  const roundTrips = trimDays.filter((t) => topUpDays.some((b) => b > t && b - t <= BAND_ROUND_TRIP_WINDOW_DAYS)).length;
  return { layerDaysWithoutCondor: withoutCondor, layerDaysWithoutCondorUnexplained: unexplained, sameDayCashAndRebuy: sameDay, rollsAboveLayerSize: above, rolls: rollDecisions.length, longestLayerDays: longest, longestLayer, aboveBandTrims: trimDays.length, bandRoundTrips: roundTrips };
}

/**
 * The unhedged twin of a variant: `unhedged` for the risk-sized presets, `unhedged-full` for the fully
 * allocated (`-full`) ones. Both follow the hedged ones' condor rules with no hedge, so the difference
 * is the hedge's doing: its own P&L, and what it changes in the condors (sized on a smaller equity once
 * it has cost money; rolls that wait on its projected payoff; with other condors open, other entries).
 */
export function unhedgedTwinOf(name: string): string {
  return name.endsWith('-full') ? 'unhedged-full' : 'unhedged';
}

/** A hedged variant against its unhedged twin over a stress window, when both are in the run and the run covers the window whole (else undefined). */
export function stressWindowAgainstTwin(results: ReadonlyMap<string, BacktestResult>, variant: string, window: StressWindow): TwinDifference | undefined {
  const hedged = results.get(variant);
  const twin = results.get(unhedgedTwinOf(variant));
  if (hedged === undefined || twin === undefined || !hedged.config.hedge.enabled) return undefined;
  return windowTwinDifference(hedged.daily, twin.daily, dayFromIso(window.from), dayFromIso(window.to));
}
