/**
 * The file formats `alvh data import` understands, detected from the header row:
 *
 *   cboe-index      Cboe index history: DATE,OPEN,HIGH,LOW,CLOSE (MM/DD/YYYY dates), e.g. VIX_History.csv
 *   cboe-close      Cboe one-column history: DATE,<INDEX>, e.g. DATE,VVIX / DATE,SKEW
 *   cfe-futures     Cboe VX futures, one contract per file: Trade Date,Futures,Open,High,Low,Close,Settle,
 *                   Change,Total Volume,EFP,Open Interest. Legacy CFE files (CFE_G18_VX.csv, US dates,
 *                   prices x10 before 2007-03-26) and current archive files (VX_2018-02-14.csv, ISO
 *                   dates, the expiry in the name) share this header.
 *   yahoo           Date,Open,High,Low,Close,Adj Close,Volume
 *   stooq           Date,Open,High,Low,Close[,Volume]
 *   fred            DATE or observation_date, then the series id (DTB3); '.' marks a holiday
 *   events          date,event[,scheduled,label]
 *   breadth         date,advancing,declining
 */
import { quoteValue } from '../../lib/capText.js';
import { z } from 'zod';
import type { CsvTable, DataFileIssue } from '../csv/csvText.js';
import { FieldReader } from '../csv/fieldReader.js';
import { parseBreadthTable, parseEventTable, parseIndexTable } from '../formats/canonical.js';
import type { Dataset, IndexRecord, RateRecord, VxRecord } from '../records.js';
import { INDEX_SERIES_NAMES } from '../../history/memoryHistory.js';
import type { IndexSeriesName } from '../../history/types.js';
import { dayFromIso, isoFromDay, parseIsoDate, ymdFromDay, type DayNumber } from '../../time/day.js';
import { vixExpiry } from '../../calendar/vixExpiries.js';

export type ImportFormat = 'cboe-index' | 'cboe-close' | 'cfe-futures' | 'yahoo' | 'stooq' | 'fred' | 'events' | 'breadth';

export const EXPECTED_FORMATS_TEXT = [
  'Cboe index history (DATE,OPEN,HIGH,LOW,CLOSE or DATE,<INDEX>)',
  'Cboe VX futures (Trade Date,Futures,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Open Interest)',
  'Yahoo (Date,Open,High,Low,Close,Adj Close,Volume)',
  'Stooq (Date,Open,High,Low,Close,Volume)',
  'FRED (DATE or observation_date,DTB3)',
  'events (date,event[,scheduled,label])',
  'breadth (date,advancing,declining)',
].join('; ');

export const importConfigSchema = z
  .object({
    /** First trade date on which CFE quoted VX in VIX points; earlier legacy prices are 10x. */
    vxPointQuotingFromIso: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).default('2007-03-26'),
    /** Divisor applied to legacy VX prices before `vxPointQuotingFromIso`. */
    vxLegacyPriceDivisor: z.number().positive().default(10),
    /** Decimals kept after that division (the 10x quotes had 2, so VIX points have at most 3). */
    vxLegacyRoundingDecimals: z.number().int().nonnegative().default(4),
    /**
     * How far a daily VX settlement may lie outside the day's low-high range, as a fraction of the
     * settlement. The settlement is the closing bid/ask midpoint, not a trade: in Cboe's May 2007 file
     * 76 of 290 settlements lie outside the traded range, by up to 0.7 %. A tenth leaves room for
     * thinner days and still refuses another contract's price or a typo.
     */
    vxSettleRangeSlackFraction: z.number().nonnegative().default(0.1),
  })
  .strict();
export type ImportConfig = z.infer<typeof importConfigSchema>;
export const defaultImportConfig: ImportConfig = importConfigSchema.parse({});

const lower = (header: readonly string[]): string[] => header.map((h) => h.toLowerCase());

/** True for a row that can start one of the supported formats (the header). */
export function isKnownHeader(fields: readonly string[]): boolean {
  const first = (fields[0] ?? '').toLowerCase();
  return fields.length > 1 && (first === 'date' || first === 'trade date' || first === 'observation_date');
}

export function detectFormat(header: readonly string[]): ImportFormat | undefined {
  const h = lower(header);
  const first = h[0];
  if (first === 'trade date' && h.includes('settle') && h.includes('futures')) return 'cfe-futures';
  if (first === 'observation_date' || (header[0] === 'DATE' && h.length === 2 && !INDEX_SERIES_NAMES.includes((h[1] ?? '') as IndexSeriesName) && /^[A-Z0-9]+$/.test(header[1] ?? ''))) {
    if (h.length === 2) return 'fred';
  }
  if (first !== 'date') return undefined;
  if (h.includes('event')) return 'events';
  if (h.includes('advancing') || h.includes('advances')) return 'breadth';
  if (h.includes('adj close')) return 'yahoo';
  const ohlc = ['open', 'high', 'low', 'close'].every((c) => h.includes(c));
  if (ohlc && header[0] === 'DATE') return 'cboe-index';
  if (ohlc) return 'stooq';
  if (h.length === 2) return 'cboe-close';
  return undefined;
}

const FILE_NAME_ALIASES: Readonly<Record<string, IndexSeriesName>> = { gspc: 'spx', vxv: 'vix3m', vxmt: 'vix6m', vxst: 'vix9d' };

/** The series a file name implies: VIX_History.csv -> vix, ^GSPC.csv -> spx, spx_d.csv -> spx. */
export function seriesFromFileName(fileName: string): IndexSeriesName | undefined {
  const base = (fileName.split(/[\\/]/).pop() ?? '')
    .replace(/\.csv$/i, '')
    .replace(/^\^/, '')
    .toLowerCase()
    .replace(/(_history|_daily|_d)$/, '');
  if (INDEX_SERIES_NAMES.includes(base as IndexSeriesName)) return base as IndexSeriesName;
  return FILE_NAME_ALIASES[base];
}

export interface ParsedImport {
  readonly format: ImportFormat;
  readonly dataset: Dataset;
  readonly issues: DataFileIssue[];
}

export type ImportTarget = IndexSeriesName | 'dtb3' | 'irx' | 'vxFutures' | 'events' | 'breadth';

const MONTH_CODES = 'FGHJKMNQUVXZ';
const MONTH_ABBREVIATIONS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** `F (Jan 13)` or `F (Jan 2013)` -> { code: 'F', month: 1, year: 2013 }. */
function parseFuturesLabel(label: string): { code: string; month: number; year: number } | undefined {
  const m = /^([FGHJKMNQUVXZ]) \(([A-Za-z]{3}) ?(\d{2}|\d{4})\)$/.exec(label.trim());
  if (!m) return undefined;
  const code = m[1] as string;
  const month = MONTH_ABBREVIATIONS.indexOf((m[2] as string).toLowerCase()) + 1;
  const yearText = m[3] as string;
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  if (month !== MONTH_CODES.indexOf(code) + 1) return undefined;
  return { code, month, year };
}

function parseCfeFutures(table: CsvTable, fileName: string, config: ImportConfig): { records: VxRecord[]; issues: DataFileIssue[] } {
  const f = new FieldReader(table);
  const records: VxRecord[] = [];
  const cols = {
    date: f.column(['trade date']),
    futures: f.column(['futures']),
    open: f.column(['open']),
    high: f.column(['high']),
    low: f.column(['low']),
    close: f.column(['close']),
    settle: f.column(['settle']),
    volume: f.column(['total volume']),
    oi: f.column(['open interest']),
  };
  const { date, futures, settle, volume, oi, high, low } = cols;
  if (date === undefined || futures === undefined || settle === undefined || volume === undefined || oi === undefined) {
    return { records, issues: f.issues };
  }
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const current = /^VX_(\d{4}-\d{2}-\d{2})\.csv$/i.exec(base);
  const legacy = /^CFE_([FGHJKMNQUVXZ])(\d{2})_VX\.csv$/i.exec(base);
  const expiryFromName = current ? parseIsoDate(current[1] as string) : undefined;
  if (!current && !legacy) {
    f.issues.push({ file: table.file, line: 1, field: 'Futures', message: 'cannot tell the contract: name the file CFE_<M><YY>_VX.csv (legacy) or VX_<YYYY-MM-DD>.csv (current archive, the expiry date)' });
    return { records, issues: f.issues };
  }
  if (expiryFromName && !expiryFromName.ok) {
    f.issues.push({ file: table.file, line: 1, message: `the expiry in the file name is not a date (${expiryFromName.error.reason})` });
    return { records, issues: f.issues };
  }
  const pointQuotingFrom = dayFromIso(config.vxPointQuotingFromIso);
  const rows: { line: number; day: DayNumber; label: { code: string; month: number; year: number }; settle: number; rawSettle: number; range: { high: number; low: number } | undefined; volume: number; oi: number }[] = [];
  for (const row of table.rows) {
    const day = f.isoOrUsDay(row, date, 'Trade Date');
    const labelText = f.raw(row, futures);
    const label = parseFuturesLabel(labelText);
    if (!label) f.issue(row, 'Futures', `not a monthly VX contract label like 'G (Feb 18)': ${quoteValue(labelText)} (weekly VX futures are not supported)`);
    const settleValue = f.number(row, settle, 'Settle');
    const volumeValue = f.number(row, volume, 'Total Volume');
    const oiValue = f.number(row, oi, 'Open Interest');
    // High and low are 0 on days without a trade; checked only when both are quoted.
    const highValue = high === undefined ? undefined : f.number(row, high, 'High');
    const lowValue = low === undefined ? undefined : f.number(row, low, 'Low');
    if (settleValue !== undefined && settleValue < 0) f.issue(row, 'Settle', `must not be negative, got ${settleValue}`);
    if (volumeValue !== undefined && !(Number.isInteger(volumeValue) && volumeValue >= 0)) f.issue(row, 'Total Volume', `must be a whole number of contracts >= 0, got ${volumeValue}`);
    if (oiValue !== undefined && !(Number.isInteger(oiValue) && oiValue >= 0)) f.issue(row, 'Open Interest', `must be a whole number of contracts >= 0, got ${oiValue}`);
    if (highValue !== undefined && lowValue !== undefined && highValue > 0 && lowValue > 0) {
      if (highValue < lowValue) f.issue(row, 'High', `high ${highValue} is below low ${lowValue}`);
    }
    if (day === undefined || !label || settleValue === undefined || volumeValue === undefined || oiValue === undefined || settleValue < 0) continue;
    // A zero settle marks the days before a contract's first trade in Cboe's archive: no price, skipped.
    if (settleValue === 0) continue;
    const scaled = legacy && day < pointQuotingFrom ? roundTo(settleValue / config.vxLegacyPriceDivisor, config.vxLegacyRoundingDecimals) : settleValue;
    const range = highValue !== undefined && lowValue !== undefined && highValue > 0 && lowValue >= 0 && highValue >= lowValue ? { high: highValue, low: lowValue } : undefined;
    rows.push({ line: row.line, day, label, settle: scaled, rawSettle: settleValue, range, volume: volumeValue, oi: oiValue });
  }
  if (f.issues.length > 0 || rows.length === 0) {
    if (rows.length === 0 && f.issues.length === 0) f.issues.push({ file: table.file, line: 1, message: 'no row with a settlement price' });
    return { records, issues: f.issues };
  }
  const firstLabel = (rows[0] as (typeof rows)[number]).label;
  let expiryDay: DayNumber;
  if (expiryFromName && expiryFromName.ok) {
    expiryDay = expiryFromName.value;
  } else {
    // Legacy CFE files are complete histories ending on the final settlement day.
    expiryDay = Math.max(...rows.map((r) => r.day));
    const { year, month } = ymdFromDay(expiryDay);
    if (year !== firstLabel.year || month !== firstLabel.month) {
      f.issues.push({ file: table.file, line: 1, field: 'Trade Date', message: `the file ends on ${isoFromDay(expiryDay)}, not in the contract month ${firstLabel.year}-${String(firstLabel.month).padStart(2, '0')}: the expiry cannot be derived from an unfinished legacy file` });
      return { records, issues: f.issues };
    }
  }
  const expiryYmd = ymdFromDay(expiryDay);
  const contract = `VX${firstLabel.code}${String(firstLabel.year % 100).padStart(2, '0')}`;
  const listedExpiry = contractExpiry(firstLabel.year, firstLabel.month);
  if (listedExpiry !== undefined && listedExpiry !== expiryDay) {
    f.issues.push({ file: table.file, line: 1, field: 'Futures', message: `${contract} expires on ${isoFromDay(listedExpiry)} by the VX contract calendar, not ${isoFromDay(expiryDay)} (${expiryFromName ? 'the date in the file name' : 'the last trade date in the file'})` });
    return { records, issues: f.issues };
  }
  if (legacy && `VX${(legacy[1] as string).toUpperCase()}${legacy[2]}` !== contract) {
    f.issues.push({ file: table.file, line: 1, field: 'Futures', message: `the file name says ${legacy[1]}${legacy[2]} but its rows are ${contract}` });
  }
  for (const r of rows) {
    if (r.label.code !== firstLabel.code || r.label.year !== firstLabel.year) {
      f.issues.push({ file: table.file, line: r.line, field: 'Futures', message: `a different contract than the file's first row (${contract})` });
      continue;
    }
    if (expiryYmd.year !== r.label.year || expiryYmd.month !== r.label.month) {
      f.issues.push({ file: table.file, line: r.line, field: 'Futures', message: `contract month ${r.label.year}-${r.label.month} does not match the expiry ${isoFromDay(expiryDay)}` });
      continue;
    }
    // The final settlement (the expiry day's special opening quotation) may lie anywhere; a daily
    // settlement is the closing bid/ask midpoint, so a little outside a thin day's trades.
    const slack = config.vxSettleRangeSlackFraction * r.rawSettle;
    if (r.range !== undefined && r.day < expiryDay && (r.rawSettle < r.range.low - slack || r.rawSettle > r.range.high + slack)) {
      f.issues.push({ file: table.file, line: r.line, field: 'Settle', message: `settlement ${r.rawSettle} is outside the day's range [low ${r.range.low}, high ${r.range.high}] by more than ${config.vxSettleRangeSlackFraction * 100} %` });
      continue;
    }
    records.push({ line: r.line, day: r.day, contract, expiryDay, settle: r.settle, volume: r.volume, openInterest: r.oi });
  }
  return { records, issues: f.issues };
}

/** The contract's final settlement day by the VX calendar; undefined outside the calendar alvh knows. */
function contractExpiry(year: number, month: number): DayNumber | undefined {
  try {
    return vixExpiry(year, month);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** FRED: '.' is a holiday placeholder and is skipped, as are empty values. */
function parseFred(table: CsvTable): { records: RateRecord[]; issues: DataFileIssue[]; seriesId: string } {
  const f = new FieldReader(table);
  const records: RateRecord[] = [];
  const seriesId = table.header[1] ?? '';
  for (const row of table.rows) {
    const day = f.isoDay(row, 0, table.header[0] ?? 'DATE');
    if (f.raw(row, 1) === '.' || f.raw(row, 1) === '') continue;
    const value = f.number(row, 1, seriesId);
    if (day === undefined || value === undefined) continue;
    records.push({ line: row.line, day, discountYieldPct: value });
  }
  return { records, issues: f.issues, seriesId };
}

/** A price file's Close read as a rate quote (^IRX is a T-bill discount yield in %: zero is valid). */
function parseCloseAsRate(table: CsvTable): { records: RateRecord[]; issues: DataFileIssue[] } {
  const f = new FieldReader(table);
  const records: RateRecord[] = [];
  const date = f.column(['date']);
  const close = f.column(['close']);
  if (date === undefined || close === undefined) return { records, issues: f.issues };
  for (const row of table.rows) {
    const day = f.isoOrUsDay(row, date, 'Date');
    const value = f.number(row, close, 'Close');
    if (day === undefined || value === undefined) continue;
    records.push({ line: row.line, day, discountYieldPct: value });
  }
  return { records, issues: f.issues };
}

function withoutVolume(records: readonly IndexRecord[]): IndexRecord[] {
  return records.map(({ line, day, open, high, low, close }) => ({ line, day, open, high, low, close }));
}

/**
 * Parses an import file into one dataset. `target` is the series (from --series or the file name);
 * formats that carry their own kind (futures, FRED, events, breadth) check it agrees.
 */
export function parseImport(
  table: CsvTable,
  fileName: string,
  target: ImportTarget | undefined,
  config: ImportConfig = defaultImportConfig,
): ParsedImport | { format: undefined; issues: DataFileIssue[] } {
  const format = detectFormat(table.header);
  const fail = (message: string, field?: string): { format: undefined; issues: DataFileIssue[] } => ({
    format: undefined,
    issues: [field === undefined ? { file: table.file, line: 1, message } : { file: table.file, line: 1, field, message }],
  });
  if (!format) return fail(`unrecognised header ${quoteValue(table.header.join(','), 200)}; expected one of: ${EXPECTED_FORMATS_TEXT}`);
  switch (format) {
    case 'cfe-futures': {
      if (target !== undefined && target !== 'vxFutures') return fail(`a VX futures file cannot be imported as --series ${target}`);
      const parsed = parseCfeFutures(table, fileName, config);
      return { format, dataset: { kind: 'vxFutures', records: parsed.records }, issues: parsed.issues };
    }
    case 'fred': {
      const parsed = parseFred(table);
      const id = parsed.seriesId.toLowerCase();
      if (id !== 'dtb3') return fail(`FRED series ${quoteValue(parsed.seriesId)} is not used by alvh (expected DTB3)`, parsed.seriesId);
      if (target !== undefined && target !== 'dtb3') return fail(`a FRED DTB3 file cannot be imported as --series ${target}`);
      return { format, dataset: { kind: 'rate', name: 'dtb3', records: parsed.records }, issues: parsed.issues };
    }
    case 'events': {
      const parsed = parseEventTable(table);
      return { format, dataset: { kind: 'events', records: parsed.records }, issues: parsed.issues };
    }
    case 'breadth': {
      const parsed = parseBreadthTable(table);
      return { format, dataset: { kind: 'breadth', records: parsed.records }, issues: parsed.issues };
    }
    case 'cboe-index':
    case 'cboe-close':
    case 'yahoo':
    case 'stooq': {
      const closeColumn = format === 'cboe-close' ? (table.header[1] ?? '').toLowerCase() : undefined;
      const series = target ?? seriesFromFileName(fileName) ?? (closeColumn !== undefined ? seriesFromFileName(closeColumn) : undefined);
      if (series === undefined) return fail(`cannot tell which series this is from the file name; pass --series (one of ${[...INDEX_SERIES_NAMES, 'irx'].join(', ')})`);
      if (series === 'vxFutures' || series === 'events' || series === 'breadth' || series === 'dtb3') {
        return fail(`a ${format} price file cannot be imported as --series ${series}`);
      }
      if (series === 'irx') {
        if (format === 'cboe-close' || format === 'cboe-index') return fail(`^IRX must come as a Yahoo or Stooq OHLC file; this is a Cboe index file${seriesFromFileName(fileName) !== undefined ? ` (of ${seriesFromFileName(fileName)?.toUpperCase()}, by its name)` : ''}`);
        const named = seriesFromFileName(fileName);
        if (named !== undefined) return fail(`the file name says ${named.toUpperCase()}, not the ^IRX T-bill rate: a ${named.toUpperCase()} file imported as --series irx would store index levels as interest rates`);
        const rates = parseCloseAsRate(table);
        return { format, dataset: { kind: 'rate', name: 'irx', records: rates.records }, issues: rates.issues };
      }
      // Yahoo's 'Close' is the index level; 'Adj Close' equals it for indices and is ignored.
      const renamed: CsvTable = closeColumn !== undefined ? { ...table, header: ['date', series] } : table;
      const parsed = parseIndexTable(renamed, series);
      // Only SPX volume is used; the volume columns of index files (VIX: zeros) are not data.
      if (series === 'spx' && !table.header.some((h) => h.toLowerCase() === 'volume')) {
        return fail("missing column (alvh needs SPX volume for on-balance volume)", 'Volume');
      }
      const records = series === 'spx' ? parsed.records : withoutVolume(parsed.records);
      return { format, dataset: { kind: 'index', name: series, records }, issues: parsed.issues };
    }
  }
}
