/**
 * What the engine's model market does with a day the model cannot calibrate: it stops the run and
 * says why, where a day without data is left out.
 */
import { describe, expect, it } from 'vitest';
import { testHistory } from '../../test/support/realSurfaces.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../market/config.js';
import { SpxModelConfigSchema } from '../market/spx/config.js';
import { VixBetaConfigSchema } from '../market/vixBetas.js';
import { dayFromIso } from '../time/day.js';
import { calibrateModelDay, createModelMarket, MarketModelError } from './modelMarketView.js';

describe('a day the market model cannot calibrate', () => {
  const history = testHistory();
  // A call wing so steep that the Cboe strip finds no zero bid (src/market/spx/stripIndex.test.ts).
  const steep = { ...DEFAULT_MARKET_MODEL_CONFIG, spx: SpxModelConfigSchema.parse({ smileWingSlopePerZ: 1.5, smileSkewRho: 0.65, smileSmoothingZ: 0.25 }) };

  it('stops the run with the day and the reason, where it used to be dropped like a day without data', () => {
    const marketOn = createModelMarket(history, steep, VixBetaConfigSchema.parse({}));
    const day = dayFromIso('2018-01-02');
    expect(() => marketOn(day)).toThrow(MarketModelError);
    expect(() => marketOn(day)).toThrow(/^2018-01-02: the market model cannot calibrate the SPX surface: tenor \d+d: the \d+-day strip's calls are still worth .* \(check the market model config\)$/);
    expect(() => calibrateModelDay(history, steep, day)).toThrow(/^2018-01-02: the market model cannot calibrate the SPX surface/);
  });

  it('leaves a day without data out, as before, and calibrates the same day under the defaults', () => {
    const marketOn = createModelMarket(history, DEFAULT_MARKET_MODEL_CONFIG, VixBetaConfigSchema.parse({}));
    // 2018-01-15 is Martin Luther King Jr. Day: no SPX bar.
    expect(marketOn(dayFromIso('2018-01-15'))).toBeUndefined();
    expect(marketOn(dayFromIso('2018-01-02'))?.day).toBe(dayFromIso('2018-01-02'));
  });
});
