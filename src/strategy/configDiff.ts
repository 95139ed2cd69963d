/**
 * Which rules two strategy configs set differently, field by field: what a book's user is told when
 * the config a signal runs under is not the one its state was made under (a bundled preset that a
 * newer alvh ships with other numbers, or a config file edited since).
 */
import type { StrategyConfig } from './config.js';

/** One field the two configs set differently: its path (`hedge.takeProfitMultipleOfCost`) and both values as JSON text. */
export interface ConfigDifference {
  readonly field: string;
  readonly was: string;
  readonly now: string;
}

/**
 * Fields that say what a config is, not what it does: a description edited, or the name (the same for
 * two configs of one strategy), changes no rule.
 */
const NOT_RULES: ReadonlySet<string> = new Set(['name', 'description']);

/**
 * The fields `now` sets differently from `was`, in the configs' own field order. Objects are walked
 * field by field; an array is one value (a ladder's tenors are read together), and so is a field one
 * config has and the other lacks. Both configs come from the schema, so every field is there in both,
 * defaults included: a field added to the schema with its default is no difference.
 */
export function configDifferences(was: StrategyConfig, now: StrategyConfig): ConfigDifference[] {
  const out: ConfigDifference[] = [];
  walk(was, now, '', out);
  return out;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function walk(was: unknown, now: unknown, path: string, out: ConfigDifference[]): void {
  if (isRecord(was) && isRecord(now)) {
    const keys = [...Object.keys(was), ...Object.keys(now).filter((k) => !Object.hasOwn(was, k))];
    for (const key of keys) {
      const field = path === '' ? key : `${path}.${key}`;
      if (path === '' && NOT_RULES.has(key)) continue;
      walk(Object.hasOwn(was, key) ? was[key] : undefined, Object.hasOwn(now, key) ? now[key] : undefined, field, out);
    }
    return;
  }
  const wasText = was === undefined ? '(not set)' : JSON.stringify(was);
  const nowText = now === undefined ? '(not set)' : JSON.stringify(now);
  if (wasText !== nowText) out.push({ field: path, was: wasText, now: nowText });
}
