/**
 * `alvh chains status`: what the store covers, per underlying, root and quote month, and the NYSE
 * trading days inside each root's covered span that have no quotes (the gaps).
 */
import { isNyseTradingDay, NYSE_CALENDAR_FIRST_DAY, NYSE_CALENDAR_LAST_DAY } from '../calendar/nyse.js';
import { countText } from '../lib/numberText.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import { queryRows, withDuck } from './duck.js';
import { currentVersionDir, readManifest, storeRelation, type ImportedFileRecord } from './store.js';

export interface ChainMonthCoverage {
  readonly underlying: string;
  readonly root: string;
  readonly month: string;
  readonly quoteDays: number;
  readonly quotes: number;
  readonly expiries: number;
  readonly firstDate: string;
  readonly lastDate: string;
}

export interface ChainGap {
  readonly underlying: string;
  readonly root: string;
  readonly fromDate: string;
  readonly toDate: string;
  readonly tradingDays: number;
}

export interface ChainStatus {
  readonly storeDir: string;
  readonly totalQuotes: number;
  readonly months: readonly ChainMonthCoverage[];
  readonly gaps: readonly ChainGap[];
  readonly imports: readonly ImportedFileRecord[];
}

/** Trading days from `first` to `last` without a quote day, as runs of consecutive trading days. */
export function tradingDayGaps(quoteDays: readonly DayNumber[], isTradingDay: (day: DayNumber) => boolean): { from: DayNumber; to: DayNumber; tradingDays: number }[] {
  if (quoteDays.length === 0) return [];
  const have = new Set(quoteDays);
  const first = Math.min(...quoteDays);
  const last = Math.max(...quoteDays);
  const gaps: { from: DayNumber; to: DayNumber; tradingDays: number }[] = [];
  let open: { from: DayNumber; to: DayNumber; tradingDays: number } | undefined;
  for (let day = first; day <= last; day++) {
    if (!isTradingDay(day)) continue;
    if (have.has(day)) {
      if (open !== undefined) gaps.push(open);
      open = undefined;
    } else if (open === undefined) {
      open = { from: day, to: day, tradingDays: 1 };
    } else {
      open = { from: open.from, to: day, tradingDays: open.tradingDays + 1 };
    }
  }
  if (open !== undefined) gaps.push(open);
  return gaps;
}

/** The NYSE calendar where it is defined; days outside it count as weekdays-only. */
function tradingDay(day: DayNumber): boolean {
  if (day >= NYSE_CALENDAR_FIRST_DAY && day <= NYSE_CALENDAR_LAST_DAY) return isNyseTradingDay(day);
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday !== 0 && weekday !== 6;
}

export async function buildChainStatus(storeDir: string): Promise<ChainStatus> {
  const relation = storeRelation(storeDir);
  const imports = readManifest(currentVersionDir(storeDir)).imports;
  if (relation === undefined) return { storeDir, totalQuotes: 0, months: [], gaps: [], imports };
  return withDuck(undefined, async (connection) => {
    const monthRows = await queryRows(
      connection,
      `SELECT underlying, root, strftime(quote_date, '%Y-%m') AS month, CAST(count(DISTINCT quote_date) AS DOUBLE) AS quote_days, CAST(count(*) AS DOUBLE) AS quotes,
              CAST(count(DISTINCT expiration) AS DOUBLE) AS expiries, strftime(min(quote_date), '%Y-%m-%d') AS first_date, strftime(max(quote_date), '%Y-%m-%d') AS last_date
       FROM ${relation} GROUP BY ALL ORDER BY underlying, root, month`,
    );
    const dayRows = await queryRows(
      connection,
      `SELECT DISTINCT underlying, root, CAST(quote_date - DATE '1970-01-01' AS INTEGER) AS day FROM ${relation} ORDER BY underlying, root, day`,
    );
    const months: ChainMonthCoverage[] = monthRows.map((r) => ({
      underlying: String(r['underlying']),
      root: String(r['root']),
      month: String(r['month']),
      quoteDays: Number(r['quote_days']),
      quotes: Number(r['quotes']),
      expiries: Number(r['expiries']),
      firstDate: String(r['first_date']),
      lastDate: String(r['last_date']),
    }));
    const daysByRoot = new Map<string, DayNumber[]>();
    for (const r of dayRows) {
      const key = `${String(r['underlying'])}\t${String(r['root'])}`;
      const list = daysByRoot.get(key) ?? [];
      list.push(Number(r['day']));
      daysByRoot.set(key, list);
    }
    const gaps: ChainGap[] = [];
    for (const [key, days] of daysByRoot) {
      const [underlying, root] = key.split('\t') as [string, string];
      for (const g of tradingDayGaps(days, tradingDay)) gaps.push({ underlying, root, fromDate: isoFromDay(g.from), toDate: isoFromDay(g.to), tradingDays: g.tradingDays });
    }
    return { storeDir, totalQuotes: months.reduce((s, m) => s + m.quotes, 0), months, gaps, imports };
  });
}

export function renderChainStatus(status: ChainStatus): string {
  if (status.totalQuotes === 0) return `chain store ${status.storeDir}: empty (alvh chains import FILE... adds vendor files)\n`;
  const lines = [`chain store ${status.storeDir}: ${status.totalQuotes} quotes from ${status.imports.length} imported file(s)`, ''];
  lines.push('underlying  root   month    days  quotes  expiries  first       last');
  for (const m of status.months) {
    lines.push(
      `${m.underlying.padEnd(10)}  ${m.root.padEnd(5)}  ${m.month}  ${String(m.quoteDays).padStart(4)}  ${String(m.quotes).padStart(6)}  ${String(m.expiries).padStart(8)}  ${m.firstDate}  ${m.lastDate}`,
    );
  }
  lines.push('');
  if (status.gaps.length === 0) {
    lines.push('gaps: none (every NYSE trading day inside each root\'s span has quotes)');
  } else {
    lines.push('gaps (NYSE trading days without quotes inside each root\'s span):');
    for (const g of status.gaps) lines.push(`  ${g.underlying} ${g.root}: ${g.fromDate}${g.toDate === g.fromDate ? '' : ` .. ${g.toDate}`} (${countText(g.tradingDays, 'trading day')})`);
  }
  return `${lines.join('\n')}\n`;
}
