import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadPreset } from '../data/presets.js';
import { configDifferences } from './configDiff.js';
import type { StrategyConfig } from './config.js';

const ladder = loadPreset('alvh-ladder');

describe('configDifferences', () => {
  it('is empty for the same config, and for one whose description alone was edited', () => {
    expect(configDifferences(ladder, ladder)).toEqual([]);
    expect(configDifferences(ladder, { ...ladder, description: 'my words' })).toEqual([]);
  });

  it('names each field set differently by its path, nested objects walked and arrays read whole', () => {
    const edited: StrategyConfig = {
      ...ladder,
      initialEquityUsd: 250_000,
      hedge: { ...ladder.hedge, takeProfitMultipleOfCost: ladder.hedge.takeProfitMultipleOfCost + 0.5, hedgeRatioBand: { ...ladder.hedge.hedgeRatioBand, min: 0.5 }, ladderContractRatio: [3, 3, 2] },
    };
    expect(configDifferences(ladder, edited)).toEqual([
      { field: 'initialEquityUsd', was: String(ladder.initialEquityUsd), now: '250000' },
      { field: 'hedge.hedgeRatioBand.min', was: String(ladder.hedge.hedgeRatioBand.min), now: '0.5' },
      { field: 'hedge.ladderContractRatio', was: JSON.stringify(ladder.hedge.ladderContractRatio), now: '[3,3,2]' },
      { field: 'hedge.takeProfitMultipleOfCost', was: String(ladder.hedge.takeProfitMultipleOfCost), now: String(ladder.hedge.takeProfitMultipleOfCost + 0.5) },
    ].sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field)));
  });

  it('says a field one config lacks is not set there', () => {
    const { aboveBandHoldBeforeCondorExpiryDays: _dropped, ...olderHedge } = ladder.hedge;
    const older = { ...ladder, hedge: olderHedge } as unknown as StrategyConfig;
    expect(configDifferences(older, ladder)).toEqual([{ field: 'hedge.aboveBandHoldBeforeCondorExpiryDays', was: '(not set)', now: String(ladder.hedge.aboveBandHoldBeforeCondorExpiryDays) }]);
  });

  it('is symmetric: each field differs both ways, its values swapped (random edits of numeric fields)', () => {
    const numericHedgeFields = Object.entries(ladder.hedge).filter(([, v]) => typeof v === 'number').map(([k]) => k);
    fc.assert(
      fc.property(fc.subarray(numericHedgeFields, { minLength: 1 }), fc.double({ min: 0.001, max: 10, noNaN: true }), (fields, bump) => {
        const hedge = { ...ladder.hedge } as Record<string, unknown>;
        for (const f of fields) hedge[f] = (hedge[f] as number) + bump;
        const edited = { ...ladder, hedge } as unknown as StrategyConfig;
        const forward = configDifferences(ladder, edited);
        const back = configDifferences(edited, ladder);
        expect(forward.map((d) => d.field).sort()).toEqual(fields.map((f) => `hedge.${f}`).sort());
        expect(back).toEqual(forward.map((d) => ({ field: d.field, was: d.now, now: d.was })));
      }),
    );
  });
});

/** Where a field's path comes in the preset's own field order (depth first). */
function fieldOrder(path: string): number {
  const order: string[] = [];
  const visit = (x: unknown, prefix: string) => {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) {
      order.push(prefix);
      return;
    }
    for (const [k, v] of Object.entries(x)) visit(v, prefix === '' ? k : `${prefix}.${k}`);
  };
  visit(ladder, '');
  return order.indexOf(path);
}
