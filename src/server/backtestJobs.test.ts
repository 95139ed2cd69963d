/**
 * Backtests through the API on the real data, in their worker threads: progress streamed as
 * server-sent events, the result and the decision log, cancellation, one job at a time, the event
 * loop left free while the engine runs, and a thread kept warm for the next job (the same result, no
 * new thread) until a cancel or its idle time ends it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMarketHistory } from '../data/loadHistory.js';
import { BacktestCreatedSchema, BacktestResultResponseSchema, DecisionsResponseSchema } from './schemas.js';
import { parseEventStream, testServer, type TestServer } from './testing.js';

/**
 * Longest the event loop may stall while a backtest runs, ms. The run below keeps the engine busy for
 * seconds; run on the server's own thread it would stall the loop for all of them.
 */
const MAX_EVENT_LOOP_DELAY_MS = 250;

const dataDir = mkdtempSync(join(tmpdir(), 'alvh-jobs-data-'));
const history = loadMarketHistory({ userDir: dataDir });
let server: TestServer;

beforeAll(async () => {
  server = await testServer({ history, config: { equityMaxPoints: 100 } });
  // The server reads the data once, on its first request; that read is not the job's to measure.
  expect((await server.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(body: object): Promise<string> {
  const r = await server.app.inject({ method: 'POST', url: '/api/backtests', payload: body });
  expect(r.statusCode, r.body).toBe(202);
  return BacktestCreatedSchema.parse(r.json()).id;
}

const events = async (id: string) => parseEventStream((await server.app.inject({ method: 'GET', url: `/api/backtests/${id}/events` })).body);

describe('a backtest through the API', () => {
  it('2018 for two presets: progress to the last day of each, done, then the result and its decision log', async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const id = await start({ presets: ['alvh-ladder', 'unhedged'], from: '2016-01-01', to: '2018-12-31' });
    const stream = await events(id);
    const elapsedMs = performance.now() - started;
    delay.disable();

    const progress = stream.filter((e) => e.event === 'progress').map((e) => e.data as { variant: string; doneDays: number; totalDays: number });
    expect(stream.at(-1)).toEqual({ event: 'done', data: { id } });
    for (const variant of ['alvh-ladder', 'unhedged']) {
      const last = progress.filter((p) => p.variant === variant).at(-1);
      expect(last?.doneDays).toBe(last?.totalDays);
    }
    expect(elapsedMs).toBeGreaterThan(MAX_EVENT_LOOP_DELAY_MS * 4);
    expect(delay.max / 1e6).toBeLessThan(MAX_EVENT_LOOP_DELAY_MS);

    const result = BacktestResultResponseSchema.parse((await server.app.inject({ method: 'GET', url: `/api/backtests/${id}` })).json());
    expect(result.status).toBe('done');
    expect(result.period).toEqual({ from: '2016-01-04', to: '2018-12-31', endReason: 'the requested end' });
    expect(result.summaries.map((s) => s.name)).toEqual(['alvh-ladder', 'unhedged']);
    for (const curve of Object.values(result.equity)) {
      expect(curve.length).toBeLessThanOrEqual(100);
      expect(curve[0]![0]).toBe('2016-01-04');
      expect(curve.at(-1)![0]).toBe('2018-12-31');
      for (const [, , dd] of curve) expect(dd).toBeLessThanOrEqual(0);
    }
    // The deepest drawdown survives the thinning.
    const ladder = result.summaries.find((s) => s.name === 'alvh-ladder')!;
    const deepest = Math.min(...result.equity['alvh-ladder']!.map(([, , dd]) => dd));
    expect(deepest).toBeCloseTo(-ladder.metrics.drawdown.maxDrawdownFraction, 12);
    expect(Object.keys(result.hedgeByLayer['unhedged']!)).toEqual([]);
    // The windows are the summary's, and the ladder's covered ones say how far it ran ahead of its
    // unhedged twin: its window return minus the twin's (both from the last close before the window).
    expect(result.windows['alvh-ladder']!.map(({ againstUnhedgedTwin: _twin, ...w }) => w)).toEqual(ladder.windows);
    const covered = result.windows['alvh-ladder']!.filter((w) => w.metrics !== undefined);
    expect(covered.map((w) => w.window.id)).toEqual(['2018-02', '2018-q4']);
    for (const w of covered) {
      const twin = result.windows['unhedged']!.find((u) => u.window.id === w.window.id)!;
      expect(w.againstUnhedgedTwin!.differenceFraction).toBeCloseTo(w.metrics!.totalReturnFraction - twin.metrics!.totalReturnFraction, 12);
    }
    expect(result.windows['alvh-ladder']!.filter((w) => w.metrics === undefined).every((w) => w.againstUnhedgedTwin === undefined)).toBe(true);
    expect(result.windows['unhedged']!.every((w) => w.againstUnhedgedTwin === undefined)).toBe(true);

    // Every decision of the variant, page by page (a page holds at most 500).
    const pageAt = async (offset: number) => DecisionsResponseSchema.parse((await server.app.inject({ method: 'GET', url: `/api/backtests/${id}/decisions?variant=alvh-ladder&limit=500&offset=${offset}` })).json());
    const firstPage = await pageAt(0);
    const all = { decisions: [...firstPage.decisions] };
    for (let offset = 500; offset < firstPage.total; offset += 500) all.decisions.push(...(await pageAt(offset)).decisions);
    expect(all.decisions).toHaveLength(firstPage.total);
    const entries = DecisionsResponseSchema.parse((await server.app.inject({ method: 'GET', url: `/api/backtests/${id}/decisions?variant=alvh-ladder&q=ENTER-CONDOR&limit=5&offset=1` })).json());
    expect(entries.total).toBe(all.decisions.filter((d) => d.action === 'enter-condor' || d.reason.toLowerCase().includes('enter-condor') || d.rule.toLowerCase().includes('enter-condor')).length);
    expect(entries.decisions.length).toBe(Math.min(5, entries.total - 1));
    for (const d of entries.decisions) expect(d.action).toBe('enter-condor');

    const missing = await server.app.inject({ method: 'GET', url: `/api/backtests/${id}/decisions?variant=fixed-rr` });
    expect(missing.statusCode).toBe(404);
    expect((missing.json() as { error: string }).error).toMatch(/no variant 'fixed-rr' \(it ran alvh-ladder, unhedged\)/);
    const badLimit = await server.app.inject({ method: 'GET', url: `/api/backtests/${id}/decisions?variant=unhedged&limit=0` });
    expect(badLimit.statusCode).toBe(400);

    // The benchmarks on the equity curve's dates, rebased to its first value: SPX closed 2012.66 on
    // 2016-01-04 and 2506.85 on 2018-12-31, so 1 000 000 USD in the index reads 1 245 531 USD.
    const spx = result.benchmarks['SPX']!;
    expect(spx.map(([date]) => date)).toEqual(result.equity['alvh-ladder']!.map(([date]) => date));
    expect(spx[0]![1]).toBe(result.equity['alvh-ladder']![0]![1]);
    expect(spx.at(-1)![1] / spx[0]![1]).toBeCloseTo(2506.85 / 2012.66, 9);
    expect(result.benchmarks['CNDR']!.length).toBe(spx.length);

    // The run outlives the server: a new one on the same folder answers its permalink and its decisions.
    const restarted = await testServer({ history, dir: server.dir });
    try {
      const again = BacktestResultResponseSchema.parse((await restarted.app.inject({ method: 'GET', url: `/api/backtests/${id}` })).json());
      // All but the live progress, which only a running job has.
      expect(again).toEqual({ ...result, progress: null });
      const listed = (await restarted.app.inject({ method: 'GET', url: '/api/backtests' })).json() as { runs: Array<{ id: string; status: string; presets: string[]; from: string; to: string | null }> };
      expect(listed.runs.find((r) => r.id === id)).toMatchObject({ status: 'done', presets: ['alvh-ladder', 'unhedged'], from: '2016-01-01', to: '2018-12-31' });
      const decisions = DecisionsResponseSchema.parse((await restarted.app.inject({ method: 'GET', url: `/api/backtests/${id}/decisions?variant=alvh-ladder&limit=500` })).json());
      expect(decisions).toEqual(firstPage);
    } finally {
      await restarted.close();
    }
  });

  it('a config edited field by field runs as its own variant, and the run reports the config it ran with', async () => {
    const presets = (await server.app.inject({ method: 'GET', url: '/api/presets' })).json() as { presets: Array<{ name: string; config: Record<string, unknown> & { ironCondor: Record<string, unknown> } }> };
    const ladder = presets.presets.find((p) => p.name === 'alvh-ladder')!.config;
    const edited = { ...ladder, name: 'ladder-18-delta', ironCondor: { ...ladder.ironCondor, shortDelta: 0.18 } };
    const id = await start({ presets: ['alvh-ladder'], configs: [edited], from: '2018-01-02', to: '2018-03-30' });
    expect((await events(id)).at(-1)).toEqual({ event: 'done', data: { id } });
    const result = BacktestResultResponseSchema.parse((await server.app.inject({ method: 'GET', url: `/api/backtests/${id}` })).json());
    expect(result.presets).toEqual(['alvh-ladder', 'ladder-18-delta']);
    expect(result.configs['ladder-18-delta']?.ironCondor.shortDelta).toBe(0.18);
    expect(result.configs['alvh-ladder']?.ironCondor.shortDelta).toBe(0.16);
    expect(result.configs['alvh-ladder']).toEqual(ladder);
    expect(Object.keys(result.equity)).toEqual(['alvh-ladder', 'ladder-18-delta']);
  });

  it('an invalid edited config is refused with each field\'s path and reason, before any job starts', async () => {
    const post = (body: object) => server.app.inject({ method: 'POST', url: '/api/backtests', payload: body });
    const outOfRange = await post({ configs: [{ name: 'x', ironCondor: { shortDelta: 0.3 } }], from: '2018-01-02' });
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.json()).toEqual({
      error: 'body configs.0.ironCondor.shortDelta: Too big: expected number to be <=0.2',
      issues: [{ path: 'configs.0.ironCondor.shortDelta', message: 'Too big: expected number to be <=0.2' }],
    });
    // A typo in a nested field name is refused with the field it most likely meant.
    const typo = await post({ configs: [{ name: 'x', hedge: { enabeld: false } }], from: '2018-01-02' });
    expect(typo.statusCode).toBe(400);
    expect((typo.json() as { issues: Array<{ path: string; message: string }> }).issues[0]?.message).toMatch(/did you mean "enabled"/);
    // The cross-field rules of a preset file hold too.
    const ladder = await post({ configs: [{ name: 'x', hedge: { ladderTenors: ['M1'], ladderContractRatio: [4, 4] } }], from: '2018-01-02' });
    expect((ladder.json() as { issues: unknown[] }).issues).toEqual([{ path: 'configs.0.hedge.ladderContractRatio', message: 'has 2 entries for 1 ladder tenors' }]);
    const twice = await post({ presets: ['unhedged'], configs: [{ name: 'unhedged' }], from: '2018-01-02' });
    expect((twice.json() as { error: string }).error).toMatch(/two variants are named 'unhedged'/);
    // A config under a preset's name with other rules would pass for the preset in the report.
    const posing = await post({ configs: [{ name: 'unhedged' }], from: '2018-01-02' });
    expect(posing.statusCode).toBe(400);
    expect((posing.json() as { error: string }).error).toBe("body configs.0.name: its name 'unhedged' is a bundled preset's, with other rules; give the strategy a name of its own (the report would show it as the preset)");
    const nothing = await post({ from: '2018-01-02' });
    expect((nothing.json() as { error: string }).error).toMatch(/name a preset in presets or give a config in configs/);
    expect(server.jobs.runningCount).toBe(0);
  });

  it('a long run is refused a second slot, is cancelled, and its stream ends with cancelled', async () => {
    const id = await start({ presets: ['alvh-ladder'], from: '1990-01-01' });
    const second = await server.app.inject({ method: 'POST', url: '/api/backtests', payload: { presets: ['unhedged'], from: '2018-01-01' } });
    expect(second.statusCode).toBe(429);
    expect((second.json() as { error: string }).error).toMatch(/already running/);
    const running = BacktestResultResponseSchema.parse((await server.app.inject({ method: 'GET', url: `/api/backtests/${id}` })).json());
    expect(running.status).toBe('running');
    // A page opened later finds the running job to re-attach to.
    const listed = (await server.app.inject({ method: 'GET', url: '/api/backtests' })).json() as { runs: Array<{ id: string; status: string }> };
    expect(listed.runs[0]).toMatchObject({ id, status: 'running' });

    const cancel = await server.app.inject({ method: 'DELETE', url: `/api/backtests/${id}` });
    expect(cancel.json()).toEqual({ id, status: 'cancelled' });
    expect(await events(id)).toEqual([{ event: 'cancelled', data: {} }]);
    // The slot is free again at once.
    expect(server.jobs.runningCount).toBe(0);
    const decisions = await server.app.inject({ method: 'GET', url: `/api/backtests/${id}/decisions?variant=alvh-ladder` });
    expect(decisions.statusCode).toBe(409);
  });

  it('a rerun goes to the thread the last job left warm, with the same result; a cancel ends the thread, and an idle one ends on its own', async () => {
    const warm = await testServer({ history, config: { equityMaxPoints: 100, backtestThreadIdleMs: IDLE_THREAD_TEST_MS } });
    try {
      const run = async (payload: object) => {
        const r = await warm.app.inject({ method: 'POST', url: '/api/backtests', payload });
        expect(r.statusCode, r.body).toBe(202);
        const id = BacktestCreatedSchema.parse(r.json()).id;
        const stream = parseEventStream((await warm.app.inject({ method: 'GET', url: `/api/backtests/${id}/events` })).body);
        const result = BacktestResultResponseSchema.parse((await warm.app.inject({ method: 'GET', url: `/api/backtests/${id}` })).json());
        return { id, last: stream.at(-1), result };
      };
      // A run's figures, without what names the job (its id, when it was asked for).
      const figures = (r: { result: object }) => ({ ...r.result, id: '', createdAt: '' });
      const body = { presets: ['alvh-ladder', 'unhedged'], from: '2018-01-01', to: '2018-06-29' };
      const first = await run(body);
      expect(first.last).toEqual({ event: 'done', data: { id: first.id } });
      expect(warm.jobs.threadsStarted).toBe(1);
      const second = await run(body);
      expect(warm.jobs.threadsStarted).toBe(1);
      // The warm thread's run is the fresh thread's, figure for figure.
      expect(figures(second)).toEqual(figures(first));
      // Another period and preset on the same thread.
      expect((await run({ presets: ['fixed-rr'], from: '2019-01-01', to: '2019-03-29' })).last?.event).toBe('done');
      expect(warm.jobs.threadsStarted).toBe(1);

      // A cancelled job's thread is ended: the next job starts another and still gets the same result.
      const long = await warm.app.inject({ method: 'POST', url: '/api/backtests', payload: { presets: ['alvh-ladder'], from: '1990-01-01' } });
      const longId = BacktestCreatedSchema.parse(long.json()).id;
      expect((await warm.app.inject({ method: 'DELETE', url: `/api/backtests/${longId}` })).json()).toEqual({ id: longId, status: 'cancelled' });
      const third = await run(body);
      expect(warm.jobs.threadsStarted).toBe(2);
      expect(figures(third)).toEqual(figures(first));

      // Idle past backtestThreadIdleMs, the thread ends; the next job starts a new one.
      await new Promise((resolve) => setTimeout(resolve, IDLE_THREAD_TEST_MS * 4));
      expect((await run(body)).last?.event).toBe('done');
      expect(warm.jobs.threadsStarted).toBe(3);
    } finally {
      await warm.close();
    }
  });
});

/** How long the warm-thread test's server keeps an idle backtest thread, milliseconds. */
const IDLE_THREAD_TEST_MS = 300;
