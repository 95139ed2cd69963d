/**
 * The dashboard app on the bundled data for tests: a fresh book file and user folder in a temporary
 * directory, the real history loader, and the compiled backtest worker.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { loadMarketHistory, type LoadedHistory } from '../data/loadHistory.js';
import { dayFromIso } from '../time/day.js';
import { buildApp } from './app.js';
import type { ServerDeps } from './routes.js';
import { BacktestJobs, defaultWorkerFile } from './backtestJobs.js';
import { DashboardConfigSchema, DASHBOARD_DB_FILE, type DashboardConfig } from './config.js';
import { RunStore } from './runStore.js';
import { dashboardSweepJobs, type SweepJobs } from './sweepJobs.js';
import { ValidationRun, type ValidationProducer } from './validationRun.js';

export interface TestServer {
  readonly app: FastifyInstance;
  readonly dir: string;
  readonly bookPath: string;
  readonly jobs: BacktestJobs;
  readonly sweeps: SweepJobs;
  close(): Promise<void>;
}

export interface TestServerOptions {
  readonly token?: string;
  readonly dir?: string;
  readonly webDistDir?: string;
  readonly validation?: ValidationProducer;
  readonly config?: Partial<DashboardConfig>;
  /** Shared between servers of one test file, so the data is read once. */
  readonly history?: Promise<LoadedHistory>;
  /** The chain store the book views price on (none: the model). */
  readonly chainMarket?: ServerDeps['chainMarket'];
  /** The market model the signal and book views price on (none: the defaults). */
  readonly model?: ServerDeps['model'];
  /** The strategy the signal and book views follow when a request names no preset (none: the book's own). */
  readonly strategy?: ServerDeps['strategy'];
}

/** "Today" of the tests: fixed, so staleness figures do not move with the clock. */
export const TEST_TODAY_ISO = '2026-11-20';

export async function testServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'alvh-server-'));
  const config = DashboardConfigSchema.parse(options.config ?? {});
  const jobs = new BacktestJobs({
    workerFile: defaultWorkerFile(),
    maxRunning: config.maxRunningBacktests,
    keptJobs: config.keptBacktestJobs,
    userDir: dir,
    progressEveryDays: config.progressEveryDays,
    equityMaxPoints: config.equityMaxPoints,
    store: new RunStore(join(dir, DASHBOARD_DB_FILE)),
    keptStoredRuns: config.keptStoredRuns,
    idleThreadMs: config.backtestThreadIdleMs,
    ...(options.model === undefined ? {} : { model: options.model }),
  });
  const sweeps = dashboardSweepJobs(dir, config);
  const history = options.history ?? loadMarketHistory({ userDir: dir });
  const app = await buildApp(
    {
      version: 'test',
      loadHistory: () => history,
      bookPath: join(dir, 'book.sqlite'),
      today: () => dayFromIso(TEST_TODAY_ISO),
      countTradingDays: countNyseTradingDays,
      jobs,
      sweeps,
      validation: new ValidationRun(options.validation ?? (() => Promise.reject(new Error('validation is not run in this test')))),
      config,
      ...(options.chainMarket === undefined ? {} : { chainMarket: options.chainMarket }),
      ...(options.model === undefined ? {} : { model: options.model }),
      ...(options.strategy === undefined ? {} : { strategy: options.strategy }),
    },
    { token: options.token, webDistDir: options.webDistDir ?? join(dir, 'no-web-build') },
  );
  return {
    app,
    dir,
    bookPath: join(dir, 'book.sqlite'),
    jobs,
    sweeps,
    close: async () => {
      await app.close();
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The events of a server-sent event stream's text, in order. */
export function parseEventStream(text: string): Array<{ event: string; data: unknown }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6) ?? 'null';
      return { event, data: JSON.parse(data) as unknown };
    });
}
