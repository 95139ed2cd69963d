/**
 * Which strategy a book command runs when no flag names one: a bundled preset by the name the book
 * records, any other by the config the book kept with its latest state.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BookStore } from '../../book/store.js';
import { loadPreset } from '../../data/presets.js';
import { bookStrategy } from './bookContext.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-book-strategy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A book whose one state was made under `config` (kept when `keep`), as `alvh book accept` stores it. */
function bookUnder(file: string, config: object, keep: boolean): string {
  const path = join(dir, file);
  const configJson = JSON.stringify(config);
  const store = BookStore.open(path);
  const state = { dayIso: '2018-01-03', kind: 'accept' as const, preset: (config as { name: string }).name, snapshotJson: '{}', dataVersion: 'd', configHash: createHash('sha256').update(configJson).digest('hex'), note: '' };
  store.appendState(state, [], keep ? { configJson } : undefined);
  store.close();
  return path;
}

const ladder = loadPreset('alvh-ladder');
const variant = { ...ladder, name: 'my-ladder', description: 'mine', hedge: { ...ladder.hedge, hedgeCallDelta: 0.4 } };

describe('the strategy of a book command without --preset or --config', () => {
  it('follows the config the book kept, field for field', () => {
    const chosen = bookStrategy({}, bookUnder('kept.sqlite', variant, true));
    expect(chosen.source).toEqual({ kind: 'book' });
    expect(chosen.config).toEqual(variant);
  });

  it('follows a bundled preset by its name, and the default preset on an empty book', () => {
    expect(bookStrategy({}, bookUnder('preset.sqlite', loadPreset('cndr'), true))).toEqual({ config: loadPreset('cndr'), source: { kind: 'preset' } });
    expect(bookStrategy({}, join(dir, 'missing.sqlite'))).toEqual({ config: ladder, source: { kind: 'preset' } });
  });

  it('names the flag for a book that did not keep its config', () => {
    expect(() => bookStrategy({}, bookUnder('old.sqlite', variant, false))).toThrow("the book follows the 'my-ladder' strategy, which is not a bundled preset and whose config the book did not keep: pass --config with the file of the 'my-ladder' strategy");
  });

  it('refuses a kept config this build no longer takes, naming the field', () => {
    const path = bookUnder('stale.sqlite', { ...variant, hedge: { ...variant.hedge, retiredField: 1 } }, true);
    expect(() => bookStrategy({}, path)).toThrow(/the config of 'my-ladder' stored in the book.*retiredField.*; pass the strategy with --config FILE/s);
  });

  it('refuses a kept config edited by hand when it is needed, and not when the command names the strategy', () => {
    const path = bookUnder('tampered.sqlite', variant, true);
    const raw = new Database(path);
    raw.prepare('UPDATE strategy_configs SET config_json = ?').run(JSON.stringify({ ...variant, hedge: { ...variant.hedge, hedgeCallDelta: 0.5 } }));
    raw.close();
    expect(() => bookStrategy({}, path)).toThrow(/does not match its hash \(edited by hand or damaged\): pass the strategy with --config FILE or --preset NAME/);
    expect(bookStrategy({ strategy: variant }, path).config).toEqual(variant);
  });

  it("a named file or preset still has to be the book's strategy", () => {
    const path = bookUnder('named.sqlite', variant, true);
    expect(() => bookStrategy({ preset: 'alvh-ladder' }, path)).toThrow("the book follows the 'my-ladder' strategy, not 'alvh-ladder': give neither --preset nor --config (the book keeps its config), or pass --config with the file of the 'my-ladder' strategy");
    // A book that did not keep it: the flag alone.
    expect(() => bookStrategy({ preset: 'alvh-ladder' }, bookUnder('named-old.sqlite', variant, false))).toThrow("the book follows the 'my-ladder' strategy, not 'alvh-ladder': pass --config with the file of the 'my-ladder' strategy");
    const cndrBook = bookUnder('cndr.sqlite', loadPreset('cndr'), true);
    expect(() => bookStrategy({ preset: 'alvh-ladder' }, cndrBook)).toThrow("the book follows the 'cndr' strategy, not 'alvh-ladder': pass --preset cndr");
    expect(bookStrategy({ strategy: variant }, path)).toEqual({ config: variant, source: { kind: 'file' } });
  });
});
