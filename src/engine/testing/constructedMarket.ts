/**
 * A small constructed market for engine tests: weekday trading days, SPX and VIX on a scripted path,
 * flat implied vol equal to VIX/100, zero rates, weekly PM and third-Friday AM SPX expiries, a VIX
 * futures curve that mean-reverts to a long-run level, and VIX options at a flat vol of vol. Simple
 * enough that the right answer of every rule can be worked out by hand.
 */
import { black76Price, type OptionType } from '../../pricing/black76.js';
import { normCdf, normPdf } from '../../pricing/normal.js';
import { DAYS_PER_YEAR_ACT365, weekdayOfDay, ymdFromDay, dayFromYmd, yearFractionAct365, type DayNumber } from '../../time/day.js';
import type { EngineSignals, ListedExpiry, MarketDayView, ModelOptionQuote, VixTenor } from '../marketView.js';
import { VOL_POINTS_PER_DECIMAL, volDecimalFromPoints } from '../../lib/units.js';

export interface ConstructedPathPoint {
  readonly spx: number;
  readonly vix: number;
  /** Open of SPX (for AM settlement); defaults to the previous close. */
  readonly spxOpen?: number;
  /** Open of VIX; defaults to the day's VIX close. */
  readonly vixOpen?: number;
  /**
   * The day's SPX high and low. Given, the view carries them and the previous close, and settlements
   * judge the open by the settlement rule; left out, the open is taken as it is (and flagged when it
   * is the previous close).
   */
  readonly spxHigh?: number;
  readonly spxLow?: number;
}

export interface ConstructedMarketOptions {
  readonly startDay: DayNumber;
  readonly path: readonly ConstructedPathPoint[];
  readonly vixLongRun?: number;
  readonly volOfVix?: number;
  readonly spxHalfSpreadPoints?: number;
  readonly vixHalfSpreadPoints?: number;
  /** Continuously compounded rate, decimal (default 0). */
  readonly riskFreeRate?: number;
  /** Continuous dividend yield, decimal (default 0). */
  readonly dividendYield?: number;
}

function thirdFriday(year: number, month: number): DayNumber {
  const first = dayFromYmd(year, month, 1);
  const offset = (5 - weekdayOfDay(first) + 7) % 7;
  return first + offset + 14;
}

function quoteFor(type: OptionType, forward: number, strike: number, sigma: number, tYears: number, halfSpread: number): ModelOptionQuote {
  if (tYears <= 0) {
    const intrinsic = Math.max(type === 'call' ? forward - strike : strike - forward, 0);
    return { mid: intrinsic, halfSpread: 0, impliedVol: sigma, delta: intrinsic > 0 ? (type === 'call' ? 1 : -1) : 0, gamma: 0, vegaPerVolPoint: 0, thetaPerDay: 0 };
  }
  const sd = sigma * Math.sqrt(tYears);
  const d1 = Math.log(forward / strike) / sd + sd / 2;
  const mid = black76Price(type, forward, strike, sd, 1);
  const delta = type === 'call' ? normCdf(d1) : normCdf(d1) - 1;
  const vega = forward * normPdf(d1) * Math.sqrt(tYears);
  return { mid, halfSpread: Math.min(halfSpread, mid / 2), impliedVol: sigma, delta, gamma: normPdf(d1) / (forward * sd), vegaPerVolPoint: vega / VOL_POINTS_PER_DECIMAL, thetaPerDay: -(forward * normPdf(d1) * sigma) / (2 * Math.sqrt(tYears)) / DAYS_PER_YEAR_ACT365 };
}

export class ConstructedMarket {
  readonly days: DayNumber[] = [];
  private readonly byDay = new Map<DayNumber, { point: ConstructedPathPoint; previousClose: number; first: boolean }>();

  constructor(private readonly options: ConstructedMarketOptions) {
    let day = options.startDay;
    let previousClose = options.path[0]?.spx ?? 0;
    for (const point of options.path) {
      while (weekdayOfDay(day) === 0 || weekdayOfDay(day) === 6) day++;
      this.days.push(day);
      this.byDay.set(day, { point, previousClose, first: this.days.length === 1 });
      previousClose = point.spx;
      day++;
    }
  }

  private futureOf(vix: number, dteDays: number): number {
    const longRun = this.options.vixLongRun ?? 20;
    return vix + (longRun - vix) * (1 - Math.exp(-dteDays / 60));
  }

  private vixExpiries(day: DayNumber): DayNumber[] {
    const { year, month } = ymdFromDay(day);
    const out: DayNumber[] = [];
    for (let i = 0; i < 8; i++) {
      const y = year + Math.floor((month + i) / 12);
      const mo = ((month + i) % 12) + 1;
      const expiry = thirdFriday(y, mo) - 30;
      if (expiry > day) out.push(expiry);
    }
    return out;
  }

  marketOn = (day: DayNumber): MarketDayView | undefined => {
    const entry = this.byDay.get(day);
    if (!entry) return undefined;
    const { point, previousClose, first } = entry;
    const spx = point.spx;
    const vix = point.vix;
    const sigma = volDecimalFromPoints(vix);
    const volOfVix = this.options.volOfVix ?? 0.9;
    const spxHalf = this.options.spxHalfSpreadPoints ?? 0.25;
    const vixHalf = this.options.vixHalfSpreadPoints ?? 0.05;
    const years = (expiry: DayNumber) => yearFractionAct365(day, expiry);
    const futureOf = (expiry: DayNumber) => this.futureOf(vix, expiry - day);
    const betaOf = (dte: number) => Math.exp(-dte / 60);
    const view: MarketDayView = {
      day,
      spxOpen: point.spxOpen ?? previousClose,
      spxClose: spx,
      vixOpen: point.vixOpen ?? vix,
      vixClose: vix,
      // An SPX open left out of the path is a copy of the previous close: settlements on it are flagged.
      spxOpenIsPreviousClose: point.spxOpen === undefined,
      vixOpenIsPreviousClose: false,
      ...(point.spxHigh === undefined || point.spxLow === undefined ? {} : { spxHigh: point.spxHigh, spxLow: point.spxLow, ...(first ? {} : { spxPreviousClose: previousClose }) }),
      riskFreeRate: this.options.riskFreeRate ?? 0,
      dividendYield: this.options.dividendYield ?? 0,
      vixExpiresToday: this.vixExpiries(day - 1)[0] === day,
      listedSpxExpiries: () => {
        const out: ListedExpiry[] = [];
        for (let d = day + 1; d <= day + 400; d++) {
          if (weekdayOfDay(d) !== 5) continue;
          const { year, month } = ymdFromDay(d);
          const monthly = thirdFriday(year, month) === d;
          out.push({ day: d, settlement: monthly ? 'AM' : 'PM', standardMonthly: monthly });
        }
        return out;
      },
      vixTenors: () => this.vixExpiries(day).map((expiryDay): VixTenor => ({ expiryDay, futurePrice: futureOf(expiryDay) })),
      priceSpxOption: (type, strike, expiry) => quoteFor(type, spx, strike, sigma, years(expiry), spxHalf),
      spxStrikeForDelta: (type, absDelta, expiry) => {
        let lo = spx * 0.3;
        let hi = spx * 2;
        for (let i = 0; i < 100; i++) {
          const mid = (lo + hi) / 2;
          const d = Math.abs(quoteFor(type, spx, mid, sigma, years(expiry), 0).delta);
          // Call delta falls with strike; put delta rises with strike.
          if ((type === 'call') === d > absDelta) lo = mid;
          else hi = mid;
        }
        return Math.round((lo + hi) / 2 / 5) * 5;
      },
      snapSpxStrike: (strike) => Math.round(strike / 5) * 5,
      priceVixOption: (type, strike, expiry) => quoteFor(type, futureOf(expiry), strike, volOfVix, years(expiry), vixHalf),
      vixStrikeForDelta: (type, absDelta, expiry) => {
        const f = futureOf(expiry);
        let best = f;
        let bestGap = Infinity;
        for (let k = Math.max(1, Math.floor(f / 2)); k <= f * 4; k += 0.5) {
          const gap = Math.abs(Math.abs(quoteFor(type, f, k, volOfVix, years(expiry), 0).delta) - absDelta);
          if (gap < bestGap) {
            bestGap = gap;
            best = k;
          }
        }
        return best;
      },
      vixFuturePrice: futureOf,
      spxVolBetaToVix: (dte) => Math.min(1, Math.sqrt(30 / Math.max(dte, 1))),
      vixFutureBetaToVix: betaOf,
      vixChangeForSpxReturn: (r) => -100 * r,
      repriceVixOption: (type, strike, expiry, shift, horizonDays) => {
        const dte = expiry - day;
        const f = futureOf(expiry) + betaOf(dte) * shift;
        return quoteFor(type, f, strike, volOfVix, (dte - horizonDays) / DAYS_PER_YEAR_ACT365, 0).mid;
      },
    };
    return view;
  };
}

/** Quiet signals: normal regime, no triggers. Tests override what a rule needs. */
export function quietSignals(overrides: Partial<EngineSignals> = {}): EngineSignals {
  return {
    regime: 'normal',
    entryTrigger: false,
    entryReason: '',
    bearishDivergence: false,
    confirmations: [],
    termStructureInverted: false,
    regimeChangeSignals: [],
    reliefRally: false,
    resolution: false,
    tradingDaysToNextEvent: undefined,
    nextEventLabel: undefined,
    tradingDaysToNextFomc: undefined,
    ...overrides,
  };
}
