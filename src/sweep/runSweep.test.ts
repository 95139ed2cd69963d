import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadPreset } from '../data/presets.js';
import { ResultStore } from './resultStore.js';
import { formatDuration, progressLine, runSweep, STORE_BATCH_RESULTS, STORE_FLUSH_INTERVAL_MS, type SweepProgress, type VariantExecutor } from './runSweep.js';
import { METRIC_COLUMNS, type VariantMetrics, type VariantRun } from './runVariant.js';
import { parseSweepSpec } from './spec.js';
import { runOnThreads, SweepWorkerError } from './threadPool.js';
import { expandVariants } from './variants.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-runsweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = parseSweepSpec(
  { name: 'resume', basePreset: 'alvh-ladder', vary: [{ kind: 'list', path: 'hedge.hedgeCallDelta', values: [0.2, 0.25, 0.35, 0.4] }], period: { from: '2020-01-01', to: '2020-02-01' } },
  'resume.json',
);
/** The data and code the test's variants are keyed by (made up). */
const VERSIONS = { dataVersion: 'sha256:d', codeVersion: 'code:a' };
const variants = expandVariants(spec, loadPreset('alvh-ladder'), VERSIONS, 'resume.json');

/** A stand-in result whose equity encodes the config, so a mix-up between keys would show. */
function fakeRun(callDelta: number): VariantRun {
  const metrics = Object.fromEntries(METRIC_COLUMNS.map((c) => [c, callDelta])) as VariantMetrics;
  return { metrics, days: Int32Array.from([1, 2]), equityUsd: Float64Array.from([1, 1 + callDelta]) };
}

describe('runSweep', () => {
  it('resumes: an interrupted sweep keeps what it stored, and the rerun runs only the rest', async () => {
    const store = await ResultStore.open(join(dir, 'r.duckdb'));
    const ranKeys: string[] = [];
    const interrupted: VariantExecutor = async (tasks, sink) => {
      for (const t of tasks.slice(0, 2)) await sink(t.key, fakeRun(t.config.hedge.hedgeCallDelta));
      throw new Error('interrupted');
    };
    await expect(runSweep({ spec, variants, versions: VERSIONS, store, execute: interrupted, now: () => 0 })).rejects.toThrow('interrupted');
    const progress: SweepProgress[] = [];
    let t = 0;
    const rest: VariantExecutor = async (tasks, sink) => {
      for (const task of tasks) {
        ranKeys.push(task.key);
        t += 1000;
        await sink(task.key, fakeRun(task.config.hedge.hedgeCallDelta));
      }
    };
    const summary = await runSweep({ spec, variants, versions: VERSIONS, store, execute: rest, now: () => t, onProgress: (p) => progress.push(p) });
    expect(summary).toMatchObject({ total: 5, skipped: 2, ran: 3 });
    expect(ranKeys).toEqual(variants.slice(2).map((v) => v.key));
    // After 1 of 3 in 1 s, two to go: ETA 2 s.
    expect(progress[1]).toEqual({ total: 5, skipped: 2, ran: 1, elapsedMs: 1000, etaMs: 2000 });
    const { rows, missing } = await store.sweepRows('resume');
    expect(missing).toHaveLength(0);
    expect(rows.map((r) => r.result.equityUsd[1])).toEqual(variants.map((v) => 1 + v.config.hedge.hedgeCallDelta));
    store.close();
  });

  it("another build runs every variant again and stores its own code version beside the first build's results", async () => {
    // A sweep finished by build a, rerun by build b (a changed rule): none of a's results answers for
    // b, so all 5 variants run again; the rerun's rows carry b, and a's rows stay in the database.
    const store = await ResultStore.open(join(dir, 'builds.duckdb'));
    const run: VariantExecutor = async (tasks, sink) => {
      for (const task of tasks) await sink(task.key, fakeRun(task.config.hedge.hedgeCallDelta));
    };
    expect(await runSweep({ spec, variants, versions: VERSIONS, store, execute: run, now: () => 0 })).toMatchObject({ total: 5, skipped: 0, ran: 5 });
    const rebuilt = { ...VERSIONS, codeVersion: 'code:b' };
    const again = expandVariants(spec, loadPreset('alvh-ladder'), rebuilt, 'resume.json');
    expect(await runSweep({ spec, variants: again, versions: rebuilt, store, execute: run, now: () => 0 })).toMatchObject({ total: 5, skipped: 0, ran: 5 });
    expect((await store.sweepRows('resume')).rows.map((r) => r.result.codeVersion)).toEqual(Array(5).fill('code:b'));
    expect(await store.doneKeys(variants.map((v) => v.key))).toEqual(new Set(variants.map((v) => v.key)));
    store.close();
  });

  it('a result delivered twice is stored once', async () => {
    const store = await ResultStore.open(join(dir, 'twice.duckdb'));
    const twice: VariantExecutor = async (tasks, sink) => {
      for (const task of tasks) {
        await sink(task.key, fakeRun(task.config.hedge.hedgeCallDelta));
        await sink(task.key, fakeRun(99));
      }
    };
    const summary = await runSweep({ spec, variants, versions: VERSIONS, store, execute: twice, now: () => 0 });
    expect(summary.ran).toBe(5);
    expect((await store.sweepRows('resume')).rows.every((r) => r.result.metrics.sharpeRatio !== 99)).toBe(true);
    store.close();
  });

  it(`stores the results ${STORE_BATCH_RESULTS} at a time, and the rest when the run ends`, async () => {
    // 71 hedge-call deltas (0.100 to 0.450 by 0.005), 0.3 among them the preset itself: one write of 64,
    // one of the other 7.
    const wide = parseSweepSpec({ ...spec, name: 'wide', vary: [{ kind: 'grid', path: 'hedge.hedgeCallDelta', from: 0.1, to: 0.45, step: 0.005 }] }, 'wide.json');
    const many = expandVariants(wide, loadPreset('alvh-ladder'), VERSIONS, 'wide.json');
    expect(many).toHaveLength(71);
    const store = await ResultStore.open(join(dir, 'batches.duckdb'));
    const writes = vi.spyOn(store, 'putMany');
    const all: VariantExecutor = async (tasks, sink) => {
      for (const task of tasks) await sink(task.key, fakeRun(task.config.hedge.hedgeCallDelta));
    };
    expect(await runSweep({ spec: wide, variants: many, versions: VERSIONS, store, execute: all, now: () => 0 })).toMatchObject({ total: 71, ran: 71 });
    expect(writes.mock.calls.map(([batch]) => batch.length)).toEqual([STORE_BATCH_RESULTS, 71 - STORE_BATCH_RESULTS]);
    expect((await store.sweepRows('wide')).missing).toHaveLength(0);
    store.close();
  });

  it(`a result left waiting is written after ${STORE_FLUSH_INTERVAL_MS} ms, while the run goes on`, async () => {
    // A slow run (a distributed queue, one long batch): the first result must not wait for the last.
    const store = await ResultStore.open(join(dir, 'waiting.duckdb'));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const first = variants[0]!;
      let storedBeforeTheRest = false;
      const slow: VariantExecutor = async (tasks, sink) => {
        await sink(first.key, fakeRun(first.config.hedge.hedgeCallDelta));
        expect(await store.doneKeys([first.key])).toEqual(new Set());
        vi.advanceTimersByTime(STORE_FLUSH_INTERVAL_MS);
        await vi.waitFor(async () => expect(await store.doneKeys([first.key])).toEqual(new Set([first.key])));
        storedBeforeTheRest = true;
        for (const task of tasks.filter((t) => t.key !== first.key)) await sink(task.key, fakeRun(task.config.hedge.hedgeCallDelta));
      };
      expect(await runSweep({ spec, variants, versions: VERSIONS, store, execute: slow, now: () => 0 })).toMatchObject({ total: 5, ran: 5 });
      expect(storedBeforeTheRest).toBe(true);
      expect((await store.sweepRows('resume')).missing).toHaveLength(0);
    } finally {
      vi.useRealTimers();
      store.close();
    }
  });

  it('progress line and durations', () => {
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(65_000)).toBe('1:05');
    expect(progressLine('s', { total: 4, skipped: 1, ran: 1, elapsedMs: 5000, etaMs: undefined })).toBe('sweep s [############             ] 2/4 (1 already done) elapsed 0:05 ETA --:--');
  });

  it('the thread pool refuses to start without its compiled worker', async () => {
    await expect(
      runOnThreads([{ key: 'k', config: variants[0]!.config }], { threads: 1, setup: { period: spec.period, userDir: undefined }, dataVersion: 'd', workerFile: join(dir, 'missing.js') }, async () => {}),
    ).rejects.toThrow(SweepWorkerError);
  });
});
