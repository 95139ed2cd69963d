/**
 * Price/oscillator divergences (METHODOLOGY.md section 2). Bearish: the last two swing highs of price
 * rise while an oscillator's values at those two bars fall; bullish mirrors this on swing lows. The two
 * pivots must be `divergenceMinSpacingBars`..`divergenceMaxSpacingBars` apart. A divergence is detected
 * on the bar its second pivot becomes known (pivot + lookback), so it never uses later data.
 *
 * Confirmation: a second oscillator diverges on the same pivot pair, or the MACD line crosses its
 * signal line against the price trend (down for bearish, up for bullish) on a bar after the second
 * pivot and no later than `confirmationWindowBars` bars after detection.
 */
import type { SwingPivot } from './pivots.js';

export const OSCILLATORS = ['macd', 'rsi', 'obv', 'adLine'] as const;
export type OscillatorName = (typeof OSCILLATORS)[number];

/** An oscillator value; cumulative lines carry a segment and compare only within one. */
export interface OscillatorReading {
  readonly value: number;
  readonly segment: number;
}

export type DivergenceDirection = 'bearish' | 'bullish';

export interface Divergence {
  readonly direction: DivergenceDirection;
  /** Oscillators that diverge on this pivot pair, in OSCILLATORS order. */
  readonly oscillators: readonly OscillatorName[];
  readonly firstPivotBarIndex: number;
  readonly secondPivotBarIndex: number;
  readonly detectedBarIndex: number;
  readonly confirmation: DivergenceConfirmation | undefined;
}

export interface DivergenceConfirmation {
  readonly by: 'second-oscillator' | 'macd-cross';
  readonly barIndex: number;
}

export interface DivergenceRules {
  readonly divergenceMinSpacingBars: number;
  readonly divergenceMaxSpacingBars: number;
  readonly confirmationWindowBars: number;
}

export type ReadingAt = (oscillator: OscillatorName, barIndex: number) => OscillatorReading | undefined;
export type MacdCrossAt = (barIndex: number) => 'up' | 'down' | 'none';

/** The oscillators that diverge from price between two same-kind pivots (empty if none or out of spacing). */
export function divergingOscillators(
  first: SwingPivot,
  second: SwingPivot,
  readingAt: ReadingAt,
  rules: DivergenceRules,
): OscillatorName[] {
  if (first.kind !== second.kind) return [];
  const spacing = second.barIndex - first.barIndex;
  if (spacing < rules.divergenceMinSpacingBars || spacing > rules.divergenceMaxSpacingBars) return [];
  const priceRises = second.value > first.value;
  const priceFalls = second.value < first.value;
  const found: OscillatorName[] = [];
  for (const name of OSCILLATORS) {
    const a = readingAt(name, first.barIndex);
    const b = readingAt(name, second.barIndex);
    if (a === undefined || b === undefined || a.segment !== b.segment) continue;
    if (first.kind === 'high' && priceRises && b.value < a.value) found.push(name);
    if (first.kind === 'low' && priceFalls && b.value > a.value) found.push(name);
  }
  return found;
}

/** The MACD cross that confirms a divergence of this direction. */
export function confirmingCross(direction: DivergenceDirection): 'up' | 'down' {
  return direction === 'bearish' ? 'down' : 'up';
}

/**
 * Tracks the last swing high and low of price and the divergences between consecutive ones. Feed every
 * bar once, in order, with the pivots that became known on it.
 */
export class DivergenceTracker {
  private lastHigh: SwingPivot | undefined;
  private lastLow: SwingPivot | undefined;
  private latest: { bearish: Divergence | undefined; bullish: Divergence | undefined } = { bearish: undefined, bullish: undefined };

  constructor(private readonly rules: DivergenceRules) {}

  /** Returns the divergences detected on this bar (at most one per direction). */
  update(barIndex: number, pivots: readonly SwingPivot[], readingAt: ReadingAt, crossAt: MacdCrossAt): Divergence[] {
    this.confirmPending(barIndex, crossAt);
    const detected: Divergence[] = [];
    for (const pivot of pivots) {
      const previous = pivot.kind === 'high' ? this.lastHigh : this.lastLow;
      if (pivot.kind === 'high') this.lastHigh = pivot;
      else this.lastLow = pivot;
      if (previous === undefined) continue;
      const oscillators = divergingOscillators(previous, pivot, readingAt, this.rules);
      if (oscillators.length === 0) continue;
      const direction: DivergenceDirection = pivot.kind === 'high' ? 'bearish' : 'bullish';
      let confirmation: DivergenceConfirmation | undefined;
      if (oscillators.length >= 2) confirmation = { by: 'second-oscillator', barIndex };
      else {
        for (let b = pivot.barIndex + 1; b <= barIndex; b++) {
          if (crossAt(b) === confirmingCross(direction)) {
            confirmation = { by: 'macd-cross', barIndex: b };
            break;
          }
        }
      }
      const divergence: Divergence = {
        direction,
        oscillators,
        firstPivotBarIndex: previous.barIndex,
        secondPivotBarIndex: pivot.barIndex,
        detectedBarIndex: barIndex,
        confirmation,
      };
      this.latest[direction] = divergence;
      detected.push(divergence);
    }
    return detected;
  }

  /** The most recent divergence of each direction (confirmed or not), however old. */
  latestDivergence(direction: DivergenceDirection): Divergence | undefined {
    return this.latest[direction];
  }

  private confirmPending(barIndex: number, crossAt: MacdCrossAt): void {
    for (const direction of ['bearish', 'bullish'] as const) {
      const d = this.latest[direction];
      if (d === undefined || d.confirmation !== undefined) continue;
      if (barIndex > d.detectedBarIndex + this.rules.confirmationWindowBars) continue;
      if (crossAt(barIndex) === confirmingCross(direction)) {
        this.latest[direction] = { ...d, confirmation: { by: 'macd-cross', barIndex } };
      }
    }
  }
}
