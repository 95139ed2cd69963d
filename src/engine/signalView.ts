/**
 * The engine's view of a day's signals, read off the signal engine's `DailySignals`. This is where
 * the methodology's trigger lists (METHODOLOGY section 4) are spelled out in terms of signals:
 * - confirmations for layer 2: MACD crossunder, RSI failure above 60, A/D or OBV divergence, VIX
 *   spike, VIX MACD crossing up, or a bearish divergence confirmed today;
 * - regime changes that forbid deferring a roll (section 5): a VIX RSI divergence pointing to rising
 *   volatility, or an inverted term structure.
 */
import type { DailySignals } from '../signals/dailySignals.js';
import type { VixRegimeName } from '../strategy/config.js';
import type { EngineSignals } from './marketView.js';

const HEDGE_EVENT_KINDS = new Set(['fomc', 'cpi', 'ppi']);

/**
 * The day's VIX regime: `previousRegime` carries the last known regime over a day without a VIX close
 * (four such days in the 1990s data); with none known, the day counts as `normal`. All a day before a
 * run's start contributes to the run (the regime it carries into the next day).
 */
export function engineRegimeFrom(daily: DailySignals, previousRegime: VixRegimeName | undefined): VixRegimeName {
  return daily.vix.regime ?? previousRegime ?? 'normal';
}

/** The day's signals as the engine reads them; the record says when the regime was carried (engineRegimeFrom). */
export function engineSignalsFrom(daily: DailySignals, previousRegime: VixRegimeName | undefined): EngineSignals & { regimeCarried: boolean } {
  const regime = engineRegimeFrom(daily, previousRegime);
  const bearishToday = daily.divergences.detectedToday.filter((d) => d.direction === 'bearish');
  const confirmations: string[] = [];
  if (daily.spx.macdCrossunder === true) confirmations.push('macdCrossunder');
  if (daily.spx.rsiFailureSwing !== null) confirmations.push('rsiFailureAbove60');
  if (bearishToday.some((d) => d.oscillators.includes('adLine'))) confirmations.push('adDivergence');
  if (bearishToday.some((d) => d.oscillators.includes('obv'))) confirmations.push('obvDivergence');
  if (daily.vix.spike === true) confirmations.push('vixSpike');
  if (daily.vix.macdCrossUp === true) confirmations.push('vixMacdCrossUp');
  const active = daily.divergences.activeBearish;
  if (active?.confirmed && active.confirmedDate === daily.date) confirmations.push('bearishDivergenceConfirmed');

  const futuresInverted = daily.termStructure.futuresContango === null ? undefined : daily.termStructure.futuresContango < 0;
  const inverted = daily.termStructure.inverted ?? futuresInverted;
  const regimeChangeSignals: string[] = [];
  // VIX diverging bullishly against its RSI: volatility pressure building under a calm surface.
  if (daily.vix.divergences.detectedToday.some((d) => d.direction === 'bullish' && d.oscillators.includes('rsi'))) regimeChangeSignals.push('vixRsiDivergence');
  if (inverted === true) regimeChangeSignals.push('termStructureInverted');

  let nextEvent: { days: number; label: string } | undefined;
  let daysToFomc: number | undefined;
  for (const e of daily.events) {
    // A release dated today (08:30 for CPI/PPI, 14:00 for FOMC) is known by the close the engine
    // decides at: it is past, not upcoming. The next one of the same kind is weeks away.
    if (e.tradingDaysToNext === null || e.tradingDaysToNext === 0 || !HEDGE_EVENT_KINDS.has(e.kind)) continue;
    if (e.kind === 'fomc') daysToFomc = e.tradingDaysToNext;
    if (!nextEvent || e.tradingDaysToNext < nextEvent.days) nextEvent = { days: e.tradingDaysToNext, label: `${e.kind.toUpperCase()} ${e.nextDate ?? ''}`.trim() };
  }
  return {
    regime,
    regimeCarried: daily.vix.regime === null,
    entryTrigger: daily.entry.trigger,
    entryReason: `RSAi: ${daily.entry.reason}`,
    bearishDivergence: bearishToday.length > 0,
    confirmations,
    termStructureInverted: inverted,
    regimeChangeSignals,
    reliefRally: daily.relief.state === 'relief-rally',
    resolution: daily.relief.state === 'resolution',
    tradingDaysToNextEvent: nextEvent?.days,
    nextEventLabel: nextEvent?.label,
    tradingDaysToNextFomc: daysToFomc,
  };
}
