/**
 * `--model-config FILE` (alvh backtest, validate, signal, book, serve): the market model config a
 * command runs with, and how its output names it. Without the option: the defaults.
 */
import { readdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { loadMarketModelConfigFile, ModelConfigFileError, modelPresetsDir } from '../data/modelConfigFile.js';
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

/** A bundled file as the user would type it from here: relative to the working folder when inside it. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * The model configs `--across-models` runs on (alvh backtest, validate and signal; the dashboard's
 * signal asks with `true`): the files listed, or every bundled one (presets/model) when the option is
 * given alone; the run's own model left out. Each is read and validated before anything runs.
 * Undefined when the option was not given.
 */
export function acrossModelFiles(option: boolean | string | undefined, mainSource: string): ModelConfigChoice[] | undefined {
  if (option === undefined || option === false) return undefined;
  const listed =
    option === true
      ? readdirSync(modelPresetsDir())
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => shownPath(join(modelPresetsDir(), f)))
      : option.split(',').map((f) => f.trim()).filter((f) => f !== '');
  if (listed.length === 0) throw new UserError('--across-models: name at least one model config file (or give the option alone for every file of presets/model)');
  const own = mainSource === DEFAULT_MODEL_CONFIG_SOURCE ? undefined : resolve(mainSource);
  const files = [...new Set(listed)].filter((f) => resolve(f) !== own);
  if (files.length === 0) throw new UserError(`--across-models: every file named is the run's own model (${mainSource}): name another`);
  return files.map((file) => {
    try {
      return { source: file, config: loadMarketModelConfigFile(file) };
    } catch (caught) {
      if (caught instanceof ModelConfigFileError) throw new UserError(`--across-models: ${caught.message}`);
      throw caught;
    }
  });
}

/**
 * What a dashboard request's `acrossModels: true` runs on: every bundled model config but the server's
 * own (`alvh serve --model-config`; absent: the defaults). Undefined when the request did not ask. A
 * request can only ask for the bundled files, never name a file of this machine.
 */
export function bundledOtherModels(asked: boolean, serverModel: ModelConfigChoice | undefined): ModelConfigChoice[] | undefined {
  return asked ? acrossModelFiles(true, serverModel?.source ?? DEFAULT_MODEL_CONFIG_SOURCE) : undefined;
}
