/**
 * The chain store's command-line options, shared by the commands that read or write it (chains,
 * backtest, signal, book): kept apart from the `chains` command's module, so that a command that only
 * needs the store's folder and settings does not load the command's report writers with them.
 */
import { join } from 'node:path';
import { ChainSettingsError, DEFAULT_CHAIN_SETTINGS, loadChainSettingsFile, parseDatashopSnapshot, parseMaxCarryDays, parseRootFlag, withFlags, type ChainSettings } from '../chains/settings.js';
import { defaultUserDir } from '../data/loadHistory.js';
import { UserError } from './io.js';

/**
 * The chain store (DuckDB, the zip and CSV readers), loaded by the commands that read or write it
 * rather than by every start of the CLI.
 */
export function loadChainStore(): Promise<typeof import('../chains/store.js')> {
  return import('../chains/store.js');
}

/** The chain store folder: `$ALVH_HOME/chains` (default `~/.alvh/chains`). */
export function defaultChainStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultUserDir(env), 'chains');
}

/** Commander's collector for a repeatable option. */
export function collectOption(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * The chain settings of a command: `--chains-config FILE` (strict JSON, defaults for what it leaves
 * out) with `--root`, `--datashop-snapshot` and `--max-carry-days` on top; a bad one is a user error.
 */
export function chainSettingsFromOptions(options: { chainsConfig?: string; root?: readonly string[]; datashopSnapshot?: string; maxCarryDays?: string }): ChainSettings {
  try {
    const base = options.chainsConfig === undefined ? DEFAULT_CHAIN_SETTINGS : loadChainSettingsFile(options.chainsConfig);
    return withFlags(base, {
      ...(options.root === undefined ? {} : { roots: options.root.map(parseRootFlag) }),
      ...(options.datashopSnapshot === undefined ? {} : { datashopSnapshot: parseDatashopSnapshot(options.datashopSnapshot) }),
      ...(options.maxCarryDays === undefined ? {} : { maxCarryDays: parseMaxCarryDays(options.maxCarryDays) }),
    });
  } catch (error) {
    if (error instanceof ChainSettingsError) throw new UserError(error.message);
    throw error;
  }
}
