import { describe, expect, it } from 'vitest';
import { dayFromIso, isoFromDay } from '../time/day.js';
import { walkForward, type WindowScore } from './walkForward.js';
import { OverfittingInputError } from './deflatedSharpe.js';

/** Score = the window's total return. */
const totalReturn: WindowScore = (_days, equity) => (equity[equity.length - 1] as number) / (equity[0] as number) - 1;

describe('walk-forward', () => {
  it('hand-worked: the in-sample winner is traded out of sample and the pieces chain', () => {
    // Month-end points Jan..Apr 2024 (plus a start point). Trial A doubles in January then is flat;
    // trial B is flat in January and then gains 10 % a month. Windows: 1 month in, 1 month out.
    //   IS Jan: A +100 % > B 0 -> trade A in Feb: A flat, 0 %.
    //   IS Feb: A 0 < B +10 % -> trade B in Mar: +10 %.
    //   IS Mar: B -> trade B in Apr: +10 %.
    // Chained out-of-sample curve: 1, 1 (Feb), 1.1 (Mar), 1.21 (Apr).
    const days = ['2023-12-29', '2024-01-31', '2024-02-29', '2024-03-29', '2024-04-30'].map(dayFromIso);
    const a = [100, 200, 200, 200, 200];
    const b = [100, 100, 110, 121, 133.1];
    const result = walkForward(days, [a, b], { inSampleMonths: 1, outOfSampleMonths: 1 }, totalReturn);
    expect(result.windows.map((w) => w.selectedTrial)).toEqual([0, 1, 1]);
    expect(result.windows.map((w) => isoFromDay(w.outOfSampleFromDay))).toEqual(['2024-02-01', '2024-03-01', '2024-04-01']);
    expect(result.windows[0]?.inSampleScore).toBeCloseTo(1, 12);
    expect(result.windows.map((w) => w.outOfSampleReturnFraction.toFixed(6))).toEqual(['0.000000', '0.100000', '0.100000']);
    expect(result.curveDays.map(isoFromDay)).toEqual(['2024-01-31', '2024-02-29', '2024-03-29', '2024-04-30']);
    expect(result.curveEquity.map((x) => x.toFixed(6))).toEqual(['1.000000', '1.000000', '1.100000', '1.210000']);
  });

  it('never uses out-of-sample data to choose: changing the future of the unchosen trial changes nothing before it', () => {
    const days = ['2023-12-29', '2024-01-31', '2024-02-29', '2024-03-29'].map(dayFromIso);
    const a = [100, 150, 150, 150];
    const r1 = walkForward(days, [a, [100, 100, 100, 100]], { inSampleMonths: 1, outOfSampleMonths: 1 }, totalReturn);
    const r2 = walkForward(days, [a, [100, 100, 500, 100]], { inSampleMonths: 1, outOfSampleMonths: 1 }, totalReturn);
    expect(r1.windows[0]).toEqual(r2.windows[0]);
  });

  it('rejects curves that do not match the calendar', () => {
    expect(() => walkForward([1, 2, 3], [[1, 2]], { inSampleMonths: 1, outOfSampleMonths: 1 }, totalReturn)).toThrow(OverfittingInputError);
  });
});
