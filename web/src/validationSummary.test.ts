import { describe, expect, it } from 'vitest';
import { collectTargets } from './validationSummary.js';

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
