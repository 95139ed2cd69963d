/**
 * The whole market model's configuration: the SPX surface, the VIX-option model and the bid/ask spread
 * model, each a validated sub-schema owned by its folder. Every field has its default and unit.
 */
import { z } from 'zod';
import { spreadModelConfigSchema } from './spread/config.js';
import { SpxModelConfigSchema } from './spx/config.js';
import { vixOptionModelConfigSchema } from './vix/config.js';

export const marketModelConfigSchema = z.strictObject({
  spx: SpxModelConfigSchema.default(SpxModelConfigSchema.parse({})),
  vix: vixOptionModelConfigSchema.default(vixOptionModelConfigSchema.parse({})),
  spread: spreadModelConfigSchema.default(spreadModelConfigSchema.parse({})),
});
export type MarketModelConfig = z.infer<typeof marketModelConfigSchema>;

export const DEFAULT_MARKET_MODEL_CONFIG: MarketModelConfig = marketModelConfigSchema.parse({});

/**
 * The fields where `config` differs from the defaults, as `path: value` (dotted paths, values as JSON,
 * in the config's field order): how a report names a non-default model in one line. Empty for the defaults.
 */
export function marketModelConfigChanges(config: MarketModelConfig): string[] {
  const out: string[] = [];
  const walk = (value: unknown, base: unknown, path: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && base !== null && typeof base === 'object' && !Array.isArray(base)) {
      for (const [key, child] of Object.entries(value)) walk(child, (base as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`);
      return;
    }
    if (JSON.stringify(value) !== JSON.stringify(base)) out.push(`${path}: ${JSON.stringify(value)}`);
  };
  walk(config, DEFAULT_MARKET_MODEL_CONFIG, '');
  return out;
}

/** The config changes nothing from the defaults (whatever object holds it). */
export function isDefaultMarketModel(config: MarketModelConfig): boolean {
  return marketModelConfigChanges(config).length === 0;
}
