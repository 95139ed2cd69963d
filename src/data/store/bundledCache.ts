/**
 * The bundled history as parsed and checked, kept on disk between runs. Every command used to split,
 * parse and check the bundled CSV files (about 200,000 rows) before doing anything: about half a second
 * of CPU and as much again in garbage collection, a quarter of `alvh signal`. The result depends only on
 * the files' bytes, the parse options and the parsing code, so it is stored once under a key made of
 * all three (and of the V8 version whose serialisation stores it), and read back in about a tenth of the
 * time: the records in columns (src/lib/columns.ts), every number bit for bit, in a checked file
 * (src/data/fs/checkedFile.ts: header, key, length, SHA-256, written atomically). A file that cannot be
 * used is parsed again and replaced; a cache that cannot be written is only slower. The data version
 * (the hash of the files' bytes) is computed from the bytes read each time, never from the cache.
 *
 * The folder is `$ALVH_CACHE_DIR`, else `$XDG_CACHE_HOME/alvh`, else `~/.cache/alvh`: a cache that any
 * run can rebuild, shared by every alvh home on the machine (it holds nothing of the user's).
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { codeFingerprint } from '../codeFingerprint.js';
import { encodeCheckedFile, pruneCacheDir, readCheckedFile, writeFileAtomically } from '../fs/checkedFile.js';
import { decodeRows, encodeRows, type ColumnarRows } from '../../lib/columns.js';
import type { EventCoverage, MonthlyDividendYield } from '../../history/memoryHistory.js';
import type { IndexSeriesName } from '../../history/types.js';
import type { PlausibleRanges } from '../validate/plausibleRanges.js';
import type { EventRecord, IndexRecord, RateQuoteName, RateRecord, VxRecord } from '../records.js';

/** A file as read: its name in the bundled folder and its bytes. */
export interface RawFile {
  readonly name: string;
  readonly bytes: Buffer;
}

/** What parsing and checking the bundled files gives. */
export interface ParsedBundled {
  index: Map<IndexSeriesName, IndexRecord[]>;
  vxFutures: VxRecord[];
  rates: Map<RateQuoteName, RateRecord[]>;
  events: EventRecord[];
  eventCoverage: EventCoverage[];
  dividendYield: MonthlyDividendYield;
  warnings: string[];
}

/** Raised with every change to the stored layout below. */
export const BUNDLED_CACHE_FORMAT_VERSION = 2;
const FORMAT_LINE = `alvh-bundled-history ${BUNDLED_CACHE_FORMAT_VERSION}`;
const CACHE_FILE_EXTENSION = '.bundled';
/** Each data or code version has its own file; the newest this many are kept (about 7 MB each). */
export const MAX_KEPT_BUNDLED_CACHE_FILES = 3;
/** The folders whose code parses and checks the bundled files: a change to any file changes the key. */
const PARSING_CODE_FOLDERS = ['data', 'history', 'time', 'lib'] as const;

/** `$ALVH_CACHE_DIR`, else `$XDG_CACHE_HOME/alvh`, else `~/.cache/alvh`. */
export function defaultBundledCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['ALVH_CACHE_DIR'];
  if (explicit !== undefined && explicit !== '') return explicit;
  const xdg = env['XDG_CACHE_HOME'];
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache'), 'alvh');
}

export function bundledCacheFilePath(dir: string, key: string): string {
  return join(dir, `${key}${CACHE_FILE_EXTENSION}`);
}

let parsingCode: string | undefined;

/** SHA-256 (hex) of the files' names and bytes, the parse options, the parsing code and V8's version. */
export function bundledCacheKey(files: readonly RawFile[], options: { readonly ranges: PlausibleRanges; readonly firstDayIso: string; readonly rateLeadInCalendarDays: number }): string {
  parsingCode ??= codeFingerprint(PARSING_CODE_FOLDERS);
  const hash = createHash('sha256');
  hash.update(`${FORMAT_LINE}\0${parsingCode}\0${process.versions.v8}\0`);
  hash.update(`${JSON.stringify(options.ranges)}\0${options.firstDayIso}\0${options.rateLeadInCalendarDays}\0`);
  for (const file of files) hash.update(`${file.name}\0${file.bytes.length}\0`).update(file.bytes);
  return hash.digest('hex');
}

/** The payload as stored: the record lists in columns, the rest as it is. */
interface StoredBundled {
  readonly index: ReadonlyArray<readonly [IndexSeriesName, ColumnarRows]>;
  readonly vxFutures: ColumnarRows;
  readonly rates: ReadonlyArray<readonly [RateQuoteName, ColumnarRows]>;
  readonly events: ColumnarRows;
  readonly eventCoverage: EventCoverage[];
  readonly dividendYield: MonthlyDividendYield;
  readonly warnings: string[];
}

function stored(parsed: ParsedBundled): StoredBundled {
  return {
    index: [...parsed.index].map(([name, records]) => [name, encodeRows(records)] as const),
    vxFutures: encodeRows(parsed.vxFutures),
    rates: [...parsed.rates].map(([name, records]) => [name, encodeRows(records)] as const),
    events: encodeRows(parsed.events),
    eventCoverage: parsed.eventCoverage,
    dividendYield: parsed.dividendYield,
    warnings: parsed.warnings,
  };
}

function parsedOf(s: StoredBundled): ParsedBundled {
  return {
    index: new Map(s.index.map(([name, rows]) => [name, decodeRows(rows) as IndexRecord[]])),
    vxFutures: decodeRows(s.vxFutures) as VxRecord[],
    rates: new Map(s.rates.map(([name, rows]) => [name, decodeRows(rows) as RateRecord[]])),
    events: decodeRows(s.events) as EventRecord[],
    eventCoverage: s.eventCoverage,
    dividendYield: s.dividendYield,
    warnings: s.warnings,
  };
}

/** The stored parse of a key, or undefined when there is none or it cannot be used (it is then rebuilt). */
export function readBundledCache(dir: string, key: string): ParsedBundled | undefined {
  const read = readCheckedFile(bundledCacheFilePath(dir, key), FORMAT_LINE, key);
  if (read.kind !== 'found') return undefined;
  try {
    return parsedOf(deserialize(read.payload) as StoredBundled);
  } catch {
    return undefined;
  }
}

/**
 * Stores a parse under its key and prunes the folder. Best effort: a folder that cannot be written (a
 * read-only home, a full disk) leaves the run as it was, only without the cache.
 */
export function writeBundledCache(dir: string, key: string, parsed: ParsedBundled, hooks: { readonly beforeRename?: () => void } = {}): boolean {
  const path = bundledCacheFilePath(dir, key);
  try {
    writeFileAtomically(path, encodeCheckedFile(FORMAT_LINE, key, serialize(stored(parsed))), hooks);
    pruneCacheDir(dir, CACHE_FILE_EXTENSION, path, MAX_KEPT_BUNDLED_CACHE_FILES);
    return true;
  } catch {
    return false;
  }
}
