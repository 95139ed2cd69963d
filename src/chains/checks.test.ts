import { describe, expect, it } from 'vitest';
import { dayFromIso } from '../time/day.js';
import { checkQuote, underlyingOf } from './checks.js';
import { ChainImportConfigSchema, DEFAULT_CHAIN_IMPORT_CONFIG } from './config.js';
import type { RawQuote } from './formats/format.js';

const base: RawQuote = {
  underlyingSymbol: '^SPX',
  root: 'SPXW',
  statedSettlement: undefined,
  quoteDay: dayFromIso('2018-02-05'),
  expiryDay: dayFromIso('2018-02-28'),
  right: 'P',
  strike: 2500,
  bid: 20.1,
  ask: 21.3,
  underlyingPrice: 2648.94,
  volume: 12,
};

describe('checkQuote', () => {
  it('accepts a good quote and settles SPXW in the afternoon, SPX in the morning', () => {
    const accepted = checkQuote(base, DEFAULT_CHAIN_IMPORT_CONFIG);
    expect(accepted).toEqual({ ok: true, quote: expect.objectContaining({ underlying: 'SPX', root: 'SPXW', settlement: 'PM' }) });
    const monthly = checkQuote({ ...base, root: 'SPX' }, DEFAULT_CHAIN_IMPORT_CONFIG);
    expect(monthly.ok && monthly.quote.settlement).toBe('AM');
  });

  it.each([
    [{ bid: 22, ask: 21.3 }, 'bid above ask'],
    [{ bid: -0.05 }, 'negative price'],
    [{ expiryDay: dayFromIso('2018-02-05') }, 'expiry not after quote date'],
    [{ expiryDay: dayFromIso('2018-02-01') }, 'expiry not after quote date'],
    [{ root: 'SPXQ' }, 'unknown root'],
    [{ root: undefined }, 'unknown root'],
    [{ statedSettlement: 'AM' as const }, 'settlement style mismatch'],
    [{ underlyingSymbol: 'AAPL' }, 'other underlying'],
    [{ bid: undefined }, 'one side not quoted'],
  ])('rejects %o as %s', (change, reason) => {
    expect(checkQuote({ ...base, ...change }, DEFAULT_CHAIN_IMPORT_CONFIG)).toEqual({ ok: false, reason });
  });

  it('accepts a root the user adds to the config', () => {
    const config = ChainImportConfigSchema.parse({ knownRoots: { SPX: { SPX: 'AM', SPXW: 'PM' }, VIX: { VIX: 'AM', BVZ: 'AM' } } });
    expect(checkQuote({ ...base, underlyingSymbol: '^VIX', root: 'BVZ', strike: 15 }, config).ok).toBe(true);
    expect(checkQuote({ ...base, underlyingSymbol: '^VIX', root: 'BVZ', strike: 15 }, DEFAULT_CHAIN_IMPORT_CONFIG)).toEqual({ ok: false, reason: 'unknown root' });
  });

  it('rejects a misspelled config field by name', () => {
    const parsed = ChainImportConfigSchema.safeParse({ datashopSnapshot: 'eod', knownRoot: {} });
    expect(parsed.success).toBe(false);
  });
});

describe('underlyingOf', () => {
  it('reads the vendor spellings', () => {
    expect(underlyingOf('^SPX')).toBe('SPX');
    expect(underlyingOf('$SPX')).toBe('SPX');
    expect(underlyingOf('SPXW')).toBe('SPX');
    expect(underlyingOf('^VIX')).toBe('VIX');
    expect(underlyingOf('NDX')).toBeUndefined();
  });
});
