/** Which hedge rungs (layer numbers) are free: neither held nor cooling down after being cashed. */
import type { StrategyState } from '../state.js';

/** The lowest rung neither held nor cooling down, or undefined when every rung is taken. */
export function nextFreeRung(state: Pick<StrategyState, 'layers' | 'rungCooldown'>, maxLayers: number): number | undefined {
  const held = new Set(state.layers.map((l) => l.layer));
  for (let rung = 1; rung <= maxLayers; rung++) if (!held.has(rung) && !state.rungCooldown.has(rung)) return rung;
  return undefined;
}
