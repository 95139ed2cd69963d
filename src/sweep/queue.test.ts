/**
 * The distributed sweep on a real Redis (Debian's redis-server on a random loopback port, no
 * persistence) and two real `alvh worker` processes (the compiled build): the first is SIGKILLed
 * mid-way, its job stalls and is run by the second, started after the kill, and all 40 results arrive exactly once, byte-identical to
 * the same sweep run in this thread.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { loadMarketHistory, packageRoot } from '../data/loadHistory.js';
import { wholeCodeFingerprint } from '../data/codeFingerprint.js';
import { loadPreset } from '../data/presets.js';
import type { MarketHistory } from '../history/types.js';
import { decodeRun, encodeRun, queueExecutor, REDIS_CONNECT_TIMEOUT_MS } from './queue.js';
import { runCli } from '../cli/testing.js';
import { Redis } from 'ioredis';
import { parseRedisUrl, RedisUrlError } from './redisUrl.js';
import { ResultStore } from './resultStore.js';
import { inlineExecutor, runSweep, type VariantExecutor } from './runSweep.js';
import { prepareVariantRunner } from './runVariant.js';
import { parseSweepSpec } from './spec.js';
import { expandVariants } from './variants.js';

/** A lock this short makes a killed worker's job stall within seconds instead of the default 30 s. */
const TEST_LOCK_MS = 2000;
/** Two workers loading the history and 40 short backtests take about 30 s on a busy 2-core machine. */
const DISTRIBUTED_TEST_TIMEOUT_MS = 180_000;
/**
 * Jobs the doomed worker finishes (by its own log) before it is killed: counted at the worker rather
 * than by delivered results, which arrive later and could all be in before a kill keyed to them.
 */
const KILL_AFTER_WORKER_JOBS = 4;
/** Variants per queue job in the distributed test. */
const QUEUE_TEST_BATCH_VARIANTS = 2;

const dir = mkdtempSync(join(tmpdir(), 'alvh-queue-'));
const home = join(dir, 'home');
const children: ChildProcess[] = [];
let redisUrl = '';
let history: MarketHistory;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function startWorker(): { child: ChildProcess; log: () => string } {
  let log = '';
  // Its own process group, so SIGKILL takes down the worker and its sandboxed children together.
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'alvh.js'), 'worker', '--queue', redisUrl, '--concurrency', '1', '--lock-ms', String(TEST_LOCK_MS)], {
    env: { ...process.env, ALVH_HOME: home },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  children.push(child);
  return { child, log: () => log };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

beforeAll(async () => {
  const port = await freePort();
  redisUrl = `redis://127.0.0.1:${port}`;
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore', detached: true });
  children.push(redis);
  await waitFor(async () => {
    const target = parseRedisUrl(redisUrl);
    const c = new Redis({ host: target.host, port: target.port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return (await c.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      c.disconnect();
    }
  }, 'redis-server');
  history = (await loadMarketHistory({ userDir: home })).history;
});

afterAll(() => {
  for (const child of children) killGroup(child, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('the queue connection', () => {
  it('refuses a Redis URL it cannot use, naming why', () => {
    expect(parseRedisUrl('redis://10.0.0.5:6380/2')).toEqual({ host: '10.0.0.5', port: 6380, db: 2 });
    expect(parseRedisUrl('redis://localhost')).toEqual({ host: 'localhost', port: 6379, db: 0 });
    expect(() => parseRedisUrl('http://x')).toThrow(RedisUrlError);
    expect(() => parseRedisUrl('redis://user:pw@host:1')).toThrow(/passwords are not supported/);
    expect(() => parseRedisUrl('redis://host:1/x')).toThrow(/database must be a whole number/);
  });

  it('an address where no Redis answers fails at once, naming it, for the sweep and for a worker', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const q = queueExecutor({ url, period: { from: '2020-01-01', to: '2020-02-28' }, versions: { dataVersion: 'd', codeVersion: 'c' } });
    const started = Date.now();
    try {
      await expect(q.execute([{ key: 'k', config: loadPreset('alvh-ladder') }], async () => undefined)).rejects.toThrow(new RegExp(`cannot reach Redis at 127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED`));
    } finally {
      await q.close();
    }
    // Refused, not retried until some timeout: well within the connect timeout.
    expect(Date.now() - started).toBeLessThan(REDIS_CONNECT_TIMEOUT_MS);
    const worker = await runCli(['worker', '--queue', url]);
    expect(worker.code).not.toBe(0);
    expect(worker.stderr).toMatch(new RegExp(`alvh: cannot reach Redis at 127\\.0\\.0\\.1:${port} .*is redis-server running there\\?`));
  });

  it('results survive the queue encoding bit for bit', () => {
    const run = { metrics: { sharpeRatio: 0.1 + 0.2 } as never, days: Int32Array.from([1, 2]), equityUsd: Float64Array.from([Math.PI, 1e-310]) };
    const back = decodeRun(JSON.parse(JSON.stringify(encodeRun(run))) as ReturnType<typeof encodeRun>);
    expect(Array.from(back.equityUsd)).toEqual(Array.from(run.equityUsd));
    expect(Array.from(back.days)).toEqual([1, 2]);
  });
});

describe('distributed sweep', () => {
  it('two workers, one SIGKILLed mid-way: all 40 results arrive exactly once, identical to the local run', async () => {
    const spec = parseSweepSpec(
      {
        name: 'distributed',
        basePreset: 'alvh-ladder',
        vary: [
          { kind: 'list', path: 'hedge.hedgeCallDelta', values: [0.2, 0.25, 0.4] },
          { kind: 'grid', path: 'hedge.cashWhenVixAbove', from: 30, to: 42, step: 1 },
        ],
        period: { from: '2020-01-01', to: '2020-02-28' },
        walkForward: { inSampleMonths: 1, outOfSampleMonths: 1 },
        cscvBlocks: 4,
      },
      'distributed.json',
    );
    // The workers are processes of the build (bin/alvh.js runs dist): the sweep is keyed by its code.
    const versions = { dataVersion: history.dataVersion, codeVersion: wholeCodeFingerprint(join(packageRoot(), 'dist', 'src')) };
    const variants = expandVariants(spec, loadPreset('alvh-ladder'), versions, 'distributed.json');
    expect(variants).toHaveLength(40);

    const local = await ResultStore.open(join(dir, 'local.duckdb'));
    const runner = prepareVariantRunner(history, spec.period, { countTradingDays: countNyseTradingDays });
    await runSweep({ spec, variants, versions, store: local, execute: inlineExecutor(runner), now: () => 0 });
    await local.exportSweep(spec.name, join(dir, 'local.csv'), 'csv');
    local.close();

    // The first worker starts alone and is SIGKILLed once it has finished a few jobs (it holds the next
    // one); the second starts after the kill, so it necessarily finishes the sweep, including the job the
    // killed worker held once its lock expires, whatever the machine's speed.
    const w1 = startWorker();
    await waitFor(() => w1.log().includes('consuming'), 'the first worker');
    // Batches of 2: 20 jobs, so the first worker is killed with most of the sweep still to go.
    const q = queueExecutor({ url: redisUrl, period: spec.period, versions, tuning: { pollMs: 500 }, batchVariants: QUEUE_TEST_BATCH_VARIANTS });
    const deliveries = new Map<string, number>();
    let w2: ReturnType<typeof startWorker> | undefined;
    let killed = false;
    const doneCount = (log: string) => (log.match(/^done /gm) ?? []).length;
    const counting: VariantExecutor = (tasks, sink) =>
      q.execute(tasks, async (key, run) => {
        deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
        await sink(key, run);
      });
    const store = await ResultStore.open(join(dir, 'queue.duckdb'));
    try {
      const sweep = runSweep({ spec, variants, versions, store, execute: counting, now: () => 0 });
      sweep.catch(() => undefined); // awaited below; this only keeps a failure during the wait from going unhandled
      await waitFor(() => doneCount(w1.log()) >= KILL_AFTER_WORKER_JOBS, 'the first worker to finish some jobs', DISTRIBUTED_TEST_TIMEOUT_MS / 2);
      killGroup(w1.child, 'SIGKILL');
      killed = true;
      w2 = startWorker();
      const summary = await sweep;
      expect(summary.ran).toBe(40);
      await store.exportSweep(spec.name, join(dir, 'queue.csv'), 'csv');
    } finally {
      store.close();
      await q.close();
    }
    expect(killed).toBe(true);
    expect(w1.child.signalCode ?? 'SIGKILL').toBe('SIGKILL');
    expect(deliveries.size).toBe(40);
    expect([...deliveries.values()].every((n) => n === 1)).toBe(true);
    // The survivor, started after the kill, finished the sweep (the first worker had done only a few jobs).
    expect(doneCount(w1.log())).toBeLessThan(40 / QUEUE_TEST_BATCH_VARIANTS);
    expect(doneCount(w2?.log() ?? '')).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'queue.csv')).equals(readFileSync(join(dir, 'local.csv')))).toBe(true);
    if (w2 !== undefined) killGroup(w2.child, 'SIGTERM');
  }, DISTRIBUTED_TEST_TIMEOUT_MS);
});
