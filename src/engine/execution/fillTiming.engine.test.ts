/**
 * `execution.fillTiming`: an order decided at day t's close fills at t's close (`same-close`) or at
 * t+1's open (`next-open`), priced on t+1's model carried from its close to its open by delta and gamma
 * in the option's own underlying (src/engine/execution/execution.ts, quoteAtNextOpen).
 *
 * Constructed market (src/engine/testing/constructedMarket.ts): SPX options Black-76 on spot at a flat
 * vol VIX/100, zero rates, half-spread min(0.25, mid/2), fills take half of it (mid -/+ 0.125 on a
 * liquid strike), fees 0.66 USD per contract. Days: 2021-01-04 (Mon, day 0), 2021-01-05 (day 1), ...
 */
import { describe, expect, it } from 'vitest';
import { black76Price } from '../../pricing/black76.js';
import { normCdf, normPdf } from '../../pricing/normal.js';
import { parseStrategyConfig, type StrategyConfigInput } from '../../strategy/config.js';
import { dayFromIso } from '../../time/day.js';
import { runBacktest } from '../backtest.js';
import { ConstructedMarket, quietSignals, type ConstructedPathPoint } from '../testing/constructedMarket.js';
import { quoteAtNextOpen } from './execution.js';

const START = dayFromIso('2021-01-04');
/** Prices computed two ways (engine, hand formula) agree to 1e-9 index points. */
const POINTS_TOLERANCE = 1e-9;

// Day 0 closes at SPX 4000 (VIX 20); day 1 opens at 3980 and closes at 4010; then flat at 4000.
const path: ConstructedPathPoint[] = [{ spx: 4000, vix: 20 }, { spx: 4010, vix: 20, spxOpen: 3980 }, ...Array.from({ length: 8 }, () => ({ spx: 4000, vix: 20 }))];

function run(fillTiming: 'same-close' | 'next-open') {
  const market = new ConstructedMarket({ startDay: START, path });
  const config: StrategyConfigInput = {
    name: `fill-${fillTiming}`,
    entry: { mode: 'calendar', maxOpenCondors: 1 },
    management: { mode: 'hold-to-expiry' },
    hedge: { enabled: false },
    sizing: { mode: 'fixed-contracts', fixedContracts: 1 },
    structure: 'custom',
    customLegs: [{ id: 'shortPut', underlying: 'SPX', side: 'short', type: 'put', strike: { by: 'moneyness', moneynessFraction: -0.05 }, expiry: { by: 'targetDte', dteDays: 45 } }],
    execution: { fillTiming },
  };
  return runBacktest({ config: parseStrategyConfig(config, 'test'), days: market.days, marketOn: market.marketOn, signalsOn: () => quietSignals() });
}

/** Black-76 put on spot (zero rates) and its delta and gamma, as the constructed market prices it. */
function put(spot: number, strike: number, sigma: number, tYears: number) {
  const sd = sigma * Math.sqrt(tYears);
  const d1 = Math.log(spot / strike) / sd + sd / 2;
  return { mid: black76Price('put', spot, strike, sd, 1), delta: normCdf(d1) - 1, gamma: normPdf(d1) / (spot * sd) };
}

describe('fill timing', () => {
  const same = run('same-close');
  const next = run('next-open');

  it('same-close: the 5 %-OTM 45-day put sold on day 0 fills at day 0 close, mid - 0.125', () => {
    // The 45-day target picks the Friday 2021-02-19 (46 days); strike 0.95 x 4000 = 3800.
    // Day 0: put(4000, 3800, 0.20, 46/365) mid 38.06; sold at 38.06 - 0.125 = 37.93.
    const entry = same.decisions.find((d) => d.action === 'enter-condor')!;
    expect(entry.day).toBe(START);
    const expected = put(4000, 3800, 0.2, 46 / 365).mid - 0.125;
    const credit = Number(entry.figures.creditPoints);
    expect(credit).toBeCloseTo(37.931, 3);
    expect(Math.abs(credit - expected)).toBeLessThan(POINTS_TOLERANCE);
  });

  it('next-open: the same order decided on day 0 fills at day 1 open (SPX 3980), stepped from day 1 close (4010)', () => {
    // Day 1's model at its close: put(4010, 3800, 0.20, 45/365): mid 34.96, delta -0.2115, gamma 0.001028.
    // Back to the open, dS = 3980 - 4010 = -30: mid + delta dS + gamma dS^2 / 2 = 34.96 + 6.35 + 0.46 = 41.77
    // (the exact Black-76 value at 3980 is 41.79: the second-order step is 0.01 short). Sold at 41.77 - 0.125 = 41.65,
    // 3.72 points (372 USD per contract) more than the same-close fill: the market fell overnight.
    const entry = next.decisions.find((d) => d.action === 'enter-condor')!;
    expect(entry.day).toBe(START); // decided at day 0's close: nothing of day 1 was seen by the decision
    const q = put(4010, 3800, 0.2, 45 / 365);
    const dS = 3980 - 4010;
    const expected = q.mid + q.delta * dS + 0.5 * q.gamma * dS * dS - 0.125;
    const credit = Number(entry.figures.creditPoints);
    // The cash of the fill is posted on the decision day: 1 contract x 41.65 x 100 USD, less the 0.66 fee.
    const opened = next.ledger.filter((e) => e.group === entry.group && e.day === START).reduce((sum, e) => sum + e.amountUsd, 0);
    expect(opened).toBeCloseTo(credit * 100 - 0.66, 6);
    expect(Math.abs(credit - expected)).toBeLessThan(POINTS_TOLERANCE);
    expect(expected).toBeCloseTo(41.646, 3);
    expect(credit - Number(same.decisions.find((d) => d.action === 'enter-condor')!.figures.creditPoints)).toBeCloseTo(3.715, 2);
  });

  it('next-open logs that the last day of the run has no next open, and same-close logs nothing of the kind', () => {
    const notes = next.decisions.filter((d) => d.rule === 'execution.fillTiming');
    expect(notes.map((d) => d.day)).toEqual([next.daily[next.daily.length - 1]!.day]);
    expect(same.decisions.filter((d) => d.rule === 'execution.fillTiming')).toHaveLength(0);
  });
});

describe('quoteAtNextOpen', () => {
  const market = new ConstructedMarket({ startDay: START, path: [{ spx: 4000, vix: 20 }, { spx: 4000, vix: 30, vixOpen: 26 }] });
  const day1 = market.marketOn(market.days[1]!)!;

  it('a VIX future moves from the close by its beta x the spot VIX move: F(30 d) at VIX 30 = 25.90, beta 0.607, open 25.90 - 2.43 = 23.47', () => {
    // F = VIX + (20 - VIX)(1 - e^(-d/60)); d = 30 days: 30 - 10 x 0.3935 = 26.065; beta = e^(-0.5) = 0.6065; dVIX = 26 - 30 = -4.
    const expiryDay = market.days[1]! + 30;
    const q = quoteAtNextOpen(day1, { underlying: 'VIX', type: 'future', strike: 0, expiryDay }, 0.025);
    const f = 30 - 10 * (1 - Math.exp(-0.5));
    expect(Math.abs(q.mid - (f + Math.exp(-0.5) * -4))).toBeLessThan(POINTS_TOLERANCE);
    expect(q.halfSpread).toBe(0.025);
  });

  it('an option expiring on the fill day is worth its intrinsic value against the open', () => {
    const q = quoteAtNextOpen(day1, { underlying: 'VIX', type: 'call', strike: 22, expiryDay: market.days[1]! }, 0.025);
    expect(q.mid).toBe(4); // VIX open 26 - strike 22
  });
});
