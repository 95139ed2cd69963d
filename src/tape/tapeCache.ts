/**
 * The market tape on disk between runs: one file per key (data version, model settings, tape format and
 * code fingerprint, see marketTapeKey) under `$ALVH_HOME/tape` or a folder of the caller's choosing.
 *
 * File layout: a header line `alvh-market-tape <format version>`, a JSON line with the key, the
 * payload's byte length and its SHA-256, then the payload: the content with its long lists of rows
 * (days, betas, signals) in columns (src/lib/columns.ts), in V8's structured-clone serialisation, which keeps
 * typed arrays as such; every double is kept bit for bit.
 * A write goes to a temporary file in the same folder, is flushed, then renamed over the target: a crash
 * mid-write leaves the old file or none, never a partial one under the key's name. A read checks the
 * header, the key, the length, the checksum and that the content belongs to the history; any failure
 * is reported and the tape rebuilt, never used.
 */
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { codeFingerprint } from '../data/codeFingerprint.js';
import { decodeCheckedFile, encodeCheckedFile, pruneCacheDir, readCheckedFile, writeFileAtomically, type CheckedFileProblem } from '../data/fs/checkedFile.js';
import type { MarketHistory } from '../history/types.js';
import { decodeRows, encodeRows, rowReader, type ColumnarRows, type IndexedRows } from '../lib/columns.js';
import type { DailySignals } from '../signals/dailySignals.js';
import type { SignalDeps } from '../signals/engine.js';
import { contentMismatch, createMarketTape, MARKET_TAPE_FORMAT_VERSION, marketTapeKey, type MarketTape, type MarketTapeContent, type MarketTapeSettings, type StoredTapeContent, type TapeDayState } from './marketTape.js';

const MAGIC = 'alvh-market-tape';
export const TAPE_DIR_NAME = 'tape';
const TAPE_FILE_EXTENSION = '.tape';

/** The tape folder under a user folder (`$ALVH_HOME` or `~/.alvh`). */
export function defaultTapeCacheDir(userDir: string): string {
  return join(userDir, TAPE_DIR_NAME);
}

export function tapeFilePath(dir: string, key: string): string {
  return join(dir, `${key}${TAPE_FILE_EXTENSION}`);
}

/**
 * The folders whose code computes a tape's content (the calibration, the betas and signals, and what
 * they read): a change to any of their files changes the fingerprint and so the key.
 */
const CODE_FOLDERS = ['market', 'signals', 'pricing', 'calendar', 'history', 'time', 'lib', 'tape'] as const;
const CODE_FILES = [join('engine', 'modelMarketView')] as const;
let fingerprint: string | undefined;

/** SHA-256 over the names and contents of the code that computes the tape (this build's, once per process). */
export function tapeCodeFingerprint(): string {
  fingerprint ??= codeFingerprint(CODE_FOLDERS, CODE_FILES);
  return fingerprint;
}

export type TapeReadOutcome = { readonly kind: 'found'; readonly content: StoredTapeContent } | CheckedFileProblem;

/** The payload as stored: the long lists of rows in columns (src/lib/columns.ts), the rest as it is. */
interface StoredTape {
  readonly formatVersion: number;
  readonly dataVersion: string;
  readonly settingsHash: string;
  readonly tradingDays: Int32Array;
  readonly betas: ColumnarRows;
  readonly signals: ColumnarRows;
  readonly days: ColumnarRows;
}

function storedTape(content: MarketTapeContent): StoredTape {
  return {
    formatVersion: content.formatVersion,
    dataVersion: content.dataVersion,
    settingsHash: content.settingsHash,
    tradingDays: content.tradingDays,
    betas: encodeRows(content.betas),
    signals: encodeRows(content.signals),
    days: encodeRows(content.days),
  };
}

/** Rows of a stored column set, each decoded when read. */
function tapeRows<T>(rows: ColumnarRows): IndexedRows<T> {
  const reader = rowReader(rows);
  return { length: reader.length, at: (index) => reader.row(index) as T | undefined };
}

/**
 * The content of a stored tape. The betas are decoded whole (every run reads them all); the calibrated
 * days and the signal table are decoded row by row as they are read, so a command that works on one day
 * (the daily signal) does not build thousands. Their columns are checked here all the same: a bad file
 * is refused now, never halfway through a run.
 */
function contentOf(stored: StoredTape): StoredTapeContent {
  return {
    formatVersion: stored.formatVersion,
    dataVersion: stored.dataVersion,
    settingsHash: stored.settingsHash,
    tradingDays: stored.tradingDays,
    betas: decodeRows(stored.betas) as MarketTapeContent['betas'],
    signals: tapeRows<DailySignals>(stored.signals),
    days: tapeRows<TapeDayState | null>(stored.days),
  };
}

const FORMAT_LINE = `${MAGIC} ${MARKET_TAPE_FORMAT_VERSION}`;

/** The file's bytes for a key and a content. */
export function encodeTapeFile(key: string, content: MarketTapeContent): Buffer {
  return encodeCheckedFile(FORMAT_LINE, key, serialize(storedTape(content)));
}

function contentOfPayload(payload: Buffer): TapeReadOutcome {
  try {
    return { kind: 'found', content: contentOf(deserialize(payload) as StoredTape) };
  } catch (error) {
    return { kind: 'corrupt', reason: `payload does not deserialise: ${(error as Error).message}` };
  }
}

/** The content of a file's bytes, or why they cannot be used. */
export function decodeTapeFile(bytes: Buffer, key: string): TapeReadOutcome {
  const decoded = decodeCheckedFile(bytes, FORMAT_LINE, key);
  return decoded.kind === 'found' ? contentOfPayload(decoded.payload) : decoded;
}

export function readTapeFile(dir: string, key: string): TapeReadOutcome {
  const read = readCheckedFile(tapeFilePath(dir, key), FORMAT_LINE, key);
  return read.kind === 'found' ? contentOfPayload(read.payload) : read;
}

/**
 * Writes the file for a key: a temporary file in the same folder, flushed, renamed over the target
 * (atomic on one file system). `beforeRename` is the tests' hook to simulate a crash between the two.
 */
export function writeTapeFile(dir: string, key: string, content: MarketTapeContent, hooks: { readonly beforeRename?: () => void } = {}): string {
  const target = tapeFilePath(dir, key);
  writeFileAtomically(target, encodeTapeFile(key, content), hooks);
  return target;
}

/**
 * Tapes kept in a folder: each data update or model change starts a new key, so the least recently
 * used files beyond this many are removed when a tape is stored (about 20 MB each for the whole bundled
 * history). `alvh backtest --across-models` reads a tape for its own model and one for each bundled
 * model config at once: fewer than that, and every run would calibrate again the tapes the run itself
 * had pushed out (a test holds the count above the bundled configs').
 */
export const MAX_KEPT_TAPE_FILES = 8;
/**
 * Removes all but the MAX_KEPT_TAPE_FILES most recently used tapes (never `keep`) and stale temporary
 * files. A tape's modification time is its last use: openMarketTape sets it when it reads one.
 */
export function pruneTapeDir(dir: string, keep: string, nowMs: number = Date.now()): void {
  pruneCacheDir(dir, TAPE_FILE_EXTENSION, keep, MAX_KEPT_TAPE_FILES, nowMs);
}

export type TapeCacheStatus =
  /** The disk cache is off: the tape lives for this process only. */
  | { readonly kind: 'off' }
  | { readonly kind: 'warm'; readonly path: string }
  | { readonly kind: 'cold'; readonly path: string }
  /** A file was there but could not be used (named reason): rebuilt, and replaced on save. */
  | { readonly kind: 'rebuilt'; readonly path: string; readonly reason: string };

export interface OpenedTape {
  readonly tape: MarketTape;
  readonly status: TapeCacheStatus;
  /** Writes the tape when it gained days since it was opened; returns whether it wrote. */
  save(): boolean;
}

export interface OpenTapeOptions {
  readonly history: MarketHistory;
  readonly settings: MarketTapeSettings;
  readonly signalDeps: SignalDeps;
  /** The cache folder; undefined turns the disk cache off. */
  readonly cacheDir: string | undefined;
}

/**
 * Sets a tape's modification time to now, so the folder's pruning keeps it as recently used. Best
 * effort: a folder the user may read but not write still serves its tapes.
 */
function markUsed(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // Read-only: the tape is still used, only its place in the pruning order stays as it was.
  }
}

/** The tape of a history and settings: read from the cache when a sound file is there, else computed. */
export function openMarketTape(options: OpenTapeOptions): OpenedTape {
  const { history, settings, signalDeps, cacheDir } = options;
  if (cacheDir === undefined) {
    const tape = createMarketTape(history, settings, signalDeps);
    return { tape, status: { kind: 'off' }, save: () => false };
  }
  const key = marketTapeKey(history.dataVersion, settings, tapeCodeFingerprint());
  const path = tapeFilePath(cacheDir, key);
  const read = readTapeFile(cacheDir, key);
  let tape: MarketTape | undefined;
  let status: TapeCacheStatus = { kind: 'cold', path };
  let mustWrite = false;
  if (read.kind === 'found') {
    const mismatch = contentMismatch(read.content, history, settings);
    if (mismatch === undefined) {
      tape = createMarketTape(history, settings, signalDeps, read.content);
      status = { kind: 'warm', path };
      markUsed(path);
    } else {
      status = { kind: 'rebuilt', path, reason: mismatch };
    }
  } else if (read.kind === 'corrupt') {
    status = { kind: 'rebuilt', path, reason: read.reason };
  }
  if (tape === undefined) {
    tape = createMarketTape(history, settings, signalDeps);
    // A bad file is replaced even if the run calibrates nothing new.
    mustWrite = status.kind === 'rebuilt';
  }
  const opened = tape;
  let savedAt = opened.addedDays;
  return {
    tape: opened,
    status,
    save() {
      if (!mustWrite && opened.addedDays === savedAt) return false;
      const written = writeTapeFile(cacheDir, key, opened.content());
      pruneTapeDir(cacheDir, written);
      savedAt = opened.addedDays;
      mustWrite = false;
      return true;
    },
  };
}
