/**
 * `alvh chains import FILE...` and `alvh chains status`: the user's own option chains (OptionsDX,
 * Cboe DataShop, ORATS, historicaloptiondata, alvh canonical CSV) in a local store under the alvh
 * home. Each file is imported all or nothing; a failed file stops the command with its reason, and
 * the files before it stay imported.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { UserError, type CliIo } from '../io.js';
import { defaultUserDir } from '../../data/loadHistory.js';
import { CHAIN_FORMAT_IDS, type ChainFormatId } from '../../chains/formats/format.js';
import { formatChainImportError, importChainFile } from '../../chains/store.js';
import { buildChainStatus, renderChainStatus } from '../../chains/status.js';

/** The chain store folder: `$ALVH_HOME/chains` (default `~/.alvh/chains`). */
export function defaultChainStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultUserDir(env), 'chains');
}

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
    .option('--json', 'machine-readable output')
    .action(async (files: string[], options: { format: string; underlying?: string; replace?: boolean; json?: boolean }) => {
      const format = parseFormat(options.format);
      const underlying = parseUnderlying(options.underlying);
      const dir = storeDir();
      const outcomes = [];
      for (const file of files) {
        const outcome = await importChainFile(dir, file, { format, replace: options.replace === true, ...(underlying === undefined ? {} : { underlying }) });
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
      const status = await buildChainStatus(storeDir());
      io.out(options.json ? `${JSON.stringify(status, null, 2)}\n` : renderChainStatus(status));
    });
}
