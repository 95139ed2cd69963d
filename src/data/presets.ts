/**
 * Strategy presets are files (presets/*.json at the package root); a user's own config is a JSON file
 * of the same shape. Reading them is I/O, so it lives here; validation is the strategy config's.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile } from './fs/jsonFile.js';
import { parseStrategyConfig, type StrategyConfig } from '../strategy/config.js';
import { packageRoot } from './loadHistory.js';

export class PresetError extends Error {
  override name = 'PresetError';
}

export function presetsDir(): string {
  return join(packageRoot(), 'presets');
}

/** Preset names, sorted. */
export function listPresets(): string[] {
  return readdirSync(presetsDir())
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** A strategy config from a JSON file, validated; errors name the file (and the field). */
export function loadStrategyConfigFile(path: string): StrategyConfig {
  const raw = readJsonFile(path);
  if (!raw.ok) throw new PresetError(raw.error.kind === 'not-found' ? `config file not found: ${path}` : `${path}: ${raw.error.message}`);
  return parseStrategyConfig(raw.value, path);
}

export function loadPreset(name: string): StrategyConfig {
  const names = listPresets();
  if (!names.includes(name)) throw new PresetError(`unknown preset '${name}': choose from ${names.join(', ')}`);
  return loadStrategyConfigFile(join(presetsDir(), `${name}.json`));
}

/**
 * Why a user's config may not carry its name, or undefined when it may: a bundled preset's name with
 * other rules would pass for the preset (in a report's table, or in a book, which records its strategy
 * by name). The preset's own rules under its name are fine; the description does not count.
 */
export function presetNameClash(config: StrategyConfig): string | undefined {
  if (!listPresets().includes(config.name)) return undefined;
  const rules = (c: StrategyConfig) => JSON.stringify({ ...c, description: '' });
  if (rules(config) === rules(loadPreset(config.name))) return undefined;
  return `its name '${config.name}' is a bundled preset's, with other rules; give the strategy a name of its own`;
}
