/**
 * A lock file that serialises writers of one folder across processes (`alvh data import` and `alvh
 * data update` into the same overlay). The lock is a file created with O_EXCL holding the owner's
 * pid, host and start time, so a writer that finds it taken can say who holds it; a lock left by a
 * killed process (its pid no longer running on this host) is taken over. A second writer waits up to
 * `waitMs`, polling, then fails with a FileLockBusyError naming the holder.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly sinceIso: string;
  readonly command: string;
}

export class FileLockBusyError extends Error {
  override name = 'FileLockBusyError';
  constructor(
    readonly lockPath: string,
    readonly holder: LockHolder | undefined,
    readonly waitedMs: number,
  ) {
    super(
      holder === undefined
        ? `${lockPath} is held by another process (waited ${Math.round(waitedMs / 1000)} s)`
        : `${lockPath} is held by '${holder.command}' (pid ${holder.pid} on ${holder.host}, since ${holder.sinceIso}); waited ${Math.round(waitedMs / 1000)} s`,
    );
  }
}

export interface LockOptions {
  /** How long a second writer waits for the lock, milliseconds. */
  readonly waitMs: number;
  /** Polling interval while waiting, milliseconds. */
  readonly pollMs: number;
  /** What the holder is doing, shown to a writer that finds the lock taken. */
  readonly command: string;
}

export const DEFAULT_LOCK_WAIT_MS = 30_000;
export const DEFAULT_LOCK_POLL_MS = 50;

/** A lock file longer than this is not one of ours: read only this much of it. */
const MAX_LOCK_FILE_CHARS = 4096;

function parseHolder(text: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(text.slice(0, MAX_LOCK_FILE_CHARS)) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return undefined;
    return { pid: parsed.pid, host: String(parsed.host ?? ''), sinceIso: String(parsed.sinceIso ?? ''), command: String(parsed.command ?? '').slice(0, 200) };
  } catch {
    return undefined;
  }
}

/** True when `pid` is a running process (of any user) on this machine. */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(lockPath: string): Promise<LockHolder | undefined | 'gone'> {
  try {
    return parseHolder(await readFile(lockPath, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
}

async function tryCreate(lockPath: string, holder: LockHolder): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(JSON.stringify(holder));
  } catch (error) {
    // A lock without its holder (the disk is full) would make the next writer wait: remove it.
    await handle.close();
    await rm(lockPath, { force: true });
    throw error;
  }
  await handle.close();
  return true;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `body` holding the lock at `lockPath`; the lock is released when `body` settles. */
export async function withFileLock<T>(lockPath: string, options: LockOptions, body: () => Promise<T>): Promise<T> {
  const me: LockHolder = { pid: process.pid, host: hostname(), sinceIso: new Date().toISOString(), command: options.command };
  const started = Date.now();
  // A lock file whose content is unreadable (a writer killed between create and write) is given a
  // grace period before it counts as stale.
  let unreadableSince: number | undefined;
  for (;;) {
    if (await tryCreate(lockPath, me)) break;
    const holder = await readHolder(lockPath);
    if (holder === 'gone') continue;
    if (holder === undefined) {
      unreadableSince ??= Date.now();
      if (Date.now() - unreadableSince > options.pollMs * 20) {
        await rm(lockPath, { force: true });
        continue;
      }
    } else if (holder.host === me.host && !processIsAlive(holder.pid)) {
      // Left by a process that no longer runs (killed): take it over.
      await rm(lockPath, { force: true });
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= options.waitMs) throw new FileLockBusyError(lockPath, holder === undefined ? undefined : holder, waited);
    await sleep(options.pollMs);
  }
  try {
    return await body();
  } finally {
    await rm(lockPath, { force: true });
  }
}
