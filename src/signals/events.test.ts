import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../history/types.js';
import { dayFromIso } from '../time/day.js';
import { countAxisDays, eventProximity, eventsKnownOn } from './events.js';
import { countWeekdays, fakeHistory, weekdays } from './testing/fakeHistory.js';

const start = dayFromIso('2020-02-03');
const days = weekdays(start, 60);
const event = (iso: string, kind: MarketEvent['kind'], scheduled = true): MarketEvent => ({ day: dayFromIso(iso), kind, scheduled, label: iso });
const events = [event('2020-01-29', 'fomc'), event('2020-03-03', 'fomc', false), event('2020-03-15', 'fomc', false), event('2020-03-18', 'fomc'), event('2020-03-11', 'cpi')];
const history = fakeHistory({ days, spxClose: days.map(() => 3000), events });
const axis = history.tradingDays;

describe('eventsKnownOn', () => {
  it('knows scheduled events in advance and unscheduled ones only from their own day', () => {
    const known = (iso: string) => eventsKnownOn(history, dayFromIso(iso), 400).map((e) => e.label);
    expect(known('2020-03-02')).not.toContain('2020-03-03');
    expect(known('2020-03-02')).toContain('2020-03-18');
    expect(known('2020-03-03')).toContain('2020-03-03');
    expect(known('2020-03-13')).not.toContain('2020-03-15');
    expect(known('2020-03-16')).toContain('2020-03-15');
  });
});

describe('eventProximity', () => {
  const at = (iso: string, kind: 'fomc' | 'cpi') => {
    const day = dayFromIso(iso);
    return eventProximity(kind, day, eventsKnownOn(history, day, 400), axis.subarray(0, countAxisDays(axis, -1, day)), countWeekdays);
  };

  it('counts trading days to the next and since the last event', () => {
    const p = at('2020-03-09', 'cpi');
    expect(p.tradingDaysToNext).toBe(2);
    expect(p.lastDay).toBeUndefined();
    const fomc = at('2020-03-02', 'fomc');
    expect(fomc.nextDay).toBe(dayFromIso('2020-03-18')); // the 03-03 cut is not known yet
    expect(fomc.tradingDaysToNext).toBe(12);
    // 2020-01-29 is before the axis starts: trading days since it are those on the axis up to today.
    expect(fomc.tradingDaysSinceLast).toBe(21);
  });

  it('is zero on the event day, and counts an unscheduled weekend event from the next session', () => {
    expect(at('2020-03-11', 'cpi').tradingDaysToNext).toBe(0);
    expect(at('2020-03-11', 'cpi').tradingDaysSinceLast).toBe(0);
    const monday = at('2020-03-16', 'fomc');
    expect(monday.lastDay).toBe(dayFromIso('2020-03-15'));
    expect(monday.tradingDaysSinceLast).toBe(1);
    expect(monday.tradingDaysToNext).toBe(2);
  });
});

describe('countAxisDays', () => {
  it('counts axis days in (from, to]', () => {
    expect(countAxisDays(axis, dayFromIso('2020-02-07'), dayFromIso('2020-02-10'))).toBe(1);
    expect(countAxisDays(axis, dayFromIso('2020-02-03'), dayFromIso('2020-02-14'))).toBe(9);
  });
});
