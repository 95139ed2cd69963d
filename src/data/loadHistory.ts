/**
 * Loads the market history the core runs on: the bundled snapshot merged with the user's overlay
 * (imports and updates), as a `MarketHistory`.
 *
 * `loadMarketHistory()` with no arguments finds the bundled `data/` folder from the installed package
 * (it works from `src/` under the test runner and from `dist/src/` when built) and the overlay in
 * `$ALVH_HOME` or `~/.alvh`. `warnings` lists rows the loader dropped under a documented policy
 * (implausible outliers such as the 2006 VVIX values, rows with high below low); callers may print
 * them, and `alvh data status` does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMemoryHistory, type MemoryMarketHistory } from '../history/memoryHistory.js';
import { defaultHistoryConfig, type HistoryConfig } from '../history/historyConfig.js';
import type { DailySeries, IndexSeriesName } from '../history/types.js';
import { dayFromIso, type DayNumber } from '../time/day.js';
import type { IndexRecord, RateRecord } from './records.js';
import { openMarketDataStore } from './store/fileMarketDataStore.js';
import { defaultBundledCacheDir } from './store/bundledCache.js';
import type { MarketDataStore, StoreContents } from './store/marketDataStore.js';
import type { PlausibleRanges } from './validate/plausibleRanges.js';

export interface LoadHistoryOptions {
  /** Folder of the bundled files; default `<package root>/data`. */
  readonly bundledDir?: string;
  /** Overlay folder; default `$ALVH_HOME`, else `~/.alvh`. */
  readonly userDir?: string;
  readonly config?: HistoryConfig;
  readonly ranges?: PlausibleRanges;
  /** The bundled files' parse cache (store/bundledCache.ts); default `defaultBundledCacheDir()`, null for none. */
  readonly bundledCacheDir?: string | null;
}

export interface LoadedHistory {
  readonly history: MemoryMarketHistory;
  /** Rows dropped under the documented policies, one line each naming file, line and field. */
  readonly warnings: readonly string[];
  /** The store it was read from, for commands that import or update. */
  readonly store: MarketDataStore;
}

const PACKAGE_NAME = 'alvh';

/** The folder holding alvh's package.json, found by walking up from this module. */
export function packageRoot(startUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(startUrl));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && (parsed as { name?: unknown }).name === PACKAGE_NAME) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package root above ${fileURLToPath(startUrl)}`);
    dir = parent;
  }
}

export function defaultBundledDir(): string {
  return join(packageRoot(), 'data');
}

export function defaultUserDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['ALVH_HOME'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : join(homedir(), '.alvh');
}

function toDailySeries(name: IndexSeriesName, records: readonly IndexRecord[], firstDay: DayNumber): DailySeries {
  const kept = records.filter((r) => r.day >= firstDay);
  const n = kept.length;
  const days = new Int32Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const hasVolume = n > 0 && kept.every((r) => r.volume !== undefined);
  const volume = hasVolume ? new Float64Array(n) : undefined;
  kept.forEach((r, i) => {
    days[i] = r.day;
    open[i] = r.open;
    high[i] = r.high;
    low[i] = r.low;
    close[i] = r.close;
    if (volume) volume[i] = r.volume as number;
  });
  return volume ? { name, days, open, high, low, close, volume, length: n } : { name, days, open, high, low, close, length: n };
}

function rateObservations(records: readonly RateRecord[] | undefined): { days: Int32Array; discountYieldPct: Float64Array } {
  const list = records ?? [];
  return { days: Int32Array.from(list, (r) => r.day), discountYieldPct: Float64Array.from(list, (r) => r.discountYieldPct) };
}

/** Builds the pure history from store contents (the daily series and futures start at `config.firstDayIso`). */
export function historyFromContents(contents: StoreContents, config: HistoryConfig = defaultHistoryConfig): MemoryMarketHistory {
  const firstDay = dayFromIso(config.firstDayIso);
  const series: DailySeries[] = [];
  for (const [name, records] of contents.index) {
    if (records.length > 0) series.push(toDailySeries(name, records, firstDay));
  }
  return buildMemoryHistory({
    series,
    vxFutures: contents.vxFutures.filter((r) => r.day >= firstDay),
    treasuryBill: rateObservations(contents.rates.get('dtb3')),
    treasuryBillExtension: rateObservations(contents.rates.get('irx')),
    dividendYield: contents.dividendYield,
    events: contents.events.map(({ day, kind, scheduled, label }) => ({ day, kind, scheduled, label })),
    eventCoverage: contents.eventCoverage,
    breadth: contents.breadth.map(({ day, advancing, declining }) => ({ day, advancing, declining })),
    dataVersion: contents.dataVersion,
    config,
  });
}

export async function loadMarketHistory(options: LoadHistoryOptions = {}): Promise<LoadedHistory> {
  const config = options.config ?? defaultHistoryConfig;
  const store = await openMarketDataStore({
    firstDayIso: config.firstDayIso,
    rateLeadInCalendarDays: config.rateMaxCarryCalendarDays,
    bundledDir: options.bundledDir ?? defaultBundledDir(),
    userDir: options.userDir ?? defaultUserDir(),
    ...(options.ranges ? { ranges: options.ranges } : {}),
    ...(options.bundledCacheDir === null ? {} : { bundledCacheDir: options.bundledCacheDir ?? defaultBundledCacheDir() }),
  });
  const contents = store.contents();
  return { history: historyFromContents(contents, config), warnings: contents.warnings, store };
}
