/**
 * `alvh data ...`: status, import and update of the market history. The clock and the environment are
 * read here, at the edge; everything below works on explicit days and folders.
 */
import type { Command } from 'commander';
import { UserError, type CliIo } from '../io.js';
import { loadMarketHistory } from '../../data/loadHistory.js';
import { buildDataStatus, renderDataStatus } from '../../data/status/dataStatus.js';
import { DataLoadError, OverlayWriteError } from '../../data/store/fileMarketDataStore.js';
import { FileLockBusyError } from '../../data/fs/fileLock.js';
import { DirectoryError } from '../../data/fs/directories.js';
import { parseIsoDate, type DayNumber } from '../../time/day.js';
import { cliTradingCalendar } from '../tradingCalendar.js';
import { IMPORT_TARGETS, importFile, parseImportTarget } from '../../data/import/importFile.js';
import { updateData } from '../../data/update/updateData.js';
import { defaultUpdateSources, UPDATABLE_SERIES, withBaseUrl, type UpdatableSeries } from '../../data/update/updateSources.js';

function parseUpdateSeries(list: string | undefined): UpdatableSeries[] {
  if (list === undefined) return [...UPDATABLE_SERIES];
  const names = list.split(',').map((n) => n.trim()).filter((n) => n !== '');
  const unknown = names.filter((n) => !UPDATABLE_SERIES.includes(n as UpdatableSeries));
  if (unknown.length > 0 || names.length === 0) {
    throw new UserError(`--series '${list}': expected a comma-separated list of ${UPDATABLE_SERIES.join(', ')}`);
  }
  return names as UpdatableSeries[];
}

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
  return explainStoreErrors(() => loadMarketHistory());
}

/**
 * The store's own failures as one-line user errors: another writer holding the overlay lock past the
 * wait (naming it), a write the disk refused, a folder that cannot be created, unreadable data.
 */
async function explainStoreErrors<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof FileLockBusyError) throw new UserError(`another alvh process is writing the data store: ${error.message}; nothing was changed, run the command again when it is done`);
    if (error instanceof DataLoadError || error instanceof OverlayWriteError || error instanceof DirectoryError) throw new UserError(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new UserError(`cannot use the data store: ${(error as Error).message}`);
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
      const outcome = await explainStoreErrors(() =>
        importFile(loaded.store, cliTradingCalendar(loaded.history).calendar, {
          path: file,
          ...(target === undefined ? {} : { target }),
          replace: options.replace === true,
          todayDay: todayDay(),
        }),
      );
      if (!outcome.ok) throw new UserError(outcome.error.message);
      for (const warning of outcome.value.warnings) io.err(`warning: ${warning}\n`);
      const c = outcome.value.change;
      io.out(
        `imported ${c.key} from ${file} (${outcome.value.format}): ${c.added} new, ${c.replaced} replaced, ${c.unchanged} unchanged; store ${loaded.store.userDir}\n`,
      );
    });

  data
    .command('update')
    .description('fetch the latest data from the official sources (Cboe, FRED, Stooq) into your local store')
    .option('--series <list>', `comma-separated series (default all): ${UPDATABLE_SERIES.join(', ')}`)
    .option('--base-url <url>', 'fetch from this server instead of the official hosts (a mirror)')
    .option('--replace', 'let fetched values replace different stored values for the same day')
    .action(async (options: { series?: string; baseUrl?: string; replace?: boolean }) => {
      const series = parseUpdateSeries(options.series);
      let sources = defaultUpdateSources;
      if (options.baseUrl !== undefined) {
        try {
          sources = withBaseUrl(defaultUpdateSources, options.baseUrl);
        } catch {
          throw new UserError(`--base-url '${options.baseUrl}' is not a URL`);
        }
      }
      const loaded = await loadOrExplain();
      const outcome = await explainStoreErrors(() =>
        updateData(loaded.store, cliTradingCalendar(loaded.history).calendar, series, sources, {
          replace: options.replace === true,
          todayDay: todayDay(),
        }),
      );
      if (!outcome.ok) {
        const lines = outcome.error.map((f) => `  ${f.url}: ${f.message}`);
        const offline = outcome.error.some((f) => f.unreachable === true)
          ? ['The sources could not be reached: are you offline? alvh keeps working on the bundled and already imported data.']
          : [];
        throw new UserError([`update failed; nothing was changed:`, ...lines, ...offline].join('\n'));
      }
      for (const warning of outcome.value.warnings) io.err(`warning: ${warning}\n`);
      for (const c of outcome.value.changes) {
        const kept = c.keptStored > 0 ? `, ${c.keptStored} differing kept as stored (--replace takes the source's)` : '';
        io.out(`${c.key}: ${c.added} new, ${c.replaced} replaced, ${c.unchanged} unchanged${kept}\n`);
      }
      io.out(`fetched ${outcome.value.fetched.length} file(s); store ${loaded.store.userDir}\n`);
    });
}
