/**
 * The shapes of the Sweeps API (`/api/sweeps...`, `/api/sweep-specs`): a sweep started from a bundled
 * spec or from a spec sent as JSON, its progress (variants done of the total, ETA), the best variants
 * so far, and its status kept across restarts. The spec itself is validated by the sweep's own strict
 * schema (src/sweep/spec.ts), so the request schema only says where the spec comes from.
 */
import { z } from 'zod';
import { IsoDateSchema, JobIdSchema } from './schemas.js';

/** A bundled spec's name: a file presets/sweeps/NAME.json. */
export const SweepSpecNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be the name of a bundled sweep spec');

/** A spec to run or check: a bundled one by name, or one written out in full (validated by the sweep spec's schema). */
export const SweepRequestSchema = z
  .strictObject({
    bundled: SweepSpecNameSchema.optional(),
    spec: z.unknown().optional(),
  })
  .refine((b) => (b.bundled === undefined) !== (b.spec === undefined), { message: 'send either bundled (a bundled spec\'s name) or spec (a sweep spec as JSON), not both' });
export type SweepRequest = z.infer<typeof SweepRequestSchema>;

export const SweepIdParamsSchema = z.strictObject({ id: JobIdSchema });
/** A top variant's config: the sweep, and the first ten hex digits of the variant's key (as the report names it). */
export const SweepVariantConfigParamsSchema = z.strictObject({
  id: JobIdSchema,
  variant: z.string().regex(/^[0-9a-f]{10}$/, 'the first ten hex digits of a variant key, as the report names it'),
});

/**
 * running: a worker computes it now; done: every variant has a result and the report is written;
 * cancelled: stopped by a DELETE; interrupted: the server stopped while it ran; error: it failed.
 * A cancelled, interrupted or failed sweep can be resumed: variants already stored are not run again.
 */
export const SweepStatusSchema = z.enum(['running', 'done', 'error', 'cancelled', 'interrupted']);
export type SweepStatus = z.infer<typeof SweepStatusSchema>;

/** What a spec expands to, before anything runs. */
export const SweepPlanSchema = z.object({
  name: z.string(),
  description: z.string(),
  basePreset: z.string(),
  period: z.object({ from: IsoDateSchema, to: IsoDateSchema }),
  rankBy: z.string(),
  /** The varied config paths, in the spec's order. */
  varied: z.array(z.string()),
  /** Variants the spec expands to, the preset itself included. */
  variants: z.number().int().positive(),
  /** The market model the variants run on: `defaults` or the fields the spec changes (absent in plans stored before specs could name one: the defaults). */
  marketModel: z.string().optional(),
});
export type SweepPlan = z.infer<typeof SweepPlanSchema>;

export const SweepProgressSchema = z.object({
  total: z.number().int().nonnegative(),
  /** Variants with a result: already stored when the run started, plus those run since. */
  done: z.number().int().nonnegative(),
  /** Already in the results database when this run started (an earlier run or another sweep). */
  skipped: z.number().int().nonnegative(),
  /** Run by this run so far. */
  ran: z.number().int().nonnegative(),
  elapsedMs: z.number().nonnegative(),
  /** From the rate so far; null before the first variant of this run ends. */
  etaMs: z.number().nonnegative().nullable(),
});
export type SweepProgress = z.infer<typeof SweepProgressSchema>;

/** A variant among the best so far: its varied values and its metrics (null where undefined). */
export const SweepTopRowSchema = z.object({
  rank: z.number().int().positive(),
  key: z.string(),
  isBaseline: z.boolean(),
  values: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.number().nullable()),
  /** The best rank of a variant with the same daily returns, when that is another (better-ranked) one. */
  sameResultAsRank: z.number().int().positive().nullable(),
});
export type SweepTopRow = z.infer<typeof SweepTopRowSchema>;

/** What the finished sweep's analysis says of luck (`sweepVerdictSummary`); null fields: not computable. */
export const SweepVerdictSchema = z.object({
  verdict: z.string(),
  variants: z.number().int().nonnegative(),
  distinctResults: z.number().int().nonnegative(),
  bestKey: z.string().nullable(),
  deflatedSharpeRatio: z.number().nullable(),
  distinctDeflatedSharpeRatio: z.number().nullable(),
  probabilityOfOverfitting: z.number().nullable(),
  probabilityOfOosLoss: z.number().nullable(),
  walkForwardWindows: z.number().int().nonnegative(),
  walkForwardOosReturnFraction: z.number().nullable(),
});
export type SweepVerdict = z.infer<typeof SweepVerdictSchema>;

export const SweepViewSchema = z.object({
  id: JobIdSchema,
  status: SweepStatusSchema,
  /** Why it failed or stopped. */
  message: z.string().nullable(),
  /** The bundled spec's name, or null for a spec sent as JSON. */
  bundled: z.string().nullable(),
  plan: SweepPlanSchema,
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  progress: SweepProgressSchema.nullable(),
  /** The best variants so far by the spec's ranking metric, and the preset's own row when it is not among them. */
  top: z.array(SweepTopRowSchema),
  /** The HTML report and the CSV of results exist (the sweep finished). */
  reportReady: z.boolean(),
  /** The report's verdict on luck, once the sweep is done (null before, and after a resume until it is done again). */
  verdict: SweepVerdictSchema.nullable(),
});
export type SweepView = z.infer<typeof SweepViewSchema>;

export const SweepListingSchema = SweepViewSchema.omit({ top: true });
export type SweepListing = z.infer<typeof SweepListingSchema>;
export const SweepListResponseSchema = z.object({ sweeps: z.array(SweepListingSchema) });
export type SweepListResponse = z.infer<typeof SweepListResponseSchema>;

export const SweepCreatedSchema = z.object({ id: JobIdSchema, plan: SweepPlanSchema });
export type SweepCreated = z.infer<typeof SweepCreatedSchema>;

export const BundledSweepSpecsSchema = z.object({
  specs: z.array(z.object({ name: z.string(), plan: SweepPlanSchema, spec: z.unknown() })),
  /** How this server runs a sweep's variants (`alvh serve --sweep-workers`, `--sweep-worker-heap-mb`). */
  runsOn: z.object({ threads: z.number().int().positive(), workerHeapMb: z.number().int().positive().nullable() }),
});
export type BundledSweepSpecs = z.infer<typeof BundledSweepSpecsSchema>;

/** Server-sent events of a sweep. */
export const SweepProgressEventSchema = z.object({ progress: SweepProgressSchema, top: z.array(SweepTopRowSchema) });
export type SweepProgressEvent = z.infer<typeof SweepProgressEventSchema>;
export type SweepEvent =
  | { readonly event: 'progress'; readonly data: SweepProgressEvent }
  | { readonly event: 'done'; readonly data: { readonly id: string } }
  | { readonly event: 'error'; readonly data: { readonly message: string } }
  | { readonly event: 'cancelled'; readonly data: Record<string, never> };
