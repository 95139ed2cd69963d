/** The SPX side of the market model: what the engine, the signals and the report use. */
export { DEFAULT_SPX_MODEL_CONFIG, SpxModelConfigSchema, type SpxModelConfig } from './config.js';
export { buildSpxSurface, forwardDelta, modelIndexDecimal, type CalibratedNode, type SpxVolSurface, type SurfaceError, type SurfaceQueryError } from './surface.js';
export { quoteSpxOption, spxStrikeForDelta, type SpxModelQuote, type SpxQuoteError } from './quote.js';
export { termStructureNodes, type TenorSource, type TermStructureNode, type VixFamilyTenor } from './termStructure.js';
export { vixFromTwoExpiries, type StrikeMids, type VixFormulaTerm, type VixFormulaResult } from './vixFormula.js';
