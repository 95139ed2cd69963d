/**
 * Every number of the market model's defaults that was fitted or read off data, with the data it came
 * from, the function that fits it and the test that re-runs the fit. The rule they all keep: nothing is
 * fitted on the held-out data, index history from 2016 on and the SPXW January-February 2018 chain.
 * The bundled single-day chains (SPX 2020-12-01, VIX options 2016-06-01) are the fit sets of the smile,
 * the VIX-option surface and the spread model. `fittedParameters.test.ts` checks each entry against
 * that rule and against the fit's own selection, and `alvh validate` prints the list beside the values
 * the run used.
 */
import { FIT_CHAINS, HELD_OUT_INDEX_HISTORY_FROM_ISO, LAST_FIT_DAY_ISO, type FitChainFile } from './holdOut.js';
import { FITTED_SPX_SMILE, FITTED_TERM_STRUCTURE } from './spx/config.js';
import { FIT_DAY_CONTANGO_FRACTION, FITTED_VIX_VOL_SURFACE, FITTED_VVIX_FALLBACK } from './vix/config.js';
import { FITTED_SPREAD_PARAMS, SPX_FIT_DAY_VIX_LEVEL, VIX_FIT_DAY_VIX_LEVEL } from './spread/config.js';

export type FitData =
  | {
      readonly kind: 'index-history';
      /** The bundled series read (data/*.csv closes). */
      readonly series: readonly string[];
      readonly firstIso: string;
      readonly lastIso: string;
      readonly dayCount: number;
      /** Which days of the window enter the fit. */
      readonly selection: string;
    }
  | {
      readonly kind: 'chain';
      readonly file: FitChainFile;
      /** Which quotes of the chain enter the fit, or what is read off it. */
      readonly selection: string;
    };

export interface FittedParameter {
  /** Where the number lives in the market model config (`spx.meanReversionPerYear`). */
  readonly path: string;
  /** The value the fit gave, which is the config's default. */
  readonly fittedValue: number;
  readonly data: FitData;
  /** The function (and its file) that fits it, or how it is read off the data. */
  readonly fittedBy: string;
  /** The test that re-runs the fit and compares with the default. */
  readonly recheckedBy: string;
}

const SPX_SMILE_DATA: FitData = {
  kind: 'chain',
  file: 'spx_options_20201201.csv',
  selection: '600 out-of-the-money quotes with |forward delta| >= 0.02, three expiries 17-80 days out',
};
const VIX_SURFACE_DATA: FitData = {
  kind: 'chain',
  file: 'vix_options_20160601.csv',
  selection: '190 out-of-the-money two-sided quotes with a mid of at least 0.10, every listed expiry (Huber loss on the IV error)',
};

function entries(
  prefix: string,
  values: Readonly<Record<string, number>>,
  common: Omit<FittedParameter, 'path' | 'fittedValue'>,
): FittedParameter[] {
  return Object.entries(values).map(([key, fittedValue]) => ({ path: `${prefix}.${key}`, fittedValue, ...common }));
}

export const FITTED_PARAMETERS: readonly FittedParameter[] = [
  ...entries(
    'spx',
    FITTED_SPX_SMILE,
    { data: SPX_SMILE_DATA, fittedBy: 'fitSmileShape (src/market/spx/fit/skewFit.ts)', recheckedBy: 'src/market/spx/fit/skewFit.test.ts' },
  ),
  ...entries(
    'spx',
    FITTED_TERM_STRUCTURE,
    {
      data: {
        kind: 'index-history',
        series: ['VIX', 'VIX9D', 'VIX3M', 'VIX6M'],
        firstIso: '2011-01-04',
        lastIso: LAST_FIT_DAY_ISO,
        dayCount: 1257,
        selection: 'every day on which all four closed',
      },
      fittedBy: 'fitMeanReversionFallback (src/market/spx/fit/termStructureFit.ts)',
      recheckedBy: 'src/market/spx/fit/termStructureFit.test.ts',
    },
  ),
  ...entries('vix.surface', FITTED_VIX_VOL_SURFACE, { data: VIX_SURFACE_DATA, fittedBy: 'fitVixVolSurface (src/market/vix/fit.ts)', recheckedBy: 'src/market/vix/fit.test.ts' }),
  ...entries(
    'vix.surface',
    { dipReferenceContangoFraction: FIT_DAY_CONTANGO_FRACTION },
    {
      data: { kind: 'chain', file: 'vix_options_20160601.csv', selection: "the fit day's 30-day VX forward over spot VIX, minus one" },
      fittedBy: 'read off the fit day (src/market/vix/config.ts)',
      recheckedBy: 'src/market/fittedParameters.test.ts',
    },
  ),
  ...entries('vix.vvixFallback', FITTED_VVIX_FALLBACK, {
    data: {
      kind: 'index-history',
      series: ['VVIX', 'VIX'],
      firstIso: '2007-01-03',
      lastIso: LAST_FIT_DAY_ISO,
      dayCount: 2264,
      selection: 'every day with both closes (VVIX before 2007 holds outliers)',
    },
    fittedBy: 'fitVvixOnVix (src/market/vix/vvixFallback.ts)',
    recheckedBy: 'src/market/vix/vvixFallback.test.ts',
  }),
  ...entries('spread.spx', FITTED_SPREAD_PARAMS.spx, {
    data: { kind: 'chain', file: 'spx_options_20201201.csv', selection: '1,818 two-sided quotes with a parity forward and an implied vol (least squares on ln half-spread)' },
    fittedBy: 'fitSpreadModel (src/market/spread/fit.ts)',
    recheckedBy: 'src/market/spread/fit.test.ts',
  }),
  ...entries('spread.vix', FITTED_SPREAD_PARAMS.vix, {
    data: { kind: 'chain', file: 'vix_options_20160601.csv', selection: '507 two-sided quotes with a parity forward and an implied vol (least squares on ln half-spread)' },
    fittedBy: 'fitSpreadModel (src/market/spread/fit.ts)',
    recheckedBy: 'src/market/spread/fit.test.ts',
  }),
  ...entries(
    'spread.spx',
    { fitDayVixLevel: SPX_FIT_DAY_VIX_LEVEL },
    { data: { kind: 'chain', file: 'spx_options_20201201.csv', selection: "the fit day's VIX close" }, fittedBy: 'read off the fit day (src/market/spread/config.ts)', recheckedBy: 'src/market/fittedParameters.test.ts' },
  ),
  ...entries(
    'spread.vix',
    { fitDayVixLevel: VIX_FIT_DAY_VIX_LEVEL },
    { data: { kind: 'chain', file: 'vix_options_20160601.csv', selection: "the fit day's VIX close" }, fittedBy: 'read off the fit day (src/market/spread/config.ts)', recheckedBy: 'src/market/fittedParameters.test.ts' },
  ),
];

/** The number at a dotted path of a config object, or undefined when the path holds no number. */
export function numberAtPath(config: unknown, path: string): number | undefined {
  let value: unknown = config;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'number' ? value : undefined;
}

/** The data a fit read, in one line. */
export function describeFitData(data: FitData): string {
  if (data.kind === 'chain') return `${data.file} (${FIT_CHAINS[data.file]}): ${data.selection}`;
  const days = String(data.dayCount).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${data.series.join(', ')} closes ${data.firstIso} to ${data.lastIso}, ${days} days: ${data.selection}`;
}

/** Why a fit's data breaks the hold-out rule, or undefined when it keeps it. */
export function holdOutViolation(data: FitData): string | undefined {
  if (data.kind === 'chain') return Object.hasOwn(FIT_CHAINS, data.file) ? undefined : `${data.file} is not one of the bundled fit chains`;
  if (data.firstIso > data.lastIso) return `the window ${data.firstIso} to ${data.lastIso} is empty`;
  return data.lastIso < HELD_OUT_INDEX_HISTORY_FROM_ISO ? undefined : `reads index history to ${data.lastIso}, held out from ${HELD_OUT_INDEX_HISTORY_FROM_ISO}`;
}
