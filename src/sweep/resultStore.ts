/**
 * The sweep results database (DuckDB, one file): every variant's metrics, resolved config, data
 * version, code version, period and daily equity curve, keyed by the variant key; which sweep asked
 * for which variant; and exports of a sweep to Parquet or CSV. A variant run by any sweep is never run
 * again for the same data, code and period: that is how a rerun resumes.
 *
 * The equity curve is stored compactly: the days as little-endian int32 and the equity as
 * little-endian float64, one BLOB each (about 12 bytes a trading day).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DuckDBConnection, DuckDBInstance, DuckDBBlobValue } from '@duckdb/node-api';
import { METRIC_COLUMNS, type VariantMetrics } from './runVariant.js';

export interface StoredVariant {
  readonly key: string;
  readonly dataVersion: string;
  /**
   * The fingerprint of the build that ran it; null for a result stored before the database recorded it
   * (such a result is never reused: its key did not name a build, so no key of a build matches it).
   */
  readonly codeVersion: string | null;
  readonly periodFrom: string;
  readonly periodTo: string;
  /** The resolved strategy config, canonical JSON. */
  readonly configJson: string;
  readonly metrics: VariantMetrics;
  readonly days: Int32Array;
  readonly equityUsd: Float64Array;
}

export interface SweepMember {
  readonly key: string;
  readonly index: number;
  readonly isBaseline: boolean;
  /** The varied fields' values, canonical JSON. */
  readonly valuesJson: string;
}

export interface SweepRow extends SweepMember {
  readonly result: StoredVariant;
}

/** Whether this machine stores numbers little-endian, as the curves are stored: then they are copied byte for byte. */
const LITTLE_ENDIAN_HOST = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * A copy of the bytes in a buffer of their own, exactly their size and aligned for any typed array.
 * (Not `slice()`: on a Node Buffer, as DuckDB hands blobs, that is a view into a shared pool.)
 */
function ownBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

function bytesOf(values: Int32Array | Float64Array): Uint8Array {
  return ownBytes(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

/** Byte-equal: Node's native comparison (a loop here took 1.5 s over a 9,720-variant sweep's day lists). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

function checkedLength(bytes: Uint8Array, width: number): number {
  if (bytes.byteLength % width !== 0) throw new RangeError(`a stored curve of ${bytes.byteLength} bytes is not a whole number of ${width}-byte values`);
  return bytes.byteLength / width;
}

export function encodeInt32(values: Int32Array): Uint8Array {
  if (LITTLE_ENDIAN_HOST) return bytesOf(values);
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setInt32(i * 4, values[i] as number, true);
  return out;
}

export function encodeFloat64(values: Float64Array): Uint8Array {
  if (LITTLE_ENDIAN_HOST) return bytesOf(values);
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i] as number, true);
  return out;
}

export function decodeInt32(bytes: Uint8Array): Int32Array {
  const length = checkedLength(bytes, 4);
  if (LITTLE_ENDIAN_HOST) return new Int32Array(ownBytes(bytes).buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int32Array.from({ length }, (_, i) => view.getInt32(i * 4, true));
}

export function decodeFloat64(bytes: Uint8Array): Float64Array {
  const length = checkedLength(bytes, 8);
  if (LITTLE_ENDIAN_HOST) return new Float64Array(ownBytes(bytes).buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float64Array.from({ length }, (_, i) => view.getFloat64(i * 8, true));
}

const metricColumnsSql = METRIC_COLUMNS.map((c) => `${c} DOUBLE`).join(', ');
const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;
/**
 * Write-ahead log this large before DuckDB folds it into the file (its default is 16 MB). A sweep
 * appends about 58 KB of curves a variant, and each checkpoint rewrote part of what was stored
 * before: with the default, 4,000 full-history results wrote 1.7 GB for a 461 MB file; with this,
 * 0.48 GB for a 235 MB file, in 3.5 s instead of 5.9 (ResultStore.putMany, 64 a write).
 */
const CHECKPOINT_THRESHOLD = '256MB';
/**
 * The cap on DuckDB's buffer pool for a database file. By default DuckDB may take 80 % of the
 * machine's memory, and it kept every page a sweep wrote and read: about 1.1 GB beside the worker
 * threads for 9,720 full-history variants, though a sweep writes each result once and reads it back
 * once. Storing, resuming, reading a sweep back and exporting it run within it, each a range of rows at
 * a time where curves are read (`sweepRows`, `exportSweep`).
 */
const BUFFER_POOL_LIMIT = '512MB';
/** How many distinct day lists `sweepRows` keeps to share (a sweep has one period: one list). */
const SHARED_DAY_LISTS = 4;
/** Rows of curves read or exported a query at a time: about 30 MB of full-history curves. */
const ROWS_PER_READ = 512;
/** This connection's temporary table that putMany appends a batch of results to before inserting them. */
const STAGING_TABLE = 'variants_staging';

/** The export's rows of a sweep (of the members with index in [first, end) when given), in expansion order. */
function exportQuery(name: string, curves: boolean, range?: { readonly first: number; readonly end: number }): string {
  return `SELECT s.idx AS variant_index, s.key, s.is_baseline, s.values_json, v.data_version, v.code_version, v.period_from, v.period_to,
      ${METRIC_COLUMNS.map((c) => `v.${c}`).join(', ')}, v.config_json${curves ? ', v.days, v.equity_usd' : ''}
    FROM sweep_variants s JOIN variants v ON v.key = s.key
    WHERE s.sweep = ${quoteLiteral(name)}${range === undefined ? '' : ` AND s.idx >= ${range.first} AND s.idx < ${range.end}`}
    ORDER BY s.idx`;
}

export class ResultStore {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** `bufferPoolLimit` (a DuckDB size, default BUFFER_POOL_LIMIT) is there for tests of the cap. */
  static async open(path: string, options: { readonly bufferPoolLimit?: string } = {}): Promise<ResultStore> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run(`SET checkpoint_threshold = '${CHECKPOINT_THRESHOLD}'`);
    // An in-memory database keeps DuckDB's default: the cap would bound what it can hold.
    if (path !== ':memory:') await connection.run(`SET memory_limit = ${quoteLiteral(options.bufferPoolLimit ?? BUFFER_POOL_LIMIT)}`);
    await connection.run(`CREATE TABLE IF NOT EXISTS variants (
      key VARCHAR PRIMARY KEY, data_version VARCHAR NOT NULL, period_from VARCHAR NOT NULL, period_to VARCHAR NOT NULL,
      config_json VARCHAR NOT NULL, ${metricColumnsSql}, days BLOB NOT NULL, equity_usd BLOB NOT NULL, code_version VARCHAR)`);
    // A database from before the code version was recorded gains the column (its rows: null).
    await connection.run('ALTER TABLE variants ADD COLUMN IF NOT EXISTS code_version VARCHAR');
    await connection.run(`CREATE TABLE IF NOT EXISTS sweeps (name VARCHAR PRIMARY KEY, spec_json VARCHAR NOT NULL)`);
    await connection.run(`CREATE TABLE IF NOT EXISTS sweep_variants (
      sweep VARCHAR NOT NULL, idx INTEGER NOT NULL, key VARCHAR NOT NULL, is_baseline BOOLEAN NOT NULL, values_json VARCHAR NOT NULL,
      PRIMARY KEY (sweep, idx))`);
    return new ResultStore(instance, connection);
  }

  /** Records a sweep and its variants (replacing an earlier definition under the same name). */
  async defineSweep(name: string, specJson: string, members: readonly SweepMember[]): Promise<void> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      await this.connection.run('DELETE FROM sweep_variants WHERE sweep = $1', [name]);
      await this.connection.run('INSERT OR REPLACE INTO sweeps VALUES ($1, $2)', [name, specJson]);
      const appender = await this.connection.createAppender('sweep_variants');
      for (const m of members) {
        appender.appendVarchar(name);
        appender.appendInteger(m.index);
        appender.appendVarchar(m.key);
        appender.appendBoolean(m.isBaseline);
        appender.appendVarchar(m.valuesJson);
        appender.endRow();
      }
      appender.closeSync();
      await this.connection.run('COMMIT');
    } catch (error) {
      await this.connection.run('ROLLBACK');
      throw error;
    }
  }

  /** The spec a sweep was last defined with (its canonical JSON), or undefined for a name the database does not hold. */
  async sweepSpecJson(name: string): Promise<string | undefined> {
    const reader = await this.connection.runAndReadAll('SELECT spec_json FROM sweeps WHERE name = $1', [name]);
    const row = reader.getRows()[0];
    return row === undefined ? undefined : String(row[0]);
  }

  /** Names of the sweeps the database holds, sorted. */
  async sweepNames(): Promise<string[]> {
    const reader = await this.connection.runAndReadAll('SELECT name FROM sweeps ORDER BY name');
    return reader.getRows().map((row) => String(row[0]));
  }

  /** The keys among `keys` that already have a result. */
  async doneKeys(keys: readonly string[]): Promise<Set<string>> {
    const done = new Set<string>();
    if (keys.length === 0) return done;
    const wanted = new Set(keys);
    const reader = await this.connection.runAndReadAll('SELECT key FROM variants');
    for (const [key] of reader.getRowsJS()) if (wanted.has(key as string)) done.add(key as string);
    return done;
  }

  /** Stores a result; a key already stored is left as it is (the same key is the same backtest). Returns whether it was new. */
  async put(result: StoredVariant): Promise<boolean> {
    return (await this.putMany([result])) === 1;
  }

  /**
   * Stores results in one transaction; a key already stored (or repeated in `results`) keeps its first
   * result. Returns how many were new. The rows go through DuckDB's appender into a temporary table of
   * this connection and then into `variants` with one `INSERT OR IGNORE`: a parameterised insert per
   * result, each its own commit, cost 13.6 ms a full-history result at 1,000 stored and 20 ms at 4,000
   * (every commit grows the write-ahead log, and each checkpoint rewrites more), against 0.74 ms a
   * result this way (`npm run bench -- sweep`), so a 10,000-variant sweep's main thread spent minutes
   * storing what two worker threads computed.
   */
  async putMany(results: readonly StoredVariant[]): Promise<number> {
    const firstByKey = new Map<string, StoredVariant>();
    for (const r of results) if (!firstByKey.has(r.key)) firstByKey.set(r.key, r);
    if (firstByKey.size === 0) return 0;
    const c = this.connection;
    // `variants`' own columns in its own order, which the appender below fills: the metrics, the curves,
    // then the code version (last also in a database from before it was recorded, which gained it last).
    await c.run(`CREATE TEMP TABLE IF NOT EXISTS ${STAGING_TABLE} AS SELECT * FROM variants LIMIT 0`);
    await c.run(`DELETE FROM ${STAGING_TABLE}`);
    const appender = await c.createAppender(STAGING_TABLE);
    try {
      for (const r of firstByKey.values()) {
        appender.appendVarchar(r.key);
        appender.appendVarchar(r.dataVersion);
        appender.appendVarchar(r.periodFrom);
        appender.appendVarchar(r.periodTo);
        appender.appendVarchar(r.configJson);
        for (const column of METRIC_COLUMNS) {
          const value = r.metrics[column];
          if (value === null) appender.appendNull();
          else appender.appendDouble(value);
        }
        appender.appendBlob(encodeInt32(r.days));
        appender.appendBlob(encodeFloat64(r.equityUsd));
        if (r.codeVersion === null) appender.appendNull();
        else appender.appendVarchar(r.codeVersion);
        appender.endRow();
      }
    } finally {
      // Flushed into the staging table, which the next batch empties first if this one failed.
      appender.closeSync();
    }
    await c.run('BEGIN TRANSACTION');
    try {
      const inserted = await c.run(`INSERT OR IGNORE INTO variants SELECT * FROM ${STAGING_TABLE}`);
      await c.run(`DELETE FROM ${STAGING_TABLE}`);
      await c.run('COMMIT');
      return inserted.rowsChanged;
    } catch (error) {
      await c.run('ROLLBACK');
      throw error;
    }
  }

  /**
   * The sweep's variants in expansion order, with their results where present. `curves: false` leaves
   * the equity curves out (empty arrays): comparing rankings reads only the metrics, and a large sweep's
   * curves are about 58 KB a variant.
   *
   * The members in order (small), then the results a range of stored rows at a time, each put in its
   * member's place, so that DuckDB never holds the curves at once. One query joining and sorting both
   * made DuckDB materialise every curve for the sort, 1.5 GB beside the decoded arrays for a
   * 9,720-variant sweep. Every variant of a sweep covers the same days, so equal day lists are decoded
   * once and shared.
   */
  async sweepRows(name: string, options: { readonly curves?: boolean } = {}): Promise<{ rows: SweepRow[]; missing: SweepMember[] }> {
    const curves = options.curves ?? true;
    // One read transaction: the members and every range of results come from one snapshot.
    await this.connection.run('BEGIN TRANSACTION');
    try {
      const members = (await this.connection.runAndReadAll(`SELECT idx, key, is_baseline, values_json FROM sweep_variants WHERE sweep = $1 ORDER BY idx`, [name])).getRows().map(
        (r): SweepMember => ({ index: Number(r[0]), key: r[1] as string, isBaseline: r[2] as boolean, valuesJson: r[3] as string }),
      );
      const results = await this.readResults(name, curves);
      await this.connection.run('COMMIT');
      const rows: SweepRow[] = [];
      const missing: SweepMember[] = [];
      for (const member of members) {
        const stored = results.get(member.key);
        if (stored === undefined) missing.push(member);
        else rows.push({ ...member, result: stored });
      }
      return { rows, missing };
    } catch (error) {
      await this.connection.run('ROLLBACK');
      throw error;
    }
  }

  /**
   * The stored results of a sweep's members, by key, read ROWS_PER_READ stored rows at a time (by
   * rowid, in storage order). One query over the whole table made DuckDB run ahead of the reader and
   * hold about 1.4 GB of a 9,720-variant sweep's curves at once; in ranges it holds one range's.
   */
  private async readResults(name: string, curves: boolean): Promise<Map<string, StoredVariant>> {
    const results = new Map<string, StoredVariant>();
    const lastRowId = (await this.connection.runAndReadAll('SELECT max(rowid) FROM variants')).getRows()[0]?.[0];
    if (lastRowId === null || lastRowId === undefined) return results;
    // The last few distinct day lists read: a sweep has one period, so one list, read in any order.
    const dayLists: { bytes: Uint8Array; days: Int32Array }[] = [];
    const daysOf = (bytes: Uint8Array): Int32Array => {
      let known = dayLists.find((d) => sameBytes(d.bytes, bytes));
      if (known === undefined) {
        known = { bytes: ownBytes(bytes), days: decodeInt32(bytes) };
        dayLists.unshift(known);
        dayLists.length = Math.min(dayLists.length, SHARED_DAY_LISTS);
      }
      return known.days;
    };
    for (let firstRowId = 0n; firstRowId <= BigInt(lastRowId as bigint | number); firstRowId += BigInt(ROWS_PER_READ)) {
      const reader = await this.connection.runAndReadAll(
        `SELECT key, data_version, period_from, period_to, config_json, ${METRIC_COLUMNS.join(', ')}, code_version${curves ? ', days, equity_usd' : ''}
         FROM variants WHERE rowid >= $2 AND rowid < $3 AND key IN (SELECT key FROM sweep_variants WHERE sweep = $1)`,
        [name, firstRowId, firstRowId + BigInt(ROWS_PER_READ)],
      );
      for (const r of reader.getRows()) {
        const key = r[0] as string;
        const metrics = Object.fromEntries(METRIC_COLUMNS.map((c, i) => [c, r[5 + i] as number | null])) as VariantMetrics;
        const blobs = r.slice(6 + METRIC_COLUMNS.length) as DuckDBBlobValue[];
        results.set(key, {
          key,
          dataVersion: r[1] as string,
          codeVersion: r[5 + METRIC_COLUMNS.length] as string | null,
          periodFrom: r[2] as string,
          periodTo: r[3] as string,
          configJson: r[4] as string,
          metrics,
          days: curves ? daysOf((blobs[0] as DuckDBBlobValue).bytes) : new Int32Array(0),
          equityUsd: curves ? decodeFloat64((blobs[1] as DuckDBBlobValue).bytes) : new Float64Array(0),
        });
      }
    }
    return results;
  }

  /**
   * Writes the sweep's results (one row per variant, in expansion order) as Parquet (with the equity
   * curves) or CSV (without). Parquet is written ROWS_PER_READ variants at a time into part files
   * beside the target, which are then joined in their order into it (DuckDB keeps the order of the
   * files listed and of their rows): one query sorting every curve into expansion order held them all
   * at once, 2.4 GB for 9,720 full-history variants, and fails under the cap.
   */
  async exportSweep(name: string, path: string, format: 'parquet' | 'csv'): Promise<void> {
    mkdirSync(dirname(path), { recursive: true });
    if (format === 'csv') {
      await this.connection.run(`COPY (${exportQuery(name, false)}) TO ${quoteLiteral(path)} (FORMAT csv, HEADER true)`);
      return;
    }
    const lastIndex = (await this.connection.runAndReadAll('SELECT max(idx) FROM sweep_variants WHERE sweep = $1', [name])).getRows()[0]?.[0];
    const memberCount = lastIndex === null || lastIndex === undefined ? 0 : Number(lastIndex) + 1;
    if (memberCount <= ROWS_PER_READ) {
      await this.connection.run(`COPY (${exportQuery(name, true)}) TO ${quoteLiteral(path)} (FORMAT parquet)`);
      return;
    }
    const partsDir = mkdtempSync(join(dirname(path), '.export-parts-'));
    try {
      const parts: string[] = [];
      for (let first = 0; first < memberCount; first += ROWS_PER_READ) {
        const part = join(partsDir, `${String(parts.length).padStart(6, '0')}.parquet`);
        await this.connection.run(`COPY (${exportQuery(name, true, { first, end: first + ROWS_PER_READ })}) TO ${quoteLiteral(part)} (FORMAT parquet)`);
        parts.push(part);
      }
      await this.connection.run(
        `COPY (SELECT * FROM read_parquet([${parts.map(quoteLiteral).join(', ')}])) TO ${quoteLiteral(path)} (FORMAT parquet, ROW_GROUP_SIZE ${ROWS_PER_READ})`,
      );
    } finally {
      rmSync(partsDir, { recursive: true, force: true });
    }
  }

  /** DuckDB's memory limit as it reports it ("488.2 MiB" for the cap). */
  async memoryLimit(): Promise<string> {
    return String((await this.connection.runAndReadAll(`SELECT current_setting('memory_limit')`)).getRows()[0]?.[0]);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
