/**
 * `alvh serve [--port N] [--host H] [--token T | --token-file F] [--book FILE] [--model-config FILE]
 * [--sweep-workers N] [--sweep-worker-heap-mb MB]`: the dashboard in a browser. Binds the
 * loopback address unless told otherwise; any other address needs a token, which every API request
 * must then carry. Runs until interrupted, ending running backtests on the way out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { defaultUserDir, packageRoot } from '../../data/loadHistory.js';
import { DashboardConfigSchema, type DashboardConfig } from '../../server/config.js';
import { resolveToken, SecurityConfigError } from '../../server/security.js';
import { MAX_WORKER_HEAP_MB } from '../../sweep/threadPool.js';
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

/**
 * Builds the app from the options and listens; the caller closes it. The server (Fastify and its
 * plugins, the run and sweep stores) is loaded here, when the dashboard starts, not by every start of
 * the CLI.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { startDashboardServer } = await import('./serveStart.js');
  return startDashboardServer(options);
}

/** The dashboard's config with the sweep flags applied; a bad value is refused naming its flag. */
export function dashboardConfigFromFlags(o: { readonly sweepWorkers: string; readonly sweepWorkerHeapMb?: string | undefined }): DashboardConfig {
  const sweepThreads = numberOption('--sweep-workers', o.sweepWorkers, (n) => Number.isInteger(n) && n >= 1, 'a positive whole number');
  const heap = o.sweepWorkerHeapMb === undefined ? undefined : numberOption('--sweep-worker-heap-mb', o.sweepWorkerHeapMb, (n) => Number.isInteger(n) && n >= 1 && n <= MAX_WORKER_HEAP_MB, `a whole number of MB from 1 to ${MAX_WORKER_HEAP_MB}`);
  if (heap !== undefined && sweepThreads < 2) throw new UserError('--sweep-worker-heap-mb caps the heap of the threads a sweep runs its variants on: it needs --sweep-workers 2 or more');
  return DashboardConfigSchema.parse({ sweepThreads, ...(heap === undefined ? {} : { sweepWorkerHeapMb: heap }) });
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
    .option('--sweep-workers <n>', "worker threads each of the Sweeps page's sweeps runs its variants on (as alvh sweep --workers)", '1')
    .option('--sweep-worker-heap-mb <mb>', "cap each of those threads' heap, in MB, to use less memory for more CPU (with --sweep-workers 2 or more; as alvh sweep --worker-heap-mb)")
    .action(async (o: { port: string; host: string; token?: string; tokenFile?: string; book?: string; modelConfig?: string; sweepWorkers: string; sweepWorkerHeapMb?: string }) => {
      const port = numberOption('--port', o.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number from 0 to 65535');
      const config = dashboardConfigFromFlags(o);
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
        config,
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
