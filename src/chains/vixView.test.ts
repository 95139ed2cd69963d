/**
 * VIX options of the hedge on real VIX quotes (Cboe's VIX option sample of 2016-06-01, bundled): the
 * engine's day view prices a quoted VIX option at its mid with alvh's own implied vol off a put-call
 * parity forward (the future the options imply), chooses strikes by that delta, and leaves what the
 * quotes do not cover to the model, logged.
 */
import { describe, expect, it } from 'vitest';
import { realChains, realHistory } from '../../test/fixtures/realMarket.js';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { parseStrategyConfig } from '../strategy/config.js';
import { runBacktestJob } from '../engine/backtestJob.js';
import { createModelMarket } from '../engine/modelMarketView.js';
import type { MarketDayView } from '../engine/marketView.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../market/config.js';
import { parityForward } from '../market/quotes/otmQuotes.js';
import { VixBetaConfigSchema } from '../market/vixBetas.js';
import { black76Value } from '../pricing/black76.js';
import { dayFromIso, yearFractionAct365, type DayNumber } from '../time/day.js';
import { checkQuote } from './checks.js';
import { DEFAULT_CHAIN_IMPORT_CONFIG } from './config.js';
import { ChainEngineMarket, chainMarketDayView, chainsMarketOn, type ChainPriceUse } from './engineView.js';
import { fixtureQuotes } from './fixtures.js';
import { ChainMarket, ChainMarketConfigSchema } from './marketView.js';
import type { CanonicalQuote } from './types.js';

const JUN1 = dayFromIso('2016-06-01');
const JUL20 = dayFromIso('2016-07-20');
/** Black-76 at the solved vol gives back the mid to the solver's tolerance. */
const PRICE_TOLERANCE_POINTS = 1e-6;
/** A finite-difference delta over a 0.01-point bump of the forward agrees to this. */
const DELTA_TOLERANCE = 1e-4;

function storedVix(): CanonicalQuote[] {
  return fixtureQuotes(realChains(), 'vix20160601').flatMap((q) => {
    const checked = checkQuote({ ...q, underlyingSymbol: q.underlying, statedSettlement: undefined }, DEFAULT_CHAIN_IMPORT_CONFIG);
    return checked.ok ? [checked.quote] : [];
  });
}

async function setup() {
  const history = await realHistory();
  const modelOn = createModelMarket(history, DEFAULT_MARKET_MODEL_CONFIG, VixBetaConfigSchema.parse({}));
  const rateOn = (d: DayNumber) => history.riskFreeRateOn(d);
  const quotes = storedVix();
  // No SPX quotes at all: SPX stays on the model (hybrid), the VIX options ask the VIX chains.
  const spx = new ChainEngineMarket(() => new ChainMarket('SPX', [], rateOn, ChainMarketConfigSchema.parse({ mode: 'hybrid' })), 'hybrid');
  const vix = new ChainEngineMarket(() => new ChainMarket('VIX', quotes, rateOn, ChainMarketConfigSchema.parse({ mode: 'hybrid' })), 'hybrid');
  const uses: ChainPriceUse[] = [];
  const model = modelOn(JUN1) as MarketDayView;
  const view = chainMarketDayView(model, spx, { vix, onPrice: (u) => uses.push(u) });
  return { history, quotes, model, view, vix, uses, rate: rateOn(JUN1) as number };
}

describe('VIX options on the VIX chains', () => {
  it('prices a quoted VIX call at its mid, with delta to the parity forward of its expiry', async () => {
    const { quotes, view, uses, rate } = await setup();
    const row = quotes.find((q) => q.expiryDay === JUL20 && q.right === 'C' && q.strike === 20 && q.root === 'VIX') as CanonicalQuote;
    const q = view.priceVixOption('call', 20, JUL20);
    expect(q.mid).toBe(0.5 * (row.bid + row.ask));
    expect(q.halfSpread).toBe(0.5 * (row.ask - row.bid));
    // The forward the options imply for 2016-07-20, recomputed here from the same quotes.
    const t = yearFractionAct365(JUN1, JUL20);
    const df = Math.exp(-rate * t);
    const expiryQuotes = quotes.filter((x) => x.expiryDay === JUL20 && x.root === 'VIX');
    const forward = parityForward(
      expiryQuotes.map((x) => ({ quoteDay: x.quoteDay, expiryDay: x.expiryDay, type: x.right === 'C' ? 'call' : 'put', strike: x.strike, bid: x.bid, ask: x.ask })),
      df,
    ) as number;
    const value = (f: number) => black76Value({ type: 'call', forward: f, strike: 20, timeYears: t, rate, sigma: q.impliedVol }).price;
    expect(Math.abs(value(forward) - q.mid)).toBeLessThan(PRICE_TOLERANCE_POINTS);
    // Delta to the future, not to spot VIX: a finite difference in the forward.
    const h = 0.01;
    expect(Math.abs((value(forward + h) - value(forward - h)) / (2 * h) - q.delta)).toBeLessThan(DELTA_TOLERANCE);
    expect(uses).toEqual([{ underlying: 'VIX', type: 'call', strike: 20, expiryDay: JUL20, source: 'chain', ageDays: 0 }]);
  });

  it('chooses the quoted OTM call whose delta is nearest the target', async () => {
    const { view } = await setup();
    const strike = view.vixStrikeForDelta('call', 0.3, JUL20);
    const gap = (k: number) => Math.abs(view.priceVixOption('call', k, JUL20).delta - 0.3);
    // Whole strikes are quoted around it: both neighbours are further from 30 delta.
    expect(gap(strike)).toBeLessThanOrEqual(gap(strike - 1));
    expect(gap(strike)).toBeLessThanOrEqual(gap(strike + 1));
  });

  it('leaves an expiry or strike the quotes lack to the model, each use logged and counted', async () => {
    const { view, model, vix, uses } = await setup();
    // The sample quotes no 2016-12-21 expiry.
    const dec21 = dayFromIso('2016-12-21');
    expect(view.priceVixOption('call', 20, dec21)).toEqual(model.priceVixOption('call', 20, dec21));
    expect(view.vixStrikeForDelta('call', 0.3, dec21)).toBe(model.vixStrikeForDelta('call', 0.3, dec21));
    expect(uses.at(-1)?.source).toBe('model');
    const usage = vix.finish();
    expect(usage.modelFallbacks).toEqual(['2016-06-01 C 20 2016-12-21 AM', '2016-06-01 VIX strike for 0.3 delta call 2016-12-21']);
    expect(usage.chainQuotes).toBe(0);
  });
});

describe('a backtest day on the VIX chains', () => {
  it('opens the hedge layers of 2016-06-01 on the VIX quotes and counts each lookup', async () => {
    const history = await realHistory();
    const rateOn = (d: DayNumber) => history.riskFreeRateOn(d);
    const spx = new ChainEngineMarket(() => new ChainMarket('SPX', [], rateOn, ChainMarketConfigSchema.parse({ mode: 'hybrid' })), 'hybrid');
    const vix = new ChainEngineMarket(() => new ChainMarket('VIX', storedVix(), rateOn, ChainMarketConfigSchema.parse({ mode: 'hybrid' })), 'hybrid');
    // A condor on the first day (calendar entry) with hedge layer 1 on at once whatever the regime.
    const config = parseStrategyConfig(
      {
        name: 'vix-chain-hedge',
        entry: { mode: 'calendar', calendarCycle: 'every-n-trading-days', calendarEveryTradingDays: 21, maxOpenCondors: 1 },
        hedge: { enabled: true, alwaysHedgeRegimes: ['calm', 'normal', 'elevated', 'high', 'extreme'] },
      },
      'test',
    );
    const job = runBacktestJob({
      history,
      configs: [config],
      fromDay: JUN1,
      toDay: dayFromIso('2016-06-03'),
      signalDeps: { countTradingDays: countNyseTradingDays },
      wrapMarket: (modelOn) => chainsMarketOn(modelOn, spx, { vix }),
    });
    const result = job.suite.results.get(config.name);
    if (result === undefined) throw new Error('no result');
    const usage = vix.finish();
    const layer = result.decisions.find((d) => d.day === JUN1 && d.action === 'add-layer');
    // The 30-delta call on the VIX quotes of the day (the ChainMarket's own choice, asked directly).
    const direct = new ChainMarket('VIX', storedVix(), rateOn, ChainMarketConfigSchema.parse({ mode: 'hybrid' }));
    direct.advanceTo(JUN1);
    const strike = direct.strikeForDelta('C', 0.3, JUL20, 'AM');
    expect(strike).toBe(22);
    expect(layer?.reason).toMatch(/long \d+ VIX 2016-07-20 22 call/);
    // Quoted on 2016-06-01; the sample has no later day, so the layer is marked on its quote carried
    // 1 and 2 days. The only VIX questions the model answered are the band check's on those two days
    // (below the band, the day's record asks which call is the cheapest exposure: a strike by delta,
    // which carried quotes cannot answer).
    expect(usage.chainQuotes).toBeGreaterThan(0);
    expect(Object.keys(usage.carriedByAgeDays).map(Number).sort()).toEqual([1, 2]);
    expect(usage.modelFallbacks).toEqual(['2016-06-02 VIX strike for 0.3 delta call 2016-07-20', '2016-06-03 VIX strike for 0.3 delta call 2016-07-20']);
    expect([...usage.daysWithoutChain].sort((a, b) => a - b)).toEqual([dayFromIso('2016-06-02'), dayFromIso('2016-06-03')]);
  }, 60_000);
});
