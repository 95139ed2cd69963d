/**
 * The engine's market view over the market model: each day's SPX surface (calibrated to that day's VIX
 * family), the VIX-option model on that day's futures curve, the bid/ask spread model, the exchange
 * calendars for what was listed, and the rolling VIX betas. Everything is built from data dated on or
 * before the day, so the engine cannot see the future through it.
 */
import type { MarketHistory } from '../history/types.js';
import type { MarketModelConfig } from '../market/config.js';
import { marketDayFromHistory } from '../market/marketDay.js';
import { buildSpxSurface, quoteSpxOption, spxStrikeForDelta, type SpxVolSurface } from '../market/spx/index.js';
import { halfSpreadPoints } from '../market/spread/model.js';
import { vixMarketDayFromHistory, type VixMarketDay } from '../market/vix/marketDay.js';
import { vixForwardForDte } from '../market/vix/forward.js';
import { quoteVixOption } from '../market/vix/quote.js';
import { rememberVixDaySurface, vixDaySurface, type VixDaySurface } from '../market/vix/daySurface.js';
import { VvixCalibrationError } from '../market/vix/vvixCalibration.js';
import { betaAt, computeVixBetas, type VixBetaConfig, type VixBetas } from '../market/vixBetas.js';
import { black76Value, type OptionType } from '../pricing/index.js';
import { snapToStrikeGrid, SPX_STRIKE_GRID, VIX_STRIKE_GRID } from '../pricing/strikeGrid.js';
import { strikeForDeltaWithSmile } from '../pricing/strikeForDelta.js';
import { listedSpxExpiries } from '../calendar/index.js';
import { listedVixExpiries, VIX_OPTIONS_FIRST_TRADE_DAY } from '../calendar/index.js';
import { DAYS_PER_YEAR_ACT365, isoFromDay, yearFractionAct365, type DayNumber } from '../time/day.js';
import type { ListedExpiry, MarketDayView, ModelOptionQuote, VixTenor } from './marketView.js';
import { indexAtOrBefore } from '../history/daySearch.js';

/** How far ahead SPX expiries are listed for the engine (the surface answers up to its own maximum). */
const SPX_LISTING_HORIZON_DAYS = 400;
/** VIX monthly expiries offered to the hedge: enough for M1-M3 plus a 90-day relief-rally tenor. */
const VIX_EXPIRIES_LISTED = 7;

export class MarketModelError extends Error {
  override name = 'MarketModelError';
}

export interface ModelMarketDeps {
  readonly history: MarketHistory;
  readonly modelConfig: MarketModelConfig;
  /** Betas by trading day (index-aligned with history.tradingDays or looked up by day). */
  readonly betasOn: (day: DayNumber) => VixBetas | undefined;
  /**
   * The day's calibrated market when it is known already (a market tape's); the view calibrates it
   * itself when absent. Must be what calibrateModelDay returns for the same history and config.
   */
  readonly calibratedOn?: (day: DayNumber) => CalibratedDay | undefined;
}

/** What calibrating a day gives: the SPX surface and, on days VIX options trade, the VIX-option surface. */
export interface CalibratedDay {
  readonly spx: SpxVolSurface;
  readonly vix: VixDaySurface | undefined;
}

/** The VIX snapshot of a day when VIX options trade on it (listed and with a futures curve), else undefined. */
function vixOptionsDay(history: MarketHistory, day: DayNumber): VixMarketDay | undefined {
  const vixDay = vixMarketDayFromHistory(history, day);
  return vixDay.ok && day >= VIX_OPTIONS_FIRST_TRADE_DAY && vixDay.value.futuresCurve.length > 0 ? vixDay.value : undefined;
}

/**
 * Calibrates one day: the SPX surface to the day's VIX family (and SKEW) and the VIX-option surface to
 * its VVIX. Undefined when the day's data cannot support the model. Depends on the history up to the
 * day and the model config only, never on a strategy: what a market tape stores.
 */
export function calibrateModelDay(history: MarketHistory, modelConfig: MarketModelConfig, day: DayNumber): CalibratedDay | undefined {
  const marketDay = marketDayFromHistory(history, day);
  if (!marketDay.ok) return undefined;
  const built = buildSpxSurface(marketDay.value, modelConfig.spx);
  if (!built.ok) failToCalibrate(day, built.error.reason);
  const vix = vixOptionsDay(history, day);
  return { spx: built.value, vix: vix === undefined ? undefined : calibratedVixSurface(modelConfig, vix, day) };
}

/**
 * One day's answers about options, by type, expiry and a number (the strike of a quote, the target
 * delta of a strike search). Type and expiry share one integer key (day numbers are integers), and the
 * maps are made on first use: most days ask few questions of some kinds.
 */
class OptionMemo<V> {
  private byOption: Map<number, Map<number, V>> | undefined;

  get(type: OptionType, expiryDay: DayNumber, x: number): V | undefined {
    return this.byOption?.get(expiryDay * 2 + (type === 'call' ? 1 : 0))?.get(x);
  }

  set(type: OptionType, expiryDay: DayNumber, x: number, value: V): V {
    const key = expiryDay * 2 + (type === 'call' ? 1 : 0);
    this.byOption ??= new Map();
    let byX = this.byOption.get(key);
    if (byX === undefined) {
      byX = new Map();
      this.byOption.set(key, byX);
    }
    byX.set(x, value);
    return value;
  }
}

/** The trading day before `day` on the history's axis, or undefined at the start. */
function previousTradingDay(days: Int32Array, day: DayNumber): DayNumber | undefined {
  const i = indexAtOrBefore(days, day - 1);
  return i === undefined ? undefined : (days[i] as DayNumber);
}

function fail(day: DayNumber, what: string): never {
  throw new MarketModelError(`${isoFromDay(day)}: ${what}`);
}

/**
 * A day whose data is there but whose surface the model cannot calibrate stops the run with the
 * reason. It used to be dropped like a day without data: a model config whose smile broke the
 * procedure on every day from 2018-01-16 gave a backtest that ended on 2018-01-12 with no trade
 * and no word of why. The default config calibrates every trading day of the bundled history
 * (src/market/spx/calibration.property.test.ts).
 */
function failToCalibrate(day: DayNumber, reason: string): never {
  fail(day, `the market model cannot calibrate the SPX surface: ${reason} (check the market model config)`);
}

/** The day's VIX-option surface; a VVIX calibration the config cannot meet stops the run the same way. */
function calibratedVixSurface(modelConfig: MarketModelConfig, vix: VixMarketDay, day: DayNumber): VixDaySurface {
  try {
    return vixDaySurface(modelConfig.vix, vix);
  } catch (error) {
    if (error instanceof VvixCalibrationError) fail(day, `the market model cannot calibrate the VIX-option surface: ${error.message} (check the market model config)`);
    throw error;
  }
}

/** A day's view, or undefined when that day's data cannot support the model (logged as a data gap). */
export function modelMarketViewOn(deps: ModelMarketDeps, day: DayNumber): MarketDayView | undefined {
  const { history, modelConfig } = deps;
  const spxBar = history.barOn('spx', day);
  const vixBar = history.barOn('vix', day);
  const betas = deps.betasOn(day);
  if (!spxBar || !vixBar || !betas) return undefined;
  let surface: SpxVolSurface;
  let rate: number;
  let dividendYield: number;
  let calibratedVix: VixDaySurface | undefined;
  if (deps.calibratedOn === undefined) {
    const marketDay = marketDayFromHistory(history, day);
    if (!marketDay.ok) return undefined;
    const built = buildSpxSurface(marketDay.value, modelConfig.spx);
    if (!built.ok) failToCalibrate(day, built.error.reason);
    surface = built.value;
    rate = marketDay.value.rateDecimal;
    dividendYield = marketDay.value.dividendYieldDecimal;
  } else {
    // The day is calibrated already: of its snapshot (marketDayFromHistory) the view needs only the
    // rate and the dividend yield, read here as the snapshot reads them, and the series it requires
    // (SPX and VIX closes, rate, dividend yield) checked as it checks them, before the calibrated day is asked for.
    const rateOn = history.riskFreeRateOn(day);
    const dividendOn = history.dividendYieldOn(day);
    if (history.closeOn('spx', day) === undefined || history.closeOn('vix', day) === undefined || rateOn === undefined || dividendOn === undefined) return undefined;
    rate = rateOn;
    dividendYield = dividendOn;
    const calibrated = deps.calibratedOn(day);
    if (calibrated === undefined) return undefined;
    surface = calibrated.spx;
    calibratedVix = calibrated.vix;
  }
  const vix = vixOptionsDay(history, day);
  // The VIX pricer finds the day's surface by its snapshot: the known one is handed to it.
  if (vix !== undefined && calibratedVix !== undefined) rememberVixDaySurface(modelConfig.vix, vix, calibratedVix);

  let spxExpiries: ListedExpiry[] | undefined;
  let vixTenors: VixTenor[] | undefined;
  // The suite shares one view per day between its variants, which mostly hold the same options and
  // look for the same strikes: each quote and each strike by delta is computed once per day and handed
  // out again (quotes are immutable).
  const spxQuotes = new OptionMemo<ModelOptionQuote>();
  const vixQuotes = new OptionMemo<ModelOptionQuote>();
  const spxStrikes = new OptionMemo<number>();
  const vixStrikes = new OptionMemo<number>();

  const futurePrice = (expiryDay: DayNumber): number => {
    if (!vix) fail(day, 'no VIX futures curve');
    const f = vixForwardForDte(vix.futuresCurve, vix.vixSpot, expiryDay - day);
    if (!f.ok) fail(day, `no VIX future for ${isoFromDay(expiryDay)} (${f.error.kind})`);
    return f.value.forwardPoints;
  };
  // The day's VIX-option surface, calibrated to VVIX once per day (the same one priceVixOption uses).
  let vixSurface: VixDaySurface | undefined;
  const vixVol = (strike: number, forward: number, dteDays: number) => {
    if (!vix) fail(day, 'no VIX futures curve');
    vixSurface ??= calibratedVixSurface(modelConfig, vix, day);
    return vixSurface.volDecimal(Math.max(dteDays, 1), Math.log(strike / forward));
  };
  // The bundled opens stand in for the special opening quotations that settle options; a vendor that
  // had no open copied the previous close into it, which the settlement record must flag.
  const previousDay = previousTradingDay(history.tradingDays, day);
  const previousSpx = previousDay === undefined ? undefined : history.closeOn('spx', previousDay);
  const previousVix = previousDay === undefined ? undefined : history.closeOn('vix', previousDay);

  return {
    day,
    spxOpen: spxBar.open,
    spxClose: spxBar.close,
    vixOpen: vixBar.open,
    vixClose: vixBar.close,
    spxOpenIsPreviousClose: previousSpx !== undefined && spxBar.open === previousSpx,
    vixOpenIsPreviousClose: previousVix !== undefined && vixBar.open === previousVix,
    spxHigh: spxBar.high,
    spxLow: spxBar.low,
    vixHigh: vixBar.high,
    vixLow: vixBar.low,
    ...(previousSpx === undefined ? {} : { spxPreviousClose: previousSpx }),
    ...(previousVix === undefined ? {} : { vixPreviousClose: previousVix }),
    riskFreeRate: rate,
    dividendYield,
    vixExpiresToday: listedVixExpiries(day, 1)[0]?.day === day,
    listedSpxExpiries: () => {
      spxExpiries ??= listedSpxExpiries(day, day + 1, day + Math.min(SPX_LISTING_HORIZON_DAYS, modelConfig.spx.maxExpiryDays)).map((e) => ({
        day: e.day,
        settlement: e.settlement,
        standardMonthly: e.kind === 'monthly',
      }));
      return spxExpiries;
    },
    vixTenors: () => {
      if (!vix) return [];
      vixTenors ??= listedVixExpiries(day, VIX_EXPIRIES_LISTED)
        .filter((e) => e.day > day)
        .flatMap((e) => {
          const f = vixForwardForDte(vix.futuresCurve, vix.vixSpot, e.day - day);
          return f.ok ? [{ expiryDay: e.day, futurePrice: f.value.forwardPoints }] : [];
        });
      return vixTenors;
    },
    priceSpxOption: (type, strike, expiryDay): ModelOptionQuote => {
      const known = spxQuotes.get(type, expiryDay, strike);
      if (known !== undefined) return known;
      const q = quoteSpxOption(surface, type, strike, expiryDay);
      if (!q.ok) fail(day, `SPX ${type} ${strike} ${isoFromDay(expiryDay)}: ${q.error.reason}`);
      const half = halfSpreadPoints(modelConfig.spread.spx, { pricePoints: q.value.mid, absDelta: Math.abs(q.value.delta), dteDays: expiryDay - day, vixLevel: vixBar.close, impliedVolDecimal: q.value.impliedVol });
      const v = q.value;
      // The same fields in the same order as every other quote (VIX options, futures): one object shape for the engine's reads.
      return spxQuotes.set(type, expiryDay, strike, { mid: v.mid, halfSpread: half, impliedVol: v.impliedVol, delta: v.delta, gamma: v.gamma, vegaPerVolPoint: v.vegaPerVolPoint, thetaPerDay: v.thetaPerDay });
    },
    spxStrikeForDelta: (type, absDelta, expiryDay) => {
      const known = spxStrikes.get(type, expiryDay, absDelta);
      if (known !== undefined) return known;
      const k = spxStrikeForDelta(surface, type, absDelta, expiryDay);
      if (!k.ok) fail(day, `no SPX strike for ${absDelta} delta ${type}: ${k.error.reason}`);
      return spxStrikes.set(type, expiryDay, absDelta, k.value);
    },
    snapSpxStrike: (strike) => snapToStrikeGrid(strike, SPX_STRIKE_GRID, 'nearest'),
    priceVixOption: (type, strike, expiryDay): ModelOptionQuote => {
      const known = vixQuotes.get(type, expiryDay, strike);
      if (known !== undefined) return known;
      if (!vix) fail(day, 'VIX options are not available on this day');
      const q = quoteVixOption(modelConfig.vix, modelConfig.spread.vix, vix, { type, strike, expiryDay });
      if (!q.ok) fail(day, `VIX ${type} ${strike} ${isoFromDay(expiryDay)}: ${q.error.kind}`);
      const m = q.value.model;
      const greeks = black76Value({ type, forward: m.forwardPoints, strike, timeYears: yearFractionAct365(day, expiryDay), rate, sigma: m.volDecimal });
      return vixQuotes.set(type, expiryDay, strike, {
        mid: q.value.midPoints,
        halfSpread: q.value.halfSpreadPoints,
        impliedVol: m.volDecimal,
        delta: m.deltaToFuture,
        gamma: greeks.gamma,
        vegaPerVolPoint: greeks.vegaPerVolPoint,
        thetaPerDay: greeks.thetaPerDay,
      });
    },
    vixStrikeForDelta: (type, absDelta, expiryDay) => {
      const known = vixStrikes.get(type, expiryDay, absDelta);
      if (known !== undefined) return known;
      const forward = futurePrice(expiryDay);
      const dte = expiryDay - day;
      const timeYears = yearFractionAct365(day, expiryDay);
      const k = strikeForDeltaWithSmile({
        type,
        forward,
        timeYears,
        discountFactorDelta: Math.exp(-rate * timeYears),
        targetDelta: type === 'call' ? absDelta : -absDelta,
        volAtStrike: (strike) => vixVol(strike, forward, dte),
      });
      if (!k.ok) fail(day, `no VIX ${type} of ${isoFromDay(expiryDay)} has ${absDelta} delta on the VIX-option smile: ${k.error.message} (check the market model config)`);
      return vixStrikes.set(type, expiryDay, absDelta, snapToStrikeGrid(k.value, VIX_STRIKE_GRID, 'nearest'));
    },
    vixFuturePrice: futurePrice,
    spxVolBetaToVix: (dteDays) => betaAt(betas.spxVolBetas, dteDays),
    vixFutureBetaToVix: (dteDays) => betaAt(betas.futureBetas, dteDays),
    vixChangeForSpxReturn: (spxReturnFraction) => vixBar.close * (Math.exp(betas.vixLogChangePerSpxReturn * Math.log1p(spxReturnFraction)) - 1),
    repriceVixOption: (type: OptionType, strike, expiryDay, spotVixChange, horizonDays) => {
      const dteNow = expiryDay - day;
      const dteThen = dteNow - horizonDays;
      const forwardThen = futurePrice(expiryDay) + betaAt(betas.futureBetas, dteNow) * spotVixChange;
      if (dteThen <= 0) return Math.max(type === 'call' ? forwardThen - strike : strike - forwardThen, 0);
      const timeYears = dteThen / DAYS_PER_YEAR_ACT365;
      const sigma = vixVol(strike, forwardThen, dteThen);
      return black76Value({ type, forward: forwardThen, strike, timeYears, rate, sigma }).price;
    },
  };
}

/**
 * The market views of a whole history: betas are computed once, each day's view on demand. The
 * suite runner caches the views it asks for, so each day's surface is built once for all variants.
 */
export function createModelMarket(history: MarketHistory, modelConfig: MarketModelConfig, betaConfig: VixBetaConfig): (day: DayNumber) => MarketDayView | undefined {
  return modelMarketFrom({ history, modelConfig, betas: computeVixBetas(history, betaConfig) });
}

/** The market views over betas computed already and, optionally, days calibrated already (a market tape). */
export function modelMarketFrom(inputs: {
  readonly history: MarketHistory;
  readonly modelConfig: MarketModelConfig;
  readonly betas: readonly VixBetas[];
  readonly calibratedOn?: (day: DayNumber) => CalibratedDay | undefined;
}): (day: DayNumber) => MarketDayView | undefined {
  const byDay = new Map(inputs.betas.map((b) => [b.day, b]));
  const deps: ModelMarketDeps = {
    history: inputs.history,
    modelConfig: inputs.modelConfig,
    betasOn: (day) => byDay.get(day),
    ...(inputs.calibratedOn === undefined ? {} : { calibratedOn: inputs.calibratedOn }),
  };
  return (day) => modelMarketViewOn(deps, day);
}

/**
 * The market views of a whole history whose days are each calibrated once and kept, for work that runs
 * many suites over the same days of one model (the validation exam's replicas and their
 * counterfactuals, which otherwise calibrated every day again in each suite). Only the calibration is
 * kept (about 4 KB a day), not the views with the answers they memoise: each suite builds its views
 * from it, as it does from a market tape, whose views are the ones calibrated afresh.
 */
export function createModelMarketKeepingCalibrations(history: MarketHistory, modelConfig: MarketModelConfig, betaConfig: VixBetaConfig): (day: DayNumber) => MarketDayView | undefined {
  const kept = new Map<DayNumber, CalibratedDay | null>();
  const calibratedOn = (day: DayNumber): CalibratedDay | undefined => {
    let calibrated = kept.get(day);
    if (calibrated === undefined) {
      calibrated = calibrateModelDay(history, modelConfig, day) ?? null;
      kept.set(day, calibrated);
    }
    return calibrated ?? undefined;
  };
  return modelMarketFrom({ history, modelConfig, betas: computeVixBetas(history, betaConfig), calibratedOn });
}
