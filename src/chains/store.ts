/**
 * The local chain store: Parquet files partitioned by underlying and quote month, read and written
 * through DuckDB, under `<alvh home>/chains`:
 *
 *   CURRENT                      the name of the live version (replaced by an atomic rename)
 *   versions/<n>/manifest.json   the files imported so far, with what each held
 *   versions/<n>/quotes/underlying=SPX/month=2018-01/data.parquet
 *   staging/                     scratch space of a running import
 *   lock                         the pid of the running import
 *
 * An import builds a complete new version beside the live one (untouched partitions hard-linked,
 * touched ones rewritten) and only then renames CURRENT to point at it, so a failed or killed import
 * leaves the store exactly as it was; the next import clears what the dead one left behind.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { err, ok, type Result } from '../lib/result.js';
import { isoFromDay } from '../time/day.js';
import { DEFAULT_CHAIN_IMPORT_CONFIG, type ChainImportConfig } from './config.js';
import { DUCKDB_THREADS, queryRows, sqlString, withDuck } from './duck.js';
import type { ChainFormatId } from './formats/format.js';
import { formatChainReadError, readChainFile, type ChainFileSummary, type ChainReadError } from './readFile.js';
import type { CanonicalQuote, ChainUnderlying, OptionRight, SettlementStyle } from './types.js';
import { CURRENT_FILE, PARTITION_FILE, currentVersionDir, currentVersionName, listPartitions, partitionDir, partitionFilesHolding, partitionKey, type ChainQuoteFilter } from './storeLayout.js';

export { currentVersionDir, listPartitions, type ChainQuoteFilter, type PartitionRef } from './storeLayout.js';

export const CHAIN_STORE_FORMAT_VERSION = 1;

/** The columns of a stored quote, in file order. */
export const STORE_COLUMNS = {
  underlying: 'VARCHAR',
  root: 'VARCHAR',
  settlement: 'VARCHAR',
  quote_date: 'DATE',
  expiration: 'DATE',
  option_type: 'VARCHAR',
  strike: 'DOUBLE',
  bid: 'DOUBLE',
  ask: 'DOUBLE',
  underlying_price: 'DOUBLE',
  volume: 'BIGINT',
} as const;
const COLUMN_LIST = Object.keys(STORE_COLUMNS).join(', ');
/** A quote is identified by these; two rows with the same key and different values conflict. */
const KEY_COLUMNS = ['underlying', 'root', 'quote_date', 'expiration', 'option_type', 'strike'] as const;
const VALUE_COLUMNS = ['settlement', 'bid', 'ask', 'underlying_price', 'volume'] as const;
const ORDER = 'underlying, quote_date, root, expiration, option_type, strike';

export interface ImportedFileRecord {
  readonly file: string;
  readonly format: ChainFormatId;
  readonly rowsRead: number;
  readonly quotesAccepted: number;
  readonly rejectedByReason: Readonly<Record<string, number>>;
  readonly added: number;
  readonly replaced: number;
}

export interface ChainManifest {
  readonly formatVersion: number;
  readonly imports: readonly ImportedFileRecord[];
}

export interface ChainImportOptions {
  readonly format: ChainFormatId | 'auto';
  readonly underlying?: string;
  /** Let the file's quotes replace different stored quotes of the same option and day. */
  readonly replace: boolean;
  readonly config?: ChainImportConfig;
  /** Test hook: runs after the new version is complete and before it goes live. */
  readonly beforeSwap?: () => void;
}

export interface ChainImportOutcome {
  readonly file: string;
  /** `unchanged`: every quote of the file was already stored with the same values. */
  readonly status: 'imported' | 'unchanged';
  readonly summaries: readonly ChainFileSummary[];
  /** Distinct quotes of the file after dropping exact repeats. */
  readonly distinctQuotes: number;
  readonly added: number;
  readonly replaced: number;
  readonly alreadyStored: number;
  readonly partitionsWritten: readonly string[];
}

export interface ChainConflict {
  readonly line: number;
  readonly key: string;
  readonly stored: string;
  readonly incoming: string;
}

export type ChainImportError =
  | { readonly kind: 'read'; readonly error: ChainReadError }
  | { readonly kind: 'conflict'; readonly file: string; readonly count: number; readonly first: ChainConflict; readonly withinFile: boolean }
  | { readonly kind: 'locked'; readonly message: string }
  | { readonly kind: 'store'; readonly message: string };

export function formatChainImportError(error: ChainImportError): string {
  switch (error.kind) {
    case 'read':
      return formatChainReadError(error.error);
    case 'conflict':
      return error.withinFile
        ? `${error.file}:${error.first.line}: the file quotes ${error.first.key} twice with different values (${error.first.stored} vs ${error.first.incoming}); ${error.count} such option-days; nothing was imported`
        : `${error.file}:${error.first.line}: ${error.count} quote(s) differ from the stored ones, first ${error.first.key}: stored ${error.first.stored}, file ${error.first.incoming}; nothing was imported (use --replace to let the file win)`;
    case 'locked':
    case 'store':
      return error.message;
  }
}

// ---------------------------------------------------------------------------------------------------
// Versions and partitions (their layout on disk: storeLayout.ts)

export function readManifest(versionDir: string | undefined): ChainManifest {
  if (versionDir === undefined) return { formatVersion: CHAIN_STORE_FORMAT_VERSION, imports: [] };
  return JSON.parse(readFileSync(join(versionDir, 'manifest.json'), 'utf8')) as ChainManifest;
}

function writeFileDurably(path: string, text: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// ---------------------------------------------------------------------------------------------------
// The lock

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (caught) {
    return (caught as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function takeLock(storeDir: string): Result<() => void, ChainImportError> {
  const path = join(storeDir, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return ok(() => rmSync(path, { force: true }));
    } catch (caught) {
      if ((caught as NodeJS.ErrnoException).code !== 'EEXIST') return err({ kind: 'store', message: `cannot lock the chain store: ${(caught as Error).message}` });
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
        return err({ kind: 'locked', message: `another chain import (process ${holder}) is running on ${storeDir}` });
      }
      // The holder died (a killed import): its lock is stale.
      unlinkSync(path);
    }
  }
  return err({ kind: 'locked', message: `cannot take the lock of ${storeDir}` });
}

/** Removes what a killed import left: its staging files and any version that is not live. */
function clearLeftovers(storeDir: string): void {
  rmSync(join(storeDir, 'staging'), { recursive: true, force: true });
  const versions = join(storeDir, 'versions');
  if (!existsSync(versions)) return;
  const live = currentVersionName(storeDir);
  for (const name of readdirSync(versions)) if (name !== live) rmSync(join(versions, name), { recursive: true, force: true });
  rmSync(join(storeDir, `${CURRENT_FILE}.tmp`), { force: true });
}

// ---------------------------------------------------------------------------------------------------
// Import

const STAGING_COLUMNS = `line BIGINT, ${Object.entries(STORE_COLUMNS).map(([n, t]) => `${n} ${t}`).join(', ')}`;

const isoCache = new Map<number, string>();
function cachedIso(day: number): string {
  let iso = isoCache.get(day);
  if (iso === undefined) {
    iso = isoFromDay(day);
    isoCache.set(day, iso);
  }
  return iso;
}

function stagingLine(q: CanonicalQuote, line: number): string {
  const opt = (v: number | undefined) => (v === undefined ? '' : String(v));
  return `${line},${q.underlying},${q.root},${q.settlement},${cachedIso(q.quoteDay)},${cachedIso(q.expiryDay)},${q.right},${q.strike},${q.bid},${q.ask},${opt(q.underlyingPrice)},${opt(q.volume)}\n`;
}

function describeValues(row: Record<string, unknown>, prefix: string): string {
  const v = (name: string) => row[`${prefix}${name}`];
  return `bid ${String(v('bid'))} ask ${String(v('ask'))} underlying ${String(v('underlying_price') ?? '-')} volume ${String(v('volume') ?? '-')} ${String(v('settlement'))}`;
}

function describeKey(row: Record<string, unknown>): string {
  return `${String(row['root'])} ${String(row['option_type'])} ${String(row['strike'])} expiring ${String(row['expiration'])} on ${String(row['quote_date'])}`;
}

const differs = (a: string, b: string) => VALUE_COLUMNS.map((c) => `${a}.${c} IS DISTINCT FROM ${b}.${c}`).join(' OR ');
const keyJoin = (a: string, b: string) => KEY_COLUMNS.map((c) => `${a}.${c} = ${b}.${c}`).join(' AND ');

/** Staging lines go through one reused buffer: millions of short-lived strings, none kept. */
const STAGING_BUFFER_BYTES = 1 << 20;
/** Longer than any staging line (a dozen short fields). */
const MAX_STAGING_LINE_BYTES = 4096;

async function stageFile(path: string, stagingCsv: string, options: ChainImportOptions): Promise<Result<ChainFileSummary[], ChainImportError>> {
  const fd = openSync(stagingCsv, 'w');
  const buffer = Buffer.allocUnsafe(STAGING_BUFFER_BYTES);
  let used = 0;
  const flush = () => {
    if (used > 0) writeSync(fd, buffer, 0, used);
    used = 0;
  };
  try {
    writeSync(fd, `line,${COLUMN_LIST.replaceAll(' ', '')}\n`);
    const read = await readChainFile(path, { format: options.format, underlying: options.underlying, config: options.config ?? DEFAULT_CHAIN_IMPORT_CONFIG }, (quote, _file, line) => {
      if (used > STAGING_BUFFER_BYTES - MAX_STAGING_LINE_BYTES) flush();
      used += buffer.write(stagingLine(quote, line), used, 'utf8');
    });
    flush();
    return read.ok ? read : err({ kind: 'read', error: read.error });
  } finally {
    closeSync(fd);
  }
}

async function mergeAndWrite(
  connection: DuckDBConnection,
  storeDir: string,
  file: string,
  stagingCsv: string,
  summaries: readonly ChainFileSummary[],
  options: ChainImportOptions,
): Promise<Result<ChainImportOutcome, ChainImportError>> {
  const run = (sql: string) => connection.run(sql);
  const liveDir = currentVersionDir(storeDir);
  await run(`CREATE TABLE incoming AS SELECT * FROM read_csv(${sqlString(stagingCsv)}, header = true, delim = ',', quote = '', escape = '', nullstr = '', columns = {${STAGING_COLUMNS.split(', ').map((c) => { const [n, t] = c.split(' '); return `'${n}': '${t}'`; }).join(', ')}})`);
  // Exact repeats inside the file collapse; the same option-day twice with different values is an error.
  await run(`CREATE TABLE fresh AS SELECT ${COLUMN_LIST}, min(line) AS line FROM incoming GROUP BY ALL`);
  const inner = await queryRows(
    connection,
    `SELECT a.line AS line, ${KEY_COLUMNS.map((c) => `a.${c} AS ${c}`).join(', ')}, ${VALUE_COLUMNS.map((c) => `a.${c} AS a_${c}, b.${c} AS b_${c}`).join(', ')}, count(*) OVER () AS n
     FROM fresh a JOIN fresh b ON ${keyJoin('a', 'b')} AND (${differs('a', 'b')}) AND a.line > b.line ORDER BY a.line LIMIT 1`,
  );
  const firstInner = inner[0];
  if (firstInner !== undefined) {
    return err({
      kind: 'conflict',
      file,
      withinFile: true,
      count: Number(firstInner['n']),
      first: { line: Number(firstInner['line']), key: describeKey(firstInner), stored: describeValues(firstInner, 'b_'), incoming: describeValues(firstInner, 'a_') },
    });
  }
  const touched = (await queryRows(connection, `SELECT DISTINCT underlying, strftime(quote_date, '%Y-%m') AS month FROM fresh ORDER BY 1, 2`)).map(
    (r) => ({ underlying: String(r['underlying']), month: String(r['month']) }),
  );
  const livePartitions = liveDir === undefined ? [] : listPartitions(liveDir);
  const liveKeys = new Set(livePartitions.map(partitionKey));
  const touchedLive = touched.filter((p) => liveKeys.has(partitionKey(p)));
  if (liveDir !== undefined && touchedLive.length > 0) {
    const files = touchedLive.map((p) => sqlString(join(partitionDir(liveDir, p), PARTITION_FILE))).join(', ');
    await run(`CREATE TABLE existing AS SELECT ${COLUMN_LIST} FROM read_parquet([${files}])`);
  } else {
    await run(`CREATE TABLE existing AS SELECT ${COLUMN_LIST} FROM fresh LIMIT 0`);
  }
  const conflicts = await queryRows(
    connection,
    `SELECT f.line AS line, ${KEY_COLUMNS.map((c) => `f.${c} AS ${c}`).join(', ')}, ${VALUE_COLUMNS.map((c) => `f.${c} AS f_${c}, e.${c} AS e_${c}`).join(', ')}, count(*) OVER () AS n
     FROM fresh f JOIN existing e ON ${keyJoin('f', 'e')} WHERE ${differs('f', 'e')} ORDER BY f.line LIMIT 1`,
  );
  const firstConflict = conflicts[0];
  const conflictCount = firstConflict === undefined ? 0 : Number(firstConflict['n']);
  if (firstConflict !== undefined && !options.replace) {
    return err({
      kind: 'conflict',
      file,
      withinFile: false,
      count: conflictCount,
      first: { line: Number(firstConflict['line']), key: describeKey(firstConflict), stored: describeValues(firstConflict, 'e_'), incoming: describeValues(firstConflict, 'f_') },
    });
  }
  const [counts] = await queryRows(
    connection,
    `SELECT CAST(count(*) AS DOUBLE) AS distinct_quotes,
            CAST(count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE ${keyJoin('e', 'f')})) AS DOUBLE) AS added
     FROM fresh f`,
  );
  const distinctQuotes = Number(counts?.['distinct_quotes'] ?? 0);
  const added = Number(counts?.['added'] ?? 0);
  const alreadyStored = distinctQuotes - added - conflictCount;
  const base = { file, summaries, distinctQuotes, added, replaced: conflictCount, alreadyStored };
  if (added === 0 && conflictCount === 0) return ok({ ...base, status: 'unchanged', partitionsWritten: [] });

  // The new version: the live partitions this file does not touch are hard-linked, the touched ones rewritten.
  const liveName = currentVersionName(storeDir);
  const nextName = String((liveName === undefined ? 0 : Number(liveName)) + 1).padStart(6, '0');
  const nextDir = join(storeDir, 'versions', nextName);
  mkdirSync(nextDir, { recursive: true });
  const touchedKeys = new Set(touched.map(partitionKey));
  for (const p of livePartitions) {
    if (touchedKeys.has(partitionKey(p)) || liveDir === undefined) continue;
    mkdirSync(partitionDir(nextDir, p), { recursive: true });
    const from = join(partitionDir(liveDir, p), PARTITION_FILE);
    const to = join(partitionDir(nextDir, p), PARTITION_FILE);
    try {
      linkSync(from, to);
    } catch {
      copyFileSync(from, to);
    }
  }
  await run(
    `CREATE TABLE merged AS SELECT ${COLUMN_LIST} FROM existing e WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE ${keyJoin('f', 'e')})
     UNION ALL SELECT ${COLUMN_LIST} FROM fresh`,
  );
  for (const p of touched) {
    mkdirSync(partitionDir(nextDir, p), { recursive: true });
    const target = join(partitionDir(nextDir, p), PARTITION_FILE);
    await run(
      `COPY (SELECT ${COLUMN_LIST} FROM merged WHERE underlying = ${sqlString(p.underlying)} AND strftime(quote_date, '%Y-%m') = ${sqlString(p.month)} ORDER BY ${ORDER})
       TO ${sqlString(target)} (FORMAT parquet, COMPRESSION zstd)`,
    );
  }
  const previous = readManifest(liveDir);
  const record: ImportedFileRecord = {
    file,
    format: summaries[0]?.format ?? options.format,
    rowsRead: summaries.reduce((s, x) => s + x.rowsRead, 0),
    quotesAccepted: summaries.reduce((s, x) => s + x.quotesAccepted, 0),
    rejectedByReason: mergeCounts(summaries.map((s) => s.rejectedByReason)),
    added,
    replaced: conflictCount,
  } as ImportedFileRecord;
  const manifest: ChainManifest = { formatVersion: CHAIN_STORE_FORMAT_VERSION, imports: [...previous.imports, record] };
  writeFileDurably(join(nextDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  options.beforeSwap?.();
  // The commit point: one rename. Before it the old version is live, after it the new one.
  writeFileDurably(join(storeDir, `${CURRENT_FILE}.tmp`), `${nextName}\n`);
  renameSync(join(storeDir, `${CURRENT_FILE}.tmp`), join(storeDir, CURRENT_FILE));
  if (liveDir !== undefined) rmSync(liveDir, { recursive: true, force: true });
  return ok({ ...base, status: 'imported', partitionsWritten: touched.map(partitionKey) });
}

function mergeCounts(list: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const counts of list) for (const [k, v] of Object.entries(counts)) total[k] = (total[k] ?? 0) + v;
  return Object.fromEntries(Object.entries(total).sort(([a], [b]) => a.localeCompare(b)));
}

/** Imports one file, all or nothing. */
export async function importChainFile(storeDir: string, path: string, options: ChainImportOptions): Promise<Result<ChainImportOutcome, ChainImportError>> {
  mkdirSync(storeDir, { recursive: true });
  const lock = takeLock(storeDir);
  if (!lock.ok) return lock;
  try {
    clearLeftovers(storeDir);
    const staging = join(storeDir, 'staging');
    mkdirSync(staging, { recursive: true });
    const stagingCsv = join(staging, 'incoming.csv');
    const staged = await stageFile(path, stagingCsv, options);
    if (!staged.ok) return staged;
    return await withDuck(join(staging, 'duckdb-tmp'), (connection) => mergeAndWrite(connection, storeDir, path, stagingCsv, staged.value, options));
  } catch (caught) {
    return err({ kind: 'store', message: `chain import of ${path} failed: ${(caught as Error).message}` });
  } finally {
    rmSync(join(storeDir, 'staging'), { recursive: true, force: true });
    lock.value();
  }
}

// ---------------------------------------------------------------------------------------------------
// Reading

/** A SQL expression reading every stored quote (or undefined for an empty store). */
export function storeRelation(storeDir: string, filter: ChainQuoteFilter = {}): string | undefined {
  const files = partitionFilesHolding(storeDir, filter).map(sqlString);
  return files.length === 0 ? undefined : `read_parquet([${files.join(', ')}], hive_partitioning = false)`;
}

/** The stored quotes matching `filter`, ordered by underlying, day, root, expiry, right and strike. */
export async function readStoredQuotes(storeDir: string, filter: ChainQuoteFilter = {}): Promise<CanonicalQuote[]> {
  if (storeRelation(storeDir, filter) === undefined) return [];
  return withDuck(undefined, (connection) => readWith(connection, storeDir, filter));
}

/** A reader that keeps one DuckDB connection open for many reads (a backtest reads a day at a time). */
export interface ChainStoreReader {
  read(filter: ChainQuoteFilter): Promise<CanonicalQuote[]>;
  close(): void;
}

export async function openChainStoreReader(storeDir: string): Promise<ChainStoreReader> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(DUCKDB_THREADS) });
  const connection = await instance.connect();
  return {
    read: (filter) => readWith(connection, storeDir, filter),
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

async function readWith(connection: DuckDBConnection, storeDir: string, filter: ChainQuoteFilter): Promise<CanonicalQuote[]> {
  const relation = storeRelation(storeDir, filter);
  if (relation === undefined) return [];
  const where: string[] = [];
  if (filter.underlying !== undefined) where.push(`underlying = ${sqlString(filter.underlying)}`);
  if (filter.fromDay !== undefined) where.push(`quote_date >= DATE ${sqlString(isoFromDay(filter.fromDay))}`);
  if (filter.toDay !== undefined) where.push(`quote_date <= DATE ${sqlString(isoFromDay(filter.toDay))}`);
  // One text value per underlying and day instead of a row object per quote: DuckDB's row-object
  // conversion costs about 50 microseconds a row, the text split a few (and a day's text stays far
  // below the longest string V8 holds). DOUBLE to VARCHAR is DuckDB's shortest round-trip form, so
  // Number() gives back the stored double exactly.
  const rows = await queryRows(
    connection,
    `SELECT string_agg(concat_ws(',', underlying, root, settlement, CAST(quote_date - DATE '1970-01-01' AS INTEGER), CAST(expiration - DATE '1970-01-01' AS INTEGER),
              option_type, CAST(strike AS VARCHAR), CAST(bid AS VARCHAR), CAST(ask AS VARCHAR), coalesce(CAST(underlying_price AS VARCHAR), ''), coalesce(CAST(volume AS VARCHAR), '')),
              chr(10) ORDER BY ${ORDER}) AS text
     FROM ${relation} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     GROUP BY underlying, quote_date ORDER BY underlying, quote_date`,
  );
  return rows.flatMap((row) => String(row['text']).split('\n')).map((line) => {
    const [underlying, root, settlement, quoteDay, expiryDay, right, strike, bid, ask, underlyingPrice, volume] = line.split(',') as [string, string, string, string, string, string, string, string, string, string, string];
    return {
      underlying: underlying as ChainUnderlying,
      root,
      settlement: settlement as SettlementStyle,
      quoteDay: Number(quoteDay),
      expiryDay: Number(expiryDay),
      right: right as OptionRight,
      strike: Number(strike),
      bid: Number(bid),
      ask: Number(ask),
      underlyingPrice: underlyingPrice === '' ? undefined : Number(underlyingPrice),
      volume: volume === '' ? undefined : Number(volume),
    };
  });
}
