/**
 * Typed access to the cells of one record by column name, for readers that stop at the first bad cell
 * (the chain files and a vendor's chain exports). Each reader says where its cells come from and how a
 * failure is reported (its error names the file and line it knows); the checks and their messages are
 * shared, so a bad cell reads the same whichever file it is in.
 */
import { parseFiniteDecimal } from './finite.js';

export abstract class CellReader {
  /** The raw cell of `column`, or undefined when the record has no such column. */
  protected abstract cell(column: string): string | undefined;

  /** Reports a bad cell of `column`; never returns. */
  abstract fail(column: string, message: string): never;

  text(column: string): string {
    const cell = this.cell(column);
    if (cell === undefined) return this.fail(column, 'no such column');
    return cell.trim();
  }

  /** A finite plain decimal (an exponent allowed); empty cells, NaN, infinities and hex are rejected. */
  number(column: string): number {
    const cell = this.text(column);
    const value = parseFiniteDecimal(cell);
    if (value === undefined) return this.fail(column, `expected a finite number, got '${cell}'`);
    return value;
  }

  /** A finite number > 0 (strikes, underlying levels). */
  positive(column: string): number {
    const value = this.number(column);
    if (value <= 0) return this.fail(column, `expected a value > 0, got ${value}`);
    return value;
  }

  /** A finite number >= 0 (prices, sizes). */
  nonNegative(column: string): number {
    const value = this.number(column);
    if (value < 0) return this.fail(column, `expected a value >= 0, got ${value}`);
    return value;
  }

  /** One of the `allowed` spellings, mapped to its typed value. */
  choice<T>(column: string, allowed: Readonly<Record<string, T>>): T {
    const cell = this.text(column);
    if (!Object.hasOwn(allowed, cell)) return this.fail(column, `expected one of ${Object.keys(allowed).join('|')}, got '${cell}'`);
    return allowed[cell] as T;
  }
}
