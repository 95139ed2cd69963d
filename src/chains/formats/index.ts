/** The vendor layouts and header-based detection. */
import { canonicalFormat } from './canonical.js';
import { dataShopFormat } from './datashop.js';
import type { ChainFormat, ChainFormatId } from './format.js';
import { hodFormat } from './hod.js';
import { optionsDxFormat } from './optionsdx.js';
import { oratsFormat } from './orats.js';

export * from './format.js';
export { CANONICAL_COLUMNS } from './canonical.js';

export const CHAIN_FORMATS: Readonly<Record<ChainFormatId, ChainFormat>> = {
  optionsdx: optionsDxFormat,
  datashop: dataShopFormat,
  orats: oratsFormat,
  hod: hodFormat,
  canonical: canonicalFormat,
};

/** The layouts whose required columns are all in `columns` (normalised names). */
export function matchingFormats(columns: readonly string[]): ChainFormat[] {
  const present = new Set(columns);
  return Object.values(CHAIN_FORMATS).filter((f) => f.requiredColumns.every((c) => present.has(c)));
}

export type DetectResult = { readonly ok: true; readonly format: ChainFormat } | { readonly ok: false; readonly message: string };

/** The one layout the header fits; none or several is an error that says what was looked for. */
export function detectFormat(columns: readonly string[]): DetectResult {
  const found = matchingFormats(columns);
  if (found.length === 1) return { ok: true, format: found[0] as ChainFormat };
  if (found.length > 1) return { ok: false, message: `the header fits several layouts (${found.map((f) => f.id).join(', ')}): pass --format` };
  const closest = Object.values(CHAIN_FORMATS)
    .map((f) => ({ f, missing: f.requiredColumns.filter((c) => !columns.includes(c)) }))
    .sort((a, b) => a.missing.length - b.missing.length)[0];
  const hint = closest === undefined ? '' : `; closest is ${closest.f.id}, which also needs ${closest.missing.join(', ')}`;
  return { ok: false, message: `the header fits none of the layouts (${Object.keys(CHAIN_FORMATS).join(', ')})${hint}` };
}
