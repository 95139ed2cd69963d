/** The bid/ask spread model of SPX and VIX options. */
export * from './config.js';
export { halfSpreadPoints, rawHalfSpreadPoints, tickSizePoints, type SpreadInputs } from './model.js';
export { fitSpreadModel, type SpreadFit, type SpreadObservation } from './fit.js';
export { spreadObservations, type DatedSpreadObservation } from './observations.js';
