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
    <div className="table-scroll" tabIndex={0}>
      <table>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">{columnLabel(c)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {flatRows.map((row, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>{formatField(c, row.get(c))}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
