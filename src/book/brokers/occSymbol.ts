/**
 * OCC/OSI option symbols (`SPXW  250117P05800000`): the root padded to six characters, the expiry as
 * YYMMDD, C or P, and the strike times 1000 in eight digits. Brokers print the root padded, with one
 * space or with none; all three are read. Only the roots alvh trades are accepted: SPX (AM-settled
 * monthlies), SPXW (PM-settled weeklies and end-of-month), VIX and VIXW (settled on the Wednesday
 * morning's special quotation).
 */
import { parseIsoDate, type DayNumber } from '../../time/day.js';

export interface OccOption {
  readonly root: string;
  readonly underlying: 'SPX' | 'VIX';
  readonly type: 'call' | 'put';
  /** Index points. */
  readonly strike: number;
  readonly expiryDay: DayNumber;
  readonly settlement: 'AM' | 'PM';
}

export const OCC_ROOTS: Readonly<Record<string, { underlying: 'SPX' | 'VIX'; settlement: 'AM' | 'PM' }>> = {
  SPX: { underlying: 'SPX', settlement: 'AM' },
  SPXW: { underlying: 'SPX', settlement: 'PM' },
  VIX: { underlying: 'VIX', settlement: 'AM' },
  VIXW: { underlying: 'VIX', settlement: 'AM' },
};

const OCC_PATTERN = /^([A-Z0-9]{1,6}) *(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

/** The option of an OCC symbol, or the reason it is not one alvh can book. */
export function parseOccSymbol(text: string): { ok: true; value: OccOption } | { ok: false; reason: string } {
  const symbol = text.trim().replace(/^\./, '');
  const m = OCC_PATTERN.exec(symbol);
  if (!m) return { ok: false, reason: `'${text}' is not an OCC option symbol (ROOT YYMMDD C|P strike x 1000 in 8 digits, e.g. 'SPXW  250117P05800000')` };
  const [, root, yy, mm, dd, cp, strikeDigits] = m as unknown as [string, string, string, string, string, string, string];
  const known = Object.hasOwn(OCC_ROOTS, root) ? OCC_ROOTS[root] : undefined;
  if (!known) return { ok: false, reason: `'${text}': root ${root} is not an SPX or VIX option (${Object.keys(OCC_ROOTS).join(', ')})` };
  // OCC years are two digits; every listed SPX/VIX option expires in 20YY.
  const expiry = parseIsoDate(`20${yy}-${mm}-${dd}`);
  if (!expiry.ok) return { ok: false, reason: `'${text}': expiry 20${yy}-${mm}-${dd} is not a date` };
  const strike = Number(strikeDigits) / 1000;
  if (!(strike > 0)) return { ok: false, reason: `'${text}': the strike is zero` };
  return { ok: true, value: { root, underlying: known.underlying, type: cp === 'C' ? 'call' : 'put', strike, expiryDay: expiry.value, settlement: known.settlement } };
}
