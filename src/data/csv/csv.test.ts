import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvColumns, formatCsvError, parseCsvText, readCsvFile } from './csv.js';
import { parseFiniteDecimal } from '../../lib/finite.js';

describe('strict CSV reading', () => {
  it('splits header and rows, keeping 1-based line numbers and skipping blank lines', () => {
    const table = parseCsvText('a,b\r\n1,2\n\n3,4\n', 'f.csv');
    expect(table.ok).toBe(true);
    if (!table.ok) return;
    expect(table.value.header).toEqual(['a', 'b']);
    expect(table.value.rows).toEqual([
      { line: 2, cells: ['1', '2'] },
      { line: 4, cells: ['3', '4'] },
    ]);
  });

  it('rejects ragged rows, quotes, duplicate columns and empty files with the line', () => {
    expect(parseCsvText('a,b\n1\n', 'f.csv')).toMatchObject({ ok: false, error: { line: 2, field: 'b' } });
    expect(parseCsvText('a,b\n1,2,3\n', 'f.csv')).toMatchObject({ ok: false, error: { line: 2 } });
    expect(parseCsvText('a,b\n"1",2\n', 'f.csv')).toMatchObject({ ok: false, error: { line: 2 } });
    expect(parseCsvText('a,a\n', 'f.csv')).toMatchObject({ ok: false, error: { line: 1 } });
    expect(parseCsvText('\n\n', 'f.csv')).toMatchObject({ ok: false, error: { line: 0 } });
  });

  it('parses only plain finite decimals', () => {
    for (const good of ['1', '-2.5', '+.5', '1e-3', '6.02E23', '0.0']) expect(parseFiniteDecimal(good)).toBe(Number(good));
    for (const bad of ['', ' ', 'NaN', 'Infinity', '-Infinity', '0x10', '1,5', '1e400', 'abc', '1.2.3']) expect(parseFiniteDecimal(bad)).toBeUndefined();
  });

  it('column access names file, line and field in its errors', () => {
    const table = parseCsvText('x,kind\n1.5,C\nfoo,Q\n', 'data.csv');
    if (!table.ok) throw new Error('parse failed');
    const columns = CsvColumns.require(table.value, ['x', 'kind']);
    if (!columns.ok) throw new Error('columns missing');
    const [first, second] = table.value.rows;
    if (!first || !second) throw new Error('rows missing');
    expect(columns.value.finiteNumber(first, 'x')).toEqual({ ok: true, value: 1.5 });
    const bad = columns.value.finiteNumber(second, 'x');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(formatCsvError(bad.error)).toBe("data.csv:3: field 'x': 'foo' is not a finite number");
    const kind = columns.value.oneOf(second, 'kind', ['C', 'P']);
    if (!kind.ok) expect(formatCsvError(kind.error)).toBe("data.csv:3: field 'kind': 'Q' is not one of C, P");
    expect(CsvColumns.require(table.value, ['y'])).toMatchObject({ ok: false, error: { line: 1, field: 'y' } });
  });

  it('reads files and reports unreadable ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-csv-'));
    const file = join(dir, 'ok.csv');
    writeFileSync(file, 'a\n1\n');
    expect(readCsvFile(file)).toMatchObject({ ok: true, value: { file, header: ['a'] } });
    expect(readCsvFile(join(dir, 'missing.csv'))).toMatchObject({ ok: false, error: { line: 0 } });
  });
});
