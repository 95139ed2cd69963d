/**
 * The book and its ledger: open option positions, cash, and every cash movement with its reason.
 * Equity is always cash + the marked value of open positions, so the ledger and the equity curve cannot
 * disagree: a test sums the ledger and compares it with the final equity.
 */
import { DAYS_PER_YEAR_ACT365, isoFromDay, type DayNumber } from '../../time/day.js';
import type { OptionType } from '../../pricing/black76.js';
import type { Settlement } from '../marketView.js';

/** USD per index point per contract: SPX and VIX options both have a $100 multiplier. */
export const OPTION_MULTIPLIER_USD = 100;
/** USD per VIX point per VIX futures contract. */
export const VIX_FUTURE_MULTIPLIER_USD = 1000;

/** Options pay or receive premium; futures exchange only their change in price (variation margin). */
export type InstrumentType = OptionType | 'future';

export type PositionRole = 'condor' | 'hedge';

/** What a leg is, as an order asks for it and a position holds it. */
export interface LegTerms {
  /** The structure the leg belongs to (`condor-3`, `hedge-2`), for P&L attribution. */
  readonly group: string;
  readonly role: PositionRole;
  readonly legId: string;
  /** Hedge layer number (1, 2, 3 …) for hedge legs. */
  readonly layer: number | undefined;
  readonly underlying: 'SPX' | 'VIX';
  readonly type: InstrumentType;
  /** Option strike; for a future, 0. */
  readonly strike: number;
  readonly expiryDay: DayNumber;
  readonly settlement: Settlement;
}

export interface OptionPosition extends LegTerms {
  readonly id: string;
  /** Signed contracts: positive long, negative short. */
  quantity: number;
  readonly entryDay: DayNumber;
  /** Fill price per unit, index points (what was paid or received, including slippage). */
  readonly entryPrice: number;
  /** Latest model mid, index points. */
  markPrice: number;
}

export type LedgerKind = 'premium' | 'fee' | 'settlement' | 'interest' | 'index-trade' | 'dividend';

/**
 * Units of an index held outright (the underlying leg of a benchmark such as Cboe's VXTH): bought and
 * sold at the index level, 1 USD per index point per unit, never expiring. Kept apart from the option
 * positions so that everything reading options (Greeks, margin, the daily signal's orders) is unchanged.
 */
export interface IndexHolding {
  readonly id: string;
  readonly group: string;
  /** `SPX`: the S&P 500 (an underlying leg); `VIX-ST-FUTURES`: a fund on S&P's VIX short-term futures index (a hedge). */
  readonly index: 'SPX' | 'VIX-ST-FUTURES';
  /** Index units held (fractional: an index fund's exposure, not contracts). */
  units: number;
  /** Index level of the latest mark. */
  markLevel: number;
}

export interface LedgerEntry {
  readonly day: DayNumber;
  readonly kind: LedgerKind;
  /** Cash change in USD: positive in, negative out. */
  readonly amountUsd: number;
  readonly group: string | undefined;
  readonly positionId: string | undefined;
  readonly detail: string;
  /** The rule that ordered the trade (open, close, settlement), for P&L attribution by rule. */
  readonly rule?: string;
  /** An `index-trade`'s units (positive bought), level (points) and index: what the daily signal lists. */
  readonly indexTrade?: { readonly units: number; readonly levelPoints: number; readonly index: IndexHolding['index'] };
}

/**
 * The ledger text of a day's interest. Every book of a run accrues at the same rate over the same days,
 * so the last text is kept and handed out again (strings are immutable: the same characters either way).
 */
let lastInterestDetail: { rateContinuous: number; calendarDays: number; text: string } | undefined;
function interestDetail(rateContinuous: number, calendarDays: number): string {
  const last = lastInterestDetail;
  if (last !== undefined && last.rateContinuous === rateContinuous && last.calendarDays === calendarDays) return last.text;
  const text = `${calendarDays} day(s) at ${(rateContinuous * 100).toFixed(3)} %`;
  lastInterestDetail = { rateContinuous, calendarDays, text };
  return text;
}

export function multiplierOf(p: Pick<OptionPosition, 'type'>): number {
  return p.type === 'future' ? VIX_FUTURE_MULTIPLIER_USD : OPTION_MULTIPLIER_USD;
}

/** Marked value in USD: an option's premium value, a future's open P&L (it has no premium). */
export function positionValueUsd(p: Pick<OptionPosition, 'type' | 'quantity' | 'markPrice' | 'entryPrice'>): number {
  return p.type === 'future' ? p.quantity * (p.markPrice - p.entryPrice) * VIX_FUTURE_MULTIPLIER_USD : p.quantity * p.markPrice * OPTION_MULTIPLIER_USD;
}

/** Cash that changes hands when `signedQuantity` of a position trades at `price` (buying is negative). */
function tradeCashUsd(p: Pick<OptionPosition, 'type' | 'entryPrice'>, signedQuantity: number, price: number): number {
  return p.type === 'future' ? 0 : -signedQuantity * price * OPTION_MULTIPLIER_USD;
}

/** The live state of a book, JSON-serialisable: what the next day's decisions depend on (not the ledger). */
export interface BookState {
  readonly cashUsd: number;
  readonly interestUsd: number;
  readonly positions: readonly OptionPosition[];
  readonly cashFlowByGroup: Readonly<Record<string, number>>;
  readonly cashFlowByRole: Readonly<Partial<Record<PositionRole, number>>>;
  readonly roleOfGroup: Readonly<Record<string, PositionRole>>;
  /** Index units held (absent in older states: none). */
  readonly indexHoldings?: readonly IndexHolding[];
}

export interface BookOptions {
  /**
   * Write every cash movement to `ledger` (default true). A sweep's variant, whose metrics read the
   * cash, the flows and the premium tallies but never the entries, keeps none: each entry's text is
   * then never built, and the run does not carry thousands of entries to its end.
   */
  readonly keepLedger?: boolean;
}

/**
 * Every position the book holds is built here, field by field in the interface's order: the daily
 * marks write into these objects, measured a few per cent faster than into a spread copy.
 */
function positionRecord(p: Omit<OptionPosition, 'markPrice'>): OptionPosition {
  return {
    id: p.id,
    group: p.group,
    role: p.role,
    legId: p.legId,
    layer: p.layer,
    underlying: p.underlying,
    type: p.type,
    strike: p.strike,
    expiryDay: p.expiryDay,
    settlement: p.settlement,
    quantity: p.quantity,
    entryDay: p.entryDay,
    entryPrice: p.entryPrice,
    markPrice: p.entryPrice,
  };
}

/**
 * What the execution step hands the book to open a position: an order's leg at its fill. Built here,
 * field by field in the interface's order, and primed below like the positions themselves.
 */
export function positionOpening(order: LegTerms & { readonly positionId: string; readonly quantity: number }, entryDay: DayNumber, entryPrice: number): Omit<OptionPosition, 'markPrice'> {
  return {
    id: order.positionId,
    group: order.group,
    role: order.role,
    legId: order.legId,
    layer: order.layer,
    underlying: order.underlying,
    type: order.type,
    strike: order.strike,
    expiryDay: order.expiryDay,
    settlement: order.settlement,
    quantity: order.quantity,
    entryDay,
    entryPrice,
  };
}

/**
 * Two positions and their openings built when the module loads, with a fractional strike and
 * quantity, and kept alive here (V8 may forget a hidden class once no object has it). V8 keeps one
 * hidden class for all objects built with these fields in this order, and on it each field's
 * representation. A field first stored as a small integer (an SPX strike of 1400, 3 contracts) is
 * kept as one until a later position brings a fraction (a VIX call struck at 17.5, an index
 * replica's fractional units); then the class is replaced, and every optimized function that checked
 * it is thrown away and compiled again, in the middle of a run. Built first with fractions, the
 * fields hold doubles from the start (and the layer, absent on condor legs, any value). Measured on
 * the default four-variant backtest in a fresh process in docs/backtest.md ("Where a fresh
 * process's extra second goes").
 */
export const POSITION_SHAPE_PRIMERS: readonly object[] = [undefined, 1].flatMap((layer) => {
  const opening = positionOpening({ positionId: '', group: '', role: 'hedge', legId: '', layer, underlying: 'VIX', type: 'call', strike: 0.5, expiryDay: 0, settlement: 'AM', quantity: 0.5 }, 0, 0.5);
  return [opening, positionRecord(opening)];
});

export class Book {
  cashUsd: number;
  interestUsd = 0;
  /** Every cash movement in order (empty when the book was made with `keepLedger: false`). */
  readonly ledger: LedgerEntry[] = [];
  private readonly keepLedger: boolean;
  readonly positions = new Map<string, OptionPosition>();
  readonly indexHoldings = new Map<string, IndexHolding>();
  /** Realised + unrealised P&L by group, in USD, kept as cash flows plus the current mark. */
  private readonly cashFlowByGroup = new Map<string, number>();
  private readonly cashFlowByRole = new Map<PositionRole, number>();
  private readonly roleOfGroup = new Map<string, PositionRole>();
  /** Premium paid (cash out of 'premium' movements, positive USD) by role, summed in the ledger's order. */
  private readonly premiumPaidByRole = new Map<PositionRole, number>();
  /** Counts changes to the positions (opens, closes, settlements): what is derived from them can be reused while it holds. */
  private positionChanges = 0;

  constructor(initialCashUsd: number, options: BookOptions = {}) {
    this.cashUsd = initialCashUsd;
    this.keepLedger = options.keepLedger ?? true;
  }

  /**
   * Move cash and the flows of the group and its role. Each caller then writes its ledger entry only
   * when the book keeps one (`if (this.keepLedger) this.ledger.push(...)`), so that a book without a
   * ledger never builds the entry or its text.
   */
  private account(kind: LedgerKind, amountUsd: number, group: string | undefined): void {
    this.cashUsd += amountUsd;
    if (group === undefined) return;
    this.cashFlowByGroup.set(group, (this.cashFlowByGroup.get(group) ?? 0) + amountUsd);
    const role = this.roleOfGroup.get(group);
    if (!role) return;
    this.cashFlowByRole.set(role, (this.cashFlowByRole.get(role) ?? 0) + amountUsd);
    if (kind === 'premium' && amountUsd < 0) this.premiumPaidByRole.set(role, (this.premiumPaidByRole.get(role) ?? 0) - amountUsd);
  }

  state(): BookState {
    return {
      cashUsd: this.cashUsd,
      interestUsd: this.interestUsd,
      positions: [...this.positions.values()].map((p) => ({ ...p })),
      indexHoldings: [...this.indexHoldings.values()].map((h) => ({ ...h })),
      cashFlowByGroup: Object.fromEntries(this.cashFlowByGroup),
      cashFlowByRole: Object.fromEntries(this.cashFlowByRole),
      roleOfGroup: Object.fromEntries(this.roleOfGroup),
    };
  }

  /** A book continuing from a saved state (its ledger starts empty: the history is elsewhere). */
  static fromState(state: BookState): Book {
    const book = new Book(state.cashUsd);
    book.interestUsd = state.interestUsd;
    for (const p of state.positions) book.positions.set(p.id, { ...p });
    for (const h of state.indexHoldings ?? []) book.indexHoldings.set(h.id, { ...h });
    for (const [g, v] of Object.entries(state.cashFlowByGroup)) book.cashFlowByGroup.set(g, v);
    for (const [r, v] of Object.entries(state.cashFlowByRole)) book.cashFlowByRole.set(r as PositionRole, v as number);
    for (const [g, r] of Object.entries(state.roleOfGroup)) book.roleOfGroup.set(g, r);
    return book;
  }

  /** Open (or add to) a position at `price` per unit; pays or receives the premium and the fee. */
  open(position: Omit<OptionPosition, 'markPrice'>, feePerContractUsd: number, rule?: string): OptionPosition {
    if (this.positions.has(position.id)) throw new Error(`position ${position.id} is already open`);
    if (position.quantity === 0) throw new Error(`position ${position.id} has no contracts`);
    const opened = positionRecord(position);
    this.positions.set(opened.id, opened);
    this.positionChanges++;
    this.roleOfGroup.set(opened.group, opened.role);
    const amountUsd = tradeCashUsd(opened, position.quantity, position.entryPrice);
    this.account('premium', amountUsd, position.group);
    if (this.keepLedger) {
      this.ledger.push({
        day: position.entryDay,
        kind: 'premium',
        amountUsd,
        group: position.group,
        positionId: position.id,
        detail: `open ${describePosition(opened)} @ ${position.entryPrice.toFixed(2)}`,
        ...(rule !== undefined ? { rule } : {}),
      });
    }
    this.chargeFee(position.entryDay, opened, Math.abs(position.quantity), feePerContractUsd, rule);
    return opened;
  }

  /** Close `contracts` (all when omitted) of a position at `price` per unit. */
  close(day: DayNumber, id: string, price: number, feePerContractUsd: number, reason: string, contracts?: number): void {
    const position = this.require(id);
    const closing = contracts ?? Math.abs(position.quantity);
    if (closing <= 0 || closing > Math.abs(position.quantity)) throw new Error(`cannot close ${closing} of ${position.id}`);
    const signedClosing = Math.sign(position.quantity) * closing;
    const amountUsd = position.type === 'future' ? signedClosing * (price - position.entryPrice) * VIX_FUTURE_MULTIPLIER_USD : tradeCashUsd(position, -signedClosing, price);
    this.account('premium', amountUsd, position.group);
    if (this.keepLedger) {
      this.ledger.push({ day, kind: 'premium', amountUsd, group: position.group, positionId: id, detail: `close ${closing} ${describePosition(position)} @ ${price.toFixed(2)}: ${reason}`, rule: reason });
    }
    this.chargeFee(day, position, closing, feePerContractUsd, reason);
    position.quantity -= signedClosing;
    this.positionChanges++;
    if (position.quantity === 0) this.positions.delete(id);
  }

  /** Cash-settle a position at expiry against the settlement value of its underlying (no fee). */
  settle(day: DayNumber, id: string, settlementValue: number, source: string): number {
    const position = this.require(id);
    const intrinsic =
      position.type === 'future' ? settlementValue - position.entryPrice : position.type === 'call' ? Math.max(settlementValue - position.strike, 0) : Math.max(position.strike - settlementValue, 0);
    const amountUsd = position.quantity * intrinsic * multiplierOf(position);
    this.account('settlement', amountUsd, position.group);
    if (this.keepLedger) {
      this.ledger.push({ day, kind: 'settlement', amountUsd, group: position.group, positionId: id, detail: `settle ${describePosition(position)} at ${settlementValue.toFixed(2)} (${source})`, rule: 'engine.settlement' });
    }
    this.positions.delete(id);
    this.positionChanges++;
    return intrinsic;
  }

  /**
   * Buy (positive) or sell (negative) `units` of an index holding at `level`; the holding is created on
   * its first purchase and removed when nothing is left. No fee: it stands for an index, not a fund's costs.
   */
  tradeIndex(day: DayNumber, id: string, group: string, role: PositionRole, units: number, level: number, rule: string, index: IndexHolding['index'] = 'SPX'): void {
    if (!Number.isFinite(units) || units === 0) throw new RangeError(`index trade of ${id}: units must be a non-zero finite number, got ${units}`);
    if (!Number.isFinite(level) || level <= 0) throw new RangeError(`index trade of ${id}: level must be positive, got ${level}`);
    const held = this.indexHoldings.get(id);
    if (held && held.group !== group) throw new Error(`index holding ${id} belongs to ${held.group}, not ${group}`);
    if (held && held.index !== index) throw new Error(`index holding ${id} holds ${held.index}, not ${index}`);
    const after = (held?.units ?? 0) + units;
    if (after < -1e-9) throw new Error(`index trade of ${id} would sell ${-units} units with ${held?.units ?? 0} held`);
    this.roleOfGroup.set(group, role);
    const amountUsd = -units * level;
    this.account('index-trade', amountUsd, group);
    if (this.keepLedger) {
      this.ledger.push({ day, kind: 'index-trade', amountUsd, group, positionId: id, detail: `${units > 0 ? 'buy' : 'sell'} ${quantityText(units)} ${index} index units @ ${level.toFixed(2)}`, rule, indexTrade: { units, levelPoints: level, index } });
    }
    if (Math.abs(after) <= 1e-9) this.indexHoldings.delete(id);
    else if (held) {
      held.units = after;
      held.markLevel = level;
    } else this.indexHoldings.set(id, { id, group, index, units: after, markLevel: level });
  }

  /** Dividends of an index holding, paid in cash and attributed to its group. */
  receiveDividend(day: DayNumber, id: string, amountUsd: number, detail: string): void {
    const held = this.indexHoldings.get(id);
    if (!held) throw new Error(`no index holding ${id}`);
    if (!Number.isFinite(amountUsd)) throw new RangeError(`dividend of ${id} is not a finite amount: ${amountUsd}`);
    this.account('dividend', amountUsd, held.group);
    if (this.keepLedger) this.ledger.push({ day, kind: 'dividend', amountUsd, group: held.group, positionId: id, detail });
  }

  /** Interest on cash for the calendar days to the next trading day (ACT/365); negative cash pays it. */
  accrueInterest(day: DayNumber, rateContinuous: number, calendarDays: number): void {
    if (calendarDays <= 0 || this.cashUsd === 0) return;
    const amount = this.cashUsd * (Math.exp((rateContinuous * calendarDays) / DAYS_PER_YEAR_ACT365) - 1);
    this.interestUsd += amount;
    this.account('interest', amount, undefined);
    if (this.keepLedger) this.ledger.push({ day, kind: 'interest', amountUsd: amount, group: undefined, positionId: undefined, detail: interestDetail(rateContinuous, calendarDays) });
  }

  private chargeFee(day: DayNumber, position: OptionPosition, contracts: number, feePerContractUsd: number, rule?: string): void {
    if (feePerContractUsd === 0) return;
    const amountUsd = -contracts * feePerContractUsd;
    this.account('fee', amountUsd, position.group);
    if (this.keepLedger) {
      this.ledger.push({
        day,
        kind: 'fee',
        amountUsd,
        group: position.group,
        positionId: position.id,
        detail: `${contracts} contract(s) x ${feePerContractUsd.toFixed(2)} USD`,
        ...(rule !== undefined ? { rule } : {}),
      });
    }
  }

  private require(id: string): OptionPosition {
    const position = this.positions.get(id);
    if (!position) throw new Error(`no open position ${id}`);
    return position;
  }

  positionsOf(group: string): OptionPosition[] {
    return [...this.positions.values()].filter((p) => p.group === group);
  }

  /** Marked value of open positions in USD (long positive, short negative). */
  positionsValueUsd(filter?: (p: OptionPosition) => boolean): number {
    let value = 0;
    for (const p of this.positions.values()) if (!filter || filter(p)) value += positionValueUsd(p);
    return value;
  }

  /** Marked value of index holdings in USD, optionally only those of groups passing `groupFilter`. */
  indexValueUsd(groupFilter?: (group: string) => boolean): number {
    let value = 0;
    for (const h of this.indexHoldings.values()) if (!groupFilter || groupFilter(h.group)) value += h.units * h.markLevel;
    return value;
  }

  equityUsd(): number {
    return this.cashUsd + this.positionsValueUsd() + this.indexValueUsd();
  }

  /** P&L of a group so far: its cash flows plus the mark of its open legs. */
  groupPnlUsd(group: string): number {
    return (this.cashFlowByGroup.get(group) ?? 0) + this.positionsValueUsd((p) => p.group === group) + this.indexValueUsd((g) => g === group);
  }

  /** P&L of all condor (or all hedge) groups so far: their cash flows plus the marks of open legs. */
  rolePnlUsd(role: PositionRole): number {
    return (this.cashFlowByRole.get(role) ?? 0) + this.positionsValueUsd((p) => p.role === role) + this.indexValueUsd((g) => this.roleOfGroup.get(g) === role);
  }

  /**
   * Premium paid so far by the groups of `role`, USD (positive): the cash out of every 'premium'
   * movement that paid (opening a long, buying back a short), summed in the order of the ledger, so
   * it equals summing those ledger entries. Kept whether or not the book keeps a ledger.
   */
  premiumPaidUsd(role: PositionRole): number {
    return this.premiumPaidByRole.get(role) ?? 0;
  }

  /** Changes to the positions so far (not to their marks): equal counts mean the same positions and quantities. */
  get positionsVersion(): number {
    return this.positionChanges;
  }

  /**
   * Equity, the positions' values and the condor and hedge P&L in one pass over the book: the same sums,
   * in the same order, as equityUsd(), positionsValueUsd(role) and rolePnlUsd(role).
   */
  summary(): { equityUsd: number; condorValueUsd: number; hedgeValueUsd: number; condorPnlUsd: number; hedgePnlUsd: number } {
    let all = 0;
    let condor = 0;
    let hedge = 0;
    for (const p of this.positions.values()) {
      const value = positionValueUsd(p);
      all += value;
      if (p.role === 'condor') condor += value;
      else hedge += value;
    }
    let indexAll = 0;
    let indexCondor = 0;
    let indexHedge = 0;
    for (const h of this.indexHoldings.values()) {
      const value = h.units * h.markLevel;
      indexAll += value;
      const role = this.roleOfGroup.get(h.group);
      if (role === 'condor') indexCondor += value;
      else if (role === 'hedge') indexHedge += value;
    }
    return {
      equityUsd: this.cashUsd + all + indexAll,
      condorValueUsd: condor,
      hedgeValueUsd: hedge,
      condorPnlUsd: (this.cashFlowByRole.get('condor') ?? 0) + condor + indexCondor,
      hedgePnlUsd: (this.cashFlowByRole.get('hedge') ?? 0) + hedge + indexHedge,
    };
  }

  groups(): string[] {
    return [...this.cashFlowByGroup.keys()];
  }
}

/**
 * A quantity as a trader reads it: whole contracts as they are, a fractional one (an index replica's
 * units) to 4 decimals, as index units are written; the record keeps the full number.
 */
export function quantityText(quantity: number): string {
  const size = Math.abs(quantity);
  return Number.isInteger(size) ? String(size) : size.toFixed(4);
}

/** How many of which contract, without the side: `10 SPX 2018-03-16 2700 put`, `3 VIX future 2021-02-17`. */
export function describeContracts(p: Pick<OptionPosition, 'quantity' | 'underlying' | 'type' | 'strike' | 'expiryDay'>): string {
  if (p.type === 'future') return `${quantityText(p.quantity)} ${p.underlying} future ${isoFromDay(p.expiryDay)}`;
  return `${quantityText(p.quantity)} ${p.underlying} ${isoFromDay(p.expiryDay)} ${p.strike} ${p.type}`;
}

/** A position held: `short 10 SPX 2018-03-16 2700 put`. */
export function describePosition(p: Pick<OptionPosition, 'quantity' | 'underlying' | 'type' | 'strike' | 'expiryDay'>): string {
  return `${p.quantity > 0 ? 'long' : 'short'} ${describeContracts(p)}`;
}
