/**
 * The validation report's targets, wherever a module put them: an object with a boolean `met` (and
 * usually a `target` text), or boolean fields named `...Met`. Listed with where in the report they
 * sit, so the page can open with what was met and what was missed before the figures.
 */
export interface TargetRow {
  /** The section and the path inside it, with a record's label, name or period where it has one. */
  readonly where: string;
  readonly target: string;
  readonly met: boolean;
}

const labelOf = (value: Record<string, unknown>): string | undefined => {
  for (const key of ['label', 'name', 'title', 'id', 'metric', 'period']) {
    const v = value[key];
    if (typeof v === 'string') return v;
    if (v !== null && typeof v === 'object' && typeof (v as { label?: unknown }).label === 'string') return (v as { label: string }).label;
  }
  return undefined;
};

export function collectTargets(value: unknown, where = ''): TargetRow[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => collectTargets(item, `${where}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const label = labelOf(record);
  const here = label === undefined ? where : where.replace(/\[\d+\]$/, '') + ` › ${label}`;
  const rows: TargetRow[] = [];
  if (typeof record['met'] === 'boolean') rows.push({ where: here, target: typeof record['target'] === 'string' ? record['target'] : '', met: record['met'] });
  for (const [key, child] of Object.entries(record)) {
    if (key !== 'met' && /Met$/.test(key) && typeof child === 'boolean') rows.push({ where: here, target: key.replace(/Met$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase(), met: child });
    else if (child !== null && typeof child === 'object') rows.push(...collectTargets(child, `${here}.${key}`));
  }
  return rows;
}
