/**
 * A strict reader for the plain comma-separated chain files: a header row, then one record per line,
 * no quoting (none of the bundled chain files quote a field, so a quote character is rejected rather
 * than half-supported). Every failure names the file, the 1-based line and the column.
 */
import { err, ok, type Result } from '../../lib/result.js';
import { parseCsvText as splitCsvText } from '../csv/csvText.js';
import { parseIsoDate, type DayNumber } from '../../time/day.js';
import { CellReader } from '../../lib/cellReader.js';

export interface ChainParseError {
  readonly kind: 'chain-parse';
  readonly file: string;
  /** 1-based line number in the file (the header is line 1). */
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

export function formatChainParseError(error: ChainParseError): string {
  return `${error.file}:${error.line}: field '${error.field}': ${error.message}`;
}

/** One data record with the line it came from. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

export interface CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly records: readonly CsvRecord[];
}

function parseError(file: string, line: number, field: string, message: string): ChainParseError {
  return { kind: 'chain-parse', file, line, field, message };
}

/**
 * Splits `text` into a header and records, checking the header contains every `requiredColumns` entry
 * and every record has exactly as many cells as the header. A trailing newline is allowed; blank lines
 * elsewhere are an error.
 */
export function readCsvTable(
  text: string,
  file: string,
  requiredColumns: readonly string[],
): Result<CsvTable, ChainParseError> {
  const quoted = text.indexOf('"');
  if (quoted >= 0) {
    return err(parseError(file, text.slice(0, quoted).split('\n').length, '(record)', 'quoted fields are not supported in chain files'));
  }
  // The project's one CSV tokenizer splits; chain files add their own strictness on top.
  const split = splitCsvText(file, text);
  if (!split.ok) {
    const { line, message } = split.error;
    if (message.startsWith('the file is empty')) return err(parseError(file, 1, '(header)', 'file is empty: expected a header row'));
    const found = /expected (\d+) fields, found (\d+)/.exec(message);
    return err(parseError(file, line, '(record)', found ? `expected ${found[1]} cells like the header, got ${found[2]}` : message));
  }
  const { header, headerLine, rows } = split.value;
  if (headerLine !== 1) return err(parseError(file, 1, '(header)', 'file is empty: expected a header row'));
  for (const column of requiredColumns) {
    if (!header.includes(column)) {
      return err(parseError(file, 1, column, `missing column; header is: ${header.join(',')}`));
    }
  }
  let expectedLine = headerLine + 1;
  for (const row of rows) {
    if (row.line !== expectedLine) return err(parseError(file, expectedLine, '(record)', 'blank line inside the data'));
    expectedLine++;
  }
  return ok({ file, header, records: rows.map((r) => ({ line: r.line, cells: r.fields })) });
}

/** Thrown inside `mapRecords` only, and turned back into a Result there. */
class RecordFailure extends Error {
  constructor(readonly failure: ChainParseError) {
    super(formatChainParseError(failure));
  }
}

/**
 * Typed access to the cells of one record. A bad cell aborts the record's mapping; `mapRecords` returns
 * it as a ChainParseError naming file, line and column.
 */
export class RecordView extends CellReader {
  constructor(
    private readonly file: string,
    private readonly columnIndex: ReadonlyMap<string, number>,
    private readonly record: CsvRecord,
  ) {
    super();
  }

  get line(): number {
    return this.record.line;
  }

  fail(column: string, message: string): never {
    throw new RecordFailure(parseError(this.file, this.record.line, column, message));
  }

  protected cell(column: string): string | undefined {
    const index = this.columnIndex.get(column);
    return index === undefined ? undefined : this.record.cells[index];
  }

  day(column: string): DayNumber {
    const cell = this.text(column);
    const parsed = parseIsoDate(cell);
    if (!parsed.ok) return this.fail(column, `expected a YYYY-MM-DD date, got '${cell}' (${parsed.error.reason})`);
    return parsed.value;
  }
}

/** Maps every record through `mapRecord`; the first bad cell ends the parse with its typed error. */
export function mapRecords<T>(table: CsvTable, mapRecord: (view: RecordView) => T): Result<T[], ChainParseError> {
  const columnIndex = new Map(table.header.map((name, index) => [name, index]));
  const rows: T[] = [];
  try {
    for (const record of table.records) rows.push(mapRecord(new RecordView(table.file, columnIndex, record)));
  } catch (caught) {
    if (caught instanceof RecordFailure) return err(caught.failure);
    throw caught;
  }
  return ok(rows);
}
