/**
 * The condor exits that end or replace a condor without a side roll, each on the constructed market of
 * src/engine/testing/constructedMarket.ts (see tradeLegs.engine.test.ts for its formulas) and worked by
 * hand: the adaptive time exit (`adaptive.timeExit`), a tested side closed when no spread can be
 * planned to replace it (`adaptive.roll.noReopen`), and the fixed R:R close-and-reopen
 * (`fixedRr.roll`). Fills at the mid with no fees, so every price is a Black-76 value: SPX 4000 and
 * flat vol VIX/100, no rates.
 *
 * Day 0 (Mon 2021-01-04), VIX 20: the condor of every test takes the expiry nearest 45 days, Fri
 * 2021-02-19 (46 days): short put 3735 (24.4000), long put 3685 (16.7435), short call 4305 (22.9470),
 * long call 4355 (16.7003): credit 13.9033 points. Sized by risk: 5 % of 1,000,000 USD = 50,000 USD
 * over a max loss of (50 - 13.9033) x 100 = 3,609.67 USD a condor: 13.85, 13 condors.
 */
import { describe, expect, it } from 'vitest';
import { isoFromDay } from '../time/day.js';
import type { DecisionRecord } from './records.js';
import { runConstructed as run } from './testing/constructedRun.js';

/** Points and USD: the hand-worked figures are rounded to 4 decimals (points) and 2 (USD). */
const POINTS_TOLERANCE = 1e-4;
const USD_TOLERANCE = 0.01;

const ENTRY_CREDIT_POINTS = 13.9033;
const CONTRACTS = 13;
/** Fills at the mid, no fees and no interest: the trade's P&L is the premiums' alone. */
const AT_MID = { fillShareOfHalfSpread: 0, spxOptionFeePerContractUsd: 0, interestOnCash: false };

const flat = (days: number) => Array.from({ length: days }, () => ({ spx: 4000, vix: 20 }));
const row = (d: DecisionRecord) => [isoFromDay(d.day), d.action, d.rule];

describe('adaptive.timeExit: the condor is closed whole once its nearest leg is within closeAtDteDays', () => {
  // management.adaptive.closeAtDteDays 30. SPX stays at 4000 and VIX at 20: no side is tested. Wed
  // 2021-01-20 (day 12) is 30 days before the expiry: 30 <= 30, every leg is bought or sold back at
  // sd = 0.20 x sqrt(30/365) = 0.0573: short put 12.5460, long put 7.5423, short call 11.2611, long
  // call 7.2884, 8.9765 points to close. P&L (13.9033 - 8.9765) x 13 x 100 = 6,404.80 USD. The day
  // before (31 days) the rule does not fire.
  const r = run({ name: 'time', management: { mode: 'alvh-adaptive', adaptive: { closeAtDteDays: 30 } }, hedge: { enabled: false }, execution: AT_MID }, flat(20), () => ({}));
  const condor = r.trades.find((t) => t.group === 'condor-1');

  it('exits on the first day with 30 days left, saying why', () => {
    const exit = r.decisions.find((d) => d.action === 'exit-condor');
    expect(exit && row(exit)).toEqual(['2021-01-20', 'exit-condor', 'adaptive.timeExit']);
    expect(exit?.reason).toBe('30 days to expiry <= 30');
    expect(exit?.figures.dteDays).toBe(30);
  });

  it('the calendar cycle rolls on that close, and its reason does not call the day a monthly expiry', () => {
    // The constructed runs enter on the monthly calendar cycle: a condor closed today starts the next.
    const entries = r.decisions.filter((d) => d.action === 'enter-condor');
    expect(entries.map((d) => [isoFromDay(d.day), d.reason.split(';')[0]])).toEqual([
      ['2021-01-04', 'no condor opened yet: the cycle starts on the first day one can be opened'],
      ['2021-01-20', 'the previous condor ended today, off the standard monthly expiry: the cycle rolls on its end'],
    ]);
  });

  it('the trade: 13 condors opened for 13.9033, closed for 8.9765, +6,404.80 USD', () => {
    expect(condor?.contracts).toBe(CONTRACTS);
    expect(Math.abs((condor?.entryPricePoints ?? NaN) - ENTRY_CREDIT_POINTS)).toBeLessThan(POINTS_TOLERANCE);
    expect(condor?.exitRule).toBe('adaptive.timeExit');
    expect(condor && isoFromDay(condor.exitDay)).toBe('2021-01-20');
    expect(Math.abs((condor?.pnlUsd ?? NaN) - 6404.8)).toBeLessThan(USD_TOLERANCE);
    expect(condor?.rolls).toBe(0);
  });
});

describe('adaptive.roll.noReopen: a tested side closed when no spread can be planned to replace it', () => {
  // Day 5 (Mon 2021-01-11): SPX falls to 3800 and VIX jumps to 45. The short put 3735, 39 days left:
  // sd = 0.45 x sqrt(39/365) = 0.1471, d1 = ln(3800/3735)/0.1471 + 0.0735 = 0.1908, delta -0.424, past
  // the 0.30 that threatens it. No hedge: the side is rolled (adaptive.roll, "no hedge to defer on").
  // That day lists no SPX expiry (a listing missing from the data), so no put spread can be planned at
  // 45 days: the 3735 put (189.9020) and the 3685 put (166.6834) are bought back for 23.2186 points,
  // 23.2186 x 13 x 100 = 30,184.24 USD, and nothing is sold. The condor keeps its call vertical, which
  // settles worthless at 4000 on Fri 2021-02-19 (day 34). P&L (13.9033 - 23.2186) x 13 x 100 =
  // -12,109.95 USD. It is an exit of one side, not a roll: one note, and no roll counted anywhere.
  const path = Array.from({ length: 40 }, (_, i) => (i === 5 ? { spx: 3800, vix: 45 } : { spx: 4000, vix: 20 }));
  const r = run({ name: 'noReopen', management: { mode: 'alvh-adaptive' }, hedge: { enabled: false }, execution: AT_MID }, path, () => ({}), {
    adjustView: (i, view) => (i === 5 ? { ...view, listedSpxExpiries: () => [] } : view),
  });
  const day5 = r.decisions.filter((d) => r.index(d.day) === 5);

  it('logs one exit of the put side on day 5, with the buy-back and its cost', () => {
    expect(day5.map(row)).toEqual([['2021-01-11', 'exit-condor', 'adaptive.roll.noReopen']]);
    const f = day5[0]!.figures;
    expect([f.side, f.threatenedBy, f.reopenAvailable]).toEqual(['put', 'adaptive.threatenedByDelta', false]);
    expect(Math.abs(Number(f.shortDeltaAbs) - 0.4243)).toBeLessThan(POINTS_TOLERANCE);
    expect(Math.abs(Number(f.closeCostPoints) - 23.2186)).toBeLessThan(POINTS_TOLERANCE);
    expect(Math.abs(Number(f.rollNetDebitUsd) - 30184.24)).toBeLessThan(USD_TOLERANCE);
    expect(day5[0]!.reason).toBe('no hedge to defer on; no put spread could be planned at 45 days: the put side is closed without reopening; put spread bought back at 23.22 points, none sold: net debit 23.22 points x 13 x 100 = 30184 USD');
  });

  it('counts no roll: not in the decisions, the trade or the run', () => {
    expect(r.decisions.some((d) => d.action === 'roll-condor')).toBe(false);
    expect(r.condorRolls).toBe(0);
    const condor = r.trades.find((t) => t.group === 'condor-1');
    expect(condor?.rolls).toBe(0);
    expect(condor?.legsAtClose).toBe('short call 4305 2021-02-19; long call 4355 2021-02-19');
    expect(Math.abs((condor?.pnlUsd ?? NaN) - -12109.95)).toBeLessThan(USD_TOLERANCE);
  });
});

describe('fixedRr.roll: a fixed R:R exit reopened at the entry rules is a roll', () => {
  // Day 1 (Tue 2021-01-05), VIX falls to 10, 45 days left: sd = 0.10 x sqrt(45/365) = 0.0351. The
  // condor is worth 1.3084 - 0.4439 + 0.9613 - 0.3734 = 1.4524 points: profit 12.4508 >= 50 % of the
  // 13.9033 credit, so fixedRr.takeProfit closes it, +12.4508 x 13 x 100 = 16,186.10 USD. With
  // reopenAfterClose a new condor opens at the entry rules the same close, on the expiry nearest 45
  // days, 2021-02-19 again: 16-delta put ln(4000/K) = (0.9945 - 0.0176) x 0.0351 = 0.0343, K = 3865.1
  // -> 3865; 16-delta call ln(4000/K) = -(0.9945 + 0.0176) x 0.0351 = -0.0355, K = 4144.7 -> 4145;
  // wings 3815 and 4195. Credit 11.9959 - 5.6256 + 11.5936 - 5.8106 = 12.1534. Sized on the equity
  // after the close, 1,016,186.10 USD: 5 % = 50,809.31 over (50 - 12.1534) x 100 = 3,784.66 USD is
  // 13.43, 13 condors. The close and the reopening are one roll of the strategy.
  const path = Array.from({ length: 6 }, (_, i) => ({ spx: 4000, vix: i === 0 ? 20 : 10 }));
  const r = run({ name: 'rr', management: { mode: 'fixed-rr' }, hedge: { enabled: false }, execution: AT_MID }, path, () => ({}));
  const day1 = r.decisions.filter((d) => r.index(d.day) === 1);

  it('takes profit, reopens and logs the roll on day 1', () => {
    expect(day1.map(row)).toEqual([
      ['2021-01-05', 'exit-condor', 'fixedRr.takeProfit'],
      ['2021-01-05', 'enter-condor', 'fixedRr.reopen'],
      ['2021-01-05', 'roll-condor', 'fixedRr.roll'],
    ]);
    expect(day1[2]!.reason).toBe('closed by fixedRr.takeProfit and reopened at the entry rules');
    expect(Math.abs(Number(day1[0]!.figures.costToClosePoints) - 1.4524)).toBeLessThan(POINTS_TOLERANCE);
    expect(r.condorRolls).toBe(1);
  });

  it('the closed trade and the new condor, worked by hand', () => {
    const closed = r.trades.find((t) => t.group === 'condor-1');
    expect(closed?.exitRule).toBe('fixedRr.takeProfit');
    expect(Math.abs((closed?.pnlUsd ?? NaN) - 16186.1)).toBeLessThan(USD_TOLERANCE);
    const reopened = day1[1]!;
    expect(reopened.reason).toBe('entry rules; short put 3865 2021-02-19; long put 3815 2021-02-19; short call 4145 2021-02-19; long call 4195 2021-02-19');
    expect(reopened.figures.contracts).toBe(CONTRACTS);
    expect(Math.abs(Number(reopened.figures.creditPoints) - 12.1534)).toBeLessThan(POINTS_TOLERANCE);
    expect(day1[2]!.group).toBe(reopened.group);
  });
});
