import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StrategyEngine, type EngineStateSnapshot } from '../engine/backtest.js';
import { positionValueUsd } from '../engine/book.js';
import { ConstructedMarket, quietSignals, type ConstructedPathPoint } from '../engine/testing/constructedMarket.js';
import { parseStrategyConfig } from '../strategy/config.js';
import { dayFromIso } from '../time/day.js';
import { applyActualFills, applyUserClose, applyUserOpen, BookEditError, emptyBookSnapshot, engineFillsOfDay, incompleteCondors, type UserOpenFill } from './bookState.js';

/** USD sums of a few fills agree to a millionth of a dollar. */
const USD_TOLERANCE = 1e-6;
const START = dayFromIso('2021-01-04');
const config = parseStrategyConfig({ name: 'book-test', entry: { mode: 'calendar' }, management: { mode: 'hold-to-expiry' }, hedge: { enabled: false } }, 'test');
const hedged = parseStrategyConfig({ name: 'book-test', entry: { mode: 'calendar' }, management: { mode: 'alvh-adaptive' } }, 'test');

function path(days: number, drift = 0): ConstructedPathPoint[] {
  return Array.from({ length: days }, (_, i) => ({ spx: 4000 - i * drift, vix: 18 + i * drift * 0.02 }));
}

const equity = (s: EngineStateSnapshot) => s.book.cashUsd + s.book.positions.reduce((sum, p) => sum + positionValueUsd(p), 0);

describe('the user book as the engine state', () => {
  it('a condor entered by hand with the engine\'s own fills is managed exactly like the engine\'s condor', () => {
    const market = new ConstructedMarket({ startDay: START, path: path(40, 10) });
    const engine = new StrategyEngine(config);
    const before = engine.snapshot();
    engine.stepDay(market.days[0]!, market.marketOn(market.days[0]!), quietSignals(), market.days[1]);
    const fills = engineFillsOfDay(before, engine.snapshot(), engine.result().ledger, market.days[0]!);
    expect(fills.map((f) => f.position.legId).sort()).toEqual(['longCall', 'longPut', 'shortCall', 'shortPut']);
    // The same four fills typed in by the user, on a fresh book.
    let manual = emptyBookSnapshot(config, config.initialEquityUsd);
    for (const f of fills) {
      const p = f.position;
      manual = applyUserOpen(manual, config, { group: p.group, role: p.role, leg: p.legId, underlying: p.underlying, type: p.type, strike: p.strike, expiryDay: p.expiryDay, settlement: p.settlement, quantity: f.quantity, pricePoints: f.pricePoints, feesUsd: f.feesUsd, day: market.days[0]! }).snapshot;
    }
    const auto = engine.snapshot();
    expect(Math.abs(manual.book.cashUsd + 0 - (auto.book.cashUsd - auto.book.interestUsd))).toBeLessThan(USD_TOLERANCE);
    expect(manual.condors[0]!.contracts).toBe(auto.condors[0]!.contracts);
    expect(Math.abs(manual.condors[0]!.creditPoints - auto.condors[0]!.creditPoints)).toBeLessThan(USD_TOLERANCE);
    expect(incompleteCondors(manual, config)).toEqual([]);
    // Both books step on: the same decisions (rule and action) every day and the same equity up to the
    // first day's interest, which the hand-made book never earned.
    const fromManual = new StrategyEngine(config, { ...manual, tradingDaysSinceEntry: 0, regimeRun: auto.regimeRun });
    for (let i = 1; i < market.days.length; i++) {
      const d = market.days[i]!;
      const a = engine.stepDay(d, market.marketOn(d), quietSignals(), market.days[i + 1]);
      const b = fromManual.stepDay(d, market.marketOn(d), quietSignals(), market.days[i + 1]);
      // Group names of later entries differ (the engine numbers its groups from one id counter).
      expect(b.map((x) => [x.action, x.rule, x.figures])).toEqual(a.map((x) => [x.action, x.rule, x.figures]));
    }
    expect(engine.result().decisions.some((d) => d.action === 'settle')).toBe(true);
  });

  it('opening and closing at the same price costs exactly the fees, whatever the size and price', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 50 }).filter((q) => q !== 0), fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (quantity, price, openFees, closeFees) => {
        const start = emptyBookSnapshot(hedged, 100_000);
        const fill: UserOpenFill = { group: 'hedge-x', role: 'hedge', leg: 'longCall', underlying: 'VIX', type: 'call', strike: 25, expiryDay: START + 40, settlement: 'AM', quantity, pricePoints: price, feesUsd: openFees, day: START };
        const opened = applyUserOpen(start, hedged, fill);
        expect(opened.snapshot.layers[0]!.layer).toBe(1);
        const closed = applyUserClose(opened.snapshot, opened.positionId, START + 1, price, closeFees);
        expect(closed.snapshot.layers).toEqual([]);
        expect(closed.snapshot.book.positions).toEqual([]);
        return Math.abs(closed.snapshot.book.cashUsd - (100_000 - openFees - closeFees)) < USD_TOLERANCE;
      }),
    );
  });

  it('hedge groups become layers in the order they are added; the ladder gives each its tenor', () => {
    let s = emptyBookSnapshot(hedged, 1_000_000);
    for (const g of ['hedge-a', 'hedge-b', 'hedge-c']) {
      s = applyUserOpen(s, hedged, { group: g, role: 'hedge', leg: 'longCall', underlying: 'VIX', type: 'call', strike: 25, expiryDay: START + 40, settlement: 'AM', quantity: 4, pricePoints: 1.5, feesUsd: 0, day: START }).snapshot;
    }
    expect(s.layers.map((l) => [l.group, l.layer, l.tenor])).toEqual([
      ['hedge-a', 1, { kind: 'vixTenor', index: 0 }],
      ['hedge-b', 2, { kind: 'vixTenor', index: 1 }],
      ['hedge-c', 3, { kind: 'vixTenor', index: 2 }],
    ]);
    expect(s.layers[0]!.premiumUsd).toBeCloseTo(4 * 1.5 * 100, 9);
  });

  it('with agedLayerTopUps renew, a new group of an aged layer\'s rung is its renewal: the aged layer is left to decay', () => {
    // Layer 1 bought on day 0; 91 days later (hedge.maxLayerLifeDays) the user buys a new layer-1 group,
    // as the daily signal recommends under renew. The aged group is left to decay (never rolled or
    // topped up again), the new one is live; under the default (allow) both stay live.
    const renew = parseStrategyConfig({ name: 'book-test', entry: { mode: 'calendar' }, management: { mode: 'alvh-adaptive' }, hedge: { agedLayerTopUps: 'renew' } }, 'test');
    const life = renew.hedge.maxLayerLifeDays;
    const buy = (s: EngineStateSnapshot, cfg: typeof renew, group: string, day: number) =>
      applyUserOpen(s, cfg, { group, role: 'hedge', leg: 'longCall', layer: 1, underlying: 'VIX', type: 'call', strike: 25, expiryDay: day + 40, settlement: 'AM', quantity: 4, pricePoints: 1.5, feesUsd: 0, day }).snapshot;
    const renewed = buy(buy(emptyBookSnapshot(renew, 1_000_000), renew, 'hedge-a', START), renew, 'hedge-b', START + life);
    expect(renewed.layers.map((l) => [l.group, l.layer, l.letDecay ?? false])).toEqual([
      ['hedge-a', 1, true],
      ['hedge-b', 1, false],
    ]);
    // A day short of its life the old layer is not aged: both groups stay live.
    const young = buy(buy(emptyBookSnapshot(renew, 1_000_000), renew, 'hedge-a', START), renew, 'hedge-b', START + life - 1);
    expect(young.layers.map((l) => l.letDecay ?? false)).toEqual([false, false]);
    const allowed = buy(buy(emptyBookSnapshot(hedged, 1_000_000), hedged, 'hedge-a', START), hedged, 'hedge-b', START + life);
    expect(allowed.layers.map((l) => l.letDecay ?? false)).toEqual([false, false]);
  });

  it('refuses a condor leg with the wrong sign, a wrong name, or a role that changes within a group', () => {
    const s = emptyBookSnapshot(config, 1_000_000);
    const leg = { group: 'c', role: 'condor' as const, leg: 'shortPut', underlying: 'SPX' as const, type: 'put' as const, strike: 3800, expiryDay: START + 45, settlement: 'AM' as const, quantity: -1, pricePoints: 10, feesUsd: 0, day: START };
    expect(() => applyUserOpen(s, config, { ...leg, quantity: 1 })).toThrow(/needs a negative quantity/);
    expect(() => applyUserOpen(s, config, { ...leg, leg: 'wing' })).toThrow(BookEditError);
    expect(() => applyUserOpen(s, config, { ...leg, type: 'call' })).toThrow(/is a put/);
    expect(() => applyUserOpen(s, config, { ...leg, pricePoints: Number.NaN })).toThrow(/price/);
    const one = applyUserOpen(s, config, leg).snapshot;
    expect(incompleteCondors(one, config)).toEqual([{ group: 'c', missing: ['longPut', 'shortCall', 'longCall'] }]);
    expect(() => applyUserOpen(one, config, { ...leg, role: 'hedge', underlying: 'VIX', type: 'call', leg: 'x', quantity: 1 })).toThrow(/is a condor group/);
    expect(() => applyUserOpen(one, config, leg)).toThrow(/already has a shortPut/);
  });

  it("a condor is whole when it has its structure's legs: the iron condor's four, a custom structure's own", () => {
    // The put preset's structure is one short put (Cboe's PUT index): a lone short put is its whole
    // condor, where under the iron-condor config above the same leg leaves three missing.
    const putWrite = parseStrategyConfig({ name: 'put-test', structure: 'custom', customLegs: [{ id: 'shortPut', underlying: 'SPX', side: 'short', type: 'put', strike: { by: 'delta', delta: 0.5 }, expiry: { by: 'nextStandardMonthly', minDteDays: 1 } }], entry: { mode: 'calendar' }, management: { mode: 'hold-to-expiry' }, hedge: { enabled: false } }, 'test');
    const leg = { group: 'p', role: 'condor' as const, leg: 'shortPut', underlying: 'SPX' as const, type: 'put' as const, strike: 3800, expiryDay: START + 45, settlement: 'AM' as const, quantity: -3, pricePoints: 60, feesUsd: 0, day: START };
    expect(incompleteCondors(applyUserOpen(emptyBookSnapshot(putWrite, 1_000_000), putWrite, leg).snapshot, putWrite)).toEqual([]);
    expect(incompleteCondors(applyUserOpen(emptyBookSnapshot(config, 1_000_000), config, leg).snapshot, config)).toEqual([{ group: 'p', missing: ['longPut', 'shortCall', 'longCall'] }]);
  });

  it("an index replica's fractional position closes whole with no count, or by whole contracts up to what it holds", () => {
    // A put book's short put of 3.5 contracts, as the put preset sizes it (the index's notional); the
    // quantity is set on the stored state, since a hand-entered leg is whole contracts.
    const putWrite = parseStrategyConfig({ name: 'put-test', structure: 'custom', customLegs: [{ id: 'shortPut', underlying: 'SPX', side: 'short', type: 'put', strike: { by: 'delta', delta: 0.5 }, expiry: { by: 'nextStandardMonthly', minDteDays: 1 } }], entry: { mode: 'calendar' }, management: { mode: 'hold-to-expiry' }, hedge: { enabled: false } }, 'test');
    const whole = applyUserOpen(emptyBookSnapshot(putWrite, 1_000_000), putWrite, { group: 'p', role: 'condor', leg: 'shortPut', underlying: 'SPX', type: 'put', strike: 3800, expiryDay: START + 45, settlement: 'AM', quantity: -3, pricePoints: 60, feesUsd: 0, day: START }).snapshot;
    const id = whole.book.positions[0]!.id;
    const fractional: EngineStateSnapshot = { ...whole, book: { ...whole.book, positions: whole.book.positions.map((p) => ({ ...p, quantity: -3.5 })) } };
    // Bought back at 40 points: 3.5 x 40 x 100 = 14,000 USD out of cash, no fee.
    const all = applyUserClose(fractional, id, START + 1, 40, 0);
    expect(all.contracts).toBe(3.5);
    expect(all.snapshot.book.positions).toEqual([]);
    expect(Math.abs(fractional.book.cashUsd - all.snapshot.book.cashUsd - 14_000)).toBeLessThan(USD_TOLERANCE);
    expect(applyUserClose(fractional, id, START + 1, 40, 0, 2).snapshot.book.positions[0]!.quantity).toBe(-1.5);
    expect(() => applyUserClose(fractional, id, START + 1, 40, 0, 4)).toThrow(`${id}: can close 1 to 3 whole contracts, or all 3.5000 with no count given, not 4`);
    expect(() => applyUserClose(whole, id, START + 1, 40, 0, 4)).toThrow(`${id}: can close 1 to 3 whole contracts, not 4`);
  });

  it('a group\'s legs are written as the engine writes them; a partial close leaves its legs at close, a later open keeps its rolls', () => {
    // A condor typed in by hand, 2 contracts expiring 2021-02-19; then its call side is closed.
    const expiryDay = dayFromIso('2021-02-19');
    const leg = (name: string, type: 'put' | 'call', strike: number, quantity: number): UserOpenFill => ({ group: 'c', role: 'condor', leg: name, underlying: 'SPX', type, strike, expiryDay, settlement: 'AM', quantity, pricePoints: 10, feesUsd: 0, day: START });
    let s = emptyBookSnapshot(config, 1_000_000);
    for (const l of [leg('shortPut', 'put', 3800, -2), leg('longPut', 'put', 3750, 2), leg('shortCall', 'call', 4200, -2), leg('longCall', 'call', 4250, 2)]) s = applyUserOpen(s, config, l).snapshot;
    expect(s.groupOpened.c).toMatchObject({ legs: 'short put 3800 2021-02-19; long put 3750 2021-02-19; short call 4200 2021-02-19; long call 4250 2021-02-19' });
    expect(s.groupOpened.c?.legsHeld).toBeUndefined();
    for (const id of s.book.positions.filter((p) => p.type === 'call').map((p) => p.id)) s = applyUserClose(s, id, START + 1, 5, 0).snapshot;
    expect(s.groupOpened.c).toMatchObject({ legs: 'short put 3800 2021-02-19; long put 3750 2021-02-19; short call 4200 2021-02-19; long call 4250 2021-02-19', legsHeld: 'short put 3800 2021-02-19; long put 3750 2021-02-19' });
    // An engine's roll counted in the saved state survives the user's next open into the group.
    const rolled = { ...s, groupOpened: { ...s.groupOpened, c: { ...s.groupOpened.c!, rolls: 1 } } };
    const reopened = applyUserOpen(rolled, config, { ...leg('shortCall', 'call', 4300, -2), day: START + 1 }).snapshot;
    expect(reopened.groupOpened.c).toMatchObject({ legs: 'short put 3800 2021-02-19; long put 3750 2021-02-19; short call 4300 2021-02-19', rolls: 1 });
  });

  it('the fills of every engine day add up to its cash change (premiums, fees, settlements, interest)', () => {
    const market = new ConstructedMarket({ startDay: START, path: path(80, 6) });
    const engine = new StrategyEngine(hedged);
    let checked = 0;
    market.days.forEach((d, i) => {
      const before = engine.snapshot();
      const ledgerBefore = engine.result().ledger.length;
      engine.stepDay(d, market.marketOn(d), quietSignals({ regime: 'high' }), market.days[i + 1]);
      const after = engine.snapshot();
      const fills = engineFillsOfDay(before, after, engine.result().ledger, d);
      const other = engine.result().ledger.slice(ledgerBefore).filter((e) => e.kind === 'settlement' || e.kind === 'interest').reduce((s, e) => s + e.amountUsd, 0);
      const fromFills = fills.reduce((s, f) => {
        const p = f.position;
        // Futures exchange only their P&L on a close; options their premium.
        const premium = p.type === 'future' ? (f.kind === 'close' ? -f.quantity * (f.pricePoints - p.entryPrice) * 1000 : 0) : -f.quantity * f.pricePoints * 100;
        return s + premium - f.feesUsd;
      }, 0);
      expect(Math.abs(before.book.cashUsd + fromFills + other - after.book.cashUsd)).toBeLessThan(USD_TOLERANCE);
      checked += fills.length;
    });
    expect(checked).toBeGreaterThan(8);
  });

  it('actual fills move cash, entry prices and the condor credit by their difference from the model', () => {
    const market = new ConstructedMarket({ startDay: START, path: path(3) });
    const engine = new StrategyEngine(config);
    const before = engine.snapshot();
    const d = market.days[0]!;
    engine.stepDay(d, market.marketOn(d), quietSignals(), undefined);
    const after = engine.snapshot();
    const fills = engineFillsOfDay(before, after, engine.result().ledger, d);
    fc.assert(
      fc.property(fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true }), (priceShift, feeExtra) => {
        const target = fills.find((f) => f.position.legId === 'shortPut')!;
        const actual = { positionId: target.position.id, pricePoints: Math.max(target.pricePoints + priceShift, 0), feesUsd: target.feesUsd + feeExtra };
        const r = applyActualFills(after, fills, [actual]);
        const expectedCash = after.book.cashUsd - target.quantity * (actual.pricePoints - target.pricePoints) * 100 - feeExtra;
        const credit = after.condors[0]!.creditPoints - (target.quantity / after.condors[0]!.contracts) * (actual.pricePoints - target.pricePoints);
        return (
          Math.abs(r.snapshot.book.cashUsd - expectedCash) < USD_TOLERANCE &&
          Math.abs(r.snapshot.condors[0]!.creditPoints - credit) < USD_TOLERANCE &&
          r.snapshot.book.positions.find((p) => p.id === target.position.id)!.entryPrice === actual.pricePoints &&
          Math.abs(equity(r.snapshot) - (equity(after) + (expectedCash - after.book.cashUsd))) < USD_TOLERANCE
        );
      }),
    );
    expect(() => applyActualFills(after, fills, [{ positionId: 'nope', pricePoints: 1 }])).toThrow(/not one of the day's recommended trades/);
  });
});
