/**
 * The recorder: the run's decisions (each with the rule and the figures that fired it), its closed
 * trades (one per condor or hedge layer, written when the last leg of the group is gone, with the legs
 * it held then and its rolls, kept on the group's opening meanwhile), its daily records and its equity
 * curve. It only appends; nothing it holds feeds back into a decision.
 *
 * `recording: 'metrics'` (a sweep's variant) keeps what a variant's metrics read and nothing more: the
 * trades, the equity curve and the count of each decision action, but neither the decisions nor the
 * daily records. Thousands of records carried to the end of every variant were most of what a sweep's
 * garbage collector copied.
 */
import type { DayNumber } from '../../time/day.js';
import type { RuleOutcome } from '../../strategy/rules/condorRules.js';
import type { DecisionNote } from '../../strategy/orders.js';
import type { GroupOpening } from '../../strategy/state.js';
import type { Book, OptionPosition } from '../portfolio/book.js';
import { fundLegsText, heldLegsText } from '../../strategy/legsText.js';
import type { DailyRecord, DecisionAction, DecisionRecord, TradeRecord } from '../records.js';

/** What a run keeps: everything a report shows (`full`), or what a variant's metrics read (`metrics`). */
export type Recording = 'full' | 'metrics';

/** The equity curve at each recorded close, with the hedge's cumulative P&L (USD). */
export interface EquityCurve {
  readonly days: Int32Array;
  readonly equityUsd: Float64Array;
  readonly hedgePnlUsd: Float64Array;
}

/** A growing curve: doubled when full, trimmed to its length when read. */
class CurveBuilder {
  private days = new Int32Array(256);
  private equityUsd = new Float64Array(256);
  private hedgePnlUsd = new Float64Array(256);
  private length = 0;

  push(day: DayNumber, equityUsd: number, hedgePnlUsd: number): void {
    if (this.length === this.days.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.days = grow(this.days, (n) => new Int32Array(n));
      this.equityUsd = grow(this.equityUsd, (n) => new Float64Array(n));
      this.hedgePnlUsd = grow(this.hedgePnlUsd, (n) => new Float64Array(n));
    }
    this.days[this.length] = day;
    this.equityUsd[this.length] = equityUsd;
    this.hedgePnlUsd[this.length] = hedgePnlUsd;
    this.length++;
  }

  curve(): EquityCurve {
    return { days: this.days.slice(0, this.length), equityUsd: this.equityUsd.slice(0, this.length), hedgePnlUsd: this.hedgePnlUsd.slice(0, this.length) };
  }
}

export class Recorder {
  /** The daily records (none kept under `recording: 'metrics'`). */
  readonly daily: DailyRecord[] = [];
  readonly trades: TradeRecord[] = [];
  /** The decisions in order (none kept under `recording: 'metrics'`: `actionCounts` still counts them). */
  readonly decisions: DecisionRecord[] = [];
  /** How many decisions of each action were logged, whatever the recording. */
  readonly actionCounts = new Map<DecisionAction, number>();
  private readonly curveBuilder = new CurveBuilder();
  private readonly keepDetail: boolean;
  /** Open groups' openings (part of the snapshot: a trade closed tomorrow is written from it). */
  readonly groupOpened = new Map<string, GroupOpening>();
  /** The day of the last condor trade written, for the calendar cycle's "a condor closed today". */
  private lastCondorExitDay: DayNumber | undefined;

  constructor(recording: Recording = 'full') {
    this.keepDetail = recording === 'full';
  }

  log(day: DayNumber, action: DecisionAction, rule: string, reason: string, group: string | undefined, figures: Record<string, number | string | boolean>): void {
    this.actionCounts.set(action, (this.actionCounts.get(action) ?? 0) + 1);
    if (this.keepDetail) this.decisions.push({ day, action, rule, reason, group, figures });
  }

  logRule(day: DayNumber, action: DecisionAction, outcome: RuleOutcome, group: string | undefined, extra: Record<string, number | string | boolean> = {}): void {
    this.log(day, action, outcome.rule, outcome.reason, group, this.keepDetail ? { ...outcome.figures, ...extra } : outcome.figures);
  }

  /** Whether decisions and daily records are kept (`recording: 'full'`). */
  get keepsDetail(): boolean {
    return this.keepDetail;
  }

  /** A close's daily record (kept under `full` only) and its point of the equity curve. */
  closeDay(record: DailyRecord): void {
    if (this.keepDetail) this.daily.push(record);
    this.curveBuilder.push(record.day, record.equityUsd, record.hedgePnlUsd);
  }

  /** A close's point of the equity curve alone, where no daily record is kept (`metrics`). */
  curvePoint(day: DayNumber, equityUsd: number, hedgePnlUsd: number): void {
    this.curveBuilder.push(day, equityUsd, hedgePnlUsd);
  }

  /** The equity curve so far. */
  curve(): EquityCurve {
    return this.curveBuilder.curve();
  }

  note(day: DayNumber, n: DecisionNote): void {
    this.log(day, n.action, n.rule, n.reason, n.group, n.figures);
  }

  opened(group: string, opening: GroupOpening): void {
    this.groupOpened.set(group, opening);
  }

  /**
   * The legs of `group` changed (a fill or a settlement touched it): if it still holds some, they are
   * its legs at close unless they change again. A group's entry (not recorded as opened yet) and its
   * exit (nothing left: its trade is written from the legs held before) leave them as they are. Called
   * only when the book's positions change, so a day without trades costs nothing here.
   */
  legsChanged(book: Book, group: string): void {
    const opened = this.groupOpened.get(group);
    if (opened === undefined) return;
    const held: OptionPosition[] = [];
    for (const p of book.positions.values()) if (p.group === group) held.push(p);
    if (held.length > 0) {
      opened.legsHeld = heldLegsText(opened.kind, held);
      return;
    }
    // Layer 1's fund is an index holding, not an option position.
    for (const h of book.indexHoldings.values()) if (h.group === group && h.index === 'VIX-ST-FUTURES') opened.legsHeld = fundLegsText(h.units);
  }

  /** The group was rolled (its legs replaced by later ones, see TradeRecord.rolls). */
  rolled(group: string): void {
    const opened = this.groupOpened.get(group);
    if (opened !== undefined) opened.rolls = (opened.rolls ?? 0) + 1;
  }

  /** Write the group's trade if its last position is gone. */
  /** `settlement` says what an expiring group settled against (open, close, or an estimate and why). */
  finishGroup(book: Book, day: DayNumber, group: string, exitRule: string, settlement?: string): void {
    const opened = this.groupOpened.get(group);
    if (!opened || book.positionsOf(group).length > 0) return;
    this.trades.push({
      group,
      kind: opened.kind,
      layer: opened.layer,
      entryDay: opened.entryDay,
      exitDay: day,
      contracts: opened.contracts,
      entryPricePoints: opened.entryPricePoints,
      pnlUsd: book.groupPnlUsd(group),
      exitRule,
      legs: opened.legs,
      legsAtClose: opened.legsHeld ?? opened.legs,
      rolls: opened.rolls ?? 0,
      ...(settlement === undefined ? {} : { settlement }),
    });
    if (opened.kind === 'condor') this.lastCondorExitDay = day;
    this.groupOpened.delete(group);
  }

  /** A condor's trade was written on `day` (it settled or was closed). */
  condorClosedOn(day: DayNumber): boolean {
    return this.lastCondorExitDay === day;
  }
}
