/**
 * The book's operations over its store: issue a day's signal (journalled), accept it (at model prices
 * or with the fills actually obtained), add, import and close positions by hand. Each write is one new
 * engine state with the fills that made it, in one transaction.
 *
 * Which state a day starts from: the latest state dated on or before the day, leaving out accepts of
 * that same day (a signal is computed before it is accepted, and recomputing it later must start from
 * the same place). Hand edits dated on the day count: a position opened during the day is in the
 * book at its close.
 */
import { createHash } from 'node:crypto';
import { nextNyseTradingDay, NYSE_CALENDAR_LAST_DAY } from '../calendar/nyse.js';
import { snapshotForStrategy, StrategyEngine, type EngineStateSnapshot } from '../engine/backtest.js';
import type { MarketDayView } from '../engine/marketView.js';
import type { MarketHistory } from '../history/types.js';
import { incomeLegs, parseStrategyConfig, StrategyConfigError, type StrategyConfig } from '../strategy/config.js';
import { configDifferences, type ConfigDifference } from '../strategy/configDiff.js';
import { dayFromIso, isoFromDay, type DayNumber } from '../time/day.js';
import { checkUserCloseDay, checkUserOpenAgainstMarket } from './fillChecks.js';
import { shortCodeVersion } from './signalWords.js';
import { applyActualFills, applyUserClose, applyUserOpen, BOOK_INPUT_LIMITS, BookChangedMeanwhileError, BookEditError, emptyBookSnapshot, incompleteCondors, type ActualFill, type EngineFill, type UserOpenFill } from './bookState.js';
import { computeDailySignal, type DailySignal, type DailySignalResult, type DaySignals } from './dailySignal.js';
import { BookStoreError, type BookStore, type EngineStateRow, type FillRow, type FillSource } from './store.js';
import { snapshotWithFundSteppedTo } from './holdings.js';
import { wholeCodeFingerprint } from '../data/codeFingerprint.js';
import { lowerBound } from '../history/daySearch.js';

/** The version of alvh written into the journal with every signal. */
export const ALVH_VERSION = '0.1.0';

export interface BookContext {
  readonly store: BookStore;
  readonly config: StrategyConfig;
  readonly history: MarketHistory;
  readonly marketOn: (day: DayNumber) => MarketDayView | undefined;
  /** Signals of every day up to `day` (computed once per process and cached by the caller). */
  readonly signalsOn: (day: DayNumber) => DaySignals | undefined;
  /**
   * A fingerprint of the option quotes `marketOn(day)` prices on beyond the market data (the user's
   * chains), or undefined on the model: it joins the data version in the journal's key.
   */
  readonly marketVersionOn?: (day: DayNumber) => string | undefined;
  /** The market model config file the model prices come from, when it is not the defaults (named in an accepted state's note). */
  readonly modelSource?: string;
  /**
   * The strategy a state stored before a switch (`alvh book switch`) was made under: a bundled preset
   * by its name, any other by the config the book kept with the state; undefined when it cannot be had
   * (a book written before alvh kept its configs), and then the strategy the book follows now takes
   * the state over. A day whose signal starts from such a state is replayed under it.
   */
  readonly strategyOfState?: (row: EngineStateRow) => StrategyConfig | undefined;
  /**
   * Whether the command follows the config the book keeps (no `--preset` or `--config`, a strategy
   * that is not bundled): a write then also refuses a book whose latest state another command has
   * since made under another config of that name (`refuseStrategyChangedSince`).
   */
  readonly followsKeptConfig?: boolean;
}

/** SHA-256 of the config's canonical JSON: the journal's record of which rules made a signal. */
export function configHash(config: StrategyConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}

/**
 * Stores a state made under the context's strategy: its name, its config's hash and (kept once per
 * hash) the config itself, so a book that follows a config file can be run again without the file.
 */
function appendStrategyState(ctx: BookContext, state: { readonly dayIso: string; readonly kind: 'edit' | 'accept'; readonly snapshot: EngineStateSnapshot; readonly note: string }, fills: readonly FillRow[]): number {
  const configJson = JSON.stringify(ctx.config);
  return ctx.store.appendState(
    { dayIso: state.dayIso, kind: state.kind, preset: ctx.config.name, snapshotJson: JSON.stringify(state.snapshot), dataVersion: ctx.history.dataVersion, configHash: configHash(ctx.config), note: state.note },
    fills,
    { configJson },
  );
}

function parseSnapshot(row: EngineStateRow, config: StrategyConfig): EngineStateSnapshot {
  const snapshot = JSON.parse(row.snapshotJson) as EngineStateSnapshot;
  // The book's latest state is under the command's strategy (bookStrategy refuses another, and a write
  // checks again inside its transaction: refuseStrategyChangedSince), so a state
  // under another name was made before a switch (alvh book switch). Read or marked, it is taken over by
  // the strategy `config` names: the book's now, or for a replayed signal the one the state was made
  // under when the book can give it (signalBase).
  return row.preset === config.name ? snapshot : snapshotForStrategy(snapshot, config);
}

/** The next trading day after `day`: from the data when it has one, else the NYSE calendar. */
export function nextTradingDay(history: MarketHistory, day: DayNumber): DayNumber | undefined {
  const days = history.tradingDays;
  const after = lowerBound(days, day + 1);
  if (after < days.length) return days[after] as DayNumber;
  return day < NYSE_CALENDAR_LAST_DAY ? nextNyseTradingDay(day) : undefined;
}

function tradingDaysBetween(history: MarketHistory, fromExclusive: DayNumber, toExclusive: DayNumber): number {
  let n = 0;
  for (const d of history.tradingDays) if (d > fromExclusive && d < toExclusive) n++;
  return n;
}

export interface IssuedSignal {
  readonly signal: DailySignal;
  readonly result: DailySignalResult;
  readonly baseStateId: number;
  /** The day of the state the signal started from; null for an empty book. */
  readonly baseDay: string | null;
  /** Trading days between the book's state and the signal's day that were never stepped. */
  readonly unsteppedTradingDays: number;
  /** The book's latest state when it is dated after the signal's day (a replay, or a fill recorded past the data): not in this signal. */
  readonly laterState: { readonly id: number; readonly day: string } | null;
  /**
   * 'new' when journalled now; 'reproduced' when the journal held this very signal already; 'changed'
   * when an earlier build of alvh (other code) journalled a different signal for the same data,
   * config and book state: a rule or the model changed since, and `journalEarlier` says which build.
   */
  readonly journal: 'new' | 'reproduced' | 'changed';
  readonly journalEarlier: { readonly alvhVersion: string; readonly codeVersion: string } | null;
  readonly signalJson: string;
  /** The strategy the signal ran under: the book's, or the one its base state was made under before a switch. */
  readonly config: StrategyConfig;
  /** Whether that is a strategy the book has since switched from (a replay of a day before `alvh book switch`). */
  readonly earlierStrategy: boolean;
  /** Whether the signal's rules differ from those its base state was made under, and how (`rulesChangedSinceState`). */
  readonly rulesChangedSinceBase: RulesChangedSinceState | null;
}

/**
 * A signal's base state made under another config of the signal's own strategy: a bundled preset
 * that this alvh ships with other numbers than the build that stored the state, or a config file
 * edited since. The user's book then moves on under rules it was not managed by so far, and is told.
 */
export interface RulesChangedSinceState {
  readonly stateId: number;
  readonly day: string;
  readonly stateConfigSha256: string;
  /** The fields the signal's config sets differently, or null when the state's config cannot be had (`why`). */
  readonly differences: readonly ConfigDifference[] | null;
  readonly why?: string;
}

/**
 * How the rules of `config` differ from those `row` was made under, or null when they are the same
 * rules: the same config, one whose description alone changed, or one that only gained fields at their
 * defaults (the kept config is read by this build's schema, defaults filled in). Null too for a state
 * of another strategy (a day before a switch is replayed under that one, `signalBase`). The signal
 * reports it for its base state, `book list` and the Book page for the state they show.
 */
export function rulesChangedSinceState(store: BookStore, row: EngineStateRow | undefined, config: StrategyConfig, configSha256 = configHash(config)): RulesChangedSinceState | null {
  if (row === undefined || row.preset !== config.name || row.configHash === configSha256) return null;
  const at = { stateId: row.id, day: row.dayIso, stateConfigSha256: row.configHash };
  const change = rulesChangedFrom(store, row, config);
  return change.differences !== null && change.differences.length === 0 ? null : { ...at, ...change };
}

/**
 * The config a state was made under, as the book kept it, read by this build's schema (a field added
 * since takes its default): `kept`; or why it cannot be had: `not-kept` (a state stored before alvh kept
 * configs), `damaged` (the stored text no longer matches its hash), `unreadable` (a field this build no
 * longer takes). Every reader of a kept config goes through here and words the outcome its own way.
 */
export type KeptStrategyConfig =
  | { readonly kind: 'kept'; readonly config: StrategyConfig }
  | { readonly kind: 'not-kept' }
  | { readonly kind: 'damaged'; readonly message: string }
  | { readonly kind: 'unreadable'; readonly error: StrategyConfigError };

export function keptStrategyConfig(store: BookStore, configHash: string, source: string): KeptStrategyConfig {
  let configJson: string | undefined;
  try {
    configJson = store.strategyConfigJson(configHash);
  } catch (error) {
    if (error instanceof BookStoreError) return { kind: 'damaged', message: error.message };
    throw error;
  }
  if (configJson === undefined) return { kind: 'not-kept' };
  try {
    return { kind: 'kept', config: parseStrategyConfig(JSON.parse(configJson) as unknown, source) };
  } catch (error) {
    if (error instanceof StrategyConfigError) return { kind: 'unreadable', error };
    throw error;
  }
}

/**
 * The fields `config` sets otherwise than the config `row` was made under (`keptStrategyConfig`); null,
 * with why, when the book did not keep it or this build cannot read it.
 */
function rulesChangedFrom(store: BookStore, row: EngineStateRow, config: StrategyConfig): { readonly differences: readonly ConfigDifference[] | null; readonly why?: string } {
  const kept = keptStrategyConfig(store, row.configHash, `of state #${row.id}`);
  switch (kept.kind) {
    case 'kept':
      return { differences: configDifferences(kept.config, config) };
    case 'not-kept':
      return { differences: null, why: 'the book did not keep that config (a state stored before alvh kept configs)' };
    case 'damaged':
      return { differences: null, why: kept.message };
    case 'unreadable':
      return { differences: null, why: `this alvh cannot read that config (${kept.error.issues.slice(0, 2).map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')})` };
  }
}

/**
 * The book's state a signal for `day` starts from (none for an empty book), checked whole, and the
 * strategy the signal runs under: the book's, or for a state made before a switch, the one that state
 * was made under (`earlierStrategy`), so a replayed day gives the signal issued then.
 */
function signalBase(ctx: Pick<BookContext, 'store' | 'config' | 'history' | 'marketOn' | 'strategyOfState'>, day: DayNumber): { baseRow: EngineStateRow | undefined; base: EngineStateSnapshot | undefined; config: StrategyConfig; earlierStrategy: boolean } {
  const dayIso = isoFromDay(day);
  const baseRow = ctx.store.latestState({ onOrBeforeIso: dayIso, excludeAcceptOnIso: dayIso });
  const earlier = baseRow !== undefined && baseRow.preset !== ctx.config.name ? ctx.strategyOfState?.(baseRow) : undefined;
  const config = earlier ?? ctx.config;
  const stored = baseRow ? parseSnapshot(baseRow, config) : undefined;
  if (stored) {
    const broken = incompleteCondors(stored, config);
    if (broken.length > 0) throw new BookEditError(`condor ${broken[0]?.group} is missing ${broken[0]?.missing.join(', ')}: the engine manages a condor with all its legs (${incomeLegs(config).map((l) => l.id).join(', ')} under ${config.name}; add them, or close the rest)`);
  }
  // Days since the stored state that were never accepted: the fund's price is stepped through them, as
  // the book page marks it, before the engine steps the day itself.
  return { baseRow: baseRow ?? undefined, base: stored ? snapshotWithFundSteppedTo({ ...ctx, config }, stored, day) : undefined, config, earlierStrategy: earlier !== undefined };
}

/** The day's signal from the book's state; journalled, or checked against the journal. */
export function issueSignal(ctx: BookContext, day: DayNumber, equityUsd: number): IssuedSignal {
  const dayIso = isoFromDay(day);
  const latest = ctx.store.latestState();
  // A switch by another command since this one chose its strategy would have the signal run under the
  // switched-to strategy and say the book has since switched to the one this command chose.
  refuseStrategyChangedSince(ctx, latest);
  const { baseRow, base, config, earlierStrategy } = signalBase(ctx, day);
  const result = computeDailySignal({ config, base, equityUsd, day, market: ctx.marketOn(day), signals: ctx.signalsOn(day), nextDay: nextTradingDay(ctx.history, day) });
  const signalJson = JSON.stringify(result.signal);
  const marketVersion = ctx.marketVersionOn?.(day);
  const key = { dayIso, dataVersion: marketVersion === undefined ? ctx.history.dataVersion : `${ctx.history.dataVersion} ${marketVersion}`, configHash: configHash(config), baseStateId: baseRow?.id ?? 0 };
  const codeVersion = wholeCodeFingerprint();
  const stored = ctx.store.journalEntry(key.dayIso, key.dataVersion, key.configHash, key.baseStateId, codeVersion);
  if (stored && stored.signalJson !== signalJson) {
    throw new BookEditError(`the journal's signal for ${dayIso}, computed by this very build of alvh (${ALVH_VERSION}, code ${shortCodeVersion(codeVersion)}) from the same data, config and book state, differs from the one computed now: the computation did not reproduce itself, which is a bug to report; nothing was changed`);
  }
  // Another build's signal for the same key: kept, and compared, not refused.
  const earlier = stored ? undefined : ctx.store.latestJournalEntry(key.dayIso, key.dataVersion, key.configHash, key.baseStateId);
  if (!stored) ctx.store.journalSignal({ ...key, alvhVersion: ALVH_VERSION, codeVersion, signalJson });
  const changed = earlier !== undefined && earlier.signalJson !== signalJson;
  return {
    signal: result.signal,
    result,
    baseStateId: key.baseStateId,
    baseDay: baseRow?.dayIso ?? null,
    unsteppedTradingDays: baseRow ? tradingDaysBetween(ctx.history, dayFromIso(baseRow.dayIso), day) : 0,
    laterState: latest && latest.dayIso > dayIso ? { id: latest.id, day: latest.dayIso } : null,
    journal: stored || (earlier !== undefined && !changed) ? 'reproduced' : changed ? 'changed' : 'new',
    journalEarlier: changed ? { alvhVersion: earlier.alvhVersion, codeVersion: earlier.codeVersion } : null,
    signalJson,
    config,
    earlierStrategy,
    rulesChangedSinceBase: rulesChangedSinceState(ctx.store, baseRow, config, key.configHash),
  };
}

/**
 * The day's signal from the same book state on another market (another model config's): a what-if,
 * never journalled, and nothing in the book changes.
 */
export function whatIfSignal(ctx: BookContext, day: DayNumber, equityUsd: number, marketOn: BookContext['marketOn']): DailySignal {
  const { base, config } = signalBase(ctx, day);
  return computeDailySignal({ config, base, equityUsd, day, market: marketOn(day), signals: ctx.signalsOn(day), nextDay: nextTradingDay(ctx.history, day) }).signal;
}

function fillRow(f: EngineFill, dayIso: string, source: FillSource): FillRow {
  const p = f.position;
  return { positionId: p.id, group: p.group, role: p.role, leg: p.legId, underlying: p.underlying, type: p.type, strike: p.strike, expiryIso: isoFromDay(p.expiryDay), settlement: p.settlement, quantity: f.quantity, pricePoints: f.pricePoints, feesUsd: f.feesUsd, dayIso, source };
}

/**
 * Accepts a day's recommendations: every trade at the model's price unless `actual` gives the fill
 * obtained (by position id). Returns the new state's id and the fills stored.
 */
export function acceptSignal(ctx: BookContext, day: DayNumber, equityUsd: number, actual: readonly ActualFill[] = []): { stateId: number; fills: readonly EngineFill[]; issued: IssuedSignal } {
  const dayIso = isoFromDay(day);
  // The slow part (signals and the model market of the day) before taking the book's write lock, so a
  // second writer waits only for the write itself.
  ctx.signalsOn(day);
  ctx.marketOn(day);
  // One transaction from reading the latest state to storing the new one: a second accept of the day
  // or an import started at the same moment is either fully before this one or fully after it, and an
  // unknown position in --fills rolls back the journal entry too.
  return ctx.store.write(() => {
    const latest = ctx.store.latestState();
    refuseStrategyChangedSince(ctx, latest);
    if (latest && latest.dayIso > dayIso) throw new BookEditError(`the book already has a state for ${latest.dayIso}, after ${dayIso}: accept days in order`);
    // Once, even when an edit or a strategy switch was stored on the accepted state since: a second
    // accept would step the day again from it.
    if (ctx.store.acceptOn(dayIso) !== undefined) throw new BookEditError(`${dayIso} is already accepted`);
    const issued = issueSignal(ctx, day, equityUsd);
    // The day starts from the latest state, which is under the book's strategy; a signal run under an
    // earlier one (a replay of a day before a switch) is never stored as the book's next state.
    if (issued.earlierStrategy) throw new BookEditError(`${dayIso} starts from a state made under '${issued.config.name}', before the book switched to '${ctx.config.name}': accept days after the switch`);
    const { snapshot, fills } = applyActualFills(issued.result.after, issued.result.fills, actual);
    const stateId = appendStrategyState(
      ctx,
      { dayIso, kind: 'accept', snapshot, note: `${actual.length > 0 ? `${actual.length} actual fill(s)` : 'at model prices'}${ctx.modelSource === undefined ? '' : ` (market model ${ctx.modelSource})`}` },
      fills.map((f) => fillRow(f, dayIso, 'accept')),
    );
    return { stateId, fills, issued };
  });
}

/** The day after the book's last accepted day when that day is within [fromDay, toDay]: where a `--from` run resumes. */
export function resumeDay(ctx: Pick<BookContext, 'store' | 'history'>, fromDay: DayNumber, toDay: DayNumber): DayNumber | undefined {
  const latest = ctx.store.latestState();
  if (!latest || latest.kind !== 'accept') return fromDay;
  const acceptedDay = dayFromIso(latest.dayIso);
  if (acceptedDay < fromDay || acceptedDay > toDay) return fromDay;
  const next = nextTradingDay(ctx.history, acceptedDay);
  return next !== undefined && next <= toDay ? next : undefined;
}

/**
 * Refuses a write to a book whose strategy another command changed after this one chose its own. A
 * command resolves its strategy from the book before it opens the book for its write (the day's market
 * is built for that strategy first), so an `alvh book switch`, or a first state under another
 * strategy, can land in between; stored under the command's strategy, the new state would hand the
 * book back to it and undo the other command's work without a word. Read inside the write's
 * transaction, so no third writer can come between the check and the write.
 * - A state under another strategy name: the book was switched (or begun) under that strategy since.
 * - For a command that follows the book's kept config (`followsKeptConfig`): a state under another
 *   config of the same name, stored by a command that named its config file.
 * A command that names its strategy with the same name (a bundled preset, or `--config` with an
 * edited file) still hands the book its config, as it would have run a moment later.
 */
function refuseStrategyChangedSince(ctx: Pick<BookContext, 'config' | 'followsKeptConfig'>, latest: EngineStateRow | undefined): void {
  if (latest === undefined) return;
  const what = latest.preset !== ctx.config.name ? `'${latest.preset}'` : ctx.followsKeptConfig === true && latest.configHash !== configHash(ctx.config) ? `another config of '${latest.preset}' (sha256 ${latest.configHash.slice(0, 12)})` : undefined;
  if (what === undefined) return;
  throw new BookChangedMeanwhileError(`the book's latest state (#${latest.id}, ${latest.dayIso}) was made under ${what} by another command after this one read the book under '${ctx.config.name}' (config sha256 ${configHash(ctx.config).slice(0, 12)}): nothing was written; run the command again to act on the book as it is now`);
}

/** The state new hand edits dated `day` apply to (refusing edits dated before the book's last state). */
function stateForEdit(ctx: BookContext, day: DayNumber, equityUsd: number): EngineStateSnapshot {
  const dayIso = isoFromDay(day);
  const latest = ctx.store.latestState();
  refuseStrategyChangedSince(ctx, latest);
  if (latest && latest.dayIso > dayIso) throw new BookEditError(`the book already has a state for ${latest.dayIso}: an edit dated ${dayIso} would rewrite history (date it ${latest.dayIso} or later)`);
  if (latest) return parseSnapshot(latest, ctx.config);
  if (!(Number.isFinite(equityUsd) && equityUsd > 0 && equityUsd <= BOOK_INPUT_LIMITS.maxEquityUsd)) throw new BookEditError(`the equity of a new book must be above 0 and at most ${BOOK_INPUT_LIMITS.maxEquityUsd.toExponential()} USD, got ${equityUsd}`);
  return emptyBookSnapshot(ctx.config, equityUsd);
}

/** Opens positions by hand (one for `book add`, many for `book import`): all or nothing. */
export function addPositions(ctx: BookContext, fills: ReadonlyArray<UserOpenFill & { origin?: string }>, equityUsd: number, source: 'add' | 'import'): { stateId: number; positionIds: string[] } {
  if (fills.length === 0) throw new BookEditError('no positions to add');
  // Read, apply and store in one write transaction: ids continue from the state the database holds now.
  return ctx.store.write(() => addPositionsLocked(ctx, fills, equityUsd, source));
}

function addPositionsLocked(ctx: BookContext, fills: ReadonlyArray<UserOpenFill & { origin?: string }>, equityUsd: number, source: 'add' | 'import'): { stateId: number; positionIds: string[] } {
  const days = new Set(fills.map((f) => f.day));
  const day = Math.max(...days);
  let snapshot = stateForEdit(ctx, Math.min(...days), equityUsd);
  const ids: string[] = [];
  const rows: FillRow[] = [];
  for (const f of fills) {
    let opened: ReturnType<typeof applyUserOpen>;
    try {
      opened = applyUserOpen(snapshot, ctx.config, f);
    } catch (error) {
      if (error instanceof BookEditError && f.origin !== undefined) throw new BookEditError(`${f.origin}: ${error.message}`);
      throw error;
    }
    checkUserOpenAgainstMarket(f, ctx.history);
    snapshot = opened.snapshot;
    ids.push(opened.positionId);
    rows.push({ positionId: opened.positionId, group: f.group, role: f.role, leg: f.leg, underlying: f.underlying, type: f.type, strike: f.type === 'future' ? 0 : f.strike, expiryIso: isoFromDay(f.expiryDay), settlement: f.settlement, quantity: f.quantity, pricePoints: f.pricePoints, feesUsd: f.feesUsd, dayIso: isoFromDay(f.day), source });
  }
  const stateId = appendStrategyState(ctx, { dayIso: isoFromDay(day), kind: 'edit', snapshot, note: `${source} ${fills.length} position(s)` }, rows);
  return { stateId, positionIds: ids };
}

/** Closes (part of) a position by hand at the fill obtained. */
export function closePosition(ctx: BookContext, positionId: string, day: DayNumber, pricePoints: number, feesUsd: number, contracts?: number): { stateId: number } {
  return ctx.store.write(() => closePositionLocked(ctx, positionId, day, pricePoints, feesUsd, contracts));
}

function closePositionLocked(ctx: BookContext, positionId: string, day: DayNumber, pricePoints: number, feesUsd: number, contracts?: number): { stateId: number } {
  const current = stateForEdit(ctx, day, ctx.config.initialEquityUsd);
  const held = current.book.positions.find((p) => p.id === positionId);
  if (held) checkUserCloseDay(positionId, held.expiryDay, held.settlement, day, ctx.history);
  const { snapshot, closed, contracts: n } = applyUserClose(current, positionId, day, pricePoints, feesUsd, contracts);
  const traded = -Math.sign(closed.quantity) * n;
  const stateId = appendStrategyState(
    ctx,
    { dayIso: isoFromDay(day), kind: 'edit', snapshot, note: `close ${positionId}` },
    [{ positionId, group: closed.group, role: closed.role, leg: closed.legId, underlying: closed.underlying, type: closed.type, strike: closed.strike, expiryIso: isoFromDay(closed.expiryDay), settlement: closed.settlement, quantity: traded, pricePoints, feesUsd, dayIso: isoFromDay(day), source: 'close' }],
  );
  return { stateId };
}

/**
 * Hands the book to the context's strategy (`alvh book switch`): a new state dated the latest state's
 * day, holding the same positions, counters and cooldowns, made under the new config, whose rules
 * manage them from the next signal on. Nothing is traded. Refused on an empty book (its first command
 * names its strategy) and when the book already follows this very config.
 */
export function switchStrategy(ctx: BookContext): { stateId: number; from: { name: string; configHash: string }; dayIso: string; rulesThatChange: { readonly differences: readonly ConfigDifference[] | null; readonly why?: string } } {
  return ctx.store.write(() => {
    const latest = ctx.store.latestState();
    if (latest === undefined) throw new BookEditError('the book is empty: it follows the strategy its first command names (pass --preset or --config to that command); there is nothing to switch');
    const hash = configHash(ctx.config);
    if (latest.preset === ctx.config.name && latest.configHash === hash) throw new BookEditError(`the book already follows '${ctx.config.name}' with this config (sha256 ${hash.slice(0, 12)}): nothing to switch`);
    const snapshot = parseSnapshot(latest, ctx.config);
    // The engine takes the state under the new rules, or the switch is refused here rather than by the next signal.
    try {
      new StrategyEngine(ctx.config, snapshot);
    } catch (error) {
      throw new BookEditError(`'${ctx.config.name}' cannot take over the book's state: ${(error as Error).message}`);
    }
    const from = { name: latest.preset, configHash: latest.configHash };
    // What the switch changes, read before the new state is stored: the rules the trader hands the positions to.
    const rulesThatChange = rulesChangedFrom(ctx.store, latest, ctx.config);
    const stateId = appendStrategyState(ctx, { dayIso: latest.dayIso, kind: 'edit', snapshot, note: `strategy switched from '${from.name}' (config sha256 ${from.configHash.slice(0, 12)})` }, []);
    return { stateId, from, dayIso: latest.dayIso, rulesThatChange };
  });
}

/** Whether the book has no state at all (a cheap query: no snapshot is read). */
export function bookIsEmpty(ctx: Pick<BookContext, 'store'>): boolean {
  return ctx.store.latestState() === undefined;
}

/** The book's latest state, or undefined when it is empty. */
export function currentBook(ctx: Pick<BookContext, 'store' | 'config'>): StoredBook | undefined {
  const row = ctx.store.latestState();
  return row ? { row, snapshot: parseSnapshot(row, ctx.config) } : undefined;
}

export interface StoredBook {
  readonly row: EngineStateRow;
  readonly snapshot: EngineStateSnapshot;
}

/** The book a mark of one day's close values, and what it leaves out. */
export interface BookAsOf {
  /** The state in force at the day's close: the latest dated on or before it, that day's accepts and edits included; undefined when none is. */
  readonly current: StoredBook | undefined;
  /**
   * The book's latest state when it is dated after the day (null otherwise): the positions opened,
   * closed or rolled since are not in the day's marks. `note` is the trader's line saying so
   * (`laterStateNote`). The shape the JSON of the CLI and the server carry as `laterState`.
   */
  readonly later: LaterBookState | null;
}

/** A book state dated after a mark day: its id, its day, and the trader's line about it. */
export interface LaterBookState {
  readonly id: number;
  readonly day: string;
  readonly note: string;
}

/** The last day the model can mark, and why the data ends there (the series that ends first). */
export interface MarkDataEnd {
  readonly dayIso: string;
  readonly reason: string;
}

/**
 * The book as it stood at the close of `day`. Marks, risk grids and trigger distances value this
 * state, never a later one: a mark taken before a fill's day would value a position not yet opened
 * against a price paid months later (a book edited on a day the model's data does not reach yet is the
 * common case: its latest state waits for `alvh data update`).
 */
export function bookAsOf(ctx: Pick<BookContext, 'store' | 'config'>, day: DayNumber, dataEnds: MarkDataEnd): BookAsOf {
  const dayIso = isoFromDay(day);
  const row = ctx.store.latestState({ onOrBeforeIso: dayIso });
  const latest = ctx.store.latestState();
  const later = latest && latest.dayIso > dayIso ? { id: latest.id, day: latest.dayIso } : undefined;
  return {
    current: row ? { row, snapshot: parseSnapshot(row, ctx.config) } : undefined,
    later: later === undefined ? null : { ...later, note: laterStateNote(later, dayIso, dataEnds) },
  };
}

/**
 * A trader's line on the state a mark of `dayIso` leaves out: how to see it, which is a later mark day,
 * or first the data, when the state is dated after the last day the model can mark (`dataEnds`).
 */
export function laterStateNote(later: { readonly id: number; readonly day: string }, dayIso: string, dataEnds: MarkDataEnd): string {
  const why = later.day > dataEnds.dayIso
    ? `the model's data ends on ${dataEnds.dayIso} (${dataEnds.reason}; run alvh data update)`
    : `mark ${later.day} or later to see it`;
  return `book state #${later.id} of ${later.day} is after ${dayIso} and not in these marks: ${why}`;
}
