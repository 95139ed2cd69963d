/**
 * Listed strikes. A solved strike (say the 16-delta put) is snapped to a strike the exchange lists.
 *
 * Grid rules (defaults, overridable through the validated config below):
 * - SPX: every 5 index points, the finest spacing Cboe lists near the money. Far from the money some
 *   expiries list only every 25 points; a caller that needs that models it with a coarser uniform grid.
 * - VIX: 0.5-point steps up to and including 15, then 1-point steps above 15 (Cboe lists half-point
 *   VIX strikes at low levels and whole points above them).
 * - Any other underlying: a uniform grid with an explicit increment.
 */
import { z } from 'zod';

/** A grid with `fineIncrement` spacing up to `breakpoint` (inclusive) and `coarseIncrement` above. */
export const tieredStrikeGridSchema = z
  .strictObject({
    kind: z.literal('tiered'),
    breakpoint: z.number().positive(),
    fineIncrement: z.number().positive(),
    coarseIncrement: z.number().positive(),
  })
  .refine((g) => isMultiple(g.breakpoint, g.fineIncrement), { message: 'breakpoint must be a multiple of fineIncrement' });

export const uniformStrikeGridSchema = z.strictObject({ kind: z.literal('uniform'), increment: z.number().positive() });

export const strikeGridSchema = z.union([uniformStrikeGridSchema, tieredStrikeGridSchema]);
export type StrikeGrid = z.infer<typeof strikeGridSchema>;

export const strikeGridConfigSchema = z.strictObject({
  spx: strikeGridSchema.default({ kind: 'uniform', increment: 5 }),
  vix: strikeGridSchema.default({ kind: 'tiered', breakpoint: 15, fineIncrement: 0.5, coarseIncrement: 1 }),
});
export type StrikeGridConfig = z.infer<typeof strikeGridConfigSchema>;

/** The default grids (index points). */
export const DEFAULT_STRIKE_GRIDS: StrikeGridConfig = strikeGridConfigSchema.parse({});
export const SPX_STRIKE_GRID: StrikeGrid = DEFAULT_STRIKE_GRIDS.spx;
export const VIX_STRIKE_GRID: StrikeGrid = DEFAULT_STRIKE_GRIDS.vix;

/** A generic grid with an explicit step. */
export function uniformStrikeGrid(increment: number): StrikeGrid {
  return uniformStrikeGridSchema.parse({ kind: 'uniform', increment });
}

export type SnapMode = 'nearest' | 'down' | 'up';

/** Multiples within this relative distance are treated as on the grid (absorbs decimal rounding of 0.1-type steps). */
const ON_GRID_RELATIVE_SLACK = 1e-9;

function isMultiple(value: number, increment: number): boolean {
  const units = value / increment;
  return Math.abs(units - Math.round(units)) <= ON_GRID_RELATIVE_SLACK * Math.max(1, Math.abs(units));
}

/**
 * Below this magnitude a whole or half number has at most 12 significant digits, so rounding it to 12
 * significant digits gives it back unchanged.
 */
const EXACT_HALF_POINT_LIMIT = 1e11;

/**
 * Cleans k * increment of binary noise (0.1 * 3 -> 0.3) by rounding to 12 significant digits. A
 * result that is already a whole or half number below EXACT_HALF_POINT_LIMIT (every SPX and VIX grid
 * point) has nothing to clean and is returned as it is, skipping the string round trip: bit for bit
 * the same number (a property test checks it against the round trip).
 */
export function gridPoint(units: number, increment: number, offset: number): number {
  const raw = offset + units * increment;
  // `+ 0` turns -0 into 0, as the round trip through a string does.
  if (Number.isInteger(raw * 2) && Math.abs(raw) < EXACT_HALF_POINT_LIMIT) return raw + 0;
  return Number.parseFloat(raw.toPrecision(12));
}

/** The grid points at or just below and at or just above `strike` on a uniform grid starting at `offset`. */
function neighbours(strike: number, increment: number, offset: number): [number, number] {
  const units = (strike - offset) / increment;
  const nearestUnits = Math.round(units);
  if (Math.abs(units - nearestUnits) <= ON_GRID_RELATIVE_SLACK * Math.max(1, Math.abs(units))) {
    const onGrid = gridPoint(nearestUnits, increment, offset);
    return [onGrid, onGrid];
  }
  return [gridPoint(Math.floor(units), increment, offset), gridPoint(Math.ceil(units), increment, offset)];
}

/**
 * Snaps a strike (index points) to the grid. 'nearest' breaks an exact tie upwards. Throws a RangeError
 * for a non-positive or non-finite strike and when 'down' would leave no positive listed strike.
 */
export function snapToStrikeGrid(strike: number, grid: StrikeGrid, mode: SnapMode): number {
  if (!(Number.isFinite(strike) && strike > 0)) throw new RangeError(`strike must be a positive finite number, got ${strike}`);
  let below: number;
  let above: number;
  if (grid.kind === 'uniform') {
    [below, above] = neighbours(strike, grid.increment, 0);
  } else if (strike <= grid.breakpoint) {
    [below, above] = neighbours(strike, grid.fineIncrement, 0);
  } else {
    [below, above] = neighbours(strike, grid.coarseIncrement, grid.breakpoint);
  }
  let snapped: number;
  if (mode === 'down') snapped = below;
  else if (mode === 'up') snapped = above;
  else snapped = strike - below < above - strike ? below : above;
  if (!(snapped > 0)) {
    const firstListed = grid.kind === 'uniform' ? grid.increment : grid.fineIncrement;
    if (mode === 'nearest') return firstListed;
    throw new RangeError(`no listed strike at or below ${strike}; the lowest is ${firstListed}`);
  }
  return snapped;
}

/** True when `strike` (index points) is a listed strike of `grid`: positive, finite and on a grid point. */
export function isOnStrikeGrid(strike: number, grid: StrikeGrid): boolean {
  if (!(Number.isFinite(strike) && strike > 0)) return false;
  return snapToStrikeGrid(strike, grid, 'nearest') === strike || Math.abs(snapToStrikeGrid(strike, grid, 'nearest') - strike) <= ON_GRID_RELATIVE_SLACK * strike;
}
