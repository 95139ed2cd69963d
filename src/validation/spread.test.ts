import { describe, expect, it } from 'vitest';
import { realChains, realHistory } from '../../test/fixtures/realMarket.js';
import { DEFAULT_SPREAD_MODEL_CONFIG } from '../market/spread/config.js';
import { spreadObservations } from '../market/spread/observations.js';
import { vixQuotesFromChain } from './marketModel.js';
import type { DayNumber } from '../time/day.js';
import { buildSpreadSection, HALF_SPREAD_RATIO_TARGET } from './spread.js';

describe('spread validation section', () => {
  it('reports the held-out model/real ratio of every VIX and delta bucket against 0.9-1.1, met or missed as measured', async () => {
    const history = await realHistory();
    const chains = realChains();
    const vixCloseOn = (day: DayNumber): number | undefined => history.closeOn('vix', day);
    const built = buildSpreadSection({
      config: DEFAULT_SPREAD_MODEL_CONFIG,
      spxFit: spreadObservations(chains.spx20201201, vixCloseOn),
      vixFit: spreadObservations(vixQuotesFromChain(chains.vix20160601), vixCloseOn),
      spxHeldOut: spreadObservations(chains.spxw2018JanFeb, vixCloseOn),
    });
    const bucketRows = built.summary.filter((r) => r.target !== undefined);
    // Five VIX buckets (all populated in Jan-Feb 2018) and six delta buckets.
    expect(bucketRows).toHaveLength(11);
    for (const row of bucketRows) {
      const ratio = Number(row.value);
      expect(row.met).toBe(ratio >= HALF_SPREAD_RATIO_TARGET[0] && ratio <= HALF_SPREAD_RATIO_TARGET[1]);
    }
    // The stress bucket is reported whatever it is (0.24 measured: the model does not widen enough above VIX 30).
    expect(bucketRows.find((r) => r.metric.includes('VIX 30-100'))?.met).toBe(false);
    expect(built.section.markdown).toContain('How the model extrapolates to VIX 50-80');
    // The target table's row judges the VIX buckets only (issue 12: "0.9-1.1 in every VIX bucket").
    const target = built.targets?.find((t) => t.id === 'half-spread-ratio');
    expect(target?.met).toBe(bucketRows.filter((r) => r.metric.includes(', VIX ')).every((r) => r.met === true));
    expect(target?.figure).toContain('VIX 30-100');
  });
});
