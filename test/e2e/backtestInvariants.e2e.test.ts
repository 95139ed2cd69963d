/**
 * The default run read as a trader reads decisions.csv and trades.csv, over the whole bundled history
 * (2007 to the last day with VIX futures): no layer held without an open condor unless a rule said to
 * let it decay or hold it, no rung cashed and rebought at the same close, rolls never larger than the
 * layer they roll, no layer held for years, each trade's legs at close and rolls as the decisions tell
 * them, and the hedge ratio's share of hedged days inside its band reported. One run of the hedged presets (alvh-methodology with its fund and put-spread layers among
 * them) and their unhedged twin, shared by every assertion (about 14 s).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bandWhereCapsAllow, hedgeAttribution, hedgeInvariants, hedgeRatioBandShare, windowTwinDifference, yearlyDifference } from '../../src/analysis/hedgeAttribution.js';
import { countNyseTradingDays } from '../../src/calendar/nyse.js';
import { loadMarketHistory } from '../../src/data/loadHistory.js';
import { loadPreset } from '../../src/data/presets.js';
import type { BacktestResult } from '../../src/engine/backtest.js';
import { runBacktestJob } from '../../src/engine/backtestJob.js';
import { dayFromIso, isoFromDay } from '../../src/time/day.js';

/** USD sums over thousands of ledger entries agree to a cent. */
const USD_TOLERANCE = 0.01;
/** Slack for return fractions rebuilt from a year's P&L parts (dimensionless; the equity identity holds to about 1e-8 USD). */
const RETURN_SUM_TOLERANCE = 1e-12;
/** No layer may live longer than this, calendar days: a year, against the 1,374 days seen before the rebuild. */
const MAX_LAYER_LIFE_DAYS = 365;
/** An expiry without data settles on the next day with data: at most this many calendar days later. */
const MAX_SETTLEMENT_DELAY_DAYS = 7;
/** Days a rebalance left the ratio under the band it could reach, as a share of the days the caps allow (fraction). */
const MAX_REBALANCE_SHORT_SHARE = 0.005;

let results: ReadonlyMap<string, BacktestResult>;

beforeAll(async () => {
  const { history } = await loadMarketHistory();
  const job = runBacktestJob({ history, configs: ['alvh-ladder', 'alvh-taper', 'alvh-methodology', 'unhedged'].map((p) => loadPreset(p)), fromDay: dayFromIso('2007-01-03'), toDay: undefined, signalDeps: { countTradingDays: countNyseTradingDays } });
  results = job.suite.results;
});

describe.each(['alvh-ladder', 'alvh-taper', 'alvh-methodology'])('%s over the whole history', (name) => {
  it('holds no layer without an open condor unless a rule said so', () => {
    const inv = hedgeInvariants(results.get(name) as BacktestResult);
    expect(inv.layerDaysWithoutCondorUnexplained).toBe(0);
  });

  it('never cashes a rung and buys it back at the same close', () => {
    expect(hedgeInvariants(results.get(name) as BacktestResult).sameDayCashAndRebuy).toBe(0);
  });

  it('rolls only within the layer it rolls, and holds no layer for years', () => {
    const inv = hedgeInvariants(results.get(name) as BacktestResult);
    expect(inv.rolls).toBeGreaterThan(0);
    expect(inv.rollsAboveLayerSize).toBe(0);
    expect(inv.longestLayerDays).toBeLessThanOrEqual(MAX_LAYER_LIFE_DAYS);
  });

  it('logs every cap that bound a roll, and every let-decay with its rule', () => {
    const r = results.get(name) as BacktestResult;
    for (const d of r.decisions.filter((x) => x.action === 'let-decay')) expect(d.rule).toMatch(/^hedge\.letDecay\./);
    const rollCaps = r.decisions.filter((d) => d.action === 'cap-bound' && d.figures.roll === true);
    expect(rollCaps.length).toBeGreaterThan(0);
    for (const d of rollCaps) {
      // The band's top names the contracts it allows; a premium cap the premium it leaves.
      if (d.rule === 'hedge.band.max') expect(Number(d.figures.allowedContracts)).toBeLessThan(Number(d.figures.requestedContracts));
      else expect(Number(d.figures.allowedPremiumUsd)).toBeGreaterThanOrEqual(0);
    }
  });

  it('says add-layer only for a layer it opened, and roll-condor only for a side it replaced', () => {
    // Before, 36 decisions of the default run said add-layer for a layer sized to no contracts (the
    // daily signal lists decisions as its recommendations), and a side closed without a reopening was
    // also logged as a roll. Each add-layer now names the group it opened and buys contracts (or, for
    // the fund, units); each condor roll names the new expiry of the spread it sold.
    const r = results.get(name) as BacktestResult;
    // A group traded if it has a fill in the ledger (a trade record comes only once it closes).
    const opened = new Set(r.ledger.filter((e) => e.kind === 'premium' || e.kind === 'index-trade').map((e) => e.group));
    const adds = r.decisions.filter((d) => d.action === 'add-layer');
    expect(adds.length).toBeGreaterThan(0);
    const empty = adds.filter((d) => d.group === undefined || !opened.has(d.group) || !(Math.abs(Number(d.figures.contracts ?? d.figures.units)) > 0));
    expect(empty.map((d) => `${isoFromDay(d.day)} ${d.rule} ${d.group}`)).toEqual([]);
    const rolls = r.decisions.filter((d) => d.action === 'roll-condor' && d.rule !== 'fixedRr.roll');
    expect(rolls.filter((d) => d.figures.newExpiry === undefined || d.figures.newExpiry === 'none').map((d) => isoFromDay(d.day))).toEqual([]);
  });

  it('buys back at a roll exactly the contracts its last band or cap note allows', () => {
    // The band's top first, then the premium caps: each a note on the layer with the contracts it
    // allows. Flooring each leg's share used to buy fewer (18 of 287 roll cap notes of the default run).
    const r = results.get(name) as BacktestResult;
    const limits = new Map<string, number>();
    for (const d of r.decisions) if (d.action === 'cap-bound' && d.figures.roll === true && d.group !== undefined) limits.set(`${d.day} ${d.group}`, Number(d.figures.allowedContracts));
    const rolls = r.decisions.filter((d) => d.action === 'roll-layer' && limits.has(`${d.day} ${d.group}`));
    expect(rolls.length).toBeGreaterThan(0);
    const off = rolls.filter((d) => Number(d.figures.contractsBoughtBack) !== limits.get(`${d.day} ${d.group}`)).map((d) => `${isoFromDay(d.day)} ${d.group}`);
    expect(off).toEqual([]);
  });

  it('never buys a layer back at a roll and trims the hedge above the band at the same close', () => {
    // Before the band's top bounded rolls, 19 days of the default run did (alvh-ladder 2008-04-15:
    // 34 calls rolled for 4,143 USD at a hedge ratio of 34, 46 calls trimmed the same day).
    const r = results.get(name) as BacktestResult;
    const rebought = new Set(r.decisions.filter((d) => d.action === 'roll-layer' && Number(d.figures.newPremiumUsd) > 0).map((d) => d.day));
    const both = r.decisions.filter((d) => d.rule === 'hedge.rebalance.aboveBand' && rebought.has(d.day)).map((d) => isoFromDay(d.day));
    expect(both).toEqual([]);
  });

  it('writes each trade with the legs it held when it closed and the rolls its decisions made', () => {
    const r = results.get(name) as BacktestResult;
    // A roll replaces legs: a condor side reopened further out, a layer that bought its legs again.
    const rolls = new Map<string, number>();
    const changed = new Set<string>();
    for (const d of r.decisions) {
      if (d.group === undefined) continue;
      const reopened = (d.action === 'roll-condor' && d.rule !== 'fixedRr.roll' && d.figures.newExpiry !== 'none') || (d.action === 'roll-layer' && Number(d.figures.contracts) > 0);
      if (reopened) rolls.set(d.group, (rolls.get(d.group) ?? 0) + 1);
      if (d.rule === 'adaptive.widenPutOnDeferredRoll' || d.rule === 'adaptive.roll.noReopen') changed.add(d.group);
    }
    for (const t of r.trades) expect(t.rolls, t.group).toBe(rolls.get(t.group) ?? 0);
    expect(r.trades.filter((t) => t.kind === 'condor' && t.rolls > 0).length).toBeGreaterThan(0);
    expect(r.trades.filter((t) => t.kind === 'hedge-layer' && t.rolls > 0).length).toBeGreaterThan(0);
    // A condor never rolled, widened or closed on one side alone closes with the legs it opened with.
    for (const t of r.trades) if (t.kind === 'condor' && t.rolls === 0 && !changed.has(t.group)) expect(t.legsAtClose, t.group).toBe(t.legs);
    // A trade that settled at expiry closes holding only the legs that settled: each expires on its
    // close day (or, for an expiry without data, the last day before it).
    for (const t of r.trades.filter((x) => x.exitRule === 'settled at expiry')) {
      const expiries = t.legsAtClose.match(/\d{4}-\d\d-\d\d/g) ?? [];
      expect(expiries.length, t.group).toBeGreaterThan(0);
      for (const e of expiries) expect(e <= isoFromDay(t.exitDay) && dayFromIso(e) > t.exitDay - MAX_SETTLEMENT_DELAY_DAYS, `${t.group}: ${e} settled ${isoFromDay(t.exitDay)}`).toBe(true);
    }
  });

  it('attributes the whole hedge P&L to rules and to layers', () => {
    const a = hedgeAttribution(results.get(name) as BacktestResult);
    expect(Math.abs(Object.values(a.byKindUsd).reduce((s, x) => s + x, 0) - a.totalUsd)).toBeLessThan(USD_TOLERANCE);
    expect(Math.abs(Object.values(a.byLayerUsd).reduce((s, x) => s + x, 0) - a.totalUsd)).toBeLessThan(USD_TOLERANCE);
    expect(a.byKindUsd.other).toBe(0);
  });

  it('reports the share of hedged days inside the band (a measurement, not a target)', () => {
    const r = results.get(name) as BacktestResult;
    const band = hedgeRatioBandShare(r.daily, r.config.hedge.hedgeRatioBand);
    expect(band.hedgedDays).toBeGreaterThan(0);
    expect(band.shareInBand).toBeGreaterThanOrEqual(0);
    expect(band.shareInBand).toBeLessThanOrEqual(1);
  });

  it('reports the band met where the caps allow, every hedged day classified once (a measurement, not a target)', () => {
    const r = results.get(name) as BacktestResult;
    const band = hedgeRatioBandShare(r.daily, r.config.hedge.hedgeRatioBand);
    const s = bandWhereCapsAllow(r.daily);
    const capped = Object.values(s.belowCappedDays).reduce((a, n) => a + n, 0);
    const headroom = Object.values(s.belowWithHeadroomDays).reduce((a, n) => a + n, 0);
    const f = s.fullyLayered;
    console.info(`${name}: in band where the caps allow ${s.inBandDays} of ${s.capsAllowDays} hedged days; below, capped ${JSON.stringify(s.belowCappedDays)}; below, with headroom ${JSON.stringify(s.belowWithHeadroomDays)}; above ${s.aboveBandDays} ${JSON.stringify(s.aboveBandByReason)} ${JSON.stringify(s.aboveBandByCause)}; fully layered ${f.inBandDays} of ${f.classifiedDays} in band, ${f.inBandDays} of ${f.capsAllowDays} where the caps allow`);
    expect(s.classifiedDays).toBe(band.hedgedDays);
    expect(s.inBandDays).toBe(band.inBandDays);
    expect(s.inBandDays + s.aboveBandDays + capped + headroom).toBe(s.classifiedDays);
    expect(s.capsAllowDays).toBe(s.classifiedDays - capped);
    // Every day above the band has a reason and a cause, each counted once.
    expect(Object.values(s.aboveBandByReason).reduce((a, n) => a + n, 0)).toBe(s.aboveBandDays);
    expect(Object.values(s.aboveBandByCause).reduce((a, n) => a + n, 0)).toBe(s.aboveBandDays);
    // The fully layered days are a subset, split the same way.
    expect(f.classifiedDays).toBeLessThanOrEqual(s.classifiedDays);
    expect(f.inBandDays + f.aboveBandDays + f.belowCappedDays + f.belowWithHeadroomDays).toBe(f.classifiedDays);
    // A rebalance trims past the top and tops up to the bottom in whole contracts, rounding toward the
    // inside of the band: on its own close it never leaves the ratio outside the band it could reach.
    expect(s.aboveBandByReason['rebalance-no-trim']).toBe(0);
    expect(s.aboveBandByReason['rebalance-trim-short']).toBe(0);
    // alvh-methodology's fund and put-spread layers size a unit's exposure apart from the close's
    // measure, which leaves a rare top-up a hair short (2 days in the bundled history).
    expect(s.belowWithHeadroomDays['rebalance-short']).toBeLessThanOrEqual(MAX_REBALANCE_SHORT_SHARE * s.capsAllowDays);
  });

  it('differs from the unhedged twin by the hedge\'s doing: the same first condor, and each year\'s difference split into its parts', () => {
    const hedged = results.get(name) as BacktestResult;
    const unhedged = results.get('unhedged') as BacktestResult;
    // Both open the same first condor on the same day with the same strikes and contracts.
    const first = (r: BacktestResult) => r.decisions.find((d) => d.action === 'enter-condor');
    expect(first(hedged)?.reason).toBe(first(unhedged)?.reason);
    expect(first(hedged)?.figures.contracts).toBe(first(unhedged)?.figures.contracts);
    const years = yearlyDifference(hedged.daily, unhedged.daily);
    expect(years.length).toBeGreaterThanOrEqual(19);
    // Each year's difference is the hedge's, the condors' against the twin's, and interest's, in points of
    // each book's own equity: the parts sum to it (a book's equity is its start plus the three P&Ls).
    for (const y of years) {
      expect(Math.abs(y.hedgeContributionFraction + y.condorContributionFraction + y.interestContributionFraction - y.differenceFraction), y.year).toBeLessThan(RETURN_SUM_TOLERANCE);
    }
    // The 2022 stress window is the calendar year from the same base close: the report's two tables agree.
    const window2022 = windowTwinDifference(hedged.daily, unhedged.daily, dayFromIso('2022-01-01'), dayFromIso('2022-12-31'));
    const { year: _year, firstDay: _first, lastDay: _last, wholeYear: _whole, ...year2022 } = years.find((y) => y.year === '2022')!;
    expect(window2022).toEqual(year2022);
  });
});
