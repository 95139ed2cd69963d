import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../market/config.js';
import { PUT_WING_SMILE, SKEW_EXCESS_SCALE_AT_FIT_DAY } from '../market/spx/config.js';
import { loadMarketModelConfigFile, modelPresetsDir } from './modelConfigFile.js';
import { presetsDir } from './presets.js';

function fileWith(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'alvh-model-config-')), 'model.json');
  writeFileSync(path, text);
  return path;
}

describe('loadMarketModelConfigFile', () => {
  it('reads the bundled exchange-tick config: its one field set, every other field at its default', () => {
    const config = loadMarketModelConfigFile(join(modelPresetsDir(), 'exchange-tick.json'));
    expect(config.spx.vixStripZeroBid).toBe('exchange-tick');
    expect({ ...config, spx: { ...config.spx, vixStripZeroBid: 'fraction-of-spot' } }).toEqual(DEFAULT_MARKET_MODEL_CONFIG);
  });

  it('an empty object is the default model', () => {
    expect(loadMarketModelConfigFile(fileWith('\uFEFF{}'))).toEqual(DEFAULT_MARKET_MODEL_CONFIG);
  });

  it('names the file and the field of a misspelled key, with the key it most likely meant', () => {
    const path = fileWith('{"spx":{"vixStripZeroBids":"exchange-tick"}}');
    expect(() => loadMarketModelConfigFile(path)).toThrow(`invalid market model config ${path}: spx.vixStripZeroBids: unknown field; did you mean "vixStripZeroBid"?`);
  });

  it('names the field of a value out of its domain', () => {
    const path = fileWith('{"spx":{"vixStripZeroBid":"nickel"}}');
    expect(() => loadMarketModelConfigFile(path)).toThrow(new RegExp(`^invalid market model config ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: spx\\.vixStripZeroBid: `));
  });

  it('says what a strategy config or a folder given by mistake is', () => {
    expect(() => loadMarketModelConfigFile(join(presetsDir(), 'cndr.json'))).toThrow(/cndr\.json is a strategy config \(it has name, [a-z, A-Z]+\), not a market model config: a model config holds spx, vix and spread$/);
    expect(() => loadMarketModelConfigFile(modelPresetsDir())).toThrow(`${modelPresetsDir()} is a folder: name a JSON file`);
  });

  it('says a file is not JSON, or not there', () => {
    const bad = fileWith('{"spx":');
    expect(() => loadMarketModelConfigFile(bad)).toThrow(`${bad}: not valid JSON`);
    expect(() => loadMarketModelConfigFile('/nonexistent/model.json')).toThrow('model config file not found: /nonexistent/model.json');
  });
});

describe('the bundled model configs (presets/model)', () => {
  it('put-wing-smile.json is PUT_WING_SMILE, the smile docs/model.md measures', () => {
    const config = loadMarketModelConfigFile(join(modelPresetsDir(), 'put-wing-smile.json'));
    expect(config.spx).toEqual({ ...DEFAULT_MARKET_MODEL_CONFIG.spx, ...PUT_WING_SMILE });
  });

  it('skew-relative.json scales the SKEW target by the fit day\'s ratio and changes nothing else', () => {
    const config = loadMarketModelConfigFile(join(modelPresetsDir(), 'skew-relative.json'));
    expect(config).toEqual({ ...DEFAULT_MARKET_MODEL_CONFIG, spx: { ...DEFAULT_MARKET_MODEL_CONFIG.spx, skewTargetExcessScale: SKEW_EXCESS_SCALE_AT_FIT_DAY } });
  });

  it('skew-off.json keeps the fitted smile every day and changes nothing else', () => {
    const config = loadMarketModelConfigFile(join(modelPresetsDir(), 'skew-off.json'));
    expect(config).toEqual({ ...DEFAULT_MARKET_MODEL_CONFIG, spx: { ...DEFAULT_MARKET_MODEL_CONFIG.spx, skewCalibration: 'off' } });
  });

  it('vix-options-0.8x.json and vix-options-1.2x.json scale the VVIX target of VIX options and change nothing else', () => {
    for (const [file, scale] of [['vix-options-0.8x.json', 0.8], ['vix-options-1.2x.json', 1.2]] as const) {
      const config = loadMarketModelConfigFile(join(modelPresetsDir(), file));
      const { vix } = DEFAULT_MARKET_MODEL_CONFIG;
      expect(config).toEqual({ ...DEFAULT_MARKET_MODEL_CONFIG, vix: { ...vix, surface: { ...vix.surface, vvixTargetScale: scale } } });
    }
  });
});
