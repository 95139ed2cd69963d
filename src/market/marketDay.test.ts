import { describe, expect, it } from 'vitest';
import { testHistory } from '../../test/support/realSurfaces.js';
import { dayFromIso } from '../time/day.js';
import { marketDayFromHistory } from './marketDay.js';

describe('marketDayFromHistory', () => {
  const history = testHistory();

  it('takes the day\'s closes as decimals and the futures curve of that day', () => {
    const day = marketDayFromHistory(history, dayFromIso('2018-02-05'));
    if (!day.ok) throw new Error(day.error.missing);
    expect(day.value).toMatchObject({ spot: 2648.94, vixDecimal: 0.3732, vix9dDecimal: 0.5934, vix3mDecimal: 0.2813, vix6mDecimal: 0.2455 });
    expect(day.value.futures[0]).toEqual({ dteDays: 9, settle: 33.225 });
  });

  it('leaves tenors out before they were published (never a zero placeholder)', () => {
    const day = marketDayFromHistory(history, dayFromIso('1995-06-01'));
    if (!day.ok) throw new Error(day.error.missing);
    expect('vix3mDecimal' in day.value).toBe(false);
    expect(day.value.futures).toEqual([]);
  });

  it('names the missing series', () => {
    const day = marketDayFromHistory(history, dayFromIso('2018-02-04'));
    expect(!day.ok && day.error.missing).toBe('SPX close on 2018-02-04');
  });
});
