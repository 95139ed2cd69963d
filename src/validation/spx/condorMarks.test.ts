import { describe, expect, it } from 'vitest';
import { ok } from '../../lib/result.js';
import { realSurface } from '../../../test/support/realSurfaces.js';
import { dayFromIso } from '../../time/day.js';
import type { ChainQuote } from '../../market/quotes/otmQuotes.js';
import { markCondor, selectCondorStrikesWithModel, type CondorSpec } from './condorMarks.js';

const SPEC: CondorSpec = { openDay: dayFromIso('2020-12-01'), expiryDay: dayFromIso('2021-01-15'), shortDeltaAbs: 0.16, wingWidthPoints: 50 };
const LISTED = Array.from({ length: 161 }, (_, i) => 2800 + 10 * i);

describe('selectCondorStrikesWithModel', () => {
  const surface = realSurface('2020-12-01');

  it('puts the short strikes on either side of the forward near 16 delta, with listed 50-point wings', () => {
    const strikes = selectCondorStrikesWithModel(surface, SPEC, LISTED);
    if (!strikes.ok) throw new Error(strikes.error.reason);
    const { longPut, shortPut, shortCall, longCall } = strikes.value;
    expect(shortPut - longPut).toBe(50);
    expect(longCall - shortCall).toBe(50);
    expect(shortPut).toBeLessThan(surface.marketDay.spot);
    expect(shortCall).toBeGreaterThan(surface.marketDay.spot);
    for (const strike of [longPut, shortPut, shortCall, longCall]) expect(LISTED).toContain(strike);
  });

  it('refuses an expiry that is not after the opening day', () => {
    expect(selectCondorStrikesWithModel(surface, { ...SPEC, expiryDay: SPEC.openDay }, LISTED).ok).toBe(false);
  });
});

describe('markCondor', () => {
  const surface = realSurface('2020-12-01');
  const strikes = { longPut: 3300, shortPut: 3350, shortCall: 3800, longCall: 3850 };
  const quote = (type: 'call' | 'put', strike: number, mid: number): ChainQuote => ({
    quoteDay: SPEC.openDay,
    expiryDay: SPEC.expiryDay,
    type,
    strike,
    bid: mid - 0.1,
    ask: mid + 0.1,
  });

  it('marks short legs minus long legs on quote mids and on the model', () => {
    const rows = [quote('put', 3300, 20), quote('put', 3350, 25), quote('call', 3800, 10), quote('call', 3850, 6)];
    const marks = markCondor(SPEC, strikes, rows, () => ok(surface));
    if (!marks.ok) throw new Error(marks.error.reason);
    const mark = marks.value.marks[0];
    expect(mark?.realMarkPoints).toBeCloseTo(25 + 10 - 20 - 6, 12);
    const model = (['put', 'call'] as const).reduce((sum, type) => {
      const [shortK, longK] = type === 'put' ? [3350, 3300] : [3800, 3850];
      const s = surface.optionPrice(type, shortK, SPEC.expiryDay);
      const l = surface.optionPrice(type, longK, SPEC.expiryDay);
      return s.ok && l.ok ? sum + s.value - l.value : Number.NaN;
    }, 0);
    expect(mark?.modelMarkPoints).toBeCloseTo(model, 12);
    expect(mark?.relativeError).toBeCloseTo((model - 9) / 9, 12);
  });

  it('skips a day with a missing leg and says which', () => {
    const rows = [quote('put', 3300, 20), quote('put', 3350, 25), quote('call', 3800, 10)];
    const marks = markCondor(SPEC, strikes, rows, () => ok(surface));
    expect(!marks.ok && marks.error.reason).toBe('no day could be marked');
  });
});
