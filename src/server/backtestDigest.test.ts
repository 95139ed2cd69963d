import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TradeRecord } from '../engine/records.js';
import { dayFromIso } from '../time/day.js';
import { equityCurve, hedgePnlByLayer, rebasedBenchmark, searchDecisions, thinnedIndices } from './backtestDigest.js';

describe('thinnedIndices', () => {
  it('keeps at most the maximum, ascending and distinct, with the first, the last and every index asked for', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 3, max: 2000 }), fc.nat(), (length, maxPoints, pick) => {
        const must = pick % length;
        const kept = thinnedIndices(length, maxPoints, [must]);
        expect(kept.length).toBe(Math.min(length, kept.length <= maxPoints ? kept.length : -1));
        if (length <= maxPoints) expect(kept.length).toBe(length);
        for (let i = 1; i < kept.length; i++) expect(kept[i]!).toBeGreaterThan(kept[i - 1]!);
        expect(kept[0]).toBe(0);
        expect(kept.at(-1)).toBe(length - 1);
        expect(kept).toContain(must);
      }),
    );
  });

  it('keeps every point of a short series', () => {
    expect(thinnedIndices(5, 1500)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('equityCurve', () => {
  it('drawdown from the running peak, worked by hand', () => {
    const day = dayFromIso('2020-01-02');
    const curve = equityCurve(
      [100, 120, 90, 130].map((equityUsd, i) => ({ day: day + i, equityUsd })),
      1500,
    );
    // 90 after a peak of 120 is 25 % down; 130 is a new peak.
    expect(curve).toEqual([
      ['2020-01-02', 100, 0],
      ['2020-01-03', 120, 0],
      ['2020-01-04', 90, 90 / 120 - 1],
      ['2020-01-05', 130, 0],
    ]);
  });

  it('thinning never hides the deepest drawdown', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1e7, noNaN: true }), { minLength: 10, maxLength: 3000 }), fc.integer({ min: 3, max: 50 }), (equities, maxPoints) => {
        const full = equityCurve(equities.map((equityUsd, i) => ({ day: i, equityUsd })), equities.length);
        const thin = equityCurve(equities.map((equityUsd, i) => ({ day: i, equityUsd })), maxPoints);
        expect(thin.length).toBeLessThanOrEqual(maxPoints);
        expect(Math.min(...thin.map((p) => p[2]))).toBe(Math.min(...full.map((p) => p[2])));
      }),
    );
  });
});

describe('hedgePnlByLayer', () => {
  const trade = (kind: TradeRecord['kind'], layer: number | undefined, pnlUsd: number): TradeRecord => ({ group: 'g', kind, layer, entryDay: 0, exitDay: 1, contracts: 1, entryPricePoints: 1, pnlUsd, exitRule: 'r', legs: '', legsAtClose: '', rolls: 0 });
  it('sums closed hedge layers by layer, leaving condors out', () => {
    expect(hedgePnlByLayer([trade('hedge-layer', 1, 100), trade('hedge-layer', 1, -40), trade('hedge-layer', 0, 5), trade('condor', undefined, 999), trade('hedge-layer', 2, -7)])).toEqual({
      'layer 1': 60,
      'pre-FOMC seed': 5,
      'layer 2': -7,
    });
  });
});

describe('searchDecisions', () => {
  const rows = [
    { date: '2020-03-16', action: 'add-layer', rule: 'hedge.layer2.spike', reason: 'VIX spike', group: 'hedge-3', figures: {} },
    { date: '2020-03-17', action: 'roll-condor', rule: 'condor.roll', reason: 'short put tested', group: 'condor-9', figures: {} },
  ];
  it('matches date, action, rule, reason and group without regard to case; a blank query keeps all', () => {
    expect(searchDecisions(rows, 'SPIKE').map((r) => r.date)).toEqual(['2020-03-16']);
    expect(searchDecisions(rows, 'condor-9').map((r) => r.date)).toEqual(['2020-03-17']);
    expect(searchDecisions(rows, '2020-03').length).toBe(2);
    expect(searchDecisions(rows, '  ').length).toBe(2);
    expect(searchDecisions(rows, 'nothing like it')).toEqual([]);
  });
});

describe('rebasedBenchmark', () => {
  const closes = new Map([['2020-01-02', 2000], ['2020-01-03', 2100], ['2020-01-06', 1900]]);
  it('reads as the starting money held in the index, worked by hand', () => {
    // 2100 / 2000 of 1 000 000 is 1 050 000; 1900 / 2000 is 950 000.
    expect(rebasedBenchmark(['2020-01-02', '2020-01-03', '2020-01-06'], (d) => closes.get(d), 1_000_000)).toEqual([
      ['2020-01-02', 1_000_000],
      ['2020-01-03', 1_050_000],
      ['2020-01-06', 950_000],
    ]);
  });
  it('leaves out days without a close and is empty without a first close to rebase to', () => {
    expect(rebasedBenchmark(['2020-01-02', '2020-01-04', '2020-01-06'], (d) => closes.get(d), 100).map(([d]) => d)).toEqual(['2020-01-02', '2020-01-06']);
    expect(rebasedBenchmark(['2019-12-31', '2020-01-02'], (d) => closes.get(d), 100)).toEqual([]);
    expect(rebasedBenchmark([], (d) => closes.get(d), 100)).toEqual([]);
  });
});
