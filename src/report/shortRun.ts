/**
 * A run shorter than a year, said in words beside its annualised figures: the terminal's table, the
 * report's metrics and the dashboard's Backtest page. A three-week run printed a CAGR of -33 % and
 * 104,340 USD of hedge P&L a year beside no word that it lasted three weeks.
 */
import { fixed, percent } from './markdownTable.js';
import { countText } from '../lib/numberText.js';
import { calendarDaysBetween, yearFractionAct365, type DayNumber } from '../time/day.js';

/** A run shorter than this many years (ACT/365) has its annualised figures called out as extrapolations. */
export const SHORT_RUN_YEARS = 1;

/** What the note reads of each variant: its name and its total return over the run (a decimal). */
export interface ShortRunVariant {
  readonly name: string;
  readonly metrics: { readonly totalReturnFraction: number };
}

/**
 * For a run under SHORT_RUN_YEARS, the sentence that says its per-year figures extrapolate it, with
 * each variant's total return over the run; undefined for a longer run.
 */
export function shortRunNote(fromDay: DayNumber, toDay: DayNumber, variants: readonly ShortRunVariant[]): string | undefined {
  const years = yearFractionAct365(fromDay, toDay);
  if (years >= SHORT_RUN_YEARS) return undefined;
  const totals = variants.map((v) => `${v.name} ${percent(v.metrics.totalReturnFraction, 2)}`).join(', ');
  return `The run spans ${countText(calendarDaysBetween(fromDay, toDay), 'calendar day')} (${fixed(years, 2)} years): CAGR, Calmar and the per-year figures extrapolate it to a year. Total return over the run: ${totals}.`;
}
