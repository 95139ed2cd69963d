/**
 * The canonical CSV layouts: the bundled daily files use them and the user overlay is written in
 * them, so one parser reads both.
 *
 *   index      date,open,high,low,close[,volume]   or   date,<series>   (close-only, e.g. date,vvix)
 *   vxFutures  date,contract,expiry,settle,volume,open_interest (other columns ignored)
 *   rate       date,rate_pct                       (T-bill discount yield, % per year)
 *   events     date,event[,scheduled,label]        (event: fomc|cpi|ppi|nfp; scheduled: true|false)
 *   breadth    date,advancing,declining
 */
import { quoteValue } from '../../lib/capText.js';
import { csvQuoted } from '../../lib/csvCell.js';
import type { CsvTable, DataFileIssue } from '../csv/csvText.js';
import { FieldReader } from '../csv/fieldReader.js';
import type { BreadthRow, EventRecord, IndexRecord, RateRecord, VxRecord } from '../records.js';
import type { EventKind, IndexSeriesName } from '../../history/types.js';
import { isoFromDay } from '../../time/day.js';

export interface Parsed<R> {
  readonly records: R[];
  readonly issues: DataFileIssue[];
}

export function parseIndexTable(table: CsvTable, name: IndexSeriesName): Parsed<IndexRecord> {
  const f = new FieldReader(table);
  const records: IndexRecord[] = [];
  const date = f.column(['date']);
  const hasOhlc = f.column(['open'], false) !== undefined;
  const closeCol = hasOhlc ? f.column(['close']) : f.column([name, 'close']);
  const openCol = hasOhlc ? f.column(['open']) : closeCol;
  const highCol = hasOhlc ? f.column(['high']) : closeCol;
  const lowCol = hasOhlc ? f.column(['low']) : closeCol;
  const volumeCol = f.column(['volume'], false);
  if (date === undefined || closeCol === undefined || openCol === undefined || highCol === undefined || lowCol === undefined) {
    return { records, issues: f.issues };
  }
  for (const row of table.rows) {
    const day = f.isoOrUsDay(row, date, 'date');
    const close = f.positive(row, closeCol, hasOhlc ? 'close' : name);
    const open = hasOhlc ? f.positive(row, openCol, 'open') : close;
    const high = hasOhlc ? f.positive(row, highCol, 'high') : close;
    const low = hasOhlc ? f.positive(row, lowCol, 'low') : close;
    const volume = volumeCol === undefined ? undefined : f.number(row, volumeCol, 'volume');
    if (volume !== undefined && volume < 0) f.issue(row, 'volume', `must not be negative, got ${volume}`);
    if (day === undefined || open === undefined || high === undefined || low === undefined || close === undefined) continue;
    if (volumeCol !== undefined && (volume === undefined || volume < 0)) continue;
    records.push(volume === undefined ? { line: row.line, day, open, high, low, close } : { line: row.line, day, open, high, low, close, volume });
  }
  return { records, issues: f.issues };
}

export function parseVxTable(table: CsvTable): Parsed<VxRecord> {
  const f = new FieldReader(table);
  const records: VxRecord[] = [];
  const cols = {
    date: f.column(['date']),
    contract: f.column(['contract']),
    expiry: f.column(['expiry']),
    settle: f.column(['settle']),
    volume: f.column(['volume']),
    openInterest: f.column(['open_interest']),
  };
  const { date, contract, expiry, settle, volume, openInterest } = cols;
  if (date === undefined || contract === undefined || expiry === undefined || settle === undefined || volume === undefined || openInterest === undefined) {
    return { records, issues: f.issues };
  }
  for (const row of table.rows) {
    const day = f.isoDay(row, date, 'date');
    const expiryDay = f.isoDay(row, expiry, 'expiry');
    const settleValue = f.positive(row, settle, 'settle');
    const volumeValue = f.number(row, volume, 'volume');
    const oi = f.number(row, openInterest, 'open_interest');
    const contractName = f.raw(row, contract);
    if (!/^VX[FGHJKMNQUVXZ]\d{2}$/.test(contractName)) f.issue(row, 'contract', `expected a monthly VX contract like VXG18, got ${quoteValue(contractName)}`);
    if (day === undefined || expiryDay === undefined || settleValue === undefined || volumeValue === undefined || oi === undefined) continue;
    records.push({ line: row.line, day, contract: contractName, expiryDay, settle: settleValue, volume: volumeValue, openInterest: oi });
  }
  return { records, issues: f.issues };
}

/** `valueColumn` names the column of a multi-quote file (the bundled rates file has dtb3 and irx_close). */
export function parseRateTable(table: CsvTable, valueColumn = 'rate_pct'): Parsed<RateRecord> {
  const f = new FieldReader(table);
  const records: RateRecord[] = [];
  const date = f.column(['date']);
  const value = f.column([valueColumn]);
  if (date === undefined || value === undefined) return { records, issues: f.issues };
  for (const row of table.rows) {
    const day = f.isoDay(row, date, 'date');
    const pct = f.number(row, value, valueColumn, true);
    if (day === undefined || pct === undefined) continue;
    records.push({ line: row.line, day, discountYieldPct: pct });
  }
  return { records, issues: f.issues };
}

const EVENT_KINDS_BY_NAME: Record<string, EventKind> = { fomc: 'fomc', cpi: 'cpi', ppi: 'ppi', nfp: 'nfp' };

export function parseEventTable(table: CsvTable): Parsed<EventRecord> {
  const f = new FieldReader(table);
  const records: EventRecord[] = [];
  const date = f.column(['date']);
  const event = f.column(['event']);
  const scheduled = f.column(['scheduled'], false);
  const label = f.column(['label'], false);
  if (date === undefined || event === undefined) return { records, issues: f.issues };
  for (const row of table.rows) {
    const day = f.isoDay(row, date, 'date');
    const kindText = f.raw(row, event).toLowerCase();
    const kind = EVENT_KINDS_BY_NAME[kindText];
    if (!kind) f.issue(row, 'event', `unknown event ${quoteValue(kindText)} (expected fomc, cpi, ppi or nfp)`);
    let isScheduled = true;
    if (scheduled !== undefined) {
      const text = f.raw(row, scheduled).toLowerCase();
      if (text === 'true' || text === '1' || text === '') isScheduled = true;
      else if (text === 'false' || text === '0') isScheduled = false;
      else f.issue(row, 'scheduled', `expected true or false, got ${quoteValue(text)}`);
    }
    if (day === undefined || !kind) continue;
    const labelText = label === undefined ? '' : f.raw(row, label);
    records.push({ line: row.line, day, kind, scheduled: isScheduled, label: labelText === '' ? kindText.toUpperCase() : labelText });
  }
  return { records, issues: f.issues };
}

export function parseBreadthTable(table: CsvTable): Parsed<BreadthRow> {
  const f = new FieldReader(table);
  const records: BreadthRow[] = [];
  const date = f.column(['date']);
  const adv = f.column(['advancing', 'advances']);
  const dec = f.column(['declining', 'declines']);
  if (date === undefined || adv === undefined || dec === undefined) return { records, issues: f.issues };
  for (const row of table.rows) {
    const day = f.isoOrUsDay(row, date, 'date');
    const advancing = f.number(row, adv, 'advancing');
    const declining = f.number(row, dec, 'declining');
    if (day === undefined || advancing === undefined || declining === undefined) continue;
    records.push({ line: row.line, day, advancing, declining });
  }
  return { records, issues: f.issues };
}

export function serializeIndex(records: readonly IndexRecord[]): string {
  const withVolume = records.length > 0 && records.every((r) => r.volume !== undefined);
  const lines = [withVolume ? 'date,open,high,low,close,volume' : 'date,open,high,low,close'];
  for (const r of records) {
    const base = `${isoFromDay(r.day)},${r.open},${r.high},${r.low},${r.close}`;
    lines.push(withVolume ? `${base},${r.volume}` : base);
  }
  return `${lines.join('\n')}\n`;
}

export function serializeVx(records: readonly VxRecord[]): string {
  const lines = ['date,contract,expiry,settle,volume,open_interest'];
  for (const r of records) {
    lines.push(`${isoFromDay(r.day)},${r.contract},${isoFromDay(r.expiryDay)},${r.settle},${r.volume},${r.openInterest}`);
  }
  return `${lines.join('\n')}\n`;
}

export function serializeRates(records: readonly RateRecord[]): string {
  return `${['date,rate_pct', ...records.map((r) => `${isoFromDay(r.day)},${r.discountYieldPct}`)].join('\n')}\n`;
}

export function serializeEvents(records: readonly EventRecord[]): string {
  const lines = ['date,event,scheduled,label'];
  for (const r of records) lines.push(`${isoFromDay(r.day)},${r.kind},${r.scheduled},${csvQuoted(r.label)}`);
  return `${lines.join('\n')}\n`;
}

export function serializeBreadth(records: readonly BreadthRow[]): string {
  return `${['date,advancing,declining', ...records.map((r) => `${isoFromDay(r.day)},${r.advancing},${r.declining}`)].join('\n')}\n`;
}
