/** Display formatting only: the numbers come from the API already computed. */
import { fixedText } from '../../src/lib/numberText.js';
import { hedgeRatioText } from '../../src/strategy/rules/hedgeRules.js';

// Every figure here that rounds to zero is written without its minus sign, as the terminal and the
// reports write it (fixedText, or minusSign below on the digits shown): a loss of 0.3 cents is
// "$0.00", not "−$0.00".

export function formatNumber(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : fixedText(value, digits);
}

/**
 * A hedge ratio as the decisions and the daily signal print it: two decimals, and from 1,000 three
 * significant digits in exponent form (against a condor a day from expiry the ratio reached 2.17e+10).
 */
export function formatHedgeRatio(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : hedgeRatioText(value);
}

/** A signed difference: "+0.05", "−0.05", and "0.00" (never "-0.00") for what rounds to zero at `digits`. */
export function formatDifference(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${value < 0 ? '−' : '+'}${text}`;
}

/** The minus sign of a negative figure whose shown digits are not all zero ("−"), else nothing. */
function minusSign(value: number, shownDigits: string): string {
  return value < 0 && Number(shownDigits.replaceAll(',', '')) !== 0 ? '−' : '';
}

export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  // Whole dollars read best for positions; small sensitivities (a gamma of $0.42) keep their cents.
  const digits = Math.abs(value) < 10 ? 2 : 0;
  const shown = Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${minusSign(value, shown)}$${shown}`;
}

/**
 * Dollars in at most four characters after the sign, for cells a phone shows side by side:
 * 950 -> "$950", -12 345 -> "−$12k", 1 250 000 -> "$1.3M" (one decimal below ten thousand or ten million).
 */
export function formatUsdCompact(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  // One decimal below ten (of thousands or millions), whole from ten.
  const scaled = (x: number) => (x < 9.95 ? x.toFixed(1) : x.toFixed(0));
  const [shown, unit] = magnitude < 999.5 ? [magnitude.toFixed(0), ''] : magnitude < 999_500 ? [scaled(magnitude / 1000), 'k'] : [scaled(magnitude / 1_000_000), 'M'];
  return `${minusSign(value, shown)}$${shown}${unit}`;
}

/**
 * Contracts of a trade, signed (− sold): whole contracts as they are, an index replica's fractional
 * units to 4 decimals (-2.4347533332811526 -> "-2.4348"), as the signal's text writes them.
 */
export function formatContracts(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

/** A decimal fraction as a percentage (0.052 -> "5.20 %"). */
export function formatPercent(fraction: number | null | undefined, digits = 2): string {
  return fraction === null || fraction === undefined || !Number.isFinite(fraction) ? '–' : `${fixedText(fraction * 100, digits)} %`;
}

/**
 * A figure without a unit in its name: thousands separated from 10 000 up (a count of 2018 trades stays
 * "2018"), two decimals from 1000 up, three below (1014040.628 -> "1,014,040.63"; 0.1234 -> "0.123").
 */
export function formatPlain(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  const grouping = magnitude >= 10_000;
  if (Number.isInteger(value)) return grouping ? value.toLocaleString('en-US') : String(value);
  const digits = magnitude >= 1000 ? 2 : 3;
  const shown = Number(fixedText(value, digits)) === 0 ? magnitude : value;
  return shown.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: grouping });
}

/** Any JSON leaf value as table text; fields named as fractions or decimals are shown as percentages. */
export function formatField(name: string, value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') {
    // Day numbers (days since 1970-01-01) from the core, e.g. a drawdown's peakDay.
    if (/Day$/.test(name) && Number.isInteger(value)) return new Date(value * 86_400_000).toISOString().slice(0, 10);
    if (/Usd/.test(name)) return formatUsd(value);
    if (/(Fraction|Decimal|Rate|Return|Drawdown|Cagr|Vol)$/i.test(name)) return formatPercent(value);
    return formatPlain(value);
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Nested objects flattened to dotted leaf paths (arrays kept whole), for generic tables of figures. */
export function flattenFields(value: unknown, prefix = ''): Array<[string, unknown]> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [[prefix, value]];
  const out: Array<[string, unknown]> = [];
  for (const [key, child] of Object.entries(value)) out.push(...flattenFields(child, prefix ? `${prefix}.${key}` : key));
  return out;
}

// A Map, not an object: a field named `constructor` must not find Object.prototype's.
const KNOWN_LABELS: ReadonlyMap<string, string> = new Map([
  ['cagrFraction', 'CAGR'],
  ['annualVolatilityFraction', 'volatility'],
  ['sharpeRatio', 'Sharpe'],
  ['sortinoRatio', 'Sortino'],
  ['calmarRatio', 'Calmar'],
  ['cvar5DailyFraction', '5 % CVaR (daily)'],
  ['drawdown.maxDrawdownFraction', 'max drawdown'],
  ['drawdown.fractionOfDaysUnderwater', 'time under water'],
  ['drawdown.longestUnderwaterDays', 'longest under water (days)'],
  ['worstMonth.month', 'worst month'],
  ['worstMonth.returnFraction', 'worst month return'],
  // A stress window of a hedged variant against its unhedged twin: the return difference and two of its parts.
  ['againstUnhedgedTwin.differenceFraction', 'vs unhedged twin'],
  ['againstUnhedgedTwin.hedgeContributionFraction', 'of which the hedge'],
  ['againstUnhedgedTwin.condorContributionFraction', 'of which the condors'],
]);

/** camelCase as lower-case words, the products' names in capitals and a gamma's squared point as one (`spxGamma` -> `SPX gamma`, `Point2` -> `point²`, but `M2` stays). */
function fieldWords(camel: string): string {
  return camel
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\b(spx|vix|vvix|dte)\b/g, (acronym) => acronym.toUpperCase())
    .replace(/\bpoint2\b/g, 'point²');
}

/**
 * A column heading a reader can scan: known figures by their usual name, others from their field name
 * split into words with the unit in brackets (`hedgePremiumPerYearUsd` -> `hedge premium per year (USD)`,
 * `spxDeltaUsdPerPoint` -> `SPX delta (USD per point)`).
 */
export function columnLabel(name: string): string {
  const last = name.split('.').pop() ?? name;
  // A known figure keeps its name inside a nested record too (a stress window's `metrics.sharpeRatio`).
  const known = KNOWN_LABELS.get(name) ?? KNOWN_LABELS.get(last);
  if (known !== undefined) return known;
  const perUnit = /^(.+?)Usd(Per[A-Z].*)$/.exec(last);
  if (perUnit) return `${fieldWords(perUnit[1] as string)} (USD ${fieldWords(perUnit[2] as string)})`;
  const unit = /Usd$/.test(last) ? ' (USD)' : /Fraction$/.test(last) ? ' (%)' : /Days$/.test(last) ? ' (days)' : '';
  const stem = last.replace(/(Usd|Fraction)$/, '');
  return `${fieldWords(stem)}${unit}`;
}

/** A market model's column head: its file's name without the folders (`presets/model/skew-off.json` -> `skew-off.json`), or `defaults`, as the CLI prints it. */
export function modelColumnLabel(model: string): string {
  return model.slice(Math.max(model.lastIndexOf('/'), model.lastIndexOf('\\')) + 1);
}
