/**
 * The claims check (METHODOLOGY section 6): each claim the methodology's prose makes, measured on the
 * backtest rather than believed, with a verdict of supported / not supported / not measurable and the
 * reason. The thresholds that turn a figure into a verdict are a validated config, printed with it.
 */
import { z } from 'zod';
import type { BacktestResult } from '../engine/backtest.js';
import type { DailyRecord, DecisionRecord } from '../engine/records.js';
import { drawdownOf } from '../metrics/performance.js';
import { lastDayOfMonth } from '../calendar/monthDays.js';
import { dayFromIso, dayFromYmd, isoFromDay, yearFractionAct365 } from '../time/day.js';
import { coveredWindowRecords, windowNotCovered } from './variantSummary.js';
import { fixed, percent } from '../report/markdownTable.js';
import { countText, wholeUsdText } from '../lib/numberText.js';

export const ClaimsCheckConfigSchema = z
  .strictObject({
    /** Claim 1: a drawdown deeper than this (fraction) in a tail window counts. */
    tailDrawdownFraction: z.number().min(0).max(1).default(0.3),
    /** Claim 2: "about 65 %" of the VIX upside, within this band (fraction). */
    vixUpsideCaptureBand: z.strictObject({ min: z.number().default(0.5), max: z.number().default(0.8) }).prefault({}),
    /** Claim 4: a "modest" drag is a loss no larger than this share of equity over 2022. */
    modestDragFractionOfEquity: z.number().min(0).max(1).default(0.02),
    /** Claim 6: the monthly drag cap in quiet regimes (METHODOLOGY: 0.15 %). */
    quietMonthlyDragFractionOfEquity: z.number().min(0).max(1).default(0.0015),
    /** Claim 6: a month is quiet when at least this share of its days are calm or normal. */
    quietMonthShareOfDays: z.number().min(0).max(1).default(0.8),
    /**
     * Claim 6: the whole quiet months a verdict needs (a year of them *(choice)*); with fewer the claim
     * is not measurable: a mean over a handful of months says little about a cap that binds in some.
     */
    minQuietMonths: z.number().int().min(1).max(1200).default(12),
    /** Claim 5: the years each run must span for rolls a year to be compared *(choice: one year)*. */
    rollFrequencyMinYears: z.number().min(0).max(100).default(1),
  })
  .prefault({});
export type ClaimsCheckConfig = z.infer<typeof ClaimsCheckConfigSchema>;

export type Verdict = 'supported' | 'not supported' | 'not measurable';

export interface ClaimResult {
  readonly id: number;
  readonly claim: string;
  readonly measured: string;
  readonly verdict: Verdict;
  readonly reason: string;
  readonly figures: Readonly<Record<string, number | string>>;
}

const pct = (x: number) => percent(x, 1);

/**
 * A claim's window, measured only when the run covers it whole (windowNotCovered): otherwise the reason,
 * which names the variant. A window cut short by the run's end gave verdicts on part of it: a run ending
 * 2020-03-10 judged March 2020 on its first seven sessions (a hedge loss of 2.9k USD; over the month it
 * gained 17k), and one ending 2022-03-31 called 2022's drag modest (1.1 % of equity; 7.2 % over the year).
 */
function windowRecords(result: BacktestResult | undefined, variant: string, what: string, from: string, to: string): { readonly records: DailyRecord[] } | { readonly notCovered: string } {
  if (!result) return { notCovered: `needs the ${variant} variant` };
  const covered = coveredWindowRecords(result.daily, dayFromIso(from), dayFromIso(to));
  return 'records' in covered ? covered : { notCovered: `the ${variant} variant does not cover ${what} whole: ${covered.notCovered}` };
}

function notMeasurable(id: number, claim: string, reason: string): ClaimResult {
  return { id, claim, measured: '-', verdict: 'not measurable', reason, figures: {} };
}

function claimTailDrawdowns(config: ClaimsCheckConfig, unhedged: BacktestResult | undefined, book = ''): ClaimResult {
  const claim = `Unhedged iron condors often draw down more than 30 % in tail events (Feb 2018, Mar 2020)${book}.`;
  const windows = [
    { id: '2018-02', from: '2018-01-25', to: '2018-02-28' },
    { id: '2020-03', from: '2020-02-15', to: '2020-04-15' },
  ];
  const figures: Record<string, number | string> = {};
  const drawdowns: number[] = [];
  for (const w of windows) {
    const window = windowRecords(unhedged, 'unhedged', w.id, w.from, w.to);
    if (!('records' in window)) return notMeasurable(1, claim, window.notCovered);
    const { records } = window;
    const dd = drawdownOf(records.map((d) => ({ day: d.day, equity: d.equityUsd }))).maxDrawdownFraction;
    figures[`maxDrawdown${w.id}`] = dd;
    drawdowns.push(dd);
  }
  const deep = drawdowns.filter((d) => d > config.tailDrawdownFraction).length;
  return {
    id: 1,
    claim,
    measured: `unhedged max drawdown ${pct(drawdowns[0] as number)} in Feb 2018, ${pct(drawdowns[1] as number)} in Feb-Apr 2020`,
    verdict: deep === drawdowns.length ? 'supported' : 'not supported',
    reason: `${deep} of ${drawdowns.length} tail windows exceed ${pct(config.tailDrawdownFraction)}`,
    figures,
  };
}

function claimVixUpsideCapture(config: ClaimsCheckConfig, ladder: BacktestResult | undefined, book = ''): ClaimResult {
  const claim = `The 4/4/2 ladder captured about 65 % of the VIX upside in Feb 2018${book}.`;
  const window = windowRecords(ladder, 'ladder', 'Feb 2018', '2018-02-01', '2018-02-28');
  if (!('records' in window)) return notMeasurable(2, claim, window.notCovered);
  const { records } = window;
  const start = records[0] as DailyRecord;
  if (!(start.hedgeVixNotionalUsd > 0)) return notMeasurable(2, claim, `the ladder held no long-VIX hedge on ${isoFromDay(start.day)}, so there is no upside to capture`);
  let peak = start;
  for (const r of records) if (r.vixClose > peak.vixClose) peak = r;
  const vixReturn = peak.vixClose / start.vixClose - 1;
  // The equal-notional VIX position (METHODOLOGY claim 2): spot VIX of the hedge's VIX notional at the
  // start (contracts x multiplier x VIX), so its P&L is the VIX points gained on the contracts held.
  // Calls on VIX futures capture less than that: the futures lag spot and the premium decays.
  const equalNotionalPnl = start.hedgeVixNotionalUsd * vixReturn;
  const hedgePnl = peak.hedgePnlUsd - start.hedgePnlUsd;
  const capture = hedgePnl / equalNotionalPnl;
  const band = config.vixUpsideCaptureBand;
  return {
    id: 2,
    claim,
    measured: `hedge P&L ${wholeUsdText(hedgePnl)} USD vs ${wholeUsdText(equalNotionalPnl)} USD for spot VIX of equal notional (${isoFromDay(start.day)} -> VIX peak ${isoFromDay(peak.day)}): ${pct(capture)}`,
    verdict: capture >= band.min && capture <= band.max ? 'supported' : 'not supported',
    reason: `capture ${pct(capture)} ${capture >= band.min && capture <= band.max ? 'within' : 'outside'} ${pct(band.min)}-${pct(band.max)}`,
    figures: { captureFraction: capture, hedgePnlUsd: hedgePnl, equalNotionalPnlUsd: equalNotionalPnl, vixStart: start.vixClose, vixPeak: peak.vixClose },
  };
}

function claimMarch2020(ladder: BacktestResult | undefined): ClaimResult {
  const claim = 'The hedge contributed positive P&L in March 2020.';
  const window = windowRecords(ladder, 'ladder', 'March 2020', '2020-03-01', '2020-03-31');
  if (!('records' in window)) return notMeasurable(3, claim, window.notCovered);
  const { records } = window;
  const hedgePnl = (records[records.length - 1] as DailyRecord).hedgePnlUsd - (records[0] as DailyRecord).hedgePnlUsd;
  return {
    id: 3,
    claim,
    measured: `hedge P&L in March 2020: ${wholeUsdText(hedgePnl)} USD`,
    verdict: hedgePnl > 0 ? 'supported' : 'not supported',
    reason: hedgePnl > 0 ? 'the hedge gained' : 'the hedge did not gain',
    figures: { hedgePnlUsd: hedgePnl },
  };
}

function claimModestDrag2022(config: ClaimsCheckConfig, ladder: BacktestResult | undefined): ClaimResult {
  const claim = 'The hedge was a modest drag in the 2022 inflation-driven volatility.';
  const window = windowRecords(ladder, 'ladder', '2022', '2022-01-01', '2022-12-31');
  if (!('records' in window)) return notMeasurable(4, claim, window.notCovered);
  const { records } = window;
  const first = records[0] as DailyRecord;
  const hedgePnl = (records[records.length - 1] as DailyRecord).hedgePnlUsd - first.hedgePnlUsd;
  const share = hedgePnl / first.equityUsd;
  const modest = share < 0 && -share <= config.modestDragFractionOfEquity;
  return {
    id: 4,
    claim,
    measured: `hedge P&L over 2022: ${wholeUsdText(hedgePnl)} USD (${pct(share)} of equity)`,
    verdict: modest ? 'supported' : 'not supported',
    reason: share >= 0 ? 'the hedge was no drag: it gained' : modest ? `a loss within ${pct(config.modestDragFractionOfEquity)} of equity` : `a loss larger than ${pct(config.modestDragFractionOfEquity)} of equity`,
    figures: { hedgePnlUsd: hedgePnl, shareOfEquity: share },
  };
}

/** The years a run spans (ACT/365, first close to last). */
function runYears(r: BacktestResult): number {
  const first = r.daily[0] as DailyRecord;
  const last = r.daily[r.daily.length - 1] as DailyRecord;
  return yearFractionAct365(first.day, last.day);
}

function claimRollFrequency(config: ClaimsCheckConfig, ladder: BacktestResult | undefined, fixedRr: BacktestResult | undefined): ClaimResult {
  const claim = 'It lowers roll frequency compared with fixed R:R management.';
  if (!ladder || !fixedRr || ladder.daily.length < 2 || fixedRr.daily.length < 2) return notMeasurable(5, claim, 'needs both the alvh-ladder and fixed-rr variants');
  // A rate a year from a few weeks is a handful of rolls scaled up: a run of 2018-01-02..2018-03-29
  // compared 3 rolls with 4 (12.7 against 17.0 a year) and called the claim supported.
  const [ladderYears, fixedRrYears] = [runYears(ladder), runYears(fixedRr)];
  const years = Math.min(ladderYears, fixedRrYears);
  if (!(years > 0) || years < config.rollFrequencyMinYears) return notMeasurable(5, claim, `the run spans ${fixed(years, 2)} years; rolls a year are compared over at least ${fixed(config.rollFrequencyMinYears, 1)}`);
  const a = ladder.condorRolls / ladderYears;
  const b = fixedRr.condorRolls / fixedRrYears;
  return {
    id: 5,
    claim,
    measured: `${fixed(a, 1)} rolls a year with ALVH vs ${fixed(b, 1)} with fixed R:R`,
    verdict: a < b ? 'supported' : 'not supported',
    reason: a < b ? 'fewer rolls' : 'not fewer rolls',
    figures: { alvhRollsPerYear: a, fixedRrRollsPerYear: b },
  };
}

const meanOf = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * The premium the drag cap counted in each calendar month (`YYYY-MM`), USD: the `dragCapCountedUsd`
 * figure of the decisions that bought hedge premium in a quiet regime (a layer, a top-up, a roll's net
 * debit), which is what METHODOLOGY's cap limits.
 */
function dragCapCountedByMonthUsd(decisions: readonly DecisionRecord[]): Map<string, number> {
  const byMonth = new Map<string, number>();
  for (const d of decisions) {
    const counted = d.figures.dragCapCountedUsd;
    if (typeof counted !== 'number') continue;
    const month = isoFromDay(d.day).slice(0, 7);
    byMonth.set(month, (byMonth.get(month) ?? 0) + counted);
  }
  return byMonth;
}

/**
 * Claim 6 over the run's whole calendar months (windowNotCovered): a month the run starts after its
 * first session or ends before its last would count a few days' drag as a month's. Each month's drag is
 * its hedge P&L from the previous close (the month's first close at the run's start) to its last close,
 * over the equity at that base. Beside it, over the same equity, the premium the drag cap counted in
 * those months: the cap's own measure. The verdict stays on the drag, the hedge's whole P&L, which is
 * what the claim is about; the drag also carries the decay of layers bought before the month (or in
 * its stressed days), which no cap on new premium limits. The counted premium needs the decisions (a
 * `full` recording); without them the figure is left out, never printed as zero.
 */
function claimQuietDrag(config: ClaimsCheckConfig, ladder: BacktestResult | undefined): ClaimResult {
  const claim = 'Its drag stays within 0.15 % in quiet regimes.';
  if (!ladder || ladder.daily.length < 2) return notMeasurable(6, claim, 'needs the alvh-ladder variant');
  const byMonth = new Map<string, DailyRecord[]>();
  let previous: DailyRecord | undefined;
  const months: Array<{ month: string; base: DailyRecord; records: DailyRecord[] }> = [];
  for (const d of ladder.daily) {
    const month = isoFromDay(d.day).slice(0, 7);
    let list = byMonth.get(month);
    if (!list) {
      list = [];
      byMonth.set(month, list);
      months.push({ month, base: previous ?? d, records: list });
    }
    list.push(d);
    previous = d;
  }
  const drags: number[] = [];
  const counted: number[] = [];
  const countedByMonth = ladder.recording === 'full' ? dragCapCountedByMonthUsd(ladder.decisions) : undefined;
  let partialQuietMonths = 0;
  for (const m of months) {
    const quietDays = m.records.filter((d) => d.regime === 'calm' || d.regime === 'normal').length;
    if (quietDays / m.records.length < config.quietMonthShareOfDays) continue;
    const [year, month] = m.month.split('-').map(Number) as [number, number];
    if (windowNotCovered(ladder.daily, dayFromYmd(year, month, 1), lastDayOfMonth(year, month)) !== undefined) {
      partialQuietMonths++;
      continue;
    }
    const last = m.records[m.records.length - 1] as DailyRecord;
    drags.push(-(last.hedgePnlUsd - m.base.hedgePnlUsd) / m.base.equityUsd);
    if (countedByMonth) counted.push((countedByMonth.get(m.month) ?? 0) / m.base.equityUsd);
  }
  const partial = partialQuietMonths === 0 ? '' : ` (${countText(partialQuietMonths, 'quiet month')} the run covers only in part left out)`;
  if (drags.length < config.minQuietMonths) {
    return notMeasurable(6, claim, `${drags.length === 0 ? 'no whole quiet months' : countText(drags.length, 'whole quiet month')} in the run, fewer than the ${config.minQuietMonths} a verdict needs${partial}`);
  }
  const cap = config.quietMonthlyDragFractionOfEquity;
  const capText = `${fixed(cap * 100, 2)} %`;
  const mean = meanOf(drags);
  const within = drags.filter((x) => x <= cap).length;
  const capCount = counted.length === drags.length ? { mean: meanOf(counted), within: counted.filter((x) => x <= cap).length } : undefined;
  const countedText = capCount === undefined ? '' : `; premium the drag cap counted in those months ${fixed(capCount.mean * 100, 3)} % a month, ${capCount.within} within ${capText}`;
  return {
    id: 6,
    claim,
    measured: `mean hedge drag ${fixed(mean * 100, 3)} % of equity a month over ${drags.length} quiet months; ${within} within ${capText}${countedText}${partial}`,
    verdict: mean <= cap ? 'supported' : 'not supported',
    reason: `mean quiet-month drag ${mean <= cap ? 'within' : 'above'} the cap`,
    figures: {
      quietMonths: drags.length,
      meanMonthlyDragFraction: mean,
      monthsWithinCap: within,
      ...(capCount === undefined ? {} : { meanMonthlyDragCapCountedFraction: capCount.mean, monthsDragCapCountedWithinCap: capCount.within }),
      partialQuietMonthsLeftOut: partialQuietMonths,
    },
  };
}

/** The label of the fully allocated book's claims (presets `unhedged-full`, `alvh-ladder-full`). */
export const FULL_BOOK_LABEL = ' [fully allocated book: CNDR sizing, collateral 10x the widest wing, no risk cap]';

/**
 * Runs every claim on the variants by preset name (`alvh-ladder`, `unhedged`, `fixed-rr`); claims 1
 * and 2, which depend on how large the condor book is, are measured again on the fully allocated book
 * (`unhedged-full`, `alvh-ladder-full`) when the run has it.
 */
export function checkClaims(results: ReadonlyMap<string, BacktestResult>, config: ClaimsCheckConfig): ClaimResult[] {
  const ladder = results.get('alvh-ladder');
  // Each claim's measure on the fully allocated book follows its measure on the risk-sized one, so a
  // reader sees claim 1 twice, then claim 2 twice, never the numbers 1, 2, 1, 2.
  return [
    claimTailDrawdowns(config, results.get('unhedged')),
    ...(results.has('unhedged-full') ? [claimTailDrawdowns(config, results.get('unhedged-full'), FULL_BOOK_LABEL)] : []),
    claimVixUpsideCapture(config, ladder),
    ...(results.has('alvh-ladder-full') ? [claimVixUpsideCapture(config, results.get('alvh-ladder-full'), FULL_BOOK_LABEL)] : []),
    claimMarch2020(ladder),
    claimModestDrag2022(config, ladder),
    claimRollFrequency(config, ladder, results.get('fixed-rr')),
    claimQuietDrag(config, ladder),
  ];
}
