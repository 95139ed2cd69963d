/**
 * Readable config errors: zod's issues as `path: message` lines, where an unrecognised key (a typo in a
 * strict config object) names the field it most likely meant. Every config object of alvh is strict,
 * so `{"hedge":{"enabeld":false}}` is an error that says `did you mean "enabled"?` instead of a run
 * that silently keeps the default.
 */
import type { z } from 'zod';

export interface ConfigIssue {
  /** Dotted path of the offending field (`''` for the root). */
  path: string;
  message: string;
}

/** A key further than this many single-character edits from every known key gets no suggestion. */
const MAX_SUGGESTION_EDITS = 3;

/** Optimal-string-alignment distance (Levenshtein with adjacent transpositions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows = s.length + 1;
  const cols = t.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/** The closest of `candidates` to `key` within MAX_SUGGESTION_EDITS (and under half its length), if any. */
export function nearestKey(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(key, candidate);
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.min(MAX_SUGGESTION_EDITS, Math.max(1, Math.floor(key.length / 2)));
  return bestDistance <= limit ? best : undefined;
}

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/** Strip wrappers (default, prefault, optional, nullable, pipe, readonly, catch) down to the value's schema. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let guard = 0; guard < 32; guard++) {
    const def = defOf(current);
    const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (next === undefined) return current;
    current = next;
  }
  return current;
}

/** Every object schema the value at `path` may be checked against (several for a union). */
function objectSchemasAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType[] {
  const here = unwrap(schema);
  const def = defOf(here);
  if (def.type === 'union' && def.options) return def.options.flatMap((o) => objectSchemasAt(o, path));
  if (def.type === 'intersection' && def.left && def.right) return [...objectSchemasAt(def.left, path), ...objectSchemasAt(def.right, path)];
  if (path.length === 0) return def.type === 'object' ? [here] : [];
  const [head, ...rest] = path;
  if (def.type === 'object' && def.shape && typeof head === 'string' && Object.hasOwn(def.shape, head)) return objectSchemasAt(def.shape[head]!, rest);
  if (def.type === 'array' && def.element && typeof head === 'number') return objectSchemasAt(def.element, rest);
  return [];
}

/** The known field names of the object at `path` of `schema`, sorted. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  for (const object of objectSchemasAt(schema, path)) for (const key of Object.keys(defOf(object).shape ?? {})) keys.add(key);
  return [...keys].sort();
}

/** zod's issues for `schema` as config issues; unknown keys become one issue each, with a suggestion. */
export function configIssues(schema: z.ZodType, error: z.ZodError): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, path);
      for (const key of issue.keys) {
        const suggestion = nearestKey(key, known);
        out.push({
          path: [...path, key].map(String).join('.'),
          message: `unknown field${suggestion === undefined ? '' : `; did you mean "${suggestion}"?`}`,
        });
      }
    } else {
      out.push({ path: path.map(String).join('.'), message: issue.message });
    }
  }
  return out;
}

/** JSON text of a config file: a leading UTF-8 byte-order mark (as some Windows editors write) is dropped. */
export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
