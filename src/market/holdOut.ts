/**
 * The data the market model may be fitted on and the data held out for its exam, in one place: index
 * history from 2016 on and the SPXW January-February 2018 chain are held out; the two bundled
 * single-day chains are the fit sets of the smile, the VIX-option surface and the spread model.
 */
import { dayFromIso, isoFromDay } from '../time/day.js';

/** The first day of index history no fit may read. */
export const HELD_OUT_INDEX_HISTORY_FROM_ISO = '2016-01-01';

/** The last day of index history a fit may read (the day before the held-out years). */
export const LAST_FIT_DAY_ISO = isoFromDay(dayFromIso(HELD_OUT_INDEX_HISTORY_FROM_ISO) - 1);

/** The bundled chain no fit may read. */
export const HELD_OUT_CHAIN_FILE = 'spxw_options_2018jan_feb.csv.gz';

/** The bundled chains the model is fitted on, by file, with their one quote date. */
export const FIT_CHAINS = {
  'spx_options_20201201.csv': '2020-12-01',
  'vix_options_20160601.csv': '2016-06-01',
} as const;
export type FitChainFile = keyof typeof FIT_CHAINS;
