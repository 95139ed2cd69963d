/**
 * `MarketDataStore` over the bundled `data/` folder and a user overlay folder
 * (`<userDir>/overlay/<dataset>.csv`, canonical CSV). See marketDataStore.ts for the policies.
 */
import { createHash } from 'node:crypto';
import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { formatIssue, parseCsvText, type CsvTable, type DataFileIssue } from '../csv/csvText.js';
import {
  parseBreadthTable,
  parseEventTable,
  parseIndexTable,
  parseRateTable,
  parseVxTable,
  serializeBreadth,
  serializeEvents,
  serializeIndex,
  serializeRates,
  serializeVx,
  type Parsed,
} from '../formats/canonical.js';
import { buildBundledEvents, dedupeEvents } from '../bundled/bundledEvents.js';
import { parseShillerDividendYield } from '../bundled/shillerDividends.js';
import { checkIndexRecords, checkRateRecords, checkVxRecords } from '../validate/validateRecords.js';
import { defaultPlausibleRanges, type PlausibleRanges } from '../validate/plausibleRanges.js';
import { datasetKey, type BreadthRow, type Dataset, type EventRecord, type IndexRecord, type RateQuoteName, type RateRecord, type VxRecord } from '../records.js';
import type { IndexSeriesName } from '../../history/types.js';
import type { EventCoverage } from '../../history/memoryHistory.js';
import { defaultHistoryConfig } from '../../history/historyConfig.js';
import { INDEX_SERIES_NAMES } from '../../history/memoryHistory.js';
import { dayFromIso, isoFromDay } from '../../time/day.js';
import { err, ok, type Result } from '../../lib/result.js';
import { ensureDirectory } from '../fs/directories.js';
import { DEFAULT_LOCK_POLL_MS, DEFAULT_LOCK_WAIT_MS, processIsAlive, withFileLock } from '../fs/fileLock.js';
import type { ApplyError, ApplyOptions, DatasetChange, MarketDataStore, StoreContents } from './marketDataStore.js';
import { bundledCacheKey, readBundledCache, writeBundledCache, type ParsedBundled, type RawFile } from './bundledCache.js';

/** The bundled files and what each holds. Index files carry the series name in their file name. */
export const BUNDLED_INDEX_FILES: Readonly<Record<IndexSeriesName, string>> = {
  spx: 'spx_daily.csv',
  vix: 'vix_daily.csv',
  vix9d: 'vix9d_daily.csv',
  vix3m: 'vix3m_daily.csv',
  vix6m: 'vix6m_daily.csv',
  vvix: 'vvix_daily.csv',
  skew: 'skew_daily.csv',
  cndr: 'cndr_daily.csv',
  put: 'put_daily.csv',
  pput: 'pput_daily.csv',
};
export const BUNDLED_VX_FILE = 'vx_futures_daily.csv.gz';
export const BUNDLED_RATES_FILE = 'rates_daily.csv';
export const BUNDLED_SHILLER_FILE = 'shiller_monthly.csv';
export const BUNDLED_EVENT_FILES = {
  fomcMeetings: 'fomc_meetings.csv',
  fomcActions: 'fomc_actions_1990_2020.csv',
  econCalendar: 'econ_calendar.csv',
} as const;

/** Bundled rates columns per quote. */
const BUNDLED_RATE_COLUMNS: Readonly<Record<RateQuoteName, string>> = { dtb3: 'dtb3', irx: 'irx_close' };

export class DataLoadError extends Error {
  constructor(readonly issues: readonly DataFileIssue[]) {
    super(`market data could not be read:\n${issues.slice(0, 20).map(formatIssue).join('\n')}`);
    this.name = 'DataLoadError';
  }
}

export interface OpenStoreOptions {
  readonly bundledDir: string;
  readonly userDir: string;
  readonly ranges?: PlausibleRanges;
  /** Bundled rows before this ISO day are not read (the history starts here). */
  readonly firstDayIso?: string;
  /**
   * Rate quotes are kept from this many days before `firstDayIso`, so the first history day already
   * has the latest earlier quote (the history's rate carry limit).
   */
  readonly rateLeadInCalendarDays?: number;
  /** How long a write waits for another process's overlay lock, milliseconds. */
  readonly lockWaitMs?: number;
  /** The bundled files' parse cache (bundledCache.ts); undefined parses them every time. */
  readonly bundledCacheDir?: string;
}

/**
 * Reads a bundled daily file keeping only rows dated on or after `firstIso`. Those files start each
 * line with an ISO date, and ISO dates sort as strings, so earlier lines are skipped unsplit (half of
 * SPX is before 1990).
 */
function tableFrom(name: string, text: string, firstIso: string): CsvTable {
  const parsed = parseCsvText(name, text, { keepLine: (line) => line >= firstIso });
  if (!parsed.ok) throw new DataLoadError([parsed.error]);
  return parsed.value;
}

function overlayDir(userDir: string): string {
  return join(userDir, 'overlay');
}

/** The lock every writer of the overlay holds from reading the overlay to renaming its files. */
export function overlayLockPath(userDir: string): string {
  return join(userDir, 'overlay.lock');
}

/** A write to the overlay failed (disk full, permissions): nothing was renamed, the store is as it was. */
export class OverlayWriteError extends Error {
  override name = 'OverlayWriteError';
}

/** Removes a regular file; false (and nothing thrown) when it is not one or cannot be removed. */
async function removeFileQuietly(path: string): Promise<boolean> {
  try {
    await rm(path, { force: true });
    return true;
  } catch {
    return false;
  }
}

/** Temp files are `<dataset>.csv.tmp-<pid>`: the pid of the writer that made them. */
const TEMP_FILE = /\.tmp-(\d+)$/;

/**
 * Removes temp files of writes that never finished (a killed or failed import). With `all` (the
 * caller holds the overlay lock, so no write is in flight) every temp file goes; without it only
 * those whose writer no longer runs.
 */
async function removeLeftoverTemps(userDir: string, all: boolean): Promise<string[]> {
  const dir = overlayDir(userDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_FILE.exec(name);
    if (!m) continue;
    if (!all && processIsAlive(Number(m[1]))) continue;
    // Only regular files are ours; anything else of that name is left for the write to report.
    if (await removeFileQuietly(join(dir, name))) removed.push(name);
  }
  return removed;
}

function tableOrThrow(name: string, text: string): CsvTable {
  const parsed = parseCsvText(name, text);
  if (!parsed.ok) throw new DataLoadError([parsed.error]);
  return parsed.value;
}

function recordsOrThrow<R>(parsed: Parsed<R>): R[] {
  if (parsed.issues.length > 0) throw new DataLoadError(parsed.issues);
  return parsed.records;
}

/** Merges by key; later rows win. Result sorted by `order`. */
function mergeByKey<R>(base: readonly R[], overlay: readonly R[], key: (r: R) => string, order: (a: R, b: R) => number): R[] {
  if (overlay.length === 0) return [...base];
  const map = new Map<string, R>();
  for (const r of base) map.set(key(r), r);
  for (const r of overlay) map.set(key(r), r);
  return [...map.values()].sort(order);
}

const byDay = (a: { day: number }, b: { day: number }): number => a.day - b.day;
const vxKey = (r: VxRecord): string => `${r.day}|${r.contract}`;
const vxOrder = (a: VxRecord, b: VxRecord): number => a.day - b.day || a.expiryDay - b.expiryDay;
const eventKey = (r: EventRecord): string => `${r.day}|${r.kind}`;
const eventOrder = (a: EventRecord, b: EventRecord): number => a.day - b.day || a.kind.localeCompare(b.kind);
const dayKey = (r: { day: number }): string => String(r.day);

interface Overlay {
  index: Map<IndexSeriesName, IndexRecord[]>;
  vxFutures: VxRecord[];
  rates: Map<RateQuoteName, RateRecord[]>;
  events: EventRecord[];
  breadth: BreadthRow[];
}

function emptyOverlay(): Overlay {
  return { index: new Map(), vxFutures: [], rates: new Map(), events: [], breadth: [] };
}

interface Bundled extends ParsedBundled {
  files: RawFile[];
}

/** What shapes the parse of the bundled files besides their bytes (part of the parse cache's key). */
interface BundledParseOptions {
  readonly ranges: PlausibleRanges;
  readonly firstDayIso: string;
  readonly rateLeadInCalendarDays: number;
}

/**
 * The bundled files read, then parsed and checked, or the result of an earlier parse of the same bytes
 * with the same options and code taken from the parse cache (`cacheDir`, bundledCache.ts; undefined
 * parses every time). A parse that fails is never cached: its error is raised every time.
 */
async function readBundled(bundledDir: string, options: BundledParseOptions, cacheDir: string | undefined): Promise<Bundled> {
  const files = await readBundledFiles(bundledDir);
  if (cacheDir === undefined) return { ...parseBundled(files, options), files };
  const key = bundledCacheKey(files, options);
  const cached = readBundledCache(cacheDir, key);
  if (cached !== undefined) return { ...cached, files };
  const parsed = parseBundled(files, options);
  writeBundledCache(cacheDir, key, parsed);
  return { ...parsed, files };
}

async function readBundledFiles(bundledDir: string): Promise<RawFile[]> {
  const names = [
    ...Object.values(BUNDLED_INDEX_FILES),
    BUNDLED_VX_FILE,
    BUNDLED_RATES_FILE,
    BUNDLED_SHILLER_FILE,
    ...Object.values(BUNDLED_EVENT_FILES),
  ];
  return Promise.all(
    names.map(async (name): Promise<RawFile> => {
      try {
        return { name, bytes: await readFile(join(bundledDir, name)) };
      } catch (cause) {
        throw new DataLoadError([{ file: name, line: 0, message: `cannot read bundled file: ${(cause as Error).message}` }]);
      }
    }),
  );
}

function parseBundled(files: readonly RawFile[], options: BundledParseOptions): ParsedBundled {
  const { ranges, firstDayIso, rateLeadInCalendarDays } = options;
  const firstDay = dayFromIso(firstDayIso);
  const ratesFirstIso = isoFromDay(firstDay - rateLeadInCalendarDays);
  const text = (name: string): string => {
    const file = files.find((f) => f.name === name);
    if (!file) throw new DataLoadError([{ file: name, line: 0, message: 'bundled file missing' }]);
    return (name.endsWith('.gz') ? gunzipSync(file.bytes) : file.bytes).toString('utf8');
  };
  const warnings: string[] = [];
  const warn = (issues: readonly DataFileIssue[]): void => {
    for (const issue of issues) warnings.push(`dropped ${formatIssue(issue)}`);
  };

  const index = new Map<IndexSeriesName, IndexRecord[]>();
  for (const name of INDEX_SERIES_NAMES) {
    const file = BUNDLED_INDEX_FILES[name];
    const records = recordsOrThrow(parseIndexTable(tableFrom(file, text(file), firstDayIso), name));
    const checked = checkIndexRecords(file, name, records, ranges);
    warn(checked.issues);
    index.set(name, checked.kept);
  }

  const vxRecords = recordsOrThrow(parseVxTable(tableFrom(BUNDLED_VX_FILE, text(BUNDLED_VX_FILE), firstDayIso)));
  const vxChecked = checkVxRecords(BUNDLED_VX_FILE, vxRecords, ranges);
  warn(vxChecked.issues);

  const ratesTable = tableFrom(BUNDLED_RATES_FILE, text(BUNDLED_RATES_FILE), ratesFirstIso);
  const rates = new Map<RateQuoteName, RateRecord[]>();
  for (const quote of ['dtb3', 'irx'] as const) {
    const checked = checkRateRecords(BUNDLED_RATES_FILE, recordsOrThrow(parseRateTable(ratesTable, BUNDLED_RATE_COLUMNS[quote])), ranges);
    warn(checked.issues);
    rates.set(quote, checked.kept);
  }

  const shiller = parseShillerDividendYield(tableOrThrow(BUNDLED_SHILLER_FILE, text(BUNDLED_SHILLER_FILE)));
  if (shiller.issues.length > 0) throw new DataLoadError(shiller.issues);

  const events = buildBundledEvents(
    {
      fomcMeetings: tableOrThrow(BUNDLED_EVENT_FILES.fomcMeetings, text(BUNDLED_EVENT_FILES.fomcMeetings)),
      fomcActions: tableOrThrow(BUNDLED_EVENT_FILES.fomcActions, text(BUNDLED_EVENT_FILES.fomcActions)),
      econCalendar: tableOrThrow(BUNDLED_EVENT_FILES.econCalendar, text(BUNDLED_EVENT_FILES.econCalendar)),
    },
    firstDay,
  );
  if (events.issues.length > 0) throw new DataLoadError(events.issues);

  return {
    index,
    vxFutures: vxChecked.kept,
    rates,
    events: events.records,
    eventCoverage: events.coverage,
    dividendYield: shiller.yield,
    warnings,
  };
}

const OVERLAY_EXTENSION = '.csv';

async function readOverlay(userDir: string): Promise<{ overlay: Overlay; files: RawFile[] }> {
  const dir = overlayDir(userDir);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(OVERLAY_EXTENSION)).sort();
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return { overlay: emptyOverlay(), files: [] };
    throw cause;
  }
  const overlay = emptyOverlay();
  const files: RawFile[] = [];
  for (const name of names) {
    const bytes = await readFile(join(dir, name));
    files.push({ name: `overlay/${name}`, bytes });
    const key = name.slice(0, -OVERLAY_EXTENSION.length);
    const table = tableOrThrow(join(dir, name), bytes.toString('utf8'));
    if (key.startsWith('index-')) {
      const series = key.slice('index-'.length) as IndexSeriesName;
      if (!INDEX_SERIES_NAMES.includes(series)) continue;
      overlay.index.set(series, recordsOrThrow(parseIndexTable(table, series)));
    } else if (key === 'rate-dtb3' || key === 'rate-irx') {
      overlay.rates.set(key === 'rate-dtb3' ? 'dtb3' : 'irx', recordsOrThrow(parseRateTable(table)));
    } else if (key === 'vxFutures') {
      overlay.vxFutures = recordsOrThrow(parseVxTable(table));
    } else if (key === 'events') {
      overlay.events = recordsOrThrow(parseEventTable(table));
    } else if (key === 'breadth') {
      overlay.breadth = recordsOrThrow(parseBreadthTable(table));
    }
  }
  return { overlay, files };
}

function hashFiles(files: readonly RawFile[]): string {
  const hash = createHash('sha256');
  for (const f of files) {
    hash.update(`${f.name}\0${f.bytes.length}\0`);
    hash.update(f.bytes);
  }
  return `sha256:${hash.digest('hex')}`;
}

function mergeCoverage(bundled: readonly EventCoverage[], events: readonly EventRecord[]): EventCoverage[] {
  const spans = new Map(bundled.map((c) => [c.kind, { ...c }]));
  for (const e of events) {
    const span = spans.get(e.kind);
    if (!span) spans.set(e.kind, { kind: e.kind, firstDay: e.day, lastDay: e.day });
    else {
      span.firstDay = Math.min(span.firstDay, e.day);
      span.lastDay = Math.max(span.lastDay, e.day);
    }
  }
  return [...spans.values()];
}

function combine(bundled: Bundled, overlay: Overlay, overlayFiles: readonly RawFile[]): StoreContents {
  const index = new Map<IndexSeriesName, IndexRecord[]>();
  for (const name of INDEX_SERIES_NAMES) {
    index.set(name, mergeByKey(bundled.index.get(name) ?? [], overlay.index.get(name) ?? [], dayKey, byDay));
  }
  const rates = new Map<RateQuoteName, RateRecord[]>();
  for (const quote of ['dtb3', 'irx'] as const) {
    rates.set(quote, mergeByKey(bundled.rates.get(quote) ?? [], overlay.rates.get(quote) ?? [], dayKey, byDay));
  }
  const overlayKeys = overlayFiles.map((f) => f.name.slice('overlay/'.length, -OVERLAY_EXTENSION.length));
  return {
    index,
    vxFutures: mergeByKey(bundled.vxFutures, overlay.vxFutures, vxKey, vxOrder),
    rates,
    events: dedupeEvents(mergeByKey(bundled.events, overlay.events, eventKey, eventOrder)),
    eventCoverage: mergeCoverage(bundled.eventCoverage, overlay.events),
    breadth: [...overlay.breadth],
    dividendYield: bundled.dividendYield,
    warnings: bundled.warnings,
    dataVersion: hashFiles([...bundled.files, ...overlayFiles]),
    overlayKeys,
  };
}

function sameIndex(a: IndexRecord, b: IndexRecord): boolean {
  return a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && (a.volume === undefined || b.volume === undefined || a.volume === b.volume);
}

interface PlannedWrite {
  readonly key: string;
  readonly text: string;
  readonly change: DatasetChange;
  /** False when every row was already stored: the overlay is left alone. */
  readonly needsWrite: boolean;
}

/** Plans the overlay file of one dataset, or returns the conflicts that forbid it. */
function planDataset(
  dataset: Dataset,
  contents: StoreContents,
  overlay: Overlay,
  file: string,
  options: ApplyOptions,
): Result<PlannedWrite, DataFileIssue[]> {
  const key = datasetKey(dataset);
  const conflicts: DataFileIssue[] = [];
  let added = 0;
  let replaced = 0;
  let unchanged = 0;
  let keptStored = 0;
  const plan = <R extends { line: number; day: number }>(
    existing: readonly R[],
    oldOverlay: readonly R[],
    incoming: readonly R[],
    keyOf: (r: R) => string,
    same: (a: R, b: R) => boolean,
    describe: (r: R) => string,
    order: (a: R, b: R) => number,
  ): R[] => {
    const current = new Map(existing.map((r) => [keyOf(r), r]));
    const changed: R[] = [];
    for (const r of incoming) {
      const old = current.get(keyOf(r));
      if (old === undefined) {
        added++;
        changed.push(r);
      } else if (same(old, r)) {
        unchanged++;
      } else if (options.replace) {
        replaced++;
        changed.push(r);
      } else if (options.keepStoredOnConflict === true) {
        keptStored++;
      } else {
        conflicts.push({ file, line: r.line, field: 'date', message: `${isoFromDay(r.day)}: ${describe(r)} differs from the stored ${describe(old)} (use --replace to overwrite)` });
      }
    }
    // Only new and replaced rows go to the overlay: rows equal to the bundled ones stay bundled.
    return mergeByKey(oldOverlay, changed, keyOf, order);
  };
  let text: string;
  switch (dataset.kind) {
    case 'index': {
      const merged = plan(contents.index.get(dataset.name) ?? [], overlay.index.get(dataset.name) ?? [], dataset.records, dayKey, sameIndex, (r) => `close ${r.close}`, byDay);
      text = serializeIndex(merged);
      break;
    }
    case 'vxFutures': {
      const merged = plan(contents.vxFutures, overlay.vxFutures, dataset.records, vxKey, (a, b) => a.settle === b.settle && a.expiryDay === b.expiryDay, (r) => `${r.contract} settle ${r.settle}`, vxOrder);
      text = serializeVx(merged);
      break;
    }
    case 'rate': {
      const merged = plan(contents.rates.get(dataset.name) ?? [], overlay.rates.get(dataset.name) ?? [], dataset.records, dayKey, (a, b) => a.discountYieldPct === b.discountYieldPct, (r) => `rate ${r.discountYieldPct}`, byDay);
      text = serializeRates(merged);
      break;
    }
    case 'events': {
      const merged = plan(contents.events, overlay.events, dataset.records, eventKey, (a, b) => a.scheduled === b.scheduled, (r) => `${r.kind} scheduled=${r.scheduled}`, eventOrder);
      text = serializeEvents(merged);
      break;
    }
    case 'breadth': {
      const merged = plan(contents.breadth, overlay.breadth, dataset.records, dayKey, (a, b) => a.advancing === b.advancing && a.declining === b.declining, (r) => `advancing/declining ${r.advancing}/${r.declining}`, byDay);
      text = serializeBreadth(merged);
      break;
    }
  }
  if (conflicts.length > 0) return err(conflicts);
  return ok({ key, text, change: { key, added, replaced, unchanged, keptStored }, needsWrite: added + replaced > 0 });
}

/** Writes and flushes a file, so a rename after it never exposes a partly written file. */
async function writeDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

class FileMarketDataStore implements MarketDataStore {
  private current: StoreContents;

  constructor(
    readonly userDir: string,
    private readonly bundled: Bundled,
    private overlay: Overlay,
    overlayFiles: readonly RawFile[],
    private readonly lockWaitMs: number,
  ) {
    this.current = combine(bundled, overlay, overlayFiles);
  }

  contents(): StoreContents {
    return this.current;
  }

  async apply(datasets: readonly Dataset[], file: string, options: ApplyOptions): Promise<Result<readonly DatasetChange[], ApplyError>> {
    await ensureDirectory(this.userDir);
    // One writer at a time from reading the overlay to renaming the new files: two imports started
    // together each see the other's rows (and a same-day disagreement is a conflict, not a lost row).
    return withFileLock(overlayLockPath(this.userDir), { waitMs: this.lockWaitMs, pollMs: DEFAULT_LOCK_POLL_MS, command: `alvh data import ${file}`.slice(0, 200) }, async () => {
      await removeLeftoverTemps(this.userDir, true);
      const fresh = await readOverlay(this.userDir);
      this.overlay = fresh.overlay;
      this.current = combine(this.bundled, fresh.overlay, fresh.files);
      return this.applyLocked(datasets, file, options);
    });
  }

  private async applyLocked(datasets: readonly Dataset[], file: string, options: ApplyOptions): Promise<Result<readonly DatasetChange[], ApplyError>> {
    const writes: PlannedWrite[] = [];
    for (const dataset of datasets) {
      const planned = planDataset(dataset, this.current, this.overlay, file, options);
      if (!planned.ok) return err({ kind: 'conflict', key: datasetKey(dataset), issues: planned.error });
      writes.push(planned.value);
    }
    const toWrite = writes.filter((planned) => planned.needsWrite);
    if (toWrite.length === 0) return ok(writes.map((w) => w.change));
    const dir = overlayDir(this.userDir);
    await ensureDirectory(dir);
    // Temp files first for every dataset, renames last: a validation or write failure before the
    // renames leaves every existing overlay file untouched.
    const temps: { temp: string; target: string }[] = [];
    try {
      for (const w of toWrite) {
        const target = join(dir, `${w.key}${OVERLAY_EXTENSION}`);
        const temp = `${target}.tmp-${process.pid}`;
        temps.push({ temp, target });
        await writeDurably(temp, w.text);
      }
    } catch (cause) {
      await Promise.all(temps.map((t) => removeFileQuietly(t.temp)));
      const code = (cause as NodeJS.ErrnoException).code;
      const reason = code === 'ENOSPC' ? 'the disk is full' : code === 'EDQUOT' ? 'the disk quota is used up' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'the file system is read-only' : (code ?? (cause as Error).message);
      throw new OverlayWriteError(`cannot write the data store ${dir}: ${reason}; nothing was changed`);
    }
    for (const t of temps) await rename(t.temp, t.target);
    const reread = await readOverlay(this.userDir);
    this.overlay = reread.overlay;
    this.current = combine(this.bundled, reread.overlay, reread.files);
    return ok(writes.map((w) => w.change));
  }
}

export async function openMarketDataStore(options: OpenStoreOptions): Promise<MarketDataStore> {
  // Temp files of imports that were killed or failed: their writers no longer run.
  await removeLeftoverTemps(options.userDir, false);
  const [bundled, overlay] = await Promise.all([
    readBundled(
      options.bundledDir,
      {
        ranges: options.ranges ?? defaultPlausibleRanges,
        firstDayIso: options.firstDayIso ?? defaultHistoryConfig.firstDayIso,
        rateLeadInCalendarDays: options.rateLeadInCalendarDays ?? defaultHistoryConfig.rateMaxCarryCalendarDays,
      },
      options.bundledCacheDir,
    ),
    readOverlay(options.userDir),
  ]);
  return new FileMarketDataStore(options.userDir, bundled, overlay.overlay, overlay.files, options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS);
}
