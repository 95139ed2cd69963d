/**
 * What the dashboard keeps of a backtest: the summaries and claims as the core computed them, each
 * variant's equity and drawdown thinned for a chart, hedge P&L by layer, the stress windows and the
 * decision log. Built inside the job's worker so only this digest crosses to the server.
 */
import { DEFAULT_MODEL_CONFIG_CHOICE, modelConfigSummary, type ModelConfigChoice } from '../cli/modelConfigOption.js';
import type { BacktestJobResult } from '../engine/backtestJob.js';
import type { DecisionRecord, TradeRecord } from '../engine/records.js';
import type { MarketHistory } from '../history/types.js';
import type { StrategyConfig } from '../strategy/config.js';
import { dayFromIso, isoFromDay } from '../time/day.js';
import { acrossModelsVerdicts, type AcrossModels } from '../analysis/acrossModels.js';
import { modelInputRows, modelInputsResidualText } from '../report/backtestReport.js';
import type { BacktestAcrossModels, BacktestResultResponse, BacktestWindow, DecisionRow } from './schemas.js';
import { stressWindowAgainstTwin } from '../analysis/hedgeAttribution.js';
import type { WindowSummary } from '../analysis/variantSummary.js';

export interface BacktestDigest {
  readonly period: NonNullable<BacktestResultResponse['period']>;
  readonly summaries: BacktestResultResponse['summaries'];
  readonly claims: BacktestResultResponse['claims'];
  readonly equity: BacktestResultResponse['equity'];
  readonly hedgeByLayer: BacktestResultResponse['hedgeByLayer'];
  readonly windows: BacktestResultResponse['windows'];
  readonly decisions: Readonly<Record<string, readonly DecisionRow[]>>;
  /** Benchmark indices over the run, rebased to the first variant's starting equity: [date, USD]. */
  readonly benchmarks: BacktestResultResponse['benchmarks'];
  /** Per variant, the resolved config it ran with; absent in runs stored before configs were kept. */
  readonly configs?: BacktestResultResponse['configs'];
  /** The market model the run priced on; absent in runs stored before the dashboard could name one (the defaults). */
  readonly marketModel?: BacktestResultResponse['marketModel'];
  /** The same variants on the other bundled models, when the run asked for them (absent otherwise and in runs stored before). */
  readonly acrossModels?: BacktestAcrossModels;
  /** What the market model rested on over the run (absent in runs stored before, and for a job without a tape). */
  readonly modelInputs?: NonNullable<BacktestResultResponse['modelInputs']>;
}

/** The indices a run is compared with: SPX (price index, no dividends) and Cboe's CNDR iron-condor index. */
export const BENCHMARK_SERIES = { SPX: 'spx', CNDR: 'cndr' } as const;

/**
 * An index rebased to `startEquityUsd` on the first of `dates` (so it reads as "the same money in the
 * index"), on the same dates as the equity curve. Days the index has no close are left out rather than
 * filled; without a close on the first day there is nothing to rebase to and the curve is empty.
 *
 * Worked example: closes 2000, 2100, 1900 from 1 000 000 USD read 1 000 000, 1 050 000, 950 000.
 */
export function rebasedBenchmark(dates: readonly string[], closeOn: (iso: string) => number | undefined, startEquityUsd: number): Array<[string, number]> {
  const first = dates[0] === undefined ? undefined : closeOn(dates[0]);
  if (first === undefined || !(first > 0)) return [];
  const out: Array<[string, number]> = [];
  for (const date of dates) {
    const close = closeOn(date);
    // As a ratio first, so the first day reads exactly the starting equity.
    if (close !== undefined) out.push([date, startEquityUsd * (close / first)]);
  }
  return out;
}

/**
 * Indices of at most `maxPoints` points of a series of `length`: evenly spaced, always the first and
 * the last, and the deepest drawdown so thinning never hides the worst day.
 */
export function thinnedIndices(length: number, maxPoints: number, mustKeep: readonly number[] = []): number[] {
  if (length <= maxPoints) return Array.from({ length }, (_, i) => i);
  const keep = new Set<number>([0, length - 1, ...mustKeep.filter((i) => i >= 0 && i < length)]);
  const evenly = maxPoints - keep.size;
  for (let k = 0; k < evenly; k++) keep.add(Math.round(((length - 1) * k) / Math.max(evenly - 1, 1)));
  const sorted = [...keep].sort((a, b) => a - b);
  // Rounding can land on an index already kept and leave the set short; never long.
  return sorted.length <= maxPoints ? sorted : sorted.slice(0, maxPoints - 1).concat(length - 1);
}

/** [date, equity USD, drawdown from the running peak as a negative decimal], thinned. */
export function equityCurve(points: ReadonlyArray<{ day: number; equityUsd: number }>, maxPoints: number): Array<[string, number, number]> {
  let peak = -Infinity;
  let worst = 0;
  let worstAt = -1;
  const drawdowns = points.map((p, i) => {
    peak = Math.max(peak, p.equityUsd);
    const dd = peak > 0 ? p.equityUsd / peak - 1 : 0;
    if (dd < worst) {
      worst = dd;
      worstAt = i;
    }
    return dd;
  });
  return thinnedIndices(points.length, maxPoints, [worstAt]).map((i) => {
    const p = points[i] as { day: number; equityUsd: number };
    return [isoFromDay(p.day), p.equityUsd, drawdowns[i] as number];
  });
}

/** The layer a hedge trade belongs to, named as the backtest report names it. */
export function hedgeLayerName(layer: number | undefined): string {
  if (layer === 0) return 'pre-FOMC seed';
  return layer === undefined ? 'other' : `layer ${layer}`;
}

export function hedgePnlByLayer(trades: readonly TradeRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of trades) {
    if (t.kind !== 'hedge-layer') continue;
    const name = hedgeLayerName(t.layer);
    out[name] = (out[name] ?? 0) + t.pnlUsd;
  }
  return out;
}

export function decisionRow(d: DecisionRecord): DecisionRow {
  return { date: isoFromDay(d.day), action: d.action, rule: d.rule, reason: d.reason, group: d.group ?? null, figures: { ...d.figures } };
}

/** The across-models comparison as the API sends it: its figures (JSON drops an undefined Sharpe ratio) and the verdict sentences the CLI prints. */
export function acrossModelsDigest(across: AcrossModels): BacktestAcrossModels {
  return { ...(JSON.parse(JSON.stringify(across)) as Omit<BacktestAcrossModels, 'verdicts'>), verdicts: acrossModelsVerdicts(across) };
}

/** A window of a hedged variant with its difference to the unhedged twin, when the run holds the twin and covers the window. */
function withTwin(job: BacktestJobResult, variant: string, window: WindowSummary): BacktestWindow {
  const d = stressWindowAgainstTwin(job.suite.results, variant, window.window);
  return d === undefined ? window : { ...window, againstUnhedgedTwin: { differenceFraction: d.differenceFraction, hedgeContributionFraction: d.hedgeContributionFraction, condorContributionFraction: d.condorContributionFraction } };
}

export function digestBacktest(
  job: BacktestJobResult,
  equityMaxPoints: number,
  history: Pick<MarketHistory, 'closeOn'>,
  configs: readonly StrategyConfig[],
  model?: ModelConfigChoice,
  across?: AcrossModels,
): BacktestDigest {
  const equity: Record<string, Array<[string, number, number]>> = {};
  const hedgeByLayer: Record<string, Record<string, number>> = {};
  const decisions: Record<string, DecisionRow[]> = {};
  for (const [name, result] of job.suite.results) {
    equity[name] = equityCurve(result.daily, equityMaxPoints);
    hedgeByLayer[name] = hedgePnlByLayer(result.trades);
    decisions[name] = result.decisions.map(decisionRow);
  }
  // JSON drops undefined fields the core leaves out (a window the run does not cover): one round trip
  // gives the shape the API sends.
  const summaries = JSON.parse(JSON.stringify(job.summaries)) as BacktestDigest['summaries'];
  const reference = Object.values(equity)[0] ?? [];
  const startEquityUsd = reference[0]?.[1] ?? 0;
  const dates = reference.map(([date]) => date);
  const benchmarks = Object.fromEntries(
    Object.entries(BENCHMARK_SERIES).map(([label, series]) => [label, rebasedBenchmark(dates, (iso) => history.closeOn(series, dayFromIso(iso)), startEquityUsd)]),
  );
  return {
    benchmarks,
    period: { from: isoFromDay(job.fromDay), to: isoFromDay(job.toDay), endReason: job.endReason },
    summaries,
    claims: job.claims,
    equity,
    hedgeByLayer,
    windows: Object.fromEntries(summaries.map((s) => [s.name, s.windows.map((w) => withTwin(job, s.name, w))])),
    decisions,
    configs: Object.fromEntries(configs.map((c) => [c.name, c])),
    marketModel: modelConfigSummary(model ?? DEFAULT_MODEL_CONFIG_CHOICE),
    ...(across === undefined ? {} : { acrossModels: acrossModelsDigest(across) }),
    ...(job.modelInputs === undefined
      ? {}
      : { modelInputs: { modelDays: job.modelInputs.modelDays, daysWithoutModel: job.modelInputs.daysWithoutModel, rows: modelInputRows(job.modelInputs), residual: modelInputsResidualText(job.modelInputs) } }),
  };
}

/** Decisions whose action, rule, reason, group or date contains `query` (case-insensitive). */
export function searchDecisions(rows: readonly DecisionRow[], query: string | undefined): readonly DecisionRow[] {
  const q = query?.trim().toLowerCase();
  if (!q) return rows;
  return rows.filter((r) => r.date.includes(q) || r.action.toLowerCase().includes(q) || r.rule.toLowerCase().includes(q) || r.reason.toLowerCase().includes(q) || (r.group ?? '').toLowerCase().includes(q));
}
