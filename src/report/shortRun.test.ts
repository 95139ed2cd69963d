import { describe, expect, it } from 'vitest';
import { dayFromIso } from '../time/day.js';
import { SHORT_RUN_YEARS, shortRunNote } from './shortRun.js';

describe('shortRunNote', () => {
  it('says a run under a year is extrapolated, with each variant\'s total return', () => {
    // 2020-02-18 to 2020-03-06: 17 calendar days, 17 / 365 = 0.0466 years. A total return of -1.88 %
    // compounds to (1 - 0.0188)^(1 / 0.0466) - 1 = -33.4 % a year, the CAGR the table printed alone.
    const note = shortRunNote(dayFromIso('2020-02-18'), dayFromIso('2020-03-06'), [
      { name: 'unhedged', metrics: { totalReturnFraction: -0.0188 } },
      { name: 'alvh-ladder', metrics: { totalReturnFraction: -0.0139 } },
    ]);
    expect(note).toBe('The run spans 17 calendar days (0.05 years): CAGR, Calmar and the per-year figures extrapolate it to a year. Total return over the run: unhedged -1.88 %, alvh-ladder -1.39 %.');
  });

  it('says nothing for a run of a year or more', () => {
    expect(SHORT_RUN_YEARS).toBe(1);
    // 2019-01-01 to 2020-01-01: 365 days, exactly one ACT/365 year.
    expect(shortRunNote(dayFromIso('2019-01-01'), dayFromIso('2020-01-01'), [{ name: 'x', metrics: { totalReturnFraction: 0.1 } }])).toBeUndefined();
    expect(shortRunNote(dayFromIso('2019-01-01'), dayFromIso('2019-12-31'), [{ name: 'x', metrics: { totalReturnFraction: 0.1 } }])).toBe('The run spans 364 calendar days (1.00 years): CAGR, Calmar and the per-year figures extrapolate it to a year. Total return over the run: x 10.00 %.');
  });
});
