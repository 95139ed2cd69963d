/**
 * `alvh validate --chains` measures with the bundled validation's own functions: on the bundled SPXW
 * chain as a user would import it, its IV-error tables are exactly the bundled held-out tables.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { realChains, realHistory } from '../../test/fixtures/realMarket.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../market/config.js';
import { buildSpxValidationSections } from '../validation/spx/sections.js';
import type { JsonValue } from '../report/section.js';
import { runChainsValidate } from '../cli/commands/chains.js';
import { checkQuote } from './checks.js';
import { DEFAULT_CHAIN_IMPORT_CONFIG } from './config.js';
import { fixtureFileName, fixtureQuotes } from './fixtures.js';
import { formatChainImportError, importChainFile } from './store.js';
import type { CanonicalQuote } from './types.js';
import { buildChainValidationSections } from './validation.js';

/** The quotes an import of the whole bundled SPXW chain stores. */
function storedSpxw(): CanonicalQuote[] {
  return fixtureQuotes(realChains(), 'spxw2018').flatMap((q) => {
    const checked = checkQuote({ ...q, underlyingSymbol: q.underlying, statedSettlement: undefined }, DEFAULT_CHAIN_IMPORT_CONFIG);
    return checked.ok ? [checked.quote] : [];
  });
}

const sets = (json: JsonValue | undefined) => (json as { sets: { role: string; buckets: JsonValue; medianAbsIvError16to25VolPoints: number }[] }).sets;

describe('buildChainValidationSections', () => {
  it('gives the bundled validation\'s held-out IV tables on the bundled SPXW chain', async () => {
    const history = await realHistory();
    const mine = buildChainValidationSections({ history, quotes: storedSpxw(), config: DEFAULT_MARKET_MODEL_CONFIG });
    if (!mine.ok) throw new Error(mine.error);
    const chains = realChains();
    const bundled = buildSpxValidationSections({ history, spx20201201: chains.spx20201201, zeroRates20201201: chains.zeroRates20201201, spxw2018JanFeb: chains.spxw2018JanFeb, config: DEFAULT_MARKET_MODEL_CONFIG.spx, vixCheckDays: [] });
    if (!bundled.ok) throw new Error(bundled.error.reason);
    const heldOut = sets(bundled.value.find((s) => s.id === 'spx-quotes')?.json).find((s) => s.role === 'held-out');
    const [myHeldOut, ...others] = sets(mine.value.sections.find((s) => s.id === 'chains-spx-quotes')?.json);
    expect(others).toEqual([]);
    expect(myHeldOut?.role).toBe('held-out');
    expect(myHeldOut?.buckets).toEqual(heldOut?.buckets);
    expect(myHeldOut?.medianAbsIvError16to25VolPoints).toBe(heldOut?.medianAbsIvError16to25VolPoints);
    // Where the error lies: one breakdown function for both reports. The same quotes and the same VIX
    // buckets give the same rows; the days-to-expiry buckets of user chains are wider (1-7 days, ...).
    const breakdown = mine.value.sections.find((s) => s.id === 'chains-iv-by-expiry-and-vix')?.json as { byDaysToExpiry: { bucket: string; count: number }[]; byVixClose: JsonValue };
    expect(breakdown.byVixClose).toEqual((heldOut as unknown as { byVixClose: JsonValue }).byVixClose);
    expect(breakdown.byDaysToExpiry.map((r) => r.bucket)).toEqual(['1-7 d', '8-21 d', '22-45 d']);
    expect(breakdown.byDaysToExpiry.reduce((s, r) => s + r.count, 0)).toBe((heldOut as unknown as { quoteCount: number }).quoteCount);
    // One condor per month: January 2018 on the 2018-01-31 expiry, February on 2018-02-28.
    const condors = mine.value.sections.find((s) => s.id === 'chains-condor-marks')?.json as { openDate: string; expiryDate: string; marks: unknown[] }[];
    expect(condors.map((c) => [c.openDate, c.expiryDate])).toEqual([
      ['2018-01-02', '2018-01-31'],
      ['2018-02-01', '2018-02-28'],
    ]);
    expect(condors.every((c) => c.marks.length >= 15)).toBe(true);
    expect(mine.value.summary.map((r) => r.section)).toEqual(['chains-spx-quotes', 'chains-condor-marks', 'chains-spreads']);
  });

  it('says so when there is nothing to measure', async () => {
    const built = buildChainValidationSections({ history: await realHistory(), quotes: [], config: DEFAULT_MARKET_MODEL_CONFIG });
    expect(built).toEqual({ ok: false, error: expect.stringMatching(/empty/) });
  });
});

describe('alvh validate --chains', () => {
  it('reads the chain store and writes the report files', async () => {
    const store = join(mkdtempSync(join(tmpdir(), 'alvh-validate-chains-')), 'chains');
    const fixtures = fileURLToPath(new URL('../../test/fixtures/chains/', import.meta.url));
    for (const [set, layout] of [['spxw2018', 'hod'], ['spx20201201', 'orats'], ['vix20160601', 'datashop']] as const) {
      const imported = await importChainFile(store, join(fixtures, set, fixtureFileName(set, layout)), { format: 'auto', replace: false });
      if (!imported.ok) throw new Error(formatChainImportError(imported.error));
    }
    const out = mkdtempSync(join(tmpdir(), 'alvh-validate-chains-out-'));
    let printed = '';
    const outcome = await runChainsValidate({ json: false, out }, { out: (t) => void (printed += t), err: () => undefined, isTty: false }, { loadHistory: realHistory, storeDir: () => store, config: DEFAULT_MARKET_MODEL_CONFIG });
    expect(outcome.files.map((f) => f.replace(out, ''))).toEqual(expect.arrayContaining(['/validate-chains.md', '/validate-chains.json', '/validate-chains.html']));
    expect(printed).toContain('your chains, 2020-12-01 (the smile fit day): median abs IV error 16-25 delta');
    expect(printed).toContain('your chains, held out (every other day)');
    expect(readFileSync(join(out, 'validate-chains.md'), 'utf8')).toContain('- market model config: defaults');

    // Another model config (alvh validate --chains --model-config FILE) is measured on the same quotes and named.
    const skewOff = mkdtempSync(join(tmpdir(), 'alvh-validate-chains-out-'));
    const config = { ...DEFAULT_MARKET_MODEL_CONFIG, spx: { ...DEFAULT_MARKET_MODEL_CONFIG.spx, skewCalibration: 'off' as const } };
    const other = await runChainsValidate({ json: false, out: skewOff }, { out: () => undefined, err: () => undefined, isTty: false }, { loadHistory: realHistory, storeDir: () => store, config, configSource: 'skew-off.json' });
    expect(readFileSync(join(skewOff, 'validate-chains.md'), 'utf8')).toContain('- market model config: skew-off.json');
    const figure = (summary: typeof outcome.summary) => summary.find((r) => r.section === 'chains-spx-quotes')?.value;
    expect(figure(other.summary)).toBeDefined();
    expect(figure(other.summary)).not.toBe(figure(outcome.summary));
  });
});
