/**
 * A market model config from a JSON file (`--model-config FILE` of alvh backtest, validate, signal, book and serve): the shape of
 * MarketModelConfig, every field optional (its default stands in), every object strict. Reading is I/O,
 * so it lives here; validation is the model config's own schema.
 */
import { join } from 'node:path';
import { configIssues } from '../lib/configIssues.js';
import { readJsonFile } from './fs/jsonFile.js';
import { marketModelConfigSchema, type MarketModelConfig } from '../market/config.js';
import { StrategyConfigSchema } from '../strategy/config.js';
import { presetsDir } from './presets.js';

/** Top-level fields of a strategy config (a model config has none of them), from its schema. */
const STRATEGY_CONFIG_KEYS = Object.keys(StrategyConfigSchema.shape).filter((key) => !Object.hasOwn(marketModelConfigSchema.shape, key));

export class ModelConfigFileError extends Error {
  override name = 'ModelConfigFileError';
}

/** Where the bundled model configs live (presets/model/*.json). */
export function modelPresetsDir(): string {
  return join(presetsDir(), 'model');
}

/** The file's config, validated; an error names the file and each offending field. */
export function loadMarketModelConfigFile(path: string): MarketModelConfig {
  const read = readJsonFile(path);
  if (!read.ok) {
    if (read.error.kind === 'not-found') throw new ModelConfigFileError(`model config file not found: ${path}`);
    if (read.error.kind === 'folder') throw new ModelConfigFileError(`${path} is a folder: name a JSON file (for example presets/model/skew-off.json)`);
    throw new ModelConfigFileError(`${path}: ${read.error.message}`);
  }
  const raw = read.value;
  // A strategy config given here by mistake would list every one of its fields as unknown: say what it is.
  const strategyKeys = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? STRATEGY_CONFIG_KEYS.filter((key) => Object.hasOwn(raw, key)) : [];
  if (strategyKeys.length > 0) {
    throw new ModelConfigFileError(`${path} is a strategy config (it has ${strategyKeys.join(', ')}), not a market model config: a model config holds spx, vix and spread`);
  }
  const parsed = marketModelConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = configIssues(marketModelConfigSchema, parsed.error);
    throw new ModelConfigFileError(`invalid market model config ${path}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
