/**
 * With `hedge.agedLayerTopUps: forbid`, `hedge.maxLayerLifeDays` binds the rebalance as well as the roll
 * (METHODOLOGY 4: layers have tenors, are rolled when they have under 7 days left, and alvh's layer older
 * than its life "decays or is cashed"): a top-up never goes into a layer at or past its life, since buying
 * it at a fresh expiry would keep it alive as a roll would. With the default `allow`, a layer 3 opened
 * 2019-06-18 on the default run was topped up at ever later expiries until 2020-02-19, 246 days. With
 * `renew`, the aged layer's unit is bought into a new layer of its rung instead. Constructed market of src/engine/testing/constructedMarket.ts
 * (see hedgeRules.engine.test.ts for its formulas), each trade worked in the comment.
 */
import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../strategy/config.js';
import { hedgeAttribution } from '../analysis/hedgeAttribution.js';
import type { EngineSignals } from './marketView.js';
import type { DailyRecord } from './records.js';
import { ConstructedMarket, quietSignals } from './testing/constructedMarket.js';
import { CONSTRUCTED_START as START, runConstructed as run, runSteppedAndRestored, WIDE_NOTIONAL_CAPS as bigCaps } from './testing/constructedRun.js';

/** Hedge ratios read off the records agree to the fourth decimal, as the comments round them. */
const RATIO_DECIMALS = 4;
/** Premiums agree to the cent, USD (2 decimals). */
const USD_DECIMALS = 2;

describe('with agedLayerTopUps forbid, the rebalance never tops up a layer at or past hedge.maxLayerLifeDays', () => {
  // High regime (no drag cap), VIX 30 for three days then 25. Day 0 (Mon): the condor and layer 1,
  // 25 M1 (2021-02-17) calls struck 30.5; day 1 (Tue): layer 2 on a confirmation, 25 M2 (03-17) 30.5
  // calls; day 2 (Wed): layer 3 on an inverted term structure, 13 M3 (04-21) 31.5 calls (4/4/2): fully
  // layered, ratio 0.741. VIX 25 from day 3: the calls' deltas fall, the condor's exposure grows.
  // Day 4 (Fri 2021-01-08), the first rebalance day: hedge 508.56 against -1,045.42 USD/VIX pt, ratio
  // 0.4865; missing 0.6 x 1,045.42 - 508.56 = 118.69 USD/VIX pt. The layers are 4, 3 and 2 calendar
  // days old.
  // - Life 91 (default): every layer may grow; M1 gives the most exposure per dollar (0.1360 USD/VIX pt
  //   per USD, an M1 30.5 call 15.58 USD/VIX pt): ceil(118.69 / 15.58) = ceil(7.62) = 8 calls into
  //   layer 1, 916.46 USD; ratio 0.6057.
  // - Life 3: layers 1 (4 days) and 2 (3 days) are at or past it; only layer 3 may grow. An M3 31.5
  //   call carries 5.435 USD/VIX pt (0.0350 per USD): ceil(118.69 / 5.435) = ceil(21.84) = 22 calls into
  //   layer 3, 3,416.66 USD (1.553 points each x 100 x 22); ratio (508.56 + 22 x 5.435) / 1,045.42 = 0.6008.
  // - Life 2: every layer is at or past it: nothing is bought, the rebalance says why, the ratio stays
  //   0.4865 and the day below the band is let-decay, not a rebalance that fell short.
  // - Life 2 with `allow` (the default): age does not matter, the same 8 M1 calls as life 91.
  const path = [30, 30, 30, 25, 25, 25].map((vix) => ({ spx: 4000, vix }));
  const signals = (i: number): Partial<EngineSignals> => ({ regime: 'high', confirmations: i === 1 ? ['vixSpike'] : [], termStructureInverted: i === 2 });
  const byLife = (maxLayerLifeDays: number, agedLayerTopUps: 'allow' | 'forbid' | 'renew' = 'forbid') =>
    run({ name: `life-${maxLayerLifeDays}-${agedLayerTopUps}`, hedge: { caps: bigCaps, maxLayerLifeDays, agedLayerTopUps } }, path, signals);
  const life91 = byLife(91);
  const life3 = byLife(3);
  const life2 = byLife(2);
  const rebalances = (r: typeof life91) => r.decisions.filter((d) => d.action === 'rebalance').map((d) => [r.index(d.day), d.rule, d.figures.layer ?? null, d.figures.contractsBought ?? 0]);
  const ratio = (r: typeof life91, i: number) => (r.daily[i] as DailyRecord).hedgeRatio as number;

  it('defaults to 91 days, aged layers topped up', () => {
    const hedge = parseStrategyConfig({ name: 'x' }, 'test').hedge;
    expect(hedge.maxLayerLifeDays).toBe(91);
    expect(hedge.agedLayerTopUps).toBe('allow');
  });

  it('life 2 with allow: the aged layer 1 is topped up as at life 91', () => {
    const allowed = byLife(2, 'allow');
    expect(rebalances(allowed)).toEqual([[4, 'hedge.rebalance.belowBand', 1, 8]]);
    expect(ratio(allowed, 4)).toBeCloseTo(0.6057, RATIO_DECIMALS);
  });

  it('life 91: tops up 8 M1 calls into layer 1', () => {
    expect(rebalances(life91)).toEqual([[4, 'hedge.rebalance.belowBand', 1, 8]]);
    expect(ratio(life91, 4)).toBeCloseTo(0.6057, RATIO_DECIMALS);
  });

  it('life 3: skips layers 1 and 2 (4 and 3 days old) and buys 22 M3 calls into layer 3 (2 days old)', () => {
    expect(rebalances(life3)).toEqual([[4, 'hedge.rebalance.belowBand', 3, 22]]);
    const topUp = life3.decisions.find((d) => d.action === 'rebalance');
    expect(Number(topUp?.figures.premiumUsd)).toBeCloseTo(3416.66, USD_DECIMALS);
    expect(topUp?.reason).not.toMatch(/layer [12] /);
    expect(ratio(life3, 4)).toBeCloseTo(0.6008, RATIO_DECIMALS);
  });

  it('life 2: buys nothing, says why, and classifies the day as let-decay', () => {
    expect(rebalances(life2)).toEqual([[4, 'hedge.rebalance.letDecay', null, 0]]);
    const note = life2.decisions.find((d) => d.action === 'rebalance');
    expect(note?.reason).toMatch(/at least 2 days old \(hedge\.maxLayerLifeDays\)/);
    expect(note?.figures.layersPastMaxLife).toBe(3);
    expect(ratio(life2, 4)).toBeCloseTo(0.4865, RATIO_DECIMALS);
    const band = (life2.daily[4] as DailyRecord).band;
    expect(band?.status === 'below-band-headroom' ? band.reason : band?.status).toBe('let-decay');
  });

  // - Life 2 with `renew`: every layer is aged, but their tenors stay candidates. M1 still gives the
  //   most exposure per dollar (0.1360 USD/VIX pt per USD), and it belongs to layer 1 (4 days old, past
  //   life 2): instead of topping it up, the rebalance opens a new group of rung 1 at the same M1 30.5
  //   call, ceil(118.69 / 15.58) = 8 calls, 916.46 USD (the same unit and count as life 91's top-up),
  //   with its own opening day (day 4) and cost basis (916.46 USD, not layer 1's). Layer 1's old group
  //   is left to decay; the ratio is back in the band at 0.6057; the rung count is still 3, so the day
  //   is fully layered.
  it('life 2 with renew: opens a new rung-1 group of 8 M1 calls and leaves the aged layer 1 to decay', () => {
    const renewed = byLife(2, 'renew');
    const day4 = renewed.decisions.filter((d) => renewed.index(d.day) === 4);
    const buy = day4.find((d) => d.action === 'rebalance');
    const firstLayer = renewed.decisions.find((d) => d.action === 'add-layer' && d.figures.layer === 1);
    expect(firstLayer?.group).toBeDefined();
    expect(buy?.rule).toBe('hedge.rebalance.renewAgedLayer');
    expect(buy?.group).not.toBe(firstLayer?.group);
    expect(buy?.figures).toMatchObject({ layer: 1, contractsBought: 8, renewsGroup: firstLayer?.group, renewedLayerAgeDays: 4 });
    expect(Number(buy?.figures.premiumUsd)).toBeCloseTo(916.46, USD_DECIMALS);
    expect(buy?.reason).toMatch(/layer 1 \(hedge-\d+\) is 4 days old \(hedge\.maxLayerLifeDays 2\): renewed as hedge-\d+/);
    const decay = day4.find((d) => d.action === 'let-decay');
    expect(decay).toMatchObject({ rule: 'hedge.letDecay.renewed', group: firstLayer?.group });
    expect(ratio(renewed, 4)).toBeCloseTo(0.6057, RATIO_DECIMALS);
    // Four layer groups (two of rung 1), three rungs: still fully layered, in the band.
    const record = renewed.daily[4] as DailyRecord;
    expect(record.hedgeLayers).toBe(4);
    expect(record.band).toMatchObject({ status: 'in-band', fullyLayered: true });
  });

  it('life 2 with renew: the renewal, still open at the end, is attributed to layer 1, not to an unknown layer', () => {
    // The run ends on day 5 with both rung-1 groups open (no trade record yet): the renewed group's rung
    // comes from its renewAgedLayer rebalance, as an added group's from its add-layer decision.
    const renewed = byLife(2, 'renew');
    const a = hedgeAttribution(renewed);
    expect(Object.keys(a.byLayerUsd).sort()).toEqual(['layer 1', 'layer 2', 'layer 3']);
    const groups = renewed.decisions.filter((d) => (d.action === 'add-layer' && d.figures.layer === 1) || d.rule === 'hedge.rebalance.renewAgedLayer').map((d) => d.group as string);
    expect(groups).toHaveLength(2);
    const layerOnePnl = groups.reduce((s, g) => s + (renewed.pnlByGroupUsd[g] as number), 0);
    expect(a.byLayerUsd['layer 1']).toBeCloseTo(layerOnePnl, USD_DECIMALS);
  });

  it('life 2 with renew: two groups of rung 1 survive a save and restore each day (the daily signal\'s path)', () => {
    const config = parseStrategyConfig({ name: 'renew-restore', entry: { mode: 'calendar' }, management: { mode: 'hold-to-expiry' }, hedge: { caps: bigCaps, maxLayerLifeDays: 2, agedLayerTopUps: 'renew' } }, 'test');
    const market = new ConstructedMarket({ startDay: START, path });
    const run = runSteppedAndRestored(config, market, (i) => quietSignals(signals(i)));
    const layers = run.restoredSnapshot.layers;
    // Layer 1's aged group, still left to decay after the restores, beside its renewal; layers 2 and 3.
    expect(layers.map((l) => [l.layer, l.letDecay ?? false])).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [1, false],
    ]);
    expect(JSON.stringify(run.restored)).toBe(JSON.stringify(run.continuous));
    expect(JSON.stringify(run.restoredSnapshot)).toBe(JSON.stringify(run.continuousSnapshot));
    // The trades too: each one's legs at close and rolls reach it through the snapshots.
    expect(JSON.stringify(run.restoredTrades)).toBe(JSON.stringify(run.continuousTrades));
  });
});
