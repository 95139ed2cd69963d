/** Files the pages let a user download, built in the browser from what the API sent. */
import { spreadsheetCsv } from '../../src/lib/csvCell.js';
import type { BacktestResultResponse } from './api/types.js';

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
  // CRLF line ends: the file goes to a spreadsheet, and RFC 4180 writes them so.
  return spreadsheetCsv(header, rows, '\r\n');
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
