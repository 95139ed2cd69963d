/** Settlement prices of AM-settled expiries and intraday fill estimates from daily bars. */
export * from './settlement.js';
