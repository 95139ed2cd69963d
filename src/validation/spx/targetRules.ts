/**
 * The SPX rows of the market model's target table (src/validation/targets.ts) as numbers and rules:
 * one place that the SPX sections' own text and the table's verdicts both read, so that a report can
 * never call the same figure met in one place and missed in another.
 */

/** Held-out SPXW 2018: median |IV error| over the 16-25 delta buckets, vol points. */
export const IV_ERROR_TARGET_MEDIAN_ABS_VOL_POINTS = 0.5;
/** Held-out SPXW 2018: the signed median of each 16-25 delta bucket within this, vol points. */
export const IV_ERROR_TARGET_SIGNED_MEDIAN_VOL_POINTS = 0.3;
/** The delta buckets both rules judge (16, 20 and 25 delta, puts and calls), in percent. */
export const IV_ERROR_TARGET_DELTA_PERCENTS: readonly number[] = [16, 20, 25];
/** The buckets the signed-median rule judges, by their report labels. */
export const IV_ERROR_TARGET_BUCKETS = ['16Δ put', '20Δ put', '25Δ put', '25Δ call', '20Δ call', '16Δ call'] as const;
/** The Feb 2018 condor priced on its first quote day: |model − real| / real at most this. */
export const CONDOR_PRICE_TARGET_RELATIVE_ERROR = 0.05;
/** The Feb 2018 condor's daily marks: |model − real| / real at most this on every judged day. */
export const CONDOR_MARKS_TARGET_RELATIVE_ERROR = 0.15;
/** The marks rule judges the days the condor is worth at least this much (real mark, index points). */
export const CONDOR_MARKS_MIN_REAL_MARK_POINTS = 2;

/** The held-out IV-error rule: the median over 16-25 delta and every bucket's signed median (undefined: not measured, so not met). */
export function ivErrorTargetMet(medianAbsVolPoints: number | undefined, signedMedians: ReadonlyArray<number | undefined>): boolean {
  return (
    medianAbsVolPoints !== undefined &&
    medianAbsVolPoints <= IV_ERROR_TARGET_MEDIAN_ABS_VOL_POINTS &&
    signedMedians.length === IV_ERROR_TARGET_BUCKETS.length &&
    signedMedians.every((m) => m !== undefined && Math.abs(m) <= IV_ERROR_TARGET_SIGNED_MEDIAN_VOL_POINTS)
  );
}

/** The worst relative error of the marks the rule judges (real mark >= the minimum), with how many it judged. */
export function worstJudgedMark<M extends { readonly realMarkPoints: number; readonly modelMarkPoints: number }>(marks: readonly M[]): { readonly mark: M; readonly relativeError: number; readonly judgedDays: number } | undefined {
  let worst: { mark: M; relativeError: number } | undefined;
  let judgedDays = 0;
  for (const mark of marks) {
    if (mark.realMarkPoints < CONDOR_MARKS_MIN_REAL_MARK_POINTS) continue;
    judgedDays++;
    const relativeError = (mark.modelMarkPoints - mark.realMarkPoints) / mark.realMarkPoints;
    if (worst === undefined || Math.abs(relativeError) > Math.abs(worst.relativeError)) worst = { mark, relativeError };
  }
  return worst === undefined ? undefined : { ...worst, judgedDays };
}
