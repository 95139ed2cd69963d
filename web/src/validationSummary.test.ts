import { describe, expect, it } from 'vitest';
import { collectTargets, targetsAcrossModels, targetTable } from './validationSummary.js';

describe('validation targets', () => {
  it('finds met flags and ...Met fields with where they sit, and nothing else', () => {
    const report = {
      sections: [
        {
          id: 'cndr',
          data: {
            periods: [
              { period: { label: 'held out 2016-2026' }, target: '>= 0.8', met: false, correlation: 0.62 },
              { period: { label: 'fit 1990-2015' }, targets: { correlationMet: true, annualReturnGapMet: false } },
            ],
          },
        },
        { id: 'configuration', data: { met: 'not a flag', count: 3 } },
      ],
    };
    expect(collectTargets(report)).toEqual([
      { where: '.sections › cndr.data.periods › held out 2016-2026', target: '>= 0.8', met: false },
      { where: '.sections › cndr.data.periods › fit 1990-2015.targets', target: 'correlation', met: true },
      { where: '.sections › cndr.data.periods › fit 1990-2015.targets', target: 'annual return gap', met: false },
    ]);
  });
});

describe('the target table', () => {
  it("is read from the report's targets section, with rows nobody measured said so", () => {
    // The shape src/validation/targetsSection.ts writes into validate.json.
    const report = {
      sections: [
        {
          id: 'targets',
          data: [
            { id: 'spxw-2018-iv-error', what: 'SPXW Jan-Feb 2018', target: '<= 0.5 vol pts', figure: '0.62 vol pts', met: false, measured: true },
            { id: 'feb-2018-condor-price', what: 'Feb 2018 condor', target: 'within ±5 %', figure: '+3.1 %', met: true, measured: true },
            { id: 'vix-stress-strike', what: 'VIX 30-delta call in stress', target: 'a smile consistent with VVIX', figure: 'not measured', met: false, measured: false },
          ],
        },
        { id: 'configuration', data: {} },
      ],
    };
    const table = targetTable(report)!;
    expect(table.rows.map((r) => [r.id, r.verdict])).toEqual([
      ['spxw-2018-iv-error', 'missed'],
      ['feb-2018-condor-price', 'met'],
      ['vix-stress-strike', 'not measured'],
    ]);
    expect([table.met, table.missed, table.notMeasured]).toEqual([1, 1, 1]);
    expect(targetTable({ sections: [{ id: 'configuration', data: {} }] })).toBeUndefined();
    expect(targetTable(null)).toBeUndefined();
  });
});

describe('the targets on other market models', () => {
  it("is read from the report's targets-across-models section: each target's verdict and figure by model, and the count met per model", () => {
    // The shape src/validation/targetsAcrossModels.ts writes into validate.json.
    const report = {
      sections: [
        { id: 'targets', data: [] },
        {
          id: 'targets-across-models',
          data: {
            models: ['defaults', 'presets/model/skew-off.json'],
            targets: [
              {
                id: 'cndr-2008-2015',
                what: 'CNDR replica 2008-15',
                target: '±1.0 pts, >= 0.93',
                byModel: [
                  { model: 'defaults', figure: '+0.78, 0.963', met: true, measured: true },
                  { model: 'presets/model/skew-off.json', figure: '-0.24, 0.956', met: true, measured: true },
                ],
              },
              {
                id: 'put-replica',
                what: 'PUT replica',
                target: 'each era ±1.0',
                byModel: [
                  { model: 'defaults', figure: '-1.43, -1.32', met: false, measured: true },
                  // A model the row does not name is not measured, never met.
                ],
              },
            ],
          },
        },
      ],
    };
    const table = targetsAcrossModels(report)!;
    expect(table.models).toEqual(['defaults', 'presets/model/skew-off.json']);
    expect(table.rows.map((r) => [r.id, ...r.byModel.map((m) => m.verdict)])).toEqual([
      ['cndr-2008-2015', 'met', 'met'],
      ['put-replica', 'missed', 'not measured'],
    ]);
    expect(table.rows[0]?.byModel[1]?.figure).toBe('-0.24, 0.956');
    expect(table.metByModel).toEqual([1, 1]);
    expect(targetsAcrossModels({ sections: [{ id: 'targets', data: [] }] })).toBeUndefined();
    expect(targetsAcrossModels(undefined)).toBeUndefined();
  });
});
