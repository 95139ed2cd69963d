/**
 * The day's signal on other market models (`alvh signal --across-models`): the same book, day, rules and
 * signals, priced on another model config, side by side with the signal the book follows. A
 * recommendation that every bundled model makes does not rest on the choice of model; one that only
 * some make is a judgement the trader should know is model-dependent. Pure: it compares signals.
 */
import type { DailySignal, SignalDecision, SignalTrade } from './dailySignal.js';

/** What one other model recommends, and how it differs from the signal the book follows. */
export interface SignalOnModel {
  readonly model: string;
  /** The same actions (action, rule and group, in order) as the signal the book follows. */
  readonly sameActions: boolean;
  /** The same trades (instrument, expiry, strike and signed contracts, by position; index units by holding) as that signal. */
  readonly sameTrades: boolean;
  /** Actions this model recommends that the followed signal does not (`+`) and the reverse (`-`). */
  readonly actionChanges: readonly string[];
  /** Trades that differ: this model's trade against the followed signal's, by position. */
  readonly tradeChanges: readonly string[];
  readonly decisions: readonly SignalDecision[];
  readonly trades: readonly SignalTrade[];
}

/** An action as a trader reads it: what, on which group, by which rule. */
export function actionLabel(d: Pick<SignalDecision, 'action' | 'rule' | 'group'>): string {
  return `${d.action}${d.group === null ? '' : ` ${d.group}`} [${d.rule}]`;
}

/** A trade as the signal prints it: buy or sell, to open or to close, contracts, the instrument. */
export function tradeLabel(t: Pick<SignalTrade, 'description'>): string {
  return t.description;
}

/** The multiset difference a - b, in a's order. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    else out.push(x);
  }
  return out;
}

/** A signal's trades as tickets by position: its option and futures trades and its index units. */
function tickets(s: DailySignal): Array<{ readonly id: string; readonly description: string }> {
  return [...s.trades.map((t) => ({ id: t.positionId, description: t.description })), ...(s.indexTrades ?? []).map((t) => ({ id: t.holdingId, description: t.description }))];
}

export function compareSignalOnModel(followed: DailySignal, model: string, other: DailySignal): SignalOnModel {
  const ours = followed.decisions.map(actionLabel);
  const theirs = other.decisions.map(actionLabel);
  const actionChanges = [...minus(theirs, ours).map((a) => `+ ${a}`), ...minus(ours, theirs).map((a) => `- ${a}`)];
  const ourTickets = tickets(followed);
  const theirTickets = tickets(other);
  const byPosition = new Map(ourTickets.map((t) => [t.id, t]));
  const tradeChanges: string[] = [];
  for (const t of theirTickets) {
    const here = byPosition.get(t.id);
    if (here === undefined) tradeChanges.push(`+ ${tradeLabel(t)}`);
    else if (tradeLabel(here) !== tradeLabel(t)) tradeChanges.push(`${tradeLabel(t)} (followed: ${tradeLabel(here)})`);
  }
  const theirPositions = new Set(theirTickets.map((t) => t.id));
  for (const t of ourTickets) if (!theirPositions.has(t.id)) tradeChanges.push(`- ${tradeLabel(t)}`);
  return {
    model,
    sameActions: ours.length === theirs.length && ours.every((a, i) => a === theirs[i]),
    sameTrades: tradeChanges.length === 0,
    actionChanges,
    tradeChanges,
    decisions: other.decisions,
    trades: other.trades,
  };
}

/** The terminal's lines: one per model, then its changes indented. */
export function signalAcrossModelsLines(followedModel: string, others: readonly SignalOnModel[]): string[] {
  const lines = [`Across market models (the same book and day priced on each; what-ifs, not journalled; followed: ${followedModel}):`];
  for (const o of others) {
    if (o.sameActions && o.sameTrades) {
      lines.push(`  ${o.model}: the same recommendations and trades`);
      continue;
    }
    lines.push(`  ${o.model}: ${o.sameActions ? 'the same recommendations, other trades' : 'other recommendations'}`);
    for (const change of [...o.actionChanges, ...o.tradeChanges]) lines.push(`    ${change}`);
  }
  const agree = others.filter((o) => o.sameActions && o.sameTrades).length;
  lines.push(`  ${agree} of ${others.length} other model(s) recommend exactly what the followed signal does`);
  return lines;
}
