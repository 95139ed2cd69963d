/**
 * The calendar against real daily histories: every session in the bundled SPX (Yahoo ^GSPC) and
 * VIX (Cboe) files must be an NYSE trading day and every NYSE trading day must have a row.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dayFromIso, isoFromDay } from '../time/day.js';
import { nyseHolidayName, nyseTradingDaysBetween } from './nyse.js';

function sessionIsosInFile(fileName: string, fromIso: string, toIso: string): string[] {
  const text = readFileSync(new URL(`../../data/${fileName}`, import.meta.url), 'utf8');
  const lines = text.split('\n').slice(1).filter((line) => line.length > 0);
  return lines.map((line) => line.slice(0, line.indexOf(','))).filter((iso) => iso >= fromIso && iso <= toIso);
}

function differences(fileIsos: readonly string[], fromIso: string, toIso: string) {
  const calendarIsos = nyseTradingDaysBetween(dayFromIso(fromIso), dayFromIso(toIso)).map(isoFromDay);
  const inFile = new Set(fileIsos);
  const inCalendar = new Set(calendarIsos);
  return {
    calendarSessionsMissingFromFile: calendarIsos.filter((iso) => !inFile.has(iso)),
    fileRowsOnNonTradingDays: fileIsos.filter((iso) => !inCalendar.has(iso)),
    calendarSessionCount: calendarIsos.length,
  };
}

/** Row count of data/spx_daily.csv over the compared span (`awk` over the file). */
const SPX_SESSIONS_1990_01_02_TO_2026_08_21 = 9227;

describe('NYSE calendar against data/spx_daily.csv', () => {
  const fromIso = '1990-01-02';
  const toIso = '2026-08-21';
  it('has a row on every trading day and none on any other day', () => {
    const result = differences(sessionIsosInFile('spx_daily.csv', fromIso, toIso), fromIso, toIso);
    expect(result.calendarSessionsMissingFromFile).toEqual([]);
    expect(result.fileRowsOnNonTradingDays).toEqual([]);
    expect(result.calendarSessionCount).toBe(SPX_SESSIONS_1990_01_02_TO_2026_08_21);
  });
});

describe('NYSE calendar against data/vix_daily.csv', () => {
  const fromIso = '1990-01-02';
  const toIso = '2026-08-21';
  /**
   * Cboe's VIX_History.csv has no row on these four NYSE sessions. They are gaps in Cboe's file, not
   * closures: SPX traded on all four (data/spx_daily.csv has full OHLC and volume) and Cboe's VIX file
   * itself has rows on the neighbouring days. 1999-12-31 is the Friday before a Saturday New Year,
   * which the NYSE keeps open.
   */
  const cboeVixFileGaps = ['1991-03-01', '1997-01-31', '1997-11-26', '1999-12-31'];

  /**
   * Rows on NYSE closures, all weekdays the calendar names as holidays:
   * - 2004-06-11 (Reagan day of mourning) is a placeholder: O=H=L=C = the previous close.
   * - From 2022-05-30 on, Cboe's file has values on every NYSE holiday except New Year's Day, Good
   *   Friday and Christmas, most likely from Cboe's extended-hours session, which trades on those
   *   days. No NYSE session exists, so an importer must drop them before aligning VIX with SPX.
   */
  const vixRowsOnNyseClosures = [
    '2004-06-11',
    '2022-05-30', '2022-06-20', '2022-07-04', '2022-09-05', '2022-11-24',
    '2023-01-16', '2023-02-20', '2023-05-29', '2023-06-19', '2023-07-04', '2023-09-04', '2023-11-23',
    '2024-01-15', '2024-02-19', '2024-05-27', '2024-06-19', '2024-07-04', '2024-09-02', '2024-11-28',
    '2025-01-09', '2025-01-20', '2025-02-17', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-11-27',
    '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03',
  ];

  it('has a row on every trading day except four gaps in the Cboe file, and extra rows only on the listed closures', () => {
    const result = differences(sessionIsosInFile('vix_daily.csv', fromIso, toIso), fromIso, toIso);
    expect(result.calendarSessionsMissingFromFile).toEqual(cboeVixFileGaps);
    expect(result.fileRowsOnNonTradingDays).toEqual(vixRowsOnNyseClosures);
    for (const iso of vixRowsOnNyseClosures) expect(nyseHolidayName(dayFromIso(iso)), iso).toBeDefined();
  });
});
