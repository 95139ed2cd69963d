/** The VIX-option model: Black-76 on the VX future with a VVIX-based vol surface. */
export * from './config.js';
export { vixForwardForDte, type VixForward, type VixForwardError } from './forward.js';
export { vixMarketDayFromHistory, type VixMarketDay, type VixMarketDayError } from './marketDay.js';
export { priceVixOption, type VixOptionModelPrice, type VixOptionSpec, type VixPricingError } from './price.js';
export { quoteVixOption, type VixOptionModelQuote } from './quote.js';
export { atmTermFactor, shortTenorDipDepth, skewFactor, standardizedLogMoneyness, vixVolFromAtmLevel } from './volSurface.js';
export { frontContangoFraction } from './forward.js';
export { publishedVvixPercent, vixDaySurface, vixSurfaceFromInputs, vvixCalibrationInputsOf, vvixProcedureExpiries, type VixDaySurface } from './daySurface.js';
export { modelVvixPercent, solveAtmVolForVvix, VvixCalibrationError, type VvixCalibrationInputs } from './vvixCalibration.js';
export { fitVvixOnVix, vvixFromVix, type VvixRegression } from './vvixFallback.js';
export { fitVixVolSurface, type VixSurfaceFit } from './fit.js';
export { compareVixQuotes, type VixQuoteComparison } from './measure.js';
