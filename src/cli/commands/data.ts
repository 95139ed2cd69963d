/**
 * `alvh data ...`: status, import and update of the market history. The clock and the environment are
 * read here, at the edge; everything below works on explicit days and folders.
 */
import type { Command } from 'commander';
import { UserError, type CliIo } from '../io.js';
import { loadMarketHistory } from '../../data/loadHistory.js';
import { buildDataStatus, renderDataStatus } from '../../data/status/dataStatus.js';
import { DataLoadError } from '../../data/store/fileMarketDataStore.js';
import { parseIsoDate, type DayNumber } from '../../time/day.js';
import { cliTradingCalendar } from '../tradingCalendar.js';

const MS_PER_DAY = 86_400_000;

function todayDay(): DayNumber {
  return Math.floor(Date.now() / MS_PER_DAY);
}

function parseDayOption(option: string, value: string): DayNumber {
  const parsed = parseIsoDate(value);
  if (!parsed.ok) throw new UserError(`${option} '${value}': ${parsed.error.reason}`);
  return parsed.value;
}

async function loadOrExplain(): Promise<Awaited<ReturnType<typeof loadMarketHistory>>> {
  try {
    return await loadMarketHistory();
  } catch (error) {
    if (error instanceof DataLoadError) throw new UserError(error.message);
    throw error;
  }
}

export function registerDataCommands(program: Command, io: CliIo): void {
  const data = program.command('data').description('market history: status, import and update');

  data
    .command('status')
    .description('per series: first and last date, rows, gaps and staleness')
    .option('--json', 'machine-readable output')
    .option('--as-of <date>', 'measure staleness against this day (YYYY-MM-DD; default today)')
    .action(async (options: { json?: boolean; asOf?: string }) => {
      const asOfDay = options.asOf === undefined ? todayDay() : parseDayOption('--as-of', options.asOf);
      const loaded = await loadOrExplain();
      const status = buildDataStatus(loaded.history, cliTradingCalendar(loaded.history), asOfDay, loaded.warnings);
      io.out(options.json ? `${JSON.stringify(status, null, 2)}\n` : renderDataStatus(status));
    });
}
