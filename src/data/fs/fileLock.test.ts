import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileLockBusyError, processIsAlive, withFileLock } from './fileLock.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'alvh-lock-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Short waits: these tests measure the policy, not the CLI's 30 s default. */
const FAST = { waitMs: 300, pollMs: 10, command: 'test' };

/** The pid of a process that has exited (and so cannot hold a lock). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('withFileLock', () => {
  it('serialises two bodies in one process: the second starts after the first ends', async () => {
    const lock = join(tempDir(), 'x.lock');
    const log: string[] = [];
    const body = (name: string) => async () => {
      log.push(`${name} in`);
      await new Promise((r) => setTimeout(r, 30));
      log.push(`${name} out`);
    };
    await Promise.all([withFileLock(lock, { ...FAST, waitMs: 5000 }, body('a')), withFileLock(lock, { ...FAST, waitMs: 5000 }, body('b'))]);
    // Which body takes the lock first is a race between two asynchronous file creations (a fresh
    // clone's run saw b first); that the two never overlap is the property.
    expect([
      ['a in', 'a out', 'b in', 'b out'],
      ['b in', 'b out', 'a in', 'a out'],
    ]).toContainEqual(log);
  });

  it('a second writer that waits past its limit is told who holds the lock (issue 13: "says who holds the lock")', async () => {
    const lock = join(tempDir(), 'x.lock');
    // This test process is alive: its lock is not stale.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), sinceIso: '2026-01-02T03:04:05.000Z', command: 'alvh data import big.csv' }));
    const attempt = withFileLock(lock, FAST, async () => 'ran');
    await expect(attempt).rejects.toThrow(FileLockBusyError);
    await expect(withFileLock(lock, FAST, async () => 'ran')).rejects.toThrow(`held by 'alvh data import big.csv' (pid ${process.pid} on ${hostname()}, since 2026-01-02T03:04:05.000Z)`);
    expect(readFileSync(lock, 'utf8')).toContain('big.csv');
  });

  it('takes over a lock left by a killed process (its pid no longer runs)', async () => {
    const lock = join(tempDir(), 'x.lock');
    const pid = deadPid();
    expect(processIsAlive(pid)).toBe(false);
    writeFileSync(lock, JSON.stringify({ pid, host: hostname(), sinceIso: '2026-01-02T03:04:05.000Z', command: 'killed' }));
    await expect(withFileLock(lock, FAST, async () => 'ran')).resolves.toBe('ran');
  });

  it('releases the lock when the body throws', async () => {
    const lock = join(tempDir(), 'x.lock');
    await expect(withFileLock(lock, FAST, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(withFileLock(lock, FAST, async () => 'again')).resolves.toBe('again');
  });
});
