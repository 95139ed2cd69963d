/**
 * The book's two daily reads, the risk grid and the signal, on random real days of the bundled history
 * (1990-today) and on books a trader can hold, not only the ones the engine builds itself. A risk grid
 * that came out NaN for a VIX call on a calm day (the volatility break-even search took the future
 * below zero) reached users through `alvh book risk` and the Book page; constructed markets, whose VIX
 * sits at 20, never showed it. These properties look for that class of fault on real days: every
 * figure finite, the grid's condor and hedge shares adding up, a month of signals stepping from any
 * book `alvh book add` accepts without an exception, and a month of a preset's own signals accepted
 * through the book's store (a put or pput book was refused on its second day).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testHistory } from '../../test/support/realSurfaces.js';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { loadPreset } from '../data/presets.js';
import { lastUsableDay } from '../engine/backtestJob.js';
import { createModelMarket } from '../engine/modelMarketView.js';
import type { MarketDayView } from '../engine/marketView.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../market/config.js';
import { VixBetaConfigSchema } from '../market/vixBetas.js';
import { defaultSignalConfig } from '../signals/config.js';
import type { StrategyConfig } from '../strategy/config.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import { acceptSignal, nextTradingDay, type BookContext } from './bookService.js';
import { BookEditError, applyUserOpen, emptyBookSnapshot, type UserOpenFill } from './bookState.js';
import { computeDailySignal, daySignalsThrough } from './dailySignal.js';
import { bookRisk, RiskScenarioConfigSchema, type ScenarioPosition } from './scenarios.js';
import { BookStore } from './store.js';
import { fractionalContractsNote } from './signalWords.js';

/** A month of signals is stepped from each book: the day it is opened must leave that many days after it. */
const SIGNAL_DAYS_STEPPED = 21;
/** USD: the grid's condor and hedge shares add up to its total to a thousandth of a cent per contract held. */
const SHARE_SUM_TOLERANCE_USD = 1e-3;
/** Random days (and books) per property: the risk grid's fault of a calm day was found within 47. */
const RISK_RUNS = 150;
const SIGNAL_RUNS = 80;
/** Books that follow a preset's signals for a month, each through the book's store as the CLI keeps it. */
const ACCEPT_RUNS = 30;
/** Every preset's rules step the hand-entered books (the hedge rules differ most between them). */
const PRESETS = ['alvh-ladder', 'alvh-taper', 'alvh-methodology', 'alvh-ladder-full', 'unhedged', 'fixed-rr', 'cndr', 'put', 'pput', 'vxth'] as const;

const history = testHistory();
const presets = new Map(PRESETS.map((name) => [name, loadPreset(name)]));
const marketOn = createModelMarket(history, DEFAULT_MARKET_MODEL_CONFIG, VixBetaConfigSchema.parse({}));
// The days a trader's commands work on: up to the last usable day, as `alvh signal` and `book risk`
// take it (the bundled VIX futures end months before the SPX file, and VIX options with them).
const lastDay = lastUsableDay(history, [...presets.values()]).day;
const tradingDays = history.tradingDays.filter((day) => day <= lastDay && marketOn(day) !== undefined);
// Every day's signals to the last usable day, as the CLI's signal table gives them (computed once for the file).
const daySignals = daySignalsThrough(history, lastDay, defaultSignalConfig(), { countTradingDays: countNyseTradingDays });
const view = (day: DayNumber): MarketDayView => {
  const m = marketOn(day);
  if (m === undefined) throw new Error(`test fixture: no market on ${isoFromDay(day)}`);
  return m;
};

/**
 * A trader's book on day m: a 16-delta condor with 5-delta wings on the nearest SPX expiry and on the
 * first one 40 or more days out, and, on each of the first three VIX tenors, long calls from 80 % of the
 * future to three times it and at 30 delta. Entered at the model's mids.
 */
function traderBook(m: MarketDayView): ScenarioPosition[] {
  const positions: ScenarioPosition[] = [];
  const expiries = m.listedSpxExpiries();
  const far = expiries.find((e) => e.day - m.day >= 40) ?? expiries[expiries.length - 1];
  for (const e of new Set([expiries[0], far])) {
    if (e === undefined) continue;
    for (const [type, absDelta, quantity] of [['put', 0.16, -10], ['put', 0.05, 10], ['call', 0.16, -10], ['call', 0.05, 10]] as const) {
      const strike = m.spxStrikeForDelta(type, absDelta, e.day);
      positions.push({ role: 'condor', underlying: 'SPX', type, strike, expiryDay: e.day, quantity, entryPrice: m.priceSpxOption(type, strike, e.day).mid });
    }
  }
  for (const tenor of m.vixTenors().slice(0, 3)) {
    const future = m.vixFuturePrice(tenor.expiryDay);
    const strikes = [0.8, 1, 1.5, 3].map((multiple) => Math.max(1, Math.round(future * multiple)));
    strikes.push(m.vixStrikeForDelta('call', 0.3, tenor.expiryDay));
    for (const strike of strikes) {
      positions.push({ role: 'hedge', underlying: 'VIX', type: 'call', strike, expiryDay: tenor.expiryDay, quantity: 20, entryPrice: m.priceVixOption('call', strike, tenor.expiryDay).mid });
    }
  }
  return positions;
}

describe('book risk on random real days', () => {
  it("every figure of a condor-and-VIX-call book's grid and break-evens is finite, and its shares add up", () => {
    const config = RiskScenarioConfigSchema.parse({});
    fc.assert(
      fc.property(fc.integer({ min: 0, max: tradingDays.length - 1 }), (i) => {
        const m = view(tradingDays[i] as DayNumber);
        const positions = traderBook(m);
        const risk = bookRisk(positions, m, m.dividendYield, config);
        const where = `${isoFromDay(m.day)} (VIX ${m.vixClose})`;
        for (const x of [risk.openPnlUsd, ...risk.breakEvenSpxLevels, ...risk.breakEvenVolShiftPoints]) expect(Number.isFinite(x), where).toBe(true);
        for (const cell of risk.grid) {
          for (const x of [cell.totalPnlUsd, cell.condorPnlUsd, cell.hedgePnlUsd]) expect(Number.isFinite(x), `${where} ${cell.spxMoveFraction} ${cell.vixShiftPoints}`).toBe(true);
          expect(Math.abs(cell.condorPnlUsd + cell.hedgePnlUsd - cell.totalPnlUsd), where).toBeLessThan(SHARE_SUM_TOLERANCE_USD * positions.length);
        }
      }),
      { numRuns: RISK_RUNS, seed: 20_181_205 },
    );
  });
});

/** What a trader may add by hand: the book accepts each (partial condors and hedges of any kind included). */
type HandLeg = 'condor' | 'shortPutOnly' | 'vixCall' | 'vixPut' | 'vixFuture' | 'spxPutHedge' | 'shortVixCall';

describe('the daily signal from a book entered by hand, on random real days', () => {
  const openable = tradingDays.slice(0, tradingDays.length - SIGNAL_DAYS_STEPPED);
  const leg = fc.record({
    kind: fc.constantFrom<HandLeg>('condor', 'shortPutOnly', 'vixCall', 'vixPut', 'vixFuture', 'spxPutHedge', 'shortVixCall'),
    absDelta: fc.double({ min: 0.03, max: 0.45, noNaN: true }),
    expiryIndex: fc.nat(5),
    contracts: fc.integer({ min: 1, max: 200 }),
    priceOfMid: fc.double({ min: 0, max: 3, noNaN: true }),
  });

  it('a month of signals steps from it without an exception: finite equity every day, whole contracts at finite prices', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PRESETS), fc.integer({ min: 0, max: openable.length - 1 }), fc.array(leg, { minLength: 1, maxLength: 4 }), (preset, i, legs) => {
        const config = presets.get(preset) as StrategyConfig;
        const day = openable[i] as DayNumber;
        const m = view(day);
        let snapshot = emptyBookSnapshot(config, 1_000_000);
        const open = (fill: UserOpenFill) => {
          try {
            snapshot = applyUserOpen(snapshot, config, fill).snapshot;
          } catch (error) {
            // A leg the book refuses (a crossed condor, say) is what `book add` would refuse too.
            if (!(error instanceof BookEditError)) throw error;
          }
        };
        const spxExpiries = m.listedSpxExpiries();
        const vixTenors = m.vixTenors();
        legs.forEach((l, n) => {
          const base = { group: `hand-${n}`, day, feesUsd: 1.5 * l.contracts };
          const e = spxExpiries[Math.min(l.expiryIndex * 3, spxExpiries.length - 1)];
          if (e === undefined) return;
          const spx = (legId: string, type: 'put' | 'call', absDelta: number, quantity: number, role: 'condor' | 'hedge') => {
            const strike = m.spxStrikeForDelta(type, absDelta, e.day);
            open({ ...base, role, leg: legId, underlying: 'SPX', type, strike, expiryDay: e.day, settlement: e.settlement, quantity, pricePoints: m.priceSpxOption(type, strike, e.day).mid * l.priceOfMid });
          };
          if (l.kind === 'condor' || l.kind === 'shortPutOnly') {
            spx('shortPut', 'put', l.absDelta, -l.contracts, 'condor');
            if (l.kind === 'condor') {
              spx('longPut', 'put', l.absDelta / 3, l.contracts, 'condor');
              spx('shortCall', 'call', l.absDelta, -l.contracts, 'condor');
              spx('longCall', 'call', l.absDelta / 3, l.contracts, 'condor');
            }
          } else if (l.kind === 'spxPutHedge') {
            spx('longPut', 'put', l.absDelta, l.contracts, 'hedge');
          } else {
            const tenor = vixTenors[Math.min(l.expiryIndex, vixTenors.length - 1)];
            if (tenor === undefined) return;
            const type = l.kind === 'vixPut' ? 'put' : l.kind === 'vixFuture' ? 'future' : 'call';
            const strike = type === 'future' ? 0 : m.vixStrikeForDelta(type, l.absDelta, tenor.expiryDay);
            const price = type === 'future' ? m.vixFuturePrice(tenor.expiryDay) : m.priceVixOption(type, strike, tenor.expiryDay).mid * l.priceOfMid;
            open({ ...base, role: 'hedge', leg: `long${type}`, underlying: 'VIX', type, strike, expiryDay: tenor.expiryDay, settlement: 'AM', quantity: l.kind === 'shortVixCall' ? -l.contracts : l.contracts, pricePoints: price });
          }
        });
        let d: DayNumber | undefined = day;
        for (let step = 0; step < SIGNAL_DAYS_STEPPED; step++) {
          d = nextTradingDay(history, d);
          if (d === undefined || d > lastDay) break;
          const result = computeDailySignal({ config, base: snapshot, equityUsd: 0, day: d, market: marketOn(d), signals: daySignals.get(d), nextDay: nextTradingDay(history, d) });
          const where = `${preset} ${isoFromDay(d)}`;
          const equity = result.signal.greeksAfter?.equityUsd;
          expect(equity === undefined || Number.isFinite(equity), `${where}: equity ${equity}`).toBe(true);
          // Every trade it recommends is one a broker takes: whole contracts (an index replica's preset
          // sizes in fractions, and the signal says so), a price and fees that are numbers.
          const fractional = config.sizing.allowFractionalContracts;
          expect(fractionalContractsNote(preset, result.signal.trades) === undefined || fractional, where).toBe(true);
          for (const t of result.signal.trades) {
            expect((fractional || Number.isInteger(t.quantity)) && Number.isFinite(t.quantity) && t.quantity !== 0, `${where}: ${t.description}`).toBe(true);
            expect(Number.isFinite(t.modelPricePoints) && t.modelPricePoints >= 0 && Number.isFinite(t.feesUsd) && t.feesUsd >= 0, `${where}: ${t.description}`).toBe(true);
          }
          snapshot = result.after;
        }
      }),
      { numRuns: SIGNAL_RUNS, seed: 20_200_316 },
    );
  });
});

describe("a book that follows a preset's own signals, on random real days", () => {
  const startable = tradingDays.slice(0, tradingDays.length - SIGNAL_DAYS_STEPPED);

  it('accepts a month of them day by day under every preset, as book accept --from does, with finite equity', () => {
    // A put or pput book's one put used to be refused as a condor missing three legs on its second day.
    fc.assert(
      fc.property(fc.constantFrom(...PRESETS), fc.integer({ min: 0, max: startable.length - 1 }), (preset, i) => {
        const config = presets.get(preset) as StrategyConfig;
        const store = BookStore.open(':memory:');
        const ctx: BookContext = { store, config, history, marketOn, signalsOn: (day) => daySignals.get(day) };
        try {
          let day: DayNumber | undefined = startable[i] as DayNumber;
          for (let step = 0; step < SIGNAL_DAYS_STEPPED && day !== undefined && day <= lastDay; step++) {
            const accepted = acceptSignal(ctx, day, config.initialEquityUsd);
            const equity = accepted.issued.signal.greeksAfter?.equityUsd;
            expect(equity === undefined || Number.isFinite(equity), `${preset} ${isoFromDay(day)}: equity ${equity}`).toBe(true);
            day = nextTradingDay(history, day);
          }
        } finally {
          store.close();
        }
      }),
      { numRuns: ACCEPT_RUNS, seed: 20_080_915 },
    );
  });
});
