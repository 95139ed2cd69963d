import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChainSettingsError, DEFAULT_CHAIN_SETTINGS, loadChainSettingsFile, parseChainSettings, parseDatashopSnapshot, parseMaxCarryDays, parseRootFlag, withFlags } from './settings.js';

describe('chain settings', () => {
  it('defaults: the known roots, the 15:45 DataShop snapshot and 5 carry days', () => {
    expect(DEFAULT_CHAIN_SETTINGS).toEqual({
      import: { knownRoots: { SPX: { SPX: 'AM', SPXW: 'PM', SPXPM: 'PM' }, VIX: { VIX: 'AM', VIXW: 'AM' } }, datashopSnapshot: '1545' },
      market: { maxCarryDays: 5 },
    });
  });

  it('is strict: a misspelt field is an error naming the field it meant', () => {
    expect(() => parseChainSettings({ market: { maxCaryDays: 2 } }, 'chains.json')).toThrow(/chains\.json: market\.maxCaryDays: unknown field; did you mean "maxCarryDays"\?/);
    expect(() => parseChainSettings({ imports: {} }, 'chains.json')).toThrow(/imports: unknown field; did you mean "import"\?/);
    expect(() => parseChainSettings({ import: { knownRoots: { VIX: { BVZ: 'XM' } } } }, 'chains.json')).toThrow(ChainSettingsError);
    expect(() => parseChainSettings({ market: { maxCarryDays: 2.5 } }, 'chains.json')).toThrow(/market\.maxCarryDays/);
  });

  it('reads a file, with defaults for what it leaves out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-chain-settings-'));
    const file = join(dir, 'chains.json');
    writeFileSync(file, '\uFEFF{"market": {"maxCarryDays": 2}}');
    expect(loadChainSettingsFile(file)).toEqual({ ...DEFAULT_CHAIN_SETTINGS, market: { maxCarryDays: 2 } });
    writeFileSync(file, '{"market": ');
    expect(() => loadChainSettingsFile(file)).toThrow(/chains\.json: not valid JSON/);
    expect(() => loadChainSettingsFile(join(dir, 'none.json'))).toThrow(/none\.json: file not found/);
  });

  it('--root adds a trading class or changes the settlement of a known one', () => {
    expect(parseRootFlag('VIX:BVZ=AM')).toEqual({ underlying: 'VIX', root: 'BVZ', settlement: 'AM' });
    expect(parseRootFlag(' spx : spxq = pm ')).toEqual({ underlying: 'SPX', root: 'SPXQ', settlement: 'PM' });
    const s = withFlags(DEFAULT_CHAIN_SETTINGS, { roots: [parseRootFlag('VIX:BVZ=AM'), parseRootFlag('SPX:SPXPM=AM')] });
    expect(s.import.knownRoots.VIX).toEqual({ VIX: 'AM', VIXW: 'AM', BVZ: 'AM' });
    expect(s.import.knownRoots.SPX['SPXPM']).toBe('AM');
    // The defaults are not changed by it.
    expect(DEFAULT_CHAIN_SETTINGS.import.knownRoots.VIX).toEqual({ VIX: 'AM', VIXW: 'AM' });
    expect(() => parseRootFlag('VIX:BVZ')).toThrow("--root 'VIX:BVZ': expected UNDERLYING:ROOT=AM|PM, for example VIX:BVZ=AM");
    expect(() => parseRootFlag('RUT:RUTW=PM')).toThrow("--root 'RUT:RUTW=PM': the underlying 'RUT' is not one of SPX, VIX");
    expect(() => parseRootFlag('VIX:TOOLONGX=AM')).toThrow(ChainSettingsError);
  });

  it('--max-carry-days takes whole days from 0 to 30 and nothing else', () => {
    expect(parseMaxCarryDays('0')).toBe(0);
    expect(parseMaxCarryDays(' 30 ')).toBe(30);
    for (const bad of ['31', '-1', '2.5', '1e1', '0x3', '', 'five']) expect(() => parseMaxCarryDays(bad), bad).toThrow(`--max-carry-days '${bad}': must be a whole number of calendar days from 0 to 30`);
    fc.assert(fc.property(fc.integer({ min: 0, max: 30 }), (n) => parseMaxCarryDays(String(n)) === n));
    expect(withFlags(DEFAULT_CHAIN_SETTINGS, { maxCarryDays: 2 }).market.maxCarryDays).toBe(2);
  });

  it('--datashop-snapshot is 1545 or eod', () => {
    expect(parseDatashopSnapshot('eod')).toBe('eod');
    expect(() => parseDatashopSnapshot('1600')).toThrow("--datashop-snapshot '1600': must be '1545' (the 15:45 snapshot) or 'eod'");
  });
});
