/**
 * `alvh serve [--port N] [--host H] [--token T | --token-file F] [--book FILE] [--model-config FILE]
 * [--config FILE] [--sweep-workers N] [--sweep-worker-heap-mb MB]`: the dashboard in a browser. Binds the
 * loopback address unless told otherwise; any other address needs a token, which every API request
 * must then carry. Runs until interrupted, ending running backtests on the way out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { defaultUserDir, packageRoot } from '../../data/loadHistory.js';
import { DashboardConfigSchema, type DashboardConfig } from '../../server/config.js';
import { resolveToken, SecurityConfigError } from '../../server/security.js';
import { isWorkerHeapMb, MAX_WORKER_HEAP_MB } from '../../sweep/threadPool.js';
import { readJsonFile } from '../../data/fs/jsonFile.js';
import { configIssues } from '../../lib/configIssues.js';
import { UserError, type CliIo } from '../io.js';
import { defaultBookPath } from './bookContext.js';
import { numberOption } from '../options.js';
import { modelConfigOption, type ModelConfigChoice } from '../modelConfigOption.js';
import type { StrategyConfig } from '../../strategy/config.js';
import { strategyFromFile } from './bookContext.js';

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
  /** The strategy the signal and book views follow when a request names no preset (`--strategy-config`); undefined: the book's own strategy (a preset, or the config the book kept). */
  readonly strategy?: StrategyConfig;
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

/**
 * Builds the app from the options and listens; the caller closes it. The server (Fastify and its
 * plugins, the run and sweep stores) is loaded here, when the dashboard starts, not by every start of
 * the CLI.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { startDashboardServer } = await import('./serveStart.js');
  return startDashboardServer(options);
}

/**
 * The dashboard's config: the defaults, then the fields of `--config FILE` (a JSON object of
 * DashboardConfigSchema's fields, strict: a misspelled field is refused naming the one it most likely
 * meant), then the sweep flags given. A bad value is refused naming its flag or the file and field.
 */
export function dashboardConfigFromFlags(o: { readonly config?: string | undefined; readonly sweepWorkers?: string | undefined; readonly sweepWorkerHeapMb?: string | undefined }): DashboardConfig {
  const fromFile = o.config === undefined ? {} : dashboardConfigFile(o.config);
  const sweepThreads = o.sweepWorkers === undefined ? undefined : numberOption('--sweep-workers', o.sweepWorkers, (n) => Number.isInteger(n) && n >= 1, 'a positive whole number');
  const heap = o.sweepWorkerHeapMb === undefined ? undefined : numberOption('--sweep-worker-heap-mb', o.sweepWorkerHeapMb, isWorkerHeapMb, `a whole number of MB from 1 to ${MAX_WORKER_HEAP_MB}`);
  const merged: Record<string, unknown> = { ...fromFile, ...(sweepThreads === undefined ? {} : { sweepThreads }), ...(heap === undefined ? {} : { sweepWorkerHeapMb: heap }) };
  // The flag's cap needs threads to cap: the flag's, else the file's (a cap in the file is the schema's to check).
  const threads = sweepThreads ?? (typeof fromFile['sweepThreads'] === 'number' ? fromFile['sweepThreads'] : 1);
  if (heap !== undefined && !(threads >= 2)) throw new UserError('--sweep-worker-heap-mb caps the heap of the threads a sweep runs its variants on: it needs --sweep-workers 2 or more');
  const parsed = DashboardConfigSchema.safeParse(merged);
  if (!parsed.success) throw new UserError(`${o.config === undefined ? 'dashboard config' : `--config ${o.config}`}: ${issueText(parsed.error)}`);
  return parsed.data;
}

/** The fields of a dashboard config file as written (checked with the flags' values, defaults filled in after). */
function dashboardConfigFile(path: string): Record<string, unknown> {
  const read = readJsonFile(path);
  if (!read.ok) throw new UserError(`--config ${path}: ${read.error.message}`);
  const raw = read.value;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UserError(`--config ${path}: a dashboard config is a JSON object of fields (see docs/dashboard.md)`);
  return raw as Record<string, unknown>;
}

function issueText(error: z.ZodError): string {
  return configIssues(DashboardConfigSchema, error)
    .map((i) => `${i.path || '(root)'}: ${i.message}`)
    .join('; ');
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
    .option('--strategy-config <file>', "strategy config JSON the signal and book pages follow instead of a preset, e.g. a sweep variant's (its report folder's configs/)")
    .option('--config <file>', 'dashboard config JSON: limits, kept runs and sweeps, sweep threads (see docs/dashboard.md; the flags below override it)')
    .option('--sweep-workers <n>', "worker threads each of the Sweeps page's sweeps runs its variants on (as alvh sweep --workers; default 1)")
    .option('--sweep-worker-heap-mb <mb>', "cap each of those threads' heap, in MB, to use less memory for more CPU (with --sweep-workers 2 or more; as alvh sweep --worker-heap-mb)")
    .action(async (o: { port: string; host: string; token?: string; tokenFile?: string; book?: string; modelConfig?: string; strategyConfig?: string; config?: string; sweepWorkers?: string; sweepWorkerHeapMb?: string }) => {
      const port = numberOption('--port', o.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number from 0 to 65535');
      const config = dashboardConfigFromFlags(o);
      // Read once, before the server starts: a file that cannot be used stops it with the reason.
      const model = modelConfigOption(o.modelConfig);
      const strategy = o.strategyConfig === undefined ? undefined : strategyFromFile(o.strategyConfig, '--strategy-config');
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
        config,
        logger: false,
        model,
        ...(strategy === undefined ? {} : { strategy }),
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
