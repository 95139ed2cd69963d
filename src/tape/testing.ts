/** What the tape's tests share: the default settings and a short real backtest whose whole output is compared. */
import { realHistory } from '../../test/fixtures/realMarket.js';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { loadPreset } from '../data/presets.js';
import { runBacktestJob, type BacktestJobResult } from '../engine/backtestJob.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../market/config.js';
import { VixBetaConfigSchema } from '../market/vixBetas.js';
import { defaultSignalConfig } from '../signals/config.js';
import { dayFromIso } from '../time/day.js';
import type { MarketTape, MarketTapeSettings } from './marketTape.js';

export const SIGNAL_DEPS = { countTradingDays: countNyseTradingDays };
export const DEFAULT_TAPE_SETTINGS: MarketTapeSettings = { modelConfig: DEFAULT_MARKET_MODEL_CONFIG, betaConfig: VixBetaConfigSchema.parse({}), signalConfig: defaultSignalConfig() };
/** A stressed quarter (the March 2020 crash): the hedge rules and both option markets get exercised. */
export const SHORT_RUN_FROM = dayFromIso('2020-02-03');
export const SHORT_RUN_TO = dayFromIso('2020-04-30');
const VARIANTS = ['alvh-ladder', 'fixed-rr'] as const;

/** Everything a backtest writes, as the CLI's results.json holds it. */
export function backtestOutput(job: BacktestJobResult): string {
  return JSON.stringify({
    from: job.fromDay,
    to: job.toDay,
    summaries: job.summaries,
    claims: job.claims,
    variants: [...job.suite.results.entries()].map(([name, r]) => [name, r.daily, r.trades, r.decisions, r.ledger, r.pnlByGroupUsd]),
  });
}

/** The short backtest's output, on the given tape or (undefined) on a market calibrated for it alone. */
export async function runShortBacktest(tape: MarketTape | undefined): Promise<string> {
  const history = await realHistory();
  const job = runBacktestJob({
    history,
    configs: VARIANTS.map((name) => loadPreset(name)),
    fromDay: SHORT_RUN_FROM,
    toDay: SHORT_RUN_TO,
    signalDeps: SIGNAL_DEPS,
    ...(tape === undefined ? {} : { tape }),
  });
  return backtestOutput(job);
}
