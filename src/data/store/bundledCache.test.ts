import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultBundledDir } from '../loadHistory.js';
import { bundledCacheFilePath, defaultBundledCacheDir, readBundledCache, writeBundledCache } from './bundledCache.js';
import { openMarketDataStore } from './fileMarketDataStore.js';
import type { StoreContents } from './marketDataStore.js';

const dirs: string[] = [];
function freshDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

let userDir: string;
/** The store parsed from the CSV files, no cache involved: what every cached read must equal. */
let parsed: StoreContents;
beforeAll(async () => {
  userDir = freshDir('alvh-bundled-user-');
  parsed = (await openMarketDataStore({ bundledDir: defaultBundledDir(), userDir })).contents();
}, 120_000);

/**
 * Every field, undefined ones included, and every number by Object.is (so -0 and NaN count), through
 * Maps and typed arrays. (Not V8's serialisation of the two: it writes a whole number held as a double
 * differently from the same number held as a small integer.)
 */
const sameContents = (a: StoreContents, b: StoreContents) => {
  expect(a).toStrictEqual(b);
  return true;
};
const open = (cacheDir: string, extra: { firstDayIso?: string } = {}) => openMarketDataStore({ bundledDir: defaultBundledDir(), userDir, bundledCacheDir: cacheDir, ...extra });
const cacheFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.bundled'));

describe("the bundled files' parse cache", () => {
  it('stores the parse on the first run and gives the same contents, bit for bit, on the next', async () => {
    const cacheDir = freshDir('alvh-bundled-cache-');
    const cold = (await open(cacheDir)).contents();
    expect(cacheFiles(cacheDir)).toHaveLength(1);
    const warm = (await open(cacheDir)).contents();
    expect(sameContents(cold, parsed)).toBe(true);
    expect(sameContents(warm, parsed)).toBe(true);
    // The data version comes from the bytes read, never from the cache.
    expect(warm.dataVersion).toBe(parsed.dataVersion);
    expect(warm.vxFutures.length).toBeGreaterThan(40_000);
  });

  it('parses again and replaces a damaged file', async () => {
    const cacheDir = freshDir('alvh-bundled-cache-');
    await open(cacheDir);
    const [name] = cacheFiles(cacheDir) as [string];
    const path = join(cacheDir, name);
    const key = name.replace('.bundled', '');
    const bytes = readFileSync(path);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] as number) ^ 0x01;
    writeFileSync(path, bytes);
    expect(readBundledCache(cacheDir, key)).toBeUndefined();
    expect(sameContents((await open(cacheDir)).contents(), parsed)).toBe(true);
    expect(readBundledCache(cacheDir, key)).toBeDefined();
    writeFileSync(path, bytes.subarray(0, 1000));
    expect(sameContents((await open(cacheDir)).contents(), parsed)).toBe(true);
    expect(readBundledCache(cacheDir, key)).toBeDefined();
  });

  it('keys the file by the parse options: another first day has its own file and its own rows', async () => {
    const cacheDir = freshDir('alvh-bundled-cache-');
    await open(cacheDir);
    const later = (await open(cacheDir, { firstDayIso: '2010-01-04' })).contents();
    expect(cacheFiles(cacheDir)).toHaveLength(2);
    const laterParsed = (await openMarketDataStore({ bundledDir: defaultBundledDir(), userDir, firstDayIso: '2010-01-04' })).contents();
    expect(sameContents(later, laterParsed)).toBe(true);
    expect(later.index.get('spx')?.length).toBeLessThan(parsed.index.get('spx')?.length as number);
  });

  it('a cache that cannot be written, or a write killed before its rename, leaves the run as it was', async () => {
    const notADir = join(freshDir('alvh-bundled-cache-'), 'a-file');
    writeFileSync(notADir, 'x');
    expect(sameContents((await open(notADir)).contents(), parsed)).toBe(true);

    const cacheDir = freshDir('alvh-bundled-cache-');
    await open(cacheDir);
    const [name] = cacheFiles(cacheDir) as [string];
    const key = name.replace('.bundled', '');
    const good = readBundledCache(cacheDir, key);
    rmSync(bundledCacheFilePath(cacheDir, key));
    const crash = () => {
      throw new Error('killed');
    };
    expect(writeBundledCache(cacheDir, key, good as NonNullable<typeof good>, { beforeRename: crash })).toBe(false);
    expect(existsSync(bundledCacheFilePath(cacheDir, key))).toBe(false);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('lives in $ALVH_CACHE_DIR, else $XDG_CACHE_HOME/alvh, else ~/.cache/alvh', () => {
    expect(defaultBundledCacheDir({ ALVH_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' })).toBe('/c');
    expect(defaultBundledCacheDir({ XDG_CACHE_HOME: '/x' })).toBe(join('/x', 'alvh'));
    expect(defaultBundledCacheDir({})).toMatch(/\.cache[/\\]alvh$/);
  });
});
