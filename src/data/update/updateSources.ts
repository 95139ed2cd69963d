/**
 * Where `alvh data update` fetches each series: the publishers' own public files. A config object so
 * a mirror (or a test server) can stand in via --base-url, which replaces the scheme, host and port
 * of every URL and keeps its path and query.
 */
import { z } from 'zod';
import type { IndexSeriesName } from '../../history/types.js';

export const updateSourcesSchema = z
  .object({
    /** Cboe index history files; {NAME} is the index symbol (VIX, VIX9D, ...). */
    cboeIndexUrlTemplate: z.string().default('https://cdn.cboe.com/api/global/us_indices/daily_prices/{NAME}_History.csv'),
    /** Cboe VX futures archive, one file per contract; {EXPIRY} is its final settlement date. */
    cboeVxFuturesUrlTemplate: z.string().default('https://cdn.cboe.com/data/us/futures/market_statistics/historical_data/VX/VX_{EXPIRY}.csv'),
    /** FRED's CSV download; {ID} is the series id. */
    fredCsvUrlTemplate: z.string().default('https://fred.stlouisfed.org/graph/fredgraph.csv?id={ID}'),
    /** Stooq daily history; {SYMBOL} is Stooq's symbol (^spx for the S&P 500). */
    stooqDailyUrlTemplate: z.string().default('https://stooq.com/q/d/l/?s={SYMBOL}&i=d'),
    /** Per-request time limit (milliseconds). */
    requestTimeoutMs: z.number().int().positive().default(20_000),
  })
  .strict();

export type UpdateSources = z.infer<typeof updateSourcesSchema>;
export const defaultUpdateSources: UpdateSources = updateSourcesSchema.parse({});

/** Cboe index symbols of the series fetched from Cboe's index history files. */
export const CBOE_INDEX_SYMBOLS: Readonly<Partial<Record<IndexSeriesName, string>>> = {
  vix: 'VIX',
  vix9d: 'VIX9D',
  vix3m: 'VIX3M',
  vix6m: 'VIX6M',
  vvix: 'VVIX',
  skew: 'SKEW',
};

export type UpdatableSeries = 'spx' | 'vix' | 'vix9d' | 'vix3m' | 'vix6m' | 'vvix' | 'skew' | 'dtb3' | 'vxFutures';
export const UPDATABLE_SERIES: readonly UpdatableSeries[] = ['spx', 'vix', 'vix9d', 'vix3m', 'vix6m', 'vvix', 'skew', 'dtb3', 'vxFutures'];

/** The sources with their origin replaced by `baseUrl` (e.g. http://127.0.0.1:8080). */
export function withBaseUrl(sources: UpdateSources, baseUrl: string): UpdateSources {
  const base = new URL(baseUrl);
  const rebase = (template: string): string => {
    // Placeholders are not valid URL characters everywhere; protect them while the URL is rebuilt.
    const url = new URL(template.replaceAll('{', '%7B').replaceAll('}', '%7D'));
    url.protocol = base.protocol;
    url.host = base.host;
    return url.toString().replaceAll('%7B', '{').replaceAll('%7D', '}');
  };
  return {
    ...sources,
    cboeIndexUrlTemplate: rebase(sources.cboeIndexUrlTemplate),
    cboeVxFuturesUrlTemplate: rebase(sources.cboeVxFuturesUrlTemplate),
    fredCsvUrlTemplate: rebase(sources.fredCsvUrlTemplate),
    stooqDailyUrlTemplate: rebase(sources.stooqDailyUrlTemplate),
  };
}
