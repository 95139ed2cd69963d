/**
 * A small CSV reader for the known, simple formats alvh reads (RFC 4180 quoting, one record per
 * line; no embedded newlines, which none of the supported sources use). It keeps each row's line
 * number so every error can name file, line and field. Hand-written because loading the whole bundled
 * history must stay well under a second.
 */
import { err, ok, type Result } from '../../lib/result.js';

/** A problem in an input file, located as precisely as the input allows. */
export interface DataFileIssue {
  readonly file: string;
  /** 1-based line number; 1 is the header. */
  readonly line: number;
  readonly field?: string;
  readonly message: string;
  /** The header, when the problem is in a row after it (to name the field a short row lacks). */
  readonly header?: readonly string[];
}

export function formatIssue(issue: DataFileIssue): string {
  const field = issue.field === undefined ? '' : ` field '${issue.field}':`;
  return `${issue.file}:${issue.line}:${field} ${issue.message}`;
}

export interface CsvRow {
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvTable {
  readonly file: string;
  /** Header names as written (trimmed, byte-order mark removed). */
  readonly header: readonly string[];
  /** 1-based line of the header row. */
  readonly headerLine: number;
  readonly rows: readonly CsvRow[];
}

function splitQuoted(line: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return undefined;
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== ',') return undefined;
      i++;
    } else {
      const c = line.indexOf(',', i);
      if (c < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, c));
      i = c + 1;
    }
  }
}

export interface CsvParseOptions {
  /**
   * Recognises the header row. Lines before it (at most `MAX_PREAMBLE_LINES`, such as the disclaimer
   * Cboe puts above some futures files) are skipped; without it the first non-blank line is the header.
   */
  readonly isHeader?: (fields: readonly string[]) => boolean;
  /** Data lines for which this is false are skipped before being split (cheap pre-filtering). */
  readonly keepLine?: (line: string) => boolean;
}

export const MAX_PREAMBLE_LINES = 5;

/**
 * Splits a CSV text into header and rows. Blank lines are skipped; a row with more fields than the
 * header is accepted only when the extra fields are empty (a trailing comma); other ragged rows are
 * an error.
 */
export function parseCsvText(file: string, text: string, options: CsvParseOptions = {}): Result<CsvTable, DataFileIssue> {
  const lines = text.split('\n');
  let header: string[] | undefined;
  let headerLine = 0;
  const rows: CsvRow[] = [];
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n] as string;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (n === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === '') continue;
    if (header && options.keepLine && !options.keepLine(line)) continue;
    const fields = line.includes('"') ? splitQuoted(line) : line.split(',');
    if (!fields) return err({ file, line: n + 1, message: 'unbalanced quotes' });
    if (!header) {
      const trimmed = fields.map((f) => f.trim());
      if (options.isHeader && !options.isHeader(trimmed)) {
        if (n + 1 > MAX_PREAMBLE_LINES) return err({ file, line: 1, message: 'no recognised header row in the first lines' });
        continue;
      }
      header = trimmed;
      headerLine = n + 1;
      continue;
    }
    while (fields.length > header.length && fields[fields.length - 1]?.trim() === '') fields.pop();
    if (fields.length !== header.length) {
      return err({ file, line: n + 1, message: `expected ${header.length} fields, found ${fields.length}`, header });
    }
    rows.push({ line: n + 1, fields });
  }
  if (!header) {
    const seenLines = lines.some((l) => l.trim() !== '');
    return err({ file, line: 1, message: seenLines && options.isHeader ? 'no recognised header row in the first lines' : 'the file is empty (no header row)' });
  }
  return ok({ file, header, headerLine, rows });
}
