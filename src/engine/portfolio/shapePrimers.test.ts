/**
 * The shape primers (POSITION_SHAPE_PRIMERS in book.ts, STATE_SHAPE_PRIMERS in strategy/state.ts,
 * ORDER_SHAPE_PRIMERS in strategy/orders.ts) are a speed measure: they make V8 hold the numeric fields
 * of positions, openings, open orders and condor and layer states as doubles before the first real one
 * is built, so a fraction arriving mid-run (a VIX strike of 17.5, a credit after a fill) does not
 * replace the objects' hidden class and throw away the optimized engine. Whether a hidden class was replaced is visible only to V8's own intrinsics, so the check runs
 * the built modules in a child process with `--allow-natives-syntax` and compares the hidden classes of
 * an object built with whole numbers and one built after it with fractions. A negative control on an
 * unprimed literal shows that the check sees a replacement when there is one.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO_ROOT } from '../../../test/support/builtCli.js';

const BOOK_MODULE = pathToFileURL(join(REPO_ROOT, 'dist', 'src', 'engine', 'portfolio', 'book.js')).href;
const STATE_MODULE = pathToFileURL(join(REPO_ROOT, 'dist', 'src', 'strategy', 'state.js')).href;
const ORDERS_MODULE = pathToFileURL(join(REPO_ROOT, 'dist', 'src', 'strategy', 'orders.js')).href;
const STRUCTURE_MODULE = pathToFileURL(join(REPO_ROOT, 'dist', 'src', 'strategy', 'condor', 'structure.js')).href;

// Whole numbers first (an SPX put at 4000, 3 contracts, a credit of 0), fractions second (a VIX call
// at 17.5, 2.5 contracts, a credit of 7.35): the first object keeps its class only if the second
// needed no new one.
const CHILD = `
import { Book, positionOpening } from '${BOOK_MODULE}';
import { newCondorState, newHedgeLayerState } from '${STATE_MODULE}';
const book = new Book(1000000);
const wholeOpening = positionOpening({ positionId: 'p1', group: 'condor-1', role: 'condor', legId: 'shortPut', layer: undefined, underlying: 'SPX', type: 'put', strike: 4000, expiryDay: 20000, settlement: 'AM', quantity: -3 }, 19970, 12);
const whole = book.open(wholeOpening, 0);
const fractionalOpening = positionOpening({ positionId: 'p2', group: 'hedge-1', role: 'hedge', legId: 'vixCall', layer: 1, underlying: 'VIX', type: 'call', strike: 17.5, expiryDay: 20010, settlement: 'AM', quantity: 2.5 }, 19970, 1.35);
const fractional = book.open(fractionalOpening, 0);
const condorWhole = newCondorState('condor-1', 19970, 3);
const condorFractional = newCondorState('condor-2', 19970, 2.5, 7.35);
const layerWhole = newHedgeLayerState('hedge-1', 1, 19970, { kind: 'dte', days: 60 });
const layerFractional = newHedgeLayerState('hedge-2', 2, 19970, { kind: 'dte', days: 60 }, 1234.5, 2.5);
const controlWhole = { unprimedStrike: 4000, unprimedQuantity: 3 };
const controlFractional = { unprimedStrike: 17.5, unprimedQuantity: 2.5 };
console.log(JSON.stringify({
  position: %HaveSameMap(whole, fractional),
  opening: %HaveSameMap(wholeOpening, fractionalOpening),
  condorState: %HaveSameMap(condorWhole, condorFractional),
  layerState: %HaveSameMap(layerWhole, layerFractional),
  control: %HaveSameMap(controlWhole, controlFractional),
}));
`;

// The same for open orders (openLegOrder, ORDER_SHAPE_PRIMERS): a condor leg with whole numbers, then
// a hedge leg with a fractional strike and quantity, a layer and a rule; and for the plans of a rolled
// side (verticalPlan, VERTICAL_PLAN_SHAPE_PRIMER), whole strikes then fractional ones.
const ORDERS_CHILD = `
import { openLegOrder } from '${ORDERS_MODULE}';
import { verticalPlan } from '${STRUCTURE_MODULE}';
const expiry = { day: 20000, settlement: 'AM', standardMonthly: true };
const planWhole = verticalPlan(expiry, 4000, 3950, 3);
const planFractional = verticalPlan(expiry, 1237.5, 1187.5, 2.35);
const whole = openLegOrder({ positionId: 'p1', group: 'condor-1', role: 'condor', legId: 'shortPut', layer: undefined, underlying: 'SPX', type: 'put', strike: 4000, expiryDay: 20000, settlement: 'AM', quantity: -3 });
const fractional = openLegOrder({ positionId: 'p2', group: 'hedge-1', role: 'hedge', legId: 'vixCall', layer: 1, underlying: 'VIX', type: 'call', strike: 17.5, expiryDay: 20010, settlement: 'AM', quantity: 2.5, rule: 'hedge.addLayer' });
const controlWhole = { unprimedStrike: 4000, unprimedQuantity: 3 };
const controlFractional = { unprimedStrike: 17.5, unprimedQuantity: 2.5 };
console.log(JSON.stringify({ openOrder: %HaveSameMap(whole, fractional), verticalPlan: %HaveSameMap(planWhole, planFractional), control: %HaveSameMap(controlWhole, controlFractional) }));
`;

describe('shape primers', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('keep one hidden class when whole numbers come first and fractions after', () => {
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', CHILD], { cwd: REPO_ROOT, encoding: 'utf8' });
    const same = JSON.parse(out.trim()) as Record<string, boolean>;
    // The negative control: an unprimed literal gets a new class when a fraction follows whole numbers.
    expect(same.control).toBe(false);
    expect(same).toEqual({ position: true, opening: true, condorState: true, layerState: true, control: false });
  });

  it('keep one hidden class for open orders and rolled sides\' plans, in a process that loads the strategy alone', () => {
    // Alone: other modules' objects can move V8's field representations for classes of the same
    // size (loading the book's primers first already makes these orders agree without their own).
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', ORDERS_CHILD], { cwd: REPO_ROOT, encoding: 'utf8' });
    const same = JSON.parse(out.trim()) as Record<string, boolean>;
    expect(same.control).toBe(false);
    expect(same).toEqual({ openOrder: true, verticalPlan: true, control: false });
  });
});
