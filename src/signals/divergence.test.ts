import { describe, expect, it } from 'vitest';
import { defaultSignalConfig } from './config.js';
import { DivergenceTracker, divergingOscillators, type OscillatorName, type OscillatorReading } from './divergence.js';
import type { SwingPivot } from './pivots.js';

const rules = defaultSignalConfig();
const high = (barIndex: number, value: number): SwingPivot => ({ kind: 'high', barIndex, value, knownAtBarIndex: barIndex + 5 });
const low = (barIndex: number, value: number): SwingPivot => ({ kind: 'low', barIndex, value, knownAtBarIndex: barIndex + 5 });

/** Oscillator readings keyed by bar: `{ rsi: { 10: 70, 30: 65 } }`. */
function readings(table: Partial<Record<OscillatorName, Record<number, number | OscillatorReading>>>) {
  return (name: OscillatorName, bar: number): OscillatorReading | undefined => {
    const v = table[name]?.[bar];
    if (v === undefined) return undefined;
    return typeof v === 'number' ? { value: v, segment: 0 } : v;
  };
}

describe('divergingOscillators', () => {
  it('finds a bearish divergence: higher price high, lower oscillator high', () => {
    const at = readings({ rsi: { 10: 70, 30: 65 }, macd: { 10: 5, 30: 6 } });
    expect(divergingOscillators(high(10, 100), high(30, 105), at, rules)).toEqual(['rsi']);
  });

  it('finds a bullish divergence: lower price low, higher oscillator low', () => {
    const at = readings({ macd: { 10: -8, 30: -5 }, obv: { 10: 100, 30: 50 } });
    expect(divergingOscillators(low(10, 90), low(30, 85), at, rules)).toEqual(['macd']);
  });

  it('finds none when price and oscillator agree', () => {
    const at = readings({ rsi: { 10: 70, 30: 75 } });
    expect(divergingOscillators(high(10, 100), high(30, 105), at, rules)).toEqual([]);
    const falling = readings({ rsi: { 10: 70, 30: 65 } });
    expect(divergingOscillators(high(10, 100), high(30, 95), falling, rules)).toEqual([]);
  });

  it('requires the pivots to be 5 to 60 bars apart', () => {
    const at = readings({ rsi: { 10: 70, 14: 65, 15: 65, 70: 65, 71: 65 } });
    expect(divergingOscillators(high(10, 100), high(14, 105), at, rules)).toEqual([]);
    expect(divergingOscillators(high(10, 100), high(15, 105), at, rules)).toEqual(['rsi']);
    expect(divergingOscillators(high(10, 100), high(70, 105), at, rules)).toEqual(['rsi']);
    expect(divergingOscillators(high(10, 100), high(71, 105), at, rules)).toEqual([]);
  });

  it('does not compare cumulative lines across a gap (different segments)', () => {
    const at = readings({ obv: { 10: { value: 500, segment: 0 }, 30: { value: 100, segment: 1 } } });
    expect(divergingOscillators(high(10, 100), high(30, 105), at, rules)).toEqual([]);
  });
});

describe('DivergenceTracker', () => {
  const noCross = () => 'none' as const;

  it('detects on the bar the second pivot becomes known and confirms on a later MACD crossunder', () => {
    const tracker = new DivergenceTracker(rules);
    const at = readings({ rsi: { 10: 70, 30: 65 }, macd: { 10: 5, 30: 6 } });
    expect(tracker.update(15, [high(10, 100)], at, noCross)).toEqual([]);
    const [d] = tracker.update(35, [high(30, 105)], at, noCross);
    expect(d).toMatchObject({ direction: 'bearish', oscillators: ['rsi'], detectedBarIndex: 35, confirmation: undefined });
    tracker.update(36, [], at, noCross);
    tracker.update(38, [], at, (bar) => (bar === 38 ? 'down' : 'none'));
    expect(tracker.latestDivergence('bearish')?.confirmation).toEqual({ by: 'macd-cross', barIndex: 38 });
  });

  it('does not confirm on a cross after the window or in the trend direction', () => {
    const tracker = new DivergenceTracker(rules);
    const at = readings({ rsi: { 10: 70, 30: 65 } });
    tracker.update(15, [high(10, 100)], at, noCross);
    tracker.update(35, [high(30, 105)], at, noCross);
    tracker.update(37, [], at, () => 'up');
    tracker.update(41, [], at, () => 'down');
    expect(tracker.latestDivergence('bearish')?.confirmation).toBeUndefined();
  });

  it('confirms at once with a MACD cross between the second pivot and detection', () => {
    const tracker = new DivergenceTracker(rules);
    const at = readings({ macd: { 10: -8, 30: -5 } });
    tracker.update(15, [low(10, 90)], at, noCross);
    const [d] = tracker.update(35, [low(30, 85)], at, (bar) => (bar === 33 ? 'up' : 'none'));
    expect(d?.confirmation).toEqual({ by: 'macd-cross', barIndex: 33 });
  });

  it('confirms at once when a second oscillator agrees', () => {
    const tracker = new DivergenceTracker(rules);
    const at = readings({ rsi: { 10: 70, 30: 65 }, obv: { 10: 1000, 30: 900 } });
    tracker.update(15, [high(10, 100)], at, noCross);
    const [d] = tracker.update(35, [high(30, 105)], at, noCross);
    expect(d?.oscillators).toEqual(['rsi', 'obv']);
    expect(d?.confirmation).toEqual({ by: 'second-oscillator', barIndex: 35 });
  });
});
