/**
 * The exam's shared market: every provider of one exam reads one market whose days are calibrated once
 * (createModelMarketKeepingCalibrations), where each used to build its own and calibrate every day
 * again in every suite. The shared market must change no figure: a report is the same either way.
 */
import { describe, expect, it } from 'vitest';
import { realChains, realHistory } from '../../../test/fixtures/realMarket.js';
import { loadPreset } from '../../data/presets.js';
import { createModelMarket, createModelMarketKeepingCalibrations } from '../../engine/modelMarketView.js';
import { runSuite } from '../../engine/suite.js';
import { countNyseTradingDays } from '../../calendar/nyse.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../../market/config.js';
import { VixBetaConfigSchema } from '../../market/vixBetas.js';
import { defaultSignalConfig } from '../../signals/config.js';
import { dayFromIso } from '../../time/day.js';
import { defaultValidateDependencies, runExam } from './validate.js';

/** Two exams over the bundled chains and half a year of replications on a shared 2-core machine. */
const EXAM_TIMEOUT_MS = 240_000;

describe('a market whose days are calibrated once', () => {
  it('runs suite after suite on the same days with the answers of a market calibrated afresh, bit for bit', async () => {
    const history = await realHistory();
    const betas = VixBetaConfigSchema.parse({});
    const kept = createModelMarketKeepingCalibrations(history, DEFAULT_MARKET_MODEL_CONFIG, betas);
    const run = (marketOn: typeof kept) =>
      JSON.stringify(
        runSuite({
          history,
          configs: ['put', 'pput', 'cndr'].map((name) => loadPreset(name)),
          fromDay: dayFromIso('2018-01-02'),
          toDay: dayFromIso('2018-04-30'),
          signalConfig: defaultSignalConfig(),
          signalDeps: { countTradingDays: countNyseTradingDays },
          marketOn,
        }).results.get('pput'),
      );
    const fresh = run(createModelMarket(history, DEFAULT_MARKET_MODEL_CONFIG, betas));
    // The first suite calibrates the days, the second reads what the first kept.
    expect(run(kept)).toBe(fresh);
    expect(run(kept)).toBe(fresh);
  }, EXAM_TIMEOUT_MS);
});

describe("the exam's providers share one market", () => {
  it('gives the same sections, figures and target rows as a market that calibrates every day again in every suite (the way before)', async () => {
    const history = await realHistory();
    const context = { history, chains: realChains(), config: DEFAULT_MARKET_MODEL_CONFIG, replicationSpan: { fromDay: dayFromIso('2018-01-02'), toDay: dayFromIso('2018-06-29') } };
    const shared = runExam(defaultValidateDependencies.providers, context);
    // A market that keeps nothing: each suite of each provider calibrates its days again, as before.
    const own = createModelMarket(history, DEFAULT_MARKET_MODEL_CONFIG, VixBetaConfigSchema.parse({}));
    const separate = runExam(defaultValidateDependencies.providers, { ...context, modelMarket: own });
    expect(JSON.stringify(shared)).toBe(JSON.stringify(separate));
    expect(shared.sections.map((s) => s.id)).toContain('pput-replication');
  }, EXAM_TIMEOUT_MS);
});
