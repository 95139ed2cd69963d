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
