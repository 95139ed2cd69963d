/**
 * Every number the signal layer uses (METHODOLOGY.md section 2, plus the choices this module makes
 * where the prose is silent). Field names carry their unit: `...Bars` are trading days on the SPX axis,
 * `...Days` calendar days, `...Ratio` / `...Fraction` plain decimals, VIX levels are index points.
 */
import { z } from 'zod';
import type { EventKind } from '../history/types.js';
import { err, ok, type Result } from '../lib/result.js';

const positiveInt = z.number().int().positive();
const finite = z.number().finite();

export const VIX_REGIMES = ['calm', 'normal', 'elevated', 'high', 'extreme'] as const;
export type VixRegime = (typeof VIX_REGIMES)[number];

export const SIGNAL_EVENT_KINDS = ['fomc', 'cpi', 'ppi', 'nfp'] as const satisfies readonly EventKind[];
export type SignalEventKind = (typeof SIGNAL_EVENT_KINDS)[number];

export const signalConfigSchema = z
  .strictObject({
    macdFastPeriodBars: positiveInt.default(12),
    macdSlowPeriodBars: positiveInt.default(26),
    macdSignalPeriodBars: positiveInt.default(9),
    rsiPeriodBars: positiveInt.default(14),

    /** A swing pivot is the extreme of this many bars on each side and is known this many bars later. */
    pivotLookbackBars: positiveInt.default(5),
    /** The two pivots a divergence compares must be this far apart (inclusive). */
    divergenceMinSpacingBars: positiveInt.default(5),
    divergenceMaxSpacingBars: positiveInt.default(60),
    /** A MACD cross against the price trend confirms a divergence up to this many bars after detection. */
    confirmationWindowBars: z.number().int().nonnegative().default(5),
    /** How long a detected divergence stays "active" for the relief classifier, RSAi and the hedge. */
    divergenceActiveBars: positiveInt.default(10),
    /** Both RSI highs of a bearish failure swing must be above this level (RSI points). */
    rsiFailureSwingLevel: finite.min(0).max(100).default(60),

    /** Spike when VIX close >= this multiple of the lowest close of the previous window. */
    vixSpikeRatio: finite.gt(1).default(1.15),
    vixSpikeWindowBars: positiveInt.default(5),
    /** Ascending VIX levels (index points) separating calm | normal | elevated | high | extreme. */
    vixRegimeThresholds: z.tuple([finite, finite, finite, finite]).default([15, 20, 28, 40]),
    /** VIX / VIX3M at or above this is an inverted (backwardated) term structure. */
    vixTermInversionRatio: finite.positive().default(1),
    /**
     * A futures contract with fewer calendar days to expiry than this is skipped when picking M1: on its
     * final settlement day the front month has already settled to the morning special quotation.
     */
    futuresFrontMinDteDays: z.number().int().nonnegative().default(1),

    /** Event kinds whose proximity is reported and which open a relief-rally watch. */
    eventKinds: z.array(z.enum(SIGNAL_EVENT_KINDS)).min(1).default(['fomc', 'cpi', 'ppi']),
    /** How far (calendar days) to look for the next or last event before calling it unavailable. */
    eventSearchHorizonDays: positiveInt.default(400),

    /** Relief rally: within this many trading days after an event (event day = 0) ... */
    reliefWindowBars: z.number().int().nonnegative().default(3),
    /** ... SPX above its pre-event close and VIX down at least this fraction from its pre-event close. */
    reliefVixDropFraction: finite.gt(0).lt(1).default(0.1),
    /** Resolution: VIX below its pre-event close for this many more consecutive trading days. */
    resolutionHoldBars: positiveInt.default(5),
    /** A relief rally that has not resolved after this many trading days since the event has faded. */
    reliefMaxAgeBars: positiveInt.default(20),

    /** Realised SPX volatility window (log returns) for the RSAi vol ratio. */
    realisedVolWindowBars: positiveInt.default(20),
    rsaiBasePeriodBars: positiveInt.default(14),
    rsaiMinPeriodBars: positiveInt.default(7),
    rsaiMaxPeriodBars: positiveInt.default(28),
    /** Realised/implied vol ratio at which the RSAi period equals its base period (typical ratio). */
    rsaiNeutralVolRatio: finite.positive().default(0.8),
    /** Score points an active divergence moves the RSAi score against the trend; doubled when confirmed. */
    rsaiDivergencePoints: finite.min(0).max(100).default(20),
    /** Entry triggers when |RSAi score| is at most this (score points) ... */
    rsaiNeutralBandPoints: finite.min(0).max(100).default(20),
    /** ... and the VIX regime is one of these. */
    entryAllowedRegimes: z.array(z.enum(VIX_REGIMES)).default(['normal', 'elevated', 'high']),
    /** No entry while VIX / VIX3M is inverted (a stress episode is running). */
    entryBlockedWhenInverted: z.boolean().default(true),
  })
  .strict()
  .superRefine((c, ctx) => {
    const t = c.vixRegimeThresholds;
    for (let i = 1; i < t.length; i++) {
      if (!((t[i] ?? 0) > (t[i - 1] ?? 0))) {
        ctx.addIssue({ code: 'custom', path: ['vixRegimeThresholds'], message: 'thresholds must be strictly ascending' });
      }
    }
    if (c.macdFastPeriodBars >= c.macdSlowPeriodBars) {
      ctx.addIssue({ code: 'custom', path: ['macdFastPeriodBars'], message: 'must be below macdSlowPeriodBars' });
    }
    if (c.divergenceMinSpacingBars > c.divergenceMaxSpacingBars) {
      ctx.addIssue({ code: 'custom', path: ['divergenceMinSpacingBars'], message: 'must not exceed divergenceMaxSpacingBars' });
    }
    if (!(c.rsaiMinPeriodBars <= c.rsaiBasePeriodBars && c.rsaiBasePeriodBars <= c.rsaiMaxPeriodBars)) {
      ctx.addIssue({ code: 'custom', path: ['rsaiBasePeriodBars'], message: 'must lie within [rsaiMinPeriodBars, rsaiMaxPeriodBars]' });
    }
    if (c.reliefWindowBars >= c.reliefMaxAgeBars) {
      ctx.addIssue({ code: 'custom', path: ['reliefMaxAgeBars'], message: 'must exceed reliefWindowBars' });
    }
  });

export type SignalConfig = z.output<typeof signalConfigSchema>;
export type SignalConfigInput = z.input<typeof signalConfigSchema>;

export interface SignalConfigError {
  readonly kind: 'invalid-signal-config';
  /** One line per problem: `field.path: message`. */
  readonly issues: readonly string[];
}

export function parseSignalConfig(input: unknown): Result<SignalConfig, SignalConfigError> {
  const parsed = signalConfigSchema.safeParse(input ?? {});
  if (parsed.success) return ok(parsed.data);
  return err({
    kind: 'invalid-signal-config',
    issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
  });
}

/** The methodology defaults. */
export function defaultSignalConfig(): SignalConfig {
  return signalConfigSchema.parse({});
}
