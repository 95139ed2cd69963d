/**
 * The forward and discount factor a chain itself implies, from put-call parity: C - P = D (F - K).
 * Regressing the call-minus-put mid on the strike over the strikes nearest the money gives the slope
 * -D and the intercept D F, so no outside rate or dividend assumption enters the measurement.
 */
import { isTwoSidedQuote } from '../quotes/twoSided.js';
import type { ChainQuote } from '../quotes/otmQuotes.js';
import { err, ok, type Result } from '../../lib/result.js';

export interface RegressionParityForward {
  readonly forwardPoints: number;
  readonly discountFactor: number;
  readonly strikesUsed: number;
}

export type ParityForwardError = { kind: 'too-few-pairs'; count: number } | { kind: 'implausible-discount-factor'; value: number };

/** How many strikes closest to the money (smallest |C - P|) the regression uses. */
export const PARITY_STRIKES_NEAREST_MONEY = 8;
const MIN_PARITY_PAIRS = 3;

/** `quotes`: one quote day and one expiry, both types. */
export function regressionParityForward(quotes: readonly ChainQuote[]): Result<RegressionParityForward, ParityForwardError> {
  const calls = new Map<number, number>();
  const puts = new Map<number, number>();
  for (const quote of quotes) {
    if (!isTwoSidedQuote(quote)) continue;
    (quote.type === 'call' ? calls : puts).set(quote.strike, 0.5 * (quote.bid + quote.ask));
  }
  const pairs: { strike: number; callMinusPut: number }[] = [];
  for (const [strike, call] of calls) {
    const put = puts.get(strike);
    if (put !== undefined) pairs.push({ strike, callMinusPut: call - put });
  }
  pairs.sort((a, b) => Math.abs(a.callMinusPut) - Math.abs(b.callMinusPut) || a.strike - b.strike);
  const used = pairs.slice(0, PARITY_STRIKES_NEAREST_MONEY);
  if (used.length < MIN_PARITY_PAIRS) return err({ kind: 'too-few-pairs', count: used.length });
  const meanK = used.reduce((s, p) => s + p.strike, 0) / used.length;
  const meanY = used.reduce((s, p) => s + p.callMinusPut, 0) / used.length;
  let sxx = 0;
  let sxy = 0;
  for (const p of used) {
    sxx += (p.strike - meanK) ** 2;
    sxy += (p.strike - meanK) * (p.callMinusPut - meanY);
  }
  const discountFactor = -sxy / sxx;
  if (!(discountFactor > 0.5 && discountFactor <= 1.05)) return err({ kind: 'implausible-discount-factor', value: discountFactor });
  const intercept = meanY + discountFactor * meanK;
  return ok({ forwardPoints: intercept / discountFactor, discountFactor, strikesUsed: used.length });
}
