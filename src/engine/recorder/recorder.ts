/**
 * The recorder: the run's decisions (each with the rule and the figures that fired it), its closed
 * trades (one per condor or hedge layer, written when the last leg of the group is gone) and its daily
 * records. It only appends; nothing it holds feeds back into a decision.
 */
import type { DayNumber } from '../../time/day.js';
import type { RuleOutcome } from '../../strategy/rules/condorRules.js';
import type { DecisionNote } from '../../strategy/orders.js';
import type { GroupOpening } from '../../strategy/state.js';
import type { Book } from '../portfolio/book.js';
import type { DailyRecord, DecisionAction, DecisionRecord, TradeRecord } from '../records.js';

export class Recorder {
  readonly daily: DailyRecord[] = [];
  readonly trades: TradeRecord[] = [];
  readonly decisions: DecisionRecord[] = [];
  /** Open groups' openings (part of the snapshot: a trade closed tomorrow is written from it). */
  readonly groupOpened = new Map<string, GroupOpening>();
  /** The day of the last condor trade written, for the calendar cycle's "a condor closed today". */
  private lastCondorExitDay: DayNumber | undefined;

  log(day: DayNumber, action: DecisionAction, rule: string, reason: string, group: string | undefined, figures: Record<string, number | string | boolean>): void {
    this.decisions.push({ day, action, rule, reason, group, figures });
  }

  logRule(day: DayNumber, action: DecisionAction, outcome: RuleOutcome, group: string | undefined, extra: Record<string, number | string | boolean> = {}): void {
    this.log(day, action, outcome.rule, outcome.reason, group, { ...outcome.figures, ...extra });
  }

  note(day: DayNumber, n: DecisionNote): void {
    this.log(day, n.action, n.rule, n.reason, n.group, n.figures);
  }

  opened(group: string, opening: GroupOpening): void {
    this.groupOpened.set(group, opening);
  }

  /** Write the group's trade if its last position is gone. */
  /** `settlement` says what an expiring group settled against (open, close, or an estimate and why). */
  finishGroup(book: Book, day: DayNumber, group: string, exitRule: string, settlement?: string): void {
    const opened = this.groupOpened.get(group);
    if (!opened || book.positionsOf(group).length > 0) return;
    this.trades.push({ group, kind: opened.kind, layer: opened.layer, entryDay: opened.entryDay, exitDay: day, contracts: opened.contracts, entryPricePoints: opened.entryPricePoints, pnlUsd: book.groupPnlUsd(group), exitRule, legs: opened.legs, ...(settlement === undefined ? {} : { settlement }) });
    if (opened.kind === 'condor') this.lastCondorExitDay = day;
    this.groupOpened.delete(group);
  }

  /** A condor's trade was written on `day` (it settled or was closed). */
  condorClosedOn(day: DayNumber): boolean {
    return this.lastCondorExitDay === day;
  }
}
