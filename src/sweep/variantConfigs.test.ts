import { describe, expect, it } from 'vitest';
import { loadPreset } from '../data/presets.js';
import { loadMarketModelConfigFile } from '../data/modelConfigFile.js';
import { parseStrategyConfig } from '../strategy/config.js';
import { dayFromIso } from '../time/day.js';
import { analyseSweep } from './analysis.js';
import type { SweepRow } from './resultStore.js';
import { METRIC_COLUMNS, type VariantMetrics } from './runVariant.js';
import { parseSweepSpec } from './spec.js';
import { canonicalJson, withValueAt } from './variants.js';
import { isVariantConfigFileName, SWEEP_MODEL_CONFIG_FILE, variantConfigFiles } from './variantConfigs.js';

const preset = loadPreset('alvh-ladder');
const specOf = (marketModel?: unknown) =>
  parseSweepSpec(
    {
      name: 'unit',
      basePreset: 'alvh-ladder',
      vary: [{ kind: 'list', path: 'hedge.hedgeCallDelta', values: [0.2, 0.5] }],
      period: { from: '2024-01-01', to: '2024-03-29' },
      walkForward: { inSampleMonths: 1, outOfSampleMonths: 1 },
      cscvBlocks: 2,
      ...(marketModel === undefined ? {} : { marketModel }),
    },
    'unit.json',
  );

/** The preset and two variants over a quarter of business days; the Sharpe ratios rank 0.5 first, then the preset, then 0.2. */
function rows(): SweepRow[] {
  const days: number[] = [];
  for (let d = dayFromIso('2024-01-02'); d <= dayFromIso('2024-03-28'); d++) if (((d % 7) + 7) % 7 !== 2 && ((d % 7) + 7) % 7 !== 3) days.push(d);
  const deltas = [undefined, 0.2, 0.5];
  const sharpe = [0.3, 0.1, 0.6];
  return deltas.map((delta, i) => {
    const config = delta === undefined ? preset : withValueAt(preset, 'hedge.hedgeCallDelta', delta);
    let equity = 1e6;
    const curve = days.map((_, k) => (equity *= 1 + (i - 1) * 1e-4 + 0.002 * Math.sin(k * (1 + i * 0.3))));
    const metrics = Object.fromEntries(METRIC_COLUMNS.map((c) => [c, null])) as VariantMetrics;
    const key = `${i}abc`.padEnd(64, 'f');
    return {
      key,
      index: i,
      isBaseline: delta === undefined,
      valuesJson: delta === undefined ? '{}' : JSON.stringify({ 'hedge.hedgeCallDelta': delta }),
      result: { key, dataVersion: 'sha256:data', codeVersion: 'code', periodFrom: '2024-01-02', periodTo: '2024-03-28', configJson: canonicalJson(config), metrics: { ...metrics, sharpeRatio: sharpe[i] as number }, days: Int32Array.from(days), equityUsd: Float64Array.from(curve) },
    };
  });
}

const versions = { dataVersion: 'sha256:0123456789abcdefdata', codeVersion: 'fedcba9876543210code' };

describe("a sweep's top variants as config files", () => {
  it('writes the first `top` ranked variants but the preset, each a strict config with its name, rank and origin', () => {
    const spec = specOf();
    const analysis = analyseSweep(spec, rows());
    const files = variantConfigFiles(spec, analysis, versions, 2);
    // Ranked: 0.5 (#1), the preset (#2): only the variant is written; the preset is named by --preset.
    expect([...files.keys()]).toEqual(['configs/alvh-ladder~2abcffffff.json']);
    const config = parseStrategyConfig(JSON.parse(files.get('configs/alvh-ladder~2abcffffff.json') as string), 'file');
    expect(config.name).toBe('alvh-ladder~2abcffffff');
    expect(config.description).toBe(
      "Variant 2abcffffff of sweep 'unit': alvh-ladder with hedge.hedgeCallDelta = 0.5. Ranked #1 of 3 by sharpeRatio, 2024-01-01 to 2024-03-29, on data sha256:0123456789ab and build fedcba987654. " +
        "A rank picked from many variants is partly luck: read the sweep report's deflated Sharpe ratio and PBO before trading it.",
    );
    expect({ ...config, name: preset.name, description: preset.description }).toEqual(withValueAt(preset, 'hedge.hedgeCallDelta', 0.5));
    expect(variantConfigFiles(spec, analysis, versions, 3).size).toBe(2);
  });

  it("writes the sweep's market model beside them when it is not the defaults, and says to pass it", () => {
    const model = loadMarketModelConfigFile('presets/model/skew-off.json');
    const spec = specOf(model);
    const files = variantConfigFiles(spec, analyseSweep(spec, rows()), versions, 1);
    expect([...files.keys()]).toEqual(['configs/alvh-ladder~2abcffffff.json', SWEEP_MODEL_CONFIG_FILE]);
    expect(JSON.parse(files.get(SWEEP_MODEL_CONFIG_FILE) as string)).toEqual(model);
    expect(files.get('configs/alvh-ladder~2abcffffff.json')).toContain(`pass --model-config ${SWEEP_MODEL_CONFIG_FILE} as well to rerun it`);
    expect(variantConfigFiles(specOf(), analyseSweep(specOf(), rows()), versions, 1).has(SWEEP_MODEL_CONFIG_FILE)).toBe(false);
  });

  it('knows its own files in the folder, and no one else’s', () => {
    expect(isVariantConfigFileName('alvh-ladder~2abcffffff.json')).toBe(true);
    expect(isVariantConfigFileName('market-model.json')).toBe(true);
    expect(isVariantConfigFileName('my-ladder.json')).toBe(false);
    expect(isVariantConfigFileName('alvh-ladder~2abcffffff.json.bak')).toBe(false);
    expect(isVariantConfigFileName('notes.txt')).toBe(false);
  });
});
