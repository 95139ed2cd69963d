import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../data/presets.js';
import { parseSweepSpec, SweepSpecError } from './spec.js';
import { canonicalJson, expandVariants, gridValues, listedVariantCount, seededUniform, variantKey } from './variants.js';

/** The versions a test keys by: a data version and a code fingerprint, both made up. */
const DATA = { dataVersion: 'sha256:test', codeVersion: 'code:test' };
const preset = loadPreset('alvh-ladder');

function spec(overrides: Record<string, unknown>) {
  return parseSweepSpec(
    {
      name: 'unit',
      basePreset: 'alvh-ladder',
      vary: [{ kind: 'list', path: 'hedge.hedgeCallDelta', values: [0.2, 0.4] }],
      period: { from: '2020-01-01', to: '2020-03-31' },
      ...overrides,
    },
    'spec.json',
  );
}

describe('variant expansion', () => {
  it('grid points are exact decimals, both ends included', () => {
    expect(gridValues(0.15, 0.2, 0.01)).toEqual([0.15, 0.16, 0.17, 0.18, 0.19, 0.2]);
    expect(gridValues(1, 1, 0.5)).toEqual([1]);
  });

  it('crosses lists and grids, then the random draws; the preset comes first', () => {
    const variants = expandVariants(
      spec({
        vary: [
          { kind: 'list', path: 'hedge.hedgeCallDelta', values: [0.2, 0.4] },
          { kind: 'grid', path: 'ironCondor.shortDelta', from: 0.17, to: 0.19, step: 0.01 },
          { kind: 'range', path: 'hedge.takeProfitMultipleOfCost', min: 2, max: 5, decimals: 2 },
        ],
        random: { samples: 2, seed: 9 },
      }),
      preset,
      DATA,
      'spec.json',
    );
    // 2 x 3 combinations x 2 draws + the preset.
    expect(variants).toHaveLength(13);
    expect(variants[0]?.isBaseline).toBe(true);
    expect(variants[0]?.config.name).toBe('alvh-ladder');
    const v = variants[1];
    expect(v?.config.hedge.hedgeCallDelta).toBe(0.2);
    expect(v?.config.ironCondor.shortDelta).toBe(0.17);
    const tp = v?.values['hedge.takeProfitMultipleOfCost'] as number;
    expect(tp).toBeGreaterThanOrEqual(2);
    expect(tp).toBeLessThanOrEqual(5);
    expect(Math.round(tp * 100) / 100).toBe(tp);
    expect(new Set(variants.map((x) => x.key)).size).toBe(13);
  });

  it('runs a listed value equal to the preset\'s once, and counts what the spec listed', () => {
    // The preset's hedgeCallDelta is the default 0.3: of the four listed values 0.3 is the preset
    // itself and the second 0.4 repeats the first, so five listed variants are three.
    const s = spec({ vary: [{ kind: 'list', path: 'hedge.hedgeCallDelta', values: [0.3, 0.4, 0.4, 0.5] }] });
    expect(listedVariantCount(s)).toBe(5);
    expect(expandVariants(s, preset, DATA, 'spec.json').map((v) => v.config.hedge.hedgeCallDelta)).toEqual([0.3, 0.4, 0.5]);
  });

  it('is deterministic: the same spec, data and code give the same keys; other data, another build or another period other keys', () => {
    const a = expandVariants(spec({}), preset, DATA, 'spec.json').map((v) => v.key);
    expect(expandVariants(spec({}), preset, DATA, 'spec.json').map((v) => v.key)).toEqual(a);
    expect(expandVariants(spec({}), preset, { ...DATA, dataVersion: 'sha256:other' }, 'spec.json').map((v) => v.key)).not.toEqual(a);
    // Another build (a changed rule) must not find this build's results: every key differs.
    const otherBuild = expandVariants(spec({}), preset, { ...DATA, codeVersion: 'code:other' }, 'spec.json').map((v) => v.key);
    for (const key of otherBuild) expect(a).not.toContain(key);
    expect(expandVariants(spec({ period: { from: '2020-01-01', to: '2020-04-30' } }), preset, DATA, 'spec.json')[0]?.key).not.toBe(a[0]);
  });

  it('a market model other than the defaults gives other keys; the defaults, named or not, the keys of no model named', () => {
    const a = expandVariants(spec({}), preset, DATA, 'spec.json').map((v) => v.key);
    expect(expandVariants(spec({ marketModel: {} }), preset, DATA, 'spec.json').map((v) => v.key)).toEqual(a);
    expect(expandVariants(spec({ marketModel: { spx: { skewCalibration: 'daily' } } }), preset, DATA, 'spec.json').map((v) => v.key)).toEqual(a);
    // Keyed as a variant without a model: a spec naming the defaults finds the results of one naming none.
    expect(a[0]).toBe(variantKey(preset, DATA, { from: '2020-01-01', to: '2020-03-31' }));
    const skewOff = expandVariants(spec({ marketModel: { spx: { skewCalibration: 'off' } } }), preset, DATA, 'spec.json').map((v) => v.key);
    expect(skewOff).toHaveLength(a.length);
    for (const key of skewOff) expect(a).not.toContain(key);
  });

  it('the key ignores the name and the order of fields', () => {
    const k = variantKey(preset, DATA, { from: 'a', to: 'b' });
    expect(variantKey({ ...preset, name: 'renamed', description: 'other words' }, DATA, { from: 'a', to: 'b' })).toBe(k);
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });

  it('a value equal to the default is the preset itself, run once', () => {
    const variants = expandVariants(spec({ vary: [{ kind: 'list', path: 'hedge.hedgeCallDelta', values: [0.3, 0.4] }] }), preset, DATA, 'spec.json');
    expect(variants).toHaveLength(2);
  });

  it('an unknown path or an invalid value rejects the whole spec, naming the field', () => {
    expect(() => expandVariants(spec({ vary: [{ kind: 'list', path: 'hedge.hedgeCalDelta', values: [0.2] }] }), preset, DATA, 'spec.json')).toThrow(
      /vary\.0\.path: no config field hedge\.hedgeCalDelta; did you mean "hedge\.hedgeCallDelta"\?/,
    );
    expect(() => expandVariants(spec({ vary: [{ kind: 'list', path: 'ironCondor.shortDelta', values: [0.16, 0.5] }] }), preset, DATA, 'spec.json')).toThrow(SweepSpecError);
    expect(() => expandVariants(spec({ baseOverrides: { hedge: { enabeld: false } } }), preset, DATA, 'spec.json')).toThrow(/baseOverrides\.hedge\.enabeld: unknown field; did you mean "enabled"/);
  });

  it('refuses a spec that expands past maxVariants', () => {
    expect(() => expandVariants(spec({ vary: [{ kind: 'grid', path: 'hedge.cashWhenVixAbove', from: 20, to: 80, step: 1 }], maxVariants: 10 }), preset, DATA, 'spec.json')).toThrow(/maxVariants/);
  });

  it('property: seeded draws are reproducible and in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const a = seededUniform(seed);
        const b = seededUniform(seed);
        for (let i = 0; i < 20; i++) {
          const x = a();
          if (x !== b() || x < 0 || x >= 1) return false;
        }
        return true;
      }),
    );
  });
});
