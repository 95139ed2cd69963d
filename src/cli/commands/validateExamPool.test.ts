import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyUserDir, realChains, realHistory } from '../../../test/fixtures/realMarket.js';
import { loadMarketModelConfigFile } from '../../data/modelConfigFile.js';
import type { MarketModelConfig } from '../../market/config.js';
import { dayFromIso } from '../../time/day.js';
import { examsOnWorkerThreads } from './validateExamPool.js';
import { defaultValidateDependencies, runExam } from './validate.js';

/** Stands in for the exam worker: one row naming each config, or a failure (test/fixtures/validation/examEchoWorker.mjs). */
const echoWorker = resolve('test', 'fixtures', 'validation', 'examEchoWorker.mjs');
const fake = (label: string, fail = false) => ({ source: `${label}.json`, config: { label, fail } as unknown as MarketModelConfig });
const WHOLE = { fromDay: undefined, toDay: undefined };

describe('the exams of --across-models on worker threads', () => {
  it('answers in the order of the configs whatever thread finished first, reusing threads, and says each as it is done', async () => {
    const done: number[] = [];
    const rows = await examsOnWorkerThreads([fake('a'), fake('b'), fake('c'), fake('d'), fake('e')], WHOLE, (i) => done.push(i), { threads: 2, workerFile: echoWorker });
    expect(rows.map((r) => r[0]?.figure)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect([...done].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(await examsOnWorkerThreads([], WHOLE)).toEqual([]);
  });

  it('rejects on the first exam that fails, naming the model, and on a worker that is not built', async () => {
    await expect(examsOnWorkerThreads([fake('a'), fake('b', true), fake('c')], WHOLE, undefined, { threads: 2, workerFile: echoWorker })).rejects.toThrow('the exam on b.json failed: cannot examine b');
    await expect(examsOnWorkerThreads([fake('a')], WHOLE, undefined, { workerFile: resolve('no-such-worker.js') })).rejects.toThrow('the worker is not built');
  });

  describe('on the real data', () => {
    beforeAll(() => {
      // The worker loads the default data: the user's overlay folder must be empty, as on this thread.
      process.env['ALVH_HOME'] = emptyUserDir();
    });

    it("a worker's target rows (the target providers only) are the ones this thread's whole exam computes for the same model", async () => {
      // The replications cut to half a year, so that each exam takes seconds (the full ones take a minute).
      const replicationSpan = { fromDay: dayFromIso('2018-01-02'), toDay: dayFromIso('2018-06-29') };
      const skewOff = loadMarketModelConfigFile(resolve('presets', 'model', 'skew-off.json'));
      const [onWorker] = await examsOnWorkerThreads([{ source: 'presets/model/skew-off.json', config: skewOff }], replicationSpan);
      const here = runExam(defaultValidateDependencies.providers, { history: await realHistory(), chains: realChains(), config: skewOff, replicationSpan }).targets;
      expect(onWorker).toEqual(here);
      expect(here.filter((t) => t.measured).length).toBeGreaterThan(6);
    }, 180_000);
  });
});
