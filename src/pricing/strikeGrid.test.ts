import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gridPoint, snapToStrikeGrid, SPX_STRIKE_GRID, strikeGridConfigSchema, uniformStrikeGrid, VIX_STRIKE_GRID } from './strikeGrid.js';

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

/** The grid point as computed before its fast path: always through 12 significant digits of text. */
function gridPointByText(units: number, increment: number, offset: number): number {
  return Number.parseFloat((offset + units * increment).toPrecision(12));
}

describe('gridPoint', () => {
  it('is bit for bit the text round trip on every SPX and VIX grid point the engine can ask for', () => {
    // SPX: every 5 points up to 100,000; VIX: halves up to the breakpoint, whole points from 15 up to 1,000.
    for (let units = -10; units <= 20_000; units++) expect(Object.is(gridPoint(units, 5, 0), gridPointByText(units, 5, 0))).toBe(true);
    for (let units = -10; units <= 40; units++) expect(Object.is(gridPoint(units, 0.5, 0), gridPointByText(units, 0.5, 0))).toBe(true);
    for (let units = -20; units <= 1000; units++) expect(Object.is(gridPoint(units, 1, 15), gridPointByText(units, 1, 15))).toBe(true);
  });

  it('is bit for bit the text round trip over a wide range of units, increments and offsets', () => {
    const increment = fc.oneof(fc.constantFrom(5, 0.5, 1, 25, 0.1, 0.05, 0.25, 2.5, 10, 0.01, 1e-7, 1e9), fc.double({ min: 1e-6, max: 1e6, noNaN: true }));
    const offset = fc.oneof(fc.constantFrom(0, -0, 15, 7.5, 0.1, 1e10, -1e10), fc.double({ min: -1e12, max: 1e12, noNaN: true }));
    const units = fc.oneof(fc.integer({ min: -1_000_000, max: 10_000_000 }), fc.constantFrom(0, -0, 1, -1), fc.double({ min: -1e15, max: 1e15, noNaN: true }).map(Math.floor));
    fc.assert(
      fc.property(units, increment, offset, (u, inc, off) => Object.is(gridPoint(u, inc, off), gridPointByText(u, inc, off))),
      { numRuns: 200_000 },
    );
  });
});
