import { describe, expect, it } from 'vitest';
import { batchesOf, DEFAULT_BATCH_VARIANTS, parseSweepBatchConfig, SweepBatchError } from './batching.js';

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
});
