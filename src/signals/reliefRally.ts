/**
 * Relief rally vs resolution around scheduled macro events (METHODOLOGY.md sections 2 and 4).
 *
 * An episode opens on the first trading day on or after an event, with the pre-event SPX and VIX
 * closes taken from the last trading day before the event day.
 * - relief rally: on the event day or within `reliefWindowBars` trading days after it, SPX closes above
 *   its pre-event close and VIX at least `reliefVixDropFraction` (10 %) below its pre-event close;
 * - resolution: after the relief rally, VIX closes below its pre-event close on `resolutionHoldBars` (5)
 *   more consecutive days and, on the day the count is reached (or any later day while it holds), the
 *   term structure is in contango and the A/D line (or, without breadth, SPX RSI) shows no active bearish
 *   divergence. A resolution lasts until the next event opens a new episode;
 * - fades *(choice)*: a relief rally fades when VIX closes back at or above its pre-event close (the
 *   relief was given back) or when `reliefMaxAgeBars` (20) trading days have passed since the event
 *   without a resolution. A faded episode reports `none` until the next event.
 * Overlapping events *(choice)*: a new event opens a new episode unless a relief rally is in progress,
 * which keeps its pre-event anchor until it resolves or fades (releases cluster: CPI and PPI often fall
 * on consecutive mornings, and resetting the anchor would erase a relief rally that is under way).
 * A term-structure condition that cannot be evaluated (no VIX3M and no futures, before 2004) is skipped
 * and the engine lists it as unavailable.
 */
import type { DayNumber } from '../time/day.js';

export type ReliefPhase = 'watching' | 'relief-rally' | 'resolution' | 'faded' | 'no-relief';
export type ReliefState = 'none' | 'relief-rally' | 'resolution';

export interface ReliefRules {
  readonly reliefWindowBars: number;
  readonly reliefVixDropFraction: number;
  readonly resolutionHoldBars: number;
  readonly reliefMaxAgeBars: number;
}

export interface ReliefEpisode {
  readonly eventDay: DayNumber;
  readonly eventKinds: readonly string[];
  readonly preEventSpxClose: number;
  readonly preEventVixClose: number;
  readonly phase: ReliefPhase;
  /** Trading days since the episode opened (0 on its first day). */
  readonly ageBars: number;
  /** Consecutive closes with VIX below its pre-event close since the relief rally began. */
  readonly vixBelowPreEventBars: number;
  readonly reliefDay: DayNumber | undefined;
  readonly resolutionDay: DayNumber | undefined;
  readonly fadeDay: DayNumber | undefined;
}

export interface ReliefBarInput {
  readonly day: DayNumber;
  readonly spxClose: number;
  readonly vixClose: number;
  /** Term structure in contango today; undefined when it cannot be evaluated (the condition is skipped). */
  readonly contango: boolean | undefined;
  /** The A/D line (or SPX RSI) has an active bearish divergence today. */
  readonly breadthDiverging: boolean;
}

export function reliefStateOf(episode: ReliefEpisode | undefined): ReliefState {
  if (episode === undefined) return 'none';
  if (episode.phase === 'relief-rally' || episode.phase === 'resolution') return episode.phase;
  return 'none';
}

export function openEpisode(eventDay: DayNumber, eventKinds: readonly string[], preEventSpxClose: number, preEventVixClose: number): ReliefEpisode {
  return {
    eventDay,
    eventKinds,
    preEventSpxClose,
    preEventVixClose,
    phase: 'watching',
    ageBars: -1,
    vixBelowPreEventBars: 0,
    reliefDay: undefined,
    resolutionDay: undefined,
    fadeDay: undefined,
  };
}

/** Advances an episode by one trading day (call once per bar, starting on its opening bar). */
export function advanceEpisode(episode: ReliefEpisode, bar: ReliefBarInput, rules: ReliefRules): ReliefEpisode {
  const ageBars = episode.ageBars + 1;
  const vixBelowPreEvent = bar.vixClose < episode.preEventVixClose;
  switch (episode.phase) {
    case 'watching': {
      const relief =
        bar.spxClose > episode.preEventSpxClose && bar.vixClose <= episode.preEventVixClose * (1 - rules.reliefVixDropFraction);
      if (relief) return { ...episode, ageBars, phase: 'relief-rally', reliefDay: bar.day, vixBelowPreEventBars: 0 };
      if (ageBars >= rules.reliefWindowBars) return { ...episode, ageBars, phase: 'no-relief' };
      return { ...episode, ageBars };
    }
    case 'relief-rally': {
      if (!vixBelowPreEvent || ageBars >= rules.reliefMaxAgeBars) return { ...episode, ageBars, phase: 'faded', fadeDay: bar.day };
      const held = episode.vixBelowPreEventBars + 1;
      const resolved = held >= rules.resolutionHoldBars && bar.contango !== false && !bar.breadthDiverging;
      if (resolved) return { ...episode, ageBars, vixBelowPreEventBars: held, phase: 'resolution', resolutionDay: bar.day };
      return { ...episode, ageBars, vixBelowPreEventBars: held };
    }
    default:
      return { ...episode, ageBars };
  }
}
