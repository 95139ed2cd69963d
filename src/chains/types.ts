/**
 * The canonical option quote every vendor layout is read into, and the typed errors of reading and
 * importing chain files. Prices are index points per unit (x100 for USD per SPX or VIX option
 * contract); dates are ISO `YYYY-MM-DD` strings as stored and day numbers in memory.
 */
import type { DayNumber } from '../time/day.js';

/** The underlyings alvh trades options on. */
export const CHAIN_UNDERLYINGS = ['SPX', 'VIX'] as const;
export type ChainUnderlying = (typeof CHAIN_UNDERLYINGS)[number];

export type SettlementStyle = 'AM' | 'PM';
export type OptionRight = 'C' | 'P';

/** USD per index point for SPX and VIX options (both 100). */
export const CHAIN_OPTION_MULTIPLIER_USD_PER_POINT = 100;

/** One end-of-day quote, as kept in the store. */
export interface CanonicalQuote {
  readonly underlying: ChainUnderlying;
  /** Trading class: SPX (AM-settled monthlies), SPXW (PM-settled), VIX, VIXW, ... */
  readonly root: string;
  readonly settlement: SettlementStyle;
  readonly quoteDay: DayNumber;
  readonly expiryDay: DayNumber;
  readonly right: OptionRight;
  readonly strike: number;
  readonly bid: number;
  readonly ask: number;
  /** The underlying level the vendor recorded with the quote; undefined when the file has none. */
  readonly underlyingPrice: number | undefined;
  /** Contracts traded that day; undefined when the file has none. */
  readonly volume: number | undefined;
}

/** A row that cannot be read at all: the import of its file stops and names this. */
export interface ChainRowError {
  readonly kind: 'chain-row';
  /** The file as the user named it (for a zip, `archive.zip:entry.csv`). */
  readonly file: string;
  /** 1-based line of the file (the header is line 1). */
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

export function formatChainRowError(error: ChainRowError): string {
  return `${error.file}:${error.line}: field '${error.field}': ${error.message}`;
}

/** Thrown by the row mappers and caught by the file reader, which turns it into a ChainRowError. */
export class ChainRowFailure extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`field '${field}': ${reason}`);
    this.name = 'ChainRowFailure';
  }
}

/** The reasons a readable quote is rejected by the checks (counted per reason, never imported). */
export const REJECT_REASONS = [
  'other underlying',
  'one side not quoted',
  'bid above ask',
  'negative price',
  'expiry not after quote date',
  'unknown root',
  'settlement style mismatch',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
