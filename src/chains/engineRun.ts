/**
 * One variant's run in `--market chains` mode. Each day is first tried on a copy of the engine (its
 * state snapshot); when the day needs an SPX option the chains do not quote within the carry limit,
 * the real engine does not trade that day: it steps the day as a data gap (positions carried, no
 * decisions, no mark), and a `chains.quoteMissing` decision names the missing option. Trying first is
 * what keeps a half-done day (one leg closed, the other not) out of the book.
 */
import { StrategyEngine, type BacktestInputs, type BacktestResult } from '../engine/backtest.js';
import type { DecisionRecord } from '../engine/records.js';
import type { DayNumber } from '../time/day.js';
import { ChainQuoteMissingError, type ChainEngineMarket } from './engineView.js';

export const CHAIN_QUOTE_MISSING_RULE = 'chains.quoteMissing';

export function chainsVariantRunner(chains: ChainEngineMarket, vix?: ChainEngineMarket): (inputs: BacktestInputs) => BacktestResult {
  return (inputs) => {
    const engine = new StrategyEngine(inputs.config);
    const refusals: DecisionRecord[] = [];
    const { days } = inputs;
    for (let i = 0; i < days.length; i++) {
      const day = days[i] as DayNumber;
      const nextDay = days[i + 1];
      const market = inputs.marketOn(day);
      const signals = market ? inputs.signalsOn(day) : undefined;
      let refused: ChainQuoteMissingError | undefined;
      if (market && signals) {
        const trial = new StrategyEngine(inputs.config, engine.snapshot());
        try {
          chains.uncounted(() => (vix === undefined ? trial.stepDay(day, market, signals, nextDay) : vix.uncounted(() => trial.stepDay(day, market, signals, nextDay))));
        } catch (error) {
          if (!(error instanceof ChainQuoteMissingError)) throw error;
          refused = error;
        }
      }
      if (refused !== undefined) {
        refusals.push({ day, action: 'data-gap', rule: CHAIN_QUOTE_MISSING_RULE, reason: `${refused.message}; the day's trades are refused and positions carried unmarked`, group: undefined, figures: {} });
        engine.stepDay(day, undefined, undefined, nextDay);
      } else {
        engine.stepDay(day, market, signals, nextDay);
      }
      inputs.onProgress?.(i + 1, days.length);
    }
    const result = engine.result();
    if (refusals.length === 0) return result;
    // Each refusal goes just before the engine's own record of that day (its data-gap line).
    const decisions: DecisionRecord[] = [];
    let r = 0;
    for (const d of result.decisions) {
      while (r < refusals.length && (refusals[r] as DecisionRecord).day <= d.day) decisions.push(refusals[r++] as DecisionRecord);
      decisions.push(d);
    }
    decisions.push(...refusals.slice(r));
    return { ...result, decisions };
  };
}
