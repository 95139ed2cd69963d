/** The columnar codec: any plain data round-trips exactly (bit for bit, key order kept); anything else is refused. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColumnarCodecError, decodeRows, encodeRows, rowReader } from './columns.js';

/** Plain data as a calibration or a signal table produces it: doubles of every kind, strings, flags, nulls, nesting. */
const plainValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.double(),
    fc.constantFrom(Number.NaN, -0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MIN_VALUE, Number.MAX_VALUE),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Deep equality that tells NaN, -0 and undefined-valued keys apart, and checks key order. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

describe('columnar rows', () => {
  it('round-trips any list of plain data exactly', () => {
    fc.assert(
      fc.property(fc.array(plainValue, { maxLength: 12 }), (rows) => {
        const decoded = decodeRows(encodeRows(rows));
        expect(decoded.length).toBe(rows.length);
        expect(rows.every((row, i) => same(row, decoded[i]))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('stores a shape once for rows of the same shape, and the leaves in columns', () => {
    // Two rows of one shape, a third with a longer array: two shapes, seven numbers, three string
    // leaves of two distinct strings ('skew' stored once, its two leaves index 0).
    const rows = [
      { day: 1, source: 'skew', nodes: [0.1] },
      { day: 2, source: 'no-skew', nodes: [0.2] },
      { day: 3, source: 'skew', nodes: [0.3, 0.4] },
    ];
    // Shape of the first two, as text: ["o","day","n","source","s","nodes",["a","n"]].
    const encoded = encodeRows(rows);
    expect(encoded.shapes).toEqual(['["o","day","n","source","s","nodes",["a","n"]]', '["o","day","n","source","s","nodes",["a","n","n"]]']);
    expect([...encoded.shapeOfRow]).toEqual([0, 0, 1]);
    expect([...encoded.numbers]).toEqual([1, 0.1, 2, 0.2, 3, 0.3, 0.4]);
    expect(encoded.strings).toEqual(['skew', 'no-skew']);
    expect([...encoded.stringOfLeaf]).toEqual([0, 1, 0]);
    expect(decodeRows(encoded)).toEqual(rows);
  });

  it('stores each distinct string once however many rows repeat it, and every read shares it', () => {
    // 10,000 rows of one repeated reason and two alternating regimes: three strings, 20,000 leaves.
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ regime: i % 2 === 0 ? 'calm' : 'normal', reason: 'no NYSE breadth record for this day' }));
    const encoded = encodeRows(rows);
    expect(encoded.strings).toEqual(['calm', 'no NYSE breadth record for this day', 'normal']);
    expect(encoded.stringOfLeaf.length).toBe(20_000);
    const decoded = decodeRows(encoded) as (typeof rows)[number][];
    expect(decoded).toEqual(rows);
    expect(rowReader(encoded).row(9_999)).toEqual({ regime: 'normal', reason: 'no NYSE breadth record for this day' });
  });

  it('keeps an own __proto__ key as data', () => {
    const row = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as Record<string, unknown>;
    const [decoded] = decodeRows(encodeRows([row])) as Record<string, unknown>[];
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(row));
  });

  it('refuses what is not plain data, naming where it is', () => {
    expect(() => encodeRows([{ a: [1, { f: () => 1 }] }])).toThrow(/row 0\.a\[1\]\.f: a function cannot be stored/);
    expect(() => encodeRows([{ when: new Date(0) }])).toThrow(/row 0\.when: only plain data can be stored, found a Date/);
    expect(() => encodeRows([{ big: 1n }])).toThrow(ColumnarCodecError);
  });

  it('refuses columns that do not fit together instead of building partial rows', () => {
    const encoded = encodeRows([{ x: 1, y: 'a' }, { x: 2, y: 'b' }]);
    expect(() => decodeRows({ ...encoded, numbers: encoded.numbers.subarray(0, 1) })).toThrow(/more numbers/);
    expect(() => decodeRows({ ...encoded, stringOfLeaf: Int32Array.of(0, 1, 1) })).toThrow(/left over/);
    expect(() => decodeRows({ ...encoded, stringOfLeaf: Int32Array.of(0, 2) })).toThrow(/string leaf 1 names string 2, of 2/);
    expect(() => decodeRows({ ...encoded, stringOfLeaf: Int32Array.of(-1, 0) })).toThrow(/string leaf 0 names string -1/);
    // The layout before strings were stored once: every leaf in `strings`, no indexes.
    const { stringOfLeaf: _dropped, ...earlierLayout } = encoded;
    expect(() => decodeRows(earlierLayout as unknown as typeof encoded)).toThrow(/no string table/);
    expect(() => rowReader(earlierLayout as unknown as typeof encoded)).toThrow(/no string table/);
    expect(() => decodeRows({ ...encoded, shapeOfRow: Int32Array.of(0, 5) })).toThrow(/names shape 5/);
  });

  it('reads any row alone, in any order, as the whole decode gives it', () => {
    fc.assert(
      fc.property(fc.array(plainValue, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 20 }), (rows, picks) => {
        const reader = rowReader(encodeRows(rows));
        expect(reader.length).toBe(rows.length);
        for (const pick of picks) {
          const i = pick % rows.length;
          expect(same(reader.row(i), rows[i])).toBe(true);
        }
        // Each read builds its own object: a caller that changes one never changes the next read.
        if (rows[0] !== null && typeof rows[0] === 'object') expect(reader.row(0)).not.toBe(reader.row(0));
      }),
      { numRuns: 300 },
    );
  });

  it('checks the whole columns before reading a row, so no later read can fail', () => {
    const encoded = encodeRows([{ x: 1, y: 'a' }, { x: 2, y: 'b' }]);
    expect(() => rowReader({ ...encoded, numbers: encoded.numbers.subarray(0, 1) })).toThrow(/more numbers/);
    expect(() => rowReader({ ...encoded, stringOfLeaf: Int32Array.of(0) })).toThrow(/more strings/);
    expect(() => rowReader({ ...encoded, strings: ['a'] })).toThrow(/string leaf 1 names string 1, of 1/);
    expect(() => rowReader({ ...encoded, numbers: Float64Array.of(1, 2, 3) })).toThrow(/left over/);
    expect(() => rowReader({ ...encoded, shapeOfRow: Int32Array.of(0, 5) })).toThrow(/names shape 5/);
    expect(() => rowReader({ ...encoded, shapes: ['["o","x","q","y","s"]'] })).toThrow(/unknown leaf 'q'/);
    expect(() => rowReader({ ...encoded, shapes: ['["z","x","n","y","s"]'] })).toThrow(/unknown composite 'z'/);
    const reader = rowReader(encoded);
    expect(reader.row(1)).toEqual({ x: 2, y: 'b' });
    expect(() => reader.row(2)).toThrow(RangeError);
    expect(() => reader.row(-1)).toThrow(RangeError);
  });
});
