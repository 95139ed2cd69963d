/**
 * Gregorian Easter Sunday by the anonymous Gregorian algorithm (Meeus, "Astronomical Algorithms",
 * ch. 8), which is exact for every Gregorian year. Good Friday, an NYSE holiday, is two days earlier.
 */
import { dayFromYmd, type DayNumber } from '../time/day.js';

export function easterSunday(year: number): DayNumber {
  const goldenNumberIndex = year % 19;
  const century = Math.floor(year / 100);
  const yearInCentury = year % 100;
  const skippedLeapCenturies = Math.floor(century / 4);
  const centuryRemainder = century % 4;
  const lunarCorrection = Math.floor((century + 8) / 25);
  const solarCorrection = Math.floor((century - lunarCorrection + 1) / 3);
  const epact = (19 * goldenNumberIndex + century - skippedLeapCenturies - solarCorrection + 15) % 30;
  const leapYearsInCentury = Math.floor(yearInCentury / 4);
  const yearRemainder = yearInCentury % 4;
  const weekdayCorrection =
    (32 + 2 * centuryRemainder + 2 * leapYearsInCentury - epact - yearRemainder) % 7;
  const monthShift = Math.floor((goldenNumberIndex + 11 * epact + 22 * weekdayCorrection) / 451);
  const monthAndDay = epact + weekdayCorrection - 7 * monthShift + 114;
  const month = Math.floor(monthAndDay / 31);
  const dayOfMonth = (monthAndDay % 31) + 1;
  return dayFromYmd(year, month, dayOfMonth);
}

export function goodFriday(year: number): DayNumber {
  return easterSunday(year) - 2;
}
