import { describe, expect, it } from 'vitest';
import type { DailySignal, SignalDecision, SignalTrade } from './dailySignal.js';
import { compareSignalOnModel, signalAcrossModelsLines } from './signalAcrossModels.js';

const decision = (action: SignalDecision['action'], rule: string, group: string | null): SignalDecision => ({ action, rule, reason: 'r', group, figures: {} });
const trade = (positionId: string, quantity: number, description: string): SignalTrade => ({
  positionId,
  group: positionId.split('.')[0] as string,
  role: 'condor',
  leg: 'shortPut',
  layer: null,
  kind: 'open',
  description,
  underlying: 'SPX',
  type: 'put',
  strike: 0,
  expiry: '2018-03-16',
  settlement: 'AM',
  quantity,
  modelPricePoints: 1,
} as SignalTrade);
const signal = (decisions: SignalDecision[], trades: SignalTrade[]): DailySignal => ({ date: '2018-02-05', preset: 'alvh-ladder', market: null, summary: null, decisions, trades, greeksAfter: null });

describe('the day\'s signal on another market model', () => {
  const followed = signal([decision('roll-condor', 'adaptive.rollOnRegimeChange', 'condor-a'), decision('add-layer', 'hedge.layer1.regime', 'hedge-7')], [trade('condor-a.shortPut.5', -10, 'sell to open 10 SPX 2018-03-16 2355 put'), trade('hedge-7.longCall.8', 15, 'buy to open 15 VIX 2018-03-21 55 call')]);

  it('the same actions and trades, whatever the prices', () => {
    const same = compareSignalOnModel(followed, 'a.json', signal(followed.decisions.slice(), followed.trades.map((t) => ({ ...t, modelPricePoints: 2 }))));
    expect(same).toMatchObject({ sameActions: true, sameTrades: true, actionChanges: [], tradeChanges: [] });
  });

  it('another strike or size on the same position is a changed trade; a position only one side has is added or missing', () => {
    const other = signal(followed.decisions.slice(0, 1), [trade('condor-a.shortPut.5', -10, 'sell to open 10 SPX 2018-03-16 2365 put'), trade('condor-a.longPut.6', 10, 'buy to open 10 SPX 2018-03-16 2315 put')]);
    const c = compareSignalOnModel(followed, 'b.json', other);
    expect(c.sameActions).toBe(false);
    expect(c.actionChanges).toEqual(['- add-layer hedge-7 [hedge.layer1.regime]']);
    expect(c.tradeChanges).toEqual(['sell to open 10 SPX 2018-03-16 2365 put (followed: sell to open 10 SPX 2018-03-16 2355 put)', '+ buy to open 10 SPX 2018-03-16 2315 put', '- buy to open 15 VIX 2018-03-21 55 call']);
    expect(signalAcrossModelsLines('defaults', [c])).toEqual([
      'Across market models (the same book and day priced on each; what-ifs, not journalled; followed: defaults):',
      '  b.json: other recommendations',
      '    - add-layer hedge-7 [hedge.layer1.regime]',
      '    sell to open 10 SPX 2018-03-16 2365 put (followed: sell to open 10 SPX 2018-03-16 2355 put)',
      '    + buy to open 10 SPX 2018-03-16 2315 put',
      '    - buy to open 15 VIX 2018-03-21 55 call',
      '  0 of 1 other model(s) recommend exactly what the followed signal does',
    ]);
  });

  it("a fund layer's units are trades too: another number of units is a changed trade", () => {
    // The fund's units follow the model's VIX exposure of the fund: another model, another count.
    const fund = (units: number) => ({ holdingId: 'hedge-8.vixFuturesFund', group: 'hedge-8', role: 'hedge' as const, layer: 1, index: 'VIX-ST-FUTURES' as const, description: `buy ${units.toFixed(4)} units of the VIX short-term futures fund`, units, levelPoints: 100.05, costUsd: units * 100.05 });
    const withFund = { ...followed, indexTrades: [fund(121.7035)] };
    expect(compareSignalOnModel(withFund, 'd.json', { ...withFund, indexTrades: [fund(121.7035)] }).sameTrades).toBe(true);
    expect(compareSignalOnModel(withFund, 'd.json', { ...withFund, indexTrades: [fund(118.25)] }).tradeChanges).toEqual([
      'buy 118.2500 units of the VIX short-term futures fund (followed: buy 121.7035 units of the VIX short-term futures fund)',
    ]);
    expect(compareSignalOnModel(withFund, 'd.json', followed).tradeChanges).toEqual(['- buy 121.7035 units of the VIX short-term futures fund']);
  });

  it('counts repeated actions: one more of the same is an added action', () => {
    const twice = signal([...followed.decisions, decision('add-layer', 'hedge.layer1.regime', 'hedge-7')], followed.trades.slice());
    expect(compareSignalOnModel(followed, 'c.json', twice).actionChanges).toEqual(['+ add-layer hedge-7 [hedge.layer1.regime]']);
  });
});
