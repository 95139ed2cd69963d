/**
 * The get-or-create step of the two-level memos (by day then count, by config then grid node, by
 * option then strike): a value computed once per pair of keys, its inner map made on first use.
 */

/** The outer level: a Map or, for keys that should not be kept alive by the memo (config objects), a WeakMap. */
interface OuterMap<K1, K2, V> {
  get(key: K1): Map<K2, V> | undefined;
  set(key: K1, value: Map<K2, V>): unknown;
}

/** The value memoised under (outerKey, innerKey), made by `make` and kept the first time it is asked for. */
export function memoisedPair<K1, K2, V>(memo: OuterMap<K1, K2, V>, outerKey: K1, innerKey: K2, make: () => V): V {
  let inner = memo.get(outerKey);
  if (inner === undefined) {
    inner = new Map();
    memo.set(outerKey, inner);
  }
  let value = inner.get(innerKey);
  if (value === undefined) {
    value = make();
    inner.set(innerKey, value);
  }
  return value;
}
