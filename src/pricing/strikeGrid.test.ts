import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapToStrikeGrid, SPX_STRIKE_GRID, strikeGridConfigSchema, uniformStrikeGrid, VIX_STRIKE_GRID } from './strikeGrid.js';

/** Relative distance within which a strike is treated as on the grid (the module's decimal slack). */
const ON_GRID_SLACK = 1e-9;

describe('strike grids', () => {
  it('SPX snaps to 5 points', () => {
    expect(snapToStrikeGrid(4212.4, SPX_STRIKE_GRID, 'nearest')).toBe(4210);
    expect(snapToStrikeGrid(4212.6, SPX_STRIKE_GRID, 'nearest')).toBe(4215);
    expect(snapToStrikeGrid(4212.5, SPX_STRIKE_GRID, 'nearest')).toBe(4215);
    expect(snapToStrikeGrid(4212.6, SPX_STRIKE_GRID, 'down')).toBe(4210);
    expect(snapToStrikeGrid(4210.1, SPX_STRIKE_GRID, 'up')).toBe(4215);
    expect(snapToStrikeGrid(4210, SPX_STRIKE_GRID, 'up')).toBe(4210);
  });

  it('VIX: half points up to 15, whole points above', () => {
    expect(snapToStrikeGrid(13.2, VIX_STRIKE_GRID, 'nearest')).toBe(13);
    expect(snapToStrikeGrid(13.3, VIX_STRIKE_GRID, 'nearest')).toBe(13.5);
    expect(snapToStrikeGrid(14.9, VIX_STRIKE_GRID, 'up')).toBe(15);
    expect(snapToStrikeGrid(15.2, VIX_STRIKE_GRID, 'nearest')).toBe(15);
    expect(snapToStrikeGrid(15.2, VIX_STRIKE_GRID, 'up')).toBe(16);
    expect(snapToStrikeGrid(22.7, VIX_STRIKE_GRID, 'down')).toBe(22);
    expect(snapToStrikeGrid(22.7, VIX_STRIKE_GRID, 'nearest')).toBe(23);
  });

  it('a generic increment grid keeps decimal strikes clean', () => {
    const grid = uniformStrikeGrid(0.1);
    expect(snapToStrikeGrid(0.29, grid, 'nearest')).toBe(0.3);
    expect(snapToStrikeGrid(0.3, grid, 'down')).toBe(0.3);
    expect(snapToStrikeGrid(1.23, grid, 'up')).toBe(1.3);
  });

  it('snapped strikes are on the grid, bracket the input and nearest is the closer one', () => {
    fc.assert(
      fc.property(fc.double({ min: 5, max: 9000, noNaN: true }), fc.constantFrom(SPX_STRIKE_GRID, VIX_STRIKE_GRID), (strike, grid) => {
        const down = snapToStrikeGrid(strike, grid, 'down');
        const up = snapToStrikeGrid(strike, grid, 'up');
        const nearest = snapToStrikeGrid(strike, grid, 'nearest');
        const step = grid.kind === 'uniform' ? grid.increment : strike <= grid.breakpoint ? grid.fineIncrement : grid.coarseIncrement;
        return (
          // A strike within the grid's rounding slack of a grid point counts as on it.
          down <= strike * (1 + ON_GRID_SLACK) &&
          up >= strike * (1 - ON_GRID_SLACK) &&
          up - down <= step + 1e-9 &&
          (nearest === down || nearest === up) &&
          Math.abs(nearest - strike) <= Math.min(strike - down, up - strike) + 1e-9 &&
          snapToStrikeGrid(down, grid, 'nearest') === down
        );
      }),
    );
  });

  it('rejects invalid strikes and grid definitions', () => {
    expect(() => snapToStrikeGrid(Number.NaN, SPX_STRIKE_GRID, 'nearest')).toThrow(RangeError);
    expect(() => snapToStrikeGrid(-5, SPX_STRIKE_GRID, 'nearest')).toThrow(RangeError);
    expect(() => snapToStrikeGrid(3, SPX_STRIKE_GRID, 'down')).toThrow(/lowest is 5/);
    expect(snapToStrikeGrid(1, SPX_STRIKE_GRID, 'nearest')).toBe(5);
    expect(() => uniformStrikeGrid(0)).toThrow();
    expect(strikeGridConfigSchema.safeParse({ vix: { kind: 'tiered', breakpoint: 15.3, fineIncrement: 0.5, coarseIncrement: 1 } }).success).toBe(false);
  });
});
