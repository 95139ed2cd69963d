/**
 * A MarketHistory read straight from the bundled daily CSVs in data/, for tests of the market model on
 * real history. It implements only what the model reads (closes, futures curve, rate, dividend yield);
 * the product's loader lives in src/data. Rates: 3-month T-bill on a discount basis, converted to a
 * continuously compounded rate over 91 days. Dividend yield: the Shiller trailing yield of the month
 * before the day's month (that month's figure is complete by then).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { mapRecords, readCsvTable } from '../../src/data/chains/csvTable.js';
import type {
  DailyBar,
  DailySeries,
  IndexSeriesName,
  MarketHistory,
  TermStructurePoint,
  VxFuturesSettlement,
} from '../../src/history/types.js';
import { dayFromYmd, ymdFromDay, type DayNumber } from '../../src/time/day.js';

const DATA_DIR = new URL('../../data/', import.meta.url);
const TBILL_DAYS = 91;
const MONEY_MARKET_DAYS_PER_YEAR = 360;

function readText(file: string): string {
  const bytes = readFileSync(new URL(file, DATA_DIR));
  return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

function table<T>(file: string, columns: string[], map: Parameters<typeof mapRecords<T>>[1]): T[] {
  const parsed = readCsvTable(readText(file), file, columns);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const rows = mapRecords(parsed.value, map);
  if (!rows.ok) throw new Error(`${rows.error.file}:${rows.error.line} ${rows.error.field}: ${rows.error.message}`);
  return rows.value;
}

function closes(file: string, column: string): Map<DayNumber, number> {
  return new Map(table(file, ['date', column], (row) => [row.day('date'), row.positive(column)] as const));
}

export function loadCsvMarketHistory(): MarketHistory {
  const spx = closes('spx_daily.csv', 'close');
  const index: Partial<Record<IndexSeriesName, Map<DayNumber, number>>> = {
    spx,
    vix: closes('vix_daily.csv', 'close'),
    vix9d: closes('vix9d_daily.csv', 'close'),
    vix3m: closes('vix3m_daily.csv', 'close'),
    vix6m: closes('vix6m_daily.csv', 'close'),
    skew: closes('skew_daily.csv', 'skew'),
  };
  const rates = new Map(
    table('rates_daily.csv', ['date', 'dtb3'], (row) => {
      const text = row.text('dtb3');
      if (text === '') return [row.day('date'), undefined] as const;
      const discountBasis = row.number('dtb3') / 100;
      const price = 1 - (discountBasis * TBILL_DAYS) / MONEY_MARKET_DAYS_PER_YEAR;
      return [row.day('date'), (-Math.log(price) * 365) / TBILL_DAYS] as const;
    }).filter((entry): entry is readonly [number, number] => entry[1] !== undefined),
  );
  const rateDays = [...rates.keys()].sort((a, b) => a - b);
  const dividendByMonth = new Map(
    table('shiller_monthly.csv', ['month', 'div_yield_pct'], (row) => {
      const text = row.text('div_yield_pct');
      return [row.day('month'), text === '' ? undefined : row.number('div_yield_pct') / 100] as const;
    }).filter((entry): entry is readonly [number, number] => entry[1] !== undefined),
  );
  const futuresByDay = new Map<DayNumber, VxFuturesSettlement[]>();
  for (const settlement of table('vx_futures_daily.csv.gz', ['date', 'contract', 'expiry', 'settle', 'volume', 'open_interest'], (row) => ({
    day: row.day('date'),
    contract: row.text('contract'),
    expiryDay: row.day('expiry'),
    settle: row.positive('settle'),
    volume: row.nonNegative('volume'),
    openInterest: row.nonNegative('open_interest'),
  }))) {
    const list = futuresByDay.get(settlement.day) ?? [];
    list.push(settlement);
    futuresByDay.set(settlement.day, list);
  }
  for (const list of futuresByDay.values()) list.sort((a, b) => a.expiryDay - b.expiryDay);
  const tradingDays = Int32Array.from([...spx.keys()].filter((d) => d >= dayFromYmd(1990, 1, 1)).sort((a, b) => a - b));

  const closeOn = (name: IndexSeriesName, day: DayNumber) => index[name]?.get(day);
  const termStructureOn = (day: DayNumber): TermStructurePoint[] =>
    (futuresByDay.get(day) ?? [])
      .filter((s) => s.expiryDay >= day)
      .map((s) => ({ contract: s.contract, expiryDay: s.expiryDay, dteDays: s.expiryDay - day, settle: s.settle }));
  return {
    tradingDays,
    series: (): DailySeries | undefined => undefined,
    barOn: (name, day): DailyBar | undefined => {
      const close = closeOn(name, day);
      return close === undefined ? undefined : { day, open: close, high: close, low: close, close };
    },
    closeOn,
    vxFuturesOn: (day) => futuresByDay.get(day) ?? [],
    termStructureOn,
    constantMaturityFutureOn: () => undefined,
    riskFreeRateOn: (day) => {
      // The latest published rate at or before the day.
      let lo = 0;
      let hi = rateDays.length - 1;
      if (hi < 0 || (rateDays[0] as number) > day) return undefined;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((rateDays[mid] as number) <= day) lo = mid;
        else hi = mid - 1;
      }
      return rates.get(rateDays[lo] as number);
    },
    dividendYieldOn: (day) => {
      const { year, month } = ymdFromDay(day);
      for (let back = 1; back <= 4; back++) {
        const monthIndex = month - 1 - back;
        const value = dividendByMonth.get(dayFromYmd(year + Math.floor(monthIndex / 12), (((monthIndex % 12) + 12) % 12) + 1, 1));
        if (value !== undefined) return value;
      }
      return undefined;
    },
    eventsBetween: () => [],
    breadthOn: () => undefined,
    missingSeriesOn: () => [],
    dataVersion: 'test-csv',
  };
}
