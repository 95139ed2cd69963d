import { describe, expect, it } from 'vitest';
import { memoisedPair } from './memo.js';

describe('memoisedPair', () => {
  it('makes each pair once and keeps pairs apart', () => {
    const memo = new Map<number, Map<string, number[]>>();
    let made = 0;
    const make = (n: number) => () => {
      made++;
      return [n];
    };
    const a = memoisedPair(memo, 1, 'x', make(10));
    expect(memoisedPair(memo, 1, 'x', make(99))).toBe(a);
    expect(a).toEqual([10]);
    expect(memoisedPair(memo, 1, 'y', make(11))).toEqual([11]);
    expect(memoisedPair(memo, 2, 'x', make(12))).toEqual([12]);
    expect(made).toBe(3);
    expect([...memo.keys()]).toEqual([1, 2]);
    expect([...(memo.get(1)?.keys() ?? [])]).toEqual(['x', 'y']);
  });

  it('works over a WeakMap keyed by objects', () => {
    const memo = new WeakMap<object, Map<number, string>>();
    const key = {};
    expect(memoisedPair(memo, key, 3, () => 'three')).toBe('three');
    expect(memoisedPair(memo, key, 3, () => 'other')).toBe('three');
    expect(memoisedPair(memo, {}, 3, () => 'other')).toBe('other');
  });
});
