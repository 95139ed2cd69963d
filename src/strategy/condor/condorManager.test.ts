/**
 * The condor manager on a small constructed market (src/engine/testing/constructedMarket.ts): the
 * orders it returns (rule, figures, legs, contracts) are asserted without filling them, and the book
 * is checked to be untouched by the decision.
 *
 * The constructed market, for the hand calculations: SPX options are Black-76 at a flat vol of
 * VIX/100 with zero rates; an SPX option's half-spread is min(0.25, mid/2) and fills take half of it
 * (fillShareOfHalfSpread 0.5), so an option is sold at mid - 0.125 and bought at mid + 0.125; strikes
 * are on a 5-point grid. Day 0 is Monday 2021-01-04; the expiry nearest 45 days out is the February
 * monthly, Friday 2021-02-19 (46 days, AM-settled).
 */
import { describe, expect, it } from 'vitest';
import { parseStrategyConfig, type StrategyConfigInput } from '../config.js';
import { dayFromIso, isoFromDay } from '../../time/day.js';
import { ConstructedMarket, quietSignals, type ConstructedPathPoint } from '../../engine/testing/constructedMarket.js';
import { Book } from '../../engine/portfolio/book.js';
import { Execution } from '../../engine/execution/execution.js';
import { OrderExecutor } from '../../engine/execution/executor.js';
import type { EngineSignals } from '../../engine/marketView.js';
import { IdCounter, type OpenLegOrder } from '../orders.js';
import { emptyStrategyState, type StrategyState } from '../state.js';
import type { ManagerContext } from '../context.js';
import { applyCondorOpen, entryWanted, manageCondor, planCondorEntry, type CondorOpenOrder } from './condorManager.js';
import { bookGreeks } from '../../engine/bookGreeks.js';
import type { VixExposures } from '../hedge/hedgeManager.js';

const START = dayFromIso('2021-01-04');
/** Prices in index points agree to a billionth of a point (they are sums of a few fills). */
const POINTS_TOLERANCE = 1e-9;

function setup(configInput: Partial<StrategyConfigInput>, path: readonly ConstructedPathPoint[]) {
  const config = parseStrategyConfig({ name: 'test', entry: { mode: 'calendar' }, ...configInput }, 'test');
  const market = new ConstructedMarket({ startDay: START, path });
  const book = new Book(config.initialEquityUsd);
  const exec = new OrderExecutor(config, book);
  const state = emptyStrategyState();
  const ctxOn = (i: number, signals: Partial<EngineSignals> = {}): ManagerContext => ({ config, market: market.marketOn(market.days[i] as number)!, signals: quietSignals(signals), portfolio: book, pricing: new Execution(config) });
  /** Open the entry condor on day `i` through execution, as the engine does. */
  const openOn = (i: number) => {
    const ctx = ctxOn(i);
    const ids = new IdCounter(state.nextId);
    const entry = planCondorEntry(ctx, ids, 'entry.calendarEveryNTradingDays') as CondorOpenOrder;
    state.nextId = ids.next;
    const fills = exec.execute(ctx.market, entry.orders);
    return applyCondorOpen(ctx, state, entry, fills).condor;
  };
  /** The book's VIX exposures on day `i`, as the engine measures them before its condors are managed. */
  const exposuresOn = (i: number) => (): VixExposures => {
    const m = market.marketOn(market.days[i] as number)!;
    const pricing = new Execution(config);
    const g = bookGreeks(book.positions.values(), m, (p) => pricing.quote(m, p));
    return { condor: g.condorVixExposureUsd, hedge: g.hedgeVixExposureUsd };
  };
  return { config, market, book, state, ctxOn, openOn, exposuresOn };
}

const bookPicture = (book: Book) => JSON.stringify(book.state());

describe('a new condor under the entry rules', () => {
  // SPX 4000, VIX 20 (vol 0.20), 46 days: sd = 0.20 x sqrt(46/365) = 0.0710. The 0.16-delta put has
  // N(d1) = 0.84, d1 = 0.9945, ln(F/K) = 0.9945 x 0.0710 - 0.0710^2/2 = 0.0681: K = 4000 e^-0.0681 =
  // 3736.7, on the grid 3735; the call: ln(F/K) = -0.0731, K = 4303.5 -> 4305. Wings 50 points out:
  // 3685 and 4355. Model mids 24.400, 16.743, 22.947, 16.700; fills 24.275, 16.868, 22.822, 16.825:
  // credit 7.4066 + 5.9967 = 13.4033 points; max loss (50 - 13.4033) x 100 = 3,659.7 USD per condor;
  // the 5 % risk budget of 1,000,000 USD is 50,000 USD: floor(50,000 / 3,659.7) = 13 condors.
  const { ctxOn, book } = setup({}, [{ spx: 4000, vix: 20 }]);
  const before = bookPicture(book);
  const ids = new IdCounter(1);
  const entry = planCondorEntry(ctxOn(0), ids, 'entry.calendarEveryNTradingDays');

  it('returns four leg orders at the hand-worked strikes, 13 contracts each, with the rule that ordered them', () => {
    expect(entry.kind).toBe('open');
    const o = entry as CondorOpenOrder;
    expect(o.contracts).toBe(13);
    expect(o.orders.map((l) => [l.legId, l.type, l.strike, l.quantity, isoFromDay(l.expiryDay), l.settlement])).toEqual([
      ['shortPut', 'put', 3735, -13, '2021-02-19', 'AM'],
      ['longPut', 'put', 3685, 13, '2021-02-19', 'AM'],
      ['shortCall', 'call', 4305, -13, '2021-02-19', 'AM'],
      ['longCall', 'call', 4355, 13, '2021-02-19', 'AM'],
    ]);
    expect(o.orders.every((l) => l.rule === 'entry.calendarEveryNTradingDays')).toBe(true);
    expect(o.widestWingPoints).toBe(50);
    expect(o.trigger.rule).toBe('entry.calendarEveryNTradingDays');
  });

  it('hands out ids from the counter in order: the group, then each leg', () => {
    const o = entry as CondorOpenOrder;
    expect(o.group).toBe('condor-1');
    expect(o.orders.map((l) => l.positionId)).toEqual(['condor-1.shortPut.2', 'condor-1.longPut.3', 'condor-1.shortCall.4', 'condor-1.longCall.5']);
    expect(ids.next).toBe(6);
  });

  it('does not touch the book', () => {
    expect(bookPicture(book)).toBe(before);
    expect(book.positions.size).toBe(0);
  });

  it('sizes to zero and says so when one condor exceeds the risk budget', () => {
    // A 0.2 % budget is 2,000 USD, under one condor's 3,659.7 USD max loss.
    const tight = setup({ sizing: { riskPerTradeFractionOfEquity: 0.002 } }, [{ spx: 4000, vix: 20 }]);
    const skip = planCondorEntry(tight.ctxOn(0), new IdCounter(1), 'entry.calendarEveryNTradingDays');
    expect(skip.kind).toBe('skip');
    if (skip.kind !== 'skip') return;
    expect(skip.note.rule).toBe('sizing.riskPerTrade');
    expect(skip.note.figures.creditPoints).toBeCloseTo(13.4033, 4);
    expect(skip.note.figures.maxLossPerContractUsd).toBeCloseTo(3659.67, 2);
  });

  it('books the fills: the condor carries the credit actually received', () => {
    const s = setup({}, [{ spx: 4000, vix: 20 }]);
    const c = s.openOn(0);
    expect(c.contracts).toBe(13);
    expect(c.creditPoints).toBeCloseTo(24.275036602583896 - 16.868468763448277 + 22.82198206102248 - 16.82525225534863, 9);
    expect(Math.abs(c.creditPoints - 13.4033)).toBeLessThan(0.0001 + POINTS_TOLERANCE);
    expect([c.putShortId, c.putLongId, c.callShortId, c.callLongId]).toEqual(['condor-1.shortPut.2', 'condor-1.longPut.3', 'condor-1.shortCall.4', 'condor-1.longCall.5']);
  });
});

describe("the entry's figures name only what chose its strikes", () => {
  /** Open on day 0 with FOMC `fomcInDays` trading days away, and return the notes the entry records. */
  const entryNotes = (configInput: Partial<StrategyConfigInput>, fomcInDays: number) => {
    const s = setup(configInput, [{ spx: 4000, vix: 20 }]);
    const ctx = s.ctxOn(0, { tradingDaysToNextFomc: fomcInDays });
    const entry = planCondorEntry(ctx, new IdCounter(1), 'entry.calendarEveryNTradingDays') as CondorOpenOrder;
    return { entry, notes: applyCondorOpen(ctx, s.state, entry, new OrderExecutor(s.config, s.book).execute(ctx.market, entry.orders)).notes };
  };

  it('an iron condor: its 50-point wing and its short delta, moved by the pre-FOMC rule inside the window', () => {
    // Outside the window (FOMC in 20 trading days): the configured 0.16, as the hand-worked entry above.
    const calm = entryNotes({}, 20);
    expect(calm.notes).toHaveLength(1);
    expect(calm.notes[0]?.figures).toMatchObject({ contracts: 13, widestWingPoints: 50, shortDelta: 0.16, spot: 4000 });
    // FOMC in 2 trading days: 0.16 lies inside the default 0.15-0.2 range, so the delta stays 0.16, and
    // the second note says the rule was consulted.
    const preFomc = entryNotes({}, 2);
    expect(preFomc.notes.map((n) => n.rule)).toEqual(['entry.calendarEveryNTradingDays', 'condor.preFomcShortDelta']);
  });

  it("a custom single short put: no wing width and no condor short delta, even inside the pre-FOMC window", () => {
    // The put preset's leg: the strike at or below SPX 4000 is 4000. Sized by strike notional:
    // 1,000,000 / (4000 x 100) = 2.5 puts. The next standard monthly is 2021-01-15, 11 days out; the
    // at-the-money premium at vol 0.20, zero rates: 4000 x (2 N(0.20 x sqrt(11/365) / 2) - 1) =
    // 4000 x (2 N(0.017359) - 1) = 55.40, sold at the mid less 0.125. It had no wing and no delta rule, so neither is a figure of its entry, and the
    // pre-FOMC rule, which moves only an iron condor's short delta, adds no note.
    const put = entryNotes(
      {
        structure: 'custom',
        customLegs: [{ id: 'shortPut', underlying: 'SPX', side: 'short', type: 'put', strike: { by: 'atOrBelowReference' }, expiry: { by: 'nextStandardMonthly', minDteDays: 1 } }],
        sizing: { mode: 'strike-notional', allowFractionalContracts: true },
      },
      2,
    );
    expect(put.entry.orders.map((l) => [l.strike, l.quantity])).toEqual([[4000, -2.5]]);
    expect(put.notes).toHaveLength(1);
    const figures = put.notes[0]?.figures ?? {};
    expect(figures.contracts).toBe(2.5);
    expect(figures.creditPoints).toBeCloseTo(55.40 - 0.125, 1);
    expect(figures).not.toHaveProperty('widestWingPoints');
    expect(figures).not.toHaveProperty('shortDelta');
  });

  it("a custom condor struck by its own 0.20 deltas keeps them inside the pre-FOMC window", () => {
    const legs = (delta: number, wingDelta: number): StrategyConfigInput['customLegs'] => [
      { id: 'shortPut', underlying: 'SPX', side: 'short', type: 'put', strike: { by: 'delta', delta }, expiry: { by: 'nextStandardMonthly', minDteDays: 1 } },
      { id: 'longPut', underlying: 'SPX', side: 'long', type: 'put', strike: { by: 'delta', delta: wingDelta }, expiry: { by: 'nextStandardMonthly', minDteDays: 1 } },
    ];
    const config = { structure: 'custom' as const, customLegs: legs(0.2, 0.05), sizing: { allowFractionalContracts: true }, collateralMultipleOfWidestWing: 10 };
    const inWindow = entryNotes(config, 2);
    const outside = entryNotes(config, 20);
    // The pre-FOMC range 0.15-0.2 would not move 0.2 either; what is checked is that no note claims it did.
    expect(inWindow.entry.orders.map((l) => l.strike)).toEqual(outside.entry.orders.map((l) => l.strike));
    expect(inWindow.notes.map((n) => n.rule)).toEqual(['entry.calendarEveryNTradingDays']);
    expect(inWindow.notes[0]?.figures).not.toHaveProperty('shortDelta');
    expect(inWindow.notes[0]?.figures.widestWingPoints).toBeGreaterThan(0);
  });
});

describe('the entry rules decide whether a condor is wanted today', () => {
  it('the calendar cycle waits its trading days; the signal mode waits for the trigger', () => {
    const s = setup({ entry: { mode: 'calendar', calendarCycle: 'every-n-trading-days', calendarEveryTradingDays: 5 } }, [{ spx: 4000, vix: 20 }]);
    const state: StrategyState = s.state;
    expect(entryWanted(s.ctxOn(0), state, false)?.rule).toBe('entry.calendarEveryNTradingDays');
    state.tradingDaysSinceEntry = 4;
    expect(entryWanted(s.ctxOn(0), state, false)).toBeUndefined();
    state.tradingDaysSinceEntry = 5;
    expect(entryWanted(s.ctxOn(0), state, false)?.rule).toBe('entry.calendarEveryNTradingDays');
    const sig = setup({ entry: { mode: 'signal' } }, [{ spx: 4000, vix: 20 }]);
    expect(entryWanted(sig.ctxOn(0), sig.state, false)).toBeUndefined();
    expect(entryWanted(sig.ctxOn(0, { entryTrigger: true, entryReason: 'RSAi: test' }), sig.state, false)?.rule).toBe('entry.rsaiTrigger');
  });
});

describe('a threatened side: roll or defer, as orders', () => {
  // Day 0 opens the condor above (short put 3735). Day 1 SPX falls to 3760: the short put is
  // (3760 - 3735) / 3760 = 0.66 % away, and its delta is past the 0.30 threat: ln(3760/3735) = 0.0067,
  // sd = 0.20 x sqrt(45/365) = 0.0702, d1 = 0.0067/0.0702 + 0.0351 = 0.130, put delta N(0.130) - 1 = -0.448.
  const path = [
    { spx: 4000, vix: 20 },
    { spx: 3760, vix: 20 },
  ];

  it('without a hedge the side is rolled: close both puts, sell the new vertical 45 days out', () => {
    const s = setup({ management: { mode: 'alvh-adaptive' }, hedge: { enabled: false } }, path);
    const c = s.openOn(0);
    const before = bookPicture(s.book);
    const ids = new IdCounter(s.state.nextId);
    const orders = manageCondor(s.ctxOn(1), s.state, c, ids, s.exposuresOn(1));
    expect(bookPicture(s.book)).toBe(before);
    expect(orders).toHaveLength(1);
    const roll = orders[0]!;
    expect(roll.kind).toBe('roll');
    if (roll.kind !== 'roll') return;
    expect(roll.outcome.rule).toBe('adaptive.roll');
    expect(roll.side).toBe('put');
    expect(roll.figures.threatenedBy).toBe('adaptive.threatenedByDelta');
    expect(roll.figures.shortDeltaAbs).toBeCloseTo(0.448, 3);
    expect(roll.figures.shortStrike).toBe(3735);
    expect(roll.figures.spot).toBe(3760);
    expect(roll.orders.filter((o) => o.kind === 'close').map((o) => o.positionId)).toEqual(['condor-1.shortPut.2', 'condor-1.longPut.3']);
    const opens = roll.orders.filter((o): o is OpenLegOrder => o.kind === 'open');
    // Day 1 is 2021-01-05: the expiry nearest 45 days out (2021-02-19) is 45 days away; the new
    // short put is the 0.16-delta put off spot 3760, its long 50 points below.
    expect(opens.map((o) => [o.legId, o.quantity, isoFromDay(o.expiryDay)])).toEqual([
      ['shortPut', -13, '2021-02-19'],
      ['longPut', 13, '2021-02-19'],
    ]);
    expect((opens[0] as OpenLegOrder).strike - (opens[1] as OpenLegOrder).strike).toBe(50);
    expect((opens[0] as OpenLegOrder).strike).toBeLessThan(3735);
    // The cost to close the tested put vertical per condor: buy the short back, sell the long.
    const m = s.ctxOn(1).market;
    const pricing = new Execution(s.config);
    const closeCost = pricing.fillPrice(m.priceSpxOption('put', 3735, dayFromIso('2021-02-19')), 1) - pricing.fillPrice(m.priceSpxOption('put', 3685, dayFromIso('2021-02-19')), -1);
    expect(roll.closeCostPoints).toBeCloseTo(closeCost, 9);
  });

  it('with a release in 1 trading day and a free rung, the roll is deferred for a hedge layer: no leg orders', () => {
    const s = setup({ management: { mode: 'alvh-adaptive' }, hedge: { enabled: true } }, path);
    const c = s.openOn(0);
    const orders = manageCondor(s.ctxOn(1, { tradingDaysToNextEvent: 1, nextEventLabel: 'CPI 2021-01-06' }), s.state, c, new IdCounter(s.state.nextId), s.exposuresOn(1));
    expect(orders).toHaveLength(1);
    const defer = orders[0]!;
    expect(defer.kind).toBe('defer');
    if (defer.kind !== 'defer') return;
    expect(defer.outcome.rule).toBe('adaptive.eventFavoursHedge');
    expect(defer.outcome.action).toBe('hedge-instead');
    expect(defer.outcome.figures.tradingDaysToNextEvent).toBe(1);
    expect(defer.widen).toBeUndefined();
  });

  it('with a release in 1 trading day but no layer that would buy (the drag budget spent), the roll is not deferred', () => {
    // The same threatened put, the same release: a free rung, but a drag cap of 0 lets layer 1 buy no
    // contract in this quiet regime. Deferring for it would leave the side neither rolled nor hedged,
    // so the comparison decides: no hedge held projects a payoff of 0 against the roll's cost.
    const s = setup({ management: { mode: 'alvh-adaptive' }, hedge: { enabled: true, caps: { maxDragFractionOfEquityPerMonth: 0 } } }, path);
    const c = s.openOn(0);
    const orders = manageCondor(s.ctxOn(1, { tradingDaysToNextEvent: 1, nextEventLabel: 'CPI 2021-01-06' }), s.state, c, new IdCounter(s.state.nextId), s.exposuresOn(1));
    expect(orders).toHaveLength(1);
    const roll = orders[0]!;
    if (roll.kind !== 'roll') throw new Error(`expected a roll, got ${roll.kind}`);
    expect(roll.outcome.rule).toBe('adaptive.roll');
    expect(roll.outcome.reason).toMatch(/^CPI 2021-01-06 in 1 trading day\(s\) favours a hedge layer, but none can be added; /);
    expect(roll.outcome.figures.eventFavoursHedgeButLayersFull).toBe(true);
    expect(roll.outcome.figures.projectedHedgePayoffUsd).toBe(0);
  });

  it('with the put-wing widening on, a deferral moves the long put 25 points down', () => {
    const s = setup({ management: { mode: 'alvh-adaptive', adaptive: { widenPutOnDeferredRoll: true, deferredRollPutWideningPoints: { min: 25, max: 50 } } }, hedge: { enabled: true } }, path);
    const c = s.openOn(0);
    const orders = manageCondor(s.ctxOn(1, { tradingDaysToNextEvent: 1 }), s.state, c, new IdCounter(s.state.nextId), s.exposuresOn(1));
    const defer = orders[0]!;
    if (defer.kind !== 'defer') throw new Error('expected a deferral');
    expect(defer.widen?.fromStrike).toBe(3685);
    expect(defer.widen?.toStrike).toBe(3660);
    expect(defer.widen?.orders.map((o) => [o.kind, o.positionId])).toEqual([
      ['close', 'condor-1.longPut.3'],
      ['open', 'condor-1.longPut.6'],
    ]);
  });

  it('an untested condor gets no orders', () => {
    const s = setup({ management: { mode: 'alvh-adaptive' }, hedge: { enabled: false } }, [{ spx: 4000, vix: 20 }, { spx: 3990, vix: 20 }]);
    const c = s.openOn(0);
    expect(manageCondor(s.ctxOn(1), s.state, c, new IdCounter(s.state.nextId), s.exposuresOn(1))).toEqual([]);
  });
});

describe('fixed risk:reward exits', () => {
  it('closes every leg at the time exit and asks for a reopen', () => {
    // 45 days to expiry on day 1 is inside a 50-day time exit.
    const s = setup({ management: { mode: 'fixed-rr', fixedRr: { closeAtDteDays: 50, reopenAfterClose: true } }, hedge: { enabled: false } }, [{ spx: 4000, vix: 20 }, { spx: 4000, vix: 20 }]);
    const c = s.openOn(0);
    const orders = manageCondor(s.ctxOn(1), s.state, c, new IdCounter(s.state.nextId), s.exposuresOn(1));
    expect(orders).toHaveLength(1);
    const exit = orders[0]!;
    if (exit.kind !== 'exit') throw new Error('expected an exit');
    expect(exit.outcome.rule).toBe('fixedRr.timeExit');
    expect(exit.outcome.figures.dteDays).toBe(45);
    expect(exit.reopen).toBe(true);
    expect(exit.orders.map((o) => [o.positionId, o.reason])).toEqual(c.legIds.map((id) => [id, 'fixedRr.timeExit']));
  });
});
