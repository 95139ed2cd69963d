import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyUserDir, realHistory } from '../../test/fixtures/realMarket.js';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { loadMarketModelConfigFile } from '../data/modelConfigFile.js';
import { loadPreset } from '../data/presets.js';
import { backtestSpan } from '../engine/backtestJob.js';
import { dayFromIso } from '../time/day.js';
import { otherModelRunsOnThreads, runOnModel } from './backtestAcrossModels.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'alvh-across-tape-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('the backtest on other market models', () => {
  it('gives on worker threads the figures it gives on this thread, in the order of the models, with progress to the last day', async () => {
    const userDir = emptyUserDir();
    const history = await realHistory();
    const configs = ['alvh-ladder', 'unhedged'].map((name) => loadPreset(name));
    const { fromDay, toDay } = backtestSpan(history, configs, dayFromIso('2018-01-02'), dayFromIso('2018-03-29'));
    const models = ['skew-off.json', 'put-wing-smile.json'].map((f) => ({ source: `presets/model/${f}`, config: loadMarketModelConfigFile(join('presets', 'model', f)) }));
    const here = models.map((model) => runOnModel(history, { countTradingDays: countNyseTradingDays }, { model, configs, fromDay, toDay, cacheDir }));
    const lastDay = new Map<number, number>();
    const onThreads = await otherModelRunsOnThreads({
      userDir,
      dataVersion: history.dataVersion,
      tasks: models.map((model) => ({ model, configs, fromDay, toDay, cacheDir })),
      onProgress: (i, p) => lastDay.set(i, Math.max(lastDay.get(i) ?? 0, p.doneDays === p.totalDays ? p.totalDays : 0)),
      threads: 2,
    });
    expect(onThreads).toEqual(here);
    expect(onThreads.map((r) => r.model)).toEqual(models.map((m) => m.source));
    expect([...lastDay.keys()].sort()).toEqual([0, 1]);
    expect([...lastDay.values()].every((d) => d > 50)).toBe(true);
  }, 120_000);

  it('refuses a run on data other than the caller saw, naming the model', async () => {
    const history = await realHistory();
    const configs = [loadPreset('unhedged')];
    const task = { model: { source: 'presets/model/skew-off.json', config: loadMarketModelConfigFile(join('presets', 'model', 'skew-off.json')) }, configs, fromDay: dayFromIso('2018-01-02'), toDay: dayFromIso('2018-02-01'), cacheDir };
    await expect(otherModelRunsOnThreads({ userDir: emptyUserDir(), dataVersion: `${history.dataVersion}-other`, tasks: [task] })).rejects.toThrow(/presets\/model\/skew-off\.json failed: the market data changed while the run went on/);
  }, 60_000);
});
