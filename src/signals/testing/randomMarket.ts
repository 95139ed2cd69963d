/**
 * Random but plausible market inputs for property tests: a geometric random walk for SPX, a VIX that
 * moves against it, VIX3M and a two-contract futures curve that start part-way through (as in the real
 * data), gaps in volume and breadth, scheduled and unscheduled events. Deterministic per seed.
 */
import type { MarketEvent, TermStructurePoint } from '../../history/types.js';
import { dayFromIso, type DayNumber } from '../../time/day.js';
import { weekdays, type FakeHistoryInput } from './fakeHistory.js';

/** A small deterministic generator (mulberry32): the property test's seed fixes the whole market. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomMarketOptions {
  readonly seed: number;
  readonly bars: number;
  readonly withBreadth: boolean;
}

export function randomMarket({ seed, bars, withBreadth }: RandomMarketOptions): FakeHistoryInput {
  const next = generator(seed);
  const days = weekdays(dayFromIso('2005-01-03'), bars);
  const vixStart = Math.floor(next() * 30);
  const vix3mStart = vixStart + Math.floor(next() * 60);
  const curveStart = Math.floor(next() * 80);
  const spxClose: number[] = [];
  const spxVolume: (number | undefined)[] = [];
  const vixClose: (number | undefined)[] = [];
  const vix3mClose: (number | undefined)[] = [];
  const curve: TermStructurePoint[][] = [];
  const breadth = [];
  const events: MarketEvent[] = [];
  let spx = 1000;
  let vix = 18;
  for (let i = 0; i < bars; i++) {
    const day = days[i] as DayNumber;
    const shock = (next() - 0.5) * 0.04;
    spx *= Math.exp(shock);
    vix = Math.min(90, Math.max(9, vix * Math.exp(-4 * shock + (next() - 0.5) * 0.08 + 0.02 * Math.log(18 / vix))));
    spxClose.push(Math.round(spx * 100) / 100);
    spxVolume.push(next() < 0.03 ? 0 : Math.round(3e9 * (0.5 + next())));
    vixClose.push(i >= vixStart && next() > 0.02 ? Math.round(vix * 100) / 100 : undefined);
    vix3mClose.push(i >= vix3mStart ? Math.round((vix * 0.8 + 4) * 100) / 100 : undefined);
    const frontExpiry = day + 1 + Math.floor(next() * 25) - (next() < 0.05 ? 1 : 0);
    curve.push(
      i >= curveStart
        ? [
            { contract: `F${i}`, expiryDay: frontExpiry, dteDays: frontExpiry - day, settle: Math.round((vix + 1) * 100) / 100 },
            { contract: `G${i}`, expiryDay: frontExpiry + 28, dteDays: frontExpiry + 28 - day, settle: Math.round((vix * 0.9 + 3) * 100) / 100 },
            { contract: `H${i}`, expiryDay: frontExpiry + 56, dteDays: frontExpiry + 56 - day, settle: Math.round((vix * 0.85 + 4) * 100) / 100 },
          ]
        : [],
    );
    if (withBreadth && next() > 0.05) {
      const advancing = Math.round(1500 + shock * 20000 + (next() - 0.5) * 400);
      breadth.push({ day, advancing, declining: 3000 - advancing });
    }
    if (i % 9 === 4) events.push({ day, kind: (['fomc', 'cpi', 'ppi'] as const)[i % 3] ?? 'cpi', scheduled: true, label: `scheduled ${i}` });
    if (next() < 0.01) events.push({ day: day + (next() < 0.5 ? 0 : 1), kind: 'fomc', scheduled: false, label: `unscheduled ${i}` });
  }
  // Scheduled events are published ahead: some fall beyond the last bar.
  const lastDay = days[days.length - 1] as DayNumber;
  events.push({ day: lastDay + 10, kind: 'cpi', scheduled: true, label: 'future cpi' });
  return { days, spxClose, spxVolume, vixClose, vix3mClose, curve, events, breadth };
}
