/** Parsers for the OptionMetrics-style SPX chain sample and its zero-rate curve. */
import type { Result } from '../../lib/result.js';
import type { OptionType } from '../../pricing/black76.js';
import { mapRecords, readCsvTable, type ChainParseError } from './csvTable.js';
import type { SpxOptionQuote, ZeroRatePoint } from './types.js';

const PERCENT_PER_DECIMAL = 100;
const CP_FLAG: Readonly<Record<string, OptionType>> = { C: 'call', P: 'put' };
const EUROPEAN: Readonly<Record<string, 'E'>> = { E: 'E' };

/** `quote_date,expiration,cp_flag,strike,best_bid,best_offer,exercise_style` (European only). */
export function parseSpxOptionsCsv(text: string, file: string): Result<SpxOptionQuote[], ChainParseError> {
  const table = readCsvTable(text, file, [
    'quote_date',
    'expiration',
    'cp_flag',
    'strike',
    'best_bid',
    'best_offer',
    'exercise_style',
  ]);
  if (!table.ok) return table;
  return mapRecords(table.value, (row) => {
    const quoteDay = row.day('quote_date');
    const expiryDay = row.day('expiration');
    if (expiryDay < quoteDay) row.fail('expiration', 'expiration is before quote_date');
    row.choice('exercise_style', EUROPEAN);
    const bid = row.nonNegative('best_bid');
    const ask = row.nonNegative('best_offer');
    return { quoteDay, expiryDay, type: row.choice('cp_flag', CP_FLAG), strike: row.positive('strike'), bid, ask };
  });
}

/** `date,days,rate` with the rate in percent, continuously compounded. */
export function parseZeroRatesCsv(text: string, file: string): Result<ZeroRatePoint[], ChainParseError> {
  const table = readCsvTable(text, file, ['date', 'days', 'rate']);
  if (!table.ok) return table;
  return mapRecords(table.value, (row) => {
    const tenorDays = row.positive('days');
    if (!Number.isInteger(tenorDays)) row.fail('days', `expected whole calendar days, got ${tenorDays}`);
    return { day: row.day('date'), tenorDays, rateDecimal: row.number('rate') / PERCENT_PER_DECIMAL };
  });
}
