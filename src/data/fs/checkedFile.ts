/**
 * Files that cache a computed result between runs (the market tape, the parsed bundled history), in
 * one layout: a header line `<magic> <format version>`, a JSON line with the key, the payload's byte
 * length and its SHA-256, then the payload. A read checks the header, the key, the length and the
 * checksum, and says why a file cannot be used rather than using it. A write goes to a temporary file in
 * the same folder, is flushed, then renamed over the target (atomic on one file system): a crash
 * mid-write leaves the old file or none, never a partial one under the target's name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Why a cache file gives nothing: there is none, or it cannot be used (the reason says why). */
export type CheckedFileProblem = { readonly kind: 'missing' } | { readonly kind: 'corrupt'; readonly reason: string };

export type CheckedFileRead = { readonly kind: 'found'; readonly payload: Buffer } | CheckedFileProblem;

interface CheckedFileHeader {
  readonly key: string;
  readonly payloadBytes: number;
  readonly sha256: string;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The file's bytes: `formatLine` (magic and format version), the key line, the payload. */
export function encodeCheckedFile(formatLine: string, key: string, payload: Buffer): Buffer {
  const header: CheckedFileHeader = { key, payloadBytes: payload.length, sha256: sha256(payload) };
  return Buffer.concat([Buffer.from(`${formatLine}\n${JSON.stringify(header)}\n`, 'utf8'), payload]);
}

/** The payload of a file's bytes, or why they cannot be used. */
export function decodeCheckedFile(bytes: Buffer, formatLine: string, key: string): Exclude<CheckedFileRead, { kind: 'missing' }> {
  const corrupt = (reason: string) => ({ kind: 'corrupt', reason }) as const;
  const firstNewline = bytes.indexOf(0x0a);
  if (firstNewline < 0) return corrupt('no header line');
  const magic = bytes.subarray(0, firstNewline).toString('utf8');
  if (magic !== formatLine) return corrupt(`header '${magic.slice(0, 40)}' is not '${formatLine}'`);
  const secondNewline = bytes.indexOf(0x0a, firstNewline + 1);
  if (secondNewline < 0) return corrupt('no key line');
  let header: CheckedFileHeader;
  try {
    header = JSON.parse(bytes.subarray(firstNewline + 1, secondNewline).toString('utf8')) as CheckedFileHeader;
  } catch {
    return corrupt('the key line is not JSON');
  }
  if (typeof header !== 'object' || header === null) return corrupt('the key line is not an object');
  if (header.key !== key) return corrupt('the file holds another key');
  const payload = bytes.subarray(secondNewline + 1);
  if (payload.length !== header.payloadBytes) return corrupt(`payload of ${payload.length} bytes, the header says ${header.payloadBytes} (truncated?)`);
  if (sha256(payload) !== header.sha256) return corrupt('checksum mismatch');
  return { kind: 'found', payload };
}

export function readCheckedFile(path: string, formatLine: string, key: string): CheckedFileRead {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'corrupt', reason: `cannot read: ${(error as Error).message}` };
  }
  return decodeCheckedFile(bytes, formatLine, key);
}

/**
 * Writes `bytes` to `path` through a temporary file in the same folder, flushed, then renamed over the
 * target. `beforeRename` is the tests' hook to simulate a crash between the two.
 */
export function writeFileAtomically(path: string, bytes: Buffer, hooks: { readonly beforeRename?: () => void } = {}): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temporary = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
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
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** A temporary file older than this is left over from a crashed write, and is removed. */
export const STALE_TEMPORARY_MS = 60 * 60 * 1000;

/**
 * Keeps the newest `maxKept` files ending in `extension` in a cache folder (`keep`, the file just
 * written, always among them) and removes temporary files left over from crashed writes.
 */
export function pruneCacheDir(dir: string, extension: string, keep: string, maxKept: number, nowMs: number = Date.now()): void {
  const kept: { path: string; mtimeMs: number }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    let mtimeMs: number;
    try {
      mtimeMs = statSync(path).mtimeMs;
    } catch {
      continue;
    }
    if (name.endsWith('.tmp') && name.startsWith('.') && nowMs - mtimeMs > STALE_TEMPORARY_MS) rmSync(path, { force: true });
    else if (name.endsWith(extension) && path !== keep) kept.push({ path, mtimeMs });
  }
  kept.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const old of kept.slice(maxKept - 1)) rmSync(old.path, { force: true });
}
