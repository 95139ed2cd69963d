/**
 * An iron condor marked every day on real quotes (mids) and on the model, side by side. The mark is
 * what it costs to buy the condor back (short legs minus long legs, index points); both marks use the
 * same strikes, so the comparison measures pricing only.
 */
import { err, ok, type Result } from '../../lib/result.js';
import type { OptionType } from '../../pricing/black76.js';
import type { DayNumber } from '../../time/day.js';
import { yearFractionAct365 } from '../../time/day.js';
import type { ChainQuote } from '../../market/quotes/otmQuotes.js';
import { forwardDelta, type SpxVolSurface } from '../../market/spx/surface.js';

export interface CondorSpec {
  readonly openDay: DayNumber;
  readonly expiryDay: DayNumber;
  /** Target |forward delta| of the short strikes (0.16). */
  readonly shortDeltaAbs: number;
  /** Distance of each long wing from its short strike, index points (50). */
  readonly wingWidthPoints: number;
}

export interface CondorStrikes {
  readonly longPut: number;
  readonly shortPut: number;
  readonly shortCall: number;
  readonly longCall: number;
}

export interface CondorMark {
  readonly day: DayNumber;
  /** Real mark from quote mids, index points per condor (x100 for USD). */
  readonly realMarkPoints: number;
  readonly modelMarkPoints: number;
  /** (model - real) / real. */
  readonly relativeError: number;
}

export interface CondorMarks {
  readonly spec: CondorSpec;
  readonly strikes: CondorStrikes;
  readonly marks: readonly CondorMark[];
  /** The day with the largest |relative error|. */
  readonly worstDay: CondorMark;
  readonly skippedDays: readonly { readonly day: DayNumber; readonly reason: string }[];
}

export type CondorError = { readonly kind: 'condor'; readonly reason: string };

/**
 * Short strikes at the target delta on the model surface of the opening day, among `listedStrikes`
 * (the strikes listed for the expiry); the long wings must be listed too. Used when the real chain
 * has no quotes for the expiry on the opening day (the 2018 sample lists 2018-02-28 from 2018-02-01).
 */
export function selectCondorStrikesWithModel(
  surface: SpxVolSurface,
  spec: CondorSpec,
  listedStrikes: readonly number[],
): Result<CondorStrikes, CondorError> {
  const timeYears = yearFractionAct365(surface.marketDay.day, spec.expiryDay);
  if (!(timeYears > 0)) return err({ kind: 'condor', reason: 'the expiry must be after the opening day' });
  const forward = surface.forward(timeYears);
  const listed = new Set(listedStrikes);
  const gapAt = (type: OptionType, strike: number) => {
    const sd = Math.sqrt(surface.totalVariance(Math.log(strike / forward), timeYears));
    return Math.abs(Math.abs(forwardDelta(type, forward, strike, sd)) - spec.shortDeltaAbs);
  };
  const closest = (type: OptionType): number | undefined => {
    const wing = type === 'put' ? -spec.wingWidthPoints : spec.wingWidthPoints;
    let best: number | undefined;
    for (const strike of [...listed].sort((a, b) => a - b)) {
      if ((type === 'put' ? strike >= forward : strike < forward) || !listed.has(strike + wing)) continue;
      if (best === undefined || gapAt(type, strike) < gapAt(type, best)) best = strike;
    }
    return best;
  };
  const shortPut = closest('put');
  const shortCall = closest('call');
  if (shortPut === undefined || shortCall === undefined) return err({ kind: 'condor', reason: 'no listed strikes with listed wings' });
  return ok({ longPut: shortPut - spec.wingWidthPoints, shortPut, shortCall, longCall: shortCall + spec.wingWidthPoints });
}

/** Marks the condor with `strikes` on every quote day of its expiry from the opening day on. */
export function markCondor(
  spec: CondorSpec,
  strikes: CondorStrikes,
  chainRows: readonly ChainQuote[],
  surfaceFor: (day: DayNumber) => Result<SpxVolSurface, { readonly reason: string }>,
): Result<CondorMarks, CondorError> {
  const legs: { type: OptionType; strike: number; sign: 1 | -1 }[] = [
    { type: 'put', strike: strikes.shortPut, sign: 1 },
    { type: 'call', strike: strikes.shortCall, sign: 1 },
    { type: 'put', strike: strikes.longPut, sign: -1 },
    { type: 'call', strike: strikes.longCall, sign: -1 },
  ];
  const days = [...new Set(chainRows.filter((r) => r.expiryDay === spec.expiryDay && r.quoteDay >= spec.openDay).map((r) => r.quoteDay))].sort(
    (a, b) => a - b,
  );
  const marks: CondorMark[] = [];
  const skippedDays: { day: DayNumber; reason: string }[] = [];
  for (const day of days) {
    let real = 0;
    let missing: string | undefined;
    for (const leg of legs) {
      const row = chainRows.find((r) => r.quoteDay === day && r.expiryDay === spec.expiryDay && r.type === leg.type && r.strike === leg.strike);
      if (row === undefined || !(row.ask >= row.bid)) {
        missing = `no quote for the ${leg.strike} ${leg.type}`;
        break;
      }
      real += leg.sign * 0.5 * (row.bid + row.ask);
    }
    if (missing !== undefined) {
      skippedDays.push({ day, reason: missing });
      continue;
    }
    const surface = surfaceFor(day);
    if (!surface.ok) {
      skippedDays.push({ day, reason: surface.error.reason });
      continue;
    }
    let model = 0;
    for (const leg of legs) {
      const price = surface.value.optionPrice(leg.type, leg.strike, spec.expiryDay);
      if (!price.ok) return err({ kind: 'condor', reason: price.error.reason });
      model += leg.sign * price.value;
    }
    if (!(real > 0)) {
      skippedDays.push({ day, reason: `real mark ${real.toFixed(2)} is not positive` });
      continue;
    }
    marks.push({ day, realMarkPoints: real, modelMarkPoints: model, relativeError: (model - real) / real });
  }
  const worstDay = marks.reduce<CondorMark | undefined>(
    (worst, m) => (worst === undefined || Math.abs(m.relativeError) > Math.abs(worst.relativeError) ? m : worst),
    undefined,
  );
  if (worstDay === undefined) return err({ kind: 'condor', reason: 'no day could be marked' });
  return ok({ spec, strikes, marks, worstDay, skippedDays });
}
