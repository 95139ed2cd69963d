/**
 * A columnar codec for long lists of plain-data rows (a tape's calibrated days, its betas, its signal
 * table): each row is split into its shape (keys, array lengths, booleans, null, undefined; stored once
 * per distinct shape) and its leaves (every number into one Float64Array; every string once, in a list
 * of the distinct strings, and each string leaf as its index there, in one Int32Array). Thousands of
 * rows of a few dozen fields each decode in milliseconds, where a generic serialiser spends most of a
 * second creating them field by field; and the codec needs no field list, so a row may carry whatever
 * fields its producer gives it. Numbers keep every bit (NaN, -0 and infinities included), object keys
 * keep their order, so a decoded row serialises to the same text as the original.
 *
 * Strings are stored once because they repeat: the market tape's signal table has 301,946 string
 * leaves and 9,689 distinct strings ('regression', a missing-data reason on every day of a year). Read
 * back as one string each, they were 447,000 strings on the heap for every command that opened the
 * tape, copied by the collector before they settled; as indexes they are one typed array.
 */

/** The rows, encoded. */
export interface ColumnarRows {
  /** Distinct shapes, as JSON text (see Shape). */
  readonly shapes: readonly string[];
  /** The shape of each row, an index into shapes. */
  readonly shapeOfRow: Int32Array;
  /** Every number leaf of every row, in row order then depth-first order. */
  readonly numbers: Float64Array;
  /** The distinct strings of the rows, in order of first use. */
  readonly strings: readonly string[];
  /** Every string leaf of every row, in row order then depth-first order: its index in `strings`. */
  readonly stringOfLeaf: Int32Array;
}

/** The distinct strings met so far and each string leaf's index among them. */
interface StringTable {
  readonly strings: string[];
  readonly ids: Map<string, number>;
  readonly leaves: number[];
}

/**
 * A shape: 'n' a number, 's' a string, 'T'/'F'/'N'/'U' true, false, null, undefined; ['a', ...items]
 * an array; ['o', key, value, key, value, ...] a plain object.
 */
type Shape = string | Shape[];

export class ColumnarCodecError extends Error {
  override name = 'ColumnarCodecError';
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function shapeOf(value: unknown, numbers: number[], strings: StringTable, path: string): Shape {
  switch (typeof value) {
    case 'number':
      numbers.push(value);
      return 'n';
    case 'string': {
      let id = strings.ids.get(value);
      if (id === undefined) {
        id = strings.strings.length;
        strings.strings.push(value);
        strings.ids.set(value, id);
      }
      strings.leaves.push(id);
      return 's';
    }
    case 'boolean':
      return value ? 'T' : 'F';
    case 'undefined':
      return 'U';
    case 'object': {
      if (value === null) return 'N';
      if (Array.isArray(value)) {
        const shape: Shape[] = ['a'];
        for (let i = 0; i < value.length; i++) shape.push(shapeOf(value[i], numbers, strings, `${path}[${i}]`));
        return shape;
      }
      if (!isPlainObject(value)) throw new ColumnarCodecError(`${path}: only plain data can be stored, found a ${(value as object).constructor?.name ?? 'non-plain object'}`);
      const shape: Shape[] = ['o'];
      for (const [key, field] of Object.entries(value)) shape.push(key, shapeOf(field, numbers, strings, `${path}.${key}`));
      return shape;
    }
    default:
      throw new ColumnarCodecError(`${path}: a ${typeof value} cannot be stored`);
  }
}

export function encodeRows(rows: readonly unknown[]): ColumnarRows {
  const numbers: number[] = [];
  const strings: StringTable = { strings: [], ids: new Map(), leaves: [] };
  const shapes: string[] = [];
  const shapeIds = new Map<string, number>();
  const shapeOfRow = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const text = JSON.stringify(shapeOf(rows[i], numbers, strings, `row ${i}`));
    let id = shapeIds.get(text);
    if (id === undefined) {
      id = shapes.length;
      shapes.push(text);
      shapeIds.set(text, id);
    }
    shapeOfRow[i] = id;
  }
  return { shapes, shapeOfRow, numbers: Float64Array.from(numbers), strings: strings.strings, stringOfLeaf: Int32Array.from(strings.leaves) };
}

interface Cursor {
  number: number;
  string: number;
}

function build(shape: Shape, rows: ColumnarRows, at: Cursor): unknown {
  if (typeof shape === 'string') {
    switch (shape) {
      case 'n': {
        if (at.number >= rows.numbers.length) throw new ColumnarCodecError('the rows need more numbers than are stored');
        return rows.numbers[at.number++];
      }
      case 's': {
        if (at.string >= rows.stringOfLeaf.length) throw new ColumnarCodecError('the rows need more strings than are stored');
        return rows.strings[rows.stringOfLeaf[at.string++] as number];
      }
      case 'T':
        return true;
      case 'F':
        return false;
      case 'N':
        return null;
      case 'U':
        return undefined;
      default:
        throw new ColumnarCodecError(`unknown leaf '${shape}' in a shape`);
    }
  }
  if (shape[0] === 'a') {
    const items = new Array<unknown>(shape.length - 1);
    for (let i = 1; i < shape.length; i++) items[i - 1] = build(shape[i] as Shape, rows, at);
    return items;
  }
  if (shape[0] === 'o') {
    const object: Record<string, unknown> = {};
    for (let i = 1; i < shape.length; i += 2) {
      const key = shape[i] as string;
      const value = build(shape[i + 1] as Shape, rows, at);
      // An own '__proto__' key is data: assigning it would set the prototype instead.
      if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      else object[key] = value;
    }
    return object;
  }
  throw new ColumnarCodecError(`unknown composite '${String(shape[0])}' in a shape`);
}

/**
 * Rows by index, whether an array holds them or a reader decodes them on demand (the market tape's
 * stored days and signal table, and those a tape just computed, are both read through this).
 */
export interface IndexedRows<T> {
  readonly length: number;
  at(index: number): T | undefined;
}

/** Rows read one at a time: each decoded when asked for, a new object every time. */
export interface RowReader {
  readonly length: number;
  row(index: number): unknown;
}

/** How many number and string leaves a shape holds; a ColumnarCodecError for a shape the codec never writes. */
function leafCounts(shape: Shape): { numbers: number; strings: number } {
  const counts = { numbers: 0, strings: 0 };
  const walk = (s: Shape): void => {
    if (typeof s === 'string') {
      if (s === 'n') counts.numbers++;
      else if (s === 's') counts.strings++;
      else if (s !== 'T' && s !== 'F' && s !== 'N' && s !== 'U') throw new ColumnarCodecError(`unknown leaf '${s}' in a shape`);
      return;
    }
    if (s[0] !== 'a' && s[0] !== 'o') throw new ColumnarCodecError(`unknown composite '${String(s[0])}' in a shape`);
    // An array's items follow its tag; an object's values each follow their key.
    const step = s[0] === 'a' ? 1 : 2;
    for (let i = step; i < s.length; i += step) walk(s[i] as Shape);
  };
  walk(shape);
  return counts;
}

/** Every string leaf names one of the stored strings: a ColumnarCodecError for the first that does not. */
function checkStringIndexes(rows: ColumnarRows): void {
  // A payload of another layout (an earlier codec stored every string leaf in `strings`) is refused here.
  if (!Array.isArray(rows.strings) || !(rows.stringOfLeaf instanceof Int32Array)) throw new ColumnarCodecError('the rows have no string table and string indexes');
  const count = rows.strings.length;
  const leaves = rows.stringOfLeaf;
  for (let i = 0; i < leaves.length; i++) {
    const id = leaves[i] as number;
    if (!(id >= 0 && id < count)) throw new ColumnarCodecError(`string leaf ${i} names string ${id}, of ${count}`);
  }
}

/**
 * A reader of the rows that decodes none of them yet: every row's first number and string are found
 * from the shapes' leaf counts, and the columns are checked to fit together (every shape known, no leaf
 * missing, none left over), so that no later row() can fail. A caller that needs a few rows of thousands
 * (the daily signal reads one day of a tape) pays for those alone.
 */
export function rowReader(rows: ColumnarRows): RowReader {
  checkStringIndexes(rows);
  const parsed = rows.shapes.map((text) => JSON.parse(text) as Shape);
  const counts = parsed.map(leafCounts);
  const length = rows.shapeOfRow.length;
  const numberAt = new Float64Array(length);
  const stringAt = new Float64Array(length);
  let numbers = 0;
  let strings = 0;
  for (let i = 0; i < length; i++) {
    const c = counts[rows.shapeOfRow[i] as number];
    if (c === undefined) throw new ColumnarCodecError(`row ${i} names shape ${rows.shapeOfRow[i]}, of ${parsed.length}`);
    numberAt[i] = numbers;
    stringAt[i] = strings;
    numbers += c.numbers;
    strings += c.strings;
  }
  if (numbers > rows.numbers.length) throw new ColumnarCodecError('the rows need more numbers than are stored');
  if (strings > rows.stringOfLeaf.length) throw new ColumnarCodecError('the rows need more strings than are stored');
  if (numbers !== rows.numbers.length || strings !== rows.stringOfLeaf.length) throw new ColumnarCodecError('stored leaves are left over after the last row');
  return {
    length,
    row(index) {
      if (!Number.isInteger(index) || index < 0 || index >= length) throw new RangeError(`row ${index} of ${length}`);
      return build(parsed[rows.shapeOfRow[index] as number] as Shape, rows, { number: numberAt[index] as number, string: stringAt[index] as number });
    },
  };
}

/**
 * The rows again; a ColumnarCodecError when the columns do not fit together (never a partial list).
 * One pass with one cursor: the whole list costs no more than its rows (rowReader's per-row start
 * would add an object per row to lists of 100,000 rows).
 */
export function decodeRows(rows: ColumnarRows): unknown[] {
  checkStringIndexes(rows);
  const parsed = rows.shapes.map((text) => JSON.parse(text) as Shape);
  const at: Cursor = { number: 0, string: 0 };
  const out = new Array<unknown>(rows.shapeOfRow.length);
  for (let i = 0; i < rows.shapeOfRow.length; i++) {
    const shape = parsed[rows.shapeOfRow[i] as number];
    if (shape === undefined) throw new ColumnarCodecError(`row ${i} names shape ${rows.shapeOfRow[i]}, of ${parsed.length}`);
    out[i] = build(shape, rows, at);
  }
  if (at.number !== rows.numbers.length || at.string !== rows.stringOfLeaf.length) throw new ColumnarCodecError('stored leaves are left over after the last row');
  return out;
}
