/**
 * The strategy's own state across days: the condors and hedge layers it manages (by the ids of their
 * positions in the book), its counters and the windows its caps read. Plain JSON: the daily signal
 * stores it in the book snapshot and restores it the next day, so nothing a decision depends on lives
 * anywhere else. The book (positions, cash) is the portfolio's; this state only names positions in it.
 */
import type { DayNumber } from '../time/day.js';
import type { VixRegimeName } from './config.js';

export interface CondorState {
  readonly group: string;
  readonly entryDay: DayNumber;
  contracts: number;
  /** Net credit per unit so far (entry credit, adjusted by rolls), index points. */
  creditPoints: number;
  rolls: number;
  deferrals: number;
  /** The vertical on each side, by position id. */
  putShortId: string | undefined;
  putLongId: string | undefined;
  callShortId: string | undefined;
  callLongId: string | undefined;
  legIds: string[];
}

/** How a layer's expiry is chosen when it is opened (its legs keep their own tenors when rolled). */
export type LayerTenor = { kind: 'vixTenor'; index: number } | { kind: 'dteRange'; min: number; max: number } | { kind: 'dte'; days: number };

export interface HedgeLayerState {
  /** The layer's identity for its whole life (`hedge-N`, N never reused). */
  readonly group: string;
  /** The layer's rung (1 = first layer): it keeps it through rolls, rebalances and trims. */
  readonly layer: number;
  readonly openedDay: DayNumber;
  readonly tenor: LayerTenor;
  /**
   * The layer's cumulative cost basis, USD: the first purchase, plus every roll's net debit and every
   * rebalance purchase, less the pro-rata basis of contracts trimmed. The take-profit rule reads it.
   */
  premiumUsd: number;
  legIds: string[];
  /** Long contracts held across the layer's legs (the sum actually bought, never a rounded request). */
  contracts: number;
  /** Times the layer has been rolled (0 when absent from an older snapshot). */
  rolls?: number;
  /** A due roll was refused because no rule wants the layer any more: it is left to expire. */
  letDecay?: boolean;
}

/**
 * A new condor's state, before its fills are booked: every condor's state is built here. The numbers a
 * later day may make fractional (contracts, the credit) are parameters, so the primers below can build
 * one with fractions first (see STATE_SHAPE_PRIMERS).
 */
export function newCondorState(group: string, entryDay: DayNumber, contracts: number, creditPoints = 0): CondorState {
  return { group, entryDay, contracts, creditPoints, rolls: 0, deferrals: 0, putShortId: undefined, putLongId: undefined, callShortId: undefined, callLongId: undefined, legIds: [] };
}

/** A new hedge layer's state, before its fills are booked: every layer's state is built here. */
export function newHedgeLayerState(group: string, layer: number, openedDay: DayNumber, tenor: LayerTenor, premiumUsd = 0, contracts = 0): HedgeLayerState {
  return { group, layer, openedDay, tenor, premiumUsd, legIds: [], contracts, rolls: 0 };
}

/**
 * A condor and a layer state built when the module loads, with a fractional credit, cost and contract
 * count, and kept alive here. V8 keeps each field's representation on the hidden class shared by
 * every object built with these fields in this order: a field first stored as a small integer (a
 * credit or cost of 0 before the fills) is kept as one until a fraction arrives, and then the class is
 * replaced and the optimized code that checked it is thrown away mid-run. Built first with fractions,
 * these fields hold doubles from the start (docs/backtest.md, "Where a fresh process's extra second goes").
 */
export const STATE_SHAPE_PRIMERS: readonly object[] = [newCondorState('', 0, 0.5, 0.5), newHedgeLayerState('', 1, 0, { kind: 'dte', days: 1 }, 0.5, 0.5)];

/**
 * The rung of a pre-FOMC call-spread seed's legs (layers are 1, 2, 3 ...). A seed is an event position
 * beside the layered hedge: outside the premium caps and outside the hedge-ratio band, so buying one
 * trims no layer and its sale buys none back (the book's Greeks keep its VIX exposure apart).
 */
export const PRE_FOMC_SEED_RUNG = 0;

/** A pre-FOMC call-spread seed, with the days-to-FOMC count when it was bought. */
export type SeedState = HedgeLayerState & { tradingDaysToFomcAtOpen: number };

/**
 * What the trade record of a group needs from its opening (the recorder writes it when the group
 * closes), and what has changed in the group since: it is part of the snapshot, so a group opened
 * before a restore is recorded as one run straight through would record it.
 */
export interface GroupOpening {
  entryDay: DayNumber;
  kind: 'condor' | 'hedge-layer';
  layer: number | undefined;
  contracts: number;
  entryPricePoints: number;
  /** The legs at entry (src/strategy/legsText.ts writes them). */
  legs: string;
  /**
   * The legs held after the group's legs last changed while some stayed (a roll, a widening, a
   * partial close or expiry, a trim or a top-up, a resize of the fund): its legs at close unless they
   * change again. Absent while they never changed (and in an older snapshot): the entry legs.
   */
  legsHeld?: string;
  /** Times the group was rolled so far (absent: none). */
  rolls?: number;
}

/** Everything the managers carry from one day to the next. */
export interface StrategyState {
  readonly condors: CondorState[];
  readonly layers: HedgeLayerState[];
  readonly seeds: SeedState[];
  /** The next id for a group or a position (ids are counters: the same run gives the same ids). */
  nextId: number;
  /** Trading days since the last condor entry; undefined before the first. */
  tradingDaysSinceEntry: number | undefined;
  tradingDaysSinceRebalance: number;
  /** The hedge has been fully layered since it last held no layer: the band applies (`hedge.rebalanceWhen`). */
  bandEngaged: boolean;
  condorRolls: number;
  deferredRolls: number;
  regimeRun: { regime: VixRegimeName; days: number } | undefined;
  /** Premium spent on new layers in quiet regimes, by day, for the monthly drag cap. */
  readonly quietPremium: Array<{ day: DayNumber; usd: number }>;
  /** Trading days left before a cashed rung may be bought again, by rung. */
  readonly rungCooldown: Map<number, number>;
  /** Highest VIX close of a spike under way (above `hedge.cashWhenVixAbove`), or undefined. */
  vixSpikePeak: number | undefined;
  /** Trading days since the last bearish divergence or layer-2 confirmation, or undefined if none yet. */
  tradingDaysSinceHedgeSignal: number | undefined;
}

export function emptyStrategyState(): StrategyState {
  return {
    condors: [],
    layers: [],
    seeds: [],
    nextId: 1,
    tradingDaysSinceEntry: undefined,
    tradingDaysSinceRebalance: 0,
    bandEngaged: false,
    condorRolls: 0,
    deferredRolls: 0,
    regimeRun: undefined,
    quietPremium: [],
    rungCooldown: new Map(),
    vixSpikePeak: undefined,
    tradingDaysSinceHedgeSignal: undefined,
  };
}

/** A new group id, `prefix-N`, from the state's counter (managers use an IdCounter on it instead). */
export function allocateId(state: StrategyState, prefix: string): string {
  return `${prefix}-${state.nextId++}`;
}

/** Forget legs no longer in the book, and condors, layers and seeds with no leg left. */
export function pruneClosed(state: StrategyState, isOpen: (positionId: string) => boolean): void {
  for (let i = state.condors.length - 1; i >= 0; i--) {
    const c = state.condors[i] as CondorState;
    // Copied only when a leg has gone (the engine prunes after every fill, mostly with nothing to drop).
    if (!c.legIds.every(isOpen)) c.legIds = c.legIds.filter(isOpen);
    if (c.legIds.length === 0) state.condors.splice(i, 1);
  }
  for (const list of [state.layers, state.seeds] as HedgeLayerState[][]) {
    for (let i = list.length - 1; i >= 0; i--) {
      const l = list[i] as HedgeLayerState;
      if (!l.legIds.every(isOpen)) l.legIds = l.legIds.filter(isOpen);
      if (l.legIds.length === 0) list.splice(i, 1);
    }
  }
}

/** The end of a trading day for the counters: days since entry, rung cooldowns. */
export function advanceTradingDay(state: StrategyState): void {
  state.tradingDaysSinceEntry = state.tradingDaysSinceEntry === undefined ? undefined : state.tradingDaysSinceEntry + 1;
  for (const [rung, left] of [...state.rungCooldown]) {
    if (left <= 1) state.rungCooldown.delete(rung);
    else state.rungCooldown.set(rung, left - 1);
  }
}
