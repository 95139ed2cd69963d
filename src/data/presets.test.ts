import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listPresets, loadPreset, loadStrategyConfigFile, presetNameClash } from './presets.js';

describe('strategy presets as files', () => {
  it('lists and loads the bundled presets', () => {
    expect(listPresets()).toEqual(['alvh-ladder', 'alvh-ladder-full', 'alvh-methodology', 'alvh-taper', 'cndr', 'fixed-rr', 'pput', 'put', 'unhedged', 'unhedged-full', 'vxth']);
    expect(loadPreset('fixed-rr').management.mode).toBe('fixed-rr');
  });

  it("refuses a preset's name for other rules, and takes the preset's own rules under it", () => {
    const ladder = loadPreset('alvh-ladder');
    expect(presetNameClash(ladder)).toBeUndefined();
    // A copy with its own words is the same strategy.
    expect(presetNameClash({ ...ladder, description: 'my copy' })).toBeUndefined();
    expect(presetNameClash({ ...ladder, hedge: { ...ladder.hedge, hedgeCallDelta: 0.5 } })).toBe("its name 'alvh-ladder' is a bundled preset's, with other rules; give the strategy a name of its own");
    expect(presetNameClash({ ...ladder, name: 'my-ladder', hedge: { ...ladder.hedge, hedgeCallDelta: 0.5 } })).toBeUndefined();
  });

  it('names the choices for an unknown preset', () => {
    expect(() => loadPreset('nope')).toThrow(/unknown preset 'nope': choose from alvh-ladder/);
  });

  it('names the file and field of a bad config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-preset-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: 'x', ironCondor: { shortDelta: 0.5 } }));
    expect(() => loadStrategyConfigFile(bad)).toThrow(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[\\s\\S]*ironCondor\\.shortDelta`));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ name: ');
    expect(() => loadStrategyConfigFile(broken)).toThrow(/not valid JSON/);
  });

  it('reads a config saved with a UTF-8 byte-order mark', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-preset-'));
    const withBom = join(dir, 'bom.json');
    writeFileSync(withBom, '\uFEFF' + JSON.stringify({ name: 'bom', ironCondor: { shortDelta: 0.18 } }), 'utf8');
    expect(loadStrategyConfigFile(withBom).ironCondor.shortDelta).toBe(0.18);
  });
});
