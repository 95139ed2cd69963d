/**
 * The hedge instruments beside VIX calls as the hedge manager orders them: layer 1's VIX-futures fund
 * (fundManager.ts) and a later layer as a short VIX put spread (layerInstrument.ts), on the constructed
 * market (src/engine/testing/constructedMarket.ts). The orders are asserted before they are filled, the
 * book is checked to be untouched by the decision, and then they are filled through execution as the
 * engine fills them.
 *
 * The constructed market, for the hand calculations: the VIX future d calendar days out is
 * F = VIX + (20 - VIX)(1 - exp(-d/60)), its beta to spot VIX exp(-d/60); VIX options are Black-76 on F
 * at a vol of vol 0.9; fills are mid +/- 0.025. Day 0 is Monday 2021-01-04, VIX 30; VIX expiries
 * 2021-01-20 (16 days), 2021-02-17 (44 days), 2021-03-17 (72 days).
 */
import { describe, expect, it } from 'vitest';
import { black76Price, type OptionType } from '../../pricing/black76.js';
import { parseStrategyConfig } from '../config.js';
import { dayFromIso, isoFromDay } from '../../time/day.js';
import { ConstructedMarket, quietSignals, type ConstructedPathPoint } from '../../engine/testing/constructedMarket.js';
import { Book } from '../../engine/portfolio/book.js';
import { Execution } from '../../engine/execution/execution.js';
import { OrderExecutor } from '../../engine/execution/executor.js';
import type { EngineSignals } from '../../engine/marketView.js';
import { IdCounter } from '../orders.js';
import { emptyStrategyState, type CondorState } from '../state.js';
import type { ManagerContext } from '../context.js';
import { applyAddLayer, layerWanted, planAddLayer, planRebalance } from './hedgeManager.js';
import { applyFundResize, applyFundSale, fundWithoutCondor, planFundResize, planFundSaleWithoutLayerOne } from './fundManager.js';

const START = dayFromIso('2021-01-04');
/** USD figures agree to a millionth of a dollar. */
const USD_TOLERANCE = 1e-6;
/** Notional caps wide enough that only the rule under test binds. */
const bigCaps = { confirmedNotionalFractionOfEquity: { min: 0.5, max: 1 }, firstDivergenceNotionalFractionOfEquity: { min: 0.5, max: 1 } };
/** The condor's VIX exposure the examples hedge, USD per VIX point. */
const CONDOR_EXPOSURE_USD = -910;
/** Layer 1's 11 calls at 14.727 USD per VIX point each (the first example), USD per VIX point. */
const CALLS_EXPOSURE_USD = 11 * 14.727;

const future = (vix: number, dteDays: number) => vix + (20 - vix) * (1 - Math.exp(-dteDays / 60));
const beta = (dteDays: number) => Math.exp(-dteDays / 60);
const mid = (type: OptionType, vix: number, strike: number, dteDays: number) => black76Price(type, future(vix, dteDays), strike, 0.9 * Math.sqrt(dteDays / 365), 1);

const aCondor = (): CondorState => ({ group: 'condor-1', entryDay: START, contracts: 10, creditPoints: 10, rolls: 0, deferrals: 0, putShortId: undefined, putLongId: undefined, callShortId: undefined, callLongId: undefined, legIds: ['condor-1.shortPut.2'] });

function setup(hedge: Record<string, unknown>, path: readonly ConstructedPathPoint[]) {
  const config = parseStrategyConfig({ name: 'test', entry: { mode: 'calendar' }, hedge: { caps: bigCaps, ...hedge } }, 'test');
  const market = new ConstructedMarket({ startDay: START, path });
  const book = new Book(config.initialEquityUsd);
  const exec = new OrderExecutor(config, book);
  const state = emptyStrategyState();
  state.nextId = 2;
  state.condors.push(aCondor());
  const ctxOn = (i: number, signals: Partial<EngineSignals> = {}): ManagerContext => ({ config, market: market.marketOn(market.days[i] as number)!, signals: quietSignals({ regime: 'high', ...signals }), portfolio: book, pricing: new Execution(config), fund: exec.fund });
  /** Decide and fill the layer a day's signals want, as the engine does. */
  const addLayerOn = (i: number, hedgeExposureUsd: number, signals: Partial<EngineSignals> = {}) => {
    const ctx = ctxOn(i, signals);
    const want = layerWanted(ctx, state, undefined);
    if (!want || 'note' in want) throw new Error('no layer wanted');
    const ids = new IdCounter(state.nextId);
    const plan = planAddLayer(ctx, state, ids, want, { condor: CONDOR_EXPOSURE_USD, hedge: hedgeExposureUsd });
    state.nextId = ids.next;
    if (!plan.order) throw new Error('no layer order');
    const fills = exec.execute(ctx.market, plan.order.buys.flatMap((b) => b.orders));
    applyAddLayer(ctx, state, plan.order, fills);
    return { plan, layer: plan.order.layer, trigger: want.trigger };
  };
  return { config, book, exec, state, ctxOn, addLayerOn };
}

const bookPicture = (book: Book) => JSON.stringify(book.state());

describe("layer 1's fund, as orders", () => {
  // Target exposure 0.9 (the band's middle) x 910 = 819 USD per VIX point; the fund's 25 % of it is
  // 204.75. A fund bought on 2021-01-04 holds 10/22 of the January future (16 days: F 27.659, beta
  // 0.7659) and 12/22 of February (44 days: F 24.803, beta 0.4803): 0.023376 USD per VIX point per USD,
  // so 204.75 / 0.023376 = 8,759 USD of it, 87.59 units at its start level 100, paid at 100 x 1.0005.
  const perUsd = ((10 / 22) * beta(16) + (12 / 22) * beta(44)) / ((10 / 22) * future(30, 16) + (12 / 22) * future(30, 44));

  it('is bought after layer 1 for 25 % of the target exposure, and layer 1 holds 11 calls instead of 25', () => {
    const s = setup({ maxLayers: 1, firstLayerInstrument: 'vix-futures-etf' }, [{ spx: 4000, vix: 30 }]);
    // Layer 1's calls cover 0.40 - 0.225 = 0.175 of 910 = 159.25 USD per VIX point: round(159.25 / 14.727) = 11.
    const added = s.addLayerOn(0, 0);
    expect(added.plan.order?.buys.flatMap((b) => b.orders).map((o) => [o.legId, o.strike, o.quantity])).toEqual([['longCall', 30.5, 11]]);
    const ctx = s.ctxOn(0);
    const before = bookPicture(s.book);
    const ids = new IdCounter(s.state.nextId);
    const planned = planFundResize(ctx, s.state, ids, { condor: CONDOR_EXPOSURE_USD, hedge: CALLS_EXPOSURE_USD }, added.trigger.rule);
    expect(planned.note).toBeUndefined();
    const o = planned.order!;
    expect(bookPicture(s.book)).toBe(before);
    expect(perUsd).toBeCloseTo(0.023376, 6);
    expect(o.opening).toBe(true);
    expect(o.order).toEqual({ kind: 'fund', group: `hedge-${s.state.nextId}`, tradeUsd: o.order.tradeUsd, rule: 'hedge.layer1.regime' });
    expect(Math.abs((o.order.tradeUsd as number) - (0.225 * 910) / perUsd)).toBeLessThan(USD_TOLERANCE);
    expect(o.figures.targetExposureUsd).toBeCloseTo(204.75, 9);

    const booked = applyFundResize(ctx, o, s.exec.executeFund(ctx.market, o.order));
    expect(booked.note.action).toBe('add-layer');
    expect(booked.note.rule).toBe('hedge.layer1.regime');
    expect(Number(booked.note.figures.units)).toBeCloseTo((0.225 * 910) / perUsd / 100, 9);
    expect(booked.note.figures.fillLevel).toBeCloseTo(100.05, 12);
    expect(booked.opening?.layer).toBe(1);
    expect(Math.abs(s.exec.fund.exposureUsd(ctx.market) - 204.75)).toBeLessThan(USD_TOLERANCE);
    // At its target, the next resize has nothing to trade.
    expect(planFundResize(ctx, s.state, new IdCounter(s.state.nextId), { condor: CONDOR_EXPOSURE_USD, hedge: CALLS_EXPOSURE_USD + 204.75 }, 'hedge.rebalance.etf')).toEqual({});
    // A larger condor: the rebalance buys the difference into the same group.
    const more = planFundResize(ctx, s.state, new IdCounter(s.state.nextId), { condor: 2 * CONDOR_EXPOSURE_USD, hedge: CALLS_EXPOSURE_USD + 204.75 }, 'hedge.rebalance.etf').order!;
    expect(more.opening).toBe(false);
    expect(more.order.group).toBe(o.order.group);
    expect(Math.abs((more.order.tradeUsd as number) - (0.225 * 910) / perUsd)).toBeLessThan(1e-3);
  });

  it("never lifts the hedge ratio above the band's top: the purchase is cut to the headroom, and says so", () => {
    // The book of the test above with other layers held: hedge 1,000 USD per VIX point (fund included)
    // against condors at -910. The band's top 1.2 x 910 = 1,092 leaves 92 USD per VIX point, 92 /
    // 0.023376 = 3,935.6 USD of the fund instead of its 8,759. At 1,092 or more it buys nothing: at the
    // same close the rebalance would sell it back out of the calls just bought (it trims the latest first).
    const s = setup({ maxLayers: 1, firstLayerInstrument: 'vix-futures-etf' }, [{ spx: 4000, vix: 30 }]);
    const added = s.addLayerOn(0, 0);
    const ctx = s.ctxOn(0);
    const cut = planFundResize(ctx, s.state, new IdCounter(s.state.nextId), { condor: CONDOR_EXPOSURE_USD, hedge: 1000 }, added.trigger.rule);
    expect([cut.note?.action, cut.note?.rule]).toEqual(['cap-bound', 'hedge.band.max']);
    expect(Number(cut.note?.figures.headroomUsd)).toBeCloseTo(1.2 * 910 - 1000, 9);
    expect(Math.abs((cut.order?.order.tradeUsd as number) - (1.2 * 910 - 1000) / perUsd)).toBeLessThan(USD_TOLERANCE);
    expect(cut.order?.figures.tradeUsd).toBe(cut.order?.order.tradeUsd);
    const none = planFundResize(ctx, s.state, new IdCounter(s.state.nextId), { condor: CONDOR_EXPOSURE_USD, hedge: 1.2 * 910 }, added.trigger.rule);
    expect(none.order).toBeUndefined();
    expect(none.note?.rule).toBe('hedge.band.max');
  });

  it('is not ordered without layer 1 or with the default instrument', () => {
    const s = setup({ maxLayers: 1, firstLayerInstrument: 'vix-futures-etf' }, [{ spx: 4000, vix: 30 }]);
    expect(planFundResize(s.ctxOn(0), s.state, new IdCounter(9), { condor: CONDOR_EXPOSURE_USD, hedge: 0 }, 'hedge.rebalance.etf')).toEqual({});
    const calls = setup({ maxLayers: 1 }, [{ spx: 4000, vix: 30 }]);
    calls.addLayerOn(0, 0);
    expect(planFundResize(calls.ctxOn(0), calls.state, new IdCounter(9), { condor: CONDOR_EXPOSURE_USD, hedge: 0 }, 'hedge.layer1.regime')).toEqual({});
  });

  it('is sold whole when no layer 1 is held, and its stretch without a condor is said once', () => {
    const s = setup({ maxLayers: 1, firstLayerInstrument: 'vix-futures-etf' }, [{ spx: 4000, vix: 30 }]);
    const added = s.addLayerOn(0, 0);
    const ctx = s.ctxOn(0);
    const ids = new IdCounter(s.state.nextId);
    const bought = planFundResize(ctx, s.state, ids, { condor: CONDOR_EXPOSURE_USD, hedge: CALLS_EXPOSURE_USD }, added.trigger.rule).order!;
    s.state.nextId = ids.next;
    const units = s.exec.executeFund(ctx.market, bought.order).units;
    expect(planFundSaleWithoutLayerOne(ctx, s.state)).toBeUndefined();

    s.state.condors.length = 0;
    const first = fundWithoutCondor(ctx, s.state)!;
    expect(first.heldWithoutCondor).toBe(true);
    expect([first.note?.action, first.note?.rule, first.note?.group]).toEqual(['let-decay', 'hedge.letDecay.noCondor', bought.order.group]);
    s.exec.fund.noteHeldWithoutCondor(first.heldWithoutCondor);
    expect(fundWithoutCondor(ctx, s.state)).toBeUndefined();

    s.state.layers.length = 0;
    const before = bookPicture(s.book);
    const sale = planFundSaleWithoutLayerOne(ctx, s.state)!;
    expect(bookPicture(s.book)).toBe(before);
    expect(sale.order).toEqual({ kind: 'fund', group: bought.order.group, tradeUsd: 'all', rule: 'hedge.etf.layerOneGone' });
    const note = applyFundSale(sale, s.exec.executeFund(ctx.market, sale.order));
    expect([note.action, note.rule]).toEqual(['cash-layer', 'hedge.etf.layerOneGone']);
    expect(Math.abs(Number(note.figures.units) - units)).toBeLessThan(1e-12);
    expect(s.exec.fund.group).toBeUndefined();
    expect(s.book.indexHoldings.size).toBe(0);
  });
});

describe('a later layer as a short VIX put spread, as orders', () => {
  // Day 0: layer 1, 25 Feb 30.5 calls (14.727 USD per VIX point each). Day 1 (2021-01-05), a
  // confirmation: layer 2 at the March expiry (71 days, F = 23.06), 25 units by the 4/4 ladder: sell the
  // put at 0.5 delta to its future, struck at 25, buy the 20 put. Credit (4.826 - 0.025) - (2.069 +
  // 0.025) = 2.707 per unit; the layer's cost basis is what it can lose, (5 - 2.707) x 25 x 100 = 5,731 USD.
  it('sells the 25 put and buys the 20 put of March, 25 units, under the trigger rule; its cost basis is width less credit', () => {
    const s = setup({ laterLayerStructure: 'vix-put-spread', hedgeRatioBand: { min: 0.6, max: 5 } }, [{ spx: 4000, vix: 30 }, { spx: 4000, vix: 30 }]);
    const first = s.addLayerOn(0, 0);
    expect(first.layer.contracts).toBe(25);
    const ctx = s.ctxOn(1, { confirmations: ['vixSpike'] });
    const want = layerWanted(ctx, s.state, undefined);
    if (!want || 'note' in want) throw new Error('no layer wanted');
    expect(want.layer).toBe(2);
    const before = bookPicture(s.book);
    const plan = planAddLayer(ctx, s.state, new IdCounter(20), want, { condor: CONDOR_EXPOSURE_USD, hedge: 25 * 14.727 });
    expect(bookPicture(s.book)).toBe(before);
    const order = plan.order!;
    expect(order.buys.flatMap((b) => b.orders).map((o) => [o.positionId, o.type, o.strike, o.quantity, isoFromDay(o.expiryDay), o.rule])).toEqual([
      ['hedge-20.longPut.21', 'put', 20, 25, '2021-03-17', want.trigger.rule],
      ['hedge-20.shortPut.22', 'put', 25, -25, '2021-03-17', want.trigger.rule],
    ]);
    expect(order.buys[0]?.creditWidthPoints).toBe(5);

    const fills = s.exec.execute(ctx.market, order.buys.flatMap((b) => b.orders));
    const booked = applyAddLayer(ctx, s.state, order, fills);
    const credit = mid('put', 30, 25, 71) - 0.025 - (mid('put', 30, 20, 71) + 0.025);
    expect(credit).toBeCloseTo(2.707, 3);
    expect(Math.abs(order.layer.premiumUsd - 25 * (5 - credit) * 100)).toBeLessThan(USD_TOLERANCE);
    expect(booked.note.figures.premiumUsd).toBe(order.layer.premiumUsd);
  });

  it('is trimmed a spread at a time: each bought put closes with its sold put', () => {
    const s = setup({ laterLayerStructure: 'vix-put-spread', hedgeRatioBand: { min: 0.6, max: 5 } }, [{ spx: 4000, vix: 30 }, { spx: 4000, vix: 30 }]);
    s.addLayerOn(0, 0);
    s.addLayerOn(1, 25 * 14.727, { confirmations: ['vixSpike'] });
    const ctx = s.ctxOn(1);
    // Hedge exposure 25 x 14.727 + 25 x 6.5 = 530.675 against a condor of 100 and the band's top 5:
    // 30.675 USD per VIX point to trim, from the latest layer first. A spread is long 6.5 USD per VIX
    // point (the bought 20 put's negative exposure netted against the sold 25 put's): ceil(30.675 / 6.5)
    // = ceil(4.72) = 5 bought puts, each closed with a sold put.
    const r = planRebalance(ctx, s.state, new IdCounter(s.state.nextId), { condor: -100, hedge: 25 * 14.727 + 25 * 6.5 });
    expect(r.order?.kind).toBe('trim');
    if (r.order?.kind !== 'trim') return;
    expect(r.order.outcome.rule).toBe('hedge.rebalance.aboveBand');
    expect(r.order.outcome.exposureChangeUsd).toBeCloseTo(-30.675, 9);
    expect(r.order.sold).toBe(5);
    const byId = new Map(r.order.orders.map((o) => [o.positionId, o.contracts]));
    const [longPut, shortPut] = [...s.book.positions.values()].filter((p) => p.type === 'put').map((p) => p.id);
    expect(byId.get(longPut as string)).toBe(5);
    expect(byId.get(shortPut as string)).toBe(5);
    expect(r.order.orders).toHaveLength(2);
  });

  it('buys back every sold put a trimmed bought put was paired with, across sold legs, never leaving a naked short', () => {
    // Layer 2 holds the 20/25 March spread twice, as a relief layer can: 25 units (legs .21/.22) and 3
    // more (legs .30/.31, the same strikes). A trim to the band's top 5 x a 70 USD condor (350 USD per
    // VIX point) against 25 x 14.727 + 28 x 6.5 = 550.2 takes 200.2: all 28 spreads (182) before layer 1:
    // the newer 3 bought puts close with 3 of the 25 sold in .22; the older 25 bought close with the 22
    // left in .22 and the 3 in .31. Bought and sold March puts both go to zero. (Each bought put counts
    // one sold put, 6.5 USD a spread, though two sold legs are paired with it.)
    const s = setup({ laterLayerStructure: 'vix-put-spread', hedgeRatioBand: { min: 0.6, max: 5 } }, [{ spx: 4000, vix: 30 }, { spx: 4000, vix: 30 }]);
    s.addLayerOn(0, 0);
    const second = s.addLayerOn(1, 25 * 14.727, { confirmations: ['vixSpike'] });
    const legs = second.plan.order!.buys.flatMap((b) => b.orders);
    const again = legs.map((o, k) => ({ ...o, positionId: `${second.layer.group}.${o.kind === 'open' ? o.legId : 'leg'}.${30 + k}`, quantity: o.kind === 'open' ? Math.sign(o.quantity) * 3 : 0 }));
    const ctx = s.ctxOn(1);
    s.exec.execute(ctx.market, again as typeof legs);
    second.layer.legIds.push(...again.map((o) => o.positionId));
    second.layer.contracts += 3;
    const puts = () => [...s.book.positions.values()].filter((p) => p.type === 'put');
    expect(puts().map((p) => p.quantity)).toEqual([25, -25, 3, -3]);
    const r = planRebalance(ctx, s.state, new IdCounter(s.state.nextId), { condor: -70, hedge: 25 * 14.727 + 28 * 6.5 });
    if (r.order?.kind !== 'trim') throw new Error('no trim');
    const closed = new Map<string, number>();
    for (const o of r.order.orders) closed.set(o.positionId, (closed.get(o.positionId) ?? 0) + (o.contracts ?? Math.abs(s.book.positions.get(o.positionId)?.quantity ?? 0)));
    for (const p of puts()) expect(closed.get(p.id), p.id).toBe(Math.abs(p.quantity));
    // 28 spreads, then 200.2 - 182 = 18.2 USD from layer 1: ceil(18.2 / 14.727) = 2 calls.
    expect(r.order.sold).toBe(30);
  });

  it('pairs each bought put with the sold put 5 points above it when a layer holds two spreads at one expiry', () => {
    // Layer 2 holds the 20/25 March spread (25 units) and, as a roll into an expiry it already holds
    // can leave it, a 22/27 March spread (3 units, legs .30/.31). A trim of about 50 USD per VIX point
    // (the band's top 5 x a 100 USD condor = 500 against 25 x 14.727 + 25 x 6.5 + the 3 newer spreads)
    // starts with the newer legs: each bought 22 put closes with a sold 27 put, never a sold 25 put
    // (pairing by expiry alone took the first sold March put, the 25, and left 27s naked).
    const s = setup({ laterLayerStructure: 'vix-put-spread', hedgeRatioBand: { min: 0.6, max: 5 } }, [{ spx: 4000, vix: 30 }, { spx: 4000, vix: 30 }]);
    s.addLayerOn(0, 0);
    const second = s.addLayerOn(1, 25 * 14.727, { confirmations: ['vixSpike'] });
    const legs = second.plan.order!.buys.flatMap((b) => b.orders);
    const again = legs.map((o, k) => ({ ...o, strike: (o as { strike: number }).strike + 2, positionId: `${second.layer.group}.${o.kind === 'open' ? o.legId : 'leg'}.${30 + k}`, quantity: o.kind === 'open' ? Math.sign(o.quantity) * 3 : 0 }));
    const ctx = s.ctxOn(1);
    s.exec.execute(ctx.market, again as typeof legs);
    second.layer.legIds.push(...again.map((o) => o.positionId));
    second.layer.contracts += 3;
    const puts = () => [...s.book.positions.values()].filter((p) => p.type === 'put');
    expect(puts().map((p) => [p.strike, p.quantity])).toEqual([[20, 25], [25, -25], [22, 3], [27, -3]]);
    const r = planRebalance(ctx, s.state, new IdCounter(s.state.nextId), { condor: -100, hedge: 25 * 14.727 + 25 * 6.5 + 3 * 6.5 });
    if (r.order?.kind !== 'trim') throw new Error('no trim');
    const closedAt = new Map<number, number>();
    for (const o of r.order.orders) {
      const p = s.book.positions.get(o.positionId)!;
      if (p.type === 'put') closedAt.set(p.strike, (closedAt.get(p.strike) ?? 0) + (o.contracts ?? Math.abs(p.quantity)));
    }
    expect(closedAt.get(22)).toBeGreaterThan(0);
    expect(closedAt.get(27)).toBe(closedAt.get(22));
    expect(closedAt.get(25) ?? 0).toBe(closedAt.get(20) ?? 0);
  });
});
