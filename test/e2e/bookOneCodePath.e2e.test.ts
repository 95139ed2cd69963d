/**
 * One code path: the daily signal, accepted every day at model prices, makes the same decisions as the
 * backtest over the same days, and the book it stores is the backtest engine's state day by day.
 * Real data, the February 2018 volatility shock and the March 2020 crash.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptSignal, type BookContext } from '../../src/book/bookService.js';
import { daySignalsThrough, type DaySignals } from '../../src/book/dailySignal.js';
import { BookStore } from '../../src/book/store.js';
import { countNyseTradingDays } from '../../src/calendar/nyse.js';
import { loadMarketHistory } from '../../src/data/loadHistory.js';
import { loadPreset } from '../../src/data/presets.js';
import { StrategyEngine } from '../../src/engine/backtest.js';
import type { MarketDayView } from '../../src/engine/marketView.js';
import { createModelMarket } from '../../src/engine/modelMarketView.js';
import { runSuite } from '../../src/engine/suite.js';
import type { MarketHistory } from '../../src/history/types.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../../src/market/config.js';
import { VixBetaConfigSchema } from '../../src/market/vixBetas.js';
import { defaultSignalConfig } from '../../src/signals/config.js';
import { dayFromIso, isoFromDay, type DayNumber } from '../../src/time/day.js';

const PRESET = 'alvh-ladder';
let history: MarketHistory;
let marketOn: (day: DayNumber) => MarketDayView | undefined;
let signals: Map<DayNumber, DaySignals>;
const dirs: string[] = [];

beforeAll(async () => {
  history = (await loadMarketHistory()).history;
  const cache = new Map<DayNumber, MarketDayView | undefined>();
  const model = createModelMarket(history, DEFAULT_MARKET_MODEL_CONFIG, VixBetaConfigSchema.parse({}));
  marketOn = (day) => {
    if (!cache.has(day)) cache.set(day, model(day));
    return cache.get(day);
  };
  signals = daySignalsThrough(history, dayFromIso('2020-04-30'), defaultSignalConfig(), { countTradingDays: countNyseTradingDays });
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function window(fromIso: string, toIso: string): DayNumber[] {
  const from = dayFromIso(fromIso);
  const to = dayFromIso(toIso);
  return [...history.tradingDays].filter((d) => d >= from && d <= to);
}

function checkWindow(fromIso: string, toIso: string): { decisions: number; actions: Set<string> } {
  const config = loadPreset(PRESET);
  const days = window(fromIso, toIso);
  const suite = runSuite({ history, configs: [config], fromDay: days[0] as DayNumber, toDay: days[days.length - 1] as DayNumber, signalConfig: defaultSignalConfig(), signalDeps: { countTradingDays: countNyseTradingDays }, marketOn });
  const backtest = suite.results.get(PRESET)!;
  // The engine the backtest runs, stepped continuously, for its state after each day.
  const continuous = new StrategyEngine(config);
  const dir = mkdtempSync(join(tmpdir(), 'alvh-one-path-'));
  dirs.push(dir);
  const store = BookStore.open(join(dir, 'book.sqlite'));
  const ctx: BookContext = { store, config, history, marketOn, signalsOn: (d) => signals.get(d) };
  const actions = new Set<string>();
  let compared = 0;
  try {
    days.forEach((day, i) => {
      const { issued } = acceptSignal(ctx, day, config.initialEquityUsd);
      const expected = backtest.decisions.filter((d) => d.day === day).map((d) => ({ action: d.action, rule: d.rule, reason: d.reason, group: d.group ?? null, figures: d.figures }));
      expect(issued.signal.decisions, isoFromDay(day)).toEqual(expected);
      for (const d of expected) actions.add(d.action);
      compared += expected.length;
      continuous.stepDay(day, marketOn(day), signals.get(day)?.engine, days[i + 1]);
      if (i < days.length - 1) {
        // The book stored after accepting is the backtest engine's state (the last day differs only in
        // interest: the backtest stops, the book accrues to the next trading day).
        expect(JSON.parse(store.latestState()!.snapshotJson), isoFromDay(day)).toEqual(continuous.snapshot());
      }
    });
  } finally {
    store.close();
  }
  return { decisions: compared, actions };
}

describe('the daily signal and the backtest are one code path', () => {
  it('2018-01-02 .. 2018-03-29: same decisions every day, same engine state after every accept', () => {
    const r = checkWindow('2018-01-02', '2018-03-29');
    expect(r.decisions).toBeGreaterThan(0);
    expect(r.actions.has('enter-condor')).toBe(true);
    expect(r.actions.has('add-layer')).toBe(true);
  });

  it('2020-02-03 .. 2020-04-30: same decisions every day through the crash', () => {
    const r = checkWindow('2020-02-03', '2020-04-30');
    expect(r.decisions).toBeGreaterThan(0);
  });
});
