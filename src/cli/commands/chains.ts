/**
 * `alvh chains import FILE...` and `alvh chains status`: the user's own option chains (OptionsDX,
 * Cboe DataShop, ORATS, historicaloptiondata, alvh canonical CSV) in a local store under the alvh
 * home. Each file is imported all or nothing; a failed file stops the command with its reason, and
 * the files before it stay imported.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { UserError, type CliIo } from '../io.js';
import { loadMarketHistory } from '../../data/loadHistory.js';
import { CHAIN_FORMAT_IDS, type ChainFormatId } from '../../chains/formats/format.js';
import type { MarketHistory } from '../../history/types.js';
import { DEFAULT_MARKET_MODEL_CONFIG, type MarketModelConfig } from '../../market/config.js';
import { DEFAULT_MODEL_CONFIG_SOURCE } from '../modelConfigOption.js';
import type { Report } from '../../report/report.js';
import { renderSummaryTable, type SummaryRow } from '../../validation/summary.js';
import { isoFromDay, type DayNumber } from '../../time/day.js';
import { writeReportFiles } from '../reportFiles.js';
import { chainSettingsFromOptions, collectOption, defaultChainStoreDir, loadChainStore } from '../chainOptions.js';

function parseFormat(text: string): ChainFormatId | 'auto' {
  if (text === 'auto' || (CHAIN_FORMAT_IDS as readonly string[]).includes(text)) return text as ChainFormatId | 'auto';
  throw new UserError(`--format '${text}' is not one of: auto, ${CHAIN_FORMAT_IDS.join(', ')}`);
}

function parseUnderlying(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const upper = text.toUpperCase();
  if (upper !== 'SPX' && upper !== 'VIX') throw new UserError(`--underlying '${text}' is not SPX or VIX`);
  return upper;
}

function describeRejected(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? 'none rejected' : `rejected: ${entries.map(([reason, n]) => `${reason} ${n}`).join(', ')}`;
}

export function registerChainsCommands(program: Command, io: CliIo, storeDir: () => string = () => defaultChainStoreDir()): void {
  const chains = program.command('chains').description('your own option chains: import vendor files, show coverage');

  chains
    .command('import')
    .description('check vendor end-of-day option files and add them to the local chain store (each file all or nothing)')
    .argument('<files...>', 'OptionsDX, Cboe DataShop, ORATS, historicaloptiondata or canonical CSV files (.csv, .txt, .gz or .zip)')
    .option('--format <format>', `file layout: auto, ${CHAIN_FORMAT_IDS.join(', ')}`, 'auto')
    .option('--underlying <symbol>', 'SPX or VIX, for layouts without an underlying column (OptionsDX; default from the file name)')
    .option('--replace', 'let quotes in the file replace different stored quotes of the same option and day')
    .option('--root <underlying:root=AM|PM>', 'a trading class to accept besides the known ones, with its settlement (repeatable), e.g. VIX:BVZ=AM', collectOption)
    .option('--datashop-snapshot <snapshot>', "Cboe DataShop quotes to read: 1545 (the 15:45 snapshot, default) or eod")
    .option('--chains-config <file>', 'chain settings JSON: {"import": {"knownRoots": ..., "datashopSnapshot": ...}, "market": {"maxCarryDays": ...}}')
    .option('--json', 'machine-readable output')
    .action(async (files: string[], options: { format: string; underlying?: string; replace?: boolean; json?: boolean; root?: string[]; datashopSnapshot?: string; chainsConfig?: string }) => {
      const format = parseFormat(options.format);
      const underlying = parseUnderlying(options.underlying);
      const settings = chainSettingsFromOptions(options);
      const dir = storeDir();
      const outcomes = [];
      const { formatChainImportError, importChainFile } = await loadChainStore();
      for (const file of files) {
        const outcome = await importChainFile(dir, file, { format, replace: options.replace === true, config: settings.import, ...(underlying === undefined ? {} : { underlying }) });
        if (!outcome.ok) {
          const done = outcomes.length > 0 ? ` (${outcomes.length} earlier file(s) were imported)` : '';
          throw new UserError(`${formatChainImportError(outcome.error)}${done}`);
        }
        outcomes.push(outcome.value);
        if (!options.json) {
          const v = outcome.value;
          const read = v.summaries.map((s) => `${s.rowsRead} rows as ${s.format}, ${s.quotesAccepted} quotes accepted, ${describeRejected(s.rejectedByReason)}`).join('; ');
          io.out(`${file}: ${read}\n  ${v.status === 'unchanged' ? 'unchanged: every quote was already stored' : `${v.added} new, ${v.replaced} replaced, ${v.alreadyStored} already stored`}\n`);
        }
      }
      if (options.json) io.out(`${JSON.stringify({ storeDir: dir, imports: outcomes }, null, 2)}\n`);
      else io.out(`store ${dir}\n`);
    });

  chains
    .command('status')
    .description('coverage of the chain store per underlying, root and month, with gaps')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const { buildChainStatus, renderChainStatus } = await import('../../chains/status.js');
      const status = await buildChainStatus(storeDir());
      io.out(options.json ? `${JSON.stringify(status, null, 2)}\n` : renderChainStatus(status));
    });
}

export const CHAINS_VALIDATE_REPORT_BASENAME = 'validate-chains';

export interface ChainsValidateDependencies {
  readonly loadHistory: () => Promise<MarketHistory>;
  readonly storeDir: () => string;
  readonly config: MarketModelConfig;
  /** Where the config came from, as the report names it (`defaults`, or a --model-config file). */
  readonly configSource?: string;
}

export const defaultChainsValidateDependencies: ChainsValidateDependencies = {
  loadHistory: async () => (await loadMarketHistory()).history,
  storeDir: () => defaultChainStoreDir(),
  config: DEFAULT_MARKET_MODEL_CONFIG,
};

/** `alvh validate --chains`: the model against the quotes in the user's chain store; the report beside the bundled one. */
export async function runChainsValidate(
  options: { readonly json: boolean; readonly out: string; readonly fromDay?: DayNumber; readonly toDay?: DayNumber },
  io: CliIo,
  deps: ChainsValidateDependencies = defaultChainsValidateDependencies,
): Promise<{ files: readonly string[]; summary: readonly SummaryRow[] }> {
  const dir = deps.storeDir();
  const { readStoredQuotes } = await loadChainStore();
  const quotes = await readStoredQuotes(dir, { ...(options.fromDay === undefined ? {} : { fromDay: options.fromDay }), ...(options.toDay === undefined ? {} : { toDay: options.toDay }) });
  if (quotes.length === 0) throw new UserError(`the chain store ${dir} has no quotes${options.fromDay !== undefined || options.toDay !== undefined ? ' in that span' : ''}: import files with alvh chains import FILE...`);
  let history: MarketHistory;
  try {
    history = await deps.loadHistory();
  } catch (caught) {
    throw new UserError(`cannot load the market history: ${(caught as Error).message}`);
  }
  const { buildChainValidationSections } = await import('../../chains/validation.js');
  const built = buildChainValidationSections({ history, quotes, config: deps.config });
  if (!built.ok) throw new UserError(`chain validation cannot run: ${built.error}`);
  const days = [...new Set(quotes.map((q) => q.quoteDay))].sort((a, b) => a - b);
  const report: Report = {
    title: 'alvh validation: the market model against your option chains',
    facts: [
      { label: 'chain store', value: dir },
      { label: 'quotes', value: String(quotes.length) },
      { label: 'quote dates', value: `${days.length} (${isoFromDay(days[0] as number)} .. ${isoFromDay(days[days.length - 1] as number)})` },
      { label: 'market data version', value: history.dataVersion },
      { label: 'market model config', value: deps.configSource ?? DEFAULT_MODEL_CONFIG_SOURCE },
    ],
    sections: built.value.sections,
  };
  const files = writeReportFiles(options.out, CHAINS_VALIDATE_REPORT_BASENAME, report);
  if (options.json) {
    io.out(`${JSON.stringify({ outDir: options.out, files, summary: built.value.summary }, null, 2)}\n`);
  } else {
    io.out(renderSummaryTable(built.value.summary));
    io.out(`\nreport: ${join(options.out, `${CHAINS_VALIDATE_REPORT_BASENAME}.html`)}\n`);
  }
  return { files, summary: built.value.summary };
}
