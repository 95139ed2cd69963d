/**
 * `--model-config FILE` (alvh backtest, validate, signal, book, serve): the market model config a
 * command runs with, and how its output names it. Without the option: the defaults.
 */
import { loadMarketModelConfigFile, ModelConfigFileError } from '../data/modelConfigFile.js';
import { DEFAULT_MARKET_MODEL_CONFIG, marketModelConfigChanges, type MarketModelConfig } from '../market/config.js';
import { UserError } from './io.js';

/** What a report prints for the model config when no file was given. */
export const DEFAULT_MODEL_CONFIG_SOURCE = 'defaults';

export interface ModelConfigChoice {
  readonly config: MarketModelConfig;
  /** `defaults`, or the file as given. */
  readonly source: string;
}

/** The default model, as a command without `--model-config` runs. */
export const DEFAULT_MODEL_CONFIG_CHOICE: ModelConfigChoice = { config: DEFAULT_MARKET_MODEL_CONFIG, source: DEFAULT_MODEL_CONFIG_SOURCE };

/** How JSON output names the model: where it came from and the fields it changes from the defaults (none for them). */
export function modelConfigSummary(model: ModelConfigChoice): { source: string; changes: string[] } {
  return { source: model.source, changes: marketModelConfigChanges(model.config) };
}

/** The config of `--model-config FILE` (refused with the file and field named), or the defaults. */
export function modelConfigOption(path: string | undefined): ModelConfigChoice {
  if (path === undefined) return DEFAULT_MODEL_CONFIG_CHOICE;
  try {
    return { config: loadMarketModelConfigFile(path), source: path };
  } catch (caught) {
    if (caught instanceof ModelConfigFileError) throw new UserError(`--model-config: ${caught.message}`);
    throw caught;
  }
}
