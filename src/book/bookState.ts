/**
 * The user's positions as the engine's state. The daily signal runs the backtest's engine, so the
 * book the user keeps must be an `EngineStateSnapshot`; this module applies the user's own fills to
 * one (and reads the day's fills back out of an engine step).
 *
 * Mapping (docs/book.md):
 * - a condor group (`role` condor) is one `CondorState`: its legs are named shortPut, longPut,
 *   shortCall, longCall (SPX options); contracts are the short put's (or short call's) size, the
 *   credit per unit is the sum of the legs' fill prices signed by side. The engine manages a condor
 *   only with all its structure's legs (four for an iron condor): `incompleteCondors` lists groups
 *   still missing some.
 * - a hedge group (`role` hedge) is one hedge layer: layer numbers follow the order groups are added
 *   (1, 2, 3 ...) unless given; a ladder config gives layer n the ladder's n-th tenor for its rolls;
 *   the premium paid is the layer's premium for the caps and the take-profit rule; under
 *   `hedge.agedLayerTopUps: renew`, a new group of a rung whose layer is at or past its life is that
 *   layer's renewal, and the aged layer is left to decay.
 * - cash moves by each fill's premium and fees exactly as the engine's own fills do (the same `Book`).
 */
import { Book, describeContracts, OPTION_MULTIPLIER_USD, quantityText, VIX_FUTURE_MULTIPLIER_USD, type IndexHolding, type InstrumentType, type OptionPosition, type PositionRole } from '../engine/book.js';
import { StrategyEngine, type EngineStateSnapshot } from '../engine/backtest.js';
import type { LedgerEntry } from '../engine/book.js';
import type { Settlement } from '../engine/marketView.js';
import { incomeLegs, type StrategyConfig } from '../strategy/config.js';
import { layerNeedsRenewal } from '../strategy/hedge/hedgeManager.js';
import type { DayNumber } from '../time/day.js';
import { quoteValue } from '../lib/capText.js';
import { heldLegsText } from '../strategy/legsText.js';

type CondorState = EngineStateSnapshot['condors'][number];
type LayerState = EngineStateSnapshot['layers'][number];

export const CONDOR_LEGS = ['shortPut', 'longPut', 'shortCall', 'longCall'] as const;

export class BookEditError extends Error {
  override name = 'BookEditError';
}

/** A book write refused because another command changed the book's strategy after this one read it. */
export class BookChangedMeanwhileError extends BookEditError {
  override name = 'BookChangedMeanwhileError';
}

/**
 * Bounds on what a user may type into the book. They are far beyond any real account (a retail or
 * institutional book trades thousands of contracts, not millions) and exist so an input such as
 * 1e300 contracts cannot turn equity, Greeks or a signal's order size into Infinity or NaN.
 */
export const BOOK_INPUT_LIMITS = {
  /** Contracts in one fill. */
  maxContracts: 1_000_000,
  /** Fill price per unit, index points (SPX itself has never been above 10,000). */
  maxPricePoints: 100_000,
  /** Fees of one fill, USD. */
  maxFeesUsd: 10_000_000,
  /** Cash of a new book, USD. */
  maxEquityUsd: 1e12,
  /** Characters of a group or leg name. */
  maxNameChars: 64,
} as const;

/** Group and leg names: letters, digits, '-' and '_' (a position id joins them with '.'). */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Why `name` cannot be a group or leg name, or undefined when it can. */
export function badName(name: string): string | undefined {
  if (name.length > BOOK_INPUT_LIMITS.maxNameChars) return `is ${name.length} characters long; at most ${BOOK_INPUT_LIMITS.maxNameChars}`;
  if (!NAME_PATTERN.test(name)) return 'may hold only letters, digits, - and _ (and start with a letter or digit)';
  return undefined;
}

/** A fill the user made, opening a position. */
export interface UserOpenFill {
  readonly group: string;
  readonly role: PositionRole;
  readonly leg: string;
  readonly underlying: 'SPX' | 'VIX';
  readonly type: InstrumentType;
  /** Index points; 0 for a future. */
  readonly strike: number;
  readonly expiryDay: DayNumber;
  readonly settlement: Settlement;
  /** Signed contracts: positive bought, negative sold. */
  readonly quantity: number;
  /** Fill price per unit, index points. */
  readonly pricePoints: number;
  /** Total fees of the fill, USD. */
  readonly feesUsd: number;
  readonly day: DayNumber;
  /** Hedge layer number; default the next one. */
  readonly layer?: number;
}

/** A fresh engine state: no positions, `equityUsd` in cash. */
export function emptyBookSnapshot(config: StrategyConfig, equityUsd: number): EngineStateSnapshot {
  return new StrategyEngine({ ...config, initialEquityUsd: equityUsd }).snapshot();
}

type GroupOpening = EngineStateSnapshot['groupOpened'][string];

/** A deep copy the edits below may change in place. */
function mutable(snapshot: EngineStateSnapshot) {
  return JSON.parse(JSON.stringify(snapshot)) as {
    -readonly [K in keyof EngineStateSnapshot]: EngineStateSnapshot[K] extends ReadonlyArray<infer T> ? T[] : EngineStateSnapshot[K];
  } & { groupOpened: Record<string, GroupOpening> };
}

function checkOpen(fill: UserOpenFill, snapshot: EngineStateSnapshot): void {
  const groupProblem = badName(fill.group);
  if (groupProblem !== undefined) throw new BookEditError(`group ${quoteValue(fill.group, 40)} ${groupProblem}`);
  const legProblem = badName(fill.leg);
  if (legProblem !== undefined) throw new BookEditError(`${fill.group}: leg ${quoteValue(fill.leg, 40)} ${legProblem}`);
  const where = `${fill.group} ${fill.leg}`;
  const L = BOOK_INPUT_LIMITS;
  if (!Number.isInteger(fill.quantity) || fill.quantity === 0 || Math.abs(fill.quantity) > L.maxContracts) {
    throw new BookEditError(`${where}: quantity ${fill.quantity} must be a non-zero whole number of contracts, at most ${L.maxContracts.toLocaleString('en-US')} either way`);
  }
  if (!Number.isFinite(fill.pricePoints) || fill.pricePoints < 0 || fill.pricePoints > L.maxPricePoints) throw new BookEditError(`${where}: price must be a finite number from 0 to ${L.maxPricePoints}`);
  if (!Number.isFinite(fill.feesUsd) || fill.feesUsd < 0 || fill.feesUsd > L.maxFeesUsd) throw new BookEditError(`${where}: fees must be a finite number from 0 to ${L.maxFeesUsd} USD`);
  if (fill.type !== 'future' && !(Number.isFinite(fill.strike) && fill.strike > 0)) throw new BookEditError(`${where}: an option needs a strike > 0`);
  if (fill.type === 'future' && fill.underlying !== 'VIX') throw new BookEditError(`${where}: futures are VIX futures`);
  if (fill.expiryDay <= fill.day) throw new BookEditError(`${where}: the expiry must be after the fill's day`);
  const roleOfGroup = snapshot.book.roleOfGroup[fill.group];
  if (roleOfGroup !== undefined && roleOfGroup !== fill.role) throw new BookEditError(`${where}: group ${fill.group} is a ${roleOfGroup} group, not ${fill.role}`);
  if (fill.role === 'condor') {
    if (!(CONDOR_LEGS as readonly string[]).includes(fill.leg)) throw new BookEditError(`${where}: a condor leg is one of ${CONDOR_LEGS.join(', ')}`);
    if (fill.underlying !== 'SPX' || fill.type === 'future') throw new BookEditError(`${where}: condor legs are SPX options`);
    const wantType = fill.leg.endsWith('Put') ? 'put' : 'call';
    if (fill.type !== wantType) throw new BookEditError(`${where}: leg ${fill.leg} is a ${wantType}`);
    if (fill.leg.startsWith('short') !== fill.quantity < 0) throw new BookEditError(`${where}: ${fill.leg} needs a ${fill.leg.startsWith('short') ? 'negative' : 'positive'} quantity`);
    if (snapshot.book.positions.some((p) => p.group === fill.group && p.legId === fill.leg)) throw new BookEditError(`${where}: the condor already has a ${fill.leg}`);
    checkCondorShape(fill, snapshot.book.positions.filter((p) => p.group === fill.group), where);
  }
}

/**
 * An iron condor's legs must fit together: one expiry and settlement, the same number of contracts,
 * and strikes in the order long put < short put <= short call < long call (a crossed condor, say a
 * long put above the short put, is a different trade the engine would mismanage).
 */
function checkCondorShape(fill: UserOpenFill, legs: readonly OptionPosition[], where: string): void {
  const order: Record<string, number> = { longPut: 0, shortPut: 1, shortCall: 2, longCall: 3 };
  const rank = order[fill.leg] as number;
  for (const p of legs) {
    if (p.expiryDay !== fill.expiryDay || p.settlement !== fill.settlement) throw new BookEditError(`${where}: field 'expiry': every leg of a condor has one expiry and settlement; ${p.legId} has another`);
    if (Math.abs(p.quantity) !== Math.abs(fill.quantity)) throw new BookEditError(`${where}: field 'quantity': an unbalanced condor: ${Math.abs(fill.quantity)} contracts against ${Math.abs(p.quantity)} on ${p.legId}`);
    const other = order[p.legId] as number;
    const shortPair = (rank === 1 && other === 2) || (rank === 2 && other === 1);
    const inOrder = shortPair ? (rank < other ? fill.strike <= p.strike : fill.strike >= p.strike) : rank < other ? fill.strike < p.strike : fill.strike > p.strike;
    if (!inOrder) throw new BookEditError(`${where}: field 'strike': a crossed condor: ${fill.leg} ${fill.strike} against ${p.legId} ${p.strike} (long put < short put <= short call < long call)`);
  }
}

/** The engine state after the user opened a position. Returns the new state and the position's id. */
export function applyUserOpen(snapshot: EngineStateSnapshot, config: StrategyConfig, fill: UserOpenFill): { snapshot: EngineStateSnapshot; positionId: string } {
  checkOpen(fill, snapshot);
  const s = mutable(snapshot);
  const book = Book.fromState(s.book);
  const positionId = `${fill.group}.${fill.leg}.${s.nextId++}`;
  const layerNumber = fill.role === 'hedge' ? (s.layers.find((l) => l.group === fill.group)?.layer ?? fill.layer ?? Math.max(0, ...s.layers.map((l) => l.layer)) + 1) : undefined;
  book.open(
    { id: positionId, group: fill.group, role: fill.role, legId: fill.leg, layer: layerNumber, underlying: fill.underlying, type: fill.type, strike: fill.type === 'future' ? 0 : fill.strike, expiryDay: fill.expiryDay, settlement: fill.settlement, quantity: fill.quantity, entryDay: fill.day, entryPrice: fill.pricePoints },
    fill.feesUsd / Math.abs(fill.quantity),
  );
  s.book = book.state();
  if (fill.role === 'condor') {
    let c = s.condors.find((x) => x.group === fill.group) as CondorState | undefined;
    if (!c) {
      c = { group: fill.group, entryDay: fill.day, contracts: 0, creditPoints: 0, rolls: 0, deferrals: 0, putShortId: undefined, putLongId: undefined, callShortId: undefined, callLongId: undefined, legIds: [] };
      s.condors.push(c);
    }
    const mc = c as { -readonly [K in keyof CondorState]: CondorState[K] };
    mc.legIds.push(positionId);
    if (fill.leg === 'shortPut') mc.putShortId = positionId;
    if (fill.leg === 'longPut') mc.putLongId = positionId;
    if (fill.leg === 'shortCall') mc.callShortId = positionId;
    if (fill.leg === 'longCall') mc.callLongId = positionId;
    if (fill.leg.startsWith('short')) mc.contracts = Math.max(mc.contracts, Math.abs(fill.quantity));
    const legs = s.book.positions.filter((p) => p.group === fill.group);
    mc.creditPoints = mc.contracts > 0 ? legs.reduce((sum, p) => sum - (p.quantity / mc.contracts) * p.entryPrice, 0) : 0;
    s.groupOpened[fill.group] = { entryDay: c.entryDay, kind: 'condor', layer: undefined, contracts: mc.contracts, entryPricePoints: mc.creditPoints, legs: heldLegsText('condor', legs), ...rollsSoFar(s, fill.group) };
  } else {
    let l = s.layers.find((x) => x.group === fill.group) as LayerState | undefined;
    if (!l) {
      const h = config.hedge;
      const layer = layerNumber as number;
      const tenor: LayerState['tenor'] =
        h.layering === 'ladder' ? { kind: 'vixTenor', index: Math.min(layer, h.ladderTenors.length) - 1 } : { kind: 'dteRange', min: h.firstLayerDteDays.min, max: h.firstLayerDteDays.max };
      l = { group: fill.group, layer, openedDay: fill.day, tenor, premiumUsd: 0, legIds: [], contracts: 0 };
      // A new group of a rung whose layer is at or past its life, under `hedge.agedLayerTopUps: renew`,
      // is that layer's renewal: the aged one is left to decay, as the engine leaves it when it renews.
      for (const other of s.layers as Array<{ -readonly [K in keyof LayerState]: LayerState[K] }>) {
        if (other.layer === layer && other.letDecay !== true && layerNeedsRenewal(config, fill.day, other)) other.letDecay = true;
      }
      s.layers.push(l);
    }
    const ml = l as { -readonly [K in keyof LayerState]: LayerState[K] };
    ml.legIds.push(positionId);
    const multiplier = fill.type === 'future' ? VIX_FUTURE_MULTIPLIER_USD : OPTION_MULTIPLIER_USD;
    // The engine counts a future's face value as its "premium" for the caps; an option's premium is paid.
    ml.premiumUsd += fill.quantity * fill.pricePoints * multiplier;
    if (fill.quantity > 0) ml.contracts += fill.quantity;
    const legs = s.book.positions.filter((p) => p.group === fill.group);
    s.groupOpened[fill.group] = { entryDay: l.openedDay, kind: 'hedge-layer', layer: l.layer, contracts: ml.contracts, entryPricePoints: ml.contracts > 0 ? ml.premiumUsd / (ml.contracts * OPTION_MULTIPLIER_USD) : 0, legs: heldLegsText('hedge-layer', legs), ...rollsSoFar(s, fill.group) };
  }
  return { snapshot: s as EngineStateSnapshot, positionId };
}

/**
 * Why `id` is no position a hand close can take: index units (an underlying leg's SPX units, layer 1's
 * fund), which only the signal's own trades move, or nothing the book holds. `alvh book list` shows both
 * kinds of id, so the first must not read as the second.
 */
export function notClosableByHand(snapshot: EngineStateSnapshot, id: string): { readonly kind: 'index-holding' | 'unknown'; readonly message: string } {
  const holding = (snapshot.book.indexHoldings ?? []).find((h) => h.id === id);
  if (holding) return { kind: 'index-holding', message: `'${id}' is ${indexHoldingName(holding.index)}, which the book trades only as the signal does (alvh book accept), not a position to close by hand` };
  return { kind: 'unknown', message: `no open position '${id}'` };
}

/** The engine state after the user closed `contracts` (all when omitted) of a position at a price. */
export function applyUserClose(snapshot: EngineStateSnapshot, positionId: string, day: DayNumber, pricePoints: number, feesUsd: number, contracts?: number): { snapshot: EngineStateSnapshot; closed: OptionPosition; contracts: number } {
  const position = snapshot.book.positions.find((p) => p.id === positionId);
  if (!position) {
    const why = notClosableByHand(snapshot, positionId);
    throw new BookEditError(why.kind === 'unknown' ? `${why.message} (alvh book list shows the ids)` : why.message);
  }
  // A count given is whole contracts; none closes the whole position, which an index replica's
  // preset holds in fractions (3.6196 puts): that is the only way to close it by hand.
  const held = Math.abs(position.quantity);
  const n = contracts ?? held;
  if (contracts !== undefined && !(Number.isInteger(contracts) && contracts > 0 && contracts <= held)) {
    throw new BookEditError(`${positionId}: can close 1 to ${Math.floor(held)} whole contracts${Number.isInteger(held) ? '' : `, or all ${quantityText(held)} with no count given`}, not ${contracts}`);
  }
  if (!Number.isFinite(pricePoints) || pricePoints < 0 || pricePoints > BOOK_INPUT_LIMITS.maxPricePoints) throw new BookEditError(`${positionId}: price must be a finite number from 0 to ${BOOK_INPUT_LIMITS.maxPricePoints}`);
  if (!Number.isFinite(feesUsd) || feesUsd < 0 || feesUsd > BOOK_INPUT_LIMITS.maxFeesUsd) throw new BookEditError(`${positionId}: fees must be a finite number from 0 to ${BOOK_INPUT_LIMITS.maxFeesUsd} USD`);
  const s = mutable(snapshot);
  const book = Book.fromState(s.book);
  book.close(day, positionId, pricePoints, feesUsd / n, 'closed by the user', n);
  s.book = book.state();
  const open = new Set(s.book.positions.map((p) => p.id));
  for (const l of s.layers as Array<{ -readonly [K in keyof LayerState]: LayerState[K] }>) {
    if (l.legIds.includes(positionId) && position.quantity > 0) l.contracts -= n;
    l.legIds = l.legIds.filter((id) => open.has(id));
  }
  for (const c of s.condors as Array<{ -readonly [K in keyof CondorState]: CondorState[K] }>) c.legIds = c.legIds.filter((id) => open.has(id));
  s.condors = s.condors.filter((c) => c.legIds.length > 0);
  s.layers = s.layers.filter((l) => l.legIds.length > 0);
  s.seeds = s.seeds.filter((l) => l.legIds.some((id) => open.has(id)));
  const left = s.book.positions.filter((p) => p.group === position.group);
  const opened = s.groupOpened[position.group];
  if (left.length === 0) delete s.groupOpened[position.group];
  // What the group still holds is its legs at close, as after an engine's partial close.
  else if (opened) opened.legsHeld = heldLegsText(opened.kind, left);
  return { snapshot: s as EngineStateSnapshot, closed: position, contracts: n };
}

/**
 * A group's opening is written again from its legs after each open (its `legs` are then all it holds,
 * so no `legsHeld`); the rolls the engine counted in it are kept.
 */
function rollsSoFar(s: { groupOpened: Record<string, GroupOpening> }, group: string): { rolls?: number } {
  const rolls = s.groupOpened[group]?.rolls;
  return rolls === undefined ? {} : { rolls };
}

/**
 * Condor groups that do not have all the legs of the config's income structure yet (the engine would
 * manage them as broken): the iron condor's four, or a custom structure's own (the PUT and PPUT
 * replicas hold one put, which is whole).
 */
export function incompleteCondors(snapshot: EngineStateSnapshot, config: StrategyConfig): Array<{ group: string; missing: string[] }> {
  const structureLegs = incomeLegs(config).map((l) => l.id);
  const out: Array<{ group: string; missing: string[] }> = [];
  for (const c of snapshot.condors) {
    const have = new Set(snapshot.book.positions.filter((p) => p.group === c.group).map((p) => p.legId));
    // A condor the engine opened and later half-closed (a rolled side) is whole in the engine's eyes.
    if (c.rolls > 0) continue;
    const missing = structureLegs.filter((l) => !have.has(l));
    if (missing.length > 0) out.push({ group: c.group, missing });
  }
  return out;
}

/** A fill the engine made on a day, read back from the states before and after and the day's ledger. */
export interface EngineFill {
  readonly position: OptionPosition;
  /** Signed contracts traded: positive bought, negative sold. */
  readonly quantity: number;
  readonly pricePoints: number;
  readonly feesUsd: number;
  readonly kind: 'open' | 'close';
}

/**
 * A fill as an order ticket reads it: the side and whether it opens or closes, then the contracts
 * (`buy to close 10 SPX 2018-03-16 2700 put`: a short put bought back, where the position's own text
 * would say `long 10`).
 */
export function describeTrade(f: Pick<EngineFill, 'position' | 'quantity' | 'kind'>): string {
  return `${f.quantity > 0 ? 'buy' : 'sell'} to ${f.kind} ${describeContracts({ ...f.position, quantity: f.quantity })}`;
}

/**
 * The fills of one engine step: positions that appeared (opened) or shrank or vanished without a
 * settlement (closed), with the prices the ledger shows. Settlements are not fills.
 */
export function engineFillsOfDay(before: EngineStateSnapshot, after: EngineStateSnapshot, ledger: readonly LedgerEntry[], day: DayNumber): EngineFill[] {
  const premium = new Map<string, number>();
  const fees = new Map<string, number>();
  const settled = new Set<string>();
  for (const e of ledger) {
    if (e.day !== day || e.positionId === undefined) continue;
    if (e.kind === 'premium') premium.set(e.positionId, (premium.get(e.positionId) ?? 0) + e.amountUsd);
    if (e.kind === 'fee') fees.set(e.positionId, (fees.get(e.positionId) ?? 0) - e.amountUsd);
    if (e.kind === 'settlement') settled.add(e.positionId);
  }
  const beforeById = new Map(before.book.positions.map((p) => [p.id, p]));
  const afterById = new Map(after.book.positions.map((p) => [p.id, p]));
  const out: EngineFill[] = [];
  const priceOf = (p: OptionPosition, traded: number, cash: number) =>
    p.type === 'future' ? p.entryPrice + cash / (-traded * VIX_FUTURE_MULTIPLIER_USD) : cash / (-traded * OPTION_MULTIPLIER_USD);
  for (const p of after.book.positions) {
    if (beforeById.has(p.id)) continue;
    out.push({ position: p, quantity: p.quantity, pricePoints: p.entryPrice, feesUsd: fees.get(p.id) ?? 0, kind: 'open' });
  }
  for (const p of before.book.positions) {
    if (settled.has(p.id)) continue;
    const remaining = afterById.get(p.id)?.quantity ?? 0;
    const traded = remaining - p.quantity;
    if (traded === 0) continue;
    out.push({ position: p, quantity: traded, pricePoints: priceOf(p, traded, premium.get(p.id) ?? 0), feesUsd: fees.get(p.id) ?? 0, kind: 'close' });
  }
  return out;
}

/** What an index holding holds, in the words a position or a trade of it reads. */
export function indexHoldingName(index: IndexHolding['index']): string {
  return index === 'SPX' ? 'SPX units (underlying leg)' : 'units of the VIX short-term futures fund';
}

/**
 * A trade of index units the engine made on a day (an underlying leg's SPX units, layer 1's VIX-futures
 * fund): units bought (positive) or sold, at the level the ledger shows, and the rule that made it. Not
 * an option fill: no contracts, no fee, and no price of its own to enter on acceptance (it trades at the
 * index's level).
 */
export interface IndexTradeFill {
  readonly holdingId: string;
  readonly group: string;
  readonly role: PositionRole;
  readonly index: IndexHolding['index'];
  readonly units: number;
  /** Index level of the trade, points (1 USD a point a unit). */
  readonly levelPoints: number;
  /** Cash the trade costs, USD: positive for a purchase, negative for a sale. */
  readonly costUsd: number;
  readonly rule: string;
}

/** The index trades of one engine step, in the order the ledger recorded them (its `index-trade` entries). */
export function indexTradesOfDay(after: EngineStateSnapshot, ledger: readonly LedgerEntry[], day: DayNumber): IndexTradeFill[] {
  const out: IndexTradeFill[] = [];
  for (const e of ledger) {
    if (e.day !== day || e.kind !== 'index-trade' || e.positionId === undefined || e.group === undefined || e.indexTrade === undefined) continue;
    const { units, levelPoints, index } = e.indexTrade;
    out.push({ holdingId: e.positionId, group: e.group, role: after.book.roleOfGroup[e.group] ?? (index === 'SPX' ? 'condor' : 'hedge'), index, units, levelPoints, costUsd: -e.amountUsd, rule: e.rule ?? '' });
  }
  return out;
}

/** An index trade as an order ticket reads it: `buy 121.7035 units of the VIX short-term futures fund`. */
export function describeIndexTrade(t: Pick<IndexTradeFill, 'units' | 'index'>): string {
  return `${t.units > 0 ? 'buy' : 'sell'} ${quantityText(t.units)} ${indexHoldingName(t.index)}`;
}

/** An actual fill for one of the day's recommended trades, by position id. */
export interface ActualFill {
  readonly positionId: string;
  readonly pricePoints: number;
  /** Total fees, USD; default the model's. */
  readonly feesUsd?: number;
  /** Where it came from (file:line), for messages. */
  readonly origin?: string;
}

/**
 * The engine state after a day's recommendations when the user got `actual` prices instead of the
 * model's: cash, P&L attribution, entry prices, condor credits and layer premiums move by the
 * difference, so tomorrow's decisions see the book the user really has.
 */
export function applyActualFills(after: EngineStateSnapshot, fills: readonly EngineFill[], actual: readonly ActualFill[]): { snapshot: EngineStateSnapshot; fills: EngineFill[] } {
  const s = mutable(after);
  const byId = new Map(fills.map((f) => [f.position.id, f]));
  const out = new Map(fills.map((f) => [f.position.id, f]));
  const book = s.book as { -readonly [K in keyof typeof s.book]: (typeof s.book)[K] } & { cashFlowByGroup: Record<string, number>; cashFlowByRole: Partial<Record<PositionRole, number>> };
  for (const a of actual) {
    try {
      applyOneActualFill(a);
    } catch (error) {
      if (error instanceof BookEditError && a.origin !== undefined) throw new BookEditError(`${a.origin}: field 'position_id': ${error.message}`);
      throw error;
    }
  }
  return { snapshot: s as EngineStateSnapshot, fills: [...out.values()] };

  function applyOneActualFill(a: ActualFill): void {
    const f = byId.get(a.positionId);
    if (!f) throw new BookEditError(`${a.positionId}: not one of the day's recommended trades (${[...byId.keys()].join(', ') || 'none'})`);
    if (!Number.isFinite(a.pricePoints) || a.pricePoints < 0 || a.pricePoints > BOOK_INPUT_LIMITS.maxPricePoints) throw new BookEditError(`${a.positionId}: price must be a finite number from 0 to ${BOOK_INPUT_LIMITS.maxPricePoints}`);
    const fee = a.feesUsd ?? f.feesUsd;
    if (!Number.isFinite(fee) || fee < 0 || fee > BOOK_INPUT_LIMITS.maxFeesUsd) throw new BookEditError(`${a.positionId}: fees must be a finite number >= 0`);
    const p = f.position;
    const multiplier = p.type === 'future' ? VIX_FUTURE_MULTIPLIER_USD : OPTION_MULTIPLIER_USD;
    const priceDiff = a.pricePoints - f.pricePoints;
    // An option's premium is cash now; a future opened at another price changes only its later P&L.
    const premiumDelta = p.type === 'future' && f.kind === 'open' ? 0 : -f.quantity * priceDiff * multiplier;
    const cashDelta = premiumDelta - (fee - f.feesUsd);
    book.cashUsd += cashDelta;
    book.cashFlowByGroup[p.group] = (book.cashFlowByGroup[p.group] ?? 0) + cashDelta;
    book.cashFlowByRole[p.role] = (book.cashFlowByRole[p.role] ?? 0) + cashDelta;
    if (f.kind === 'open') {
      const held = book.positions.find((x) => x.id === p.id) as { entryPrice: number } | undefined;
      if (held) held.entryPrice = a.pricePoints;
      const c = s.condors.find((x) => x.group === p.group) as { creditPoints: number; contracts: number } | undefined;
      if (c && c.contracts > 0) c.creditPoints -= (f.quantity / c.contracts) * priceDiff;
      const l = [...s.layers, ...s.seeds].find((x) => x.group === p.group) as { premiumUsd: number } | undefined;
      if (l) l.premiumUsd += f.quantity * priceDiff * multiplier;
    }
    out.set(p.id, { ...f, pricePoints: a.pricePoints, feesUsd: fee, position: f.kind === 'open' ? { ...p, entryPrice: a.pricePoints } : p });
  }
}
