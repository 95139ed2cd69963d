/** Surfaces of real days for tests, built from the bundled daily history (loaded once per test file). */
import { marketDayFromHistory, type MarketDay } from '../../src/market/marketDay.js';
import { DEFAULT_SPX_MODEL_CONFIG, type SpxModelConfig } from '../../src/market/spx/config.js';
import { buildSpxSurface, type SpxVolSurface } from '../../src/market/spx/surface.js';
import type { MarketHistory } from '../../src/history/types.js';
import { dayFromIso } from '../../src/time/day.js';
import { loadCsvMarketHistory } from './csvMarketHistory.js';

let history: MarketHistory | undefined;

export function testHistory(): MarketHistory {
  history ??= loadCsvMarketHistory();
  return history;
}

export function realMarketDay(iso: string): MarketDay {
  const day = marketDayFromHistory(testHistory(), dayFromIso(iso));
  if (!day.ok) throw new Error(`test fixture: ${day.error.missing}`);
  return day.value;
}

export function realSurface(iso: string, config: SpxModelConfig = DEFAULT_SPX_MODEL_CONFIG): SpxVolSurface {
  const surface = buildSpxSurface(realMarketDay(iso), config);
  if (!surface.ok) throw new Error(`test fixture: ${surface.error.reason}`);
  return surface.value;
}

/** The stress and calm days the arbitrage and calibration tests run on. */
export const GRID_DAYS = ['1990-01-02', '1995-06-01', '2000-04-14', '2004-06-01', '2008-10-10', '2011-08-08', '2017-11-03', '2018-02-05', '2020-03-16', '2020-12-01', '2022-06-13'] as const;
