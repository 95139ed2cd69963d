import { describe, expect, it } from 'vitest';
import { CellReader } from './cellReader.js';

class Failure extends Error {}

/** One record of named cells; a failure throws with the column and message. */
class Row extends CellReader {
  constructor(private readonly cells: Readonly<Record<string, string>>) {
    super();
  }
  protected cell(column: string): string | undefined {
    return Object.hasOwn(this.cells, column) ? this.cells[column] : undefined;
  }
  fail(column: string, message: string): never {
    throw new Failure(`${column}: ${message}`);
  }
}

describe('CellReader', () => {
  it('reads trimmed text and plain decimals', () => {
    const row = new Row({ a: ' x ', b: ' -3.5 ', c: '1e3', d: '.5' });
    expect(row.text('a')).toBe('x');
    expect(row.number('b')).toBe(-3.5);
    expect(row.number('c')).toBe(1000);
    expect(row.number('d')).toBe(0.5);
  });

  it('refuses what Number() would take or turn into NaN, naming the column', () => {
    // Number('0x10') is 16 and Number('') is 0: a vendor cell like these is an error, not a value.
    for (const bad of ['0x10', '', 'NaN', 'Infinity', '1,5', '12abc', '0b11']) {
      expect(() => new Row({ k: bad }).number('k')).toThrow(`k: expected a finite number, got '${bad}'`);
    }
    expect(() => new Row({}).number('strike')).toThrow('strike: no such column');
  });

  it('checks signs and choices', () => {
    const row = new Row({ zero: '0', neg: '-1', side: 'C', proto: 'constructor' });
    expect(() => row.positive('zero')).toThrow('zero: expected a value > 0, got 0');
    expect(row.nonNegative('zero')).toBe(0);
    expect(() => row.nonNegative('neg')).toThrow('neg: expected a value >= 0, got -1');
    const rights = { C: 'call', P: 'put' } as const;
    expect(row.choice('side', rights)).toBe('call');
    // Only the listed spellings: an inherited key of the lookup object is not one of them.
    expect(() => row.choice('proto', rights)).toThrow("proto: expected one of C|P, got 'constructor'");
  });
});
