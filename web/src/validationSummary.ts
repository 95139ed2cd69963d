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

/** One row of the market model's target table (the report's `targets` section), with its verdict. */
export interface TargetTableRow {
  readonly id: string;
  readonly what: string;
  readonly target: string;
  readonly figure: string;
  readonly verdict: 'met' | 'missed' | 'not measured';
}

export interface TargetTable {
  readonly rows: readonly TargetTableRow[];
  readonly met: number;
  readonly missed: number;
  readonly notMeasured: number;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The target table as the report states it (section `targets`: one record per row with `met` and
 * `measured`), counted as met, missed and not measured; undefined when the report has no such section.
 * A row nobody measured is neither met nor missed: it is said so.
 */
export function targetTable(report: unknown): TargetTable | undefined {
  const sections = (report as { sections?: unknown } | null)?.sections;
  if (!Array.isArray(sections)) return undefined;
  const section = sections.find((s): s is { data: unknown } => s !== null && typeof s === 'object' && (s as { id?: unknown }).id === 'targets');
  if (section === undefined || !Array.isArray(section.data)) return undefined;
  const rows = section.data
    .filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object')
    .map((r): TargetTableRow => ({
      id: text(r['id']),
      what: text(r['what']),
      target: text(r['target']),
      figure: text(r['figure']),
      verdict: r['measured'] === false ? 'not measured' : r['met'] === true ? 'met' : 'missed',
    }));
  return {
    rows,
    met: rows.filter((r) => r.verdict === 'met').length,
    missed: rows.filter((r) => r.verdict === 'missed').length,
    notMeasured: rows.filter((r) => r.verdict === 'not measured').length,
  };
}

/** One target's verdict and figure on one model, in the models' order. */
export interface ModelVerdict {
  readonly figure: string;
  readonly verdict: TargetTableRow['verdict'];
}

/** The exam on several market models (the report's `targets-across-models` section): targets by model. */
export interface TargetsAcrossModels {
  /** `defaults` or a file, the report's own model first. */
  readonly models: readonly string[];
  readonly rows: ReadonlyArray<{ readonly id: string; readonly what: string; readonly target: string; readonly byModel: readonly ModelVerdict[] }>;
  /** Targets met on each model, in the models' order. */
  readonly metByModel: readonly number[];
}

/**
 * The section `alvh validate --across-models` writes (src/validation/targetsAcrossModels.ts: `models`,
 * then per target its figure and verdict on each); undefined when the report has none. A model a row
 * does not name reads "not measured", never met.
 */
export function targetsAcrossModels(report: unknown): TargetsAcrossModels | undefined {
  const sections = (report as { sections?: unknown } | null)?.sections;
  if (!Array.isArray(sections)) return undefined;
  const section = sections.find((s): s is { data: unknown } => s !== null && typeof s === 'object' && (s as { id?: unknown }).id === 'targets-across-models');
  const data = section?.data as { models?: unknown; targets?: unknown } | undefined;
  if (data === undefined || !Array.isArray(data.models) || !Array.isArray(data.targets)) return undefined;
  const models = data.models.map(text);
  const rows = data.targets
    .filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object')
    .map((r) => {
      const byModel = Array.isArray(r['byModel']) ? (r['byModel'] as unknown[]) : [];
      return {
        id: text(r['id']),
        what: text(r['what']),
        target: text(r['target']),
        byModel: models.map((model): ModelVerdict => {
          const cell = byModel.find((c): c is Record<string, unknown> => c !== null && typeof c === 'object' && (c as { model?: unknown }).model === model);
          if (cell === undefined) return { figure: '', verdict: 'not measured' };
          return { figure: text(cell['figure']), verdict: cell['measured'] === false ? 'not measured' : cell['met'] === true ? 'met' : 'missed' };
        }),
      };
    });
  return { models, rows, metByModel: models.map((_, i) => rows.filter((r) => r.byModel[i]?.verdict === 'met').length) };
}
