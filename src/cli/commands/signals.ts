/**
 * `alvh signals --from D --to D [--json|--csv]`: the daily table of every signal and regime
 * (compact columns in the terminal; every field in JSON or CSV).
 */
import type { Command } from 'commander';
import type { MarketHistory } from '../../history/types.js';
import { defaultSignalConfig } from '../../signals/config.js';
import { computeSignalTable } from '../../signals/engine.js';
import type { CountTradingDays } from '../../signals/events.js';
import { isoFromDay, parseIsoDate, type DayNumber } from '../../time/day.js';
import { UserError, type CliIo } from '../io.js';
import { formatSignalsCsv, formatSignalsTable } from './signalsFormat.js';

interface SignalsOptions {
  readonly from: string;
  readonly to: string;
  readonly json?: boolean;
  readonly csv?: boolean;
}

function parseDateOption(flag: string, value: string): DayNumber {
  const parsed = parseIsoDate(value);
  if (!parsed.ok) throw new UserError(`${flag}: '${value}' is not a valid date (${parsed.error.reason})`);
  return parsed.value;
}

/**
 * Registers `signals`. `loadHistory` supplies the market data; `countTradingDays` is the exchange
 * calendar used for trading days to future events (pass `countNyseTradingDays`).
 */
export function registerSignalsCommand(
  program: Command,
  io: CliIo,
  loadHistory: () => Promise<MarketHistory>,
  countTradingDays: CountTradingDays,
): void {
  program
    .command('signals')
    .description('daily table of every signal, the VIX regime, events, relief/resolution and the RSAi entry trigger')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD')
    .option('--json', 'every field as JSON')
    .option('--csv', 'every field as CSV')
    .action(async (options: SignalsOptions) => {
      if (options.json && options.csv) throw new UserError('choose one of --json and --csv');
      const fromDay = parseDateOption('--from', options.from);
      const toDay = parseDateOption('--to', options.to);
      if (fromDay > toDay) throw new UserError(`--from ${options.from} is after --to ${options.to}`);
      const history = await loadHistory();
      const config = defaultSignalConfig();
      const rows = computeSignalTable(history, fromDay, toDay, config, { countTradingDays });
      if (rows.length === 0) {
        const axis = history.tradingDays;
        const span = axis.length === 0 ? 'no trading days at all' : `${isoFromDay(axis[0] ?? 0)} .. ${isoFromDay(axis[axis.length - 1] ?? 0)}`;
        throw new UserError(`no trading days between ${options.from} and ${options.to} (the data covers ${span})`);
      }
      if (options.json) io.out(JSON.stringify(rows, null, 2) + '\n');
      else if (options.csv) io.out(formatSignalsCsv(rows, config.eventKinds));
      else io.out(formatSignalsTable(rows));
    });
}
