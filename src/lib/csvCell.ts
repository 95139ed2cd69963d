/**
 * Writing CSV cells, in one place for every CSV file alvh writes itself: the backtest's trades,
 * equity and decisions, `alvh signals --csv`, the dashboard's downloads and the data store's canonical
 * files (DuckDB writes the sweep export and the chain store's files).
 */

/** Characters that make a field need quoting (RFC 4180): the separator, a quote, either line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/** `text` as one RFC 4180 field: quoted, with its quotes doubled, when it holds a separator, a quote or a line break. */
export function csvQuoted(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * First characters a spreadsheet reads as the start of a formula when it opens a CSV file (Excel,
 * LibreOffice, Google Sheets): `=`, `+`, `-` and `@`, and a tab or carriage return before them.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number, which a spreadsheet reads as that number, not as a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A text cell of a file a user opens in a spreadsheet. Text that would start a formula (a variant
 * whose config is named `=HYPERLINK(...)`, from a file or from the dashboard's API) is
 * written with a leading apostrophe, so it opens as the text it is, never as a formula that runs or
 * fetches (the OWASP advice for CSV injection); text that is a plain number, a negative figure
 * included, is written as it is.
 */
export function spreadsheetText(text: string): string {
  return csvQuoted(FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text);
}

/** A value a report writes into a cell. */
export type CsvValue = string | number | boolean | null | undefined;

/**
 * One cell of a report a user opens in a spreadsheet: nothing (`undefined`, `null`) and a number
 * that is not finite are empty cells, a number or a boolean is written as JavaScript writes it (it
 * never holds a quote, a comma or a line break, so it is not scanned: the equity file has a hundred
 * thousand numbers a variant), and text goes through `spreadsheetText`.
 */
export function spreadsheetCell(value: CsvValue): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  return spreadsheetText(value);
}

/** Rows of cells as CSV text, each line ended by `lineEnd`. */
export function spreadsheetCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>, lineEnd: '\n' | '\r\n' = '\n'): string {
  const lines = [header.map(spreadsheetText).join(',')];
  for (const row of rows) lines.push(row.map(spreadsheetCell).join(','));
  return lines.join(lineEnd) + lineEnd;
}
