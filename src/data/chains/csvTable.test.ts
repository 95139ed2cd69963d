import { describe, expect, it } from 'vitest';
import { formatChainParseError, mapRecords, readCsvTable } from './csvTable.js';

describe('readCsvTable', () => {
  it('reads a header and records with their 1-based line numbers', () => {
    const table = readCsvTable('a,b\n1,2\n3,4\n', 'x.csv', ['a', 'b']);
    expect(table.ok && table.value.records.map((r) => r.line)).toEqual([2, 3]);
  });

  it('names the missing column', () => {
    const table = readCsvTable('a,b\n1,2\n', 'x.csv', ['a', 'c']);
    expect(!table.ok && formatChainParseError(table.error)).toBe("x.csv:1: field 'c': missing column; header is: a,b");
  });

  it('rejects a record with the wrong number of cells, naming its line', () => {
    const table = readCsvTable('a,b\n1,2\n3\n', 'x.csv', ['a']);
    expect(!table.ok && table.error.line).toBe(3);
  });

  it('rejects an empty file and blank lines inside the data', () => {
    expect(readCsvTable('', 'x.csv', []).ok).toBe(false);
    expect(readCsvTable('a\n1\n\n2\n', 'x.csv', ['a']).ok).toBe(false);
  });

  it('rejects quoted fields instead of splitting them wrongly', () => {
    expect(readCsvTable('a,b\n"1,5",2\n', 'x.csv', ['a']).ok).toBe(false);
  });
});

describe('mapRecords', () => {
  const table = (text: string) => {
    const parsed = readCsvTable(text, 'q.csv', ['n', 'd']);
    if (!parsed.ok) throw new Error('fixture must parse');
    return parsed.value;
  };

  it('maps typed cells', () => {
    const rows = mapRecords(table('n,d\n2.5,1970-01-03\n'), (row) => ({ n: row.number('n'), d: row.day('d') }));
    expect(rows).toEqual({ ok: true, value: [{ n: 2.5, d: 2 }] });
  });

  it.each([
    ['NaN', 'n'],
    ['', 'n'],
    ['Infinity', 'n'],
    // Number() reads these as 16 and 3: a hex or binary cell is not a price.
    ['0x10', 'n'],
    ['0b11', 'n'],
  ])('rejects the number %j with file, line and field', (cell, field) => {
    const rows = mapRecords(table(`n,d\n1,1970-01-01\n${cell},1970-01-01\n`), (row) => row.number('n'));
    expect(rows.ok).toBe(false);
    if (!rows.ok) expect(rows.error).toMatchObject({ file: 'q.csv', line: 3, field });
  });

  it('rejects an impossible date', () => {
    const rows = mapRecords(table('n,d\n1,2021-02-30\n'), (row) => row.day('d'));
    expect(!rows.ok && rows.error.field).toBe('d');
  });

  it('rejects negatives where a non-negative value is required', () => {
    const rows = mapRecords(table('n,d\n-0.5,2021-02-01\n'), (row) => row.nonNegative('n'));
    expect(!rows.ok && rows.error.message).toContain('>= 0');
  });
});
