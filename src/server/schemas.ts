/**
 * The dashboard's HTTP contract: every request's parameters and every response body, as zod schemas.
 * The server validates both directions against them, the OpenAPI description is generated from them,
 * and the web app imports their types (`import type`) so the two sides cannot drift apart.
 *
 * Responses that carry a structure the core already defines (a day's signals, a variant's summary, a
 * claim) check its outer shape here and take the core's interface as their type: the core is the one
 * place such a structure is defined, and the server only passes it through.
 */
import type { DayMarketUse } from '../chains/marketUse.js';
import { z } from 'zod';
import type { ClaimResult } from '../analysis/claims.js';
import type { VariantSummary, WindowSummary } from '../analysis/variantSummary.js';
import type { TwinDifference } from '../analysis/hedgeAttribution.js';
import type { DailySignal } from '../book/dailySignal.js';
import type { DailySignals } from '../signals/dailySignals.js';
import type { StrategyConfig } from '../strategy/config.js';
import { parseIsoDate } from '../time/day.js';

/**
 * A stress window of a variant as the API sends it: the core's summary and, for a hedged variant whose
 * twin ran beside it over the whole window, its return minus the twin's in points and the two main
 * parts of it (the hedge's P&L and the condors' return against the twin's; the rest is interest).
 */
export type BacktestWindow = WindowSummary & {
  readonly againstUnhedgedTwin?: Pick<TwinDifference, 'differenceFraction' | 'hedgeContributionFraction' | 'condorContributionFraction'>;
};

/** A calendar date as the API speaks it; checked as a real date, not only by its shape. */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => parseIsoDate(s).ok, { message: 'is not a valid calendar date' });

/** A preset's name: letters, digits, dots, dashes and underscores only, so it can never name a path. */
export const PresetNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a preset name (letters, digits, . _ -)');

/** A backtest job's id as the server issues it. */
export const JobIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a job id');

export const ErrorResponseSchema = z.object({
  error: z.string(),
  /** When the reasons belong to fields: each field's dotted path inside its request part, and why. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

// ---------------------------------------------------------------------------------------------------
// Health and data status

export const HealthResponseSchema = z.object({ ok: z.literal(true), version: z.string(), dataVersion: z.string() });
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

export const SeriesStatusSchema = z.object({
  name: z.string(),
  firstDate: z.string(),
  lastDate: z.string(),
  rows: z.number().int(),
  gapCount: z.number().int(),
  firstGaps: z.array(z.string()),
  staleTradingDays: z.number().int(),
  note: z.string().optional(),
});

export const StatusResponseSchema = z.object({
  asOf: z.string(),
  dataVersion: z.string(),
  lastDay: IsoDateSchema,
  calendar: z.string(),
  series: z.array(SeriesStatusSchema),
  missingSeries: z.array(z.string()),
  events: z.array(z.object({ kind: z.string(), coveredFrom: z.string(), coveredTo: z.string(), count: z.number().int(), unscheduled: z.number().int() })),
  warnings: z.array(z.string()),
});
export type StatusResponse = z.infer<typeof StatusResponseSchema>;

// ---------------------------------------------------------------------------------------------------
// The daily signal and the book

/** The body of `POST /api/signal`: the day (default: the last day of data) and the book's preset. */
export const SignalRequestSchema = z.strictObject({
  date: IsoDateSchema.optional(),
  preset: PresetNameSchema.optional(),
  /** Also the same book's signal on every bundled market model config (presets/model), as what-ifs. */
  acrossModels: z.boolean().optional(),
});
export type SignalRequest = z.infer<typeof SignalRequestSchema>;

/** What `alvh signal --json` prints. */
/** See DayMarketUse in src/chains/marketUse.ts. */
const DayMarketUseSchema = z.custom<DayMarketUse>((v) => typeof v === 'object' && v !== null && typeof (v as { spxOptions?: unknown }).spxOptions === 'string', 'must be a market use');

/** The day's calibration of the market model (DayCalibration), as the signal reports it. */
export const DayCalibrationSchema = z.object({
  tenors: z.array(
    z.object({
      tenor: z.enum(['vix9d', 'vix', 'vix3m', 'vix6m']),
      index: z.string(),
      tenorDays: z.number(),
      source: z.enum(['observed', 'futures', 'mean-reversion']),
      targetPercent: z.number(),
      modelPercent: z.number(),
      residualVolPoints: z.number(),
      atmVolPercent: z.number(),
      raisedForCalendar: z.boolean(),
    }),
  ),
  largestPublishedResidualVolPoints: z.number().nullable(),
  skew: z.object({
    source: z.enum(['skew', 'skew-at-bound', 'no-skew', 'fixed']),
    skewLevel: z.number(),
    targetSkew: z.number().nullable(),
    medianWindowTradingDays: z.number().int(),
    modelSkew: z.number().nullable(),
    residualSkewPoints: z.number().nullable(),
  }),
  vixOptions: z
    .object({ targetVvixPercent: z.number(), vvixFromFallback: z.boolean(), modelVvixPercent: z.number(), residualVvixPoints: z.number(), atmVol30Percent: z.number() })
    .nullable(),
  notes: z.array(z.string()),
});

/** The strategy a book view follows: a bundled preset, a config file (`alvh serve --strategy-config`) or the config the book kept with its latest state. */
export const StrategySummarySchema = z.object({
  name: z.string(),
  source: z.enum(['bundled preset', 'config file', 'config kept in the book']),
  file: z.string().optional(),
  configSha256: z.string(),
  description: z.string(),
  /** Set on a signal that replays a day before a strategy switch: the strategy the book follows now (the signal ran under `name`, the one it followed then). */
  bookNowFollows: z.string().optional(),
  /** Set on a signal whose base state was made under another config of this strategy (a preset shipped since with other numbers, or an edited file): the rules that differ, or why they cannot be shown. */
  rulesChangedSinceState: z
    .object({
      stateId: z.number().int(),
      day: IsoDateSchema,
      stateConfigSha256: z.string(),
      differences: z.array(z.object({ field: z.string(), was: z.string(), now: z.string() })).nullable(),
      why: z.string().optional(),
    })
    .optional(),
});

export const SignalResponseSchema = z.object({
  /** The strategy that made the signal. */
  strategy: StrategySummarySchema.optional(),
  staleness: z.object({
    lastDataDay: IsoDateSchema,
    /** Why the usable data ends on lastDataDay: the series that ends first (the VIX futures, for a hedged preset, when SPX runs later). */
    lastDataReason: z.string(),
    calendarDaysBeforeLastData: z.number().int(),
    lastDataCalendarDaysBeforeToday: z.number().int(),
    /** Whether the last data day is more than `staleAfterCalendarDays` before today: then this is not today's signal. */
    stale: z.boolean(),
    staleAfterCalendarDays: z.number().int(),
  }),
  dataVersion: z.string(),
  book: z.object({ baseStateId: z.number().int(), baseDay: z.string().nullable(), unsteppedTradingDays: z.number().int(), laterState: z.object({ id: z.number().int(), day: IsoDateSchema }).nullable() }),
  journal: z.enum(['new', 'reproduced', 'changed']),
  /** With journal 'changed': the build whose different signal for the same key the journal holds. */
  journalEarlier: z.object({ alvhVersion: z.string(), codeVersion: z.string() }).nullable(),
  signal: z.custom<DailySignal>((v) => typeof v === 'object' && v !== null && typeof (v as { date?: unknown }).date === 'string', 'must be a daily signal'),
  /** Which market the signal's figures came from (the user's chains on a day they quote, else the model). */
  market: DayMarketUseSchema.optional(),
  /** The market model the model prices came from: `defaults`, or a config file and the fields it changes. */
  marketModel: z.object({ source: z.string(), changes: z.array(z.string()) }).optional(),
  /** How the market model was calibrated on the day: each target against the model's own index, and what stood in (src/market/dayCalibration.ts). */
  modelCalibration: DayCalibrationSchema.optional(),
  /** With `acrossModels`: the signal on each other bundled model config and what differs (src/book/signalAcrossModels.ts). */
  acrossModels: z
    .array(
      z.object({
        model: z.string(),
        sameActions: z.boolean(),
        sameTrades: z.boolean(),
        actionChanges: z.array(z.string()),
        tradeChanges: z.array(z.string()),
        decisions: z.array(z.custom<DailySignal['decisions'][number]>((v) => typeof v === 'object' && v !== null, 'must be a decision')),
        trades: z.array(z.custom<DailySignal['trades'][number]>((v) => typeof v === 'object' && v !== null, 'must be a trade')),
      }),
    )
    .optional(),
});
export type SignalResponse = z.infer<typeof SignalResponseSchema>;

export const BookGreeksSchema = z.object({
  equityUsd: z.number(),
  cashUsd: z.number(),
  spxDeltaUsdPerPoint: z.number(),
  spxGammaUsdPerPoint2: z.number(),
  spxVegaUsdPerVolPoint: z.number(),
  thetaUsdPerDay: z.number(),
  hedgeUsdPerVixPoint: z.number(),
  condorUsdPerVixPoint: z.number(),
  hedgeRatio: z.number().nullable(),
  openCondors: z.number().int(),
  hedgeLayers: z.number().int(),
  /** A pre-FOMC seed's VIX exposure while one is held, outside hedgeUsdPerVixPoint and the ratio. */
  seedUsdPerVixPoint: z.number().optional(),
});
export type BookGreeks = z.infer<typeof BookGreeksSchema>;

export const BookPositionSchema = z.object({
  id: z.string(),
  group: z.string(),
  role: z.enum(['condor', 'hedge']),
  leg: z.string(),
  layer: z.number().int().nullable(),
  description: z.string(),
  underlying: z.enum(['SPX', 'VIX']),
  type: z.enum(['call', 'put', 'future']),
  strike: z.number(),
  expiry: IsoDateSchema,
  dteDays: z.number().int(),
  /** Signed contracts: positive long, negative short. */
  quantity: z.number(),
  entryDate: IsoDateSchema,
  entryPricePoints: z.number(),
  markPricePoints: z.number(),
  /** Contract multiplier, USD per index point (SPX/VIX options 100, VIX futures 1000). */
  multiplierUsd: z.number(),
  openPnlUsd: z.number(),
  /** The position's own Greeks in dollars: per point of its underlying, per point squared, per vol point, per day. */
  deltaUsdPerPoint: z.number(),
  gammaUsdPerPoint2: z.number(),
  vegaUsdPerVolPoint: z.number(),
  thetaUsdPerDay: z.number(),
  /** Mark-to-model P&L since the previous trading day (since entry for a position opened that day); null when unknown. */
  dayPnlUsd: z.number().nullable(),
});
export type BookPosition = z.infer<typeof BookPositionSchema>;

export const BookQuerySchema = z.strictObject({ date: IsoDateSchema.optional(), preset: PresetNameSchema.optional() });
export type BookQuery = z.infer<typeof BookQuerySchema>;

const finiteNonNegative = z.number().finite().min(0);
const PositionIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be a position id');

export const BookAcceptRequestSchema = z.strictObject({
  date: IsoDateSchema.optional(),
  preset: PresetNameSchema.optional(),
  /** The fills actually obtained, by the position id the signal's trades name; others at the model's price. */
  fills: z.array(z.strictObject({ positionId: PositionIdSchema, pricePoints: finiteNonNegative, feesUsd: finiteNonNegative.optional() })).max(64).default([]),
});

export const BookAcceptResponseSchema = z.object({
  stateId: z.number().int(),
  date: IsoDateSchema,
  trades: z.array(z.object({ positionId: z.string(), description: z.string(), quantity: z.number(), pricePoints: z.number(), feesUsd: z.number() })),
});
export type BookAcceptResponse = z.infer<typeof BookAcceptResponseSchema>;

export const UserPositionSchema = z.strictObject({
  date: IsoDateSchema.optional(),
  group: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be a group name (letters, digits, _ -)'),
  role: z.enum(['condor', 'hedge']),
  leg: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be a leg name (letters, digits, _ -)'),
  underlying: z.enum(['SPX', 'VIX']).optional(),
  type: z.enum(['call', 'put', 'future']),
  strike: z.number().finite().positive().optional(),
  expiry: IsoDateSchema,
  settlement: z.enum(['AM', 'PM']).default('AM'),
  quantity: z.number().int().refine((n) => n !== 0, 'must not be zero'),
  pricePoints: finiteNonNegative,
  feesUsd: finiteNonNegative.optional(),
  layer: z.number().int().min(1).optional(),
});
export type UserPosition = z.infer<typeof UserPositionSchema>;

export const BookAddRequestSchema = z.strictObject({
  preset: PresetNameSchema.optional(),
  /** One leg, or a whole condor's four legs at once (all or none). */
  positions: z.array(UserPositionSchema).min(1).max(16),
});

export const BookEditResponseSchema = z.object({ stateId: z.number().int(), positionIds: z.array(z.string()) });
export type BookEditResponse = z.infer<typeof BookEditResponseSchema>;

/** Hand the book to another strategy: a bundled preset, or without one the server's `--strategy-config`. */
export const BookSwitchRequestSchema = z.strictObject({ preset: PresetNameSchema.optional() });
export const BookSwitchResponseSchema = z.object({
  stateId: z.number().int(),
  /** The day of the state the switch was stored on: the book's latest state's. */
  date: IsoDateSchema,
  from: z.object({ name: z.string(), configSha256: z.string() }),
  to: StrategySummarySchema,
  /** The fields `to` sets otherwise than the config the book followed (name and description left out), or null with `why` when that config cannot be read. */
  rulesThatChange: z.object({ differences: z.array(z.object({ field: z.string(), was: z.string(), now: z.string() })).nullable(), why: z.string().optional() }),
});
export type BookSwitchResponse = z.infer<typeof BookSwitchResponseSchema>;

export const BookCloseParamsSchema = z.strictObject({ id: PositionIdSchema });
export const BookCloseRequestSchema = z.strictObject({
  preset: PresetNameSchema.optional(),
  date: IsoDateSchema.optional(),
  pricePoints: finiteNonNegative,
  contracts: z.number().int().positive().optional(),
  feesUsd: finiteNonNegative.optional(),
});

export const BrokerImportRequestSchema = z.strictObject({
  preset: PresetNameSchema.optional(),
  format: z.enum(['ibkr-flex', 'tastytrade', 'schwab', 'thinkorswim']),
  /** The file's name, for error messages only: nothing is read from or written to it. */
  fileName: z.string().min(1).max(200),
  text: z.string().min(1),
  /** false: only reconcile (what is new, what is in the book, what is missing); true: also write the new groups. */
  commit: z.boolean(),
});

export const BrokerImportResponseSchema = z.object({
  groups: z.array(z.object({ group: z.string(), role: z.enum(['condor', 'hedge']), status: z.enum(['new', 'in-book']), lines: z.array(z.number().int()), legs: z.array(z.string()) })),
  missingFromFile: z.array(z.object({ positionId: z.string(), group: z.string(), description: z.string() })),
  closingTrades: z.array(z.object({ line: z.number().int(), description: z.string() })),
  summary: z.array(z.string()),
  /** The book state written, or null when nothing was (a reconciliation only, or nothing new). */
  stateId: z.number().int().nullable(),
  positionIds: z.array(z.string()),
});
export type BrokerImportResponse = z.infer<typeof BrokerImportResponseSchema>;

export const TriggerDistanceSchema = z.object({
  trigger: z.string(),
  group: z.string().nullable(),
  rule: z.string(),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  upper: z.number().nullable(),
  remaining: z.number().nullable(),
  unit: z.enum(['delta', 'fraction', 'days', 'ratio', 'trading days']),
  active: z.boolean(),
});
/**
 * The book's latest state when it is dated after the marked day: what the day's marks leave out (the
 * marks value the state in force at that day's close), with a trader's line saying why.
 */
export const LaterBookStateSchema = z.object({ id: z.number().int(), day: IsoDateSchema, note: z.string() }).nullable();
export const BookTriggersResponseSchema = z.object({ date: IsoDateSchema.nullable(), laterState: LaterBookStateSchema.optional(), triggers: z.array(TriggerDistanceSchema) });
export type BookTriggersResponse = z.infer<typeof BookTriggersResponseSchema>;

/** Index units held beside the options (an underlying leg's SPX units, layer 1's VIX-futures fund), marked on the day. */
export const BookHoldingSchema = z.object({
  id: z.string(),
  group: z.string(),
  role: z.enum(['condor', 'hedge']),
  index: z.enum(['SPX', 'VIX-ST-FUTURES']),
  description: z.string(),
  units: z.number(),
  /** The index's level (SPX close, or the fund's price), points; 1 USD per point per unit. */
  levelPoints: z.number(),
  /** The day that level is from; null when the fund kept its stored price (no price path to step). */
  levelDate: IsoDateSchema.nullable(),
  valueUsd: z.number(),
  spxDeltaUsdPerPoint: z.number(),
  vixExposureUsdPerPoint: z.number(),
});
export type BookHolding = z.infer<typeof BookHoldingSchema>;

export const BookResponseSchema = z.object({
  /** The market day the marks are from; null for an empty book. */
  date: IsoDateSchema.nullable(),
  /** The stored state the book is read from; null for an empty book. */
  stateId: z.number().int().nullable(),
  bookDay: z.string().nullable(),
  /** Null when the marks cover the latest state; absent for an empty book. */
  laterState: LaterBookStateSchema.optional(),
  positions: z.array(BookPositionSchema),
  holdings: z.array(BookHoldingSchema),
  greeks: BookGreeksSchema.nullable(),
  /** Which market the marks came from; absent for an empty book. */
  market: DayMarketUseSchema.optional(),
  /** The strategy the book follows, and the SHA-256 of the config the state shown was made under (null for an empty book or a day before its first state): another hash than the strategy's means an edited config or a preset changed with alvh. */
  /** `stateStrategy`: the strategy the state shown was made under, by name (another before a switch); `rulesChangedSinceState`: that state made under other rules of this strategy. */
  strategy: StrategySummarySchema.extend({ stateConfigSha256: z.string().nullable(), stateStrategy: z.string().nullable() }),
});
export type BookResponse = z.infer<typeof BookResponseSchema>;

export const BookRiskResponseSchema = z.object({
  date: IsoDateSchema,
  state: z.number().int(),
  laterState: LaterBookStateSchema,
  spxClose: z.number(),
  vixClose: z.number(),
  openPnlUsd: z.number(),
  grid: z.array(
    z.object({
      spxMoveFraction: z.number(),
      vixShiftPoints: z.number(),
      spxLevel: z.number(),
      vixLevel: z.number(),
      condorPnlUsd: z.number(),
      hedgePnlUsd: z.number(),
      totalPnlUsd: z.number(),
    }),
  ),
  breakEvenSpxLevels: z.array(z.number()),
  breakEvenVolShiftPoints: z.array(z.number()),
});
export type BookRiskResponse = z.infer<typeof BookRiskResponseSchema>;

export const PayoffCurveSchema = z.object({
  /** Spot VIX shift the curve assumes, VIX points (0 = unchanged). */
  vixShiftPoints: z.number(),
  vixLevel: z.number(),
  /** Book P&L against entry at each SPX level, USD, with the market repriced today (same index as `spxLevels`). */
  todayPnlUsd: z.array(z.number()),
});

export const BookPayoffResponseSchema = z.object({
  date: IsoDateSchema,
  state: z.number().int(),
  laterState: LaterBookStateSchema,
  spxClose: z.number(),
  vixClose: z.number(),
  spxLevels: z.array(z.number()),
  /** P&L against entry at the nearest expiry of the condors, USD (intrinsic values), per SPX level. */
  expiryPnlUsd: z.array(z.number()),
  expiry: IsoDateSchema,
  curves: z.array(PayoffCurveSchema),
  /** The last expiry of the book's open positions: the date slider's end. */
  lastExpiry: IsoDateSchema,
  /**
   * P&L against entry at dates from today to the last expiry, VIX unchanged, the market model carried
   * forward (sticky-strike SPX vols, VIX options on their futures): the first is today, the last the
   * last expiry. Per SPX level, USD.
   */
  dateCurves: z.array(z.object({ date: IsoDateSchema, daysFromToday: z.number().int().min(0), pnlUsd: z.array(z.number()) })),
});
export type BookPayoffResponse = z.infer<typeof BookPayoffResponseSchema>;

// ---------------------------------------------------------------------------------------------------
// Term structure

export const TermStructureQuerySchema = z.strictObject({ date: IsoDateSchema.optional() });

export const TermStructureCurveSchema = z.object({
  label: z.enum(['today', '1 week ago', '1 month ago']),
  day: IsoDateSchema,
  futures: z.array(z.object({ contract: z.string(), expiry: IsoDateSchema, dteDays: z.number().int(), settle: z.number() })),
  vixFamily: z.object({ vix9d: z.number().nullable(), vix: z.number().nullable(), vix3m: z.number().nullable(), vix6m: z.number().nullable() }),
});
export type TermStructureCurve = z.infer<typeof TermStructureCurveSchema>;

export const TermStructureResponseSchema = z.object({
  day: IsoDateSchema,
  curves: z.array(TermStructureCurveSchema),
  contango: z.object({
    /** (M2 - M1) / M1 of the futures, decimal; null without two contracts. */
    frontToSecond: z.number().nullable(),
    /** VIX / VIX3M; above 1 the spot curve is inverted. */
    vixToVix3m: z.number().nullable(),
  }),
  /** The last two years of VIX/VIX3M up to the day. */
  vixToVix3mHistory: z.array(z.object({ date: IsoDateSchema, value: z.number() })),
  /** The previous trading day, the reference of each contract's change. */
  previousDay: IsoDateSchema.nullable(),
  /** The curve as vixcentral shows it: spot VIX first, then each contract month. */
  months: z.array(
    z.object({
      /** "VIX" for spot, else the contract month ("Mar 2020"). */
      label: z.string(),
      contract: z.string().nullable(),
      expiry: IsoDateSchema.nullable(),
      dteDays: z.number().int(),
      level: z.number(),
      /** Level change since the previous trading day (same contract), points; null when it did not trade then. */
      changePoints: z.number().nullable(),
      /** Over the previous point of the curve (spot for the front month), decimal: the month-to-month contango. */
      contangoFraction: z.number().nullable(),
      /** (settle - spot) / DTE: how much the contract rolls toward spot per calendar day if spot stays, points; null for spot. */
      rollYieldPointsPerDay: z.number().nullable(),
    }),
  ),
});
export type TermStructureResponse = z.infer<typeof TermStructureResponseSchema>;

// ---------------------------------------------------------------------------------------------------
// Signals over a range

export const SignalsQuerySchema = z.strictObject({ from: IsoDateSchema.optional(), to: IsoDateSchema.optional() });

export const SpxBarSchema = z.object({ date: IsoDateSchema, open: z.number(), high: z.number(), low: z.number(), close: z.number() });
export type SpxBar = z.infer<typeof SpxBarSchema>;

export const MarketEventSchema = z.object({ date: IsoDateSchema, kind: z.string() });

export const SignalsResponseSchema = z.object({
  from: IsoDateSchema,
  to: IsoDateSchema,
  days: z.array(z.custom<DailySignals>((v) => typeof v === 'object' && v !== null && typeof (v as { date?: unknown }).date === 'string', 'must be a day of signals')),
  spx: z.array(SpxBarSchema),
  events: z.array(MarketEventSchema),
});
export type SignalsResponse = z.infer<typeof SignalsResponseSchema>;

// ---------------------------------------------------------------------------------------------------
// Presets and backtests

export const PresetsResponseSchema = z.object({
  presets: z.array(z.object({ name: z.string(), config: z.custom<StrategyConfig>((v) => typeof v === 'object' && v !== null, 'must be a strategy config') })),
  /** The strategy config file the server was started with (`alvh serve --strategy-config`), or null. */
  serverStrategy: z.object({ name: z.string(), configSha256: z.string(), description: z.string() }).nullable(),
});
export type PresetsResponse = z.infer<typeof PresetsResponseSchema>;

export const BacktestRequestSchema = z.strictObject({
  /** Presets run as they are. */
  presets: z.array(PresetNameSchema).max(8).default([]),
  /**
   * Strategy configs edited on the page, each validated as `StrategyConfigSchema` (GET
   * /api/strategy-config/schema describes it); a config's `name` names its variant.
   */
  configs: z.array(z.record(z.string(), z.unknown())).max(4).default([]),
  from: IsoDateSchema,
  to: IsoDateSchema.optional(),
  /**
   * Also run the same variants over the same days on every other bundled market model config
   * (presets/model) and line them up (as `alvh backtest --across-models`); a request cannot name files.
   */
  acrossModels: z.boolean().default(false),
});
export type BacktestRequest = z.infer<typeof BacktestRequestSchema>;

/** The strategy config's JSON Schema (draft 2020-12, input side: every default given), generated from its zod schema. */
export const StrategyConfigSchemaResponseSchema = z.object({ schema: z.record(z.string(), z.unknown()) });
export type StrategyConfigSchemaResponse = z.infer<typeof StrategyConfigSchemaResponseSchema>;

export const BacktestCreatedSchema = z.object({ id: JobIdSchema });
export type BacktestCreated = z.infer<typeof BacktestCreatedSchema>;

export const BacktestIdParamsSchema = z.strictObject({ id: JobIdSchema });

/** Server-sent events of a job, by event name. */
export const BacktestProgressEventSchema = z.object({ variant: z.string(), doneDays: z.number().int(), totalDays: z.number().int() });
export const BacktestDoneEventSchema = z.object({ id: JobIdSchema });
export const BacktestErrorEventSchema = z.object({ message: z.string() });
export type BacktestProgressEvent = z.infer<typeof BacktestProgressEventSchema>;
export type BacktestEvent =
  | { readonly event: 'progress'; readonly data: BacktestProgressEvent }
  | { readonly event: 'done'; readonly data: z.infer<typeof BacktestDoneEventSchema> }
  | { readonly event: 'error'; readonly data: z.infer<typeof BacktestErrorEventSchema> }
  | { readonly event: 'cancelled'; readonly data: Record<string, never> };

export const BacktestStatusSchema = z.enum(['running', 'done', 'error', 'cancelled']);
export type BacktestStatus = z.infer<typeof BacktestStatusSchema>;

/** One point of an equity curve: [date, equity USD, drawdown from the running peak as a negative decimal]. */
export const EquityPointSchema = z.tuple([IsoDateSchema, z.number(), z.number()]);

const summaryCheck = (v: unknown) => typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string';
const claimCheck = (v: unknown) => typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'number';

/**
 * The same variants on other market models (src/analysis/acrossModels.ts): each model's headline
 * figures by variant (the run's own model first), each hedged variant's gap to its unhedged twin by
 * model, and one verdict sentence per hedged variant.
 */
export const BacktestAcrossModelsSchema = z.object({
  runs: z.array(
    z.object({
      model: z.string(),
      variants: z.array(z.object({ name: z.string(), cagrFraction: z.number(), maxDrawdownFraction: z.number(), sharpeRatio: z.number().optional() })),
    }),
  ),
  twins: z.array(
    z.object({
      hedged: z.string(),
      twin: z.string(),
      /** Hedged minus twin, in fractions (0.01 = one point a year), by model in the order of runs. */
      cagrGapByModel: z.array(z.number()),
      maxDrawdownGapByModel: z.array(z.number()),
      modelsTrailing: z.number().int(),
      modelsLeading: z.number().int(),
      verdict: z.enum(['trails on every model', 'leads on every model', 'depends on the model']),
    }),
  ),
  verdicts: z.array(z.string()),
});
export type BacktestAcrossModels = z.infer<typeof BacktestAcrossModelsSchema>;

export const BacktestResultResponseSchema = z.object({
  id: JobIdSchema,
  status: BacktestStatusSchema,
  presets: z.array(z.string()),
  /** Present while running: the latest progress. */
  progress: BacktestProgressEventSchema.nullable(),
  /** Present on error. */
  message: z.string().nullable(),
  period: z.object({ from: IsoDateSchema, to: IsoDateSchema, endReason: z.string() }).nullable(),
  summaries: z.array(z.custom<VariantSummary>(summaryCheck, 'must be a variant summary')),
  claims: z.array(z.custom<ClaimResult>(claimCheck, 'must be a claim result')),
  /** Per variant, thinned to at most 1500 points, the first and last days always kept. */
  equity: z.record(z.string(), z.array(EquityPointSchema)),
  /** Per variant, closed hedge layers' P&L by layer name, USD. */
  hedgeByLayer: z.record(z.string(), z.record(z.string(), z.number())),
  /** Per variant, the stress windows; a hedged variant's also against its unhedged twin, when the run holds the twin. */
  windows: z.record(z.string(), z.array(z.custom<BacktestWindow>((v) => typeof v === 'object' && v !== null, 'must be a window summary'))),
  /** SPX and CNDR over the run, rebased to the starting equity, on the equity curve's dates: [date, USD]. */
  benchmarks: z.record(z.string(), z.array(z.tuple([IsoDateSchema, z.number()]))),
  /** When the run was asked for (ISO timestamp). */
  createdAt: z.string().nullable(),
  from: IsoDateSchema.nullable(),
  to: IsoDateSchema.nullable(),
  /** Per variant, the fully resolved config it ran with (empty for runs kept from before configs were recorded). */
  configs: z.record(z.string(), z.custom<StrategyConfig>((v) => typeof v === 'object' && v !== null, 'must be a strategy config')),
  /** The market model the run priced on (`defaults`, or the server's --model-config file and the fields it changes); null while running and for runs kept from before it was recorded. */
  marketModel: z.object({ source: z.string(), changes: z.array(z.string()) }).nullable(),
  /** With `acrossModels` in the request: the same variants on the other bundled models; null otherwise, while running, and for runs kept from before. */
  acrossModels: BacktestAcrossModelsSchema.nullable(),
  /** What the market model rested on over the run (the report's section of that name); null while running and for runs kept from before. */
  modelInputs: z
    .object({
      modelDays: z.number().int(),
      daysWithoutModel: z.number().int(),
      rows: z.array(z.object({ input: z.string(), source: z.string(), days: z.number().int(), firstDay: IsoDateSchema, lastDay: IsoDateSchema })),
      /** How closely the published VIX-family indexes were reproduced, in one sentence. */
      residual: z.string(),
    })
    .nullable(),
});
export type BacktestResultResponse = z.infer<typeof BacktestResultResponseSchema>;

export const BacktestListResponseSchema = z.object({
  runs: z.array(z.object({ id: JobIdSchema, presets: z.array(z.string()), from: IsoDateSchema, to: IsoDateSchema.nullable(), createdAt: z.string(), status: BacktestStatusSchema, message: z.string().nullable() })),
});
export type BacktestListResponse = z.infer<typeof BacktestListResponseSchema>;

export const DecisionsQuerySchema = z.strictObject({
  variant: z.string().min(1).max(64),
  q: z.string().max(200).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type DecisionsQuery = z.infer<typeof DecisionsQuerySchema>;

export const DecisionRowSchema = z.object({
  date: IsoDateSchema,
  action: z.string(),
  rule: z.string(),
  reason: z.string(),
  group: z.string().nullable(),
  figures: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
});
export type DecisionRow = z.infer<typeof DecisionRowSchema>;

export const DecisionsResponseSchema = z.object({ variant: z.string(), total: z.number().int(), offset: z.number().int(), limit: z.number().int(), decisions: z.array(DecisionRowSchema) });
export type DecisionsResponse = z.infer<typeof DecisionsResponseSchema>;

// ---------------------------------------------------------------------------------------------------
// Validation

/** One of the SVG charts `alvh validate` writes beside its report (charts/<section>-<chart>.svg), with its section. */
export const ValidationChartSchema = z.object({ sectionId: z.string(), id: z.string(), title: z.string(), svg: z.string() });
export type ValidationChart = z.infer<typeof ValidationChartSchema>;

/** What POST /api/validation asks for: the exam on the server's model, and with `acrossModels` on every bundled model config too. */
export const ValidationStartRequestSchema = z.strictObject({
  /** Also run the exam on every bundled market model config (presets/model), as `alvh validate --across-models`; a request cannot name files. */
  acrossModels: z.boolean().default(false),
});
export type ValidationStartRequest = z.infer<typeof ValidationStartRequestSchema>;

export const ValidationResponseSchema = z.union([
  z.object({ status: z.literal('idle') }),
  /** `acrossModels`: the run is the exam on every bundled model (a minute or two). */
  z.object({ status: z.literal('running'), startedAt: z.string(), acrossModels: z.boolean() }),
  z.object({ status: z.literal('error'), message: z.string() }),
  z.object({ status: z.literal('ready'), report: z.record(z.string(), z.unknown()), charts: z.array(ValidationChartSchema) }),
]);
export type ValidationResponse = z.infer<typeof ValidationResponseSchema>;
