import { describe, expect, it } from 'vitest';
import { defaultSignalConfig } from './config.js';
import { RsiFailureSwingDetector, type RsiFailureSwing } from './failureSwing.js';

/** An RSI path with two peaks (at bars 10 and 30) over a base level. */
function twoPeaks(base: number, firstPeak: number, secondPeak: number): number[] {
  const path: number[] = [];
  for (let i = 0; i < 45; i++) {
    const d1 = Math.abs(i - 10);
    const d2 = Math.abs(i - 30);
    path.push(Math.max(base, firstPeak - 2 * d1, secondPeak - 2 * d2));
  }
  return path;
}

function run(path: readonly number[]): { swing: RsiFailureSwing; bar: number }[] {
  const detector = new RsiFailureSwingDetector(defaultSignalConfig());
  const found: { swing: RsiFailureSwing; bar: number }[] = [];
  path.forEach((rsi, bar) => {
    const swing = detector.update(bar, rsi);
    if (swing) found.push({ swing, bar });
  });
  return found;
}

describe('RsiFailureSwingDetector', () => {
  it('fires when RSI makes a lower high with both highs above 60, five bars after the second high', () => {
    expect(run(twoPeaks(50, 75, 68))).toEqual([
      { bar: 35, swing: { firstHighBarIndex: 10, secondHighBarIndex: 30, firstHighRsi: 75, secondHighRsi: 68 } },
    ]);
  });

  it('does not fire when the second high is not above 60', () => {
    expect(run(twoPeaks(40, 75, 58))).toEqual([]);
  });

  it('does not fire on a higher high', () => {
    expect(run(twoPeaks(50, 68, 75))).toEqual([]);
  });
});
