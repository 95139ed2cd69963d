/**
 * CSV records of a text stream with their 1-based line numbers. Vendor chain files are millions of
 * plain lines, so a line without a quote character is split on commas directly; a line with one
 * (OptionsDX writes sizes as "7 x 7") goes through csv-parse, joined with the following lines while a
 * quoted field is still open. Cells are trimmed (OptionsDX pads each cell with a space).
 */
import type { Readable } from 'node:stream';
import { parse as parseSync } from 'csv-parse/sync';

export interface CsvLineRecord {
  readonly line: number;
  readonly cells: string[];
}

export class CsvLineError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvLineError';
  }
}

const quoteCount = (text: string) => {
  let n = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) n++;
  return n;
};

function splitPlain(text: string): string[] {
  const cells = text.split(',');
  for (let i = 0; i < cells.length; i++) cells[i] = (cells[i] as string).trim();
  return cells;
}

function splitQuoted(text: string, line: number): string[] {
  try {
    const records = parseSync(text, { trim: true, relax_column_count: true }) as string[][];
    if (records.length !== 1) throw new CsvLineError(line, `expected one record, found ${records.length}`);
    return records[0] as string[];
  } catch (caught) {
    if (caught instanceof CsvLineError) throw caught;
    throw new CsvLineError(line, `malformed quoted field: ${(caught as Error).message}`);
  }
}

/** Batches of records, one batch per chunk of the stream (cheap on millions of lines). */
export async function* csvLineBatches(stream: Readable): AsyncGenerator<CsvLineRecord[]> {
  let carry = '';
  let lineNumber = 0;
  /** A record still open inside a quoted field: its first line and text so far. */
  let pending: { line: number; text: string } | undefined;
  const take = (raw: string, out: CsvLineRecord[]) => {
    lineNumber++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (pending !== undefined) {
      pending.text += `\n${text}`;
      if (quoteCount(pending.text) % 2 === 0) {
        out.push({ line: pending.line, cells: splitQuoted(pending.text, pending.line) });
        pending = undefined;
      }
      return;
    }
    if (text.indexOf('"') < 0) {
      out.push({ line: lineNumber, cells: splitPlain(text) });
    } else if (quoteCount(text) % 2 === 0) {
      out.push({ line: lineNumber, cells: splitQuoted(text, lineNumber) });
    } else {
      pending = { line: lineNumber, text };
    }
  };
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = carry + chunk;
    const out: CsvLineRecord[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      take(text.slice(start, end), out);
      start = end + 1;
    }
    carry = text.slice(start);
    if (out.length > 0) yield out;
  }
  const out: CsvLineRecord[] = [];
  if (carry !== '') take(carry, out);
  if (pending !== undefined) throw new CsvLineError(pending.line, 'a quoted field is never closed');
  if (out.length > 0) yield out;
}
