/**
 * Orders: what a manager asks the execution step to do. A manager decides on the day's close with the
 * market view, the portfolio (read-only) and its own state, and returns orders; execution fills them
 * (at the close or the next open, with spreads and fees) and the portfolio books them. The manager
 * never touches the book: it learns the fill prices back from execution to update its own state.
 *
 * Position ids are chosen when the order is made (ids are counters in the strategy state), so the
 * same run always gives the same ids.
 */
import type { LegTerms, OptionPosition } from '../engine/portfolio/book.js';
import type { DecisionAction } from '../engine/records.js';

export interface OpenLegOrder extends LegTerms {
  readonly kind: 'open';
  readonly positionId: string;
  /** Signed: positive buys, negative sells. */
  readonly quantity: number;
  /** The rule that ordered it, kept on the ledger for attribution (absent: the ledger names none). */
  readonly rule?: string | undefined;
}

/**
 * Every open order is built here, field by field in one order (`rule` always present, undefined when
 * no rule is named), so the orders of every manager share one hidden class in V8 and the execution
 * step's reads of them (its quote, its fill, the book's opening) see one shape, not one per manager.
 */
export function openLegOrder(terms: Omit<OpenLegOrder, 'kind'>): OpenLegOrder {
  return {
    kind: 'open',
    positionId: terms.positionId,
    group: terms.group,
    role: terms.role,
    legId: terms.legId,
    layer: terms.layer,
    underlying: terms.underlying,
    type: terms.type,
    strike: terms.strike,
    expiryDay: terms.expiryDay,
    settlement: terms.settlement,
    quantity: terms.quantity,
    rule: terms.rule,
  };
}

/**
 * Open orders built when the module loads with a fractional strike and quantity, with and without a
 * layer and a rule, and kept alive (V8 may forget a hidden class no object has): the class's numeric
 * fields hold doubles from the first order on, so a later fraction (a VIX call struck at 17.5) does
 * not replace it mid-run and throw away the code that checked it. The same measure as the book's
 * POSITION_SHAPE_PRIMERS (book.ts), which says why; `shapePrimers.test.ts` checks both.
 */
export const ORDER_SHAPE_PRIMERS: readonly OpenLegOrder[] = [undefined, 1].flatMap((layer) =>
  [undefined, 'primer'].map((rule) =>
    openLegOrder({ positionId: '', group: '', role: 'hedge', legId: '', layer, underlying: 'VIX', type: 'call', strike: 0.5, expiryDay: 0, settlement: 'AM', quantity: 0.5, rule }),
  ),
);

export interface CloseLegOrder {
  readonly kind: 'close';
  readonly positionId: string;
  /** The rule closing it, as the ledger records it. */
  readonly reason: string;
  /** Contracts to close; all when absent. */
  readonly contracts?: number;
}

export type LegOrder = OpenLegOrder | CloseLegOrder;

/**
 * An order for layer 1's VIX-futures fund (hedge.firstLayerInstrument: vix-futures-etf): buy
 * (`tradeUsd` > 0) or sell USD of it at today's price, or sell all of it. Execution prices the fill
 * (the fund's price plus or minus its half-spread, at the close or the next open) and books the units.
 */
export interface FundOrder {
  readonly kind: 'fund';
  /** The fund's group (a new one when the fund is first bought). */
  readonly group: string;
  readonly tradeUsd: number | 'all';
  readonly rule: string;
}

/** A fund order's fill: units traded (signed) and the price per unit, points (1 USD per point per unit). */
export interface FundFill {
  readonly units: number;
  readonly fillLevel: number;
}

/** A fill of one leg order: the price per unit, index points. */
export interface LegFill {
  readonly order: LegOrder;
  readonly price: number;
  /** The opened position (open orders only). */
  readonly position?: OptionPosition;
}

/** A decision as the recorder writes it: the rule that fired it and the figures it fired on. */
export interface DecisionNote {
  readonly action: DecisionAction;
  readonly rule: string;
  readonly reason: string;
  readonly group: string | undefined;
  readonly figures: Record<string, number | string | boolean>;
}

/** Hands out ids from the state's counter; the manager's result carries the counter to commit. */
export class IdCounter {
  constructor(public next: number) {}
  group(prefix: string): string {
    return `${prefix}-${this.next++}`;
  }
  position(group: string, legId: string): string {
    return `${group}.${legId}.${this.next++}`;
  }
}
