/**
 * Issue 13 for the data overlay: temp files of killed or failed imports are removed at the next
 * start, and a write the disk refuses is one clear error that leaves the store as it was.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultBundledDir } from '../loadHistory.js';
import { openMarketDataStore, OverlayWriteError } from './fileMarketDataStore.js';
import { dayFromIso } from '../../time/day.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'alvh-overlay-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
}

const vixRow = { line: 2, day: dayFromIso('2026-08-24'), open: 15.1, high: 15.9, low: 14.8, close: 15.2 };

describe('overlay temp files', () => {
  it('a temp file of a killed import (9 MB in the report) is removed when the store next opens; one of a running writer is kept', async () => {
    const userDir = tempDir();
    mkdirSync(join(userDir, 'overlay'));
    const killed = join(userDir, 'overlay', `index-vix.csv.tmp-${deadPid()}`);
    const running = join(userDir, 'overlay', `index-spx.csv.tmp-${process.pid}`);
    writeFileSync(killed, 'x'.repeat(1000));
    writeFileSync(running, 'y');
    const store = await openMarketDataStore({ bundledDir: defaultBundledDir(), userDir });
    expect(existsSync(killed)).toBe(false);
    expect(existsSync(running)).toBe(true);
    // Under the overlay lock no write is in flight: every temp file goes.
    const applied = await store.apply([{ kind: 'index', name: 'vix', records: [vixRow] }], 'VIX_History.csv', { replace: false });
    expect(applied.ok).toBe(true);
    expect(readdirSync(join(userDir, 'overlay')).sort()).toEqual(['index-vix.csv']);
  });

  it('a write that fails (here the temp path is taken by a folder) is one OverlayWriteError, the store unchanged and no lock left', async () => {
    const userDir = tempDir();
    const store = await openMarketDataStore({ bundledDir: defaultBundledDir(), userDir });
    mkdirSync(join(userDir, 'overlay', `index-vix.csv.tmp-${process.pid}`, 'inner'), { recursive: true });
    // The folder is not a regular temp file, so the cleanup leaves it and the write hits it.
    await expect(store.apply([{ kind: 'index', name: 'vix', records: [vixRow] }], 'VIX_History.csv', { replace: false })).rejects.toThrow(OverlayWriteError);
    expect(existsSync(join(userDir, 'overlay', 'index-vix.csv'))).toBe(false);
    expect(existsSync(join(userDir, 'overlay.lock'))).toBe(false);
  });
});
