/**
 * The market tape on disk between runs: one file per key (data version, model settings, tape format and
 * code fingerprint, see marketTapeKey) under `$ALVH_HOME/tape` or a folder of the caller's choosing.
 *
 * File layout: a header line `alvh-market-tape <format version>`, a JSON line with the key, the
 * payload's byte length and its SHA-256, then the payload: the content with its long lists of rows
 * (days, betas, signals) in columns (columns.ts), in V8's structured-clone serialisation, which keeps
 * typed arrays as such; every double is kept bit for bit.
 * A write goes to a temporary file in the same folder, is flushed, then renamed over the target: a crash
 * mid-write leaves the old file or none, never a partial one under the key's name. A read checks the
 * header, the key, the length, the checksum and that the content belongs to the history; any failure
 * is reported and the tape rebuilt, never used.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { codeFingerprint } from '../data/codeFingerprint.js';
import type { MarketHistory } from '../history/types.js';
import { decodeRows, encodeRows, type ColumnarRows } from './columns.js';
import type { SignalDeps } from '../signals/engine.js';
import { contentMismatch, createMarketTape, MARKET_TAPE_FORMAT_VERSION, marketTapeKey, type MarketTape, type MarketTapeContent, type MarketTapeSettings } from './marketTape.js';

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

export type TapeReadOutcome =
  | { readonly kind: 'found'; readonly content: MarketTapeContent }
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly reason: string };

interface TapeHeader {
  readonly key: string;
  readonly payloadBytes: number;
  readonly sha256: string;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The payload as stored: the long lists of rows in columns (columns.ts), the rest as it is. */
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

function contentOf(stored: StoredTape): MarketTapeContent {
  return {
    formatVersion: stored.formatVersion,
    dataVersion: stored.dataVersion,
    settingsHash: stored.settingsHash,
    tradingDays: stored.tradingDays,
    betas: decodeRows(stored.betas) as MarketTapeContent['betas'],
    signals: decodeRows(stored.signals) as MarketTapeContent['signals'],
    days: decodeRows(stored.days) as MarketTapeContent['days'],
  };
}

/** The file's bytes for a key and a content. */
export function encodeTapeFile(key: string, content: MarketTapeContent): Buffer {
  const payload = serialize(storedTape(content));
  const header: TapeHeader = { key, payloadBytes: payload.length, sha256: sha256(payload) };
  return Buffer.concat([Buffer.from(`${MAGIC} ${MARKET_TAPE_FORMAT_VERSION}\n${JSON.stringify(header)}\n`, 'utf8'), payload]);
}

/** The content of a file's bytes, or why they cannot be used. */
export function decodeTapeFile(bytes: Buffer, key: string): TapeReadOutcome {
  const corrupt = (reason: string): TapeReadOutcome => ({ kind: 'corrupt', reason });
  const firstNewline = bytes.indexOf(0x0a);
  if (firstNewline < 0) return corrupt('no header line');
  const magic = bytes.subarray(0, firstNewline).toString('utf8');
  if (magic !== `${MAGIC} ${MARKET_TAPE_FORMAT_VERSION}`) return corrupt(`header '${magic.slice(0, 40)}' is not '${MAGIC} ${MARKET_TAPE_FORMAT_VERSION}'`);
  const secondNewline = bytes.indexOf(0x0a, firstNewline + 1);
  if (secondNewline < 0) return corrupt('no key line');
  let header: TapeHeader;
  try {
    header = JSON.parse(bytes.subarray(firstNewline + 1, secondNewline).toString('utf8')) as TapeHeader;
  } catch {
    return corrupt('the key line is not JSON');
  }
  if (typeof header !== 'object' || header === null) return corrupt('the key line is not an object');
  if (header.key !== key) return corrupt('the file holds another key');
  const payload = bytes.subarray(secondNewline + 1);
  if (payload.length !== header.payloadBytes) return corrupt(`payload of ${payload.length} bytes, the header says ${header.payloadBytes} (truncated?)`);
  if (sha256(payload) !== header.sha256) return corrupt('checksum mismatch');
  try {
    return { kind: 'found', content: contentOf(deserialize(payload) as StoredTape) };
  } catch (error) {
    return corrupt(`payload does not deserialise: ${(error as Error).message}`);
  }
}

export function readTapeFile(dir: string, key: string): TapeReadOutcome {
  let bytes: Buffer;
  try {
    bytes = readFileSync(tapeFilePath(dir, key));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'corrupt', reason: `cannot read: ${(error as Error).message}` };
  }
  return decodeTapeFile(bytes, key);
}

/**
 * Writes the file for a key: a temporary file in the same folder, flushed, renamed over the target
 * (atomic on one file system). `beforeRename` is the tests' hook to simulate a crash between the two.
 */
export function writeTapeFile(dir: string, key: string, content: MarketTapeContent, hooks: { readonly beforeRename?: () => void } = {}): string {
  mkdirSync(dir, { recursive: true });
  const target = tapeFilePath(dir, key);
  const temporary = join(dir, `.${key}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const bytes = encodeTapeFile(key, content);
  const fd = openSync(temporary, 'wx');
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    hooks.beforeRename?.();
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return target;
}

/**
 * Tapes kept in a folder: each data update or model change starts a new key, so the oldest files beyond
 * this many are removed when a tape is stored (about 20 MB each for the whole bundled history).
 */
export const MAX_KEPT_TAPE_FILES = 4;
/** A temporary file older than this is left over from a crashed write, and is removed. */
const STALE_TEMPORARY_MS = 60 * 60 * 1000;

/** Removes all but the newest MAX_KEPT_TAPE_FILES tapes (never `keep`) and stale temporary files. */
export function pruneTapeDir(dir: string, keep: string, nowMs: number = Date.now()): void {
  const tapes: { path: string; mtimeMs: number }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    let mtimeMs: number;
    try {
      mtimeMs = statSync(path).mtimeMs;
    } catch {
      continue;
    }
    if (name.endsWith('.tmp') && name.startsWith('.') && nowMs - mtimeMs > STALE_TEMPORARY_MS) rmSync(path, { force: true });
    else if (name.endsWith(TAPE_FILE_EXTENSION) && path !== keep) tapes.push({ path, mtimeMs });
  }
  tapes.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const old of tapes.slice(MAX_KEPT_TAPE_FILES - 1)) rmSync(old.path, { force: true });
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
