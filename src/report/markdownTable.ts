import { fixedText } from '../lib/numberText.js';

/** GitHub-flavoured Markdown tables, with `|` in cells escaped so a value cannot break the layout. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Fixed decimals, with a minus sign only when the rounded value is not zero (no "-0.00"). */
export function fixed(value: number | undefined, decimals: number): string {
  return value === undefined || !Number.isFinite(value) ? 'n/a' : fixedText(value, decimals);
}

/** `fixed` with a plus sign on a value that rounds above zero (`+0.42`, `-1.32`, `0.00`, `n/a`). */
export function signedFixed(value: number | undefined, decimals: number): string {
  const text = fixed(value, decimals);
  return text === 'n/a' || text.startsWith('-') || Number(text) === 0 ? text : `+${text}`;
}

export function percent(fraction: number | undefined, decimals = 1): string {
  return fraction === undefined || !Number.isFinite(fraction) ? 'n/a' : `${fixed(100 * fraction, decimals)} %`;
}
