/**
 * The validation report for the dashboard: computed in the background when asked for (in a worker
 * thread, see validationWorker.ts), then served from memory. The report's folder is fixed by
 * the server; no request names a path.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { VALIDATE_REPORT_BASENAME } from '../cli/commands/validate.js';
import { packageRoot } from '../data/loadHistory.js';
import type { ValidationResponse } from './schemas.js';

/** Produces the report as parsed JSON; the default runs `alvh validate` in a worker thread. */
export type ValidationProducer = () => Promise<Record<string, unknown>>;

export function defaultValidationWorkerFile(): string {
  const beside = fileURLToPath(new URL('./validationWorker.js', import.meta.url));
  return existsSync(beside) ? beside : join(packageRoot(), 'dist', 'src', 'server', 'validationWorker.js');
}

export function workerValidationProducer(outDir: string, workerFile: string = defaultValidationWorkerFile()): ValidationProducer {
  return () =>
    new Promise((resolve, reject) => {
      const worker = new Worker(workerFile, { workerData: { outDir } });
      let settled = false;
      worker.on('message', (m: { kind: 'done' } | { kind: 'error'; message: string }) => {
        settled = true;
        if (m.kind === 'error') reject(new Error(m.message));
        else
          readFile(join(outDir, `${VALIDATE_REPORT_BASENAME}.json`), 'utf8')
            .then((text) => resolve(JSON.parse(text) as Record<string, unknown>))
            .catch(reject);
      });
      worker.on('error', (e) => {
        settled = true;
        reject(e);
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new Error(`the validation stopped unexpectedly (exit code ${code})`));
      });
    });
}

export class ValidationRun {
  private state: ValidationResponse | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly produce: ValidationProducer,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The state as it is, changing nothing: idle before the first run is asked for. */
  current(): ValidationResponse {
    return this.state ?? { status: 'idle' };
  }

  /** Starts a run unless one is in progress (a finished or failed report is computed afresh). */
  start(): ValidationResponse {
    if (this.state?.status === 'running') return this.state;
    const running: ValidationResponse = { status: 'running', startedAt: this.now().toISOString() };
    this.state = running;
    this.running = this.produce().then(
      (report) => {
        this.state = { status: 'ready', report };
      },
      (error: unknown) => {
        this.state = { status: 'error', message: error instanceof Error ? error.message : String(error) };
      },
    );
    return running;
  }

  /** Settles when the run in progress ends (tests and shutdown). */
  async settled(): Promise<void> {
    await this.running;
  }
}
