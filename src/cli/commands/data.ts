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
import { IMPORT_TARGETS, importFile, parseImportTarget } from '../../data/import/importFile.js';

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

  data
    .command('import')
    .description('validate a data file and add it to your local store (all or nothing)')
    .argument('<file>', 'CSV file: Cboe index or VX futures, Yahoo, Stooq, FRED DTB3, events or breadth')
    .option('--series <name>', `series to import into (default: from the file name): ${IMPORT_TARGETS.join(', ')}`)
    .option('--replace', 'let values in the file replace different stored values for the same day')
    .action(async (file: string, options: { series?: string; replace?: boolean }) => {
      const target = options.series === undefined ? undefined : parseImportTarget(options.series);
      if (options.series !== undefined && target === undefined) {
        throw new UserError(`--series '${options.series}' is not one of: ${IMPORT_TARGETS.join(', ')}`);
      }
      const loaded = await loadOrExplain();
      const outcome = await importFile(loaded.store, cliTradingCalendar(loaded.history).calendar, {
        path: file,
        ...(target === undefined ? {} : { target }),
        replace: options.replace === true,
      });
      if (!outcome.ok) throw new UserError(outcome.error.message);
      for (const warning of outcome.value.warnings) io.err(`warning: ${warning}\n`);
      const c = outcome.value.change;
      io.out(
        `imported ${c.key} from ${file} (${outcome.value.format}): ${c.added} new, ${c.replaced} replaced, ${c.unchanged} unchanged; store ${loaded.store.userDir}\n`,
      );
    });
}
