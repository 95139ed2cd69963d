/**
 * Broker trade files read into one shape, a trade per line: the day, the instrument (an OCC option or
 * a VIX future), signed contracts, the price per unit in index points, fees and whether it opened or
 * closed. Layouts as the brokers document them:
 *
 * - `ibkr-flex`: an Interactive Brokers Flex Query of Trades as CSV: TradeDate (YYYYMMDD), Buy/Sell,
 *   AssetClass (OPT, FUT), Symbol (OCC for options), Quantity (signed), TradePrice (points),
 *   IBCommission (negative USD); optional Open/CloseIndicator (O, C), UnderlyingSymbol and Expiry
 *   (YYYYMMDD, needed for futures), Multiplier.
 * - `tastytrade`: the transaction history export: Date (ISO time), Type (Trade), Action
 *   (SELL_TO_OPEN ...), Symbol (OCC), Instrument Type, Quantity (unsigned), Average Price (USD per
 *   contract, the price times the multiplier), Commissions and Fees (negative USD), Multiplier,
 *   Expiration Date.
 * - `schwab`: the transaction history export: Date (MM/DD/YYYY, or "MM/DD/YYYY as of MM/DD/YYYY"),
 *   Action (Sell to Open ...), Symbol ("SPX 03/16/2018 2700.00 P"), Quantity (unsigned), Price
 *   ("$14.50"), Fees & Comm ("$6.60").
 * - `thinkorswim`: the Account Statement export's "Account Trade History" section: Exec Time
 *   (M/D/YY H:MM:SS, only on a combo's first leg), Side (BUY, SELL), Qty (signed), Pos Effect (TO
 *   OPEN, TO CLOSE), Symbol (the root), Exp ("16 MAR 18"), Strike, Type (CALL, PUT, FUTURE), Price;
 *   fees are not in this section (the preset's fee per contract is used).
 *
 * Every error names the file, the line and the field; nothing is returned unless every line is sound.
 */
import { parse } from 'csv-parse/sync';
import { parseIsoDate, type DayNumber } from '../../time/day.js';
import { OCC_ROOTS, parseOccSymbol, type OccOption } from './occSymbol.js';

export const BROKER_FORMATS = ['ibkr-flex', 'tastytrade', 'schwab', 'thinkorswim'] as const;
export type BrokerFormat = (typeof BROKER_FORMATS)[number];

export interface VixFuture {
  readonly root: 'VX';
  readonly underlying: 'VIX';
  readonly type: 'future';
  readonly strike: 0;
  readonly expiryDay: DayNumber;
  readonly settlement: 'AM';
}

export interface BrokerTrade {
  /** Line of the file, 1-based, for errors. */
  readonly line: number;
  readonly tradeDay: DayNumber;
  readonly instrument: OccOption | VixFuture;
  /** Signed contracts: positive bought, negative sold. */
  readonly quantity: number;
  /** Price per unit, index points. */
  readonly pricePoints: number;
  /** Fees and commissions, USD (positive); undefined when the file does not carry them. */
  readonly feesUsd: number | undefined;
  readonly effect: 'open' | 'close' | 'unknown';
}

export class BrokerImportError extends Error {
  override name = 'BrokerImportError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string | undefined,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${field === undefined ? '' : `field '${field}': `}${reason}`);
  }
}

type Row = Readonly<Record<string, string>>;

interface Table {
  readonly file: string;
  /** Each row with its 1-based line in the file. */
  readonly rows: ReadonlyArray<{ line: number; row: Row }>;
}

/** CSV text as rows keyed by the header, each with its line; `firstLine` is the header's line. */
function table(file: string, text: string, required: readonly string[], firstLine = 1): Table {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true, trim: true }) as string[][];
  } catch (error) {
    throw new BrokerImportError(file, firstLine, undefined, `not readable as CSV (${(error as Error).message})`);
  }
  const header = records[0] ?? [];
  for (const name of required) if (!header.includes(name)) throw new BrokerImportError(file, firstLine, name, `missing column (the file has: ${header.filter((h) => h !== '').join(', ')})`);
  const rows: Array<{ line: number; row: Row }> = [];
  records.slice(1).forEach((cells, i) => {
    if (cells.every((c) => c === '')) return;
    const row: Record<string, string> = Object.create(null) as Record<string, string>;
    header.forEach((name, k) => (row[name] = cells[k] ?? ''));
    rows.push({ line: firstLine + 1 + i, row });
  });
  if (rows.length === 0) throw new BrokerImportError(file, firstLine, undefined, 'no trades (only a header)');
  return { file, rows };
}

const cell = (t: Table, at: { line: number; row: Row }, name: string): string => {
  const v = at.row[name];
  if (v === undefined || v === '') throw new BrokerImportError(t.file, at.line, name, 'is empty');
  return v;
};

/** A number as brokers print it: "$1,234.50", "(12.00)" for negatives, "-6.60". */
function amount(t: Table, at: { line: number; row: Row }, name: string): number {
  const text = cell(t, at, name);
  const negative = /^\(.*\)$/.test(text) || text.startsWith('-');
  const digits = text.replace(/[()$,\s+-]/g, '');
  const n = Number(digits);
  if (digits === '' || !Number.isFinite(n)) throw new BrokerImportError(t.file, at.line, name, `'${text}' is not a number`);
  return negative ? -n : n;
}

function optionalAmount(t: Table, at: { line: number; row: Row }, name: string): number | undefined {
  return at.row[name] === undefined || at.row[name] === '' ? undefined : amount(t, at, name);
}

function day(t: Table, at: { line: number; row: Row }, name: string, iso: string | undefined, text: string): DayNumber {
  const parsed = iso === undefined ? undefined : parseIsoDate(iso);
  if (!parsed?.ok) throw new BrokerImportError(t.file, at.line, name, `'${text}' is not a date`);
  return parsed.value;
}

function occ(t: Table, at: { line: number; row: Row }, name: string, symbol: string): OccOption {
  const parsed = parseOccSymbol(symbol);
  if (!parsed.ok) throw new BrokerImportError(t.file, at.line, name, parsed.reason);
  return parsed.value;
}

const yyyymmdd = (s: string) => (/^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : undefined);
const mdy = (s: string) => {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?!\d)/.exec(s);
  if (!m) return undefined;
  const year = (m[3] as string).length === 2 ? `20${m[3]}` : (m[3] as string);
  return `${year}-${(m[1] as string).padStart(2, '0')}-${(m[2] as string).padStart(2, '0')}`;
};
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** "16 MAR 18" -> 2018-03-16. */
const dMonY = (s: string) => {
  const m = /^(\d{1,2}) ([A-Z]{3}) (\d{2})$/.exec(s.toUpperCase());
  const month = m ? MONTHS.indexOf(m[2] as string) + 1 : 0;
  return m && month > 0 ? `20${m[3]}-${String(month).padStart(2, '0')}-${(m[1] as string).padStart(2, '0')}` : undefined;
};

function future(t: Table, at: { line: number; row: Row }, name: string, expiryIso: string | undefined, text: string): VixFuture {
  return { root: 'VX', underlying: 'VIX', type: 'future', strike: 0, expiryDay: day(t, at, name, expiryIso, text), settlement: 'AM' };
}

function positivePrice(t: Table, at: { line: number; row: Row }, name: string, value: number): number {
  if (!(value >= 0)) throw new BrokerImportError(t.file, at.line, name, `a price cannot be negative (${value})`);
  return value;
}

export function parseIbkrFlex(file: string, text: string): BrokerTrade[] {
  const t = table(file, text, ['TradeDate', 'Buy/Sell', 'AssetClass', 'Symbol', 'Quantity', 'TradePrice', 'IBCommission']);
  return t.rows.map((at) => {
    const assetClass = cell(t, at, 'AssetClass');
    const symbol = cell(t, at, 'Symbol');
    let instrument: OccOption | VixFuture;
    if (assetClass === 'OPT') instrument = occ(t, at, 'Symbol', symbol);
    else if (assetClass === 'FUT') {
      const underlying = at.row['UnderlyingSymbol'] ?? '';
      if (underlying !== 'VIX' && !/^VX/.test(symbol)) throw new BrokerImportError(file, at.line, 'Symbol', `'${symbol}' is not a VIX future`);
      const expiry = cell(t, at, 'Expiry');
      instrument = future(t, at, 'Expiry', yyyymmdd(expiry), expiry);
    } else throw new BrokerImportError(file, at.line, 'AssetClass', `'${assetClass}': only options (OPT) and VIX futures (FUT) go into the book`);
    const side = cell(t, at, 'Buy/Sell').toUpperCase();
    if (side !== 'BUY' && side !== 'SELL') throw new BrokerImportError(file, at.line, 'Buy/Sell', `'${side}' is not BUY or SELL`);
    const quantity = amount(t, at, 'Quantity');
    if (quantity === 0 || Math.sign(quantity) !== (side === 'BUY' ? 1 : -1)) throw new BrokerImportError(file, at.line, 'Quantity', `${quantity} does not agree with ${side}`);
    const tradeDate = cell(t, at, 'TradeDate');
    const oc = (at.row['Open/CloseIndicator'] ?? '').toUpperCase();
    return {
      line: at.line,
      tradeDay: day(t, at, 'TradeDate', yyyymmdd(tradeDate.replace(/;.*$/, '')), tradeDate),
      instrument,
      quantity,
      pricePoints: positivePrice(t, at, 'TradePrice', amount(t, at, 'TradePrice')),
      feesUsd: Math.abs(amount(t, at, 'IBCommission')),
      effect: oc.startsWith('O') ? 'open' : oc.startsWith('C') ? 'close' : 'unknown',
    };
  });
}

export function parseTastytrade(file: string, text: string): BrokerTrade[] {
  const t = table(file, text, ['Date', 'Type', 'Action', 'Symbol', 'Instrument Type', 'Quantity', 'Average Price', 'Commissions', 'Fees', 'Multiplier']);
  return t.rows
    .filter((at) => at.row['Type'] === 'Trade')
    .map((at) => {
      const action = cell(t, at, 'Action').toUpperCase();
      const m = /^(BUY|SELL)_TO_(OPEN|CLOSE)$/.exec(action);
      if (!m) throw new BrokerImportError(file, at.line, 'Action', `'${action}' is not BUY_TO_OPEN, SELL_TO_OPEN, BUY_TO_CLOSE or SELL_TO_CLOSE`);
      const kind = cell(t, at, 'Instrument Type');
      const symbol = cell(t, at, 'Symbol');
      let instrument: OccOption | VixFuture;
      if (/option/i.test(kind)) instrument = occ(t, at, 'Symbol', symbol);
      else if (/future/i.test(kind) && /^\/?VX/.test(symbol)) {
        const expiry = cell(t, at, 'Expiration Date');
        instrument = future(t, at, 'Expiration Date', mdy(expiry), expiry);
      } else throw new BrokerImportError(file, at.line, 'Instrument Type', `'${kind}' ${symbol}: only SPX/VIX options and VIX futures go into the book`);
      const multiplier = amount(t, at, 'Multiplier');
      if (!(multiplier > 0)) throw new BrokerImportError(file, at.line, 'Multiplier', `${multiplier} is not a contract multiplier`);
      const contracts = Math.abs(amount(t, at, 'Quantity'));
      if (contracts === 0) throw new BrokerImportError(file, at.line, 'Quantity', 'no contracts');
      const date = cell(t, at, 'Date');
      return {
        line: at.line,
        tradeDay: day(t, at, 'Date', /^\d{4}-\d{2}-\d{2}/.test(date) ? date.slice(0, 10) : mdy(date), date),
        instrument,
        quantity: m[1] === 'BUY' ? contracts : -contracts,
        // Average Price is USD per contract: the price in points times the multiplier.
        pricePoints: Math.abs(amount(t, at, 'Average Price')) / multiplier,
        feesUsd: Math.abs(amount(t, at, 'Commissions')) + Math.abs(amount(t, at, 'Fees')),
        effect: m[2] === 'OPEN' ? 'open' : 'close',
      };
    });
}

/** Schwab's option symbol: "SPX 03/16/2018 2700.00 P". */
function schwabOption(t: Table, at: { line: number; row: Row }, symbol: string): OccOption {
  const m = /^([A-Z]{1,6}) (\d{2}\/\d{2}\/\d{4}) ([\d.]+) ([CP])$/.exec(symbol);
  if (!m) throw new BrokerImportError(t.file, at.line, 'Symbol', `'${symbol}' is not a Schwab option symbol (ROOT MM/DD/YYYY STRIKE C|P)`);
  const root = m[1] as string;
  const known = Object.hasOwn(OCC_ROOTS, root) ? OCC_ROOTS[root] : undefined;
  if (!known) throw new BrokerImportError(t.file, at.line, 'Symbol', `'${symbol}': root ${root} is not an SPX or VIX option`);
  return { root, ...known, type: m[4] === 'C' ? 'call' : 'put', strike: Number(m[3]), expiryDay: day(t, at, 'Symbol', mdy(m[2] as string), symbol) };
}

export function parseSchwab(file: string, text: string): BrokerTrade[] {
  const t = table(file, text, ['Date', 'Action', 'Symbol', 'Quantity', 'Price', 'Fees & Comm']);
  return t.rows
    .filter((at) => /to (open|close)/i.test(at.row['Action'] ?? ''))
    .map((at) => {
      const action = cell(t, at, 'Action');
      const m = /^(buy|sell) to (open|close)$/i.exec(action);
      if (!m) throw new BrokerImportError(file, at.line, 'Action', `'${action}' is not Buy/Sell to Open/Close`);
      const contracts = Math.abs(amount(t, at, 'Quantity'));
      if (contracts === 0) throw new BrokerImportError(file, at.line, 'Quantity', 'no contracts');
      const date = cell(t, at, 'Date');
      // "03/05/2018 as of 03/02/2018": the trade's own day is the "as of" one.
      const tradeDate = /as of (\S+)/.exec(date)?.[1] ?? date;
      return {
        line: at.line,
        tradeDay: day(t, at, 'Date', mdy(tradeDate), date),
        instrument: schwabOption(t, at, cell(t, at, 'Symbol')),
        quantity: m[1]?.toLowerCase() === 'buy' ? contracts : -contracts,
        pricePoints: positivePrice(t, at, 'Price', amount(t, at, 'Price')),
        feesUsd: Math.abs(optionalAmount(t, at, 'Fees & Comm') ?? 0),
        effect: m[2]?.toLowerCase() === 'open' ? 'open' : 'close',
      };
    });
}

const TOS_SECTION = 'Account Trade History';

export function parseThinkorswim(file: string, text: string): BrokerTrade[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === TOS_SECTION);
  if (start < 0) throw new BrokerImportError(file, 1, undefined, `no '${TOS_SECTION}' section: export the Account Statement from Monitor > Account Statement`);
  let end = start + 1;
  while (end < lines.length && (lines[end] as string).trim() !== '') end++;
  const headerLine = start + 2;
  const t = table(file, lines.slice(start + 1, end).join('\n'), ['Exec Time', 'Side', 'Qty', 'Pos Effect', 'Symbol', 'Exp', 'Strike', 'Type', 'Price'], headerLine);
  let lastExec = '';
  return t.rows.map((at) => {
    // A combo's later legs leave Exec Time empty: they were filled with the first.
    const exec = at.row['Exec Time'] !== '' && at.row['Exec Time'] !== undefined ? (at.row['Exec Time'] as string) : lastExec;
    if (exec === '') throw new BrokerImportError(file, at.line, 'Exec Time', 'is empty on the first trade');
    lastExec = exec;
    const side = cell(t, at, 'Side').toUpperCase();
    if (side !== 'BUY' && side !== 'SELL') throw new BrokerImportError(file, at.line, 'Side', `'${side}' is not BUY or SELL`);
    const quantity = amount(t, at, 'Qty');
    if (quantity === 0 || Math.sign(quantity) !== (side === 'BUY' ? 1 : -1)) throw new BrokerImportError(file, at.line, 'Qty', `${quantity} does not agree with ${side}`);
    const kind = cell(t, at, 'Type').toUpperCase();
    const symbol = cell(t, at, 'Symbol').replace(/^\//, '');
    const exp = cell(t, at, 'Exp');
    let instrument: OccOption | VixFuture;
    if (kind === 'CALL' || kind === 'PUT') {
      const known = Object.hasOwn(OCC_ROOTS, symbol) ? OCC_ROOTS[symbol] : undefined;
      if (!known) throw new BrokerImportError(file, at.line, 'Symbol', `'${symbol}' is not SPX, SPXW, VIX or VIXW`);
      const strike = amount(t, at, 'Strike');
      if (!(strike > 0)) throw new BrokerImportError(file, at.line, 'Strike', `${strike} is not a strike`);
      instrument = { root: symbol, ...known, type: kind === 'CALL' ? 'call' : 'put', strike, expiryDay: day(t, at, 'Exp', dMonY(exp), exp) };
    } else if (kind === 'FUTURE' && /^VX/.test(symbol)) instrument = future(t, at, 'Exp', dMonY(exp), exp);
    else throw new BrokerImportError(file, at.line, 'Type', `'${kind}' ${symbol}: only SPX/VIX options and VIX futures go into the book`);
    const effect = cell(t, at, 'Pos Effect').toUpperCase();
    return {
      line: at.line,
      tradeDay: day(t, at, 'Exec Time', mdy(exec), exec),
      instrument,
      quantity,
      pricePoints: positivePrice(t, at, 'Price', amount(t, at, 'Price')),
      feesUsd: undefined,
      effect: effect === 'TO OPEN' ? 'open' : effect === 'TO CLOSE' ? 'close' : 'unknown',
    };
  });
}

export function parseBrokerFile(format: BrokerFormat, file: string, text: string): BrokerTrade[] {
  switch (format) {
    case 'ibkr-flex':
      return parseIbkrFlex(file, text);
    case 'tastytrade':
      return parseTastytrade(file, text);
    case 'schwab':
      return parseSchwab(file, text);
    case 'thinkorswim':
      return parseThinkorswim(file, text);
  }
}
