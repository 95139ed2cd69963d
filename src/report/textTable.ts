/**
 * A plain-text table for the terminal: the first column left-aligned (names), the others
 * right-aligned (figures), two spaces between columns. Lines end with a newline.
 */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}
