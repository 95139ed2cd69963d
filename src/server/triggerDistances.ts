/**
 * Why the strategy did nothing today: how far each of its triggers is from firing, each against the
 * config field it is read from. Short-strike deltas and distances against the adaptive "threatened"
 * rule, days to expiry against the close rule, profit as a share of the credit against the fixed R:R
 * exits, the hedge ratio against its band, and the trading days to the next event against the window
 * in which an event favours a hedge over a roll. Pure: the marks come from the market view given.
 */
import type { EngineStateSnapshot } from '../engine/backtest.js';
import type { MarketDayView } from '../engine/marketView.js';
import type { StrategyConfig } from '../strategy/config.js';

export interface TriggerDistance {
  /** What is measured, in words. */
  readonly trigger: string;
  /** The condor it belongs to; null for a book-wide trigger. */
  readonly group: string | null;
  /** The config field the threshold comes from. */
  readonly rule: string;
  readonly value: number | null;
  /** The level at which the rule fires; for a band, its lower edge (and `upper` its upper). */
  readonly threshold: number | null;
  readonly upper: number | null;
  /** How much further `value` must move before the rule fires, in `unit`; 0 or less: it has fired. */
  readonly remaining: number | null;
  readonly unit: 'delta' | 'fraction' | 'days' | 'ratio' | 'trading days';
  /** False when the preset does not manage by this rule (shown for reference). */
  readonly active: boolean;
}

export interface TriggerInputs {
  readonly snapshot: EngineStateSnapshot;
  readonly market: Pick<MarketDayView, 'day' | 'spxClose' | 'priceSpxOption'>;
  readonly config: StrategyConfig;
  /** The book's hedge exposure over its condors' (null without condors). */
  readonly hedgeRatio: number | null;
  readonly tradingDaysToNextEvent: number | null;
}

export function triggerDistances(inputs: TriggerInputs): TriggerDistance[] {
  const { snapshot, market, config } = inputs;
  const mode = config.management.mode;
  const adaptive = config.management.adaptive;
  const fixed = config.management.fixedRr;
  const adaptiveOn = mode === 'alvh-adaptive';
  const out: TriggerDistance[] = [];
  const byId = new Map(snapshot.book.positions.map((p) => [p.id, p]));
  const markOf = (id: string | undefined) => {
    const p = id === undefined ? undefined : byId.get(id);
    if (p === undefined || p.type === 'future' || p.expiryDay <= market.day) return undefined;
    return { position: p, quote: market.priceSpxOption(p.type, p.strike, p.expiryDay) };
  };
  for (const c of snapshot.condors) {
    const putShort = markOf(c.putShortId);
    const callShort = markOf(c.callShortId);
    const putLong = markOf(c.putLongId);
    const callLong = markOf(c.callLongId);
    for (const [side, leg] of [['put', putShort], ['call', callShort]] as const) {
      if (leg === undefined) continue;
      const delta = Math.abs(leg.quote.delta);
      out.push({ trigger: `short ${side} delta (strike ${leg.position.strike})`, group: c.group, rule: 'management.adaptive.threatenedShortDelta', value: delta, threshold: adaptive.threatenedShortDelta, upper: null, remaining: adaptive.threatenedShortDelta - delta, unit: 'delta', active: adaptiveOn });
      // Put: spot above the strike by this share; call: below it.
      const distance = side === 'put' ? (market.spxClose - leg.position.strike) / market.spxClose : (leg.position.strike - market.spxClose) / market.spxClose;
      out.push({ trigger: `SPX distance to the short ${side}`, group: c.group, rule: 'management.adaptive.threatenedDistanceFraction', value: distance, threshold: adaptive.threatenedDistanceFraction, upper: null, remaining: distance - adaptive.threatenedDistanceFraction, unit: 'fraction', active: adaptiveOn });
    }
    const anyLeg = putShort ?? callShort;
    if (anyLeg !== undefined) {
      const dteDays = anyLeg.position.expiryDay - market.day;
      const closeAt = mode === 'fixed-rr' ? fixed.closeAtDteDays : adaptive.closeAtDteDays;
      out.push({ trigger: 'days to expiry', group: c.group, rule: mode === 'fixed-rr' ? 'management.fixedRr.closeAtDteDays' : 'management.adaptive.closeAtDteDays', value: dteDays, threshold: closeAt, upper: null, remaining: dteDays - closeAt, unit: 'days', active: mode !== 'hold-to-expiry' && closeAt > 0 });
    }
    if (putShort && callShort && putLong && callLong && c.creditPoints > 0) {
      // Debit to buy the condor back per unit, at the model's mids.
      const debit = putShort.quote.mid - putLong.quote.mid + callShort.quote.mid - callLong.quote.mid;
      const profitShare = (c.creditPoints - debit) / c.creditPoints;
      out.push({ trigger: 'profit as a share of the credit', group: c.group, rule: 'management.fixedRr.takeProfitFractionOfCredit', value: profitShare, threshold: fixed.takeProfitFractionOfCredit, upper: null, remaining: fixed.takeProfitFractionOfCredit - profitShare, unit: 'fraction', active: mode === 'fixed-rr' });
      const lossMultiple = (debit - c.creditPoints) / c.creditPoints;
      out.push({ trigger: 'loss as a multiple of the credit', group: c.group, rule: 'management.fixedRr.stopLossMultipleOfCredit', value: lossMultiple, threshold: fixed.stopLossMultipleOfCredit, upper: null, remaining: fixed.stopLossMultipleOfCredit - lossMultiple, unit: 'ratio', active: mode === 'fixed-rr' });
    }
  }
  const band = config.hedge.hedgeRatioBand;
  const ratio = inputs.hedgeRatio;
  out.push({
    trigger: 'hedge ratio against its band',
    group: null,
    rule: 'hedge.hedgeRatioBand',
    value: ratio,
    threshold: band.min,
    upper: band.max,
    // Distance to the nearer edge; negative once outside the band.
    remaining: ratio === null ? null : Math.min(ratio - band.min, band.max - ratio),
    unit: 'ratio',
    active: config.hedge.enabled && ratio !== null,
  });
  const eventDays = inputs.tradingDaysToNextEvent;
  out.push({
    trigger: 'trading days to the next event',
    group: null,
    rule: 'management.adaptive.eventFavoursHedgeWithinTradingDays',
    value: eventDays,
    threshold: adaptive.eventFavoursHedgeWithinTradingDays,
    upper: null,
    remaining: eventDays === null ? null : eventDays - adaptive.eventFavoursHedgeWithinTradingDays,
    unit: 'trading days',
    active: adaptiveOn && eventDays !== null,
  });
  return out;
}
