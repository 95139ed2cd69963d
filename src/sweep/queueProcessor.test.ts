/**
 * The queue's processor called directly (BullMQ would call it in a child process of `alvh worker`):
 * a job that names a market model runs its variants on that model, byte for byte what this thread
 * gives on it, and a job on the defaults what the defaults give; a model config it cannot read is
 * refused for good (never run on the defaults under a key that names another model), and so is a job
 * queued by another build (its keys name that build's code).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxedJob } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { loadMarketHistory } from '../data/loadHistory.js';
import { wholeCodeFingerprint } from '../data/codeFingerprint.js';
import { loadPreset } from '../data/presets.js';
import type { MarketHistory } from '../history/types.js';
import { marketModelConfigSchema } from '../market/config.js';
import { defaultTapeSettings } from '../tape/marketTape.js';
import { decodeRun, type EncodedBatch, type SweepJobData } from './queue.js';
import processVariant from './queueProcessor.js';
import { prepareVariantRunner, type VariantRun } from './runVariant.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-processor-'));
const saved = { home: process.env['ALVH_HOME'], tape: process.env['ALVH_TAPE_CACHE'] };
let history: MarketHistory;
const period = { from: '2020-02-03', to: '2020-03-31' };
const skewOff = marketModelConfigSchema.parse({ spx: { skewCalibration: 'off' } });
/** Each job calibrates a short period on its model: seconds on a busy 2-core machine. */
const PROCESSOR_TEST_TIMEOUT_MS = 120_000;

beforeAll(async () => {
  process.env['ALVH_HOME'] = join(dir, 'home');
  process.env['ALVH_TAPE_CACHE'] = 'off';
  history = (await loadMarketHistory({ userDir: join(dir, 'home') })).history;
});
afterAll(() => {
  for (const [name, value] of [['ALVH_HOME', saved.home], ['ALVH_TAPE_CACHE', saved.tape]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(dir, { recursive: true, force: true });
});

const job = (data: SweepJobData) => ({ data }) as unknown as SandboxedJob<SweepJobData, EncodedBatch>;
const bytesOf = (run: VariantRun) => JSON.stringify(run.metrics) + Buffer.from(run.equityUsd.buffer, run.equityUsd.byteOffset, run.equityUsd.byteLength).toString('hex');

describe('the sweep queue processor', () => {
  it("runs a job's variants on the job's market model", async () => {
    const config = loadPreset('alvh-ladder');
    const deps = { countTradingDays: countNyseTradingDays };
    const onDefaults = bytesOf(prepareVariantRunner(history, period, deps).run(config));
    const onSkewOff = bytesOf(prepareVariantRunner(history, period, deps, defaultTapeSettings(skewOff)).run(config));
    expect(onSkewOff).not.toBe(onDefaults);
    const tasks = [{ key: 'k', config }];
    const viaQueue = async (data: Omit<SweepJobData, 'tasks' | 'period'>) => bytesOf(decodeRun((await processVariant(job({ tasks, period, ...data }))).runs[0]?.run as EncodedBatch['runs'][number]['run']));
    expect(await viaQueue({ dataVersion: history.dataVersion, codeVersion: wholeCodeFingerprint(), modelConfig: skewOff })).toBe(onSkewOff);
    // A job without a model (the defaults, or an older sender) after one with a model: the defaults.
    expect(await viaQueue({ dataVersion: history.dataVersion, codeVersion: wholeCodeFingerprint() })).toBe(onDefaults);
  }, PROCESSOR_TEST_TIMEOUT_MS);

  it('refuses a model config it cannot read, for good', async () => {
    const config = loadPreset('alvh-ladder');
    const data = { tasks: [{ key: 'k', config }], period, dataVersion: history.dataVersion, codeVersion: wholeCodeFingerprint(), modelConfig: { spx: { skewCalibration: 'sometimes' } } } as unknown as SweepJobData;
    await expect(processVariant(job(data))).rejects.toMatchObject({ name: 'UnrecoverableError', message: expect.stringMatching(/market model config is not one this alvh reads: spx\.skewCalibration: /) });
  });

  it('refuses, for good, a job queued by another build or by an alvh that named no build', async () => {
    const tasks = [{ key: 'k', config: loadPreset('alvh-ladder') }];
    const other = job({ tasks, period, dataVersion: history.dataVersion, codeVersion: 'f'.repeat(64) });
    await expect(processVariant(other)).rejects.toMatchObject({ name: 'UnrecoverableError', message: expect.stringMatching(/another build of alvh \(code [0-9a-f]{12}\), the sweep was queued by code ffffffffffff/) });
    const unnamed = job({ tasks, period, dataVersion: history.dataVersion });
    await expect(processVariant(unnamed)).rejects.toMatchObject({ name: 'UnrecoverableError', message: expect.stringMatching(/names no code version/) });
  });
});
