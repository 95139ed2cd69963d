/** The option-pricing core: Black-76 and BSM prices and Greeks, implied vols, strikes by delta, grids. */
export { black76Price, black76OptionPrice, black76Value, type Black76Inputs, type OptionType } from './black76.js';
export { bsmForward, bsmOptionPrice, bsmValue, type BsmInputs } from './bsm.js';
export { CALENDAR_DAYS_PER_YEAR, type OptionValuation } from './valuation.js';
export { impliedVolBlack76, impliedVolBsm, normalizedImpliedStdDev, type ImpliedVolError } from './impliedVol.js';
export {
  strikeForDeltaBlack76,
  strikeForDeltaBsm,
  strikeForDeltaWithSmile,
  type SmileStrikeInputs,
  type StrikeSolveError,
} from './strikeForDelta.js';
export {
  DEFAULT_STRIKE_GRIDS,
  SPX_STRIKE_GRID,
  VIX_STRIKE_GRID,
  snapToStrikeGrid,
  strikeGridConfigSchema,
  strikeGridSchema,
  uniformStrikeGrid,
  type SnapMode,
  type StrikeGrid,
  type StrikeGridConfig,
} from './strikeGrid.js';
export {
  IMPLIED_VOL_STATUS,
  impliedVolChain,
  priceChain,
  type ChainExpiry,
  type ChainPriceOutputs,
  type ImpliedVolStatus,
} from './batch.js';
export { normCdf, normInv, normPdf } from './normal.js';
