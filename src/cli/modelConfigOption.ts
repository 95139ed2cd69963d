/**
 * `--model-config FILE` (alvh backtest, alvh validate): the market model config a command runs with, and
 * how its reports name it. Without the option: the defaults.
 */
import { loadMarketModelConfigFile, ModelConfigFileError } from '../data/modelConfigFile.js';
import { DEFAULT_MARKET_MODEL_CONFIG, type MarketModelConfig } from '../market/config.js';
import { UserError } from './io.js';

/** What a report prints for the model config when no file was given. */
export const DEFAULT_MODEL_CONFIG_SOURCE = 'defaults';

export interface ModelConfigChoice {
  readonly config: MarketModelConfig;
  /** `defaults`, or the file as given. */
  readonly source: string;
}

/** The config of `--model-config FILE` (refused with the file and field named), or the defaults. */
export function modelConfigOption(path: string | undefined): ModelConfigChoice {
  if (path === undefined) return { config: DEFAULT_MARKET_MODEL_CONFIG, source: DEFAULT_MODEL_CONFIG_SOURCE };
  try {
    return { config: loadMarketModelConfigFile(path), source: path };
  } catch (caught) {
    if (caught instanceof ModelConfigFileError) throw new UserError(`--model-config: ${caught.message}`);
    throw caught;
  }
}
