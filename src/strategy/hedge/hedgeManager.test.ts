/**
 * The hedge manager on a small constructed market (src/engine/testing/constructedMarket.ts): the
 * orders it returns (rule, figures, legs, contracts) are asserted without filling them, and the book
 * is checked to be untouched by the decision.
 *
 * The constructed market, for the hand calculations: spot VIX is the path's value; the VIX future
 * expiring in d calendar days is F = VIX + (20 - VIX)(1 - exp(-d/60)), its beta to spot VIX exp(-d/60);
 * VIX options are Black-76 on F at a flat vol of vol 0.9; a VIX option's half-spread is min(0.05, mid/2)
 * and fills take half of it, so a VIX call is bought at mid + 0.025. Day 0 is Monday 2021-01-04, VIX 30;
 * the February VIX expiry is 2021-02-17 (44 days out): F = 30 - 10 (1 - e^(-44/60)) = 24.80, beta
 * e^(-44/60) = 0.480. The 30-delta call is struck at 30.5 (delta 0.3066), mid 1.3008, bought at 1.3258.
 * One call's VIX exposure is 0.3066 x 0.480 x 100 = 14.73 USD per VIX point.
 */
import { describe, expect, it } from 'vitest';
import { parseStrategyConfig, type StrategyConfigInput } from '../config.js';
import { dayFromIso, isoFromDay } from '../../time/day.js';
import { ConstructedMarket, quietSignals, type ConstructedPathPoint } from '../../engine/testing/constructedMarket.js';
import { Book } from '../../engine/portfolio/book.js';
import { Execution } from '../../engine/execution/execution.js';
import { bookGreeks } from '../../engine/bookGreeks.js';
import { OrderExecutor } from '../../engine/execution/executor.js';
import type { EngineSignals } from '../../engine/marketView.js';
import { IdCounter, openLegOrder } from '../orders.js';
import { emptyStrategyState, type CondorState } from '../state.js';
import type { ManagerContext } from '../context.js';
import { applyAddLayer, applyLayerRoll, applyTopUp, hedgeConfirmed, layerMayGrow, layerNeedsRenewal, layerWanted, layerWouldBeAdded, manageLayer, planAddLayer, planRebalance, RENEW_RULE, topUpUnits, type VixExposures } from './hedgeManager.js';

const START = dayFromIso('2021-01-04');
/** USD exposures agree to a millionth of a dollar per VIX point. */
const USD_TOLERANCE = 1e-6;
/** Notional caps wide enough that only the rule under test binds. */
const bigCaps = { confirmedNotionalFractionOfEquity: { min: 0.5, max: 1 }, firstDivergenceNotionalFractionOfEquity: { min: 0.5, max: 1 } };
/** Exposures in a note agree to a millionth of a USD per VIX point (6 decimals). */
const USD_TOLERANCE_DECIMALS = 6;
/** Premiums agree to the cent, USD (2 decimals). */
const CENT_DECIMALS = 2;
/** The condor's VIX exposure the examples hedge, USD per VIX point. */
const CONDOR_EXPOSURE_USD = -910;

const aCondor = (): CondorState => ({ group: 'condor-1', entryDay: START, contracts: 10, creditPoints: 10, rolls: 0, deferrals: 0, putShortId: undefined, putLongId: undefined, callShortId: undefined, callLongId: undefined, legIds: ['condor-1.shortPut.2'] });

function setup(hedge: Record<string, unknown>, path: readonly ConstructedPathPoint[], extra: Partial<StrategyConfigInput> = {}) {
  const config = parseStrategyConfig({ name: 'test', entry: { mode: 'calendar' }, hedge: { maxLayers: 1, caps: bigCaps, ...hedge }, ...extra }, 'test');
  const market = new ConstructedMarket({ startDay: START, path });
  const book = new Book(config.initialEquityUsd);
  const exec = new OrderExecutor(config, book);
  const state = emptyStrategyState();
  state.nextId = 2;
  state.condors.push(aCondor());
  const ctxOn = (i: number, signals: Partial<EngineSignals> = {}, cfg = config): ManagerContext => ({ config: cfg, market: market.marketOn(market.days[i] as number)!, signals: quietSignals({ regime: 'high', ...signals }), portfolio: book, pricing: new Execution(cfg) });
  /** Buy layer 1 on day `i` through execution, as the engine does. */
  const buyLayerOn = (i: number, exposures: VixExposures) => {
    const ctx = ctxOn(i);
    const want = layerWanted(ctx, state, undefined);
    if (!want || 'note' in want) throw new Error('no layer wanted');
    const ids = new IdCounter(state.nextId);
    const plan = planAddLayer(ctx, state, ids, want, exposures);
    state.nextId = ids.next;
    if (!plan.order) throw new Error('no layer order');
    const fills = exec.execute(ctx.market, plan.order.buys.flatMap((b) => b.orders));
    applyAddLayer(ctx, state, plan.order, fills);
    return plan.order.layer;
  };
  /** The path's index of a day (ISO). */
  const indexOf = (iso: string): number => {
    const i = market.days.indexOf(dayFromIso(iso));
    if (i < 0) throw new Error(`${iso} is not on the path`);
    return i;
  };
  /**
   * The book's VIX exposures on a context's day, measured as the engine measures them (bookGreeks): the
   * example condor's (a state, not legs in this book) and the hedge legs held now.
   */
  const exposuresOn = (ctx: ManagerContext, condorUsd = CONDOR_EXPOSURE_USD) => (): VixExposures => ({
    condor: condorUsd,
    hedge: bookGreeks(book.positions.values(), ctx.market, (p) => ctx.pricing.quote(ctx.market, p)).hedgeVixExposureUsd,
  });
  /** Buy a relief-rally layer 1 (30/60/90-day tenors) on day `i` against the example condor, through execution. */
  const buyReliefLayerOn = (i: number) => {
    const ctx = ctxOn(i);
    const ids = new IdCounter(state.nextId);
    const relief = { rule: 'hedge.reliefRallyLayer', fired: true, reason: 'relief rally', figures: {} };
    const plan = planAddLayer(ctx, state, ids, { layer: 1, relief: true, trigger: relief }, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    state.nextId = ids.next;
    if (!plan.order) throw new Error('no relief layer');
    applyAddLayer(ctx, state, plan.order, exec.execute(ctx.market, plan.order.buys.flatMap((b) => b.orders)));
    return plan.order.layer;
  };
  return { config, book, state, exec, ctxOn, buyLayerOn, buyReliefLayerOn, indexOf, exposuresOn };
}

const bookPicture = (book: Book) => JSON.stringify(book.state());

describe('a new layer, as orders', () => {
  // Layer 1 in a high regime: 40 % of the condor's 910 USD per VIX point is 364; at 14.727 per call,
  // round(364 / 14.727) = round(24.7) = 25 calls of the Feb 30.5 strike.
  it('buys 25 calls of the 30-delta strike at the first-layer tenor, under the trigger rule', () => {
    const s = setup({}, [{ spx: 4000, vix: 30 }]);
    const ctx = s.ctxOn(0);
    const want = layerWanted(ctx, s.state, undefined);
    expect(want && 'trigger' in want ? want.trigger.rule : undefined).toBe('hedge.layer1.regime');
    if (!want || 'note' in want) return;
    const before = bookPicture(s.book);
    const plan = planAddLayer(ctx, s.state, new IdCounter(7), want, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    expect(bookPicture(s.book)).toBe(before);
    expect(plan.notes).toEqual([]);
    const order = plan.order!;
    expect(order.trigger.rule).toBe('hedge.layer1.regime');
    expect(order.figures.targetExposureUsd).toBeCloseTo(364, 9);
    expect(order.figures.exposurePerContractUsd).toBeCloseTo(14.727, 3);
    expect(order.layer.group).toBe('hedge-7');
    expect(order.buys.flatMap((b) => b.orders).map((o) => [o.positionId, o.type, o.strike, o.quantity, isoFromDay(o.expiryDay), o.rule])).toEqual([['hedge-7.longCall.8', 'call', 30.5, 25, '2021-02-17', 'hedge.layer1.regime']]);
  });

  it('sizes a ladder rung on everything its first rung holds: an aged layer 1 and its renewal count together', () => {
    // The ladder's 4/4/2: rung 2 holds 4/4 of rung 1's contracts. Rung 1 holds the 25-call layer and
    // a 10-call renewal of it (hedge.agedLayerTopUps: renew): 25 + 10 = 35 contracts for rung 2, not
    // the 10 of the latest group alone.
    const s = setup({}, [{ spx: 4000, vix: 30 }]);
    const first = s.buyLayerOn(0, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    s.state.layers.push({ ...first, group: 'hedge-90', legIds: [], contracts: 10, premiumUsd: 1325.8 });
    const ctx = s.ctxOn(0);
    const trigger = { rule: 'hedge.layer2.confirmation', fired: true, reason: 'confirmed', figures: {} };
    const plan = planAddLayer(ctx, s.state, new IdCounter(s.state.nextId), { layer: 2, relief: false, trigger }, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    expect(plan.notes).toEqual([]);
    expect(plan.order?.buys.reduce((n, b) => n + b.contracts, 0)).toBe(35);
  });

  it('never lifts the hedge ratio above the band: 6 calls fit under 1.2 x 910 with 1,000 already held', () => {
    // Headroom 1.2 x 910 - 1,000 = 92 USD per VIX point: floor(92 / 14.727) = 6 calls.
    const s = setup({}, [{ spx: 4000, vix: 30 }]);
    const ctx = s.ctxOn(0);
    const want = layerWanted(ctx, s.state, undefined);
    if (!want || 'note' in want) throw new Error('no layer wanted');
    const plan = planAddLayer(ctx, s.state, new IdCounter(7), want, { condor: CONDOR_EXPOSURE_USD, hedge: 1000 });
    expect(plan.notes.map((n) => [n.action, n.rule, n.figures.requestedContracts, n.figures.allowedContracts])).toEqual([['cap-bound', 'hedge.band.max', 25, 6]]);
    expect(plan.order?.buys[0]?.contracts).toBe(6);
  });

  it('in a resolution no layer is wanted', () => {
    const s = setup({}, [{ spx: 4000, vix: 30 }]);
    expect(layerWanted(s.ctxOn(0, { resolution: true }), s.state, undefined)).toBeUndefined();
  });

  it('in a resolution a deferred roll gets no layer either, and says why', () => {
    // The rung is free and the caps are wide, so outside a resolution the deferral's layer is planned
    // (25 calls, as above); in one, the rebalance trims toward the band's bottom and would sell it at
    // the same close, so none is added, and the deferral rule is told no layer would be.
    const s = setup({}, [{ spx: 4000, vix: 30 }]);
    const deferral = { rule: 'adaptive.eventFavoursHedge', fired: true, reason: 'CPI 2021-01-06 in 1 trading day(s): add a hedge layer rather than roll', figures: {} };
    const exposures = { condor: CONDOR_EXPOSURE_USD, hedge: 0 };
    expect(layerWouldBeAdded(s.ctxOn(0), s.state, exposures)).toBe(true);
    expect(layerWouldBeAdded(s.ctxOn(0, { resolution: true }), s.state, exposures)).toBe(false);
    const want = layerWanted(s.ctxOn(0, { resolution: true }), s.state, deferral);
    if (!want || !('note' in want)) throw new Error('expected a note');
    expect(want.note.rule).toBe('adaptive.eventFavoursHedge.notAdded');
    expect(want.note.reason).toMatch(/a resolution is under way/);
  });
});

describe("a layer's day, as orders", () => {
  it('cashes at three times its cumulative cost: one close order per leg, under the take-profit rule', () => {
    // Bought at 1.3258 x 25 x 100 = 3,314.6 USD. Day 1, VIX 50: F(43 d) = 50 - 30 (1 - e^(-43/60))
    // = 34.65, the 30.5 call is worth its 4.15 intrinsic plus time value (over 4.0), so the layer is
    // worth more than 3 x 3,314.6 = 9,944 USD. (The spike rule waits for a 10 % retrace from the peak.)
    const s = setup({}, [{ spx: 4000, vix: 30 }, { spx: 3800, vix: 50 }]);
    const layer = s.buyLayerOn(0, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    expect(layer.premiumUsd).toBeCloseTo(25 * 1.3258 * 100, 0);
    const ctx = s.ctxOn(1);
    for (const p of s.book.positions.values()) p.markPrice = ctx.pricing.quote(ctx.market, p).mid;
    const before = bookPicture(s.book);
    const spike = { rule: 'hedge.takeProfit.vixSpike', fired: false, reason: 'spike under way', figures: {} };
    const d = manageLayer(ctx, s.state, layer, spike, new IdCounter(s.state.nextId), s.exposuresOn(ctx));
    expect(bookPicture(s.book)).toBe(before);
    expect(d.order?.kind).toBe('cash');
    if (d.order?.kind !== 'cash') return;
    expect(d.order.outcome.rule).toBe('hedge.takeProfit.multiple');
    expect(d.order.outcome.figures.multiple).toBeGreaterThanOrEqual(3);
    expect(d.order.orders).toEqual([{ kind: 'close', positionId: 'hedge-2.longCall.3', reason: 'hedge.takeProfit.multiple' }]);
  });

  it('with no condor left, a due layer is let decay: a note, no order', () => {
    // A 60-day roll window makes the 43-day layer due on day 1; with no condor open it is not wanted.
    const s = setup({}, [{ spx: 4000, vix: 30 }, { spx: 4000, vix: 30 }]);
    const layer = s.buyLayerOn(0, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    s.state.condors.length = 0;
    const due = parseStrategyConfig({ name: 'test', entry: { mode: 'calendar' }, hedge: { maxLayers: 1, caps: bigCaps, rollWhenDteBelowDays: 60 } }, 'test');
    const spike = { rule: 'hedge.takeProfit.vixSpike', fired: false, reason: '', figures: {} };
    const dayCtx = s.ctxOn(1, {}, due);
    const d = manageLayer(dayCtx, s.state, layer, spike, new IdCounter(s.state.nextId), s.exposuresOn(dayCtx));
    expect(d.order).toBeUndefined();
    expect(d.letDecay).toBe(true);
    expect(d.notes.map((n) => [n.action, n.rule, n.group])).toEqual([['let-decay', 'hedge.letDecay.noCondor', 'hedge-2']]);
  });

  it('a due layer still wanted is rolled: close every leg, buy the same 25 contracts further out', () => {
    const s = setup({}, [{ spx: 4000, vix: 30 }, { spx: 4000, vix: 30 }]);
    const layer = s.buyLayerOn(0, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    const due = parseStrategyConfig({ name: 'test', entry: { mode: 'calendar' }, hedge: { maxLayers: 1, caps: bigCaps, rollWhenDteBelowDays: 60 } }, 'test');
    const spike = { rule: 'hedge.takeProfit.vixSpike', fired: false, reason: '', figures: {} };
    const dayCtx = s.ctxOn(1, {}, due);
    const d = manageLayer(dayCtx, s.state, layer, spike, new IdCounter(s.state.nextId), s.exposuresOn(dayCtx));
    expect(d.order?.kind).toBe('roll');
    if (d.order?.kind !== 'roll') return;
    expect(d.order.roll.rule).toBe('hedge.rollLayer');
    expect(d.order.wanted.rule).toBe('hedge.rollWanted');
    expect(d.order.closes.map((c) => [c.positionId, c.quantity])).toEqual([['hedge-2.longCall.3', 25]]);
    expect(d.order.buys.map((b) => b.contracts)).toEqual([25]);
    // The roll keeps the leg's tenor (44 days), outside the 60-day window: the first expiry past 60 days.
    const newExpiry = d.order.buys[0]!.expiryDay;
    expect(newExpiry - s.ctxOn(1).market.day).toBeGreaterThan(60);
  });
});

describe("a roll never lifts the hedge ratio above the band's top", () => {
  const spike = { rule: 'hedge.takeProfit.vixSpike', fired: false, reason: '', figures: {} };
  /** Rolls are due at 60 days left, so the 43-day February layer is due on day 1. */
  const rollAt60 = parseStrategyConfig({ name: 'test', entry: { mode: 'calendar' }, hedge: { maxLayers: 1, caps: bigCaps, rollWhenDteBelowDays: 60 } }, 'test');

  it('the condor shrank to 150 USD per VIX point: 19 of the 25 calls are bought back, not 25', () => {
    // Layer 1 went on 2021-01-04 against the 910 USD condor: 25 Feb 30.5 calls. On 2021-01-05 (VIX 30)
    // the condor, nearer expiry, carries only 150 USD per VIX point, so the band's top is
    // 1.2 x 150 = 180 USD per VIX point. The roll closes all 25 February calls (43 days: beta
    // e^(-43/60) = 0.4884, delta 0.3070, 14.99 USD per VIX point each, 374.84 in all), which leaves no
    // hedge exposure: headroom 180 - (374.84 - 374.84) = 180. The March expiry (2021-03-17, 71 days)
    // has F = 30 - 10 (1 - e^(-71/60)) = 23.06, beta 0.3063; its 30.5 call has delta 0.3065, so
    // 0.3065 x 0.3063 x 100 = 9.388 USD per VIX point a call: floor(180 / 9.388) = floor(19.17) = 19
    // calls (178.4 USD per VIX point; 20 would be 187.8). Before, all 25 were bought back (234.7 USD
    // per VIX point, a ratio of 1.56), and the next rebalance sold the difference again.
    const s = setup({}, [{ spx: 4000, vix: 30 }, { spx: 4000, vix: 30 }]);
    const layer = s.buyLayerOn(0, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    const ctx = s.ctxOn(1, {}, rollAt60);
    const exposures = s.exposuresOn(ctx, -150);
    expect(exposures().hedge).toBeCloseTo(374.84, CENT_DECIMALS);
    const d = manageLayer(ctx, s.state, layer, spike, new IdCounter(s.state.nextId), exposures);
    if (d.order?.kind !== 'roll') throw new Error(`expected a roll, got ${d.order?.kind}`);
    expect(d.order.closes.map((c) => [c.positionId, c.quantity])).toEqual([['hedge-2.longCall.3', 25]]);
    expect(d.order.buys.map((b) => [isoFromDay(b.expiryDay), b.contracts])).toEqual([['2021-03-17', 19]]);
    const band = d.notes.find((n) => n.rule === 'hedge.band.max');
    expect(band?.reason).toBe("layer 1: the band's top 1.2 allows 19 of the 25 contracts the roll would buy back");
    expect(Number(band?.figures.headroomUsd)).toBeCloseTo(180, USD_TOLERANCE_DECIMALS);
    // The 19 calls keep the ratio under the top; a 20th would pass it.
    const perCallUsd = ctx.pricing.quote(ctx.market, { underlying: 'VIX', type: 'call', strike: 30.5, expiryDay: d.order.buys[0]!.expiryDay }).delta * ctx.market.vixFutureBetaToVix(71) * 100;
    expect(perCallUsd).toBeCloseTo(9.388, 3);
    expect(19 * perCallUsd).toBeLessThanOrEqual(180);
    expect(20 * perCallUsd).toBeGreaterThan(180);
  });

  it('with the condor as large as before, the same roll buys back all 25', () => {
    const s = setup({}, [{ spx: 4000, vix: 30 }, { spx: 4000, vix: 30 }]);
    const layer = s.buyLayerOn(0, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    const ctx = s.ctxOn(1, {}, rollAt60);
    const d = manageLayer(ctx, s.state, layer, spike, new IdCounter(s.state.nextId), s.exposuresOn(ctx));
    if (d.order?.kind !== 'roll') throw new Error(`expected a roll, got ${d.order?.kind}`);
    expect(d.order.buys.map((b) => b.contracts)).toEqual([25]);
    expect(d.notes.filter((n) => n.action === 'cap-bound')).toEqual([]);
  });

  it('with no condor exposure left, nothing is bought back: the due legs are let go', () => {
    const s = setup({}, [{ spx: 4000, vix: 30 }, { spx: 4000, vix: 30 }]);
    const layer = s.buyLayerOn(0, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    const ctx = s.ctxOn(1, {}, rollAt60);
    const d = manageLayer(ctx, s.state, layer, spike, new IdCounter(s.state.nextId), s.exposuresOn(ctx, 0));
    if (d.order?.kind !== 'roll') throw new Error(`expected a roll, got ${d.order?.kind}`);
    expect(d.order.closes).toHaveLength(1);
    expect(d.order.buys).toEqual([]);
    expect(d.notes.map((n) => [n.rule, n.figures.allowedContracts])).toEqual([['hedge.band.max', 0]]);
  });
});

describe('a roll the caps cut buys exactly what the caps allow', () => {
  it('a relief layer rolled whole under a tight cap: the cap note\'s contracts, split over its three legs', () => {
    // The relief layer of 2021-01-04 (legs at 2021-01-20, 03-17 and 04-21); on 2021-01-05, with rolls
    // due under 120 days, all three legs are due. The confirmed notional cap is cut to 0.05 % of equity
    // so it binds: 500 USD allows 11 of the 29 contracts (legs of 10, 10 and 9). Flooring each leg's
    // share bought 3 + 3 + 3 = 9 (11/29 of 10 is 3.79, of 9 is 3.41); the split (splitAcrossLegs)
    // buys the note's 11 as 4/4/3, each at the expiry nearest its tenor beyond the 120-day window.
    const s = setup({}, [{ spx: 4000, vix: 30 }, { spx: 4000, vix: 30 }]);
    const layer = s.buyReliefLayerOn(0);
    const tight = parseStrategyConfig({ name: 'test', entry: { mode: 'calendar' }, hedge: { maxLayers: 1, rollWhenDteBelowDays: 120, caps: { ...bigCaps, confirmedNotionalFractionOfEquity: { min: 0.0005, max: 0.0005 } } } }, 'test');
    const dayCtx = s.ctxOn(1, {}, tight);
    const d = manageLayer(dayCtx, s.state, layer, { rule: 'hedge.takeProfit.vixSpike', fired: false, reason: '', figures: {} }, new IdCounter(s.state.nextId), s.exposuresOn(dayCtx));
    if (d.order?.kind !== 'roll') throw new Error(`expected a roll, got ${d.order?.kind}`);
    const cap = d.notes.find((n) => n.rule === 'hedge.caps.confirmedNotional');
    const allowed = Number(cap?.reason.match(/allows (\d+) of/)?.[1]);
    expect(d.order.closes).toHaveLength(3);
    expect(cap?.reason).toBe('cap allows 11 of 29 contracts (500 USD of premium left)');
    expect(d.order.buys.reduce((n, b) => n + b.contracts, 0)).toBe(allowed);
    expect(d.order.buys.map((b) => [isoFromDay(b.expiryDay), b.contracts])).toEqual([['2021-05-19', 4], ['2021-05-19', 4], ['2021-05-19', 3]]);
  });
});

describe('the notional cap after confirmation', () => {
  it("layer 1 bought beside a held layer 2 is capped at 3 % of equity, not the first divergence's 1 %", () => {
    // METHODOLOGY's caps (1 % before confirmation, 3 % after), high regime (no drag cap), a condor of
    // 4,000 USD per VIX point. Layer 2 went on with a confirmation: 109 calls of 2021-03-17 (the
    // 109 layer 1 would have: round(0.4 x 4,000 / 14.727) = round(108.6)), paid 1.5090 each:
    // 16,448.41 USD; equity 999,928.06 after 109 x 0.66 USD of fees. Layer 1 is wanted next, on no
    // confirmation today: 109 calls of 2021-02-17 at 1.3258 (132.58 USD each). Held layer 2 says the
    // hedge is past confirmation, so the cap is 3 %: 29,997.84 - 16,448.41 = 13,549.43 USD left, and
    // floor(13,549.43 / 132.58) = 102 calls (13,523.16 USD). At the first divergence's 1 % the held
    // layer alone (16,448 > 9,999) left nothing: "cap allows 0 of 109 contracts".
    const caps = { firstDivergenceNotionalFractionOfEquity: { min: 0.005, max: 0.01 }, confirmedNotionalFractionOfEquity: { min: 0.02, max: 0.03 } };
    const s = setup({ maxLayers: 3, caps }, [{ spx: 4000, vix: 30 }]);
    const condor = { condor: -4000, hedge: 0 };
    const confirmed = s.ctxOn(0, { confirmations: ['vixSpike'] });
    const ids = new IdCounter(s.state.nextId);
    const second = planAddLayer(confirmed, s.state, ids, { layer: 2, relief: false, trigger: { rule: 'hedge.layer2.confirmation', fired: true, reason: 'confirmed', figures: {} } }, condor);
    if (!second.order) throw new Error('no layer 2');
    const added = applyAddLayer(confirmed, s.state, second.order, s.exec.execute(confirmed.market, second.order.buys.flatMap((b) => b.orders)));
    s.state.nextId = ids.next;
    expect(Number(added.note.figures.premiumUsd)).toBeCloseTo(16448.41, CENT_DECIMALS);
    // A high regime is no quiet one: the drag cap does not count this premium, and the decision carries no such figure.
    expect(added.note.figures.dragCapCountedUsd).toBeUndefined();
    const today = s.ctxOn(0);
    expect(hedgeConfirmed(today, s.state, 1)).toBe(true);
    const first = planAddLayer(today, s.state, new IdCounter(s.state.nextId), { layer: 1, relief: false, trigger: { rule: 'hedge.layer1.regime', fired: true, reason: 'high regime', figures: {} } }, condor);
    const cap = first.notes.find((n) => n.action === 'cap-bound');
    expect(cap?.rule).toBe('hedge.caps.confirmedNotional');
    expect(Number(cap?.figures.allowedPremiumUsd)).toBeCloseTo(13549.43, CENT_DECIMALS);
    expect(first.order?.buys.map((b) => [isoFromDay(b.expiryDay), b.contracts])).toEqual([['2021-02-17', 102]]);
    // With no layer 2 held and no confirmation, the first divergence's 1 % applies.
    expect(hedgeConfirmed(today, emptyStrategyState(), 1)).toBe(false);
  });
});

describe("a layer over several tenors is sized and capped at each tenor's own price", () => {
  it('a relief layer over 30/60/90 days: 29 contracts for 40 % of the condor, 11 within the drag cap', () => {
    // 2021-01-04, VIX 30, calm (the drag cap applies: 0.15 % of 1,000,000 = 1,500 USD, none spent).
    // The relief tenors take 2021-01-20 (16 days), 2021-03-17 (72) and 2021-04-21 (107). At each, the
    // 30-delta call (F = 30 - 10 (1 - e^(-d/60)), beta e^(-d/60), bought at mid + 0.025):
    //   Jan 20: F 27.659, strike 31,   mid 0.9207, paid 0.9457:  94.57 USD; 0.3047 x 0.7659 x 100 = 23.34 USD/VIX pt
    //   Mar 17: F 23.012, strike 30.5, mid 1.4840, paid 1.5090: 150.90 USD; 0.3068 x 0.3012 x 100 =  9.24
    //   Apr 21: F 21.681, strike 31.5, mid 1.5952, paid 1.6202: 162.02 USD; 0.3005 x 0.1681 x 100 =  5.05
    // One contract of the layer (split evenly) covers (23.34 + 9.24 + 5.05) / 3 = 12.54 USD per VIX
    // point: 40 % of 910 = 364 wants round(364 / 12.54) = 29 contracts (10/10/9: 371 USD per point).
    // The cap: 11 contracts (4/4/3) cost 4 x 94.57 + 4 x 150.90 + 3 x 162.02 = 1,467.96 USD; 12 (4/4/4)
    // would cost 1,629.98. Priced at the first tenor alone, the rule used to ask for round(364 / 23.34)
    // = 16 (211 USD per point, 23 % of the condor, not 40) and allow floor(1,500 / 94.57) = 15
    // (5/5/5: 2,037 USD, 36 % over the cap).
    const s = setup({}, [{ spx: 4000, vix: 30 }]);
    const ctx = s.ctxOn(0, { regime: 'calm' });
    const relief = { rule: 'hedge.reliefRallyLayer', fired: true, reason: 'relief rally', figures: {} };
    const plan = planAddLayer(ctx, s.state, new IdCounter(s.state.nextId), { layer: 1, relief: true, trigger: relief }, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    expect(plan.order?.figures.exposurePerContractUsd).toBeCloseTo(12.5434, 4);
    const cap = plan.notes.find((n) => n.rule === 'hedge.caps.maxDrag');
    expect(cap?.reason).toBe('cap allows 11 of 29 contracts (1500 USD of premium left)');
    if (!plan.order) throw new Error('no relief layer');
    expect(plan.order.buys.map((b) => [isoFromDay(b.expiryDay), b.contracts])).toEqual([['2021-01-20', 4], ['2021-03-17', 4], ['2021-04-21', 3]]);
    const added = applyAddLayer(ctx, s.state, plan.order, s.exec.execute(ctx.market, plan.order.buys.flatMap((b) => b.orders)));
    expect(Number(added.note.figures.premiumUsd)).toBeCloseTo(1467.96, CENT_DECIMALS);
    expect(Number(added.note.figures.premiumUsd)).toBeLessThanOrEqual(1500);
    // Bought in a calm regime: the whole premium counts against the drag cap, and the decision says so
    // (the claims check sums it by month beside the hedge's realised drag).
    expect(Number(added.note.figures.dragCapCountedUsd)).toBeCloseTo(1467.96, CENT_DECIMALS);
  });
});

describe('a roll moves only the legs that are due, each to a later expiry', () => {
  const spike = { rule: 'hedge.takeProfit.vixSpike', fired: false, reason: '', figures: {} };
  /** A flat market (SPX 4000, VIX 30) over the weekdays from 2021-01-04 to `lastIso`. */
  const flatTo = (lastIso: string) => {
    const n = Math.round((dayFromIso(lastIso) - START) / 7 * 5) + 5;
    return Array.from({ length: n }, () => ({ spx: 4000, vix: 30 }));
  };

  it('an early roll at 13 days left buys March, never the February expiry it sells', () => {
    // Layer 1 bought on Friday 2021-01-22: the listed expiries outside the 7-day roll window are
    // 2021-02-17 (26 days) and 2021-03-17 (54 days); the first-layer target is 37.5 days, nearest
    // February (11.5 days off, against 16.5). On Thursday 2021-02-04 February has 13 days left, under
    // the early limit of 14, and a confirmation (vixSpike) widens the divergence: the early roll is due.
    // The leg was bought 26 days out, so the roll looks for the expiry nearest 26 days: February (13
    // days, 13 off) before March (41 days, 15 off). Buying February back would pay the spread both
    // ways for nothing: the roll takes the nearest expiry after February, March.
    const s = setup({}, flatTo('2021-02-05'));
    const layer = s.buyLayerOn(s.indexOf('2021-01-22'), { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    const bought = [...s.book.positions.values()].filter((p) => p.group === layer.group);
    expect(bought.map((p) => isoFromDay(p.expiryDay))).toEqual(['2021-02-17']);
    const dayCtx = s.ctxOn(s.indexOf('2021-02-04'), { confirmations: ['vixSpike'] });
    const d = manageLayer(dayCtx, s.state, layer, spike, new IdCounter(s.state.nextId), s.exposuresOn(dayCtx));
    if (d.order?.kind !== 'roll') throw new Error(`expected a roll, got ${d.order?.kind}`);
    expect(d.order.roll.rule).toBe('hedge.rollLayerEarly');
    expect(d.order.closes.map((c) => c.positionId)).toEqual(bought.map((p) => p.id));
    expect(d.order.buys.map((b) => [isoFromDay(b.expiryDay), b.contracts])).toEqual([['2021-03-17', bought[0]!.quantity]]);
  });

  it('an early roll the caps would cut is not made: the layer keeps its February calls', () => {
    // The same layer and day as above, with the notional cap cut to 0.01 % of equity (100 USD) on the
    // roll day: the caps allow only a few of the calls the early roll would buy back (its net debit is
    // small, the March calls cost a little more than February's bring). Selling February's calls (13
    // days still to run) for fewer would cut the protection, so no order: a note says why.
    const s = setup({}, flatTo('2021-02-05'));
    const layer = s.buyLayerOn(s.indexOf('2021-01-22'), { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    const tight = parseStrategyConfig({ name: 'test', entry: { mode: 'calendar' }, hedge: { maxLayers: 1, caps: { ...bigCaps, confirmedNotionalFractionOfEquity: { min: 0.0001, max: 0.0001 } } } }, 'test');
    const dayCtx = s.ctxOn(s.indexOf('2021-02-04'), { confirmations: ['vixSpike'] }, tight);
    const d = manageLayer(dayCtx, s.state, layer, spike, new IdCounter(s.state.nextId), s.exposuresOn(dayCtx));
    expect(d.order).toBeUndefined();
    const held = d.notes.find((n) => n.rule === 'hedge.rollLayerEarly.capped');
    expect(held?.action).toBe('hold-layer');
    expect(Number(held?.figures.allowedContracts)).toBeLessThan(Number(held?.figures.wantedContracts));
    expect(held?.reason).toMatch(/layer 1 is kept as it is/);
  });

  it("an early roll the band's top would cut is not made either: the February calls are kept", () => {
    // The layer and day of the early roll above, with the condor down to 150 USD per VIX point: the
    // band's top (180) holds fewer March calls than the February calls sold. The roll would cut
    // protection that still has 13 days to run; it waits, and the rebalance trims what is over the top.
    const s = setup({}, flatTo('2021-02-05'));
    const layer = s.buyLayerOn(s.indexOf('2021-01-22'), { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    const dayCtx = s.ctxOn(s.indexOf('2021-02-04'), { confirmations: ['vixSpike'] });
    const d = manageLayer(dayCtx, s.state, layer, spike, new IdCounter(s.state.nextId), s.exposuresOn(dayCtx, -150));
    expect(d.order).toBeUndefined();
    const held = d.notes.find((n) => n.rule === 'hedge.rollLayerEarly.capped');
    expect(held?.action).toBe('hold-layer');
    expect(held?.reason).toMatch(/the band's top 1\.2 allows \d+ of the \d+ contracts it would buy back: layer 1 is kept as it is/);
    expect(Number(held?.figures.allowedContracts)).toBeLessThan(Number(held?.figures.wantedContracts));
  });

  it('a relief layer rolls its January leg and keeps its March and April legs', () => {
    // The relief layer of 2021-01-04 buys 30/60/90-day tenors, each the nearest untaken expiry:
    // 2021-01-20 (16 days; tied with February's 44 at 14 days off, the first is taken),
    // 2021-03-17 (72 days) and 2021-04-21 (107 days). On Thursday 2021-01-14 January has 6 days left,
    // inside the 7-day window: the roll is due for that leg alone. It goes to the expiry nearest the 16
    // days it was bought at, after January: 2021-02-17. March (62 days left) and April (97) are not
    // due and are kept; before, they were sold and bought back at the same expiries.
    const s = setup({}, flatTo('2021-01-15'));
    const layer = s.buyReliefLayerOn(0);
    const legs = layer.legIds.map((id) => s.book.positions.get(id)!);
    expect(legs.map((p) => isoFromDay(p.expiryDay))).toEqual(['2021-01-20', '2021-03-17', '2021-04-21']);
    const quantities = legs.map((p) => p.quantity);
    const day = s.indexOf('2021-01-14');
    const dayCtx = s.ctxOn(day);
    const d = manageLayer(dayCtx, s.state, layer, spike, new IdCounter(s.state.nextId), s.exposuresOn(dayCtx));
    if (d.order?.kind !== 'roll') throw new Error(`expected a roll, got ${d.order?.kind}`);
    expect(d.order.roll.rule).toBe('hedge.rollLayer');
    expect(d.order.closes.map((c) => c.positionId)).toEqual([legs[0]!.id]);
    expect(d.order.buys.map((b) => [isoFromDay(b.expiryDay), b.contracts])).toEqual([['2021-02-17', quantities[0]]]);
    expect(d.order.keptLegIds).toEqual([legs[1]!.id, legs[2]!.id]);
    // Filled, the layer holds the kept legs and the new one, and counts all their contracts. Booked
    // on a normal-regime day, the roll's net debit (the February call bought less the January call
    // sold) counts against the drag cap.
    const rollCtx = s.ctxOn(day, { regime: 'normal' });
    const fills = s.exec.execute(rollCtx.market, [...d.order.closes, ...d.order.buys.flatMap((b) => b.orders)]);
    const note = applyLayerRoll(rollCtx, s.state, layer, d.order, fills);
    expect(layer.legIds.slice(0, 2)).toEqual([legs[1]!.id, legs[2]!.id]);
    expect(layer.contracts).toBe(quantities.reduce((n, q) => n + q, 0));
    expect(note.reason).toMatch(/kept, not due: \d+ at 2021-03-17 \(62 days left\), \d+ at 2021-04-21 \(97 days left\)/);
    const netDebitUsd = Number(note.figures.newPremiumUsd) - Number(note.figures.closeProceedsUsd);
    expect(netDebitUsd).toBeGreaterThan(0);
    expect(note.figures.dragCapCountedUsd).toBe(netDebitUsd);
    expect(s.state.quietPremium.at(-1)).toEqual({ day: rollCtx.market.day, usd: netDebitUsd });
  });
});

describe('the rebalance, as orders', () => {
  it('trims the latest layer when the ratio is above the band: 9 of 25 calls', () => {
    // 25 calls x 14.727 = 368.2 USD per VIX point against a condor of 200: ratio 1.84 > 1.2. The trim
    // removes 1.2 x 200 - 368.2 = -128.2 USD: ceil(128.2 / 14.727) = ceil(8.70) = 9 calls.
    const s = setup({}, [{ spx: 4000, vix: 30 }]);
    const layer = s.buyLayerOn(0, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    const ctx = s.ctxOn(0);
    const hedgeExposure = 25 * 0.3066271007575586 * 0.4803053010897994 * 100;
    const before = bookPicture(s.book);
    const r = planRebalance(ctx, s.state, new IdCounter(s.state.nextId), { condor: -200, hedge: hedgeExposure });
    expect(bookPicture(s.book)).toBe(before);
    expect(r.order?.kind).toBe('trim');
    if (r.order?.kind !== 'trim') return;
    expect(r.order.outcome.rule).toBe('hedge.rebalance.aboveBand');
    const change = r.order.outcome.exposureChangeUsd;
    expect(Math.abs(change - (240 - hedgeExposure))).toBeLessThan(USD_TOLERANCE);
    expect(Math.abs(change + 128.18)).toBeLessThan(0.01);
    expect(r.order.orders).toEqual([{ kind: 'close', positionId: 'hedge-2.longCall.3', reason: 'hedge.rebalance.aboveBand', contracts: 9 }]);
    expect(r.order.layerChanges).toEqual([{ layer, held: 25, sold: 9 }]);
  });

  it('with a hold window, waits while every condor expires within it, and trims once one runs past it', () => {
    // The trim above (ratio 1.84 against a condor of 200 USD per VIX point: 9 of the 25 calls sold),
    // under hedge.aboveBandHoldBeforeCondorExpiryDays: 7. The example condor's short put is opened
    // in the book on Monday 2021-01-04 expiring on Friday 2021-01-08 (PM weekly): 4 days left, within 7,
    // so nothing is sold and the note says why. Expiring on 2021-01-15 (AM, the third Friday), 11 days
    // left: the same 9 calls are trimmed.
    const trimOn = (expiryIso: string) => {
      const s = setup({ aboveBandHoldBeforeCondorExpiryDays: 7 }, [{ spx: 4000, vix: 30 }]);
      s.buyLayerOn(0, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
      const ctx = s.ctxOn(0);
      const settlement = expiryIso === '2021-01-08' ? 'PM' : 'AM';
      s.exec.execute(ctx.market, [openLegOrder({ positionId: 'condor-1.shortPut.2', group: 'condor-1', role: 'condor', legId: 'shortPut', layer: undefined, underlying: 'SPX', type: 'put', strike: 3600, expiryDay: dayFromIso(expiryIso), settlement, quantity: -10, rule: 'test' })]);
      const hedgeExposure = 25 * 0.3066271007575586 * 0.4803053010897994 * 100;
      return planRebalance(ctx, s.state, new IdCounter(s.state.nextId), { condor: -200, hedge: hedgeExposure });
    };
    const held = trimOn('2021-01-08');
    expect(held.order).toBeUndefined();
    expect(held.notes).toHaveLength(1);
    expect(held.notes[0]).toMatchObject({ action: 'rebalance', rule: 'hedge.rebalance.aboveBandHeldNearCondorExpiry', figures: { daysToLastCondorExpiry: 4, holdWindowDays: 7, bandMax: 1.2 } });
    expect(Number(held.notes[0]?.figures.hedgeRatio)).toBeCloseTo(1.8409, 4);
    const trimmed = trimOn('2021-01-15');
    if (trimmed.order?.kind !== 'trim') throw new Error(`expected a trim, got ${trimmed.order?.kind}`);
    expect(trimmed.order.orders).toEqual([{ kind: 'close', positionId: 'hedge-2.longCall.3', reason: 'hedge.rebalance.aboveBand', contracts: 9 }]);
  });

  it('tops up below the band: 25 calls held against -910, it buys ceil(177.7 / 14.727) = 13 calls', () => {
    // Hedge 368.2 against 910: ratio 0.405. Missing 0.6 x 910 - 368.2 = 177.8 USD per VIX point; at
    // 14.727 per Feb 30.5 call, 12.07 calls: 13 (12 would leave the ratio at 0.599, under the band).
    const s = setup({}, [{ spx: 4000, vix: 30 }]);
    s.buyLayerOn(0, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    const hedgeExposure = 25 * 0.3066271007575586 * 0.4803053010897994 * 100;
    const r = planRebalance(s.ctxOn(0), s.state, new IdCounter(s.state.nextId), { condor: CONDOR_EXPOSURE_USD, hedge: hedgeExposure });
    expect(r.order?.kind).toBe('top-up');
    if (r.order?.kind !== 'top-up') return;
    expect(r.order.buy.contracts).toBe(13);
    expect((hedgeExposure + 13 * 14.727) / 910).toBeGreaterThanOrEqual(0.6);
  });

  it('in a resolution buys nothing below the band, and says so', () => {
    const s = setup({}, [{ spx: 4000, vix: 30 }]);
    s.buyLayerOn(0, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    const r = planRebalance(s.ctxOn(0, { resolution: true }), s.state, new IdCounter(s.state.nextId), { condor: CONDOR_EXPOSURE_USD, hedge: 368.2 });
    expect(r.order).toBeUndefined();
    expect(r.notes.map((n) => [n.action, n.rule])).toEqual([['rebalance', 'hedge.rebalance.resolutionDecay']]);
  });

  it('never tops up a layer a rule left to decay (it would outlive that rule at a fresh expiry)', () => {
    const s = setup({}, [{ spx: 4000, vix: 30 }]);
    const layer = s.buyLayerOn(0, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    layer.letDecay = true;
    const before = bookPicture(s.book);
    const r = planRebalance(s.ctxOn(0), s.state, new IdCounter(s.state.nextId), { condor: CONDOR_EXPOSURE_USD, hedge: 368.2 });
    expect(bookPicture(s.book)).toBe(before);
    expect(r.order).toBeUndefined();
    expect(r.notes.map((n) => [n.action, n.rule, n.figures.layersHeld])).toEqual([['rebalance', 'hedge.rebalance.letDecay', 1]]);
  });

  it('with agedLayerTopUps renew, buys the aged layer\'s unit into a new layer of its rung and leaves the old one to decay', () => {
    // The top-up example above, but layer 1 opened 91 days before day 0 (its life, hedge.maxLayerLifeDays):
    // the same Feb 30.5 call is the cheapest unit and the same ceil(177.8 / 14.727) = 13 calls are
    // bought, at 1.32584 each (mid 1.30084 + 0.025): 13 x 1.32584 x 100 = 1,723.59 USD (the cost basis
    // counts premium, not fees), into a new group of rung 1
    // opened today with that as its own cost basis; layer 1's group keeps its 25 calls and is left to decay.
    const s = setup({ agedLayerTopUps: 'renew' }, [{ spx: 4000, vix: 30 }]);
    const bought = s.buyLayerOn(0, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    const aged = { ...bought, openedDay: START - s.config.hedge.maxLayerLifeDays };
    s.state.layers[0] = aged;
    const hedgeExposure = 25 * 0.3066271007575586 * 0.4803053010897994 * 100;
    const ctx = s.ctxOn(0);
    const ids = new IdCounter(s.state.nextId);
    const r = planRebalance(ctx, s.state, ids, { condor: CONDOR_EXPOSURE_USD, hedge: hedgeExposure });
    expect(r.order?.kind).toBe('top-up');
    if (r.order?.kind !== 'top-up') return;
    expect(r.order.renews).toBe(aged);
    expect(r.order.layer.group).not.toBe(aged.group);
    expect(r.order.layer).toMatchObject({ layer: 1, openedDay: START, tenor: aged.tenor, contracts: 0, premiumUsd: 0 });
    expect(r.order.buy.contracts).toBe(13);
    expect(r.order.buy.orders.map((o) => [o.group, o.strike, o.quantity, o.rule])).toEqual([[r.order.layer.group, 30.5, 13, RENEW_RULE]]);
    expect(r.order.outcome.figures).toMatchObject({ renewsGroup: aged.group, renewedLayerAgeDays: 91 });
    // Nothing in the state changes until the fills are booked.
    expect(s.state.layers).toHaveLength(1);
    expect(aged.letDecay).toBeUndefined();
    const exec = new OrderExecutor(s.config, s.book);
    const booked = applyTopUp(ctx, s.state, r.order, exec.execute(ctx.market, r.order.buy.orders));
    expect(s.state.layers.map((l) => [l.group, l.layer, l.contracts, l.letDecay ?? false])).toEqual([
      [aged.group, 1, 25, true],
      [r.order.layer.group, 1, 13, false],
    ]);
    const fresh = s.state.layers[1]!;
    // The new layer's own cost basis; the aged layer's is untouched.
    expect(fresh.premiumUsd).toBeCloseTo(1723.59, CENT_DECIMALS);
    expect(aged.premiumUsd).toBe(bought.premiumUsd);
    expect(booked.opening).toMatchObject({ entryDay: START, kind: 'hedge-layer', layer: 1, contracts: 13 });
    expect(booked.notes.map((n) => [n.action, n.rule, n.group])).toEqual([
      ['rebalance', RENEW_RULE, fresh.group],
      ['let-decay', 'hedge.letDecay.renewed', aged.group],
    ]);
    // Left to decay: never a candidate for the rebalance again.
    expect(layerMayGrow(s.config, START, aged)).toBe(false);
  });

  it('with renew, a cap that binds names the new group it buys into, the aged group in its figures', () => {
    // The renewal above with the confirmed notional cap cut to leave room for 5 of the 13 calls: layer
    // 1's premium plus 5.5 x 132.584 USD (a call at 1.32584 points x 100), as a fraction of equity. The
    // cap allows floor(5.5) = 5 calls, 662.92 USD, bought into the new group of rung 1; the cap-bound
    // note names that group (not the aged one, which nothing is bought into) and carries the aged group.
    const s = setup({ agedLayerTopUps: 'renew' }, [{ spx: 4000, vix: 30 }]);
    const bought = s.buyLayerOn(0, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    const aged = { ...bought, openedDay: START - s.config.hedge.maxLayerLifeDays };
    s.state.layers[0] = aged;
    const capFraction = (bought.premiumUsd + 5.5 * 132.584) / s.config.initialEquityUsd;
    const tight = parseStrategyConfig({ name: 'test', entry: { mode: 'calendar' }, hedge: { maxLayers: 1, agedLayerTopUps: 'renew', caps: { ...bigCaps, confirmedNotionalFractionOfEquity: { min: capFraction, max: capFraction } } } }, 'test');
    const hedgeExposure = 25 * 0.3066271007575586 * 0.4803053010897994 * 100;
    const r = planRebalance(s.ctxOn(0, {}, tight), s.state, new IdCounter(s.state.nextId), { condor: CONDOR_EXPOSURE_USD, hedge: hedgeExposure });
    expect(r.order?.kind).toBe('top-up');
    if (r.order?.kind !== 'top-up') return;
    expect(r.order.renews).toBe(aged);
    expect(r.order.buy.contracts).toBe(5);
    const capNotes = r.notes.filter((n) => n.action === 'cap-bound');
    expect(capNotes).toHaveLength(1);
    expect(capNotes[0]).toMatchObject({ rule: 'hedge.caps.confirmedNotional', group: r.order.layer.group, figures: { layer: 1, renewsGroup: aged.group, requestedContracts: 13 } });
    expect(capNotes[0]!.group).not.toBe(aged.group);
  });

  it('in a resolution trims toward the bottom without crossing it: 4 of 25 calls, not 5', () => {
    // 25 calls x 14.727 = 368.2 USD per VIX point against a condor of 500: ratio 0.736. The resolution
    // trims toward 0.6 x 500 = 300: 68.2 to remove, 4.63 calls' worth. Four leave 309.3 (ratio 0.619,
    // in the band); five would leave 294.5 (0.589, under it).
    const s = setup({}, [{ spx: 4000, vix: 30 }]);
    s.buyLayerOn(0, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    const hedgeExposure = 25 * 0.3066271007575586 * 0.4803053010897994 * 100;
    const r = planRebalance(s.ctxOn(0, { resolution: true }), s.state, new IdCounter(s.state.nextId), { condor: -500, hedge: hedgeExposure });
    expect(r.order?.kind).toBe('trim');
    if (r.order?.kind !== 'trim') return;
    expect(r.order.outcome.rule).toBe('hedge.rebalance.resolutionTrim');
    expect(r.order.sold).toBe(4);
    expect((hedgeExposure - 4 * 14.727) / 500).toBeGreaterThanOrEqual(0.6);
  });
});

describe('the resolution trim when one call is wider than the band', () => {
  it('sells what gets the ratio under the top even if that crosses the bottom: all 25 calls against -10', () => {
    // 25 calls x 14.727 = 368.2 against a condor of 10 (band [6, 12] USD per VIX point). Toward the
    // bottom: 362.2 may go, floor(24.59) = 24 calls, leaving 14.7 (ratio 1.47, above the top). Under
    // the top: 356.2 must go, ceil(24.19) = 25 calls. The larger wins: 25, the layer is sold out.
    const s = setup({}, [{ spx: 4000, vix: 30 }]);
    s.buyLayerOn(0, { condor: CONDOR_EXPOSURE_USD, hedge: 0 });
    const hedgeExposure = 25 * 0.3066271007575586 * 0.4803053010897994 * 100;
    const r = planRebalance(s.ctxOn(0, { resolution: true }), s.state, new IdCounter(s.state.nextId), { condor: -10, hedge: hedgeExposure });
    expect(r.order?.kind === 'trim' ? [r.order.outcome.rule, r.order.sold] : r.order?.kind).toEqual(['hedge.rebalance.resolutionTrim', 25]);
  });
});

describe('topUpUnits', () => {
  const config = parseStrategyConfig({ name: 'x' }, 'test');
  it('rounds up to reach the band\'s bottom, and an exact count is not rounded one up', () => {
    // Missing 0.6 x 1,000 - 400 = 200 USD per VIX point: 13.3 units of 15 -> 14; of 20 -> exactly 10.
    expect(topUpUnits(config, { condor: -1000, hedge: 400 }, 15)).toBe(14);
    expect(topUpUnits(config, { condor: -1000, hedge: 400 }, 20)).toBe(10);
  });
  it('never passes the band\'s top: a unit wider than the band buys what fits under it', () => {
    // Band [0.6, 1.2] of 100 is [60, 120]; hedge 10, unit 150: one unit would make 160 > 120, so none.
    expect(topUpUnits(config, { condor: -100, hedge: 10 }, 150)).toBe(0);
    // Unit 70: ceil(50 / 70) = 1 unit makes 80, inside.
    expect(topUpUnits(config, { condor: -100, hedge: 10 }, 70)).toBe(1);
  });
  it('buys nothing without a condor exposure or a unit that carries any', () => {
    expect(topUpUnits(config, { condor: 0, hedge: 0 }, 15)).toBe(0);
    expect(topUpUnits(config, { condor: -1000, hedge: 0 }, 0)).toBe(0);
  });
});

describe('layerMayGrow: which layers the rebalance may buy into', () => {
  // Opened on day 0 with the default life of 91 calendar days and aged top-ups forbidden: still a
  // candidate at 90 days old, not at 91 (">= maxLayerLifeDays is too old", as the roll rule reads it),
  // and never once left to decay. With the default `allow`, age does not matter.
  const config = parseStrategyConfig({ name: 'life', hedge: { agedLayerTopUps: 'forbid' } }, 'test');
  const allowing = parseStrategyConfig({ name: 'life' }, 'test');
  const layer = { group: 'hedge-1', layer: 1, openedDay: START, tenor: { kind: 'vixTenor' as const, index: 0 }, premiumUsd: 100, legIds: [], contracts: 1 };

  it('takes a layer younger than hedge.maxLayerLifeDays and refuses one at or past it', () => {
    expect(config.hedge.maxLayerLifeDays).toBe(91);
    expect(layerMayGrow(config, START + 90, layer)).toBe(true);
    expect(layerMayGrow(config, START + 91, layer)).toBe(false);
    expect(layerMayGrow(config, START + 200, layer)).toBe(false);
    expect(layerMayGrow(allowing, START + 200, layer)).toBe(true);
  });

  it('with renew, an aged layer stays a candidate but its purchase renews it (a new layer)', () => {
    const renewing = parseStrategyConfig({ name: 'life', hedge: { agedLayerTopUps: 'renew' } }, 'test');
    expect(layerMayGrow(renewing, START + 200, layer)).toBe(true);
    expect(layerNeedsRenewal(renewing, START + 90, layer)).toBe(false);
    expect(layerNeedsRenewal(renewing, START + 91, layer)).toBe(true);
    expect(layerNeedsRenewal(allowing, START + 200, layer)).toBe(false);
    expect(layerNeedsRenewal(config, START + 200, layer)).toBe(false);
    expect(layerMayGrow(renewing, START + 1, { ...layer, letDecay: true })).toBe(false);
  });

  it('refuses a layer a rule left to decay, however young', () => {
    expect(layerMayGrow(config, START + 1, { ...layer, letDecay: true })).toBe(false);
    expect(layerMayGrow(allowing, START + 1, { ...layer, letDecay: true })).toBe(false);
  });
});
