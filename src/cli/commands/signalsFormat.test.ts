import { describe, expect, it } from 'vitest';
import { defaultSignalConfig } from '../../signals/config.js';
import { computeSignalTable } from '../../signals/engine.js';
import { countWeekdays, fakeHistory } from '../../signals/testing/fakeHistory.js';
import { SPX_SAMPLE_2017_2018 } from '../../signals/testing/spxSample.js';
import { dayFromIso } from '../../time/day.js';
import { formatSignalsCsv, formatSignalsTable, signalCsvColumns } from './signalsFormat.js';

const config = defaultSignalConfig();
const rows = computeSignalTable(
  fakeHistory({
    days: SPX_SAMPLE_2017_2018.map((r) => dayFromIso(r.date)),
    spxClose: SPX_SAMPLE_2017_2018.map((r) => r.close),
    spxVolume: SPX_SAMPLE_2017_2018.map((r) => r.volume),
    vixClose: SPX_SAMPLE_2017_2018.map((r) => r.vix),
  }),
  dayFromIso('2017-11-01'),
  dayFromIso('2018-03-29'),
  config,
  { countTradingDays: countWeekdays },
);

describe('formatSignalsCsv', () => {
  it('has the same header whatever the values, and one equal-width row per day', () => {
    const early = formatSignalsCsv(rows.slice(0, 1), config.eventKinds).split('\n')[0];
    const late = formatSignalsCsv(rows.slice(-1), config.eventKinds).split('\n')[0];
    expect(early).toBe(late);
    const lines = formatSignalsCsv(rows, config.eventKinds).trimEnd().split('\n');
    const width = signalCsvColumns(config.eventKinds).length;
    expect(lines).toHaveLength(rows.length + 1);
    // No cell holds a comma or quote here, so splitting on commas is exact.
    for (const line of lines) expect(line.split(',')).toHaveLength(width);
  });

  it('leaves unavailable values empty, never 0 or NaN', () => {
    const [header, first] = formatSignalsCsv(rows.slice(0, 1), config.eventKinds).trimEnd().split('\n');
    const cells = Object.fromEntries((header ?? '').split(',').map((c, i) => [c, (first ?? '').split(',')[i]]));
    expect(cells['spx.rsi']).toBe('');
    expect(cells['termStructure.vixToVix3m']).toBe('');
    expect(formatSignalsCsv(rows, config.eventKinds)).not.toMatch(/NaN|undefined/);
  });

  it('quotes a cell with a comma or a quote', () => {
    const row = rows[0];
    if (row === undefined) throw new Error('no rows');
    const odd = { ...row, relief: { ...row.relief, eventKinds: ['a,b', 'say "x"'] } };
    expect(formatSignalsCsv([odd], config.eventKinds)).toContain('"a,b+say ""x"""');
  });
});

describe('formatSignalsTable', () => {
  it('aligns every line to the same width and marks unavailable values with -', () => {
    const lines = formatSignalsTable(rows.slice(30, 60)).trimEnd().split('\n');
    expect(lines).toHaveLength(31);
    expect(lines[1]?.startsWith(`${rows[30]?.date ?? '?'} `)).toBe(true);
    expect(formatSignalsTable(rows.slice(0, 1))).toMatch(/\s-\s/);
    const rsiColumnEnd = (lines[0] ?? '').indexOf('rsi') + 3;
    for (const line of lines.slice(1)) expect(line[rsiColumnEnd - 1]).toMatch(/[\d-]/);
  });
});
