/**
 * The bundled real chains written in every vendor layout import to the same store content; broken
 * variants fail with file, line and field and leave the store as it was.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { snapshotDir } from '../../test/support/dirSnapshot.js';
import { storedZip } from '../../test/fixtures/chains/storedZip.js';
import { loadBundledChains } from '../data/chains/bundledChains.js';
import { checkQuote } from './checks.js';
import { DEFAULT_CHAIN_IMPORT_CONFIG } from './config.js';
import { buildChainFixtures, committedFixtureQuotes, fixtureFileName, fixtureQuotes, FIXTURE_LAYOUTS, FIXTURE_SETS, layoutText, type FixtureLayout, type FixtureSet } from './fixtures.js';
import type { LayoutQuote } from './layouts.js';
import { formatChainImportError, importChainFile, readStoredQuotes, type ChainImportOutcome } from './store.js';
import type { CanonicalQuote } from './types.js';

const FIXTURE_DIR = fileURLToPath(new URL('../../test/fixtures/chains/', import.meta.url));
const chains = (() => {
  const loaded = loadBundledChains();
  if (!loaded.ok) throw new Error('bundled chains unreadable');
  return loaded.value;
})();

const tempStore = () => join(mkdtempSync(join(tmpdir(), 'alvh-chains-')), 'chains');
const fixturePath = (set: FixtureSet, layout: FixtureLayout) => join(FIXTURE_DIR, set, fixtureFileName(set, layout));

async function mustImport(store: string, file: string, replace = false): Promise<ChainImportOutcome> {
  const outcome = await importChainFile(store, file, { format: 'auto', replace });
  if (!outcome.ok) throw new Error(formatChainImportError(outcome.error));
  return outcome.value;
}

/** What the store must hold: the slice's quotes that pass the checks, in store order. */
function expectedContent(quotes: readonly LayoutQuote[]): CanonicalQuote[] {
  const kept: CanonicalQuote[] = [];
  for (const q of quotes) {
    const checked = checkQuote({ ...q, underlyingSymbol: q.underlying, statedSettlement: undefined }, DEFAULT_CHAIN_IMPORT_CONFIG);
    if (checked.ok) kept.push(checked.quote);
  }
  const order = (q: CanonicalQuote) => [q.underlying, q.quoteDay, q.root, q.expiryDay, q.right, q.strike] as const;
  return kept.sort((a, b) => {
    const x = order(a);
    const y = order(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as number | string) < (y[i] as number | string) ? -1 : 1;
    return 0;
  });
}

describe('chain fixtures', () => {
  it('are what the generator writes from the bundled chains (regenerate with test/fixtures/chains/generate.mjs)', () => {
    for (const [relative, text] of buildChainFixtures()) expect(readFileSync(join(FIXTURE_DIR, relative), 'utf8'), relative).toBe(text);
  });

  describe.each(FIXTURE_SETS)('%s', (set) => {
    const expected = expectedContent(committedFixtureQuotes(chains, set));

    it('imports from every layout to the same store content, which is the bundled quotes that pass the checks', async () => {
      expect(expected.length).toBeGreaterThan(20);
      const store = tempStore();
      // One layout into an empty store gives exactly the expected quotes ...
      const first = await mustImport(store, fixturePath(set, 'optionsdx'));
      expect(first.status).toBe('imported');
      expect(await readStoredQuotes(store)).toEqual(expected);
      const before = await snapshotDir(store);
      // ... and every other layout then finds all its quotes already stored with the same values (a
      // differing value would be a conflict), as many as the store holds: the same content.
      for (const layout of FIXTURE_LAYOUTS.filter((l) => l !== 'optionsdx')) {
        const again = await mustImport(store, fixturePath(set, layout));
        expect(again.status, layout).toBe('unchanged');
        expect(again.distinctQuotes, layout).toBe(expected.length);
      }
      // Idempotent: nothing under the store changed, not even the manifest.
      expect(await snapshotDir(store)).toEqual(before);
    });
  });

  it('reads DataShop zip archives and gzip files directly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-chain-files-'));
    const zip = join(dir, 'UnderlyingOptionsEODQuotes_2016-06-01.zip');
    writeFileSync(zip, storedZip([{ name: 'UnderlyingOptionsEODQuotes_2016-06-01.csv', text: readFileSync(fixturePath('vix20160601', 'datashop'), 'utf8') }]));
    const gz = join(dir, 'spx_eod_201802.txt.gz');
    writeFileSync(gz, gzipSync(readFileSync(fixturePath('spxw2018', 'optionsdx'))));
    const zipStore = tempStore();
    const fromZip = await mustImport(zipStore, zip);
    expect(fromZip.summaries.map((s) => [s.file, s.format])).toEqual([[`${zip}:UnderlyingOptionsEODQuotes_2016-06-01.csv`, 'datashop']]);
    expect(await readStoredQuotes(zipStore)).toEqual(expectedContent(committedFixtureQuotes(chains, 'vix20160601')));
    const gzStore = tempStore();
    await mustImport(gzStore, gz);
    expect(await readStoredQuotes(gzStore)).toEqual(expectedContent(committedFixtureQuotes(chains, 'spxw2018')));
  });

  it('counts rejected quotes by reason: the VIX sample\'s BVZ root and its expiring series', async () => {
    const outcome = await mustImport(tempStore(), fixturePath('vix20160601', 'datashop'));
    const [summary] = outcome.summaries;
    const slice = committedFixtureQuotes(chains, 'vix20160601');
    // Hand count from the slice itself: BVZ rows are an unknown root; VIX rows expiring 2016-06-01 expire on the quote date.
    const bvz = slice.filter((q) => q.root === 'BVZ').length;
    const expiring = slice.filter((q) => q.root === 'VIX' && q.expiryDay === q.quoteDay).length;
    expect(bvz).toBeGreaterThan(0);
    expect(summary?.rejectedByReason).toEqual({ 'unknown root': bvz, 'expiry not after quote date': expiring });
    expect(summary?.quotesAccepted).toBe(slice.length - bvz - expiring);
  });
});

/** One cell of a fixture broken: the error must name the file, the line and the column as the file spells it. */
const BROKEN: readonly { layout: FixtureLayout; column: string; value: string; message: RegExp }[] = [
  { layout: 'optionsdx', column: '[C_BID]', value: 'n/a', message: /finite number/ },
  { layout: 'datashop', column: 'bid_1545', value: '1.2.3', message: /finite number/ },
  { layout: 'datashop-calcs', column: 'quote_date', value: '2016-13-01', message: /expected a date/ },
  { layout: 'orats', column: 'strike', value: '-5', message: /> 0/ },
  { layout: 'hod', column: 'OptionSymbol', value: 'SPXW18013XC0', message: /OSI/ },
  { layout: 'canonical', column: 'option_type', value: 'X', message: /C\|P/ },
];

function breakCell(text: string, column: string, line: number, value: string): string {
  const lines = text.split('\n');
  const separator = lines[0]?.includes(', ') ? ', ' : ',';
  const header = (lines[0] as string).split(separator);
  const index = header.indexOf(column);
  if (index < 0) throw new Error(`no column ${column}`);
  const cells = (lines[line - 1] as string).split(separator);
  cells[index] = value;
  lines[line - 1] = cells.join(separator);
  return lines.join('\n');
}

describe('a malformed file', () => {
  it.each(BROKEN)('$layout with a bad $column fails naming file, line and field, and the store is unchanged', async ({ layout, column, value, message }) => {
    const set: FixtureSet = layout === 'hod' ? 'spxw2018' : layout === 'orats' ? 'spx20201201' : 'vix20160601';
    const store = tempStore();
    await mustImport(store, fixturePath('spx20201201', 'canonical'));
    const before = await snapshotDir(store);
    const badLine = 7;
    const file = join(mkdtempSync(join(tmpdir(), 'alvh-bad-')), fixtureFileName(set, layout));
    writeFileSync(file, breakCell(readFileSync(fixturePath(set, layout), 'utf8'), column, badLine, value));
    const outcome = await importChainFile(store, file, { format: 'auto', replace: false });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toEqual({ kind: 'read', error: { kind: 'chain-row', file, line: badLine, field: column, message: expect.stringMatching(message) } });
    expect(formatChainImportError(outcome.error)).toContain(`${file}:${badLine}: field '${column}'`);
    expect(await snapshotDir(store)).toEqual(before);
  });

  it('with a short row names the line; with an unknown header says which layout was closest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-bad-'));
    const short = join(dir, 'alvh_chain_short.csv');
    const lines = readFileSync(fixturePath('spxw2018', 'canonical'), 'utf8').split('\n');
    lines[4] = (lines[4] as string).split(',').slice(0, 5).join(',');
    writeFileSync(short, lines.join('\n'));
    const shortOutcome = await importChainFile(tempStore(), short, { format: 'auto', replace: false });
    expect(!shortOutcome.ok && formatChainImportError(shortOutcome.error)).toMatch(new RegExp(`^${short}:5: field '\\(record\\)'`));
    const unknown = join(dir, 'other.csv');
    writeFileSync(unknown, 'date,close\n2018-01-02,2695.81\n');
    const unknownOutcome = await importChainFile(tempStore(), unknown, { format: 'auto', replace: false });
    expect(!unknownOutcome.ok && formatChainImportError(unknownOutcome.error)).toMatch(/:1: field '\(header\)': the header fits none of the layouts/);
  });
});

describe('conflicting quotes', () => {
  it('are refused unless --replace, naming the line and both values; --replace lets the file win', async () => {
    const store = tempStore();
    await mustImport(store, fixturePath('spxw2018', 'canonical'));
    const before = await snapshotDir(store);
    const quotes = committedFixtureQuotes(chains, 'spxw2018');
    const target = quotes.findIndex((q) => q.bid > 1 && q.expiryDay > q.quoteDay);
    expect(target).toBeGreaterThanOrEqual(0);
    const changed = quotes.map((q, i) => (i === target ? { ...q, bid: q.bid - 0.5 } : q));
    const file = join(mkdtempSync(join(tmpdir(), 'alvh-conflict-')), 'alvh_chain_changed.csv');
    writeFileSync(file, layoutText('canonical', changed));
    const refused = await importChainFile(store, file, { format: 'auto', replace: false });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.kind).toBe('conflict');
    // Line = header + 1-based row index.
    expect(formatChainImportError(refused.error)).toMatch(new RegExp(`^${file}:${target + 2}: 1 quote\\(s\\) differ`));
    expect(await snapshotDir(store)).toEqual(before);
    const replaced = await mustImport(store, file, true);
    expect([replaced.added, replaced.replaced]).toEqual([0, 1]);
    const stored = await readStoredQuotes(store);
    const original = quotes[target] as LayoutQuote;
    expect(stored.find((q) => q.quoteDay === original.quoteDay && q.strike === original.strike && q.right === original.right)?.bid).toBe(original.bid - 0.5);
  });

  it('inside one file are an error even with --replace', async () => {
    const quotes = committedFixtureQuotes(chains, 'spx20201201');
    const twice = [...quotes, { ...(quotes[3] as LayoutQuote), ask: (quotes[3] as LayoutQuote).ask + 1 }];
    const file = join(mkdtempSync(join(tmpdir(), 'alvh-conflict-')), 'alvh_chain_twice.csv');
    writeFileSync(file, layoutText('canonical', twice));
    const outcome = await importChainFile(tempStore(), file, { format: 'auto', replace: true });
    expect(!outcome.ok && formatChainImportError(outcome.error)).toMatch(new RegExp(`^${file}:${twice.length + 1}: the file quotes SPX . \\d+ expiring .* twice with different values`));
  });
});

describe('the whole bundled SPXW chain', () => {
  it('imports from the historicaloptiondata layout with every quote accounted for', async () => {
    const all = fixtureQuotes(chains, 'spxw2018');
    const file = join(mkdtempSync(join(tmpdir(), 'alvh-spxw-')), 'hod_L2_SPXW_2018.csv');
    writeFileSync(file, layoutText('hod', all));
    const store = tempStore();
    const outcome = await mustImport(store, file);
    const [summary] = outcome.summaries;
    expect(summary?.rowsRead).toBe(14_438);
    const rejected = Object.values(summary?.rejectedByReason ?? {}).reduce((s, n) => s + n, 0);
    expect((summary?.quotesAccepted ?? 0) + rejected).toBe(14_438);
    expect(await readStoredQuotes(store)).toEqual(expectedContent(all));
  });
});
