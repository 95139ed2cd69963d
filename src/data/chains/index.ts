export * from './types.js';
export { formatChainParseError, type ChainParseError } from './csvTable.js';
export { parseSpxOptionsCsv, parseZeroRatesCsv } from './spxChain.js';
export { parseSpxwOptionsCsv } from './spxwChain.js';
export { parseVixOptionsCsv } from './vixChain.js';
export * from './bundledChains.js';
