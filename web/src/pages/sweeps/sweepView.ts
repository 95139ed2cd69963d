/** What the Sweeps page shows, worked out from the API's figures: pure, so it is tested without a browser. */
import type { BundledSweepSpecs, SweepProgress, SweepTopRow, SweepVerdict } from '../../../../src/server/sweepSchemas.js';
import { formatNumber, formatPercent } from '../../format.js';
import { countText } from '../../../../src/lib/numberText.js';

/** A duration as m:ss, or h:mm:ss from an hour up; a dash when unknown (no variant has ended yet). */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '–';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Whole percent of the variants done, rounded down so 100 % means every variant has a result. */
export function percentDone(progress: Pick<SweepProgress, 'done' | 'total'>): number {
  return progress.total === 0 ? 100 : Math.floor((progress.done / progress.total) * 100);
}

/** The progress line under the bar: "12 / 37 variants (32 %), 5 already stored · elapsed 0:41 · ETA 1:07". */
export function progressText(p: SweepProgress): string {
  const stored = p.skipped > 0 ? `, ${p.skipped} already stored` : '';
  return `${p.done} / ${p.total} variants (${percentDone(p)} %)${stored} · elapsed ${formatDuration(p.elapsedMs)} · ETA ${p.done === p.total ? '0:00' : formatDuration(p.etaMs)}`;
}

/** A varied field's value as the table shows it: the preset's row says "default". */
export function variedValue(row: Pick<SweepTopRow, 'isBaseline' | 'values'>, path: string): string {
  if (row.isBaseline) return 'default';
  const value = row.values[path];
  return value === undefined ? '–' : typeof value === 'string' ? value : JSON.stringify(value);
}

/** "#1" when the row repeats the daily returns of the variant ranked 1, else a dash: the report's "same result as". */
export function sameResultText(row: Pick<SweepTopRow, 'sameResultAsRank'>): string {
  return row.sameResultAsRank === null ? '–' : `#${row.sameResultAsRank}`;
}

/** The verdict's figures as the page lists them, each with what it measures; a dash where none was computable. */
export function verdictFigures(v: SweepVerdict): { readonly label: string; readonly value: string }[] {
  const distinctDsr = v.distinctDeflatedSharpeRatio === null ? '' : `; DSR ${formatNumber(v.distinctDeflatedSharpeRatio, 3)} counting each once`;
  return [
    { label: `Deflated Sharpe ratio of the best variant (${countText(v.variants, 'trial')})`, value: formatNumber(v.deflatedSharpeRatio, 3) },
    { label: 'Distinct results', value: `${v.distinctResults} of ${v.variants}${distinctDsr}` },
    { label: 'Probability of backtest overfitting (CSCV)', value: formatNumber(v.probabilityOfOverfitting, 3) },
    { label: 'In-sample winner lost money out of sample', value: v.probabilityOfOosLoss === null ? '–' : `in ${formatPercent(v.probabilityOfOosLoss, 0)} of the splits` },
    {
      label: 'Walk-forward, re-chosen each window',
      value: v.walkForwardOosReturnFraction === null ? '– (the period is shorter than one in-sample plus one out-of-sample window)' : `${formatPercent(v.walkForwardOosReturnFraction, 2)} out of sample over ${v.walkForwardWindows} windows`,
    },
  ];
}

/** A finished sweep's verdict in a list line: "DSR 0.416 · PBO 0.514" (a dash for a figure not computed). */
export function verdictBrief(v: Pick<SweepVerdict, 'deflatedSharpeRatio' | 'probabilityOfOverfitting'>): string {
  return `DSR ${formatNumber(v.deflatedSharpeRatio, 3)} · PBO ${formatNumber(v.probabilityOfOverfitting, 3)}`;
}

export type SpecText = { readonly ok: true; readonly spec: unknown } | { readonly ok: false; readonly message: string };

/** The spec editor's text as JSON, or why it is not: with the line and column of the fault when the parser gives a position. */
export function parseSpecText(text: string): SpecText {
  try {
    return { ok: true, spec: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    if (at?.[1] === undefined) return { ok: false, message: `not valid JSON: ${message}` };
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return { ok: false, message: `not valid JSON at line ${line}, column ${column}: ${message}` };
  }
}

/** The request for the editor's text: the bundled spec by name while its text is untouched, else the edited spec. */
export function sweepRequest(bundled: { name: string; text: string } | undefined, text: string): { bundled: string } | { spec: unknown } | { error: string } {
  if (bundled !== undefined && text === bundled.text) return { bundled: bundled.name };
  const parsed = parseSpecText(text);
  return parsed.ok ? { spec: parsed.spec } : { error: parsed.message };
}

/** How the server runs a sweep's variants, and the flags that change it. */
export function runsOnText(runsOn: BundledSweepSpecs['runsOn']): string {
  if (runsOn.threads === 1) return "This server runs a sweep's variants on one thread; start it with alvh serve --sweep-workers N to use N threads.";
  const cap = runsOn.workerHeapMb === null ? '' : `, each with its heap capped at ${runsOn.workerHeapMb} MB`;
  return `This server runs a sweep's variants on ${runsOn.threads} threads${cap} (alvh serve --sweep-workers).`;
}
