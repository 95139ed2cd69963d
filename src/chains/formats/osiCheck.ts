/** An OSI symbol cell read and checked against the row's own expiry, right and strike. */
import type { DayNumber } from '../../time/day.js';
import type { FieldReader } from '../fields.js';
import { parseOsiSymbol } from '../osi.js';
import type { OptionRight } from '../types.js';

/** Strikes in OSI are in thousandths of a point; anything closer is the same strike. */
const STRIKE_MATCH_TOLERANCE_POINTS = 0.0005;

/** The root of the OSI symbol in `column`, or undefined when the cell is empty. */
export function rootFromOsi(row: FieldReader, column: string, expected: { expiryDay: DayNumber; right: OptionRight; strike: number }): string | undefined {
  if (!row.has(column)) return undefined;
  const cell = row.text(column);
  if (cell === '') return undefined;
  const osi = parseOsiSymbol(cell);
  if (osi === undefined) return row.fail(column, `expected an OCC/OSI option symbol such as 'SPXW  180131C02700000', got '${cell}'`);
  if (osi.expiryDay !== expected.expiryDay) return row.fail(column, `symbol '${cell}' has a different expiry than the row`);
  if (osi.right !== expected.right) return row.fail(column, `symbol '${cell}' is a ${osi.right === 'C' ? 'call' : 'put'} but the row is not`);
  if (Math.abs(osi.strike - expected.strike) > STRIKE_MATCH_TOLERANCE_POINTS) return row.fail(column, `symbol '${cell}' has strike ${osi.strike}, the row ${expected.strike}`);
  return osi.root;
}
