import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatIssue, parseCsvText } from './csvText.js';

describe('parseCsvText', () => {
  it('keeps line numbers, skips blank lines and handles CRLF, a byte-order mark and quotes', () => {
    const parsed = parseCsvText('f.csv', '\uFEFFdate,label\r\n2020-01-02,"a, ""quoted"" label"\r\n\r\n2020-01-03,plain\r\n');
    expect(parsed.ok && parsed.value.header).toEqual(['date', 'label']);
    expect(parsed.ok && parsed.value.rows).toEqual([
      { line: 2, fields: ['2020-01-02', 'a, "quoted" label'] },
      { line: 4, fields: ['2020-01-03', 'plain'] },
    ]);
  });

  it('accepts a trailing comma but names the line of a ragged row', () => {
    expect(parseCsvText('f.csv', 'a,b\n1,2,\n').ok).toBe(true);
    const ragged = parseCsvText('f.csv', 'a,b\n1,2\n1,2,3\n');
    expect(!ragged.ok && formatIssue(ragged.error)).toBe('f.csv:3: expected 2 fields, found 3');
    const quotes = parseCsvText('f.csv', 'a,b\n"1,2\n');
    expect(!quotes.ok && formatIssue(quotes.error)).toBe('f.csv:2: unbalanced quotes');
  });

  it('skips a preamble above a recognised header, within limits', () => {
    const isHeader = (f: readonly string[]): boolean => f[0] === 'date';
    const parsed = parseCsvText('f.csv', 'Disclaimer, of sorts\ndate,x\n2020-01-02,1\n', { isHeader });
    expect(parsed.ok && parsed.value.rows[0]?.line).toBe(3);
    const none = parseCsvText('f.csv', 'when,x\n2020-01-02,1\n', { isHeader });
    expect(!none.ok && none.error.message).toMatch(/no recognised header/);
  });

  it('round-trips any fields it quotes', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', ',', '"', ' ', '1') }), { minLength: 2, maxLength: 5 }), (fields) => {
        const quoted = fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(',');
        const header = fields.map((_, i) => `c${i}`).join(',');
        const parsed = parseCsvText('f.csv', `${header}\n${quoted}\n`);
        return parsed.ok && JSON.stringify(parsed.value.rows[0]?.fields) === JSON.stringify(fields);
      }),
    );
  });
});
