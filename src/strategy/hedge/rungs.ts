/** Which hedge rungs (layer numbers) are free, and whether the hedge is fully layered. */
import type { StrategyConfig } from '../config.js';
import type { StrategyState } from '../state.js';

/** The lowest rung neither held nor cooling down, or undefined when every rung is taken. */
export function nextFreeRung(state: Pick<StrategyState, 'layers' | 'rungCooldown'>, maxLayers: number): number | undefined {
  const held = new Set(state.layers.map((l) => l.layer));
  for (let rung = 1; rung <= maxLayers; rung++) if (!held.has(rung) && !state.rungCooldown.has(rung)) return rung;
  return undefined;
}

/** The rungs the layering plans: one per ladder tenor (`ladder`), or `maxLayers` (`taper`). */
export function plannedRungs(config: StrategyConfig): number {
  const h = config.hedge;
  return h.layering === 'ladder' ? h.ladderTenors.length : h.maxLayers;
}

/**
 * "Once fully layered" (METHODOLOGY section 4: the band is kept from then on): as many rungs held as
 * the layering plans. Rungs, not layers: with `hedge.agedLayerTopUps: renew` a rung can hold two
 * layers for a while (an aged one left to decay beside its renewal), which is still one rung. The
 * rebalance runs only then, and the band's share is reported on those days.
 */
export function fullyLayered(config: StrategyConfig, state: Pick<StrategyState, 'layers'>): boolean {
  const planned = plannedRungs(config);
  // Fewer layers than planned rungs cannot cover them; the set is built only when they might.
  return state.layers.length >= planned && new Set(state.layers.map((l) => l.layer)).size >= planned;
}

/** The lowest planned rung not held, or undefined when fully layered by rung number. */
export function lowestMissingRung(config: StrategyConfig, state: Pick<StrategyState, 'layers'>): number | undefined {
  const held = new Set(state.layers.map((l) => l.layer));
  for (let rung = 1; rung <= plannedRungs(config); rung++) if (!held.has(rung)) return rung;
  return undefined;
}
