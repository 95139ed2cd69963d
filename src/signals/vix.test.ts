import { describe, expect, it } from 'vitest';
import { defaultSignalConfig } from './config.js';
import { VixSpikeDetector, vixRegime } from './vix.js';

const thresholds = defaultSignalConfig().vixRegimeThresholds;

describe('vixRegime', () => {
  it('puts a level on a threshold in the higher regime', () => {
    const cases: [number, string][] = [
      [9.14, 'calm'],
      [14.99, 'calm'],
      [15, 'normal'],
      [19.99, 'normal'],
      [20, 'elevated'],
      [27.99, 'elevated'],
      [28, 'high'],
      [37.32, 'high'], // 2018-02-05 close
      [40, 'extreme'],
      [82.69, 'extreme'], // 2020-03-16 close
    ];
    for (const [level, regime] of cases) expect(vixRegime(level, thresholds)).toBe(regime);
  });
});

describe('VixSpikeDetector', () => {
  it('flags a close at least 15 % above the lowest of the previous five closes', () => {
    const detector = new VixSpikeDetector(5, 1.15);
    const closes = [14, 12, 13, 15, 14, 13.8, 13.81];
    const out = closes.map((c) => detector.update(c));
    expect(out.slice(0, 5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(out[5]).toEqual({ ratioToRecentLow: 13.8 / 12, spike: true }); // 13.8 = 1.15 x 12
    expect(out[6]?.spike).toBe(true);
    expect(detector.update(14.2)?.spike).toBe(false); // lowest of 13,15,14,13.8,13.81 is 13: 1.092
  });

  it('uses the Feb 2018 closes: 2018-02-05 is a spike', () => {
    // Cboe VIX closes 2018-01-29 .. 2018-02-05.
    const detector = new VixSpikeDetector(5, 1.15);
    const closes = [13.84, 14.79, 13.54, 13.47, 17.31, 37.32];
    const out = closes.map((c) => detector.update(c));
    expect(out[5]?.spike).toBe(true);
    expect(out[5]?.ratioToRecentLow).toBeCloseTo(37.32 / 13.47, 12);
  });
});
