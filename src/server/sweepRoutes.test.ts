/**
 * The Sweeps API on the bundled history with the compiled sweep worker (npm run build): a spec is
 * checked and refused with the field named; a small sweep runs to the end with its progress streamed,
 * its best variants ranked, its report and CSV served; on two variant threads it stores the same
 * results over the user's stored market tape; a second sweep waits for the first; a cancelled
 * sweep keeps what it ran and a resume skips it; a sweep the server was running when it stopped shows
 * as interrupted after the restart and resumes.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMarketHistory } from '../data/loadHistory.js';
import { parseStrategyConfig } from '../strategy/config.js';
import { DASHBOARD_DB_FILE } from './config.js';
import { parseEventStream, testServer, type TestServer } from './testing.js';
import { topRows, type ArrivedVariant } from './sweepJobs.js';
import { BundledSweepSpecsSchema, SweepCreatedSchema, SweepPlanSchema, SweepProgressEventSchema, SweepViewSchema, type SweepView } from './sweepSchemas.js';
import { INTERRUPTED_MESSAGE, SweepStore } from './sweepStore.js';
import { METRIC_COLUMNS, type VariantMetrics } from '../sweep/runVariant.js';
import { defaultTapeCacheDir } from '../tape/tapeCache.js';

/** Longest the server's event loop may stall while a large spec is expanded, milliseconds (as for backtests). */
const MAX_EVENT_LOOP_DELAY_MS = 250;

/** Each sweep here loads the history in its worker and runs 3-4 variants of a few months: about 10 s on a busy 2-core machine. */
const SWEEP_TEST_TIMEOUT_MS = 180_000;

const dataDir = mkdtempSync(join(tmpdir(), 'alvh-sweeps-data-'));
const history = loadMarketHistory({ userDir: dataDir });
const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Variants a batch of the cancel and stop tests: a cancel is seen between batches, and the default
 * batch (8) would run their variants at once.
 */
const STOPPED_SWEEP_BATCH_VARIANTS = 2;
/**
 * The hedge-call deltas the cancel and stop tests sweep (not the preset's 0.3: its own row is one variant more).
 * Enough batches that the sweep is still running when the test acts on the first stored one: with five
 * deltas (three batches) a loaded machine once finished the other two before the cancel reached the
 * worker, and the cancel answered 'done'.
 */
const STOPPED_SWEEP_CALL_DELTAS = [0.1, 0.15, 0.2, 0.25, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65];
const STOPPED_SWEEP_VARIANTS = STOPPED_SWEEP_CALL_DELTAS.length + 1;

async function server(dir?: string, config: Record<string, unknown> = {}): Promise<TestServer> {
  const s = await testServer({ history, ...(dir === undefined ? {} : { dir }), config: { sweepProgressEveryMs: 0, ...config } });
  servers.push(s);
  return s;
}

/** Three variants (the preset's hedge-call delta 0.3 and two others) over the first quarter of 2018. */
function tinySpec(name: string, values: readonly number[] = [0.2, 0.4]): Record<string, unknown> {
  return {
    name,
    basePreset: 'alvh-ladder',
    vary: [{ kind: 'list', path: 'hedge.hedgeCallDelta', values }],
    period: { from: '2018-01-02', to: '2018-03-29' },
    walkForward: { inSampleMonths: 1, outOfSampleMonths: 1 },
    cscvBlocks: 2,
  };
}

async function follow(s: TestServer, id: string) {
  const r = await s.app.inject({ method: 'GET', url: `/api/sweeps/${id}/events` });
  expect(r.headers['content-type']).toMatch(/text\/event-stream/);
  return parseEventStream(r.body);
}

async function view(s: TestServer, id: string): Promise<SweepView> {
  const r = await s.app.inject({ method: 'GET', url: `/api/sweeps/${id}` });
  expect(r.statusCode, r.body).toBe(200);
  return SweepViewSchema.parse(r.json());
}

describe('checking a spec', () => {
  it('the bundled specs are listed with their variant counts', async () => {
    const s = await server();
    const r = await s.app.inject({ method: 'GET', url: '/api/sweep-specs' });
    expect(r.statusCode, r.body).toBe(200);
    const specs = BundledSweepSpecsSchema.parse(r.json()).specs;
    // example: 3 short deltas x 3 hedge deltas x 4 random draws + the preset = 37; quick: 3 deltas + the preset,
    // on the default model and on the fixed smile.
    expect(specs.map((x) => [x.name, x.plan.variants, x.plan.marketModel])).toEqual([
      ['example', 37, 'defaults'],
      ['quick', 4, 'defaults'],
      ['quick-skew-off', 4, 'spx.skewCalibration: "off"'],
    ]);
    // This server's defaults: a sweep's variants on its own thread, no heap cap.
    expect(BundledSweepSpecsSchema.parse(r.json()).runsOn).toEqual({ threads: 1, workerHeapMb: null });
    const two = await testServer({ history, config: { sweepThreads: 2, sweepWorkerHeapMb: 384 } });
    servers.push(two);
    const runsOn = BundledSweepSpecsSchema.parse((await two.app.inject({ method: 'GET', url: '/api/sweep-specs' })).json()).runsOn;
    expect(runsOn).toEqual({ threads: 2, workerHeapMb: 384 });
  });

  it('a spec sent as JSON says how many variants it makes before anything runs', async () => {
    const s = await server();
    const r = await s.app.inject({ method: 'POST', url: '/api/sweeps/check', payload: { spec: tinySpec('check-me') } });
    expect(r.statusCode, r.body).toBe(200);
    expect(SweepPlanSchema.parse(r.json())).toMatchObject({ name: 'check-me', variants: 3, varied: ['hedge.hedgeCallDelta'], rankBy: 'sharpeRatio', marketModel: 'defaults' });
    expect(s.sweeps.runningCount).toBe(0);
  });

  it('a large spec is expanded off the event loop: 1,500 variants counted while the server keeps answering', async () => {
    const s = await server();
    const spec = { ...tinySpec('large'), vary: [{ kind: 'range', path: 'hedge.hedgeCallDelta', min: 0.1, max: 0.5, decimals: 9 }], random: { samples: 1500, seed: 3 } };
    // The data is read first (that read is the server's start-up, not the check's).
    expect((await s.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const r = await s.app.inject({ method: 'POST', url: '/api/sweeps/check', payload: { spec } });
    const elapsedMs = performance.now() - started;
    delay.disable();
    expect(r.statusCode, r.body).toBe(200);
    // 1,500 draws at nine decimals are distinct, plus the preset.
    expect(SweepPlanSchema.parse(r.json()).variants).toBe(1501);
    // Expanding takes 0.5-1.5 ms a variant, longer than the delay allowed: had it run on the loop, the
    // loop would have waited that long. (A multiple of the limit would depend on the machine's speed.)
    expect(elapsedMs).toBeGreaterThan(MAX_EVENT_LOOP_DELAY_MS);
    expect(delay.max / 1e6).toBeLessThan(MAX_EVENT_LOOP_DELAY_MS);
  }, SWEEP_TEST_TIMEOUT_MS);

  it.each([
    ['a misspelt field', { ...tinySpec('bad'), rankedBy: 'sharpeRatio' }, /body spec\.rankedBy: unknown field; did you mean "rankBy"\?/],
    ['a wrong type deep down', { ...tinySpec('bad'), vary: [{ kind: 'grid', path: 'hedge.hedgeCallDelta', from: 0.2, to: 'x', step: 0.1 }] }, /body spec\.vary\.0\.to: /],
    ['a config path that does not exist', { ...tinySpec('bad'), vary: [{ kind: 'list', path: 'hedge.hedgeCallDelt', values: [0.2] }] }, /hedge\.hedgeCallDelt.*did you mean "hedge\.hedgeCallDelta"/],
    ['an unknown base preset', { ...tinySpec('bad'), basePreset: 'no-such-preset' }, /body spec\.basePreset: /],
    ['a period after the data', { ...tinySpec('bad'), period: { from: '2099-01-02', to: '2099-03-01' } }, /body spec\.period: no trading days between 2099-01-02 and /],
  ])('%s is a 400 naming the field', async (_what, spec, reason) => {
    const s = await server();
    for (const url of ['/api/sweeps/check', '/api/sweeps']) {
      const r = await s.app.inject({ method: 'POST', url, payload: { spec } });
      expect(r.statusCode, r.body).toBe(400);
      expect((r.json() as { error: string }).error).toMatch(reason);
    }
    expect(s.sweeps.runningCount).toBe(0);
  });

  it('a bundled name and a spec at once, neither, or an unknown bundled name are 400s', async () => {
    const s = await server();
    for (const [payload, reason] of [
      [{ bundled: 'quick', spec: tinySpec('x') }, /either bundled .* or spec/],
      [{}, /either bundled .* or spec/],
      [{ bundled: 'nope' }, /body bundled: no bundled sweep spec 'nope'; bundled: example, quick/],
      [{ bundled: '../../package' }, /body bundled: must be the name of a bundled sweep spec/],
      [{ bundled: 'quick', extra: 1 }, /body: unknown field\(s\) extra/],
    ] as const) {
      const r = await s.app.inject({ method: 'POST', url: '/api/sweeps', payload });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect((r.json() as { error: string }).error).toMatch(reason);
    }
  });
});

describe('running a sweep', () => {
  it('a small sweep streams its progress to 100 %, ranks its variants, and serves its report and CSV', async () => {
    const s = await server();
    // A call delta a ten-millionth above 0.2 picks the same VIX strikes every day of the period: the same
    // daily returns under another key, which the table must name as a repeat.
    const created = await s.app.inject({ method: 'POST', url: '/api/sweeps', payload: { spec: tinySpec('tiny-run', [0.2, 0.2000001, 0.4]) } });
    expect(created.statusCode, created.body).toBe(202);
    const { id, plan } = SweepCreatedSchema.parse(created.json());
    expect(plan.variants).toBe(4);
    // One sweep at a time: a second waits.
    const second = await s.app.inject({ method: 'POST', url: '/api/sweeps', payload: { bundled: 'quick' } });
    expect(second.statusCode).toBe(429);
    expect((second.json() as { error: string }).error).toMatch(/1 sweep\(s\) already running \(at most 1 at once\)/);

    const events = await follow(s, id);
    expect(events.at(-1)).toEqual({ event: 'done', data: { id } });
    const progress = events.filter((e) => e.event === 'progress').map((e) => SweepProgressEventSchema.parse(e.data));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    const last = progress.at(-1);
    expect(last?.progress).toMatchObject({ total: 4, done: 4, ran: 4, skipped: 0, etaMs: 0 });
    // Done never goes backwards.
    const done = progress.map((p) => p.progress.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));

    const v = await view(s, id);
    expect(v).toMatchObject({ status: 'done', reportReady: true, message: null, bundled: null });
    expect(v.top.map((t) => t.rank)).toEqual([1, 2, 3, 4]);
    expect(v.top.filter((t) => t.isBaseline)).toHaveLength(1);
    const sharpe = v.top.map((t) => t.metrics['sharpeRatio'] as number);
    expect(sharpe).toEqual([...sharpe].sort((a, b) => b - a));
    expect(new Set(v.top.map((t) => t.values['hedge.hedgeCallDelta']))).toEqual(new Set([0.2, 0.2000001, 0.4, undefined]));
    const rankOfDelta = (delta: number) => v.top.find((t) => t.values['hedge.hedgeCallDelta'] === delta)?.rank;
    expect(v.top.find((t) => t.values['hedge.hedgeCallDelta'] === 0.2000001)?.sameResultAsRank).toBe(rankOfDelta(0.2));
    expect(v.top.filter((t) => t.sameResultAsRank !== null)).toHaveLength(1);
    // The report's verdict, on the record: four variants, three distinct results, every figure computed.
    expect(v.verdict).toMatchObject({ variants: 4, distinctResults: 3 });
    expect(v.top.map((t) => t.key)).toContain(v.verdict?.bestKey);
    expect(v.verdict?.verdict).toMatch(/^(After deflating|The best variant's Sharpe ratio survives) .*PBO \d+ %/);
    for (const figure of ['deflatedSharpeRatio', 'distinctDeflatedSharpeRatio', 'probabilityOfOverfitting', 'probabilityOfOosLoss', 'walkForwardOosReturnFraction'] as const) {
      expect(Number.isFinite(v.verdict?.[figure]), figure).toBe(true);
    }

    const report = await s.app.inject({ method: 'GET', url: `/api/sweeps/${id}/report` });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(report.body).toContain('<title>Sweep tiny-run');
    expect(report.body).toMatch(/deflated Sharpe ratio/i);
    expect(report.body).not.toMatch(/<script/i);

    const csv = await s.app.inject({ method: 'GET', url: `/api/sweeps/${id}/results.csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="alvh-sweep-tiny-run-${id.slice(0, 8)}.csv"`);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toMatch(/^variant_index,key,is_baseline,values_json,data_version,code_version,period_from,period_to,totalReturnFraction,/);
    expect(lines).toHaveLength(5);

    // Each top variant's config, as the report writes it beside itself: a strict strategy config a book can follow.
    const best = v.top.find((t) => !t.isBaseline) as { key: string };
    const config = await s.app.inject({ method: 'GET', url: `/api/sweeps/${id}/configs/${best.key.slice(0, 10)}` });
    expect(config.statusCode).toBe(200);
    expect(config.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(config.headers['content-disposition']).toBe(`attachment; filename="alvh-ladder~${best.key.slice(0, 10)}.json"`);
    const parsed = parseStrategyConfig(config.json(), 'response');
    expect(parsed.name).toBe(`alvh-ladder~${best.key.slice(0, 10)}`);
    expect(parsed.description).toContain(`of sweep 'tiny-run'`);
    // A key the sweep has no file for, and a parameter that is no key prefix (a climb out of the folder).
    expect((await s.app.inject({ method: 'GET', url: `/api/sweeps/${id}/configs/0000000000` })).statusCode).toBe(404);
    for (const bad of ['..%2F..%2Fbook', 'ABCDEF0123', `${best.key.slice(0, 10)}.json`, best.key]) {
      const r = await s.app.inject({ method: 'GET', url: `/api/sweeps/${id}/configs/${bad}` });
      expect(r.statusCode, bad).toBe(400);
    }

    const list = (await s.app.inject({ method: 'GET', url: '/api/sweeps' })).json() as { sweeps: Array<{ id: string; status: string; progress: { done: number; total: number } }> };
    expect(list.sweeps[0]).toMatchObject({ id, status: 'done', progress: { done: 4, total: 4 } });
    // A stream opened after the end still ends, with the last progress first.
    const late = await follow(s, id);
    expect(late.map((e) => e.event)).toEqual(['progress', 'done']);
  }, SWEEP_TEST_TIMEOUT_MS);

  it('on two variant threads with a heap cap, a sweep stores the same results as on one, over the market tape it stored', async () => {
    const run = async <T>(config: Record<string, unknown>, then: (s: TestServer, id: string, dir: string) => Promise<T>): Promise<T> => {
      const dir = mkdtempSync(join(tmpdir(), 'alvh-sweeps-threads-'));
      try {
        const s = await testServer({ history, dir, config: { sweepProgressEveryMs: 0, ...config } });
        try {
          const created = await s.app.inject({ method: 'POST', url: '/api/sweeps', payload: { spec: tinySpec('tiny-threads', [0.2, 0.4]) } });
          expect(created.statusCode, created.body).toBe(202);
          return await then(s, SweepCreatedSchema.parse(created.json()).id, dir);
        } finally {
          await s.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const csvOf = (config: Record<string, unknown>) =>
      run(config, async (s, id, dir) => {
        expect((await follow(s, id)).at(-1)?.event).toBe('done');
        // The user's tape, as `alvh sweep` and `alvh backtest` keep it: the next sweep reads these days.
        expect(readdirSync(defaultTapeCacheDir(dir)).filter((f) => f.endsWith('.tape'))).toHaveLength(1);
        const csv = await s.app.inject({ method: 'GET', url: `/api/sweeps/${id}/results.csv` });
        expect(csv.statusCode).toBe(200);
        return csv.body;
      });
    const one = await csvOf({});
    const two = await csvOf({ sweepThreads: 2, sweepWorkerHeapMb: 512 });
    expect(two.trim().split('\n')).toHaveLength(4);
    expect(two).toBe(one);
    // The cap reaches the threads: below what a thread holds, the sweep stops and says why.
    const capped = await run({ sweepThreads: 2, sweepWorkerHeapMb: 16 }, async (s, id) => {
      expect((await follow(s, id)).at(-1)?.event).toBe('error');
      return view(s, id);
    });
    expect(capped).toMatchObject({ status: 'error', reportReady: false });
    expect(capped.message).toMatch(/a worker thread ran out of memory \(its 16 MB heap cap\)/);
  }, SWEEP_TEST_TIMEOUT_MS);

  it('a cancelled sweep keeps the variants it ran, a resume skips them and finishes; a finished sweep does not resume', async () => {
    const s = await server(undefined, { sweepBatchVariants: STOPPED_SWEEP_BATCH_VARIANTS });
    const created = await s.app.inject({ method: 'POST', url: '/api/sweeps', payload: { spec: tinySpec('tiny-cancel', STOPPED_SWEEP_CALL_DELTAS) } });
    expect(created.statusCode, created.body).toBe(202);
    const { id } = SweepCreatedSchema.parse(created.json());
    // Cancel once the first variant is stored.
    await new Promise<void>((resolve) => {
      const stop = s.sweeps.subscribe(id, (e) => {
        if (e.event === 'progress' && e.data.progress.ran >= 1) {
          queueMicrotask(() => stop());
          resolve();
        }
      });
    });
    const cancelled = await s.app.inject({ method: 'DELETE', url: `/api/sweeps/${id}` });
    expect(cancelled.json()).toEqual({ id, status: 'cancelled' });
    const stopped = await view(s, id);
    expect(stopped.reportReady).toBe(false);
    expect(stopped.verdict).toBeNull();
    const ranBefore = stopped.progress?.done ?? 0;
    expect(ranBefore).toBeGreaterThanOrEqual(1);
    expect(ranBefore).toBeLessThan(STOPPED_SWEEP_VARIANTS);
    expect((await s.app.inject({ method: 'GET', url: `/api/sweeps/${id}/report` })).statusCode).toBe(409);

    const resumed = await s.app.inject({ method: 'POST', url: `/api/sweeps/${id}/resume` });
    expect(resumed.statusCode, resumed.body).toBe(202);
    const events = await follow(s, id);
    expect(events.at(-1)?.event).toBe('done');
    const final = await view(s, id);
    expect(final.status).toBe('done');
    expect(final.verdict?.variants).toBe(STOPPED_SWEEP_VARIANTS);
    expect(final.progress).toMatchObject({ total: STOPPED_SWEEP_VARIANTS, done: STOPPED_SWEEP_VARIANTS, skipped: ranBefore, ran: STOPPED_SWEEP_VARIANTS - ranBefore });
    const again = await s.app.inject({ method: 'POST', url: `/api/sweeps/${id}/resume` });
    expect(again.statusCode).toBe(409);
  }, SWEEP_TEST_TIMEOUT_MS);

  it('a sweep the server stops on its way out is interrupted, not cancelled, and still so after the restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-sweeps-stop-'));
    try {
      // The view's top holds every stored variant (the default keeps 10): a loaded machine once stored
      // 11 of the 12 before the server stopped, and a top of 10 read as a variant lost.
      const topAll = { sweepTopVariants: STOPPED_SWEEP_VARIANTS };
      const first = await testServer({ history, dir, config: { sweepProgressEveryMs: 0, sweepBatchVariants: STOPPED_SWEEP_BATCH_VARIANTS, ...topAll } });
      const created = await first.app.inject({ method: 'POST', url: '/api/sweeps', payload: { spec: tinySpec('tiny-stop', STOPPED_SWEEP_CALL_DELTAS) } });
      expect(created.statusCode, created.body).toBe(202);
      const { id } = SweepCreatedSchema.parse(created.json());
      await new Promise<void>((resolve) => {
        const stop = first.sweeps.subscribe(id, (e) => {
          if (e.event === 'progress' && e.data.progress.ran >= 1) {
            queueMicrotask(() => stop());
            resolve();
          }
        });
      });
      await first.close();
      const again = await testServer({ history, dir, config: { sweepProgressEveryMs: 0, ...topAll } });
      try {
        const v = await view(again, id);
        expect(v).toMatchObject({ status: 'interrupted', message: INTERRUPTED_MESSAGE, reportReady: false });
        expect(v.progress?.done).toBeGreaterThanOrEqual(1);
        expect(v.top.length).toBe(v.progress?.done);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, SWEEP_TEST_TIMEOUT_MS);

  it('a sweep running when the server died is interrupted after the restart, and resumes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-sweeps-restart-'));
    try {
      // The record a server leaves when it dies mid-sweep: still 'running'.
      const id = '6b1c1a56-2f0e-4f7d-9a55-0d6e1f3c2b10';
      const before = new SweepStore(join(dir, DASHBOARD_DB_FILE));
      const spec = tinySpec('tiny-restart', [0.4]);
      before.started({ id, bundled: null, specJson: JSON.stringify(spec), plan: { name: 'tiny-restart', description: '', basePreset: 'alvh-ladder', period: { from: '2018-01-02', to: '2018-03-29' }, rankBy: 'sharpeRatio', varied: ['hedge.hedgeCallDelta'], variants: 2 }, createdAt: '2026-11-20T10:00:00.000Z' });
      before.close();

      const s = await testServer({ history, dir, config: { sweepProgressEveryMs: 0 } });
      try {
        const interrupted = await view(s, id);
        expect(interrupted).toMatchObject({ status: 'interrupted', message: INTERRUPTED_MESSAGE, reportReady: false });
        expect(await follow(s, id)).toEqual([{ event: 'error', data: { message: INTERRUPTED_MESSAGE } }]);
        const resumed = await s.app.inject({ method: 'POST', url: `/api/sweeps/${id}/resume` });
        expect(resumed.statusCode, resumed.body).toBe(202);
        expect((await follow(s, id)).at(-1)?.event).toBe('done');
        expect(await view(s, id)).toMatchObject({ status: 'done', reportReady: true, progress: { done: 2, total: 2 } });
      } finally {
        await s.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, SWEEP_TEST_TIMEOUT_MS);

  it('an unknown id is a 404 on every sweep route', async () => {
    const s = await server();
    const unknown = '0f549558-733d-44fc-9c05-b0d6c9376af9';
    for (const [method, url] of [
      ['GET', `/api/sweeps/${unknown}`],
      ['GET', `/api/sweeps/${unknown}/events`],
      ['GET', `/api/sweeps/${unknown}/report`],
      ['GET', `/api/sweeps/${unknown}/results.csv`],
      ['GET', `/api/sweeps/${unknown}/configs/0123456789`],
      ['DELETE', `/api/sweeps/${unknown}`],
      ['POST', `/api/sweeps/${unknown}/resume`],
    ] as const) {
      const r = await s.app.inject({ method, url });
      expect(r.statusCode, `${method} ${url}`).toBe(404);
    }
  });
});

describe('the best variants so far', () => {
  const metrics = (sharpe: number | null): VariantMetrics => ({ ...(Object.fromEntries(METRIC_COLUMNS.map((c) => [c, 0])) as VariantMetrics), sharpeRatio: sharpe });
  // Each its own result unless a test says otherwise.
  const arrived = (index: number, sharpe: number | null, returnsDigest = `r${index}`): ArrivedVariant => ({ key: `k${index}`, index, isBaseline: index === 0, values: index === 0 ? {} : { x: index }, metrics: metrics(sharpe), returnsDigest });

  it('are ranked best first, the ones without the metric last, and the preset follows when it is not among them', () => {
    // Sharpe 0.4 (preset), 0.9, null, 0.7, 0.9: ties keep expansion order.
    const rows = [arrived(0, 0.4), arrived(1, 0.9), arrived(2, null), arrived(3, 0.7), arrived(4, 0.9)];
    expect(topRows(rows, 'sharpeRatio', 2).map((r) => [r.rank, r.key])).toEqual([
      [1, 'k1'],
      [2, 'k4'],
      [4, 'k0'],
    ]);
    expect(topRows(rows, 'sharpeRatio', 10).map((r) => r.key)).toEqual(['k1', 'k4', 'k3', 'k0', 'k2']);
    // Lower is better for the drawdown.
    const dd = [0.3, 0.1, 0.2].map((d, i) => ({ ...arrived(i, 1), metrics: { ...metrics(1), maxDrawdownFraction: d } }));
    expect(topRows(dd, 'maxDrawdownFraction', 3).map((r) => r.key)).toEqual(['k1', 'k2', 'k0']);
    expect(topRows(rows, 'sharpeRatio', 10).map((r) => r.sameResultAsRank)).toEqual([null, null, null, null, null]);
  });

  it('say which rows repeat a better-ranked variant\'s daily returns', () => {
    // Variants 1, 4 and 5 gave the same daily returns (Sharpe 0.9 each, ranks 1-3 by expansion order);
    // 3 and the preset did too (0.7: the preset, first in expansion order, ranks 4 and variant 3 repeats it).
    const rows = [arrived(0, 0.7, 'b'), arrived(1, 0.9, 'a'), arrived(2, 0.2), arrived(3, 0.7, 'b'), arrived(4, 0.9, 'a'), arrived(5, 0.9, 'a')];
    expect(topRows(rows, 'sharpeRatio', 10).map((r) => [r.rank, r.key, r.sameResultAsRank])).toEqual([
      [1, 'k1', null],
      [2, 'k4', 1],
      [3, 'k5', 1],
      [4, 'k0', null],
      [5, 'k3', 4],
      [6, 'k2', null],
    ]);
    // Cut to the top 2, the preset's row follows them and is still the first of its result.
    expect(topRows(rows, 'sharpeRatio', 2).map((r) => [r.rank, r.key, r.sameResultAsRank])).toEqual([
      [1, 'k1', null],
      [2, 'k4', 1],
      [4, 'k0', null],
    ]);
  });
});
