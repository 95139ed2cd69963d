import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OverfittingInputError } from './deflatedSharpe.js';
import { averageRank, combinations, probabilityOfBacktestOverfitting, sharpeMeasure } from './pbo.js';

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Difference allowed between a per-period Sharpe ratio from block moments and one from two passes over the returns, relative above 1 and absolute below (rounding only; dimensionless). */
const SHARPE_ROUNDING = 1e-12;

/**
 * A day's return, within ±5 %: zero, or at least 1e-12 in size. Smaller ones (a millionth of a cent on
 * a million USD) would make the squared deviations subnormal, where a double keeps only a few bits and
 * the two ways of summing them differ by far more than rounding (a failure once found: a series of
 * zeros and one -9.9e-158, whose Sharpe ratio differed by 6e-10 relative).
 */
const dailyReturn = fc.double({ min: -0.05, max: 0.05, noNaN: true }).map((r) => (Math.abs(r) < 1e-12 ? 0 : r));

describe('PBO by CSCV', () => {
  it('C(4, 2) = 6 splits, lexicographic', () => {
    expect(combinations(4, 2)).toEqual([[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]);
    expect(combinations(16, 8)).toHaveLength(12870);
  });

  it('average ranks of ties', () => {
    expect(averageRank([0, 0.5, 0.5], 1)).toBe(2.5);
    expect(averageRank([3, 1, 2], 0)).toBe(3);
  });

  it('a hand-worked matrix where every in-sample winner is the worst or tied-worst out of sample: PBO = 1', () => {
    // Four periods, one per block; performance = mean return. Trials by block:
    //   A: 4, 0, 0, 0     B: 0, 2, 1, 1     C: 1, 1, 2.5, 0
    // IS {1,2}: A 2, B 1, C 1 -> A; OOS {3,4}: A 0, B 1, C 1.25 -> rank 1, ω = 1/4, λ = ln(1/3).
    // IS {1,3}: A 2 -> A; OOS {2,4}: A 0 worst, ω = 1/4.   IS {1,4}: A 2 -> A; OOS {2,3}: worst, ω = 1/4.
    // IS {2,3}: C 1.75 -> C; OOS {1,4}: A 2, B .5, C .5 -> C ties B at ranks 1-2: 1.5, ω = 0.375.
    // IS {2,4}: B 1.5 -> B; OOS {1,3}: A 2, B .5, C 1.75 -> rank 1, ω = 1/4.
    // IS {3,4}: C 1.25 -> C; OOS {1,2}: A 2, B 1, C 1 -> tie, 1.5, ω = 0.375.
    const result = probabilityOfBacktestOverfitting([[4, 0, 0, 0], [0, 2, 1, 1], [1, 1, 2.5, 0]], 4, mean);
    expect(result.combinations.map((c) => c.selectedTrial)).toEqual([0, 0, 0, 2, 1, 2]);
    expect(result.combinations.map((c) => c.relativeRank)).toEqual([0.25, 0.25, 0.25, 0.375, 0.25, 0.375]);
    expect(result.combinations[0]?.logit).toBeCloseTo(Math.log(1 / 3), 12);
    expect(result.probabilityOfOverfitting).toBe(1);
    expect(result.probabilityOfOosLoss).toBe(0);
  });

  it('a trial better in every period is picked every time and is best out of sample: PBO = 0', () => {
    // With N = 3 the best OOS rank is 3: ω = 3/4, λ = ln 3 for all six splits.
    const result = probabilityOfBacktestOverfitting([[1, 2, 3, 4], [2, 3, 4, 5], [0, 1, 2, 3]], 4, mean);
    expect(result.probabilityOfOverfitting).toBe(0);
    for (const c of result.combinations) expect(c.logit).toBeCloseTo(Math.log(3), 12);
  });

  it('property: a dominant trial gives PBO 0; PBO is a share of the splits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 8, maxLength: 8 }), { minLength: 2, maxLength: 6 }),
        (trials) => {
          const dominant = (trials[0] as number[]).map((_, t) => Math.max(...trials.map((r) => r[t] as number)) + 0.01);
          const result = probabilityOfBacktestOverfitting([...trials, dominant], 4, mean);
          return result.probabilityOfOverfitting === 0;
        },
      ),
    );
  });

  it('drops the earliest periods that do not fill a block, and rejects bad input', () => {
    const result = probabilityOfBacktestOverfitting([[9, 1, 2, 3, 4], [9, 2, 3, 4, 5]], 2, sharpeMeasure);
    expect(result.droppedPeriods).toBe(1);
    expect(result.periodsPerBlock).toBe(2);
    expect(() => probabilityOfBacktestOverfitting([[1, 2]], 2)).toThrow(OverfittingInputError);
    expect(() => probabilityOfBacktestOverfitting([[1, 2], [1, 2]], 3)).toThrow(OverfittingInputError);
    expect(() => probabilityOfBacktestOverfitting([[1, Number.NaN], [1, 2]], 2)).toThrow(OverfittingInputError);
  });

  it('the Sharpe measure from block moments gives the PBO of the returns gathered for every split', () => {
    // Daily-like returns (seeded): 16 trials of 643 periods, every trial a little different. A measure
    // other than sharpeMeasure itself takes the path that gathers each split's returns and makes two
    // passes over them; the block moments must select the same trials with the same ranks, and their
    // Sharpe ratios agree to rounding.
    let seed = 20_240_101;
    const uniform = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const trials = Array.from({ length: 16 }, (_, k) => Array.from({ length: 643 }, () => (uniform() - 0.5) * 0.02 + k * 1e-5));
    const gathered = (returns: readonly number[]) => sharpeMeasure([...returns]);
    for (const blocks of [8, 16]) {
      const fast = probabilityOfBacktestOverfitting(trials, blocks);
      const slow = probabilityOfBacktestOverfitting(trials, blocks, gathered);
      expect(fast.combinations).toHaveLength(blocks === 8 ? 70 : 12870);
      expect(fast.combinations.map((c) => c.selectedTrial)).toEqual(slow.combinations.map((c) => c.selectedTrial));
      expect(fast.combinations.map((c) => c.relativeRank)).toEqual(slow.combinations.map((c) => c.relativeRank));
      expect(fast.probabilityOfOverfitting).toBe(slow.probabilityOfOverfitting);
      for (const [i, c] of fast.combinations.entries()) {
        const reference = slow.combinations[i] as (typeof slow.combinations)[number];
        expect(Math.abs(c.inSamplePerformance - reference.inSamplePerformance)).toBeLessThan(SHARPE_ROUNDING * Math.max(1, Math.abs(reference.inSamplePerformance)));
        expect(Math.abs(c.outOfSamplePerformance - reference.outOfSamplePerformance)).toBeLessThan(SHARPE_ROUNDING * Math.max(1, Math.abs(reference.outOfSamplePerformance)));
      }
    }
  });

  it('property: a split\'s Sharpe ratio from block moments is the one of its returns gathered, to rounding', () => {
    fc.assert(
      fc.property(fc.array(dailyReturn, { minLength: 12, maxLength: 60 }), fc.constantFrom(2, 4, 6), (returns, blocks) => {
        // Against a trial that always loses, trial 0 is selected in every split: the first split's
        // in-sample performance is its Sharpe ratio over blocks 0 .. S/2 - 1.
        const result = probabilityOfBacktestOverfitting([returns, returns.map(() => -1)], blocks);
        const perBlock = Math.floor(returns.length / blocks);
        const dropped = returns.length - perBlock * blocks;
        const first = result.combinations[0] as (typeof result.combinations)[number];
        const expected = sharpeMeasure(returns.slice(dropped, dropped + (blocks / 2) * perBlock));
        if (!Number.isFinite(expected)) return;
        expect(first.selectedTrial).toBe(0);
        expect(Math.abs(first.inSamplePerformance - expected)).toBeLessThanOrEqual(SHARPE_ROUNDING * Math.max(1, Math.abs(expected)));
      }),
    );
  });
});
