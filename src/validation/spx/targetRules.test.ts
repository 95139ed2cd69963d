import { describe, expect, it } from 'vitest';
import { ivErrorTargetMet, worstJudgedMark } from './targetRules.js';

describe('the SPX target rules', () => {
  it('the held-out IV error: the median over 16-25 delta and every bucket signed median, all six measured', () => {
    expect(ivErrorTargetMet(0.4, [0.1, -0.2, 0.3, -0.3, 0, 0.05])).toBe(true);
    // The median is in; one bucket 0.31 out.
    expect(ivErrorTargetMet(0.4, [0.1, -0.2, 0.31, -0.3, 0, 0.05])).toBe(false);
    // Every bucket in; the median 0.51 out (the build's figure, 0.90, is far out).
    expect(ivErrorTargetMet(0.51, [0, 0, 0, 0, 0, 0])).toBe(false);
    expect(ivErrorTargetMet(undefined, [0, 0, 0, 0, 0, 0])).toBe(false);
    expect(ivErrorTargetMet(0.1, [0, 0, 0, 0, undefined, 0])).toBe(false);
    expect(ivErrorTargetMet(0.1, [0, 0, 0])).toBe(false);
  });

  it('the condor marks: the worst relative error over the days worth 2 points or more', () => {
    const marks = [
      { realMarkPoints: 6.6, modelMarkPoints: 7.72 }, // +16.97 %
      { realMarkPoints: 10, modelMarkPoints: 13 }, // +30 %: the worst judged
      { realMarkPoints: 2, modelMarkPoints: 1.5 }, // -25 %, judged (exactly 2 points)
      { realMarkPoints: 0.27, modelMarkPoints: 0.85 }, // +215 %, worth less than 2 points: not judged
    ];
    const worst = worstJudgedMark(marks);
    expect(worst?.mark).toBe(marks[1]);
    expect(worst?.relativeError).toBeCloseTo(0.3, 12);
    expect(worst?.judgedDays).toBe(3);
    expect(worstJudgedMark([{ realMarkPoints: 1.99, modelMarkPoints: 5 }])).toBeUndefined();
  });
});
