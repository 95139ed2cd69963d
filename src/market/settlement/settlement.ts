/**
 * Settlement as the exchange does it. AM-settled SPX options (and VIX options and futures) settle at a
 * special opening quotation (SOQ) computed from each component's opening trade, not at the index's
 * first print. The bundled daily files carry an `open` that is often not even that first print: before
 * 2007 the SPX file repeats the previous close as the open on 43-98 % of the days of each year. This
 * module detects such opens and estimates the settlement by a documented rule, with a flag saying so.
 *
 * Rule when the open cannot be used: the previous close, clamped into the day's high-low range. The
 * opening quotation is the first value of the day, so it lies in the range; overnight moves are small
 * against a day's range on most days, so the previous close is the best level the day's bar offers; and
 * when the day gapped beyond it, the nearest end of the range is where the day started.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../lib/result.js';

export const settlementConfigSchema = z.strictObject({
  /** An open within this of the previous close counts as a repeated close (index points). */
  staleOpenTolerancePoints: z.number().min(0).default(0.005),
  /** Fraction of the session elapsed at an intraday fill: 11:00 ET is 1.5 h into 9:30-16:00. */
  intradayFillSessionFraction: z.number().min(0).max(1).default(1.5 / 6.5),
});
export type SettlementConfig = z.infer<typeof settlementConfigSchema>;
export const DEFAULT_SETTLEMENT_CONFIG: SettlementConfig = settlementConfigSchema.parse({});

/** One day's bar in index points. */
export interface DailyBar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

export type SettlementReason = 'open-is-a-print' | 'open-equals-previous-close' | 'open-outside-range' | 'no-previous-close';

export interface SettlementPrice {
  readonly pricePoints: number;
  readonly source: 'open' | 'estimated';
  readonly reason: SettlementReason;
}

export type SettlementError = { readonly kind: 'invalid-bar'; readonly field: keyof DailyBar | 'previousClose'; readonly value: number };

function checkBar(bar: DailyBar, previousClose: number | undefined): SettlementError | undefined {
  for (const field of ['open', 'high', 'low', 'close'] as const) {
    const value = bar[field];
    if (!Number.isFinite(value) || value <= 0) return { kind: 'invalid-bar', field, value };
  }
  if (bar.low > bar.high) return { kind: 'invalid-bar', field: 'low', value: bar.low };
  if (previousClose !== undefined && (!Number.isFinite(previousClose) || previousClose <= 0)) {
    return { kind: 'invalid-bar', field: 'previousClose', value: previousClose };
  }
  return undefined;
}

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

/**
 * The settlement price of an AM-settled expiry on the day of `bar`: the open when it is a real print
 * inside the day's range, otherwise the estimate of the module's rule, flagged.
 */
export function settlementPrice(
  bar: DailyBar,
  previousClose: number | undefined,
  config: SettlementConfig = DEFAULT_SETTLEMENT_CONFIG,
): Result<SettlementPrice, SettlementError> {
  const invalid = checkBar(bar, previousClose);
  if (invalid !== undefined) return err(invalid);
  const outside = bar.open < bar.low || bar.open > bar.high;
  const stale = previousClose !== undefined && Math.abs(bar.open - previousClose) <= config.staleOpenTolerancePoints;
  if (!outside && !stale) return ok({ pricePoints: bar.open, source: 'open', reason: 'open-is-a-print' });
  if (previousClose === undefined) {
    // An open outside the range with no previous close to go by: the nearest end of the range.
    return ok({ pricePoints: clamp(bar.open, bar.low, bar.high), source: 'estimated', reason: 'no-previous-close' });
  }
  return ok({
    pricePoints: clamp(previousClose, bar.low, bar.high),
    source: 'estimated',
    reason: stale ? 'open-equals-previous-close' : 'open-outside-range',
  });
}

/**
 * An estimate, not a quote: the index level at a time inside the session (11:00 ET by default, when
 * Cboe's benchmark indexes roll) from the day's bar alone. Between the open and the close the expected
 * path of a driftless random walk is the straight line, so the estimate is open + f (close - open) for
 * the elapsed fraction f, kept inside the day's range. A stale open is first replaced by the settlement
 * rule's estimate.
 */
export function intradayPriceEstimate(
  bar: DailyBar,
  previousClose: number | undefined,
  config: SettlementConfig = DEFAULT_SETTLEMENT_CONFIG,
): Result<number, SettlementError> {
  const start = settlementPrice(bar, previousClose, config);
  if (!start.ok) return start;
  const f = config.intradayFillSessionFraction;
  return ok(clamp(start.value.pricePoints + f * (bar.close - start.value.pricePoints), bar.low, bar.high));
}
