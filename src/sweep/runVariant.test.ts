import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { loadMarketHistory } from '../data/loadHistory.js';
import { loadPreset } from '../data/presets.js';
import { parseStrategyConfig, type StrategyConfig } from '../strategy/config.js';
import { prepareVariantRunner, type VariantRun, type VariantRunner } from './runVariant.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-runvariant-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The bytes a result is stored as: metrics as JSON, the curves as their raw typed-array bytes. */
function bytesOf(run: VariantRun): string {
  return JSON.stringify(run.metrics) + Buffer.from(run.days.buffer, run.days.byteOffset, run.days.byteLength).toString('hex') + Buffer.from(run.equityUsd.buffer, run.equityUsd.byteOffset, run.equityUsd.byteLength).toString('hex');
}

let runner: VariantRunner;
let configs: StrategyConfig[];

beforeAll(async () => {
  const { history } = await loadMarketHistory({ userDir: join(dir, 'home') });
  // A volatile stretch (the 2020 crash), so hedges open, pay and roll, and the variants differ.
  runner = prepareVariantRunner(history, { from: '2020-01-01', to: '2020-06-30' }, { countTradingDays: countNyseTradingDays });
  const ladder = loadPreset('alvh-ladder');
  configs = [
    ladder,
    parseStrategyConfig({ ...ladder, name: 'wide', ironCondor: { ...ladder.ironCondor, shortDelta: 0.2 } }, 'test'),
    loadPreset('unhedged'),
    parseStrategyConfig({ ...ladder, name: 'call', hedge: { ...ladder.hedge, hedgeCallDelta: 0.4, takeProfitMultipleOfCost: 2 } }, 'test'),
    loadPreset('fixed-rr'),
  ];
}, 120_000);

describe('variants run in a batch', () => {
  it('give each variant, byte for byte, the result it has run alone, whatever the batch around it', () => {
    const alone = configs.map((c) => bytesOf(runner.run(c)));
    expect(new Set(alone).size).toBe(configs.length);
    expect(runner.runBatch(configs).map(bytesOf)).toEqual(alone);
    // Reversed and split: neither the order nor the neighbours of a variant change its result.
    expect(runner.runBatch([...configs].reverse()).map(bytesOf)).toEqual([...alone].reverse());
    expect(runner.runBatch(configs.slice(1, 3)).map(bytesOf)).toEqual(alone.slice(1, 3));
  });
});
