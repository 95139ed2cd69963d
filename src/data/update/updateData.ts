/**
 * `alvh data update`: fetch the latest files from the official sources, validate them exactly like an
 * import, then write all of them or none (a failed source leaves the store byte-for-byte unchanged).
 * Without --replace a fetched value that differs from a stored one for the same day is not taken
 * (counted as `keptStored`); with --replace the source's values win.
 *
 * VIX futures: the archive files fetched are those of the contracts the store already lists that had
 * not expired by its last settlement day. Contracts listed later need the VIX expiry calendar to name
 * their files; until it is wired in (see `futuresExpiriesToFetch`), import their files by hand.
 */
import { formatIssue } from '../csv/csvText.js';
import type { Dataset } from '../records.js';
import type { DatasetChange, MarketDataStore, StoreContents } from '../store/marketDataStore.js';
import type { TradingDayCalendar } from '../validate/tradingDayCalendar.js';
import { prepareImport } from '../import/importFile.js';
import { defaultImportConfig, type ImportTarget } from '../import/importFormats.js';
import { defaultPlausibleRanges } from '../validate/plausibleRanges.js';
import { CBOE_INDEX_SYMBOLS, type UpdatableSeries, type UpdateSources } from './updateSources.js';
import { isoFromDay, type DayNumber } from '../../time/day.js';
import { err, ok, type Result } from '../../lib/result.js';

export interface SourceFile {
  readonly series: UpdatableSeries;
  readonly url: string;
  /** The file name the format detection sees (as if downloaded by hand). */
  readonly fileName: string;
  readonly target: ImportTarget;
}

export interface UpdateFailure {
  readonly url: string;
  readonly message: string;
  /** True when the host could not be reached at all (no network, DNS failure, refused). */
  readonly unreachable?: boolean;
}

export interface UpdateOutcome {
  readonly changes: readonly DatasetChange[];
  readonly warnings: readonly string[];
  readonly fetched: readonly string[];
}

/** Expiries of stored contracts still trading at the store's last settlement day. */
export function futuresExpiriesToFetch(contents: StoreContents): DayNumber[] {
  const last = contents.vxFutures[contents.vxFutures.length - 1]?.day;
  if (last === undefined) return [];
  return [...new Set(contents.vxFutures.filter((r) => r.expiryDay >= last).map((r) => r.expiryDay))].sort((a, b) => a - b);
}

export function sourceFilesFor(series: readonly UpdatableSeries[], sources: UpdateSources, contents: StoreContents): SourceFile[] {
  const files: SourceFile[] = [];
  for (const s of series) {
    if (s === 'spx') {
      files.push({ series: s, url: sources.stooqDailyUrlTemplate.replace('{SYMBOL}', encodeURIComponent('^spx')), fileName: 'spx_d.csv', target: 'spx' });
    } else if (s === 'dtb3') {
      files.push({ series: s, url: sources.fredCsvUrlTemplate.replace('{ID}', 'DTB3'), fileName: 'DTB3.csv', target: 'dtb3' });
    } else if (s === 'vxFutures') {
      for (const expiry of futuresExpiriesToFetch(contents)) {
        const iso = isoFromDay(expiry);
        files.push({ series: s, url: sources.cboeVxFuturesUrlTemplate.replace('{EXPIRY}', iso), fileName: `VX_${iso}.csv`, target: 'vxFutures' });
      }
    } else {
      const symbol = CBOE_INDEX_SYMBOLS[s];
      if (symbol === undefined) continue;
      files.push({ series: s, url: sources.cboeIndexUrlTemplate.replace('{NAME}', symbol), fileName: `${symbol}_History.csv`, target: s });
    }
  }
  return files;
}

function describeFetchError(url: string, error: unknown): string {
  const host = new URL(url).host;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer from ${host} in time`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const detail = code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `cannot reach ${host} (${detail})`;
}

export type Fetcher = (url: string, init: { signal: AbortSignal }) => Promise<Response>;

async function fetchText(file: SourceFile, sources: UpdateSources, fetcher: Fetcher): Promise<Result<string, UpdateFailure>> {
  let response: Response;
  try {
    response = await fetcher(file.url, { signal: AbortSignal.timeout(sources.requestTimeoutMs) });
  } catch (error) {
    return err({ url: file.url, message: describeFetchError(file.url, error), unreachable: true });
  }
  if (!response.ok) {
    await response.body?.cancel();
    return err({ url: file.url, message: `HTTP ${response.status} ${response.statusText}`.trimEnd() });
  }
  try {
    return ok(await response.text());
  } catch (error) {
    return err({ url: file.url, message: `the download broke off before the end of the file (${error instanceof Error ? error.message : String(error)})` });
  }
}

export async function updateData(
  store: MarketDataStore,
  calendar: TradingDayCalendar,
  series: readonly UpdatableSeries[],
  sources: UpdateSources,
  options: { replace: boolean; fetcher?: Fetcher; /** Today from the caller's clock: later rows are refused. */ todayDay?: DayNumber },
): Promise<Result<UpdateOutcome, readonly UpdateFailure[]>> {
  const fetcher: Fetcher = options.fetcher ?? ((url, init) => fetch(url, init));
  const files = sourceFilesFor(series, sources, store.contents());
  const failures: UpdateFailure[] = [];
  const datasets: Dataset[] = [];
  const warnings: string[] = [];
  for (const file of files) {
    const text = await fetchText(file, sources, fetcher);
    if (!text.ok) {
      failures.push(text.error);
      continue;
    }
    const contents = store.contents();
    const prepared = prepareImport(text.value, file.fileName, file.target, calendar, defaultPlausibleRanges, defaultImportConfig, {
      ...(options.todayDay === undefined ? {} : { todayDay: options.todayDay }),
      storedIndex: (name) => contents.index.get(name) ?? [],
    });
    if (!prepared.ok) {
      failures.push({ url: file.url, message: prepared.error.message });
      continue;
    }
    datasets.push(prepared.value.dataset);
    warnings.push(...prepared.value.warnings.map(formatIssue));
  }
  if (failures.length > 0) return err(failures);
  const merged = mergeFuturesDatasets(datasets);
  // Sources revise old values and differ in rounding (Stooq vs Yahoo SPX): an update fills new days
  // and keeps differing stored values unless --replace, instead of failing on them.
  const applied = await store.apply(merged, 'update', { replace: options.replace, keepStoredOnConflict: true });
  if (!applied.ok) {
    return err([{ url: applied.error.key, message: `disagrees with the stored data (nothing was changed):\n${applied.error.issues.slice(0, 10).map((i) => `  ${formatIssue(i)}`).join('\n')}` }]);
  }
  return ok({ changes: applied.value, warnings, fetched: files.map((f) => f.url) });
}

/** The store takes one dataset per key: several futures files become one futures dataset. */
function mergeFuturesDatasets(datasets: readonly Dataset[]): Dataset[] {
  const others = datasets.filter((d) => d.kind !== 'vxFutures');
  const futures = datasets.flatMap((d) => (d.kind === 'vxFutures' ? d.records : []));
  return futures.length > 0 ? [...others, { kind: 'vxFutures', records: [...futures].sort((a, b) => a.day - b.day || a.expiryDay - b.expiryDay) }] : others;
}
