/**
 * The validation report for the dashboard: computed once in the background on first request (in a
 * worker thread, see validationWorker.ts), then served from memory. The report's folder is fixed by
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

  /**
   * The report when ready; otherwise starts the run (once) and says it is running. A failed run is
   * reported once, and the next request tries again.
   */
  current(): ValidationResponse {
    const state = this.state;
    if (state === undefined) return this.start();
    if (state.status === 'error') this.state = undefined;
    return state;
  }

  /** Settles when the run in progress ends (tests and shutdown). */
  async settled(): Promise<void> {
    await this.running;
  }

  private start(): ValidationResponse {
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
}
