import { describe, expect, it } from 'vitest';
import { parseStrategyConfig } from '../strategy/config.js';
import { runBacktest } from '../engine/backtest.js';
import { ConstructedMarket, quietSignals } from '../engine/testing/constructedMarket.js';
import { dayFromIso, isoFromDay } from '../time/day.js';
import type { BandDay, DailyRecord } from '../engine/records.js';
import type { BacktestResult } from '../engine/backtest.js';
import { BAND_ROUND_TRIP_WINDOW_DAYS, bandWhereCapsAllow, hedgeAttribution, hedgeInvariants, hedgeRatioBandShare, hedgeRuleKind, windowTwinDifference, yearlyDifference } from './hedgeAttribution.js';

/** USD sums of many fills agree to a millionth of a dollar. */
const USD_TOLERANCE = 1e-6;
const bigCaps = { confirmedNotionalFractionOfEquity: { min: 0.5, max: 1 }, firstDivergenceNotionalFractionOfEquity: { min: 0.5, max: 1 } };

function spikeRun() {
  // A VIX spike and its retreat over a condor book hedged from day 0 (high regime), with a roll, a
  // rebalance and a cash among the hedge's trades.
  const path = Array.from({ length: 70 }, (_, i) => ({ spx: 4000 - 300 * Math.sin(i / 9), vix: 26 + 14 * Math.sin(i / 9) }));
  const market = new ConstructedMarket({ startDay: dayFromIso('2021-01-04'), path });
  const index = new Map(market.days.map((d, i) => [d, i]));
  const config = parseStrategyConfig({ name: 'a', entry: { mode: 'calendar' }, hedge: { caps: bigCaps } }, 'test');
  return runBacktest({ config, days: market.days, marketOn: market.marketOn, signalsOn: (d) => quietSignals({ regime: path[index.get(d) as number]!.vix >= 28 ? 'high' : 'elevated', confirmations: index.get(d) === 2 ? ['vixSpike'] : [], termStructureInverted: index.get(d) === 3 }) });
}

describe('hedge P&L attribution', () => {
  const r = spikeRun();
  const a = hedgeAttribution(r);

  it('the parts by rule kind plus the open value sum to the hedge P&L', () => {
    const sum = Object.values(a.byKindUsd).reduce((s, x) => s + x, 0);
    expect(Math.abs(sum - a.totalUsd)).toBeLessThan(USD_TOLERANCE);
    expect(a.byKindUsd.add).toBeLessThan(0);
    expect(a.byKindUsd.other).toBe(0);
  });

  it('the parts by layer sum to the hedge P&L too', () => {
    const sum = Object.values(a.byLayerUsd).reduce((s, x) => s + x, 0);
    expect(Math.abs(sum - a.totalUsd)).toBeLessThan(USD_TOLERANCE);
    expect(Object.keys(a.byLayerUsd).every((k) => /^layer [123]$/.test(k))).toBe(true);
  });

  it('names every rule the engine uses', () => {
    expect(hedgeRuleKind('hedge.layer1.regime')).toBe('add');
    expect(hedgeRuleKind('adaptive.eventFavoursHedge')).toBe('add');
    expect(hedgeRuleKind('hedge.rollLayerEarly')).toBe('roll');
    expect(hedgeRuleKind('hedge.rebalance.belowBand')).toBe('rebalance');
    expect(hedgeRuleKind('hedge.takeProfit.vixSpike')).toBe('cash');
    expect(hedgeRuleKind('engine.settlement')).toBe('settlement');
    for (const rule of Object.keys(a.byRuleUsd)) expect(hedgeRuleKind(rule)).not.toBe('other');
  });

  it('the invariants hold on this run', () => {
    const inv = hedgeInvariants(r);
    expect(inv.sameDayCashAndRebuy).toBe(0);
    expect(inv.rollsAboveLayerSize).toBe(0);
    expect(inv.layerDaysWithoutCondorUnexplained).toBe(0);
  });
});

describe("the band's round trips", () => {
  it('counts a trim above the band bought back below it within the window, and nothing else', () => {
    // Trims (contracts sold) on 01-04 and 01-25; top-ups (contracts bought) on 01-11, 7 days after the
    // first trim (a round trip), and on 02-05, 11 days after the second (outside the 10-day window). A
    // top-up note that bought nothing (01-26) and a trim note that sold nothing (01-18) do not count.
    const decision = (iso: string, rule: string, figures: Record<string, number>) => ({ day: dayFromIso(iso), action: 'rebalance', rule, reason: '', group: undefined, figures });
    const result = {
      trades: [],
      daily: [],
      decisions: [
        decision('2021-01-04', 'hedge.rebalance.aboveBand', { contractsSold: 9 }),
        decision('2021-01-11', 'hedge.rebalance.belowBand', { contractsBought: 4 }),
        decision('2021-01-18', 'hedge.rebalance.aboveBand', { contractsSold: 0 }),
        decision('2021-01-25', 'hedge.rebalance.aboveBand', { contractsSold: 3 }),
        decision('2021-01-26', 'hedge.rebalance.belowBand', { layer: 1 }),
        decision('2021-02-05', 'hedge.rebalance.belowBand', { contractsBought: 2 }),
      ],
    } as unknown as BacktestResult;
    expect(BAND_ROUND_TRIP_WINDOW_DAYS).toBe(10);
    expect(hedgeInvariants(result)).toMatchObject({ aboveBandTrims: 2, bandRoundTrips: 1 });
  });
});

describe('band share and yearly difference', () => {
  const rec = (day: string, equityUsd: number, hedgeLayers: number, hedgeRatio: number | undefined, hedgePnlUsd = 0) => ({ day: dayFromIso(day), equityUsd, hedgeLayers, hedgeRatio, hedgePnlUsd }) as unknown as DailyRecord;

  it('counts hedged days inside the band', () => {
    // Ratios 0.5, 0.7, 1.0, 1.3 on hedged days and one unhedged day: 2 of 4 inside [0.6, 1.2]; median 1.0 (upper middle).
    const s = hedgeRatioBandShare([rec('2021-01-04', 1, 1, 0.5), rec('2021-01-05', 1, 1, 0.7), rec('2021-01-06', 1, 1, 1.0), rec('2021-01-07', 1, 1, 1.3), rec('2021-01-08', 1, 0, undefined)], { min: 0.6, max: 1.2 });
    expect(s).toEqual({ hedgedDays: 4, inBandDays: 2, shareInBand: 0.5, medianRatio: 1.0 });
  });

  it('counts the band where the caps allow: capped days below the band leave the denominator', () => {
    // 7 classified days and one unhedged day (no band): in, in, above (not fully layered, a condor
    // closed), above (fully layered, between rebalances, the hedge's exposure rose), below capped by
    // the drag cap, below capped by the notional cap, below with headroom (rebalance not due). Caps
    // allow on 7 - 2 = 5 days, 2 of them in the band: 40 %. The counts add up to the classified days.
    // Fully layered: the second in-band day, the second above-band day and the drag-capped day: 3 days,
    // 1 in the band; the caps allow on 2 of them: 50 %. The band applies on those and on the
    // notional-capped and headroom days (a rung lost since the ladder was complete): 5 days, 1 in the
    // band (20 %); the caps allow on 3: 1 in 3.
    const withBand = (band: BandDay | undefined) => ({ ...rec('2021-01-04', 1, band ? 1 : 0, band ? 1 : undefined), band }) as DailyRecord;
    const below = { missingExposureUsd: 100, allowedPremiumUsd: 10 };
    const s = bandWhereCapsAllow([
      withBand({ status: 'in-band', fullyLayered: false, bandApplies: false }),
      withBand({ status: 'in-band', fullyLayered: true, bandApplies: true }),
      withBand({ status: 'above-band', reason: 'not-fully-layered', cause: 'condor-closed', excessExposureUsd: 50, fullyLayered: false, bandApplies: false }),
      withBand({ status: 'above-band', reason: 'rebalance-interval', cause: 'hedge-exposure-rose', excessExposureUsd: 20, fullyLayered: true, bandApplies: true }),
      withBand({ status: 'below-band-capped', cap: 'hedge.caps.maxDrag', ...below, fullyLayered: true, bandApplies: true }),
      withBand({ status: 'below-band-capped', cap: 'hedge.caps.confirmedNotional', ...below, fullyLayered: false, bandApplies: true }),
      withBand({ status: 'below-band-headroom', reason: 'rebalance-interval', ...below, fullyLayered: false, bandApplies: true }),
      withBand(undefined),
    ]);
    expect(s).toEqual({
      classifiedDays: 7,
      inBandDays: 2,
      aboveBandDays: 2,
      aboveBandByReason: { 'rebalance-interval': 1, 'not-fully-layered': 1, 'rebalance-trim-short': 0, 'rebalance-no-trim': 0 },
      aboveBandByCause: { 'condor-closed': 1, 'condor-rolled': 0, 'layer-rolled': 0, 'layer-added': 0, 'condor-exposure-fell': 0, 'hedge-exposure-rose': 1 },
      belowCappedDays: { 'hedge.caps.maxDrag': 1, 'hedge.caps.confirmedNotional': 1 },
      belowWithHeadroomDays: { 'rebalance-interval': 1, 'rung-missing-no-trigger': 0, 'rung-missing-cooldown': 0, 'let-decay': 0, 'rebalance-short': 0 },
      capsAllowDays: 5,
      shareInBandWhereCapsAllow: 0.4,
      fullyLayered: { classifiedDays: 3, inBandDays: 1, aboveBandDays: 1, belowCappedDays: 1, belowWithHeadroomDays: 0, shareInBand: 1 / 3, capsAllowDays: 2, shareInBandWhereCapsAllow: 0.5 },
      bandApplies: { classifiedDays: 5, inBandDays: 1, aboveBandDays: 1, belowCappedDays: 2, belowWithHeadroomDays: 1, shareInBand: 0.2, capsAllowDays: 3, shareInBandWhereCapsAllow: 1 / 3 },
    });
  });

  it('splits each year\'s difference into the hedge, the condors against the twin\'s, and interest, in points of each book\'s own equity', () => {
    // Cumulative P&L (condors, hedge, interest) on 1,000,000 USD each; equity = start + the three.
    const book = (day: string, condorPnlUsd: number, hedgePnlUsd: number, interestUsd: number) =>
      ({ day: dayFromIso(day), equityUsd: 1_000_000 + condorPnlUsd + hedgePnlUsd + interestUsd, condorPnlUsd, hedgePnlUsd, interestUsd, hedgeLayers: 0, hedgeRatio: undefined }) as unknown as DailyRecord;
    // 2020: hedged condors +30,000, hedge -20,000, interest +5,000 (1,015,000: +1.5 %); the twin's
    // condors +40,000, interest +5,000 (1,045,000: +4.5 %). Difference -3.0 points: hedge -2.0, condors
    // 3.0 - 4.0 = -1.0, interest 0.
    // 2021, on 1,015,000 and 1,045,000: hedged condors -10,000 (-0.985 %), hedge +30,450 (+3.0 %),
    // interest +1,015 (+0.1 %): +2.115 %; the twin's condors -10,450 (-1.0 %), interest +1,045 (+0.1 %):
    // -0.9 %. Difference +3.015 points: hedge +3.0, condors -0.985 + 1.0 = +0.015, interest 0. The
    // hedged book's condors lost 450 USD less, but only because they were smaller: in points they did
    // as the twin's. (In USD they would read as a 450 USD gain.)
    const hedged = [book('2020-01-02', 0, 0, 0), book('2020-12-31', 30_000, -20_000, 5_000), book('2021-12-31', 20_000, 10_450, 6_015)];
    const twin = [book('2020-01-02', 0, 0, 0), book('2020-12-31', 40_000, 0, 5_000), book('2021-12-31', 29_550, 0, 6_045)];
    const [y2020, y2021] = yearlyDifference(hedged, twin);
    expect(y2020!.differenceFraction).toBeCloseTo(-0.03, 12);
    expect(y2020!.hedgeContributionFraction).toBeCloseTo(-0.02, 12);
    expect(y2020!.condorContributionFraction).toBeCloseTo(-0.01, 12);
    expect(y2020!.interestContributionFraction).toBeCloseTo(0, 12);
    expect(y2021!.differenceFraction).toBeCloseTo(21_465 / 1_015_000 + 0.009, 12);
    expect(y2021!.hedgeContributionFraction).toBeCloseTo(0.03, 12);
    expect(y2021!.condorContributionFraction).toBeCloseTo(-10_000 / 1_015_000 + 0.01, 12);
    expect(y2021!.interestContributionFraction).toBeCloseTo(0, 12);
    // The parts sum to the difference, whatever the figures.
    for (const y of [y2020!, y2021!]) expect(y.hedgeContributionFraction + y.condorContributionFraction + y.interestContributionFraction).toBeCloseTo(y.differenceFraction, 12);
  });

  it('compares the two books over a stress window from the last close before it, and only over a window the run covers whole', () => {
    const book = (day: string, condorPnlUsd: number, hedgePnlUsd: number, interestUsd: number) =>
      ({ day: dayFromIso(day), equityUsd: 1_000_000 + condorPnlUsd + hedgePnlUsd + interestUsd, condorPnlUsd, hedgePnlUsd, interestUsd }) as unknown as DailyRecord;
    // March 2020: sessions 2020-03-02 to 2020-03-31; the base is the close of 2020-02-28. Hedged: from
    // 1,007,000 (condors +10,000, hedge -5,000, interest +2,000) the condors lose 50,000, the hedge
    // makes 30,000, interest 1,000: 988,000, -1.887 %. Twin: from 1,014,000 the condors lose 60,000,
    // interest 1,000: 955,000, -5.819 %. Difference +3.932 points: hedge 30,000 / 1,007,000 = +2.979,
    // condors -50,000 / 1,007,000 + 60,000 / 1,014,000 = +0.952, interest +0.0007.
    const hedged = [book('2020-02-27', 0, 0, 0), book('2020-02-28', 10_000, -5_000, 2_000), book('2020-03-02', 0, 0, 2_100), book('2020-03-31', -40_000, 25_000, 3_000)];
    const twin = [book('2020-02-27', 0, 0, 0), book('2020-02-28', 12_000, 0, 2_000), book('2020-03-02', 0, 0, 2_100), book('2020-03-31', -48_000, 0, 3_000)];
    const [from, to] = [dayFromIso('2020-03-01'), dayFromIso('2020-03-31')];
    const d = windowTwinDifference(hedged, twin, from, to)!;
    expect(d.hedgedReturnFraction).toBeCloseTo(-19_000 / 1_007_000, 12);
    expect(d.unhedgedReturnFraction).toBeCloseTo(-59_000 / 1_014_000, 12);
    expect(d.hedgePnlUsd).toBe(30_000);
    expect(d.hedgeContributionFraction).toBeCloseTo(30_000 / 1_007_000, 12);
    expect(d.condorContributionFraction).toBeCloseTo(-50_000 / 1_007_000 + 60_000 / 1_014_000, 12);
    expect(d.hedgeContributionFraction + d.condorContributionFraction + d.interestContributionFraction).toBeCloseTo(d.differenceFraction, 12);
    expect(d.differenceFraction).toBeCloseTo(0.03932, 5);
    // A run that starts after the window's first session, or a twin without the base close: nothing.
    expect(windowTwinDifference(hedged.slice(3), twin, from, to)).toBeUndefined();
    expect(windowTwinDifference(hedged, twin.filter((r) => isoFromDay(r.day) !== '2020-02-28'), from, to)).toBeUndefined();
  });

  it('gives each calendar year the hedged and unhedged returns from the previous year-end', () => {
    // Hedged 100 -> 110 (end 2020) -> 99 (end 2021): +10 %, -10 %; unhedged 100 -> 105 -> 105: +5 %, 0 %.
    const hedged = [rec('2020-01-02', 100, 0, undefined), rec('2020-12-31', 110, 0, undefined, 3), rec('2021-12-31', 99, 0, undefined, -2)];
    const unhedged = [rec('2020-01-02', 100, 0, undefined), rec('2020-12-31', 105, 0, undefined), rec('2021-12-31', 105, 0, undefined)];
    const y = yearlyDifference(hedged, unhedged);
    expect(y.map((x) => x.year)).toEqual(['2020', '2021']);
    expect(y[0]!.differenceFraction).toBeCloseTo(0.05, 12);
    expect(y[1]!.hedgedReturnFraction).toBeCloseTo(-0.1, 12);
    expect(y[1]!.differenceFraction).toBeCloseTo(-0.1, 12);
    expect(y[1]!.hedgePnlUsd).toBe(-5);
    // 2020-01-02 and 2021-12-31 are the first and last sessions of their years: both years are whole.
    expect(y.map((x) => x.wholeYear)).toEqual([true, true]);
    // A run that ends 2022-03-31 covers 2022 in part, and says where the part ends.
    const cut = yearlyDifference([...hedged, rec('2022-03-31', 90, 0, undefined)], [...unhedged, rec('2022-03-31', 100, 0, undefined)]);
    expect(cut[2]).toMatchObject({ year: '2022', wholeYear: false, firstDay: dayFromIso('2022-03-31'), lastDay: dayFromIso('2022-03-31') });
  });
});
