/**
 * The validation report for the dashboard: computed in the background when asked for (in a worker
 * thread, see validationWorker.ts), then served from memory. The report's folder is fixed by
 * the server; no request names a path.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { VALIDATE_REPORT_BASENAME } from '../cli/commands/validate.js';
import { bundledOtherModels, type ModelConfigChoice } from '../cli/modelConfigOption.js';
import type { ValidationChart, ValidationResponse, ValidationStartRequest } from './schemas.js';
import { compiledWorkerFile } from '../threads/workerPool.js';

/** The report as parsed JSON and the charts written beside it. */
export interface ValidationOutput {
  readonly report: Record<string, unknown>;
  readonly charts: readonly ValidationChart[];
}

/** Produces the report (with `acrossModels`, the exam on every bundled model too); the default runs `alvh validate` in a worker thread. */
export type ValidationProducer = (request: ValidationStartRequest) => Promise<ValidationOutput>;

/** What the worker is given: the report folder, the server's model (absent: the defaults) and the other models to examine. */
export interface ValidationWorkerData {
  readonly outDir: string;
  readonly model?: ModelConfigChoice;
  readonly acrossModels?: readonly ModelConfigChoice[];
}

/** The worker's answer: done with the chart files it wrote (relative to the report folder), or why not. */
export type ValidationWorkerMessage = { readonly kind: 'done'; readonly chartFiles: readonly string[] } | { readonly kind: 'error'; readonly message: string };

const CHART_FILE = /^charts\/([A-Za-z0-9._-]+)\.svg$/;

/**
 * The report's charts from their files (`charts/<sectionId>-<chartId>.svg`, as chartFileName names
 * them): each given to the report section whose id is the longest prefix of its name, titled by the
 * SVG's own <title>. Files of no section of this report are left out.
 */
export function chartsOfReport(report: Record<string, unknown>, files: ReadonlyArray<readonly [relativePath: string, svg: string]>): ValidationChart[] {
  const sections = Array.isArray(report['sections']) ? (report['sections'] as Array<{ id?: unknown }>).map((s) => s.id).filter((id): id is string => typeof id === 'string') : [];
  const charts: ValidationChart[] = [];
  for (const [relative, svg] of files) {
    const name = CHART_FILE.exec(relative)?.[1];
    if (name === undefined) continue;
    const sectionId = sections.filter((id) => name.startsWith(`${id}-`)).sort((a, b) => b.length - a.length)[0];
    if (sectionId === undefined) continue;
    const id = name.slice(sectionId.length + 1);
    const title = /<title>([^<]*)<\/title>/.exec(svg)?.[1] ?? id;
    charts.push({ sectionId, id, title: unescapeXml(title), svg });
  }
  // In the report's section order, then by file name, whatever order the files came in.
  return charts.sort((a, b) => sections.indexOf(a.sectionId) - sections.indexOf(b.sectionId) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

export function defaultValidationWorkerFile(): string {
  return compiledWorkerFile(import.meta.url, 'validationWorker.js', 'src/server');
}

/**
 * The exam in a worker thread, on the server's model (`alvh serve --model-config`; absent: the
 * defaults), and with `acrossModels` on every other bundled model config too.
 */
export function workerValidationProducer(outDir: string, options: { readonly model?: ModelConfigChoice; readonly workerFile?: string } = {}): ValidationProducer {
  const workerFile = options.workerFile ?? defaultValidationWorkerFile();
  return (request) =>
    new Promise((resolve, reject) => {
      const others = bundledOtherModels(request.acrossModels, options.model);
      const workerData: ValidationWorkerData = { outDir, ...(options.model === undefined ? {} : { model: options.model }), ...(others === undefined ? {} : { acrossModels: others }) };
      const worker = new Worker(workerFile, { workerData });
      let settled = false;
      worker.on('message', (m: ValidationWorkerMessage) => {
        settled = true;
        if (m.kind === 'error') reject(new Error(m.message));
        else readValidationOutput(outDir, m.chartFiles).then(resolve, reject);
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

/** The report `alvh validate` wrote into `outDir` and the chart files it names (relative to `outDir`). */
export async function readValidationOutput(outDir: string, chartFiles: readonly string[]): Promise<ValidationOutput> {
  const report = JSON.parse(await readFile(join(outDir, `${VALIDATE_REPORT_BASENAME}.json`), 'utf8')) as Record<string, unknown>;
  const files = await Promise.all(chartFiles.map(async (relative) => [relative, await readFile(join(outDir, relative), 'utf8')] as const));
  return { report, charts: chartsOfReport(report, files) };
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

  /**
   * Starts a run unless one is in progress (a finished or failed report is computed afresh); the run in
   * progress answers whatever was asked, so two visitors never start two exams at once.
   */
  start(request: ValidationStartRequest = { acrossModels: false }): ValidationResponse {
    if (this.state?.status === 'running') return this.state;
    const running: ValidationResponse = { status: 'running', startedAt: this.now().toISOString(), acrossModels: request.acrossModels };
    this.state = running;
    this.running = this.produce(request).then(
      ({ report, charts }) => {
        this.state = { status: 'ready', report, charts: [...charts] };
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
