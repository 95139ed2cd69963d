import { beforeAll, describe, expect, it } from 'vitest';
import { realChains, realHistory } from '../../test/fixtures/realMarket.js';
import type { MarketHistory } from '../history/types.js';
import { DEFAULT_VIX_OPTION_MODEL_CONFIG } from '../market/vix/config.js';
import { vixMarketDayFromHistory } from '../market/vix/marketDay.js';
import { vixChainMarketDay, vixQuotesFromChain, vvixMarketDays, vvixObservations } from './marketModel.js';
import { dayFromIso } from '../time/day.js';
import { buildVixOptionSection, stressCallCheck, vvixResidualStats } from './vix.js';

const config = DEFAULT_VIX_OPTION_MODEL_CONFIG;
/** Every 25th VVIX day keeps the residual test quick; the report runs all of them. */
const RESIDUAL_SAMPLE_STRIDE = 25;
/** The calibration's table smooths zero-bid steps of at most about 0.5 VVIX points. */
const MAX_RESIDUAL_POINTS = 0.6;
let history: MarketHistory;

beforeAll(async () => {
  history = await realHistory();
});

describe('VIX-option validation section', () => {
  it('reports every tenor bucket of the fit day against the ±1.5 vol point target, and the stress call', () => {
    const market = vixChainMarketDay(history);
    if (!market.ok) throw new Error(market.error.kind);
    const stress = vixMarketDayFromHistory(history, dayFromIso('2020-03-16'));
    if (!stress.ok) throw new Error(stress.error.kind);
    const built = buildVixOptionSection({
      config,
      market: market.value,
      quotes: vixQuotesFromChain(realChains().vix20160601),
      vvixHistory: vvixObservations(history),
      stressDay: { market: stress.value, expiryDay: dayFromIso('2020-04-15') },
    });
    const tenorRows = built.summary.filter((r) => r.metric.startsWith('2016-06-01 (in-sample) median IV error'));
    expect(tenorRows).toHaveLength(4);
    for (const row of tenorRows) {
      expect(row.target).toBe('within ±1.5');
      expect(row.met).toBe(Math.abs(Number(row.value)) <= 1.5);
    }
    const stressRow = built.summary.find((r) => r.metric.includes('30-delta call'));
    expect(stressRow?.target).toBe('vol / VVIX 0.75-1.25');
    expect(built.section.markdown).toContain('### By tenor bucket');
    // The target table's rows: the tenor row is met only when every bucket is.
    const tenorTarget = built.targets?.find((t) => t.id === 'vix-option-iv-by-tenor');
    expect(tenorTarget?.met).toBe(tenorRows.every((r) => r.met === true));
    expect(built.targets?.find((t) => t.id === 'vix-stress-strike')?.met).toBe(stressRow?.met);
  });

  it('measures the 2020-03-16 April 30-delta call: strike near 114.3 on the 59.15 future, vol / VVIX 1.239', () => {
    const stress = vixMarketDayFromHistory(history, dayFromIso('2020-03-16'));
    if (!stress.ok) throw new Error(stress.error.kind);
    const check = stressCallCheck(config, stress.value, dayFromIso('2020-04-15'));
    expect(check?.forwardPoints).toBe(59.15);
    expect(check?.strikePoints).toBeGreaterThan(100);
    expect(check?.strikePoints).toBeLessThan(120);
    // Held out (nothing was fitted on that day): measured 1.239, against 1.255 before the call wing's
    // saturation scaled with the expiry's standard deviation.
    expect(check?.volToVvix).toBeCloseTo(1.239, 3);
    expect(check?.met).toBe(true);
  });

  it('judges a surface calibrated to 0.8 x VVIX by the VVIX the market published, 207.59 on 2020-03-16', () => {
    const stress = vixMarketDayFromHistory(history, dayFromIso('2020-03-16'));
    if (!stress.ok) throw new Error(stress.error.kind);
    const scaled = { ...config, surface: { ...config.surface, vvixTargetScale: 0.8 } };
    const check = stressCallCheck(scaled, stress.value, dayFromIso('2020-04-15'));
    expect(check?.vvixPercent).toBeCloseTo(207.59, 10);
    // Every vol about 0.8 of the default's, so the ratio to the real VVIX falls with it: measured 0.966
    // (the call's vol 2.01, 0.78 of the default's 2.57: its strike moves in with the lower vol).
    expect(check?.volToVvix).toBeCloseTo(0.966, 3);
  });

  it('keeps the 30-delta call of the pre-2016 stress days within the band: 1.203, 1.212 and 1.182 x VVIX', () => {
    // 2008-10-24 (VVIX 128.09, Nov future), 2010-05-20 (VVIX 145.12, Jun), 2011-08-08 (VVIX 134.63, Sep): the
    // first listed expiry at least 21 days out.
    const measured: [string, string, number][] = [
      ['2008-10-24', '2008-11-19', 1.203],
      ['2010-05-20', '2010-06-16', 1.212],
      ['2011-08-08', '2011-09-21', 1.182],
    ];
    for (const [dayIso, expiryIso, ratio] of measured) {
      const market = vixMarketDayFromHistory(history, dayFromIso(dayIso));
      if (!market.ok) throw new Error(market.error.kind);
      const check = stressCallCheck(config, market.value, dayFromIso(expiryIso));
      expect(check?.volToVvix, dayIso).toBeCloseTo(ratio, 3);
      expect(check?.met, dayIso).toBe(true);
    }
  });

  it('keeps the daily VVIX residual within a zero-bid step on sampled days 2006-2026', () => {
    const days = vvixMarketDays(history).filter((_, i) => i % RESIDUAL_SAMPLE_STRIDE === 0);
    const stats = vvixResidualStats(config, days);
    expect(stats?.days).toBe(days.length);
    expect(stats?.maxAbsResidualPoints).toBeLessThan(MAX_RESIDUAL_POINTS);
    expect(Number.isFinite(stats?.medianAbsResidualPoints)).toBe(true);
  });
});
