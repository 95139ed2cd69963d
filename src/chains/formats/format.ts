/** What a vendor layout provides: how to recognise its header and how to read one row. */
import type { DayNumber } from '../../time/day.js';
import type { FieldReader } from '../fields.js';
import type { ChainImportConfig } from '../config.js';
import type { OptionRight, SettlementStyle } from '../types.js';

export const CHAIN_FORMAT_IDS = ['optionsdx', 'datashop', 'orats', 'hod', 'canonical'] as const;
export type ChainFormatId = (typeof CHAIN_FORMAT_IDS)[number];

/** A quote as a layout reads it, before the checks: the underlying as the vendor spells it, the root if known. */
export interface RawQuote {
  readonly underlyingSymbol: string;
  /** Undefined when the layout has no root and none can be inferred (the checks then reject it). */
  readonly root: string | undefined;
  /** The settlement the file itself states, if it states one. */
  readonly statedSettlement: SettlementStyle | undefined;
  readonly quoteDay: DayNumber;
  readonly expiryDay: DayNumber;
  readonly right: OptionRight;
  readonly strike: number;
  /** Undefined for a side the vendor left unquoted (an empty cell). */
  readonly bid: number | undefined;
  readonly ask: number | undefined;
  readonly underlyingPrice: number | undefined;
  readonly volume: number | undefined;
}

export interface FormatContext {
  readonly config: ChainImportConfig;
  /** For layouts without an underlying column (OptionsDX): SPX or VIX, from the option or the file name. */
  readonly underlyingHint: string | undefined;
}

export interface ChainFormat {
  readonly id: ChainFormatId;
  readonly title: string;
  /** Normalised column names (see normaliseColumnName) that identify the layout and must all be present. */
  readonly requiredColumns: readonly string[];
  /** Zero, one or two quotes (wide layouts hold the call and the put of a strike on one row). */
  readonly readRow: (row: FieldReader, context: FormatContext) => readonly RawQuote[];
}

export const RIGHT_BY_LETTER: Readonly<Record<string, OptionRight>> = { C: 'C', P: 'P', c: 'C', p: 'P' };
export const RIGHT_BY_WORD: Readonly<Record<string, OptionRight>> = { call: 'C', put: 'P', Call: 'C', Put: 'P', CALL: 'C', PUT: 'P', C: 'C', P: 'P' };
