/**
 * The config editor's logic, apart from its rendering: which input a field of the strategy config's
 * JSON Schema (served by GET /api/strategy-config/schema, generated from the zod schema the server
 * validates with) gets, its default and bounds as text, reading and writing a field by its dotted path
 * without changing the rest, and the server's field issues keyed by path.
 *
 * The form validates nothing itself: every value goes to the server, whose reasons are shown beside
 * their fields, so the page and the CLI can never disagree about what a valid config is.
 */

/** The part of JSON Schema (draft 2020-12) that z.toJSONSchema writes for the strategy config. */
export interface SchemaNode {
  readonly type?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly items?: SchemaNode;
  readonly oneOf?: readonly SchemaNode[];
  readonly anyOf?: readonly SchemaNode[];
}

/**
 * How a field is edited: a number box, a checkbox, a list of choices, a text box, a group of fields,
 * or JSON text for what a single input cannot hold (lists, and choices between shapes).
 */
export type FieldKind = 'number' | 'integer' | 'boolean' | 'enum' | 'string' | 'group' | 'json';

/** JSON Schema's integer bound for a safe integer: no bound a person needs to read. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export function fieldKind(node: SchemaNode): FieldKind {
  if (node.enum !== undefined) return 'enum';
  if (node.type === 'object' && node.properties !== undefined) return 'group';
  if (node.type === 'number') return 'number';
  if (node.type === 'integer') return 'integer';
  if (node.type === 'boolean') return 'boolean';
  if (node.type === 'string') return 'string';
  return 'json';
}

/**
 * The bounds of a number as text: `0.15 to 0.2`, `> 0`, `0 to 1`, `< 0.15`, or '' when unbounded.
 * Exclusive bounds read with `>`/`<`; the safe-integer limit zod adds to integers is left out.
 */
export function boundsText(node: SchemaNode): string {
  const lo = node.minimum ?? node.exclusiveMinimum;
  const hi = node.maximum !== undefined && node.maximum < MAX_SAFE ? node.maximum : node.exclusiveMaximum;
  const loExclusive = node.minimum === undefined && node.exclusiveMinimum !== undefined;
  const hiExclusive = !(node.maximum !== undefined && node.maximum < MAX_SAFE) && node.exclusiveMaximum !== undefined;
  if (lo !== undefined && hi !== undefined && !loExclusive && !hiExclusive) return `${lo} to ${hi}`;
  const parts: string[] = [];
  if (lo !== undefined) parts.push(`${loExclusive ? '>' : '≥'} ${lo}`);
  if (hi !== undefined) parts.push(`${hiExclusive ? '<' : '≤'} ${hi}`);
  return parts.join(', ');
}

/** A default as the editor shows it: numbers and words as they are, lists and objects as JSON. */
export function defaultText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The value at a dotted path (`ironCondor.shortDelta`), undefined when any step is missing. */
export function valueAt(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * A copy of `root` with the value at `path` replaced (objects along the path copied, the rest
 * shared); `undefined` removes the field, so the server fills its default.
 */
export function withValueAt(root: Readonly<Record<string, unknown>>, path: string, value: unknown): Record<string, unknown> {
  const [key, ...rest] = path.split('.');
  if (key === undefined || key === '') throw new Error('withValueAt: an empty path');
  const copy: Record<string, unknown> = { ...root };
  if (rest.length === 0) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    return copy;
  }
  const child = Object.hasOwn(root, key) ? root[key] : undefined;
  const base = child !== null && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
  copy[key] = withValueAt(base, rest.join('.'), value);
  return copy;
}

/**
 * What a number box's text sends: the number when the text is one, else the text itself, so the
 * server says why it is not a number (the form keeps no rules of its own).
 */
export function numberInput(text: string): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return text;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : text;
}

/** JSON text of a field: its value, or an error naming the position when it does not parse. */
export function jsonInput(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * The server's issues about config number `index` of the request, by the field's path inside the
 * config (`configs.0.ironCondor.shortDelta` -> `ironCondor.shortDelta`); the config's root is ''.
 */
export function issuesOfConfig(issues: readonly FieldIssue[], index: number): Map<string, string[]> {
  const prefix = `configs.${index}`;
  const out = new Map<string, string[]>();
  for (const issue of issues) {
    if (issue.path !== prefix && !issue.path.startsWith(`${prefix}.`)) continue;
    const path = issue.path.slice(prefix.length + 1);
    out.set(path, [...(out.get(path) ?? []), issue.message]);
  }
  return out;
}

/**
 * The issue for a field, or for the nearest enclosing field an issue names (a union whose branch is
 * wrong is reported at the union, a JSON field's inner element at its index).
 */
export function issueFor(issues: ReadonlyMap<string, readonly string[]>, path: string, kind: FieldKind): string | undefined {
  const own = issues.get(path);
  if (own !== undefined) return own.join('; ');
  if (kind !== 'json') return undefined;
  const inner = [...issues].filter(([p]) => p.startsWith(`${path}.`)).map(([p, m]) => `${p.slice(path.length + 1)}: ${m.join('; ')}`);
  return inner.length > 0 ? inner.join('; ') : undefined;
}

/** Every leaf field of a config (`[dotted path, value]`), lists and nulls as leaves, in key order. */
export function configLeaves(value: unknown, prefix = ''): Array<[string, unknown]> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [[prefix, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => configLeaves(child, prefix ? `${prefix}.${key}` : key));
}
