import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { csvQuoted, spreadsheetCell, spreadsheetCsv, spreadsheetText } from './csvCell.js';

describe('csvQuoted (RFC 4180)', () => {
  it('quotes a field only when it holds a separator, a quote or a line break, doubling its quotes', () => {
    expect(csvQuoted('plain')).toBe('plain');
    expect(csvQuoted('a,b')).toBe('"a,b"');
    expect(csvQuoted('say "hi"')).toBe('"say ""hi"""');
    expect(csvQuoted('two\nlines')).toBe('"two\nlines"');
    // A lone carriage return ends a row for many readers, so it is quoted as a line feed is.
    expect(csvQuoted('cr\rhere')).toBe('"cr\rhere"');
    expect(csvQuoted('=1+1')).toBe('=1+1');
  });
});

describe('spreadsheetText (CSV injection)', () => {
  it('writes text a spreadsheet would run as a formula behind an apostrophe', () => {
    expect(spreadsheetText('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(spreadsheetText('+cmd')).toBe("'+cmd");
    expect(spreadsheetText('-2+3+cmd')).toBe("'-2+3+cmd");
    expect(spreadsheetText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(spreadsheetText('\t=1')).toBe("'\t=1");
    expect(spreadsheetText('\r=1')).toBe(`"'\r=1"`);
  });

  it('leaves plain text and plain numbers, negative ones included, as they are', () => {
    expect(spreadsheetText('alvh-ladder')).toBe('alvh-ladder');
    expect(spreadsheetText('-0.81')).toBe('-0.81');
    expect(spreadsheetText('+2')).toBe('+2');
    expect(spreadsheetText('-1e-5')).toBe('-1e-5');
    expect(spreadsheetText('-.5')).toBe('-.5');
    expect(spreadsheetText('')).toBe('');
  });
});

describe('spreadsheetCell', () => {
  it('leaves nothing and non-finite figures empty, and writes numbers and booleans as JavaScript does', () => {
    expect(spreadsheetCell(undefined)).toBe('');
    expect(spreadsheetCell(null)).toBe('');
    expect(spreadsheetCell(Number.NaN)).toBe('');
    expect(spreadsheetCell(Number.POSITIVE_INFINITY)).toBe('');
    expect(spreadsheetCell(-25059.5)).toBe('-25059.5');
    expect(spreadsheetCell(1014040.628)).toBe('1014040.628');
    expect(spreadsheetCell(false)).toBe('false');
  });

  it('a CSV parser reads back every text as written (after its apostrophe) and never a cell starting a formula', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const width = rows[0]!.length;
        const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const text = spreadsheetCsv(table[0]!, table.slice(1), '\r\n');
        const read = parse(text, { relax_column_count: false, record_delimiter: '\r\n' }) as string[][];
        expect(read).toHaveLength(table.length);
        read.forEach((row, r) =>
          row.forEach((cell, c) => {
            const written = table[r]![c]!;
            expect(cell === written || cell === `'${written}`).toBe(true);
            expect(/^[=+\-@\t\r]/.test(cell) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell)).toBe(false);
          }),
        );
      }),
      { numRuns: 300 },
    );
  });
});
