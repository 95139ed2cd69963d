import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MarketEvent } from '../history/types.js';
import { dayFromIso, isoFromDay, type DayNumber } from '../time/day.js';
import { defaultSignalConfig } from './config.js';
import { computeSignalTable, createSignalEngine, SignalStepError } from './engine.js';
import { countWeekdays, fakeHistory, truncateInput, weekdays } from './testing/fakeHistory.js';
import { randomMarket } from './testing/randomMarket.js';
import { spxSampleHistoryInput } from './testing/spxSample.js';

const config = defaultSignalConfig();
const deps = { countTradingDays: countWeekdays };
/** About a year of trading days. */
const ONE_YEAR_BARS = 252;

// Release dates from the project's economic calendar (BLS and Federal Reserve schedules).
const EVENTS_2018: MarketEvent[] = [
  { day: dayFromIso('2018-01-31'), kind: 'fomc', scheduled: true, label: 'FOMC' },
  { day: dayFromIso('2018-02-14'), kind: 'cpi', scheduled: true, label: 'CPI Jan' },
  { day: dayFromIso('2018-02-15'), kind: 'ppi', scheduled: true, label: 'PPI Jan' },
  { day: dayFromIso('2018-03-13'), kind: 'cpi', scheduled: true, label: 'CPI Feb' },
  { day: dayFromIso('2018-03-14'), kind: 'ppi', scheduled: true, label: 'PPI Feb' },
  { day: dayFromIso('2018-03-21'), kind: 'fomc', scheduled: true, label: 'FOMC' },
];

describe('signal engine on real SPX/VIX closes, Nov 2017 - Mar 2018', () => {
  const history = fakeHistory(spxSampleHistoryInput(EVENTS_2018));
  const table = computeSignalTable(history, dayFromIso('2017-11-01'), dayFromIso('2018-03-29'), config, deps);
  const on = (iso: string) => {
    const row = table.find((r) => r.date === iso);
    if (row === undefined) throw new Error(`no row for ${iso}`);
    return row;
  };

  it('reads 2018-02-05 as a high-regime VIX spike with an inverted term structure, and blocks entry', () => {
    const row = on('2018-02-05');
    expect(row.vix).toMatchObject({ close: 37.32, regime: 'high', spike: true });
    expect(row.termStructure.vixToVix3m).toBeCloseTo(37.32 / 28.13, 12);
    expect(row.termStructure.inverted).toBe(true);
    expect(row.entry).toEqual({ trigger: false, reason: 'term-structure-inverted' });
  });

  it('counts days to the Feb 14 CPI and since the Jan 31 FOMC', () => {
    const cpi = on('2018-02-12').events.find((e) => e.kind === 'cpi');
    expect(cpi).toMatchObject({ nextDate: '2018-02-14', tradingDaysToNext: 2 });
    const fomc = on('2018-02-12').events.find((e) => e.kind === 'fomc');
    expect(fomc).toMatchObject({ lastDate: '2018-01-31', tradingDaysSinceLast: 8, nextDate: '2018-03-21' });
  });

  it('sees the Feb 14 CPI relief rally (SPX up, VIX 24.97 -> 19.26) resolve after five more days below 24.97', () => {
    expect(on('2018-02-14').relief).toMatchObject({ state: 'relief-rally', eventDate: '2018-02-14', preEventVixClose: 24.97, reliefDate: '2018-02-14' });
    expect(on('2018-02-15').relief.state).toBe('relief-rally'); // the PPI next morning keeps the anchor
    expect(on('2018-02-22').relief).toMatchObject({ state: 'resolution', resolutionDate: '2018-02-22' });
  });

  it('reports every warm-up and the missing breadth as unavailable, never as a number', () => {
    const first = table[0];
    expect(first?.spx.macd).toBeNull();
    expect(first?.spx.rsi).toBeNull();
    expect(first?.unavailable.map((u) => u.signal)).toEqual(expect.arrayContaining(['spx.macd', 'spx.rsi', 'spx.adLine', 'rsai', 'vix.spike']));
    expect(table.every((r) => r.spx.adLine === null)).toBe(true);
    expect(on('2018-01-16').spx.macd?.signal).not.toBeNull();
    // The signal line first exists on bar 34; a cross needs it on two bars, so bar 35 is the first answer.
    expect(table[33]?.spx.macd?.signal).not.toBeNull();
    expect(table[33]?.spx.macdCrossunder).toBeNull();
    expect(table[34]?.spx.macdCrossunder).not.toBeNull();
  });

  it('reports each divergence on the bar its second pivot became known, five bars after the pivot', () => {
    const detected = table.flatMap((r) => r.divergences.detectedToday.map((d) => ({ ...d, row: r })));
    expect(detected.length).toBeGreaterThan(0);
    for (const d of detected) {
      expect(d.detectedDate).toBe(d.row.date);
      const pivotIndex = table.findIndex((r) => r.date === d.secondPivotDate);
      expect(d.row.barIndex - (table[pivotIndex]?.barIndex ?? NaN)).toBe(config.pivotLookbackBars);
    }
  });

  it('computes the RSAi score in [-100, 100] and gives an entry reason every day', () => {
    const scored = table.filter((r) => r.rsai.score !== null);
    expect(scored.length).toBeGreaterThan(40);
    for (const r of scored) expect(Math.abs(r.rsai.score ?? NaN)).toBeLessThanOrEqual(100);
  });

  it('counts consecutive days in a regime', () => {
    expect(on('2018-02-05').vix).toMatchObject({ regime: 'high', regimeBars: 1 });
    expect(on('2018-02-06').vix).toMatchObject({ regime: 'high', regimeBars: 2 });
    expect(on('2018-02-07').vix).toMatchObject({ regime: 'elevated', regimeBars: 1 });
  });

  it('serialises to JSON and back without loss', () => {
    expect(JSON.parse(JSON.stringify(table))).toEqual(table);
  });
});

describe('VIX divergences', () => {
  it('finds a bullish VIX divergence: a slow drift to a lower low after a crash to the first low', () => {
    const vix: number[] = [];
    for (let i = 0; i < 40; i++) vix.push(20 + (i % 2 === 0 ? 0.3 : -0.3));
    for (let i = 1; i <= 5; i++) vix.push(20 - 1.6 * i); // bar 44: 12, a fast fall
    for (let i = 1; i <= 10; i++) vix.push(12 + 0.4 * i); // bounce to 16
    for (let i = 1; i <= 20; i++) vix.push(16 - 0.205 * i); // bar 74: 11.9, a slow drift
    for (let i = 1; i <= 10; i++) vix.push(11.9 + 0.3 * i);
    const days = weekdays(dayFromIso('2010-01-04'), vix.length);
    const history = fakeHistory({ days, spxClose: days.map((_, i) => 1100 + (i % 3)), vixClose: vix });
    const table = computeSignalTable(history, days[0] ?? 0, days[days.length - 1] ?? 0, config, deps);
    const found = table.flatMap((r) => r.vix.divergences.detectedToday.map((d) => ({ d, on: r.barIndex })));
    expect(found).toHaveLength(1);
    expect(found[0]?.d).toMatchObject({ direction: 'bullish', firstPivotDate: isoFromDay(days[44] ?? 0), secondPivotDate: isoFromDay(days[74] ?? 0) });
    expect(found[0]?.d.oscillators).toContain('rsi');
    expect(found[0]?.on).toBe(79);
    expect(table[79]?.vix.divergences.activeBullish).not.toBeNull();
  });
});

describe('createSignalEngine', () => {
  const history = fakeHistory(spxSampleHistoryInput(EVENTS_2018));

  it('gives the same signals stepping day by day, skipping days, or through computeSignalTable', () => {
    const table = computeSignalTable(history, history.tradingDays[0] ?? 0, dayFromIso('2018-03-29'), config, deps);
    const engine = createSignalEngine(config, { ...deps, history });
    const everyTenth = [...history.tradingDays].filter((_, i) => i % 10 === 9);
    for (const day of everyTenth) expect(engine.step(day)).toEqual(table.find((r) => r.date === engine.step(day).date));
  });

  it('refuses a reversed range', () => {
    expect(() => computeSignalTable(history, dayFromIso('2018-03-01'), dayFromIso('2018-02-01'), config, deps)).toThrow(SignalStepError);
  });

  it('refuses a day off the axis and stepping backwards', () => {
    const engine = createSignalEngine(config, { ...deps, history });
    expect(() => engine.step(dayFromIso('2018-02-10'))).toThrow(SignalStepError);
    engine.step(dayFromIso('2018-02-12'));
    expect(() => engine.step(dayFromIso('2018-02-09'))).toThrow(SignalStepError);
  });

  it('rejects a non-finite value from the history, naming it and its date', () => {
    const input = spxSampleHistoryInput();
    const broken = fakeHistory({ ...input, vixClose: input.vixClose?.map((v, i) => (i === 10 ? Number.NaN : v)) ?? [] });
    const engine = createSignalEngine(config, { ...deps, history: broken });
    expect(() => engine.step(dayFromIso('2017-11-30'))).toThrow(/VIX close on 2017-11-15 must be a finite number/);
  });

  it('does not depend on fromDay', () => {
    const all = computeSignalTable(history, dayFromIso('2017-11-01'), dayFromIso('2018-03-29'), config, deps);
    const late = computeSignalTable(history, dayFromIso('2018-02-01'), dayFromIso('2018-03-29'), config, deps);
    expect(late).toEqual(all.filter((r) => r.date >= '2018-02-01'));
  });
});

describe('no look-ahead', () => {
  it('every signal for day t is the same whether the history ends at t or a year later', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 40, max: 220 }), fc.boolean(), (seed, cutBar, withBreadth) => {
        const full = randomMarket({ seed, bars: cutBar + ONE_YEAR_BARS, withBreadth });
        const cutDay = full.days[cutBar - 1] as DayNumber;
        const firstDay = full.days[0] as DayNumber;
        const long = computeSignalTable(fakeHistory(full), firstDay, cutDay, config, deps);
        const short = computeSignalTable(fakeHistory(truncateInput(full, cutDay)), firstDay, cutDay, config, deps);
        expect(short.length).toBe(cutBar);
        expect(JSON.stringify(short)).toBe(JSON.stringify(long));
      }),
      { numRuns: 30 },
    );
  });

  it('does not show an unscheduled event before its own day', () => {
    const base = spxSampleHistoryInput([{ day: dayFromIso('2018-03-01'), kind: 'fomc', scheduled: false, label: 'intermeeting' }]);
    const table = computeSignalTable(fakeHistory(base), dayFromIso('2018-02-26'), dayFromIso('2018-03-02'), config, deps);
    const fomc = table.map((r) => r.events.find((e) => e.kind === 'fomc')?.nextDate ?? null);
    expect(fomc).toEqual([null, null, null, '2018-03-01', null]);
    expect(table[4]?.events.find((e) => e.kind === 'fomc')?.lastDate).toBe('2018-03-01');
  });
});
