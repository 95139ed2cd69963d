import { describe, expect, it } from 'vitest';
import { acrossModels, acrossModelsRows, acrossModelsVerdicts, AcrossModelsError, type ModelRunFigures } from './acrossModels.js';

/** Differences of CAGR fractions agree to this (fractions: 1e-12 of a point). */
const FRACTION_TOLERANCE = 1e-14;

const run = (model: string, ladder: [number, number], unhedged: [number, number], full: [number, number], unhedgedFull: [number, number]): ModelRunFigures => ({
  model,
  variants: [
    { name: 'alvh-ladder', cagrFraction: ladder[0], maxDrawdownFraction: ladder[1], sharpeRatio: undefined },
    { name: 'unhedged', cagrFraction: unhedged[0], maxDrawdownFraction: unhedged[1], sharpeRatio: 0.2 },
    { name: 'alvh-ladder-full', cagrFraction: full[0], maxDrawdownFraction: full[1], sharpeRatio: 0.1 },
    { name: 'unhedged-full', cagrFraction: unhedgedFull[0], maxDrawdownFraction: unhedgedFull[1], sharpeRatio: 0.3 },
  ],
});

const pairs = [
  { hedged: 'alvh-ladder', twin: 'unhedged' },
  { hedged: 'alvh-ladder-full', twin: 'unhedged-full' },
];

describe('the same backtest across market models', () => {
  // By hand: on the defaults the ladder returns -4.07 % against the twin's -0.82 %: -3.25 points; on
  // skew-off +0.24 % against +3.47 %: -3.23 points. The full book: -1.51 - 0.41 = -1.92 points, and on
  // the second model +0.50 - 0.30 = +0.20: it leads there, so its verdict depends on the model.
  const runs = [run('defaults', [-0.0407, 0.582], [-0.0082, 0.383], [-0.0151, 0.368], [0.0041, 0.255]), run('presets/model/skew-off.json', [0.0024, 0.199], [0.0347, 0.129], [0.005, 0.109], [0.003, 0.081])];
  const result = acrossModels(runs, pairs);

  it('measures each hedged variant against its twin on every model', () => {
    const ladder = result.twins[0]!;
    expect(ladder.cagrGapByModel[0]).toBeCloseTo(-0.0325, 14);
    expect(Math.abs((ladder.cagrGapByModel[1] as number) - (0.0024 - 0.0347))).toBeLessThan(FRACTION_TOLERANCE);
    expect(ladder.maxDrawdownGapByModel[0]).toBeCloseTo(0.582 - 0.383, 14);
    expect(ladder.verdict).toBe('trails on every model');
    expect(ladder.modelsTrailing).toBe(2);
    const full = result.twins[1]!;
    expect(full.modelsTrailing).toBe(1);
    expect(full.modelsLeading).toBe(1);
    expect(full.verdict).toBe('depends on the model');
  });

  it('says the range and the verdict in words', () => {
    expect(acrossModelsVerdicts(result)).toEqual([
      'alvh-ladder - unhedged: CAGR -3.25 to -3.23 points a year, max drawdown +7.00 to +19.90 points; it trails on all 2 models.',
      'alvh-ladder-full - unhedged-full: CAGR -1.92 to +0.20 points a year, max drawdown +2.80 to +11.30 points; it trails on 1 and leads on 1 of the 2 models: the verdict depends on the model.',
    ]);
  });

  it('lays the models out as columns, the twins\' gaps under the variants', () => {
    const { headers, rows } = acrossModelsRows(result);
    expect(headers).toEqual(['variant', 'defaults', 'skew-off.json']);
    expect(rows[0]).toEqual(['alvh-ladder (CAGR, max DD)', '-4.07 %, 58.2 %', '0.24 %, 19.9 %']);
    expect(rows[4]).toEqual(['alvh-ladder - unhedged (CAGR points)', '-3.25', '-3.23']);
    expect(rows[5]).toEqual(['alvh-ladder-full - unhedged-full (CAGR points)', '-1.92', '+0.20']);
  });

  it('a hedged variant that leads everywhere says so', () => {
    const leads = acrossModels([run('a', [0.02, 0.1], [0.01, 0.2], [0.01, 0.1], [0, 0.1])], pairs.slice(0, 1));
    expect(leads.twins[0]!.verdict).toBe('leads on every model');
    expect(acrossModelsVerdicts(leads)[0]).toBe('alvh-ladder - unhedged: CAGR +1.00 points a year, max drawdown -10.00 points; it leads on the one model run.');
  });

  it('refuses runs that do not hold the same variants, and pairs outside them', () => {
    const short: ModelRunFigures = { model: 'b', variants: runs[1]!.variants.slice(0, 3) };
    expect(() => acrossModels([runs[0]!, short], pairs)).toThrow(AcrossModelsError);
    expect(() => acrossModels([runs[0]!, short], pairs)).toThrow("the run on b has no variant 'unhedged-full'");
    expect(() => acrossModels(runs, [{ hedged: 'alvh-taper', twin: 'unhedged' }])).toThrow("'alvh-taper' and its twin 'unhedged' must both be in the runs");
    expect(() => acrossModels([], pairs)).toThrow('no model run to compare');
  });
});
