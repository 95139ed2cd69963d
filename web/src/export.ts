/** Files the pages let a user download, built in the browser from what the API sent. */
import type { BacktestResultResponse } from './api/types.js';

/** A CSV field, quoted when it holds a separator, a quote or a line break (RFC 4180). */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvText(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * A backtest's curves as one table: a row per date of any curve, each variant's equity (USD) and
 * drawdown (a negative decimal), then each benchmark rebased to the starting equity (USD). A curve
 * without a point on a date leaves its cell empty.
 */
export function equityCsv(result: Pick<BacktestResultResponse, 'equity' | 'benchmarks'>): string {
  const variants = Object.keys(result.equity);
  const benchmarks = Object.keys(result.benchmarks);
  const dates = [...new Set([...Object.values(result.equity).flatMap((c) => c.map(([d]) => d)), ...Object.values(result.benchmarks).flatMap((c) => c.map(([d]) => d))])].sort();
  const equityAt = new Map(variants.map((v) => [v, new Map((result.equity[v] ?? []).map(([d, usd, dd]) => [d, [usd, dd] as const]))]));
  const benchmarkAt = new Map(benchmarks.map((b) => [b, new Map(result.benchmarks[b] ?? [])]));
  const header = ['date', ...variants.flatMap((v) => [`${v} equity (USD)`, `${v} drawdown (decimal)`]), ...benchmarks.map((b) => `${b} rebased (USD)`)];
  const rows = dates.map((date) => [
    date,
    ...variants.flatMap((v) => {
      const point = equityAt.get(v)?.get(date);
      return [point?.[0], point?.[1]];
    }),
    ...benchmarks.map((b) => benchmarkAt.get(b)?.get(date)),
  ]);
  return csvText(header, rows);
}

/** Hands a text file to the browser's download. */
export function downloadCsv(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
