/**
 * When the band applies (`hedge.rebalanceWhen`), and so when the rebalance may run: the latch engages
 * on the first close every planned rung is held and lets go when the hedge holds no layer.
 */
import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../config.js';
import type { ManagerContext } from '../context.js';
import { emptyStrategyState, type CondorState, type HedgeLayerState, type StrategyState } from '../state.js';
import { bandApplies, rebalanceDue } from './hedgeManager.js';
import { fullyLayered, lowestMissingRung, plannedRungs } from './rungs.js';

const layer = (n: number): HedgeLayerState => ({ group: `hedge-${n}`, layer: n, openedDay: 0, tenor: { kind: 'ladder', tenor: 'M1' } as unknown as HedgeLayerState['tenor'], premiumUsd: 100, legIds: [], contracts: 1, rolls: 0 });
const condor = { group: 'condor-1' } as CondorState;

/** Steps the rebalance's day counter once per rung set; returns [applies, rebalance ran] each day. */
function walk(when: 'once-fully-layered' | 'every-rung-held', rungsByDay: number[][]): Array<[boolean, boolean]> {
  const config = parseStrategyConfig({ name: 'x', hedge: { rebalanceWhen: when, rebalanceEveryTradingDays: 3 } }, 'test');
  const ctx = { config } as ManagerContext;
  const state: StrategyState = emptyStrategyState();
  state.condors.push(condor);
  return rungsByDay.map((rungs) => {
    state.layers.splice(0, state.layers.length, ...rungs.map(layer));
    const ran = rebalanceDue(ctx, state);
    return [bandApplies(config, state), ran];
  });
}

describe('the band latch', () => {
  // Rungs held day by day: building the ladder (days 0-2), fully layered (day 2), rung 3 trimmed away
  // (days 3-6), every layer gone (day 7), rung 1 bought again (day 8).
  const days = [[1], [1, 2], [1, 2, 3], [1, 2], [1, 2], [1, 2], [1, 2], [], [1]];

  it('once fully layered: applies from day 2 until the hedge holds no layer', () => {
    const out = walk('once-fully-layered', days);
    expect(out.map(([a]) => a)).toEqual([false, false, true, true, true, true, true, false, false]);
    // Every 3 trading days while it applies: the counter reached 3 on day 2, then days 5 and 8 would
    // be due, and day 8 finds the band off.
    expect(out.map(([, ran]) => ran)).toEqual([false, false, true, false, false, true, false, false, false]);
  });

  it('every rung held: applies on day 2 only, and the rebalance waits from day 3 on', () => {
    const out = walk('every-rung-held', days);
    expect(out.map(([a]) => a)).toEqual([false, false, true, false, false, false, false, false, false]);
    expect(out.map(([, ran]) => ran)).toEqual([false, false, true, false, false, false, false, false, false]);
  });

  it('plans one rung per ladder tenor, or maxLayers for the taper', () => {
    const ladder = parseStrategyConfig({ name: 'x', hedge: { ladderTenors: ['M1', 'M2'], ladderContractRatio: [1, 1], maxLayers: 4 } }, 'test');
    const taper = parseStrategyConfig({ name: 'x', hedge: { layering: 'taper', maxLayers: 4 } }, 'test');
    expect(plannedRungs(ladder)).toBe(2);
    expect(plannedRungs(taper)).toBe(4);
    const two = emptyStrategyState();
    two.layers.push(layer(1), layer(2));
    expect(fullyLayered(ladder, two)).toBe(true);
    expect(lowestMissingRung(ladder, two)).toBeUndefined();
    const gap = emptyStrategyState();
    gap.layers.push(layer(1), layer(3));
    expect(fullyLayered(taper, gap)).toBe(false);
    expect(lowestMissingRung(taper, gap)).toBe(2);
  });

  it('counts rungs, not layers: an aged layer beside its renewal (agedLayerTopUps: renew) is one rung', () => {
    const ladder = parseStrategyConfig({ name: 'x', hedge: { ladderTenors: ['M1', 'M2'], ladderContractRatio: [1, 1] } }, 'test');
    const renewed = emptyStrategyState();
    renewed.layers.push(layer(1), layer(1));
    expect(fullyLayered(ladder, renewed)).toBe(false);
    expect(lowestMissingRung(ladder, renewed)).toBe(2);
    renewed.layers.push(layer(2));
    expect(fullyLayered(ladder, renewed)).toBe(true);
  });
});
