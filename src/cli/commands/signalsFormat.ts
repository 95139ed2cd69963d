/**
 * Output formats of `alvh signals`: a compact terminal table, and CSV with every field of
 * DailySignals (JSON needs no formatting beyond JSON.stringify). Pure: rows in, text out.
 */
import { spreadsheetCsv } from '../../lib/csvCell.js';
import type { SignalEventKind } from '../../signals/config.js';
import type { DailySignals, DivergenceRecord, DivergenceSet } from '../../signals/dailySignals.js';

type Cell = string | number | boolean | null;
type Column = readonly [header: string, value: (row: DailySignals) => Cell];

const divergenceColumns = (prefix: string, pick: (r: DailySignals) => DivergenceRecord | null): Column[] => [
  [`${prefix}.oscillators`, (r) => pick(r)?.oscillators.join('+') ?? null],
  [`${prefix}.firstPivotDate`, (r) => pick(r)?.firstPivotDate ?? null],
  [`${prefix}.secondPivotDate`, (r) => pick(r)?.secondPivotDate ?? null],
  [`${prefix}.detectedDate`, (r) => pick(r)?.detectedDate ?? null],
  [`${prefix}.confirmed`, (r) => pick(r)?.confirmed ?? null],
  [`${prefix}.confirmedBy`, (r) => pick(r)?.confirmedBy ?? null],
  [`${prefix}.confirmedDate`, (r) => pick(r)?.confirmedDate ?? null],
  [`${prefix}.ageBars`, (r) => pick(r)?.ageBars ?? null],
];

const divergenceSetColumns = (prefix: string, pick: (r: DailySignals) => DivergenceSet): Column[] => [
  [
    `${prefix}.detectedToday`,
    (r) => pick(r).detectedToday.map((d) => `${d.direction}:${d.oscillators.join('+')}${d.confirmed ? ':confirmed' : ''}`).join(' '),
  ],
  ...divergenceColumns(`${prefix}.activeBearish`, (r) => pick(r).activeBearish),
  ...divergenceColumns(`${prefix}.activeBullish`, (r) => pick(r).activeBullish),
];

/** Every CSV column, in a fixed order (the header does not depend on which values happen to be null). */
export function signalCsvColumns(eventKinds: readonly SignalEventKind[]): Column[] {
  return [
    ['date', (r) => r.date],
    ['barIndex', (r) => r.barIndex],
    ['spx.close', (r) => r.spx.close],
    ['spx.macd.line', (r) => r.spx.macd?.line ?? null],
    ['spx.macd.signal', (r) => r.spx.macd?.signal ?? null],
    ['spx.macd.histogram', (r) => r.spx.macd?.histogram ?? null],
    ['spx.macdCrossunder', (r) => r.spx.macdCrossunder],
    ['spx.macdCrossover', (r) => r.spx.macdCrossover],
    ['spx.rsi', (r) => r.spx.rsi],
    ['spx.rsiFailureSwing.firstHighDate', (r) => r.spx.rsiFailureSwing?.firstHighDate ?? null],
    ['spx.rsiFailureSwing.secondHighDate', (r) => r.spx.rsiFailureSwing?.secondHighDate ?? null],
    ['spx.rsiFailureSwing.firstHighRsi', (r) => r.spx.rsiFailureSwing?.firstHighRsi ?? null],
    ['spx.rsiFailureSwing.secondHighRsi', (r) => r.spx.rsiFailureSwing?.secondHighRsi ?? null],
    ['spx.obv', (r) => r.spx.obv],
    ['spx.adLine', (r) => r.spx.adLine],
    ['spx.realisedVol', (r) => r.spx.realisedVol],
    ['spx.newPivots', (r) => r.spx.newPivots.map((p) => `${p.kind}@${p.date}=${p.close}`).join(' ')],
    ['vix.close', (r) => r.vix.close],
    ['vix.regime', (r) => r.vix.regime],
    ['vix.regimeBars', (r) => r.vix.regimeBars],
    ['vix.spike', (r) => r.vix.spike],
    ['vix.ratioToRecentLow', (r) => r.vix.ratioToRecentLow],
    ['vix.macd.line', (r) => r.vix.macd?.line ?? null],
    ['vix.macd.signal', (r) => r.vix.macd?.signal ?? null],
    ['vix.macd.histogram', (r) => r.vix.macd?.histogram ?? null],
    ['vix.macdCrossUp', (r) => r.vix.macdCrossUp],
    ['vix.rsi', (r) => r.vix.rsi],
    ...divergenceSetColumns('vix.divergences', (r) => r.vix.divergences),
    ['termStructure.vix3m', (r) => r.termStructure.vix3m],
    ['termStructure.vixToVix3m', (r) => r.termStructure.vixToVix3m],
    ['termStructure.inverted', (r) => r.termStructure.inverted],
    ['termStructure.frontContract', (r) => r.termStructure.frontContract],
    ['termStructure.frontSettle', (r) => r.termStructure.frontSettle],
    ['termStructure.secondContract', (r) => r.termStructure.secondContract],
    ['termStructure.secondSettle', (r) => r.termStructure.secondSettle],
    ['termStructure.futuresContango', (r) => r.termStructure.futuresContango],
    ...divergenceSetColumns('divergences', (r) => r.divergences),
    ...eventKinds.flatMap((kind): Column[] => {
      const pick = (r: DailySignals) => r.events.find((e) => e.kind === kind);
      return [
        [`events.${kind}.nextDate`, (r) => pick(r)?.nextDate ?? null],
        [`events.${kind}.tradingDaysToNext`, (r) => pick(r)?.tradingDaysToNext ?? null],
        [`events.${kind}.lastDate`, (r) => pick(r)?.lastDate ?? null],
        [`events.${kind}.tradingDaysSinceLast`, (r) => pick(r)?.tradingDaysSinceLast ?? null],
      ];
    }),
    ['relief.state', (r) => r.relief.state],
    ['relief.phase', (r) => r.relief.phase],
    ['relief.eventDate', (r) => r.relief.eventDate],
    ['relief.eventKinds', (r) => r.relief.eventKinds.join('+')],
    ['relief.preEventSpxClose', (r) => r.relief.preEventSpxClose],
    ['relief.preEventVixClose', (r) => r.relief.preEventVixClose],
    ['relief.vixBelowPreEventBars', (r) => r.relief.vixBelowPreEventBars],
    ['relief.reliefDate', (r) => r.relief.reliefDate],
    ['relief.resolutionDate', (r) => r.relief.resolutionDate],
    ['relief.fadeDate', (r) => r.relief.fadeDate],
    ['rsai.volRatio', (r) => r.rsai.volRatio],
    ['rsai.periodBars', (r) => r.rsai.periodBars],
    ['rsai.adaptiveRsi', (r) => r.rsai.adaptiveRsi],
    ['rsai.score', (r) => r.rsai.score],
    ['entry.trigger', (r) => r.entry.trigger],
    ['entry.reason', (r) => r.entry.reason],
    ['unavailable', (r) => r.unavailable.map((u) => u.signal).join(' ')],
  ];
}

/** RFC 4180 CSV, one row per day; an unavailable value is an empty cell, text that would open as a spreadsheet formula starts with an apostrophe. */
export function formatSignalsCsv(rows: readonly DailySignals[], eventKinds: readonly SignalEventKind[]): string {
  const columns = signalCsvColumns(eventKinds);
  return spreadsheetCsv(
    columns.map(([header]) => header),
    rows.map((row) => columns.map(([, value]) => value(row))),
  );
}

const fixed = (value: number | null, digits: number): string => (value === null ? '-' : value.toFixed(digits));
const flag = (value: boolean | null, text: string): string => (value === null ? '-' : value ? text : '');

function divergenceCode(set: DivergenceSet): string {
  const code = (d: DivergenceRecord | null, letter: string): string => (d === null ? '' : d.confirmed ? letter.toUpperCase() : letter);
  return code(set.activeBearish, 'b') + code(set.activeBullish, 'u');
}

function nextEvent(r: DailySignals): string {
  let best: { kind: string; days: number } | undefined;
  for (const e of r.events) {
    if (e.tradingDaysToNext !== null && (best === undefined || e.tradingDaysToNext < best.days)) best = { kind: e.kind, days: e.tradingDaysToNext };
  }
  return best === undefined ? '-' : `${best.kind}+${best.days}`;
}

const TABLE_COLUMNS: readonly (readonly [header: string, value: (r: DailySignals) => string])[] = [
  ['date', (r) => r.date],
  ['spx', (r) => r.spx.close.toFixed(2)],
  ['rsi', (r) => fixed(r.spx.rsi, 1)],
  ['macdH', (r) => fixed(r.spx.macd?.histogram ?? null, 2)],
  ['x', (r) => flag(r.spx.macdCrossunder, 'v') + (r.spx.rsiFailureSwing === null ? '' : 'f')],
  ['vix', (r) => fixed(r.vix.close, 2)],
  ['regime', (r) => r.vix.regime ?? '-'],
  ['spike', (r) => flag(r.vix.spike, 'S')],
  ['v/v3m', (r) => fixed(r.termStructure.vixToVix3m, 3)],
  ['cont%', (r) => fixed(r.termStructure.futuresContango === null ? null : 100 * r.termStructure.futuresContango, 1)],
  ['div', (r) => divergenceCode(r.divergences)],
  ['vdiv', (r) => divergenceCode(r.vix.divergences)],
  ['event', (r) => nextEvent(r)],
  ['relief', (r) => (r.relief.state === 'none' ? '' : r.relief.state)],
  ['rsai', (r) => fixed(r.rsai.score, 1)],
  ['n', (r) => (r.rsai.periodBars === null ? '-' : String(r.rsai.periodBars))],
  ['entry', (r) => (r.entry.trigger ? `YES ${r.entry.reason}` : `no ${r.entry.reason}`)],
];

/**
 * A compact fixed-width table. Legend: x = v MACD crossunder, f RSI failure swing; div / vdiv = active
 * SPX / VIX divergence, b/u bearish/bullish, capital when confirmed; event = nearest release and trading days to
 * it; n = RSAi period; `-` = unavailable (see JSON/CSV `unavailable` for why).
 */
export function formatSignalsTable(rows: readonly DailySignals[]): string {
  const cells = rows.map((r) => TABLE_COLUMNS.map(([, value]) => value(r)));
  const widths = TABLE_COLUMNS.map(([header], i) => Math.max(header.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => (i === 0 || i === values.length - 1 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(TABLE_COLUMNS.map(([header]) => header)), ...cells.map(line)].join('\n') + '\n';
}
