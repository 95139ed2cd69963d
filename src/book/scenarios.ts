/**
 * The book under stress: P&L on a grid of SPX moves by VIX shifts, and the book's break-even points.
 *
 * Repricing, all instantaneous (no time passes):
 * - SPX options keep today's model implied vol at their strike (sticky strike) shifted by
 *   `spxVolBetaToVix(dte)` x the VIX shift, the same IV-to-VIX relation the engine sizes hedges with,
 *   and are priced by BSM at the moved spot;
 * - VIX options are repriced off their futures moved by the futures' historical betas to spot VIX
 *   (`repriceVixOption` with no time passing); VIX futures move by their beta.
 * - Index holdings (an underlying leg's SPX units, layer 1's VIX-futures fund) are linear: SPX units
 *   move with SPX, the fund's price with its futures, each moved by its beta x the VIX shift, so the
 *   fund gains its VIX exposure (USD per VIX point) x the shift.
 * Grid P&L is measured against the same repricing at no move, so the origin is exactly zero; the
 * break-evens are where the options' open P&L against their entry prices is zero (a holding's entry is
 * not kept per holding, so holdings are in the grid, not in the break-evens).
 */
import { z } from 'zod';
import type { OptionPosition } from '../engine/book.js';
import { OPTION_MULTIPLIER_USD, VIX_FUTURE_MULTIPLIER_USD } from '../engine/book.js';
import type { MarketDayView } from '../engine/marketView.js';
import { bsmOptionPrice } from '../pricing/bsm.js';
import { yearFractionAct365 } from '../time/day.js';
import { volDecimalFromPoints } from '../lib/units.js';

export const RiskScenarioConfigSchema = z
  .strictObject({
    /** SPX moves of the grid, fractions of today's close. */
    spxMovesFraction: z.array(z.number().gt(-1).finite()).min(1).default([-0.2, -0.15, -0.1, -0.05, -0.02, 0, 0.02, 0.05, 0.1]),
    /** Spot VIX shifts of the grid, VIX points. */
    vixShiftsPoints: z.array(z.number().finite()).min(1).default([0, 10, 20, 40]),
    /** The price break-even is looked for between these SPX moves, fractions. */
    breakEvenSpxSearchFraction: z.strictObject({ min: z.number().gt(-1), max: z.number() }).default({ min: -0.5, max: 0.5 }),
    /** The volatility break-even is looked for between these parallel IV shifts, vol points. */
    breakEvenVolSearchPoints: z.strictObject({ min: z.number(), max: z.number() }).default({ min: -30, max: 100 }),
    /** Scan step before bisection: fine enough not to step over a condor's two break-evens. */
    breakEvenScanSteps: z.number().int().min(10).default(400),
    /** Implied vol never goes below this after a negative shift, decimal. */
    minImpliedVolDecimal: z.number().positive().default(0.01),
    /**
     * A VIX future, and the VIX options priced off it, never goes below this level after a negative
     * VIX shift, VIX points: the VIX side's counterpart of minImpliedVolDecimal (1 point, as that is
     * 1 vol point). The vol break-even search reaches 30 points down, past zero on a calm day (VIX 17
     * less 30), where a future moved by its beta would turn negative and the option unpriceable.
     */
    minVixFuturePoints: z.number().positive().default(1),
  })
  .prefault({});

export type RiskScenarioConfig = z.infer<typeof RiskScenarioConfigSchema>;

export type ScenarioPosition = Pick<OptionPosition, 'role' | 'underlying' | 'type' | 'strike' | 'expiryDay' | 'quantity' | 'entryPrice'>;

/** An index holding in the grid, linear in both shocks: SPX units, and USD per spot VIX point. */
export interface ScenarioHolding {
  readonly role: 'condor' | 'hedge';
  readonly spxDeltaUsdPerPoint: number;
  readonly vixExposureUsdPerPoint: number;
}

export interface ScenarioCell {
  readonly spxMoveFraction: number;
  readonly vixShiftPoints: number;
  readonly spxLevel: number;
  readonly vixLevel: number;
  readonly condorPnlUsd: number;
  readonly hedgePnlUsd: number;
  readonly totalPnlUsd: number;
}

export interface BookRisk {
  readonly spxClose: number;
  readonly vixClose: number;
  readonly grid: readonly ScenarioCell[];
  /** Open P&L of the book against its entry prices today, USD. */
  readonly openPnlUsd: number;
  /** SPX levels where the open P&L is zero at unchanged VIX, ascending. */
  readonly breakEvenSpxLevels: readonly number[];
  /** Parallel IV shifts (vol points, spot VIX moved as much) where the open P&L is zero at unchanged SPX. */
  readonly breakEvenVolShiftPoints: readonly number[];
}

interface Shock {
  readonly spxMoveFraction: number;
  readonly vixShiftPoints: number;
  /** A parallel shift of SPX implied vol, vol points, in place of the beta-scaled VIX shift. */
  readonly spxVolShiftPoints: number | undefined;
}

/**
 * The spot VIX shift a VIX future or option sees: a negative shift stops where its future, moved by
 * its beta, reaches config.minVixFuturePoints (a future that rises as VIX falls, beta <= 0, needs no stop).
 */
function vixShiftFloored(p: ScenarioPosition, m: MarketDayView, dte: number, shiftPoints: number, config: RiskScenarioConfig): number {
  const beta = m.vixFutureBetaToVix(dte);
  if (shiftPoints >= 0 || !(beta > 0)) return shiftPoints;
  return Math.max(shiftPoints, (config.minVixFuturePoints - m.vixFuturePrice(p.expiryDay)) / beta);
}

/** Value per unit of one position under a shock, index points (a future: its price). */
function unitValue(p: ScenarioPosition, m: MarketDayView, dividendYieldDecimal: number, shock: Shock, config: RiskScenarioConfig): number | undefined {
  const dte = p.expiryDay - m.day;
  if (dte <= 0) return undefined;
  if (p.type === 'future') return m.vixFuturePrice(p.expiryDay) + m.vixFutureBetaToVix(dte) * vixShiftFloored(p, m, dte, shock.vixShiftPoints, config);
  if (p.underlying === 'VIX') return m.repriceVixOption(p.type, p.strike, p.expiryDay, vixShiftFloored(p, m, dte, shock.vixShiftPoints, config), 0);
  const baseVol = m.priceSpxOption(p.type, p.strike, p.expiryDay).impliedVol;
  const sigma = Math.max(baseVol + volDecimalFromPoints(shock.spxVolShiftPoints ?? m.spxVolBetaToVix(dte) * shock.vixShiftPoints), config.minImpliedVolDecimal);
  return bsmOptionPrice({ type: p.type, spot: m.spxClose * (1 + shock.spxMoveFraction), strike: p.strike, timeYears: yearFractionAct365(m.day, p.expiryDay), rate: m.riskFreeRate, dividendYield: dividendYieldDecimal, sigma });
}

const multiplier = (p: ScenarioPosition) => (p.type === 'future' ? VIX_FUTURE_MULTIPLIER_USD : OPTION_MULTIPLIER_USD);

function shockedValues(positions: readonly ScenarioPosition[], m: MarketDayView, q: number, shock: Shock, config: RiskScenarioConfig): Array<number | undefined> {
  return positions.map((p) => unitValue(p, m, q, shock, config));
}

const NO_SHOCK: Shock = { spxMoveFraction: 0, vixShiftPoints: 0, spxVolShiftPoints: undefined };

/** Open P&L against entry prices under a shock, USD (expired positions are left out). */
function openPnlUsd(positions: readonly ScenarioPosition[], m: MarketDayView, q: number, shock: Shock, config: RiskScenarioConfig): number {
  const values = shockedValues(positions, m, q, shock, config);
  return positions.reduce((sum, p, i) => {
    const v = values[i];
    return v === undefined ? sum : sum + p.quantity * (v - p.entryPrice) * multiplier(p);
  }, 0);
}

/** Zeros of `f` on [lo, hi]: a scan for sign changes, each refined by bisection. */
function zerosOf(f: (x: number) => number, lo: number, hi: number, steps: number): number[] {
  const out: number[] = [];
  let x0 = lo;
  let f0 = f(x0);
  for (let i = 1; i <= steps; i++) {
    const x1 = lo + ((hi - lo) * i) / steps;
    const f1 = f(x1);
    if (f0 === 0) out.push(x0);
    else if (Math.sign(f0) !== Math.sign(f1) && f1 !== 0) {
      let a = x0;
      let b = x1;
      let fa = f0;
      // 60 halvings take any bracket below double precision.
      for (let k = 0; k < 60; k++) {
        const mid = (a + b) / 2;
        const fm = f(mid);
        if (Math.sign(fm) === Math.sign(fa)) {
          a = mid;
          fa = fm;
        } else b = mid;
      }
      out.push((a + b) / 2);
    }
    x0 = x1;
    f0 = f1;
  }
  if (f0 === 0) out.push(x0);
  return out;
}

export function bookRisk(positions: readonly ScenarioPosition[], m: MarketDayView, dividendYieldDecimal: number, config: RiskScenarioConfig, holdings: readonly ScenarioHolding[] = []): BookRisk {
  const base = shockedValues(positions, m, dividendYieldDecimal, NO_SHOCK, config);
  const grid: ScenarioCell[] = [];
  for (const vixShiftPoints of config.vixShiftsPoints) {
    for (const spxMoveFraction of config.spxMovesFraction) {
      const shocked = shockedValues(positions, m, dividendYieldDecimal, { spxMoveFraction, vixShiftPoints, spxVolShiftPoints: undefined }, config);
      let condor = 0;
      let hedge = 0;
      positions.forEach((p, i) => {
        const v = shocked[i];
        const b = base[i];
        if (v === undefined || b === undefined) return;
        const pnl = p.quantity * (v - b) * multiplier(p);
        if (p.role === 'condor') condor += pnl;
        else hedge += pnl;
      });
      for (const h of holdings) {
        const pnl = h.spxDeltaUsdPerPoint * m.spxClose * spxMoveFraction + h.vixExposureUsdPerPoint * vixShiftPoints;
        if (h.role === 'condor') condor += pnl;
        else hedge += pnl;
      }
      grid.push({ spxMoveFraction, vixShiftPoints, spxLevel: m.spxClose * (1 + spxMoveFraction), vixLevel: m.vixClose + vixShiftPoints, condorPnlUsd: condor, hedgePnlUsd: hedge, totalPnlUsd: condor + hedge });
    }
  }
  const steps = config.breakEvenScanSteps;
  const priceZeros = zerosOf((x) => openPnlUsd(positions, m, dividendYieldDecimal, { spxMoveFraction: x, vixShiftPoints: 0, spxVolShiftPoints: undefined }, config), config.breakEvenSpxSearchFraction.min, config.breakEvenSpxSearchFraction.max, steps);
  // VIX is 30-day SPX implied vol in points: a parallel IV shift moves spot VIX by as many points.
  const volZeros = zerosOf((x) => openPnlUsd(positions, m, dividendYieldDecimal, { spxMoveFraction: 0, vixShiftPoints: x, spxVolShiftPoints: x }, config), config.breakEvenVolSearchPoints.min, config.breakEvenVolSearchPoints.max, steps);
  return {
    spxClose: m.spxClose,
    vixClose: m.vixClose,
    grid,
    openPnlUsd: openPnlUsd(positions, m, dividendYieldDecimal, NO_SHOCK, config),
    breakEvenSpxLevels: priceZeros.map((x) => m.spxClose * (1 + x)),
    breakEvenVolShiftPoints: volZeros,
  };
}
