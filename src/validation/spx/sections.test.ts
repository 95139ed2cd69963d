import { describe, expect, it } from 'vitest';
import { bundledChains } from '../../../test/support/chainQuotes.js';
import { historyUpTo, testHistory } from '../../../test/support/realSurfaces.js';
import { dayFromIso } from '../../time/day.js';
import { DEFAULT_SPX_MODEL_CONFIG } from '../../market/spx/config.js';
import { buildSpxValidationSections } from './sections.js';
import { CONDOR_MARKS_MIN_REAL_MARK_POINTS, CONDOR_MARKS_TARGET_RELATIVE_ERROR, IV_ERROR_TARGET_BUCKETS, ivErrorTargetMet } from './targetRules.js';

/**
 * The report's SPX sections on the real bundled data. The VIX-formula check runs on every 50th
 * trading day here to keep the suite fast; the report runs it on every day.
 */
describe('buildSpxValidationSections (real data)', () => {
  const history = testHistory();
  const chains = bundledChains();
  const inputs = {
    history,
    spx20201201: chains.spx20201201,
    zeroRates20201201: chains.zeroRates20201201,
    spxw2018JanFeb: chains.spxw2018JanFeb,
    config: DEFAULT_SPX_MODEL_CONFIG,
    vixCheckDays: [...history.tradingDays].filter((_, i) => i % 50 === 0),
  };
  const built = buildSpxValidationSections(inputs);
  if (!built.ok) throw new Error(built.error.reason);
  const [quotes, condor, vix] = built.value;
  type Json = Record<string, unknown>;

  it('returns the three sections in report order with stable ids', () => {
    expect(built.value.map((s) => s.id)).toEqual(['spx-quotes', 'spx-feb2018-condor', 'spx-vix-formula']);
  });

  it("measures the held-out 2018 chain and judges it by the target table's rule, in its text as in its JSON", () => {
    const sets = (quotes?.json as Json).sets as Json[];
    const heldOut = sets.find((s) => s.role === 'held-out') as Json;
    expect(heldOut.quoteCount as number).toBeGreaterThan(2000);
    const signed = IV_ERROR_TARGET_BUCKETS.map((label) => (((heldOut.buckets as Json[]).find((b) => b.bucket === label) as Json).ivErrorVolPoints as Json).median as number);
    const met = ivErrorTargetMet(heldOut.medianAbsIvError16to25VolPoints as number, signed);
    expect((quotes?.json as Json).targetMet).toBe(met);
    expect(quotes?.markdown).toContain('at most 0.5 vol points and the signed median of each 16-25 delta bucket within ±0.3');
    expect(quotes?.markdown).toMatch(new RegExp(`\\*\\*Measured\\*\\*: ${(heldOut.medianAbsIvError16to25VolPoints as number).toFixed(2)} vol points; signed 16Δ put [-0-9.]+, .* — ${met ? 'met' : 'missed'}\\.`));
    expect((heldOut.days as Json[]).length).toBe(38);
    for (const set of sets) expect(set.unpricedQuoteCount).toBe(0);
    expect(quotes?.markdown).toContain('held-out');
  });

  it('breaks each set down by days to expiry and by VIX close, every compared quote in exactly one bucket', () => {
    for (const set of (quotes?.json as Json).sets as Json[]) {
      const targetCount = (['16', '20', '25'] as const).reduce(
        (sum, d) => sum + ((set.buckets as Json[]).filter((b) => (b.bucket as string).startsWith(`${d}Δ`)) as Json[]).reduce((s, b) => s + ((b.ivErrorVolPoints as Json).count as number), 0),
        0,
      );
      for (const key of ['byDaysToExpiry', 'byVixClose'] as const) {
        const rows = set[key] as Json[];
        expect(rows.reduce((s, r) => s + (r.count as number), 0)).toBe(set.quoteCount);
        expect(rows.reduce((s, r) => s + ((r.targetPuts as Json).count as number) + ((r.targetCalls as Json).count as number), 0)).toBe(targetCount);
      }
    }
    const heldOut = ((quotes?.json as Json).sets as Json[]).find((s) => s.role === 'held-out') as Json;
    // The held-out chain's expiries are month-ends, quoted from 29 days out to the day before.
    expect((heldOut.byDaysToExpiry as Json[]).map((r) => r.bucket)).toEqual(['1-3 d', '4-7 d', '8-14 d', '15-21 d', '22-31 d']);
    // January 2018 was calm and February had the spike: the VIX closes span 9 to 37.
    expect((heldOut.byVixClose as Json[]).map((r) => r.bucket)).toEqual(['0-12', '12-15', '15-20', '20-30', '≥ 30']);
    expect(quotes?.markdown).toContain('Where the error lies');
    // The held-out set's breakdown is also drawn: puts beside calls, by days to expiry and by VIX close.
    expect(quotes?.svgCharts.map((c) => c.id)).toEqual(['spx-iv-error-by-bucket', 'spx-iv-error-by-expiry', 'spx-iv-error-by-vix']);
    for (const label of ['1-3 d', '22-31 d', '≥ 30']) expect(quotes?.svgCharts.map((c) => c.svg).join('')).toContain(label);
  });

  it('marks the February 2018 condor on every quote date of its expiry before expiry day', () => {
    const json = condor?.json as Json;
    // The model's 16-delta strikes on 2018-01-31 with the smile calibrated to that day's SKEW (121.23,
    // skew level 0.93: a flatter call wing than the fitted shape, so the call is 10 points further out).
    expect(json.strikes).toEqual({ longPut: 2655, shortPut: 2705, shortCall: 2910, longCall: 2960 });
    const marks = json.marks as Json[];
    expect(marks[0]?.date).toBe('2018-02-01');
    expect(marks).toHaveLength(18);
    // The target table's rule: the worst relative error over the days the condor is worth 2 points or more.
    const judged = marks.filter((m) => (m.realMarkPoints as number) >= CONDOR_MARKS_MIN_REAL_MARK_POINTS);
    const errors = judged.map((m) => ((m.modelMarkPoints as number) - (m.realMarkPoints as number)) / (m.realMarkPoints as number));
    const worst = errors.reduce((w, e) => (Math.abs(e) > Math.abs(w) ? e : w), 0);
    expect((json.worstJudgedDay as Json).judgedDays).toBe(judged.length);
    // The stored marks are rounded to 4 decimals, the error to 6.
    expect((json.worstJudgedDay as Json).relativeError as number).toBeCloseTo(worst, 4);
    expect(json.targetMet).toBe(Math.abs(worst) <= CONDOR_MARKS_TARGET_RELATIVE_ERROR);
    expect(condor?.markdown).toContain(`on every day the condor is worth at least 2 points. **Measured**: worst ${(json.worstJudgedDay as Json).date as string}`);
    expect(condor?.markdown).toMatch(new RegExp(`over ${judged.length} such days — ${json.targetMet === true ? 'met' : 'missed'}\\.`));
  });

  it('reproduces VIX within 0.1 vol point on every sampled day', () => {
    const json = vix?.json as Json;
    expect(json.daysAboveTarget).toEqual([]);
    const residual = (json.calibrationResidualVolPoints as Json).vix as Json;
    expect(residual.count as number).toBeGreaterThan(150);
    expect(residual.max as number).toBeLessThan(0.1);
  });

  it('reproduces SKEW within the calibration tolerance on every sampled day calibrated inside the bounds, and counts the others', () => {
    const json = (vix?.json as Json).skewCalibration as Json;
    const counts = json.sourceCounts as Record<string, number>;
    const sampled = (vix?.json as Json).dayCount as number;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(sampled);
    expect(counts.skew as number).toBeGreaterThan(0.9 * sampled);
    expect(counts.fixed).toBe(0);
    expect(((json.residualSkewPoints as Json).max as number) <= DEFAULT_SPX_MODEL_CONFIG.skewCalibrationToleranceSkewPoints).toBe(true);
    expect((json.monthly as Json[]).length).toBeGreaterThan(100);
    expect(vix?.svgCharts.map((c) => c.id)).toContain('spx-skew-level');
  });

  it('embeds self-contained SVG charts (no external references)', () => {
    for (const section of built.value) {
      for (const chart of section.svgCharts) {
        expect(chart.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
        expect(chart.svg.replace('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:|href=|<script/);
      }
    }
  });

  it('is deterministic: a second run gives byte-identical JSON and Markdown', () => {
    const again = buildSpxValidationSections({ ...inputs, vixCheckDays: inputs.vixCheckDays.slice(0, 20) });
    const once = buildSpxValidationSections({ ...inputs, vixCheckDays: inputs.vixCheckDays.slice(0, 20) });
    expect(JSON.stringify(again)).toBe(JSON.stringify(once));
  });

  it('uses no data after each quote date (the 2018-02-05 surface ignores later days)', () => {
    const truncated = historyUpTo(history, dayFromIso('2018-02-05'));
    const limited = buildSpxValidationSections({ ...inputs, history: truncated, spxw2018JanFeb: chains.spxw2018JanFeb.filter((r) => r.quoteDay <= dayFromIso('2018-02-05')), vixCheckDays: [] });
    const full = buildSpxValidationSections({ ...inputs, vixCheckDays: [] });
    if (!limited.ok || !full.ok) throw new Error('sections');
    const dayOf = (sections: typeof full.value) =>
      (((sections[0]?.json as Json).sets as Json[])[1]?.days as Json[]).find((d) => d.quoteDate === '2018-02-05');
    expect(dayOf(limited.value)).toEqual(dayOf(full.value));
  });
});
