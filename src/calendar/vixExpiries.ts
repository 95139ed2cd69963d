/**
 * Cboe VIX futures (VX) monthly final settlement dates and contract codes.
 *
 * Rule (CFE Rulebook, VX contract specifications, "Final Settlement Date"): the Wednesday 30 days
 * before the third Friday of the month after the contract month. If that Friday is a holiday, count
 * the 30 days back from the business day before it; if the resulting day is a holiday, settle on the
 * business day before it. VIX options on the same month expire on the same day. Cboe holidays equal
 * NYSE closures over the whole range, so the NYSE calendar answers "is it a business day".
 *
 * The first contracts settled differently: VXN04 (2004-07-14) and VXV04 (2004-10-13) settled on the
 * Wednesday before their own month's third Friday, which is 37 days, not 30, before the next month's
 * third Friday when that is five weeks away. For every other early contract the two rules give the same
 * day. The first contract in the Cboe history where they differ and the 30-day rule holds is VXZ05
 * (2005-12-21), so the switch lies between; contract months VXK04 .. VIX_LEGACY_RULE_LAST_CONTRACT
 * use the old rule. Checked against every contract in data/vx_futures_daily.csv.gz (see the data test).
 */
import { err, ok, type Result } from '../lib/result.js';
import { dayFromIso, dayFromYmd, ymdFromDay, type DayNumber } from '../time/day.js';
import { FRIDAY, nthWeekdayOfMonth } from './monthDays.js';
import { isNyseTradingDay, previousNyseTradingDay } from './nyse.js';
import { memoisedPair } from '../lib/memo.js';

/** Days from the settlement day back from the SPX expiry whose options price the VIX settlement. */
export const VIX_SETTLEMENT_DAYS_BEFORE_SPX_EXPIRY = 30;
/** First trading day of VX futures on CFE (first contracts VXK04 and VXM04). */
export const VIX_FUTURES_FIRST_TRADE_DAY: DayNumber = dayFromIso('2004-03-26');
/** The first VX contract month (VXK04); CFE listed nothing expiring earlier. */
export const VIX_FUTURES_FIRST_CONTRACT: VixContractMonth = { year: 2004, month: 5 };
/** The last contract month proven to settle by the original rule (VXV04, October 2004). */
export const VIX_LEGACY_RULE_LAST_CONTRACT: VixContractMonth = { year: 2004, month: 10 };
/** The original rule settled on the Wednesday two days before the contract month's third Friday. */
const LEGACY_RULE_DAYS_BEFORE_THIRD_FRIDAY = 2;
/** First trading day of VIX options on Cboe. */
export const VIX_OPTIONS_FIRST_TRADE_DAY: DayNumber = dayFromIso('2006-02-24');

const MONTH_CODES = 'FGHJKMNQUVXZ';
const CONTRACT_CODE = /^VX([FGHJKMNQUVXZ])(\d{2})$/;
/** VX codes carry a two-digit year; the product started in 2004, so every code is in the 2000s. */
const CONTRACT_CODE_CENTURY = 2000;

export type VixContractMonth = { readonly year: number; readonly month: number };
export type VixExpiry = {
  readonly day: DayNumber;
  readonly contractYear: number;
  readonly contractMonth: number;
  readonly contractCode: string;
};
export type VixContractCodeError = { kind: 'invalid-vix-contract-code'; input: string; reason: string };

function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

function requireContractMonth(year: number, month: number): void {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`VIX contract month must be an integer year and a month 1-12, got ${year}-${month}`);
  }
}

/** 'VXG18' for February 2018. */
export function vixContractCode(year: number, month: number): string {
  requireContractMonth(year, month);
  if (year < CONTRACT_CODE_CENTURY || year >= CONTRACT_CODE_CENTURY + 100) {
    throw new RangeError(`VIX contract codes cover ${CONTRACT_CODE_CENTURY}-${CONTRACT_CODE_CENTURY + 99}, got ${year}`);
  }
  return `VX${MONTH_CODES[month - 1] as string}${String(year % 100).padStart(2, '0')}`;
}

export function parseVixContractCode(code: string): Result<VixContractMonth, VixContractCodeError> {
  const match = CONTRACT_CODE.exec(code);
  if (!match) {
    return err({ kind: 'invalid-vix-contract-code', input: code, reason: 'expected VX + month code (FGHJKMNQUVXZ) + two-digit year' });
  }
  return ok({ year: CONTRACT_CODE_CENTURY + Number(match[2]), month: MONTH_CODES.indexOf(match[1] as string) + 1 });
}

/**
 * Final settlement day of the VX futures contract for `contractMonth` of `contractYear`. Months before
 * VXK04 never traded; for them the current rule gives the day a contract would have settled, so a
 * backtest that synthesises VIX futures before 2004 gets consistent 30-day tenors.
 */
export function vixExpiry(contractYear: number, contractMonth: number): DayNumber {
  requireContractMonth(contractYear, contractMonth);
  const contractIndex = monthIndex(contractYear, contractMonth);
  const isLegacyContract =
    contractIndex >= monthIndex(VIX_FUTURES_FIRST_CONTRACT.year, VIX_FUTURES_FIRST_CONTRACT.month) &&
    contractIndex <= monthIndex(VIX_LEGACY_RULE_LAST_CONTRACT.year, VIX_LEGACY_RULE_LAST_CONTRACT.month);
  if (isLegacyContract) {
    const ownThirdFriday = nthWeekdayOfMonth(contractYear, contractMonth, FRIDAY, 3);
    const legacySettlement = ownThirdFriday - LEGACY_RULE_DAYS_BEFORE_THIRD_FRIDAY;
    return isNyseTradingDay(legacySettlement) ? legacySettlement : previousNyseTradingDay(legacySettlement);
  }
  const followingMonthFirst = ymdFromDay(dayFromYmd(contractYear, contractMonth + 1, 1));
  const thirdFriday = nthWeekdayOfMonth(followingMonthFirst.year, followingMonthFirst.month, FRIDAY, 3);
  const spxExpiry = isNyseTradingDay(thirdFriday) ? thirdFriday : previousNyseTradingDay(thirdFriday);
  const settlement = spxExpiry - VIX_SETTLEMENT_DAYS_BEFORE_SPX_EXPIRY;
  return isNyseTradingDay(settlement) ? settlement : previousNyseTradingDay(settlement);
}

/**
 * The next `count` monthly VX expiries on or after `asOfDay` (an expiry on `asOfDay` itself is
 * included: it trades until that morning's settlement). Before VX futures existed
 * (VIX_FUTURES_FIRST_TRADE_DAY) nothing was listed and the list is empty. Which months CFE listed at
 * a time is not modelled (2004-2005 listed a February quarterly cycle plus near months, later up to
 * nine consecutive months): the caller chooses `count`, and every contract month is returned.
 */
export function listedVixExpiries(asOfDay: DayNumber, count: number): VixExpiry[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  isNyseTradingDay(asOfDay); // range check: throws CalendarRangeError outside 1990-2030
  if (count > LISTED_VIX_MEMO_MAX_COUNT) return computeListedVixExpiries(asOfDay, count);
  const listed = memoisedPair(listedVixMemo, asOfDay, count, () => computeListedVixExpiries(asOfDay, count));
  // Copies: the caller owns what it gets, and the memo stays as computed.
  return listed.map((e) => ({ ...e }));
}

/**
 * Listings already computed, by day and count: a backtest asks for the same few (the fund's roll
 * calendar, the day's VIX tenors) every day for every variant, and each costs a walk over contract
 * months with holiday checks. Bounded by the calendar's span of days times the counts callers use
 * (counts above LISTED_VIX_MEMO_MAX_COUNT are computed each time).
 */
const listedVixMemo = new Map<DayNumber, Map<number, readonly VixExpiry[]>>();
const LISTED_VIX_MEMO_MAX_COUNT = 16;

function computeListedVixExpiries(asOfDay: DayNumber, count: number): VixExpiry[] {
  if (asOfDay < VIX_FUTURES_FIRST_TRADE_DAY) return [];
  const expiries: VixExpiry[] = [];
  let { year, month } = ymdFromDay(asOfDay);
  if (monthIndex(year, month) < monthIndex(VIX_FUTURES_FIRST_CONTRACT.year, VIX_FUTURES_FIRST_CONTRACT.month)) {
    ({ year, month } = VIX_FUTURES_FIRST_CONTRACT);
  }
  while (expiries.length < count) {
    const day = vixExpiry(year, month);
    if (day >= asOfDay) expiries.push({ day, contractYear: year, contractMonth: month, contractCode: vixContractCode(year, month) });
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return expiries;
}
