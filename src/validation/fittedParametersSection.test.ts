import { describe, expect, it } from 'vitest';
import { DEFAULT_MARKET_MODEL_CONFIG, marketModelConfigSchema } from '../market/config.js';
import { FITTED_PARAMETERS } from '../market/fittedParameters.js';
import { fittedParametersSection } from './fittedParametersSection.js';

describe('fittedParametersSection', () => {
  it('lists every fitted number at its fitted value under the defaults', () => {
    const section = fittedParametersSection(DEFAULT_MARKET_MODEL_CONFIG);
    expect(section.markdown).toContain('This run used every fitted value.');
    expect(section.markdown).toContain('Every fit keeps the hold-out rule');
    const rows = section.markdown.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows).toHaveLength(FITTED_PARAMETERS.length);
    expect(rows).toContain(
      '| `spx.smileSkewRho` | -0.7519 | spx_options_20201201.csv (2020-12-01): 600 out-of-the-money quotes with \\|forward delta\\| >= 0.02, three expiries 17-80 days out | fitSmileShape (src/market/spx/fit/skewFit.ts) | `src/market/spx/fit/skewFit.test.ts` |',
    );
  });

  it('marks a value the model config sets, with the value the fit gave', () => {
    const config = marketModelConfigSchema.parse({ spx: { meanReversionPerYear: 3.3 } });
    const section = fittedParametersSection(config);
    expect(section.markdown).toContain("This run's model config sets 1 of them to other values (marked).");
    expect(section.markdown).toContain('| `spx.meanReversionPerYear` | 3.3 (set by the model config; the fit gave 1.45) |');
    const json = section.json as { parameters: { path: string; value: number; setByModelConfig: boolean; holdOutViolation: string | null }[] };
    expect(json.parameters.find((p) => p.path === 'spx.meanReversionPerYear')).toMatchObject({ value: 3.3, setByModelConfig: true, holdOutViolation: null });
    expect(json.parameters.filter((p) => p.setByModelConfig)).toHaveLength(1);
  });
});
