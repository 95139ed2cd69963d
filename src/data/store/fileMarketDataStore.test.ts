import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMarketDataStore } from './fileMarketDataStore.js';
import { defaultBundledDir } from '../loadHistory.js';
import { snapshotDir } from '../../../test/support/dirSnapshot.js';
import { dayFromIso } from '../../time/day.js';

describe('the file store', () => {
  let userDir: string;
  beforeEach(async () => {
    userDir = await mkdtemp(join(tmpdir(), 'alvh-store-'));
  });
  afterEach(async () => {
    await rm(userDir, { recursive: true, force: true });
  });

  it('ignores a temporary file left by a write interrupted before its rename', async () => {
    const clean = await openMarketDataStore({ bundledDir: defaultBundledDir(), userDir });
    await mkdir(join(userDir, 'overlay'));
    await writeFile(join(userDir, 'overlay', `index-vix.csv.tmp-12345`), 'date,open,high,low,close\n2026-08-24,1,1,1,1\n');
    const reopened = await openMarketDataStore({ bundledDir: defaultBundledDir(), userDir });
    expect(reopened.contents().dataVersion).toBe(clean.contents().dataVersion);
    expect(reopened.contents().overlayKeys).toEqual([]);
  });

  it('writes none of several datasets when one of them conflicts', async () => {
    const store = await openMarketDataStore({ bundledDir: defaultBundledDir(), userDir });
    const before = await snapshotDir(userDir);
    const fresh = { line: 2, day: dayFromIso('2026-08-24'), open: 15, high: 16, low: 14, close: 15.5 };
    const conflicting = { line: 2, day: dayFromIso('2026-07-22'), discountYieldPct: 9.99 };
    const outcome = await store.apply(
      [
        { kind: 'index', name: 'vix', records: [fresh] },
        { kind: 'rate', name: 'irx', records: [conflicting] },
      ],
      'two.csv',
      { replace: false },
    );
    expect(!outcome.ok && outcome.error.key).toBe('rate-irx');
    expect(await snapshotDir(userDir)).toEqual(before);
  });

  it('changes the data version when the overlay changes', async () => {
    const store = await openMarketDataStore({ bundledDir: defaultBundledDir(), userDir });
    const versionBefore = store.contents().dataVersion;
    const outcome = await store.apply([{ kind: 'breadth', records: [{ line: 2, day: dayFromIso('2026-08-21'), advancing: 1500, declining: 1200 }] }], 'breadth.csv', { replace: false });
    expect(outcome.ok).toBe(true);
    expect(store.contents().dataVersion).not.toBe(versionBefore);
    expect(store.contents().overlayKeys).toEqual(['breadth']);
  });
});
