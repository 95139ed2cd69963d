/**
 * RSAi, alvh's own "relative strength adaptation index" and the iron condor entry trigger.
 *
 * The methodology names an RSAi but its formula is proprietary, so this is a documented substitute
 * (METHODOLOGY.md section 2, marked as a choice there).
 *
 * 1. Volatility ratio. `volRatio = RV20 / (VIX / 100)`: 20-day realised SPX vol (RealisedVol, ACT/365
 *    annualised) over implied vol. Implied usually exceeds realised (the variance risk premium), so a
 *    typical ratio is about `rsaiNeutralVolRatio` = 0.8.
 * 2. Adaptive period. `periodBars = clamp(round(rsaiBasePeriodBars * rsaiNeutralVolRatio / volRatio),
 *    rsaiMinPeriodBars, rsaiMaxPeriodBars)` = clamp(round(14 * 0.8 / ratio), 7, 28). When realised vol
 *    runs hot relative to implied, prices are moving faster than the market priced, a 14-day RSI lags,
 *    and the period shortens; in quiet tape it lengthens so noise does not read as momentum.
 * 3. Adaptive RSI. Wilder smoothing whose alpha is 1/periodBars of the day:
 *    `avgGain += (gain - avgGain) / periodBars` (same for losses), seeded like Wilder's RSI with the
 *    simple mean of the first `rsaiBasePeriodBars` changes; `adaptiveRsi = 100 * avgGain / (avgGain +
 *    avgLoss)` (50 when both are zero). Days without a vol ratio (no VIX) smooth with the base period.
 * 4. Score in [-100, 100]. `score = clamp(2 * (adaptiveRsi - 50) - bearish + bullish, -100, 100)`, where
 *    `bearish` (`bullish`) is `rsaiDivergencePoints` (20) for an active bearish (bullish) price
 *    divergence and twice that when it is confirmed. Positive = upward momentum, negative = downward;
 *    a divergence pulls the score against the trend it contradicts, so a stretched trend showing
 *    exhaustion moves toward 0.
 * 5. Entry trigger. Momentum is exhausting when a confirmed divergence (either direction) is active or
 *    |score| <= `rsaiNeutralBandPoints` (20). An iron condor entry triggers when momentum is exhausting,
 *    the VIX regime is in `entryAllowedRegimes` (default normal, elevated, high: calm pays too little
 *    credit for the tail risk, extreme is a crisis in progress whose gaps run through 16-delta wings),
 *    and, with `entryBlockedWhenInverted`, VIX / VIX3M is not inverted. When VIX3M is unavailable the
 *    inversion filter is skipped and the engine says so.
 *
 * Valid once the Wilder averages are seeded, `rsaiMaxPeriodBars` more bars have been smoothed (so the
 * seed has faded) and the vol ratio exists today: `warmupBars = max(base + 1 + max, rvWindow + 1)`.
 */
import type { DayNumber } from '../time/day.js';
import type { SignalConfig, VixRegime } from './config.js';
import { RealisedVol } from './indicators/realisedVol.js';
import { rsiFromAverages, WilderGainLoss } from './indicators/wilderRsi.js';
import { volDecimalFromPoints } from '../lib/units.js';

export interface RsaiReading {
  readonly realisedVol: number;
  readonly volRatio: number;
  readonly periodBars: number;
  readonly adaptiveRsi: number;
}

export type RsaiRules = Pick<
  SignalConfig,
  'realisedVolWindowBars' | 'rsaiBasePeriodBars' | 'rsaiMinPeriodBars' | 'rsaiMaxPeriodBars' | 'rsaiNeutralVolRatio'
>;

/** The adaptive period for a realised/implied vol ratio. */
export function rsaiPeriodBars(volRatio: number, rules: RsaiRules): number {
  const raw = Math.round((rules.rsaiBasePeriodBars * rules.rsaiNeutralVolRatio) / volRatio);
  return Math.min(rules.rsaiMaxPeriodBars, Math.max(rules.rsaiMinPeriodBars, raw));
}

export class AdaptiveRsi {
  readonly warmupBars: number;
  private readonly realisedVol: RealisedVol;
  private readonly averages: WilderGainLoss;
  private smoothedBars = 0;
  private lastRealisedVol: number | undefined;

  constructor(private readonly rules: RsaiRules) {
    this.realisedVol = new RealisedVol(rules.realisedVolWindowBars);
    this.averages = new WilderGainLoss(rules.rsaiBasePeriodBars);
    this.warmupBars = Math.max(rules.rsaiBasePeriodBars + 1 + rules.rsaiMaxPeriodBars, rules.realisedVolWindowBars + 1);
  }

  /** Realised vol of the last update (decimal), undefined while warming up. */
  get lastRealisedVolDecimal(): number | undefined {
    return this.lastRealisedVol;
  }

  /** Feeds one SPX bar and that day's VIX close (undefined when VIX has no value that day). */
  update(day: DayNumber, spxClose: number, vixClose: number | undefined): RsaiReading | undefined {
    const realisedVol = this.realisedVol.update(day, spxClose);
    this.lastRealisedVol = realisedVol;
    const volRatio = realisedVol !== undefined && vixClose !== undefined && vixClose > 0 ? realisedVol / volDecimalFromPoints(vixClose) : undefined;
    const periodBars = volRatio === undefined ? this.rules.rsaiBasePeriodBars : rsaiPeriodBars(volRatio, this.rules);

    const averages = this.averages.update(spxClose, periodBars);
    if (averages === undefined || averages.seededNow) return undefined;
    this.smoothedBars += 1;
    if (this.smoothedBars < this.rules.rsaiMaxPeriodBars || volRatio === undefined || realisedVol === undefined) return undefined;
    return { realisedVol, volRatio, periodBars, adaptiveRsi: rsiFromAverages(averages.averageGain, averages.averageLoss) };
  }
}

export interface DivergenceStateForScore {
  readonly bearish: 'none' | 'active' | 'confirmed';
  readonly bullish: 'none' | 'active' | 'confirmed';
}

export function rsaiScore(adaptiveRsi: number, divergence: DivergenceStateForScore, divergencePoints: number): number {
  const weight = (state: 'none' | 'active' | 'confirmed'): number =>
    state === 'confirmed' ? 2 * divergencePoints : state === 'active' ? divergencePoints : 0;
  const raw = 2 * (adaptiveRsi - 50) - weight(divergence.bearish) + weight(divergence.bullish);
  return Math.min(100, Math.max(-100, raw));
}

export type EntryReason =
  | 'confirmed-bearish-divergence'
  | 'confirmed-bullish-divergence'
  | 'neutral-momentum'
  | 'momentum-trending'
  | 'regime-not-allowed'
  | 'term-structure-inverted'
  | 'rsai-unavailable';

export interface EntryDecision {
  readonly trigger: boolean;
  readonly reason: EntryReason;
}

export interface EntryInputs {
  readonly score: number | undefined;
  readonly divergence: DivergenceStateForScore;
  readonly regime: VixRegime | undefined;
  /** VIX / VIX3M inverted today; undefined when VIX3M is missing (the filter is skipped). */
  readonly inverted: boolean | undefined;
}

export type EntryRules = Pick<SignalConfig, 'rsaiNeutralBandPoints' | 'entryAllowedRegimes' | 'entryBlockedWhenInverted'>;

/** The iron condor entry trigger; filters are checked before momentum so the reason names the blocker. */
export function icEntryDecision(inputs: EntryInputs, rules: EntryRules): EntryDecision {
  if (inputs.score === undefined || inputs.regime === undefined) return { trigger: false, reason: 'rsai-unavailable' };
  if (!rules.entryAllowedRegimes.includes(inputs.regime)) return { trigger: false, reason: 'regime-not-allowed' };
  if (rules.entryBlockedWhenInverted && inputs.inverted === true) return { trigger: false, reason: 'term-structure-inverted' };
  if (inputs.divergence.bearish === 'confirmed') return { trigger: true, reason: 'confirmed-bearish-divergence' };
  if (inputs.divergence.bullish === 'confirmed') return { trigger: true, reason: 'confirmed-bullish-divergence' };
  if (Math.abs(inputs.score) <= rules.rsaiNeutralBandPoints) return { trigger: true, reason: 'neutral-momentum' };
  return { trigger: false, reason: 'momentum-trending' };
}
