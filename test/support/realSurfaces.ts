/**
 * The bundled market history (through the product's loader, with an empty overlay folder so a user's
 * own imports never change test results) and surfaces of real days built from it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMarketHistory } from '../../src/data/loadHistory.js';
import type { MarketHistory } from '../../src/history/types.js';
import { marketDayFromHistory, type MarketDay } from '../../src/market/marketDay.js';
import { DEFAULT_SPX_MODEL_CONFIG, type SpxModelConfig } from '../../src/market/spx/config.js';
import { buildSpxSurface, type SpxVolSurface } from '../../src/market/spx/surface.js';
import { dayFromIso } from '../../src/time/day.js';

const emptyOverlay = mkdtempSync(join(tmpdir(), 'alvh-model-test-'));
const loaded = await loadMarketHistory({ userDir: emptyOverlay });
rmSync(emptyOverlay, { recursive: true, force: true });

export function testHistory(): MarketHistory {
  return loaded.history;
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

/** The same history with every value after `lastDay` removed: a surface built on or before it must not change. */
export function historyUpTo(history: MarketHistory, lastDay: number): MarketHistory {
  const known = (day: number) => day <= lastDay;
  return {
    tradingDays: history.tradingDays.filter(known),
    series: (name) => history.series(name),
    barOn: (name, day) => (known(day) ? history.barOn(name, day) : undefined),
    closeOn: (name, day) => (known(day) ? history.closeOn(name, day) : undefined),
    vxFuturesOn: (day) => (known(day) ? history.vxFuturesOn(day) : []),
    termStructureOn: (day) => (known(day) ? history.termStructureOn(day) : []),
    constantMaturityFutureOn: (day, dte) => (known(day) ? history.constantMaturityFutureOn(day, dte) : undefined),
    riskFreeRateOn: (day) => (known(day) ? history.riskFreeRateOn(day) : undefined),
    dividendYieldOn: (day) => (known(day) ? history.dividendYieldOn(day) : undefined),
    eventsBetween: (from, to) => history.eventsBetween(from, Math.min(to, lastDay)),
    breadthOn: (day) => (known(day) ? history.breadthOn(day) : undefined),
    missingSeriesOn: (day) => history.missingSeriesOn(day),
    dataVersion: history.dataVersion,
  };
}
