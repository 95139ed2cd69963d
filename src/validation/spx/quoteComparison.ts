/**
 * The model against real quotes: for every OTM quote, the model's implied vol and price at the same
 * strike and expiry from the surface built on that quote date's market inputs, the IV error in vol
 * points and the price error in units of the quoted bid-ask spread. Summaries by delta bucket, by
 * quote date and by set (fit or held-out).
 */
import { err, ok, type Result } from '../../lib/result.js';
import type { DayNumber } from '../../time/day.js';
import type { OtmQuote } from '../../market/quotes/otmQuotes.js';
import type { SpxVolSurface } from '../../market/spx/surface.js';
import { allDeltaBuckets, deltaBucketLabel, deltaBucketOf, type DeltaBucket } from './deltaBuckets.js';
import { distributionOf, type Distribution } from './stats.js';
import { VOL_POINTS_PER_DECIMAL } from '../../lib/units.js';
import { IV_ERROR_TARGET_DELTA_PERCENTS } from './targetRules.js';

export type QuoteSetRole = 'fit' | 'held-out';

export interface QuoteComparisonRow {
  readonly quote: OtmQuote;
  readonly bucket: DeltaBucket;
  readonly modelImpliedVol: number;
  readonly modelPrice: number;
  /** (model - real) implied vol, in vol points. */
  readonly ivErrorVolPoints: number;
  /** (model - mid) / (ask - bid). */
  readonly priceErrorInSpreads: number;
}

export interface BucketSummary {
  readonly bucket: DeltaBucket;
  /** Signed IV error (model - real), vol points. */
  readonly ivError: Distribution;
  /** Absolute IV error, vol points. */
  readonly absIvError: Distribution;
  /** Absolute price error in spreads. */
  readonly absPriceErrorInSpreads: Distribution;
}

export interface QuoteDaySummary {
  readonly quoteDay: DayNumber;
  readonly quoteCount: number;
  /** Median |IV error| of the 16-25 delta buckets, vol points; undefined when there are none. */
  readonly medianAbsIvError16to25VolPoints: number | undefined;
  readonly medianAbsPriceErrorInSpreads: number | undefined;
}

export interface QuoteComparison {
  readonly setName: string;
  readonly role: QuoteSetRole;
  readonly rows: readonly QuoteComparisonRow[];
  readonly buckets: readonly BucketSummary[];
  readonly days: readonly QuoteDaySummary[];
  /** Median |IV error| over the 16, 20 and 25 delta puts and calls, vol points. */
  readonly medianAbsIvError16to25VolPoints: number | undefined;
  /** Quote dates whose surface could not be built, with the reason. */
  readonly skippedDays: readonly { readonly quoteDay: DayNumber; readonly reason: string }[];
  /** Quotes the surface could not price (expiry outside its range), with the first reason. */
  readonly unpricedQuoteCount: number;
  readonly firstUnpricedReason: string | undefined;
}

export type QuoteComparisonError = { readonly kind: 'quote-comparison'; readonly reason: string };

export function compareModelToQuotes(
  setName: string,
  role: QuoteSetRole,
  quotes: readonly OtmQuote[],
  surfaceFor: (quoteDay: DayNumber) => Result<SpxVolSurface, { readonly reason: string }>,
): Result<QuoteComparison, QuoteComparisonError> {
  if (quotes.length === 0) return err({ kind: 'quote-comparison', reason: `${setName}: no quotes` });
  const days = [...new Set(quotes.map((q) => q.quoteDay))].sort((a, b) => a - b);
  const rows: QuoteComparisonRow[] = [];
  const skippedDays: { quoteDay: DayNumber; reason: string }[] = [];
  let unpricedQuoteCount = 0;
  let firstUnpricedReason: string | undefined;
  for (const quoteDay of days) {
    const surface = surfaceFor(quoteDay);
    if (!surface.ok) {
      skippedDays.push({ quoteDay, reason: surface.error.reason });
      continue;
    }
    for (const quote of quotes) {
      if (quote.quoteDay !== quoteDay) continue;
      const bucket = deltaBucketOf(quote.type, quote.forwardDelta);
      if (bucket === undefined) continue;
      const iv = surface.value.impliedVol(quote.strike, quote.expiryDay);
      const price = surface.value.optionPrice(quote.type, quote.strike, quote.expiryDay);
      if (!iv.ok || !price.ok) {
        unpricedQuoteCount++;
        firstUnpricedReason ??= !iv.ok ? iv.error.reason : !price.ok ? price.error.reason : undefined;
        continue;
      }
      rows.push({
        quote,
        bucket,
        modelImpliedVol: iv.value,
        modelPrice: price.value,
        ivErrorVolPoints: VOL_POINTS_PER_DECIMAL * (iv.value - quote.impliedVol),
        priceErrorInSpreads: (price.value - quote.mid) / (quote.ask - quote.bid),
      });
    }
  }
  const buckets: BucketSummary[] = [];
  for (const bucket of allDeltaBuckets()) {
    const inBucket = rows.filter((r) => deltaBucketLabel(r.bucket) === deltaBucketLabel(bucket));
    const ivError = distributionOf(inBucket.map((r) => r.ivErrorVolPoints));
    const absIvError = distributionOf(inBucket.map((r) => Math.abs(r.ivErrorVolPoints)));
    const absPrice = distributionOf(inBucket.map((r) => Math.abs(r.priceErrorInSpreads)));
    if (ivError && absIvError && absPrice) buckets.push({ bucket, ivError, absIvError, absPriceErrorInSpreads: absPrice });
  }
  const core = (list: readonly QuoteComparisonRow[]) => list.filter((r) => IV_ERROR_TARGET_DELTA_PERCENTS.includes(r.bucket.deltaPercent));
  const daySummaries = days
    .filter((d) => !skippedDays.some((s) => s.quoteDay === d))
    .map((quoteDay) => {
      const ofDay = rows.filter((r) => r.quote.quoteDay === quoteDay);
      return {
        quoteDay,
        quoteCount: ofDay.length,
        medianAbsIvError16to25VolPoints: distributionOf(core(ofDay).map((r) => Math.abs(r.ivErrorVolPoints)))?.median,
        medianAbsPriceErrorInSpreads: distributionOf(ofDay.map((r) => Math.abs(r.priceErrorInSpreads)))?.median,
      };
    });
  return ok({
    setName,
    role,
    rows,
    buckets,
    days: daySummaries,
    medianAbsIvError16to25VolPoints: distributionOf(core(rows).map((r) => Math.abs(r.ivErrorVolPoints)))?.median,
    skippedDays,
    unpricedQuoteCount,
    firstUnpricedReason,
  });
}
