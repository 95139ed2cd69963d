/**
 * The Sweeps API: the bundled specs with what they expand to, a spec checked (its variant count)
 * before it runs, a sweep started, listed, followed (server-sent events: progress and the best
 * variants so far), cancelled and resumed, and a finished sweep's HTML report and CSV of results.
 * A spec is validated by the sweep's own strict schema; its errors name the field (`body spec.vary.0.path`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { LoadedHistory } from '../data/loadHistory.js';
import { packageRoot } from '../data/loadHistory.js';
import { stripByteOrderMark } from '../lib/configIssues.js';
import { parseSweepSpec, SweepSpecError, sweepModelDescription, type SweepSpec } from '../sweep/spec.js';
import type { DashboardConfig } from './config.js';
import { badRequest, HttpError, notFound } from './httpError.js';
import type { RouteResult, RouteSpec } from './routes.js';
import { parseInput } from './routes.js';
import { ErrorResponseSchema } from './schemas.js';
import type { SweepJobs } from './sweepJobs.js';
import { planInWorker } from './sweepPlan.js';
import { streamJobEvents } from './eventStream.js';
import { REPORT_TOP_VARIANTS } from '../sweep/reportLimits.js';
import {
  BundledSweepSpecsSchema,
  SweepCreatedSchema,
  SweepIdParamsSchema,
  SweepVariantConfigParamsSchema,
  SweepListResponseSchema,
  SweepPlanSchema,
  SweepRequestSchema,
  SweepViewSchema,
  type SweepEvent,
  type SweepPlan,
  type SweepRequest,
} from './sweepSchemas.js';
import { BacktestRangeError } from '../engine/backtestJob.js';
import { sweepSpan } from '../sweep/runVariant.js';
import { wholeCodeFingerprint } from '../data/codeFingerprint.js';

export interface SweepRouteDeps {
  readonly sweeps: SweepJobs;
  readonly config: DashboardConfig;
  readonly history: () => Promise<LoadedHistory>;
  /** Where the bundled specs are (presets/sweeps of the package). */
  readonly bundledDir?: string;
  /** The compiled plan worker (default: the package's build). */
  readonly planWorkerFile?: string;
}

export function bundledSweepDir(): string {
  return join(packageRoot(), 'presets', 'sweeps');
}

function bundledNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** A resolved spec: validated, expanded against the data, with the text it was sent as. */
interface ResolvedSpec {
  readonly spec: SweepSpec;
  readonly specJson: string;
  readonly bundled: string | null;
  readonly source: string;
  readonly plan: SweepPlan;
}

/** A stored spec validated again by the spec's schema (cheap: no expansion); its errors as one 400. */
function planSpecSchemaOnly(raw: unknown, where: string): SweepSpec {
  try {
    return parseSweepSpec(raw, where);
  } catch (error) {
    if (error instanceof SweepSpecError) throw badRequest(error.issues.map((i) => `${where}${i.path === '' ? '' : `.${i.path}`}: ${i.message}`).join('; '));
    throw error;
  }
}

export function planOf(spec: SweepSpec, variants: number): SweepPlan {
  return { name: spec.name, description: spec.description, basePreset: spec.basePreset, period: { ...spec.period }, rankBy: spec.rankBy, varied: spec.vary.map((f) => f.path), variants, marketModel: sweepModelDescription(spec) };
}

export function sweepRoutes(deps: SweepRouteDeps): RouteSpec[] {
  const { sweeps, config } = deps;
  const dir = deps.bundledDir ?? bundledSweepDir();

  /**
   * Validates spec objects and expands them against the loaded data, in a worker thread (a large spec
   * takes seconds); a spec's errors are one 400 naming each field under its origin.
   */
  const resolveAll = async (items: ReadonlyArray<{ raw: unknown; specJson: string; bundled: string | null; where: string }>): Promise<ResolvedSpec[]> => {
    const { history } = await deps.history();
    const outcomes = await planInWorker({ items: items.map(({ raw, where }) => ({ raw, where })), versions: { dataVersion: history.dataVersion, codeVersion: wholeCodeFingerprint() } }, deps.planWorkerFile);
    return items.map(({ specJson, bundled, where }, k) => {
      const outcome = outcomes[k];
      if (outcome === undefined) throw new Error(`the sweep plan worker answered ${outcomes.length} of ${items.length} specs`);
      if (!outcome.ok) throw badRequest(outcome.reasons.join('; '));
      const { spec } = outcome;
      // The period's calendar as the runner will build it: refused now, not when the first batch starts.
      try {
        sweepSpan(history, spec.period);
      } catch (error) {
        if (error instanceof BacktestRangeError) throw badRequest(`${where}.period: ${error.message}`);
        throw error;
      }
      return { spec, specJson, bundled, source: where, plan: planOf(spec, outcome.variants) };
    });
  };
  const resolve = async (raw: unknown, specJson: string, bundled: string | null, where: string): Promise<ResolvedSpec> => (await resolveAll([{ raw, specJson, bundled, where }]))[0] as ResolvedSpec;

  const readBundled = (name: string): { raw: unknown; text: string } => {
    if (!bundledNames(dir).includes(name)) throw badRequest(`body bundled: no bundled sweep spec '${name}'; bundled: ${bundledNames(dir).join(', ') || 'none'}`);
    const text = stripByteOrderMark(readFileSync(join(dir, `${name}.json`), 'utf8'));
    try {
      return { raw: JSON.parse(text) as unknown, text };
    } catch (error) {
      throw new HttpError(500, `bundled sweep spec ${name}: not valid JSON (${(error as Error).message})`);
    }
  };

  const resolveRequest = async (body: SweepRequest): Promise<ResolvedSpec> => {
    if (body.bundled !== undefined) {
      const { raw, text } = readBundled(body.bundled);
      return resolve(raw, text, body.bundled, `bundled spec ${body.bundled}`);
    }
    return resolve(body.spec, JSON.stringify(body.spec), null, 'body spec');
  };

  const idOf = (params: unknown): string => {
    const { id } = parseInput(SweepIdParamsSchema, params, 'path');
    if (sweeps.get(id) === undefined) throw notFound(`no sweep with id ${id} (the dashboard keeps the last ${config.keptStoredSweeps} sweeps)`);
    return id;
  };

  /** A finished sweep's file, or why there is none. */
  const finishedFile = (id: string, file: string, what: string): string => {
    const view = sweeps.get(id);
    if (view === undefined) throw notFound(`no sweep with id ${id}`);
    if (view.status !== 'done') throw new HttpError(409, `sweep ${id} is ${view.status}: its ${what} is written when it is done`);
    if (!existsSync(file)) throw notFound(`sweep ${id}: its ${what} is no longer on disk`);
    return file;
  };

  return [
    {
      method: 'GET',
      url: '/api/sweep-specs',
      summary: 'The bundled sweep specs (presets/sweeps) with what each expands to, and the threads this server runs a sweep on',
      responses: { 200: BundledSweepSpecsSchema },
      handle: async () => {
        const files = bundledNames(dir).map((name) => ({ name, ...readBundled(name) }));
        const resolved = await resolveAll(files.map(({ name, raw, text }) => ({ raw, specJson: text, bundled: name, where: `bundled spec ${name}` })));
        return ok({
          specs: files.map(({ name, raw }, k) => ({ name, plan: (resolved[k] as ResolvedSpec).plan, spec: raw })),
          runsOn: { threads: config.sweepThreads, workerHeapMb: config.sweepWorkerHeapMb ?? null },
        });
      },
    },
    {
      // A POST because the spec travels as a body; it starts nothing.
      method: 'POST',
      url: '/api/sweeps/check',
      summary: 'Validate a sweep spec (bundled by name, or sent as JSON) and say how many variants it expands to; runs nothing',
      body: SweepRequestSchema,
      bodyLimitBytes: config.sweepSpecBodyLimitBytes,
      responses: { 200: SweepPlanSchema },
      handle: async (input) => ok((await resolveRequest(parseInput(SweepRequestSchema, input.body, 'body'))).plan),
    },
    {
      method: 'POST',
      url: '/api/sweeps',
      summary: `Start a sweep in the background (at most ${config.maxRunningSweeps} at once): a bundled spec by name, or a spec as JSON; follow it on its events stream`,
      body: SweepRequestSchema,
      bodyLimitBytes: config.sweepSpecBodyLimitBytes,
      responses: { 202: SweepCreatedSchema, 429: ErrorResponseSchema },
      handle: async (input) => {
        const resolved = await resolveRequest(parseInput(SweepRequestSchema, input.body, 'body'));
        const view = sweeps.start(resolved);
        return { status: 202, body: { id: view.id, plan: view.plan } };
      },
    },
    {
      method: 'GET',
      url: '/api/sweeps',
      summary: `The latest ${config.listedSweeps} sweeps, newest first, with their status and progress`,
      responses: { 200: SweepListResponseSchema },
      handle: async () => ok({ sweeps: sweeps.list(config.listedSweeps) }),
    },
    {
      method: 'GET',
      url: '/api/sweeps/:id',
      summary: 'A sweep: status, plan, progress (done of total, ETA) and the best variants so far',
      params: SweepIdParamsSchema,
      responses: { 200: SweepViewSchema },
      handle: async (input) => ok(sweeps.get(idOf(input.params))),
    },
    {
      method: 'GET',
      url: '/api/sweeps/:id/events',
      summary: 'Server-sent events of a sweep: progress {progress, top}, then done {id}, error {message} or cancelled',
      params: SweepIdParamsSchema,
      responses: { 200: z.string().describe('text/event-stream') },
      eventStream: true,
      handle: async (input, reply) => {
        const id = idOf(input.params);
        streamJobEvents<SweepEvent>(reply, (send) => sweeps.subscribe(id, send));
        return undefined;
      },
    },
    {
      method: 'DELETE',
      url: '/api/sweeps/:id',
      summary: 'Cancel a running sweep: it stops between variants, keeping those run (a stopped sweep stays as it is)',
      params: SweepIdParamsSchema,
      responses: { 200: z.object({ id: z.string(), status: z.string() }) },
      handle: async (input) => {
        const id = idOf(input.params);
        await sweeps.cancel(id);
        return ok({ id, status: sweeps.get(id)?.status ?? 'unknown' });
      },
    },
    {
      method: 'POST',
      url: '/api/sweeps/:id/resume',
      summary: 'Run a cancelled, interrupted or failed sweep again from its stored spec; the variants already stored are skipped',
      params: SweepIdParamsSchema,
      responses: { 202: SweepCreatedSchema, 429: ErrorResponseSchema },
      handle: async (input) => {
        const id = idOf(input.params);
        const specJson = sweeps.storedSpecJson(id);
        if (specJson === undefined) throw notFound(`no sweep with id ${id}`);
        // Validated when it was started; checked again, since the spec's schema may have changed since.
        const planned = planSpecSchemaOnly(JSON.parse(specJson) as unknown, `sweep ${id} spec`);
        const view = sweeps.resume(id, planned);
        return { status: 202, body: { id: view.id, plan: view.plan } };
      },
    },
    {
      method: 'GET',
      url: '/api/sweeps/:id/report',
      summary: "A finished sweep's report: one offline HTML page (text/html)",
      params: SweepIdParamsSchema,
      responses: { 200: z.string().describe('text/html') },
      handle: async (input, reply) => {
        const id = idOf(input.params);
        const html = readFileSync(finishedFile(id, sweeps.reportFile(id), 'report'), 'utf8');
        void reply.type('text/html; charset=utf-8');
        return ok(html);
      },
    },
    {
      method: 'GET',
      url: '/api/sweeps/:id/results.csv',
      summary: "A finished sweep's results, one row per variant in expansion order: every metric and the resolved config (text/csv)",
      params: SweepIdParamsSchema,
      responses: { 200: z.string().describe('text/csv') },
      handle: async (input, reply) => {
        const id = idOf(input.params);
        const csv = readFileSync(finishedFile(id, sweeps.csvFile(id), 'CSV of results'), 'utf8');
        const name = sweeps.get(id)?.plan.name ?? 'sweep';
        void reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="alvh-sweep-${name}-${id.slice(0, 8)}.csv"`);
        return ok(csv);
      },
    },
    {
      method: 'GET',
      url: '/api/sweeps/:id/configs/:variant',
      summary:
        `A finished sweep's top variant as a strategy config file (one of the report's top ${REPORT_TOP_VARIANTS}, the preset aside): alvh signal --config, alvh book --config and alvh serve --strategy-config follow it (application/json)`,
      params: SweepVariantConfigParamsSchema,
      responses: { 200: z.record(z.string(), z.unknown()) },
      handle: async (input, reply) => {
        const params = parseInput(SweepVariantConfigParamsSchema, input.params, 'path');
        const id = idOf({ id: params.id });
        const { variant } = params;
        // idOf answered 404 for an unknown sweep.
        const view = sweeps.get(id) as NonNullable<ReturnType<typeof sweeps.get>>;
        const basePreset = view.plan.basePreset;
        const file = sweeps.variantConfigFile(id, basePreset, variant);
        if (view.status === 'done' && !existsSync(file)) throw notFound(`sweep ${id}: variant ${variant} is not among the top ${REPORT_TOP_VARIANTS} whose configs the report keeps`);
        const text = readFileSync(finishedFile(id, file, 'variant config'), 'utf8');
        void reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="${basePreset}~${variant}.json"`);
        return ok(JSON.parse(text) as unknown);
      },
    },
  ];
}

const ok = (body: unknown): RouteResult => ({ status: 200, body });
