/**
 * What a backtest asks of the SPX model on a day: the model quote of an option (mid, implied vol and
 * Greeks) and the listed strike at a target delta. Greeks are Black-Scholes-Merton at the strike's own
 * smile vol, held fixed (sticky strike): the surface is rebuilt from the next day's VIX family anyway,
 * so the day's exposures are those of that day's smile.
 */
import { err, ok, type Result } from '../../lib/result.js';
import type { OptionType } from '../../pricing/black76.js';
import { bsmValue } from '../../pricing/bsm.js';
import { strikeForDeltaWithSmile } from '../../pricing/strikeForDelta.js';
import { snapToStrikeGrid, SPX_STRIKE_GRID, type StrikeGrid } from '../../pricing/strikeGrid.js';
import { yearFractionAct365, type DayNumber } from '../../time/day.js';
import type { SpxVolSurface } from './surface.js';

export interface SpxModelQuote {
  /** Model mid, index points per unit (x100 for USD per contract). */
  readonly mid: number;
  readonly impliedVol: number;
  /** dV/dSpot. */
  readonly delta: number;
  readonly gamma: number;
  readonly vegaPerVolPoint: number;
  readonly thetaPerDay: number;
}

export type SpxQuoteError = { readonly kind: 'spx-quote'; readonly reason: string };

function fail(reason: string): { ok: false; error: SpxQuoteError } {
  return err({ kind: 'spx-quote', reason });
}

export function quoteSpxOption(surface: SpxVolSurface, type: OptionType, strike: number, expiryDay: DayNumber): Result<SpxModelQuote, SpxQuoteError> {
  const vol = surface.impliedVol(strike, expiryDay);
  if (!vol.ok) return fail(vol.error.reason);
  // The surface's own copies of the day's numbers (SpxVolSurface.day): one object shape in every era.
  const value = bsmValue({
    type,
    spot: surface.spotPoints,
    strike,
    timeYears: yearFractionAct365(surface.day, expiryDay),
    rate: surface.rateDecimal,
    dividendYield: surface.dividendYieldDecimal,
    sigma: vol.value,
  });
  return ok({
    mid: value.price,
    impliedVol: vol.value,
    delta: value.delta,
    gamma: value.gamma,
    vegaPerVolPoint: value.vegaPerVolPoint,
    thetaPerDay: value.thetaPerDay,
  });
}

/**
 * The listed strike whose model spot delta (at its own smile vol) is nearest `absDelta`: the smile
 * strike is solved exactly, then the grid strikes on either side are compared by delta.
 */
export function spxStrikeForDelta(
  surface: SpxVolSurface,
  type: OptionType,
  absDelta: number,
  expiryDay: DayNumber,
  grid: StrikeGrid = SPX_STRIKE_GRID,
): Result<number, SpxQuoteError> {
  if (!(absDelta > 0 && absDelta < 1)) return fail(`absDelta must be in (0, 1), got ${absDelta}`);
  const timeYears = yearFractionAct365(surface.day, expiryDay);
  if (!(timeYears > 0) || expiryDay - surface.day > surface.config.maxExpiryDays) {
    return fail(`expiry must be 1..${surface.config.maxExpiryDays} days ahead`);
  }
  const forward = surface.forward(timeYears);
  const volAtStrike = (strike: number) => Math.sqrt(surface.totalVariance(Math.log(strike / forward), timeYears) / timeYears);
  const exact = strikeForDeltaWithSmile({
    type,
    forward,
    timeYears,
    discountFactorDelta: Math.exp(-surface.dividendYieldDecimal * timeYears),
    targetDelta: type === 'call' ? absDelta : -absDelta,
    volAtStrike,
  });
  if (!exact.ok) return fail(exact.error.message);
  let best: { strike: number; gap: number } | undefined;
  for (const mode of ['down', 'up'] as const) {
    const strike = snapToStrikeGrid(exact.value, grid, mode);
    const quote = quoteSpxOption(surface, type, strike, expiryDay);
    if (!quote.ok) continue;
    const gap = Math.abs(Math.abs(quote.value.delta) - absDelta);
    if (best === undefined || gap < best.gap) best = { strike, gap };
  }
  return best === undefined ? fail('no listed strike near the solved strike could be priced') : ok(best.strike);
}
