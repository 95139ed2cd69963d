import type { ReactNode } from 'react';
import { columnLabel, flattenFields, formatField } from '../format.js';

/** A two-column table of an object's figures, nested fields as dotted names. */
export function FieldTable({ value, caption }: { value: unknown; caption?: string }) {
  const rows = flattenFields(value);
  return (
    <table className="fields">
      {caption ? <caption>{caption}</caption> : null}
      <tbody>
        {rows.map(([name, field]) => (
          <tr key={name}>
            <th scope="row">{columnLabel(name)}</th>
            <td>{formatField(name, field)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Rows of objects as a table; columns are the union of the rows' leaf fields, in first-seen order,
 * less those `omitColumn` matches.
 */
export function RecordTable({ rows, caption, omitColumn }: { rows: ReadonlyArray<unknown>; caption?: string; omitColumn?: RegExp }) {
  const flatRows = rows.map((row) => new Map(flattenFields(row)));
  const columns: string[] = [];
  for (const row of flatRows) for (const name of row.keys()) if (!columns.includes(name) && !omitColumn?.test(name)) columns.push(name);
  if (rows.length === 0) return <p className="muted">None.</p>;
  return (
    <ScrollTable columns={columns.map(columnLabel)} caption={caption}>
      {flatRows.map((row, i) => (
        <tr key={i}>
          {columns.map((c) => (
            <td key={c}>{formatField(c, row.get(c))}</td>
          ))}
        </tr>
      ))}
    </ScrollTable>
  );
}

/**
 * A table in a frame that scrolls sideways on a narrow screen (and takes the keyboard's focus to do
 * so), with an optional caption and one header row naming the columns; `children` are its body rows.
 */
export function ScrollTable({ columns, caption, label, testId, children }: { columns: readonly ReactNode[]; caption?: string | undefined; label?: string; testId?: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0}>
      <table aria-label={label} data-testid={testId}>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** Lines of text (notes, warnings, verdicts) as the pages list reasons; nothing when there are none. */
export function TextList({ items, label }: { items: readonly string[]; label: string }) {
  if (items.length === 0) return null;
  return (
    <ul className="reasons" aria-label={label}>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}
