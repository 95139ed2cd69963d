import { describe, expect, it } from 'vitest';
import { dayFromIso } from '../time/day.js';
import { lastDayOfMonth, lastWeekdayOfMonth, MONDAY } from './monthDays.js';

describe('lastDayOfMonth', () => {
  it('knows leap Februaries and rolls December into the next year', () => {
    expect(lastDayOfMonth(2024, 2)).toBe(dayFromIso('2024-02-29'));
    expect(lastDayOfMonth(2023, 2)).toBe(dayFromIso('2023-02-28'));
    expect(lastDayOfMonth(2000, 2)).toBe(dayFromIso('2000-02-29'));
    expect(lastDayOfMonth(1900, 2)).toBe(dayFromIso('1900-02-28'));
    expect(lastDayOfMonth(2025, 12)).toBe(dayFromIso('2025-12-31'));
    expect(lastDayOfMonth(2026, 4)).toBe(dayFromIso('2026-04-30'));
  });

  it('is where the last weekday of a month counts back from (Memorial Day 2025: Monday 26 May)', () => {
    expect(lastWeekdayOfMonth(2025, 5, MONDAY)).toBe(dayFromIso('2025-05-26'));
  });
});
