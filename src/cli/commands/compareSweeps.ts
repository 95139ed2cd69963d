/**
 * `alvh compare-sweeps A B [--metric M] [--top N] [--db FILE] [--json]`: two sweeps already in the
 * results database (the same spec on two market models, two periods, two data versions) compared
 * variant by variant: how far the ranking of one carries over to the other.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { fixed } from '../../report/markdownTable.js';
import { compareSweeps, SweepCompareError, type ComparedVariant, type SweepComparison } from '../../sweep/compare.js';
import type { ResultStore } from '../../sweep/resultStore.js';
import { RANKING_METRICS, sweepModelDescription, type RankingMetric } from '../../sweep/spec.js';
import { readStoredSweep, sameBuild, StoredSweepError, sweepCodeVersion, type StoredSweep } from '../../sweep/storedSweeps.js';
import { UserError, type CliIo } from '../io.js';
import { numberOption } from '../options.js';
import { defaultSweepDb, openResultStore } from './sweep.js';

/** Matched variants listed in the table by default (A's best first). */
export const DEFAULT_COMPARE_TOP = 10;

export interface CompareSweepsOptions {
  readonly a: string;
  readonly b: string;
  readonly metric?: string;
  readonly top: number;
  readonly db?: string;
  readonly json?: boolean;
  readonly userDir?: string;
}

async function readSweep(store: ResultStore, name: string, dbPath: string): Promise<StoredSweep> {
  try {
    return await readStoredSweep(store, name, dbPath);
  } catch (error) {
    if (error instanceof StoredSweepError) throw new UserError(error.message);
    throw error;
  }
}

const valuesText = (v: ComparedVariant) => (v.isBaseline ? 'the preset' : Object.entries(JSON.parse(v.valuesJson) as Record<string, unknown>).map(([path, value]) => `${path}=${JSON.stringify(value)}`).join(', '));

function describeSweep(s: StoredSweep): string {
  const dataVersion = s.rows[0]?.result.dataVersion ?? 'no results';
  const code = sweepCodeVersion(s);
  return `${s.spec.name}: ${s.spec.basePreset}, ${s.spec.period.from} to ${s.spec.period.to}, data ${dataVersion.slice(0, 19)}, code ${code === null ? 'not recorded' : code.slice(0, 12)}, market model ${sweepModelDescription(s.spec)}`;
}

function buildsDiffer(a: StoredSweep, b: StoredSweep): string {
  if (sweepCodeVersion(a) !== null && sweepCodeVersion(b) !== null) return '  (the two ran on different builds of alvh: a rule or model that changed between them moves the ranking too)';
  return '  (the build of one or both is not recorded: a rule or model that changed between builds would move the ranking too)';
}

export function formatComparison(a: StoredSweep, b: StoredSweep, c: SweepComparison, top: number): string {
  const [na, nb] = [a.spec.name, b.spec.name];
  const n = c.variants.length;
  const lines = [
    `Sweeps ${na} and ${nb} by ${c.metric} (${RANKING_METRICS[c.metric]} is better): ${n} variants in both${c.unmatchedA + c.unmatchedB > 0 ? ` (${c.unmatchedA} of ${na} and ${c.unmatchedB} of ${nb} left out: no counterpart or no ${c.metric})` : ''}`,
    `  ${describeSweep(a)}`,
    `  ${describeSweep(b)}`,
    // Results of two builds: a rule changed between them moves the ranking as well as what the sweeps vary.
    ...(sameBuild(a, b) ? [] : [buildsDiffer(a, b)]),
    `Spearman rank correlation: ${c.spearman === undefined ? 'undefined (fewer than 3 variants, or one sweep ranks them all equal)' : fixed(c.spearman, 3)}`,
    `${na}'s best (${valuesText(c.bestOfA)}) ranks ${c.bestOfA.rankB} of ${n} in ${nb}; ${nb}'s best (${valuesText(c.bestOfB)}) ranks ${c.bestOfB.rankA} of ${n} in ${na}`,
    `top ${c.topCount}: ${c.topOverlap} in common`,
    '',
  ];
  const shown = c.variants.slice(0, top);
  const header = [`rank ${na}`, `rank ${nb}`, `${c.metric} ${na}`, `${c.metric} ${nb}`, 'variant'];
  const table = shown.map((v) => [String(v.rankA), String(v.rankB), fixed(v.metricA, 4), fixed(v.metricB, 4), valuesText(v)]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padStart(widths[i] as number))).join('  ');
  lines.push(line(header), ...table.map(line));
  if (c.variants.length > shown.length) lines.push(`(${c.variants.length - shown.length} more: --top ${c.variants.length} lists all)`);
  return lines.join('\n') + '\n';
}

export async function runCompareSweepsCommand(options: CompareSweepsOptions, io: CliIo): Promise<SweepComparison> {
  if (!Number.isInteger(options.top) || options.top < 1) throw new UserError(`--top must be a positive whole number (got ${options.top})`);
  if (options.metric !== undefined && !Object.hasOwn(RANKING_METRICS, options.metric)) throw new UserError(`--metric '${options.metric}' is not one of: ${Object.keys(RANKING_METRICS).join(', ')}`);
  // Reading only: a database that is not there is said so, never created empty.
  const wanted = options.db ?? defaultSweepDb(options.userDir);
  if (!existsSync(wanted)) throw new UserError(`no results database at ${wanted} (run alvh sweep SPEC first, or name one with --db)`);
  const { dbPath, store } = await openResultStore(options);
  try {
    const a = await readSweep(store, options.a, dbPath);
    const b = await readSweep(store, options.b, dbPath);
    const metric = (options.metric ?? a.spec.rankBy) as RankingMetric;
    let comparison: SweepComparison;
    try {
      comparison = compareSweeps(a, b, metric);
    } catch (error) {
      if (error instanceof SweepCompareError) throw new UserError(error.message);
      throw error;
    }
    if (options.json === true) {
      const sweep = (s: StoredSweep) => ({ name: s.spec.name, basePreset: s.spec.basePreset, period: s.spec.period, marketModel: sweepModelDescription(s.spec), dataVersion: s.rows[0]?.result.dataVersion ?? null, codeVersion: sweepCodeVersion(s) });
      io.out(`${JSON.stringify({ a: sweep(a), b: sweep(b), ...comparison, spearman: comparison.spearman ?? null }, null, 2)}\n`);
    } else {
      io.out(formatComparison(a, b, comparison, options.top));
    }
    return comparison;
  } finally {
    store.close();
  }
}

export function registerCompareSweepsCommand(program: Command, io: CliIo): void {
  program
    .command('compare-sweeps')
    .description('compare two finished sweeps of the same variants (another market model, period or data): does the ranking carry over?')
    .argument('<a>', 'name of the first sweep (as in its spec)')
    .argument('<b>', 'name of the second sweep')
    .option('--metric <name>', `ranking metric (default: the first sweep's rankBy): ${Object.keys(RANKING_METRICS).join(', ')}`)
    .option('--top <n>', 'matched variants in the table', String(DEFAULT_COMPARE_TOP))
    .option('--db <file>', 'results database (default: sweeps.duckdb in the alvh home)')
    .option('--json', 'print the comparison as JSON')
    .action(async (a: string, b: string, opts: { metric?: string; top: string; db?: string; json?: boolean }) => {
      await runCompareSweepsCommand(
        {
          a,
          b,
          top: numberOption('--top', opts.top),
          ...(opts.metric !== undefined ? { metric: opts.metric } : {}),
          ...(opts.db !== undefined ? { db: opts.db } : {}),
          ...(opts.json === true ? { json: true } : {}),
        },
        io,
      );
    });
}
