import { describe, expect, it } from 'vitest';
import { batchesOf, batchOrder, choosesInstruments, DEFAULT_BATCH_VARIANTS, parseSweepBatchConfig, SweepBatchError } from './batching.js';

describe('sweep batches', () => {
  it('cuts the tasks into consecutive batches of the configured size, keeping their order', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const batches = batchesOf(items, 8);
    expect(batches.map((b) => b.length)).toEqual([8, 8, 4]);
    expect(batches.flat()).toEqual(items);
  });

  it('gives every worker work when there are fewer tasks than workers times the batch size', () => {
    expect(batchesOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 8, 2).map((b) => b.length)).toEqual([5, 5]);
    expect(batchesOf([1], 8, 4)).toEqual([[1]]);
    expect(batchesOf([], 8, 2)).toEqual([]);
  });

  it('the config is strict, defaulted and bounded', () => {
    expect(parseSweepBatchConfig({})).toEqual({ batchVariants: DEFAULT_BATCH_VARIANTS });
    expect(() => parseSweepBatchConfig({ batchVariants: 0 })).toThrow(SweepBatchError);
    expect(() => parseSweepBatchConfig({ batchVariants: 2.5 })).toThrow(SweepBatchError);
    expect(() => parseSweepBatchConfig({ batchVariants: Number.NaN })).toThrow(SweepBatchError);
    expect(() => parseSweepBatchConfig({ batchVariant: 4 })).toThrow(SweepBatchError);
    expect(() => batchesOf([1], 4, 0)).toThrow(SweepBatchError);
  });

  it('knows the fields that choose the options a variant trades', () => {
    for (const path of ['ironCondor.shortDelta', 'ironCondor.entryDteDays', 'ironCondor.wingWidthPoints', 'ironCondor.preFomcShortDelta.min', 'hedge.hedgeCallDelta', 'hedge.ladderTenors', 'hedge.firstLayerDteDays.max', 'hedge.instrument', 'hedge.laterLayerStructure', 'structure', 'ironCondor.expirySelection']) {
      expect(choosesInstruments(path), path).toBe(true);
    }
    for (const path of ['hedge.takeProfitMultipleOfCost', 'hedge.caps.maxDragFractionOfEquityPerMonth', 'hedge.hedgeRatioBand.max', 'sizing.riskPerTradeFractionOfEquity', 'entry.maxOpenCondors']) {
      expect(choosesInstruments(path), path).toBe(false);
    }
  });

  it('orders the variants so that a batch shares the options it trades: instrument fields outermost, random draws innermost', () => {
    // A spec listing the take-profit multiple first, the hedge-call delta second and a random draw
    // last, expanded as expandVariants does (baseline first, the first listed field outermost).
    const tp = 'hedge.takeProfitMultipleOfCost';
    const delta = 'hedge.hedgeCallDelta';
    const draw = 'hedge.cashWhenVixAbove';
    const variants: Array<{ index: number; values: Record<string, number> }> = [{ index: 0, values: {} }];
    let random = 0;
    for (const t of [2, 3, 4]) for (const d of [0.3, 0.2]) for (let s = 0; s < 2; s++) variants.push({ index: variants.length, values: { [tp]: t, [delta]: d, [draw]: 40 + ++random } });
    const ordered = batchOrder(variants, [tp, delta, draw]);
    expect(ordered.map((v) => v.index).sort((a, b) => a - b)).toEqual(variants.map((v) => v.index));
    expect(ordered[0]?.index).toBe(0);
    // By hedge delta first (0.2 before 0.3), then take-profit, then the draw: the first six share 0.2.
    const rows = ordered.slice(1).map((v) => [v.values[delta], v.values[tp], v.values[draw]]);
    expect(rows).toEqual([
      [0.2, 2, 43], [0.2, 2, 44], [0.2, 3, 47], [0.2, 3, 48], [0.2, 4, 51], [0.2, 4, 52],
      [0.3, 2, 41], [0.3, 2, 42], [0.3, 3, 45], [0.3, 3, 46], [0.3, 4, 49], [0.3, 4, 50],
    ]);
    // Already in that order: unchanged; equal values keep the expansion's order.
    expect(batchOrder(ordered, [tp, delta, draw])).toEqual(ordered);
    const twins = [{ index: 2, values: { [tp]: 2 } }, { index: 1, values: { [tp]: 2 } }];
    expect(batchOrder(twins, [tp]).map((v) => v.index)).toEqual([1, 2]);
  });
});
