// The one table markup of the app's lists: a scrolling wrapper, the table named for assistive
// technology, one header row of column names, and a row per item whose cells the caller renders.
// An empty list says so in words instead of showing an empty table.
import type { ReactNode } from "react";

interface Props<Row> {
  /** The table's accessible name ("People", "Audit events"). */
  label: string;
  columns: readonly string[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** The row's <td> cells, one per column. */
  cells: (row: Row) => ReactNode;
  /** Shown instead of the table when there are no rows; without it an empty table is drawn. */
  empty?: ReactNode;
  rowClassName?: (row: Row) => string | undefined;
}

export function DataTable<Row>({ label, columns, rows, rowKey, cells, empty, rowClassName }: Props<Row>) {
  if (rows.length === 0 && empty !== undefined) return <p className="muted">{empty}</p>;
  return (
    <div className="table-wrap">
      <table className="data" aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={rowClassName?.(row)}>
              {cells(row)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
