/**
 * `alvh serve [--port N] [--host H] [--token T | --token-file F] [--book FILE] [--model-config FILE]`: the dashboard in a browser. Binds the
 * loopback address unless told otherwise; any other address needs a token, which every API request
 * must then carry. Runs until interrupted, ending running backtests on the way out.
 */
import { DEFAULT_BOOK_MARKET } from './bookContext.js';
import { DEFAULT_CHAIN_SETTINGS } from '../../chains/settings.js';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { ALVH_VERSION } from '../../book/bookService.js';
import { countNyseTradingDays } from '../../calendar/nyse.js';
import { defaultUserDir, loadMarketHistory, packageRoot } from '../../data/loadHistory.js';
import { defaultTapeCacheDir } from '../../tape/tapeCache.js';
import { buildApp } from '../../server/app.js';
import { BacktestJobs, defaultWorkerFile } from '../../server/backtestJobs.js';
import { DashboardConfigSchema, DASHBOARD_DB_FILE, type DashboardConfig } from '../../server/config.js';
import { RunStore } from '../../server/runStore.js';
import { dashboardSweepJobs } from '../../server/sweepJobs.js';
import { checkBinding, resolveToken, SecurityConfigError } from '../../server/security.js';
import { ValidationRun, workerValidationProducer } from '../../server/validationRun.js';
import { dayFromIso } from '../../time/day.js';
import { UserError, type CliIo } from '../io.js';
import { defaultBookPath } from './bookContext.js';
import { numberOption } from '../options.js';
import { modelConfigOption, type ModelConfigChoice } from '../modelConfigOption.js';

export const DEFAULT_SERVE_HOST = '127.0.0.1';
export const DEFAULT_SERVE_PORT = 4317;

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly token: string | undefined;
  readonly bookPath: string;
  readonly userDir: string;
  readonly webDistDir: string;
  readonly config: DashboardConfig;
  readonly logger: boolean;
  /** The market model the signal and book views price on (`--model-config`); undefined: the defaults. */
  readonly model?: ModelConfigChoice;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  /** `http://host:port` as bound (the real port when 0 was asked for). */
  readonly url: string;
  close(): Promise<void>;
}

export function defaultWebDistDir(): string {
  return join(packageRoot(), 'web', 'dist');
}

function openRunStore(userDir: string): RunStore {
  mkdirSync(userDir, { recursive: true });
  return new RunStore(join(userDir, DASHBOARD_DB_FILE));
}

/** Builds the app from the options and listens; the caller closes it. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
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
      validation: new ValidationRun(workerValidationProducer(join(options.userDir, 'reports', 'validate'))),
      config: options.config,
      // The signal and book views price on the user's chain store for the days it quotes (as alvh signal does).
      chainMarket: () => ({ mode: DEFAULT_BOOK_MARKET, storeDir: join(options.userDir, 'chains'), maxCarryDays: DEFAULT_CHAIN_SETTINGS.market.maxCarryDays }),
      tapeCacheDir: defaultTapeCacheDir(options.userDir),
      ...(options.model === undefined ? {} : { model: options.model }),
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

export function registerServeCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('the dashboard: signal, book, term structure, signals, backtests and validation in a browser')
    .option('--port <n>', 'TCP port', String(DEFAULT_SERVE_PORT))
    .option('--host <address>', 'address to bind; anything but the loopback needs --token', DEFAULT_SERVE_HOST)
    .option('--token <token>', 'bearer token every API request must carry (default: $ALVH_TOKEN); other users of the machine see it in ps, so prefer --token-file')
    .option('--token-file <file>', 'read the token from the first line of this file (default: $ALVH_TOKEN_FILE)')
    .option('--book <file>', 'book file (default $ALVH_HOME/book.sqlite)')
    .option('--model-config <file>', 'market model config JSON the signal and book pages price on (presets/model/*.json; default: the default model)')
    .action(async (o: { port: string; host: string; token?: string; tokenFile?: string; book?: string; modelConfig?: string }) => {
      const port = numberOption('--port', o.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number from 0 to 65535');
      // Read once, before the server starts: a file that cannot be used stops it with the reason.
      const model = modelConfigOption(o.modelConfig);
      const envFile = process.env['ALVH_TOKEN_FILE'];
      let token: string | undefined;
      try {
        token = resolveToken(
          { flag: o.token, file: o.tokenFile ?? (o.token === undefined && envFile !== undefined && envFile !== '' ? envFile : undefined), env: process.env['ALVH_TOKEN'] },
          (path) => readFileSync(path, 'utf8'),
        );
      } catch (error) {
        if (error instanceof SecurityConfigError) throw new UserError(error.message);
        throw error;
      }
      const server = await startServer({
        host: o.host,
        port,
        token,
        bookPath: o.book ?? defaultBookPath(),
        userDir: defaultUserDir(),
        webDistDir: defaultWebDistDir(),
        config: DashboardConfigSchema.parse({}),
        logger: false,
        model,
      });
      io.out(`alvh dashboard on ${server.url}${token === undefined ? '' : ' (API requests need the token)'}; Ctrl-C stops it\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
