/**
 * Fits the VIX-only fallback (mean reversion of variance towards a long-run level, pinned to VIX at
 * 30 days) on days where the real VIX9D, VIX3M and VIX6M exist. For a given speed kappa the model
 * variance is linear in the long-run variance, so that is solved in closed form; kappa is searched on
 * a grid. The loss is the sum of squared variance errors over the three tenors.
 */
import { err, ok, type Result } from '../../../lib/result.js';
import type { MarketHistory } from '../../../history/types.js';
import { dayFromIso, type DayNumber } from '../../../time/day.js';
import { LAST_FIT_DAY_ISO } from '../../holdOut.js';
import { meanRevertingVariance } from '../termStructure.js';
import { volDecimalFromPoints } from '../../../lib/units.js';

/**
 * The last day the fit may read: index history from 2016 on is held out (it is where the CNDR and PUT
 * replicas and the fallback's own error are examined), so the fit sees the days of 2011-01-04 (the
 * first VIX9D close) to 2015-12-31 on which all four tenors closed.
 */
export const TERM_STRUCTURE_FIT_LAST_DAY_ISO = LAST_FIT_DAY_ISO;

export interface TenorObservation {
  readonly vixDecimal: number;
  readonly vix9dDecimal: number;
  readonly vix3mDecimal: number;
  readonly vix6mDecimal: number;
}

/** One fit observation and the day it was read on (so a test can prove no held-out day enters). */
export interface DatedTenorObservation extends TenorObservation {
  readonly day: DayNumber;
}

/** The days of `history` up to `lastDayIso` on which VIX, VIX9D, VIX3M and VIX6M all closed, as decimals. */
export function tenorObservationsForFit(
  history: Pick<MarketHistory, 'tradingDays' | 'closeOn'>,
  lastDayIso: string = TERM_STRUCTURE_FIT_LAST_DAY_ISO,
): DatedTenorObservation[] {
  const lastDay = dayFromIso(lastDayIso);
  const observations: DatedTenorObservation[] = [];
  for (const day of history.tradingDays) {
    if (day > lastDay) break;
    const vix = history.closeOn('vix', day);
    const vix9d = history.closeOn('vix9d', day);
    const vix3m = history.closeOn('vix3m', day);
    const vix6m = history.closeOn('vix6m', day);
    if (vix === undefined || vix9d === undefined || vix3m === undefined || vix6m === undefined) continue;
    observations.push({ day, vixDecimal: volDecimalFromPoints(vix), vix9dDecimal: volDecimalFromPoints(vix9d), vix3mDecimal: volDecimalFromPoints(vix3m), vix6mDecimal: volDecimalFromPoints(vix6m) });
  }
  return observations;
}

export interface TermStructureFitGrid {
  readonly kappaMinPerYear: number;
  readonly kappaMaxPerYear: number;
  readonly kappaStepPerYear: number;
}

export const TERM_STRUCTURE_FIT_GRID: TermStructureFitGrid = { kappaMinPerYear: 0.05, kappaMaxPerYear: 20, kappaStepPerYear: 0.05 };

export interface TermStructureFitResult {
  readonly meanReversionPerYear: number;
  readonly longRunVolDecimal: number;
  readonly dayCount: number;
}

export type TermStructureFitError = { readonly kind: 'term-structure-fit'; readonly reason: string };

export function fitMeanReversionFallback(
  observations: readonly TenorObservation[],
  tenors: { readonly vix9dTenorDays: number; readonly vixTenorDays: number; readonly vix3mTenorDays: number; readonly vix6mTenorDays: number },
  grid: TermStructureFitGrid = TERM_STRUCTURE_FIT_GRID,
): Result<TermStructureFitResult, TermStructureFitError> {
  if (observations.length === 0) return err({ kind: 'term-structure-fit', reason: 'no days with all four tenors' });
  const pairs: [number, keyof TenorObservation][] = [
    [tenors.vix9dTenorDays, 'vix9dDecimal'],
    [tenors.vix3mTenorDays, 'vix3mDecimal'],
    [tenors.vix6mTenorDays, 'vix6mDecimal'],
  ];
  let best: { loss: number; kappa: number; theta: number } | undefined;
  const steps = Math.round((grid.kappaMaxPerYear - grid.kappaMinPerYear) / grid.kappaStepPerYear);
  for (let step = 0; step <= steps; step++) {
    const kappa = grid.kappaMinPerYear + step * grid.kappaStepPerYear;
    // model = theta*(1 - share) + V*share, share = meanRevertingVariance(V=1, theta=0) per tenor.
    let sxx = 0;
    let sxy = 0;
    const shares = pairs.map(([days]) => meanRevertingVariance(1, 0, kappa, days, tenors.vixTenorDays));
    for (const o of observations) {
      const v = o.vixDecimal ** 2;
      pairs.forEach(([, field], i) => {
        const x = 1 - (shares[i] as number);
        sxx += x * x;
        sxy += x * ((o[field] as number) ** 2 - v * (shares[i] as number));
      });
    }
    const theta = sxy / sxx;
    let loss = 0;
    for (const o of observations) {
      const v = o.vixDecimal ** 2;
      pairs.forEach(([, field], i) => {
        const share = shares[i] as number;
        loss += (theta * (1 - share) + v * share - (o[field] as number) ** 2) ** 2;
      });
    }
    if (theta > 0 && (best === undefined || loss < best.loss)) best = { loss, kappa, theta };
  }
  if (best === undefined) return err({ kind: 'term-structure-fit', reason: 'no kappa on the grid gives a positive long-run variance' });
  return ok({ meanReversionPerYear: best.kappa, longRunVolDecimal: Math.sqrt(best.theta), dayCount: observations.length });
}
