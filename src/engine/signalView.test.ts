import { describe, expect, it } from 'vitest';
import type { DailySignals, DivergenceRecord } from '../signals/dailySignals.js';
import { engineRegimeFrom, engineSignalsFrom } from './signalView.js';

const noDivergences = { detectedToday: [], activeBearish: null, activeBullish: null };

function quietDay(overrides: Partial<DailySignals> = {}): DailySignals {
  return {
    date: '2018-02-05',
    barIndex: 100,
    spx: { close: 2648.94, macd: null, macdCrossunder: false, macdCrossover: false, rsi: 40, rsiFailureSwing: null, obv: null, adLine: null, realisedVol: 0.2, newPivots: [] },
    vix: { close: 37.32, regime: 'high', regimeBars: 1, spike: false, ratioToRecentLow: 1, macd: null, macdCrossUp: false, rsi: 80, divergences: noDivergences },
    termStructure: { vix3m: 28.13, vixToVix3m: 1.327, inverted: false, frontContract: null, frontSettle: null, secondContract: null, secondSettle: null, futuresContango: null },
    divergences: noDivergences,
    events: [],
    relief: { state: 'none', phase: null, eventDate: null, eventKinds: [], preEventSpxClose: null, preEventVixClose: null, vixBelowPreEventBars: null, reliefDate: null, resolutionDate: null, fadeDate: null },
    rsai: { volRatio: null, periodBars: null, adaptiveRsi: null, score: null },
    entry: { trigger: false, reason: 'regime-not-allowed' },
    unavailable: [],
    ...overrides,
  } as DailySignals;
}

const divergence = (direction: 'bearish' | 'bullish', oscillators: DivergenceRecord['oscillators'], confirmedDate: string | null = null): DivergenceRecord => ({
  direction,
  oscillators,
  firstPivotDate: '2018-01-10',
  secondPivotDate: '2018-01-26',
  detectedDate: '2018-02-05',
  confirmed: confirmedDate !== null,
  confirmedBy: confirmedDate ? 'macd-cross' : null,
  confirmedDate,
  ageBars: 0,
});

describe('engine view of the signals', () => {
  it('lists every layer-2 confirmation the methodology names', () => {
    const s = engineSignalsFrom(
      quietDay({
        spx: { ...quietDay().spx, macdCrossunder: true, rsiFailureSwing: { firstHighDate: '2018-01-10', secondHighDate: '2018-01-26', firstHighRsi: 80, secondHighRsi: 70 } },
        vix: { ...quietDay().vix, spike: true, macdCrossUp: true },
        divergences: { detectedToday: [divergence('bearish', ['obv', 'adLine'])], activeBearish: divergence('bearish', ['obv'], '2018-02-05'), activeBullish: null },
      }),
      undefined,
    );
    expect(s.confirmations).toEqual(['macdCrossunder', 'rsiFailureAbove60', 'adDivergence', 'obvDivergence', 'vixSpike', 'vixMacdCrossUp', 'bearishDivergenceConfirmed']);
    expect(s.bearishDivergence).toBe(true);
  });

  it('reports no confirmation on a quiet day', () => {
    expect(engineSignalsFrom(quietDay(), undefined).confirmations).toEqual([]);
  });

  it('flags regime changes: a VIX RSI divergence and an inverted term structure', () => {
    const s = engineSignalsFrom(quietDay({ vix: { ...quietDay().vix, divergences: { detectedToday: [divergence('bullish', ['rsi'])], activeBearish: null, activeBullish: null } }, termStructure: { ...quietDay().termStructure, inverted: true } }), undefined);
    expect(s.regimeChangeSignals).toEqual(['vixRsiDivergence', 'termStructureInverted']);
  });

  it('uses the futures slope when VIX3M is unavailable, and leaves it unknown without either', () => {
    const noVix3m = { ...quietDay().termStructure, vix3m: null, vixToVix3m: null, inverted: null };
    expect(engineSignalsFrom(quietDay({ termStructure: { ...noVix3m, futuresContango: -0.05 } }), undefined).termStructureInverted).toBe(true);
    expect(engineSignalsFrom(quietDay({ termStructure: noVix3m }), undefined).termStructureInverted).toBeUndefined();
  });

  it('finds the nearest FOMC/CPI/PPI release and ignores NFP', () => {
    const s = engineSignalsFrom(
      quietDay({
        events: [
          { kind: 'fomc', nextDate: '2018-03-21', tradingDaysToNext: 31, lastDate: null, tradingDaysSinceLast: null },
          { kind: 'cpi', nextDate: '2018-02-14', tradingDaysToNext: 7, lastDate: null, tradingDaysSinceLast: null },
          { kind: 'nfp', nextDate: '2018-02-07', tradingDaysToNext: 2, lastDate: null, tradingDaysSinceLast: null },
        ],
      }),
      undefined,
    );
    expect(s.tradingDaysToNextEvent).toBe(7);
    expect(s.nextEventLabel).toBe('CPI 2018-02-14');
    expect(s.tradingDaysToNextFomc).toBe(31);
  });

  it('counts a release dated today as past at the close, not upcoming (CPI at 08:30 is known by 16:00)', () => {
    const s = engineSignalsFrom(
      quietDay({
        events: [
          { kind: 'cpi', nextDate: '2018-02-14', tradingDaysToNext: 0, lastDate: null, tradingDaysSinceLast: null },
          { kind: 'fomc', nextDate: '2018-02-14', tradingDaysToNext: 0, lastDate: null, tradingDaysSinceLast: null },
          { kind: 'ppi', nextDate: '2018-02-15', tradingDaysToNext: 1, lastDate: null, tradingDaysSinceLast: null },
        ],
      }),
      undefined,
    );
    expect(s.tradingDaysToNextEvent).toBe(1);
    expect(s.nextEventLabel).toBe('PPI 2018-02-15');
    expect(s.tradingDaysToNextFomc).toBeUndefined();
  });

  it('carries the previous regime over a day without VIX and says so', () => {
    const s = engineSignalsFrom(quietDay({ vix: { ...quietDay().vix, regime: null } }), 'elevated');
    expect(s.regime).toBe('elevated');
    expect(s.regimeCarried).toBe(true);
  });

  it('carries a regime through days before a run exactly as the full view does (the suite skips the rest for them)', () => {
    // A day's own regime wins; without one the previous carries on; with neither the day is normal.
    const days = [quietDay(), quietDay({ vix: { ...quietDay().vix, regime: null } }), quietDay({ vix: { ...quietDay().vix, regime: 'calm' } }), quietDay({ vix: { ...quietDay().vix, regime: null } })];
    for (const start of [undefined, 'elevated'] as const) {
      let viaView: typeof start | ReturnType<typeof engineRegimeFrom> = start;
      let viaRegime: typeof start | ReturnType<typeof engineRegimeFrom> = start;
      const seen: string[] = [];
      for (const day of days) {
        viaView = engineSignalsFrom(day, viaView).regime;
        viaRegime = engineRegimeFrom(day, viaRegime);
        expect(viaRegime).toBe(viaView);
        seen.push(viaRegime);
      }
      expect(seen).toEqual(['high', 'high', 'calm', 'calm']);
    }
    expect(engineRegimeFrom(quietDay({ vix: { ...quietDay().vix, regime: null } }), undefined)).toBe('normal');
  });
});
