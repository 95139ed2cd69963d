import { describe, expect, it } from 'vitest';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../market/config.js';
import { parseSweepSpec, sweepModelConfig, sweepModelDescription, SweepSpecError } from './spec.js';

const minimal = {
  name: 'unit',
  basePreset: 'alvh-ladder',
  vary: [{ kind: 'list', path: 'hedge.hedgeCallDelta', values: [0.2, 0.3] }],
  period: { from: '2020-01-01', to: '2020-03-31' },
};

function issuesOf(input: unknown): string[] {
  try {
    parseSweepSpec(input, 'spec.json');
  } catch (error) {
    expect(error).toBeInstanceOf(SweepSpecError);
    expect((error as Error).message).toContain('spec.json');
    return (error as SweepSpecError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the spec to be rejected');
}

describe('sweep spec', () => {
  it('fills in the defaults', () => {
    const spec = parseSweepSpec(minimal, 'spec.json');
    expect(spec.rankBy).toBe('sharpeRatio');
    expect(spec.random).toEqual({ samples: 10, seed: 1 });
    expect(spec.walkForward).toEqual({ inSampleMonths: 12, outOfSampleMonths: 3 });
    expect(spec.cscvBlocks).toBe(8);
  });

  it('is strict at every depth, with a suggestion for a typo', () => {
    expect(issuesOf({ ...minimal, rankby: 'cagrFraction' })).toEqual(['rankby: unknown field; did you mean "rankBy"?']);
    expect(issuesOf({ ...minimal, period: { from: '2020-01-01', to: '2020-03-31', too: 1 } })).toEqual(['period.too: unknown field; did you mean "to"?']);
    expect(issuesOf({ ...minimal, vary: [{ kind: 'grid', path: 'hedge.maxLayers', from: 1, to: 3, stepp: 1 }] })[0]).toMatch(/vary\.0\./);
  });

  it('rejects an unordered period or range, an odd block count, a field varied twice', () => {
    expect(issuesOf({ ...minimal, period: { from: '2020-03-01', to: '2020-01-01' } })).toEqual(['period.to: must be after period.from (2020-03-01)']);
    expect(issuesOf({ ...minimal, vary: [{ kind: 'range', path: 'hedge.hedgeCallDelta', min: 0.4, max: 0.2 }] })).toEqual(['vary.0.max: must not be below min']);
    expect(issuesOf({ ...minimal, cscvBlocks: 5 })).toEqual(['cscvBlocks: must be even']);
    expect(issuesOf({ ...minimal, vary: [...minimal.vary, ...minimal.vary] })).toEqual(['vary.1.path: hedge.hedgeCallDelta is varied twice']);
    expect(issuesOf({ ...minimal, rankBy: 'luck' })[0]).toMatch(/^rankBy: /);
    expect(issuesOf({ ...minimal, period: { from: '2020-02-30', to: '2020-03-31' } })[0]).toMatch(/^period\.from: /);
  });

  it('names the market model the variants run on: the defaults, or a model config strict like a model config file', () => {
    const plain = parseSweepSpec(minimal, 'spec.json');
    expect(sweepModelConfig(plain)).toBe(DEFAULT_MARKET_MODEL_CONFIG);
    expect(sweepModelDescription(plain)).toBe('defaults');
    const skewOff = parseSweepSpec({ ...minimal, marketModel: { spx: { skewCalibration: 'off' } } }, 'spec.json');
    expect(sweepModelConfig(skewOff).spx.skewCalibration).toBe('off');
    // The rest of the model is the defaults, filled in.
    expect(sweepModelConfig(skewOff).vix).toEqual(DEFAULT_MARKET_MODEL_CONFIG.vix);
    expect(sweepModelDescription(skewOff)).toBe('spx.skewCalibration: "off"');
    expect(issuesOf({ ...minimal, marketModel: { spx: { skewCalibraton: 'off' } } })).toEqual(['marketModel.spx.skewCalibraton: unknown field; did you mean "skewCalibration"?']);
    expect(issuesOf({ ...minimal, marketModel: { spx: { skewCalibration: 'sometimes' } } })[0]).toMatch(/^marketModel\.spx\.skewCalibration: /);
  });
});
