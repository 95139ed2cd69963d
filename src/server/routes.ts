/**
 * Every route of the API with its schemas. The app registers them and validates each request and
 * response against these schemas; the OpenAPI description is generated from the same table.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { acceptSignal, addPositions, bookAsOf, bookIsEmpty, closePosition, configHash, currentBook, issueSignal, rulesChangedSinceState, switchStrategy, type BookContext } from '../book/bookService.js';
import { bundledOtherModels } from '../cli/modelConfigOption.js';
import { describeTrade, emptyBookSnapshot, notClosableByHand, type UserOpenFill } from '../book/bookState.js';
import { bookForImport, BrokerImportError, describePlan, planBrokerImport, type BrokerImportPlan } from '../book/brokers/index.js';
import { markIndexHoldings, storedFundOn } from '../book/holdings.js';
import { bookRisk, RiskScenarioConfigSchema } from '../book/scenarios.js';
import { issuedStrategySummary, signalDay, strategySummary, withBook, type BookChainSettings, type BookCommandDeps, type BookMarketInfo } from '../cli/commands/bookContext.js';
import { signalOnOtherModels, signalReport } from '../cli/commands/signal.js';
import type { ModelConfigChoice } from '../cli/modelConfigOption.js';
import { cliTradingCalendar } from '../cli/tradingCalendar.js';
import type { LoadedHistory } from '../data/loadHistory.js';
import { defaultTapeSettings, marketTapeSettingsHash } from '../tape/marketTape.js';
import { openMarketTape, type OpenedTape } from '../tape/tapeCache.js';
import { listPresets, loadPreset, presetNameClash } from '../data/presets.js';
import { buildDataStatus } from '../data/status/dataStatus.js';
import { backtestSpan, BacktestRangeError } from '../engine/backtestJob.js';
import type { MarketHistory } from '../history/types.js';
import type { CountTradingDays } from '../signals/events.js';
import { parseStrategyConfig, StrategyConfigError, StrategyConfigSchema, type StrategyConfig } from '../strategy/config.js';
import { dayFromIso, isoFromDay, type DayNumber } from '../time/day.js';
import { searchDecisions } from './backtestDigest.js';
import type { BacktestJobs } from './backtestJobs.js';
import { bookPayoff, markBook, openPositionsOn } from './bookViews.js';
import type { DashboardConfig } from './config.js';
import type { SweepJobs } from './sweepJobs.js';
import { sweepRoutes } from './sweepRoutes.js';
import { streamJobEvents } from './eventStream.js';
import { badRequest, HttpError, notFound } from './httpError.js';
import { signalsView, termStructureView } from './marketViews.js';
import {
  BacktestCreatedSchema,
  BacktestListResponseSchema,
  BacktestIdParamsSchema,
  BacktestRequestSchema,
  BacktestResultResponseSchema,
  BrokerImportRequestSchema,
  BrokerImportResponseSchema,
  BookAcceptRequestSchema,
  BookSwitchRequestSchema,
  BookSwitchResponseSchema,
  BookAcceptResponseSchema,
  BookAddRequestSchema,
  BookCloseParamsSchema,
  BookCloseRequestSchema,
  BookEditResponseSchema,
  BookTriggersResponseSchema,
  BookPayoffResponseSchema,
  BookQuerySchema,
  BookResponseSchema,
  BookRiskResponseSchema,
  DecisionsQuerySchema,
  DecisionsResponseSchema,
  ErrorResponseSchema,
  HealthResponseSchema,
  PresetsResponseSchema,
  SignalRequestSchema,
  SignalResponseSchema,
  SignalsQuerySchema,
  SignalsResponseSchema,
  StatusResponseSchema,
  StrategyConfigSchemaResponseSchema,
  TermStructureQuerySchema,
  TermStructureResponseSchema,
  ValidationResponseSchema,
  ValidationStartRequestSchema,
  type BacktestEvent,
  type BacktestResultResponse,
  type UserPosition,
} from './schemas.js';
import { triggerDistances } from './triggerDistances.js';
import type { ValidationRun } from './validationRun.js';

export interface ServerDeps {
  readonly version: string;
  /** The market history; the app loads it once and keeps it. */
  readonly loadHistory: () => Promise<LoadedHistory>;
  /** The SQLite book the signal and book pages read (and the signal journals to). */
  readonly bookPath: string;
  /** Today, for how stale the data is. */
  readonly today: () => DayNumber;
  readonly countTradingDays: CountTradingDays;
  readonly jobs: BacktestJobs;
  readonly sweeps: SweepJobs;
  readonly validation: ValidationRun;
  readonly config: DashboardConfig;
  /** The user's chain store: the signal and book views price on it for the days it quotes; without it, the model. */
  readonly chainMarket?: () => BookChainSettings;
  /** The market tape's cache folder; without it the server keeps its tape in memory only. */
  readonly tapeCacheDir?: string;
  /** The market model the signal and book views price on (`alvh serve --model-config`); without it, the defaults. */
  readonly model?: ModelConfigChoice;
  /** The strategy the book views follow when a request names no preset (`alvh serve --strategy-config`); without it, the book's own (a preset, or the config the book kept). */
  readonly strategy?: StrategyConfig;
}

export interface RouteInput {
  readonly query: unknown;
  readonly params: unknown;
  readonly body: unknown;
}

export interface RouteResult {
  readonly status: number;
  readonly body: unknown;
}

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly summary: string;
  readonly query?: z.ZodType;
  readonly params?: z.ZodType;
  readonly body?: z.ZodType;
  /** Response schemas by status; every route may also answer 4xx with ErrorResponseSchema. */
  readonly responses: Readonly<Record<number, z.ZodType>>;
  /** A larger body limit than the server's, bytes (a broker file). */
  readonly bodyLimitBytes?: number;
  /** Server-sent events instead of JSON. */
  readonly eventStream?: boolean;
  readonly handle: (input: RouteInput, reply: FastifyReply) => Promise<RouteResult | undefined>;
}

/** Parses a request part, turning zod's issues into one 400 naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: 'query' | 'path' | 'body'): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const reasons = parsed.error.issues.map((i) => {
    const field = i.path.length > 0 ? i.path.join('.') : part;
    if (i.code === 'unrecognized_keys') return `${part}: unknown field(s) ${i.keys.join(', ')}`;
    return `${part} ${field}: ${i.message}`;
  });
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}` : i.message }));
  throw badRequest(reasons.join('; '), issues);
}

const ok = (body: unknown): RouteResult => ({ status: 200, body });
const dayOf = (iso: string | undefined) => (iso === undefined ? undefined : dayFromIso(iso));

function knownPreset(name: string): string {
  if (!listPresets().includes(name)) throw badRequest(`preset '${name}' is unknown; known presets: ${listPresets().join(', ')}`);
  return name;
}

/**
 * A config edited on the page, validated as a preset file is (the same strict schema and cross-field
 * rules); each reason is a field issue under `configs.<i>.`, so a form can show it beside its field.
 */
function editedConfig(raw: unknown, index: number): StrategyConfig {
  try {
    return parseStrategyConfig(raw, `body configs.${index}`);
  } catch (error) {
    if (!(error instanceof StrategyConfigError)) throw error;
    const issues = error.issues.map((i) => ({ path: `configs.${index}${i.path ? `.${i.path}` : ''}`, message: i.message }));
    throw badRequest(issues.map((i) => `body ${i.path}: ${i.message}`).join('; '), issues);
  }
}

let jsonSchema: Record<string, unknown> | undefined;
/** Generated once: the schema is fixed for the server's life. */
function strategyConfigJsonSchema(): Record<string, unknown> {
  return (jsonSchema ??= z.toJSONSchema(StrategyConfigSchema, { io: 'input' }) as Record<string, unknown>);
}

/** The book's day for a request's date (the last usable day without one); a bad one is a 400 naming `date`. */
const requestDay = (ctx: { history: MarketHistory; config: StrategyConfig }, iso: string | undefined) => signalDay(ctx.history, ctx.config, iso, 'date');

export function buildRoutes(deps: ServerDeps): RouteSpec[] {
  let loaded: Promise<LoadedHistory> | undefined;
  const history = () => (loaded ??= deps.loadHistory().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  }));
  // One market tape of the server's own model for every request on the loaded history: each day
  // calibrated once, the signals once. Another model's tape (a comparison across models) is read for
  // its request only, so that it never pushes the server's own out.
  const ownSettingsHash = marketTapeSettingsHash(defaultTapeSettings(deps.model?.config));
  let served: { readonly history: MarketHistory; readonly opened: OpenedTape } | undefined;
  const bookDeps: BookCommandDeps = {
    loadHistory: async () => (await history()).history,
    today: deps.today,
    openTape: (h, settings) => {
      const own = marketTapeSettingsHash(settings) === ownSettingsHash;
      if (own && served?.history === h) return served.opened;
      const opened = openMarketTape({ history: h, settings, signalDeps: { countTradingDays: deps.countTradingDays }, cacheDir: deps.tapeCacheDir });
      if (own) served = { history: h, opened };
      return opened;
    },
    ...(deps.chainMarket === undefined ? {} : { chainMarket: deps.chainMarket }),
  };
  const { jobs, config } = deps;

  /** Runs `body` on the stored book under the request's preset (without one, `alvh serve --strategy-config`'s strategy, else the strategy the stored book follows, a preset or the config it kept, or alvh-ladder for an empty book) and, where the request has one, its date. */
  const onBook = async <T>(
    request: { readonly preset?: string | undefined; readonly date?: string | undefined },
    body: (ctx: BookContext, market: BookMarketInfo) => T,
    acrossModels?: readonly ModelConfigChoice[],
  ): Promise<RouteResult> => ok(
      await withBook(
        { book: deps.bookPath, preset: request.preset === undefined ? undefined : knownPreset(request.preset), strategy: request.preset === undefined ? deps.strategy : undefined, date: request.date, model: deps.model, acrossModels },
        bookDeps,
        body,
      ),
    );

  const jobOf = (params: unknown) => {
    const { id } = parseInput(BacktestIdParamsSchema, params, 'path');
    const job = jobs.get(id);
    if (!job) throw notFound(`no backtest with id ${id} (the dashboard keeps the last ${config.keptStoredRuns} runs)`);
    return job;
  };

  return [
    {
      method: 'GET',
      url: '/api/health',
      summary: 'The server is up; its version and the data version',
      responses: { 200: HealthResponseSchema },
      handle: async () => ok({ ok: true, version: deps.version, dataVersion: (await history()).history.dataVersion }),
    },
    {
      method: 'GET',
      url: '/api/status',
      summary: 'Data status per series: first and last day, rows, gaps, staleness in trading days',
      responses: { 200: StatusResponseSchema },
      handle: async () => {
        const h = await history();
        const status = buildDataStatus(h.history, cliTradingCalendar(h.history), deps.today(), h.warnings);
        const lastDay = h.history.tradingDays[h.history.tradingDays.length - 1];
        if (lastDay === undefined) throw badRequest('the data has no trading days');
        return ok({ ...status, lastDay: isoFromDay(lastDay) });
      },
    },
    {
      // A POST because it writes: the day's signal goes into the book's journal.
      method: 'POST',
      url: '/api/signal',
      summary: "Issue the day's signal for the stored book (what `alvh signal --json` prints) and journal it",
      body: SignalRequestSchema,
      responses: { 200: SignalResponseSchema },
      handle: async (input) => {
        const q = parseInput(SignalRequestSchema, input.body, 'body');
        const others = bundledOtherModels(q.acrossModels === true, deps.model);
        return onBook(
          q,
          (ctx, prices) => {
            const { day, lastDataDay, lastDataReason } = requestDay(ctx, q.date);
            const issued = issueSignal(ctx, day, ctx.config.initialEquityUsd);
            const report = signalReport(issued, { day, lastDataDay, lastDataReason, today: deps.today(), dataVersion: ctx.history.dataVersion }, prices.useOn(day), prices.model, prices.calibrationOn(day), issuedStrategySummary(issued, ctx.config, prices.strategySource));
            if (others === undefined) return report;
            return { ...report, acrossModels: signalOnOtherModels(ctx, prices, issued, day, ctx.config.initialEquityUsd) };
          },
          others,
        );
      },
    },
    {
      method: 'GET',
      url: '/api/book',
      summary: "The stored book's open positions marked at the model, its Greeks and hedge ratio",
      query: BookQuerySchema,
      responses: { 200: BookResponseSchema },
      handle: async (input) => {
        const q = parseInput(BookQuerySchema, input.query, 'query');
        return onBook(q, (ctx, prices) => {
          const strategy = strategySummary(ctx.config, prices.strategySource);
          if (bookIsEmpty(ctx)) return { date: null, stateId: null, bookDay: null, positions: [], holdings: [], greeks: null, strategy: { ...strategy, stateConfigSha256: null, stateStrategy: null } };
          const { day, market, current, laterState } = bookMarketOn(ctx, q.date);
          if (!current) return { date: isoFromDay(day), stateId: null, bookDay: null, laterState, positions: [], holdings: [], greeks: null, market: prices.useOn(day), strategy: { ...strategy, stateConfigSha256: null, stateStrategy: null } };
          const marked = markBook(current.snapshot, market, previousMarket(ctx, day), storedFundOn(ctx, current.snapshot, market));
          const rulesChanged = rulesChangedSinceState(ctx.store, current.row, ctx.config);
          return {
            date: isoFromDay(day),
            stateId: current.row.id,
            bookDay: current.row.dayIso,
            laterState,
            ...marked,
            market: prices.useOn(day),
            strategy: { ...strategy, stateConfigSha256: current.row.configHash, stateStrategy: current.row.preset, ...(rulesChanged === null ? {} : { rulesChangedSinceState: rulesChanged }) },
          };
        });
      },
    },
    {
      method: 'GET',
      url: '/api/book/risk',
      summary: "The book's P&L on a grid of SPX moves by VIX shifts (condors and hedge apart) and its break-evens",
      query: BookQuerySchema,
      responses: { 200: BookRiskResponseSchema },
      handle: async (input) => {
        const q = parseInput(BookQuerySchema, input.query, 'query');
        return onBook(q, (ctx) => {
          const { snapshot, row, day, market, dividendYield, laterState } = shockInputs(ctx, q.date);
          const open = openPositionsOn(snapshot, day);
          const holdings = markIndexHoldings(snapshot, market, storedFundOn(ctx, snapshot, market));
          return { date: isoFromDay(day), state: row.id, laterState, ...bookRisk(open, market, dividendYield, RiskScenarioConfigSchema.parse({}), holdings) };
        });
      },
    },
    {
      method: 'GET',
      url: '/api/book/payoff',
      summary: 'P&L of the book across SPX levels at the condors\' expiry and today, for VIX -5, unchanged, +10, +20, +40 (dashboard config)',
      query: BookQuerySchema,
      responses: { 200: BookPayoffResponseSchema },
      handle: async (input) => {
        const q = parseInput(BookQuerySchema, input.query, 'query');
        return onBook(q, (ctx) => {
          const { snapshot, row, market, dividendYield, laterState } = shockInputs(ctx, q.date);
          return { state: row.id, laterState, ...bookPayoff(snapshot, market, dividendYield, config, storedFundOn(ctx, snapshot, market)) };
        });
      },
    },
    {
      method: 'GET',
      url: '/api/book/triggers',
      summary: "How far each of the strategy's triggers is from firing for the stored book on a day (why no action)",
      query: BookQuerySchema,
      responses: { 200: BookTriggersResponseSchema },
      handle: async (input) => {
        const q = parseInput(BookQuerySchema, input.query, 'query');
        return onBook(q, (ctx) => {
          const { day, market, current, laterState } = bookMarketOn(ctx, q.date);
          const snapshot = current?.snapshot ?? emptyBookSnapshot(ctx.config, ctx.config.initialEquityUsd);
          const hedgeRatio = current ? markBook(current.snapshot, market, undefined, storedFundOn(ctx, current.snapshot, market)).greeks.hedgeRatio : null;
          const tradingDaysToNextEvent = ctx.signalsOn(day)?.engine.tradingDaysToNextEvent ?? null;
          return { date: isoFromDay(day), laterState, triggers: triggerDistances({ snapshot, market, config: ctx.config, hedgeRatio, tradingDaysToNextEvent }) };
        });
      },
    },
    {
      method: 'POST',
      url: '/api/book/accept',
      summary: "Accept a day's recommendations into the book: at the model's prices, or with the fills actually obtained",
      body: BookAcceptRequestSchema,
      responses: { 200: BookAcceptResponseSchema },
      handle: async (input) => {
        const b = parseInput(BookAcceptRequestSchema, input.body, 'body');
        return onBook(b, (ctx) => {
          const { day } = requestDay(ctx, b.date);
          const accepted = acceptSignal(ctx, day, ctx.config.initialEquityUsd, b.fills.map((f) => ({ positionId: f.positionId, pricePoints: f.pricePoints, ...(f.feesUsd !== undefined ? { feesUsd: f.feesUsd } : {}) })));
          return {
            stateId: accepted.stateId,
            date: isoFromDay(day),
            trades: [
              ...accepted.fills.map((f) => ({ positionId: f.position.id, description: describeTrade(f), quantity: f.quantity, pricePoints: f.pricePoints, feesUsd: f.feesUsd })),
              // Index units (an underlying leg, a fund layer): their units at the index's level, no fee.
              ...(accepted.issued.signal.indexTrades ?? []).map((t) => ({ positionId: t.holdingId, description: t.description, quantity: t.units, pricePoints: t.levelPoints, feesUsd: 0 })),
            ],
          };
        });
      },
    },
    {
      method: 'POST',
      url: '/api/book/switch',
      summary: "Hand the book's positions to another strategy (a preset, or without one the server's --strategy-config): nothing is traded, and the next signal follows the new rules (alvh book switch)",
      body: BookSwitchRequestSchema,
      responses: { 200: BookSwitchResponseSchema },
      handle: async (input) => {
        const b = parseInput(BookSwitchRequestSchema, input.body, 'body');
        if (b.preset === undefined && deps.strategy === undefined) throw badRequest('body preset: name the preset to switch the book to (this server was started without --strategy-config)');
        return ok(
          await withBook(
            { book: deps.bookPath, preset: b.preset === undefined ? undefined : knownPreset(b.preset), strategy: b.preset === undefined ? deps.strategy : undefined, switching: true, model: deps.model },
            bookDeps,
            (ctx, market) => {
              const r = switchStrategy(ctx);
              return { stateId: r.stateId, date: r.dayIso, from: { name: r.from.name, configSha256: r.from.configHash }, to: strategySummary(ctx.config, market.strategySource), rulesThatChange: r.rulesThatChange };
            },
          ),
        );
      },
    },
    {
      method: 'POST',
      url: '/api/book/positions',
      summary: 'Add positions opened by hand (one leg, or a condor\'s four legs at once): all or none',
      body: BookAddRequestSchema,
      responses: { 200: BookEditResponseSchema },
      handle: async (input) => {
        const b = parseInput(BookAddRequestSchema, input.body, 'body');
        return onBook({ preset: b.preset }, (ctx) => {
          const fills = b.positions.map((p, i) => userFill(p, requestDay(ctx, p.date).day, ctx.config, `body positions.${i}`));
          return addPositions(ctx, fills, ctx.config.initialEquityUsd, 'add');
        });
      },
    },
    {
      method: 'POST',
      url: '/api/book/positions/:id/close',
      summary: 'Close (part of) a position at the fill obtained',
      params: BookCloseParamsSchema,
      body: BookCloseRequestSchema,
      responses: { 200: BookEditResponseSchema },
      handle: async (input) => {
        const { id } = parseInput(BookCloseParamsSchema, input.params, 'path');
        const b = parseInput(BookCloseRequestSchema, input.body, 'body');
        return onBook({ preset: b.preset }, (ctx) => {
          const current = currentBook(ctx)?.snapshot;
          const held = current?.book.positions.find((p) => p.id === id);
          if (!held) {
            const why = current === undefined ? undefined : notClosableByHand(current, id);
            // Index units exist but cannot be closed by hand: the request is refused, not pointed at nothing.
            throw why?.kind === 'index-holding' ? badRequest(why.message) : notFound(`no open position '${id}'`);
          }
          const { day } = requestDay(ctx, b.date);
          const contracts = b.contracts ?? Math.abs(held.quantity);
          const fees = b.feesUsd ?? contracts * feePerContractUsd(ctx.config, held.underlying, held.type);
          const r = closePosition(ctx, id, day, b.pricePoints, fees, b.contracts);
          return { stateId: r.stateId, positionIds: [id] };
        });
      },
    },
    {
      method: 'POST',
      url: '/api/book/import',
      summary: "A broker's trade file reconciled against the book (new groups, groups already in it, positions the file lacks) and, with commit, imported: all or none",
      body: BrokerImportRequestSchema,
      bodyLimitBytes: config.importBodyLimitBytes,
      responses: { 200: BrokerImportResponseSchema },
      handle: async (input) => {
        const b = parseInput(BrokerImportRequestSchema, input.body, 'body');
        return onBook({ preset: b.preset }, (ctx) => {
          let plan: BrokerImportPlan;
          try {
            plan = planBrokerImport(b.format, b.fileName, b.text, bookForImport(currentBook(ctx)?.snapshot), (u, t) => feePerContractUsd(ctx.config, u, t));
          } catch (error) {
            if (error instanceof BrokerImportError) throw badRequest(error.message);
            throw error;
          }
          const written = b.commit && plan.fills.length > 0 ? addPositions(ctx, plan.fills, ctx.config.initialEquityUsd, 'import') : undefined;
          return {
            groups: plan.groups.map((g) => ({ group: g.group, role: g.role, status: g.status, lines: [...g.lines], legs: g.legs.map((l) => l.leg) })),
            missingFromFile: [...plan.missingFromFile],
            closingTrades: [...plan.closingTrades],
            summary: describePlan(plan),
            stateId: written?.stateId ?? null,
            positionIds: written?.positionIds ?? [],
          };
        });
      },
    },
    {
      method: 'GET',
      url: '/api/term-structure',
      summary: 'The VIX futures curve and the VIX family on a day, a week and a month earlier; contango; two years of VIX/VIX3M',
      query: TermStructureQuerySchema,
      responses: { 200: TermStructureResponseSchema },
      handle: async (input) => {
        const q = parseInput(TermStructureQuerySchema, input.query, 'query');
        return ok(termStructureView((await history()).history, dayOf(q.date), config));
      },
    },
    {
      method: 'GET',
      url: '/api/signals',
      summary: `Every day's signals with SPX bars and events over a range (at most ${config.signalsMaxRangeCalendarDays} calendar days)`,
      query: SignalsQuerySchema,
      responses: { 200: SignalsResponseSchema },
      handle: async (input) => {
        const q = parseInput(SignalsQuerySchema, input.query, 'query');
        return ok(signalsView((await history()).history, dayOf(q.from), dayOf(q.to), config, deps.countTradingDays));
      },
    },
    {
      method: 'GET',
      url: '/api/presets',
      summary: 'The strategy presets by name with their configs',
      responses: { 200: PresetsResponseSchema },
      handle: async () =>
        ok({
          presets: listPresets().map((name) => ({ name, config: loadPreset(name) })),
          serverStrategy: deps.strategy === undefined ? null : { name: deps.strategy.name, configSha256: configHash(deps.strategy), description: deps.strategy.description },
        }),
    },
    {
      method: 'GET',
      url: '/api/strategy-config/schema',
      summary: "The strategy config's JSON Schema (every field with its default and bounds), for a form that edits any field",
      responses: { 200: StrategyConfigSchemaResponseSchema },
      handle: async () => ok({ schema: strategyConfigJsonSchema() }),
    },
    {
      method: 'POST',
      url: '/api/backtests',
      summary: 'Start a backtest of one or more presets in the background (with acrossModels, on every bundled market model too); follow it on its events stream',
      body: BacktestRequestSchema,
      responses: { 202: BacktestCreatedSchema, 429: ErrorResponseSchema },
      handle: async (input) => {
        const b = parseInput(BacktestRequestSchema, input.body, 'body');
        if (b.presets.length + b.configs.length === 0) throw badRequest('body presets: name a preset in presets or give a config in configs');
        const configs = [...b.presets.map((name) => loadPreset(knownPreset(name))), ...b.configs.map(editedConfig)];
        const names = configs.map((c) => c.name);
        const twice = names.find((n, i) => names.indexOf(n) !== i);
        if (twice !== undefined) throw badRequest(`body: two variants are named '${twice}' (a config's name must differ from the presets run beside it)`);
        b.configs.forEach((_, i) => {
          const clash = presetNameClash(configs[b.presets.length + i] as StrategyConfig);
          if (clash !== undefined) throw badRequest(`body configs.${i}.name: ${clash} (the report would show it as the preset)`);
        });
        const fromDay = dayFromIso(b.from);
        const toDay = dayOf(b.to);
        if (toDay !== undefined && toDay <= fromDay) throw badRequest(`body: from ${b.from} must be before to ${b.to}`);
        const h = (await history()).history;
        // The span the job would run (where the data every variant needs ends), refused here rather than in the job.
        try {
          backtestSpan(h, configs, fromDay, toDay);
        } catch (error) {
          if (error instanceof BacktestRangeError) throw badRequest(`body from ${b.from}${b.to === undefined ? '' : `, to ${b.to}`}: ${error.message}`);
          throw error;
        }
        const others = bundledOtherModels(b.acrossModels, deps.model);
        const job = jobs.start(configs, fromDay, toDay, others);
        return { status: 202, body: { id: job.id } };
      },
    },
    {
      method: 'GET',
      url: '/api/backtests',
      summary: `The latest ${config.listedRuns} backtest runs, newest first (a running one to re-attach to, finished ones by permalink)`,
      responses: { 200: BacktestListResponseSchema },
      handle: async () => ok({ runs: jobs.list(config.listedRuns).map(({ fromIso, toIso, ...run }) => ({ ...run, from: fromIso, to: toIso })) }),
    },
    {
      method: 'GET',
      url: '/api/backtests/:id/events',
      summary: 'Server-sent events of a backtest: progress {variant, doneDays, totalDays}, then done {id}, error {message} or cancelled',
      params: BacktestIdParamsSchema,
      responses: { 200: z.string().describe('text/event-stream') },
      eventStream: true,
      handle: async (input, reply) => {
        const job = jobOf(input.params);
        streamJobEvents<BacktestEvent>(reply, (send) => jobs.subscribe(job.id, send));
        return undefined;
      },
    },
    {
      method: 'GET',
      url: '/api/backtests/:id',
      summary: 'A backtest: status, period, summaries, claims, thinned equity and drawdown, hedge P&L by layer, stress windows',
      params: BacktestIdParamsSchema,
      responses: { 200: BacktestResultResponseSchema },
      handle: async (input) => {
        const job = jobOf(input.params);
        const d = job.digest;
        const body: BacktestResultResponse = {
          id: job.id,
          status: job.status,
          presets: [...job.presets],
          progress: job.progress,
          message: job.message,
          period: d?.period ?? null,
          summaries: d?.summaries ?? [],
          claims: d?.claims ?? [],
          equity: d?.equity ?? {},
          hedgeByLayer: d?.hedgeByLayer ?? {},
          windows: d?.windows ?? {},
          benchmarks: d?.benchmarks ?? {},
          createdAt: job.createdAt,
          from: job.fromIso,
          to: job.toIso,
          configs: d?.configs ?? {},
          marketModel: d?.marketModel ?? null,
          acrossModels: d?.acrossModels ?? null,
          modelInputs: d?.modelInputs ?? null,
        };
        return ok(body);
      },
    },
    {
      method: 'DELETE',
      url: '/api/backtests/:id',
      summary: 'Cancel a running backtest (a finished one stays as it is)',
      params: BacktestIdParamsSchema,
      responses: { 200: z.object({ id: z.string(), status: z.string() }) },
      handle: async (input) => {
        const job = jobOf(input.params);
        jobs.cancel(job.id);
        return ok({ id: job.id, status: job.status });
      },
    },
    {
      method: 'GET',
      url: '/api/backtests/:id/decisions',
      summary: "A finished backtest's decision log for one variant, searched by text, a page at a time",
      params: BacktestIdParamsSchema,
      query: DecisionsQuerySchema,
      responses: { 200: DecisionsResponseSchema },
      handle: async (input) => {
        const job = jobOf(input.params);
        const q = parseInput(DecisionsQuerySchema, input.query, 'query');
        if (!job.digest) throw new HttpError(409, `backtest ${job.id} is ${job.status}: its decisions are there once it is done`);
        // Own keys only: a variant named `__proto__` or `constructor` is no variant, not Object's prototype.
        const rows = Object.hasOwn(job.digest.decisions, q.variant) ? job.digest.decisions[q.variant] : undefined;
        if (!Array.isArray(rows)) throw notFound(`backtest ${job.id} has no variant '${q.variant}' (it ran ${Object.keys(job.digest.decisions).join(', ')})`);
        const found = searchDecisions(rows, q.q);
        return ok({ variant: q.variant, total: found.length, offset: q.offset, limit: q.limit, decisions: found.slice(q.offset, q.offset + q.limit) });
      },
    },
    {
      method: 'GET',
      url: '/api/validation',
      summary: 'The latest validation report (model against real quotes, benchmark replications): idle until a POST starts it, 202 while it is computed',
      responses: { 200: ValidationResponseSchema, 202: ValidationResponseSchema },
      handle: async () => {
        const state = deps.validation.current();
        return { status: state.status === 'running' ? 202 : 200, body: state };
      },
    },
    {
      method: 'POST',
      url: '/api/validation',
      summary: 'Compute the validation report in the background (about a minute; with acrossModels, on every bundled market model too, a minute or two); a run in progress is not started twice',
      body: ValidationStartRequestSchema,
      responses: { 202: ValidationResponseSchema },
      handle: async (input) => ({ status: 202, body: deps.validation.start(parseInput(ValidationStartRequestSchema, input.body ?? {}, 'body')) }),
    },
    ...sweepRoutes({ sweeps: deps.sweeps, config, history }),
  ];
}

/** The previous trading day's market, for the day's P&L; undefined on the data's first day. */
function previousMarket(ctx: BookContext, day: DayNumber) {
  const days = ctx.history.tradingDays;
  const i = days.indexOf(day);
  return i > 0 ? ctx.marketOn(days[i - 1] as DayNumber) : undefined;
}

/** The preset's fee for one contract, USD, as `alvh book` charges it when no fee is given. */
function feePerContractUsd(config: StrategyConfig, underlying: 'SPX' | 'VIX', type: 'call' | 'put' | 'future'): number {
  const e = config.execution;
  return type === 'future' ? e.vixFutureFeePerContractUsd : underlying === 'SPX' ? e.spxOptionFeePerContractUsd : e.vixOptionFeePerContractUsd;
}

/** A position from the page as the book's fill; the underlying defaults by role (SPX condors, VIX hedges). */
function userFill(p: UserPosition, day: DayNumber, config: StrategyConfig, origin: string): UserOpenFill & { origin: string } {
  const underlying = p.underlying ?? (p.role === 'condor' ? 'SPX' : 'VIX');
  if (p.type !== 'future' && p.strike === undefined) throw badRequest(`${origin}.strike: an option needs a strike`);
  return {
    origin,
    day,
    group: p.group,
    role: p.role,
    leg: p.leg,
    underlying,
    type: p.type,
    strike: p.strike ?? 0,
    expiryDay: dayFromIso(p.expiry),
    settlement: p.settlement,
    quantity: p.quantity,
    pricePoints: p.pricePoints,
    feesUsd: p.feesUsd ?? Math.abs(p.quantity) * feePerContractUsd(config, underlying, p.type),
    ...(p.layer !== undefined ? { layer: p.layer } : {}),
  };
}

/**
 * The book's day for a request's date, the model's market on it (a 400 when the model has no data
 * that day), the book as it stood at that day's close and the later state its marks leave out.
 */
function bookMarketOn(ctx: BookContext, date: string | undefined) {
  const { day, lastDataDay, lastDataReason } = requestDay(ctx, date);
  const market = ctx.marketOn(day);
  if (!market) throw badRequest(`date ${isoFromDay(day)}: the market model has no data for this day`);
  const { current, later } = bookAsOf(ctx, day, { dayIso: isoFromDay(lastDataDay), reason: lastDataReason });
  return { day, market, current, laterState: later };
}

function shockInputs(ctx: BookContext, date: string | undefined) {
  if (bookIsEmpty(ctx)) throw notFound('the book is empty: nothing to shock (alvh book add, import or accept first)');
  const { day, market, current, laterState } = bookMarketOn(ctx, date);
  if (!current) throw notFound(`the book held nothing at the close of ${isoFromDay(day)}: ${laterState?.note ?? ''}`);
  const dividendYield = ctx.history.dividendYieldOn(day);
  if (dividendYield === undefined) throw badRequest(`date ${isoFromDay(day)}: no dividend yield known for this day`);
  return { snapshot: current.snapshot, row: current.row, day, market, dividendYield, laterState };
}
