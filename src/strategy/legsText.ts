/**
 * How a group's legs are written in its trade record, at entry (`legs`) and at its close
 * (`legsAtClose`), in one place so that the two read alike:
 * - a condor's legs as its entry decision names them, `short put 3800 2021-02-19; long put ...`,
 *   without contracts (the record's `contracts` says them);
 * - a hedge layer's (or seed's) legs as the book describes a position, `long 25 VIX 2021-02-17 30.5 call`;
 * - layer 1's VIX-futures fund by its units.
 */
import { isoFromDay } from '../time/day.js';
import { describePosition, type OptionPosition } from '../engine/portfolio/book.js';
import type { GroupOpening } from './state.js';

/** What a leg's text reads: a position, or an order for one. */
export type LegView = Pick<OptionPosition, 'quantity' | 'underlying' | 'type' | 'strike' | 'expiryDay'>;

function condorLegText(leg: LegView): string {
  return `${leg.quantity < 0 ? 'short' : 'long'} ${leg.underlying === 'VIX' ? 'VIX ' : ''}${leg.type} ${leg.strike} ${isoFromDay(leg.expiryDay)}`;
}

/** A condor's legs in the order given (a new condor's: the order of its structure's legs). */
export function condorLegsText(legs: readonly LegView[]): string {
  return legs.map(condorLegText).join('; ');
}

/** Layer 1's fund, by the units held. */
export function fundLegsText(units: number): string {
  return `VIX short-term futures fund, ${units.toFixed(4)} units`;
}

/** Puts, then calls, then futures; within each, the sold leg before the bought one (a condor's entry order). */
function condorLegRank(leg: LegView): number {
  return (leg.type === 'put' ? 0 : leg.type === 'call' ? 2 : 4) + (leg.quantity < 0 ? 0 : 1);
}

/**
 * The legs a group holds now, written as its kind's entry legs are. Positions of one instrument and
 * side are one leg (a layer topped up at the strike and expiry it holds). A condor's legs are put in
 * its entry order, whatever order its rolls and widenings opened them in; a layer's stay in the order
 * they were bought.
 */
export function heldLegsText(kind: GroupOpening['kind'], positions: readonly LegView[]): string {
  const merged: Array<{ -readonly [K in keyof LegView]: LegView[K] }> = [];
  for (const p of positions) {
    const same = merged.find((x) => x.underlying === p.underlying && x.type === p.type && x.strike === p.strike && x.expiryDay === p.expiryDay && x.quantity < 0 === p.quantity < 0);
    if (same) same.quantity += p.quantity;
    else merged.push({ quantity: p.quantity, underlying: p.underlying, type: p.type, strike: p.strike, expiryDay: p.expiryDay });
  }
  if (kind === 'condor') return condorLegsText(merged.sort((a, b) => condorLegRank(a) - condorLegRank(b)));
  return merged.map((p) => describePosition(p)).join('; ');
}
