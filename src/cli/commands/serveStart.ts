/**
 * The dashboard server's start (`alvh serve`): the app, its job runners and stores, bound and warmed.
 * Its own module so that the CLI loads Fastify and the stores only when the dashboard starts.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALVH_VERSION } from '../../book/bookService.js';
import { countNyseTradingDays } from '../../calendar/nyse.js';
import { DEFAULT_CHAIN_SETTINGS } from '../../chains/settings.js';
import { loadMarketHistory } from '../../data/loadHistory.js';
import { buildApp } from '../../server/app.js';
import { BacktestJobs, defaultWorkerFile } from '../../server/backtestJobs.js';
import { DASHBOARD_DB_FILE } from '../../server/config.js';
import { RunStore } from '../../server/runStore.js';
import { checkBinding, SecurityConfigError } from '../../server/security.js';
import { dashboardSweepJobs } from '../../server/sweepJobs.js';
import { ValidationRun, workerValidationProducer } from '../../server/validationRun.js';
import { defaultTapeCacheDir } from '../../tape/tapeCache.js';
import { dayFromIso } from '../../time/day.js';
import { UserError } from '../io.js';
import { DEFAULT_BOOK_MARKET } from './bookContext.js';
import type { RunningServer, ServeOptions } from './serve.js';

function openRunStore(userDir: string): RunStore {
  mkdirSync(userDir, { recursive: true });
  return new RunStore(join(userDir, DASHBOARD_DB_FILE));
}

/** Builds the app from the options and listens; the caller closes it (serve.ts's startServer loads this module). */
export async function startDashboardServer(options: ServeOptions): Promise<RunningServer> {
  let token: string | undefined;
  try {
    token = checkBinding(options.host, options.token);
  } catch (error) {
    if (error instanceof SecurityConfigError) throw new UserError(error.message);
    throw error;
  }
  const jobs = new BacktestJobs({
    workerFile: defaultWorkerFile(),
    maxRunning: options.config.maxRunningBacktests,
    keptJobs: options.config.keptBacktestJobs,
    userDir: options.userDir,
    progressEveryDays: options.config.progressEveryDays,
    equityMaxPoints: options.config.equityMaxPoints,
    store: openRunStore(options.userDir),
    keptStoredRuns: options.config.keptStoredRuns,
    idleThreadMs: options.config.backtestThreadIdleMs,
    ...(options.model === undefined ? {} : { model: options.model }),
  });
  const sweeps = dashboardSweepJobs(options.userDir, options.config);
  const app = await buildApp(
    {
      version: ALVH_VERSION,
      loadHistory: () => loadMarketHistory({ userDir: options.userDir }),
      bookPath: options.bookPath,
      today: () => dayFromIso(new Date().toISOString().slice(0, 10)),
      countTradingDays: countNyseTradingDays,
      jobs,
      sweeps,
      validation: new ValidationRun(workerValidationProducer(join(options.userDir, 'reports', 'validate'), options.model === undefined ? {} : { model: options.model })),
      config: options.config,
      // The signal and book views price on the user's chain store for the days it quotes (as alvh signal does).
      chainMarket: () => ({ mode: DEFAULT_BOOK_MARKET, storeDir: join(options.userDir, 'chains'), maxCarryDays: DEFAULT_CHAIN_SETTINGS.market.maxCarryDays }),
      tapeCacheDir: defaultTapeCacheDir(options.userDir),
      ...(options.model === undefined ? {} : { model: options.model }),
      ...(options.strategy === undefined ? {} : { strategy: options.strategy }),
    },
    { token, webDistDir: options.webDistDir, logger: options.logger },
  );
  // Read the data before the first visitor asks: the read is synchronous work the loop should not do mid-request.
  const warm = await app.inject({ method: 'GET', url: '/api/health', headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  if (warm.statusCode !== 200) {
    await app.close();
    throw new UserError(`the dashboard cannot start: ${(warm.json() as { error?: string }).error ?? warm.body}`);
  }
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app.close();
    throw new UserError(`cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { app, url: `http://${shownHost}:${port}`, close: () => app.close() };
}
