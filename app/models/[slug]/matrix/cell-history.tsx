// A cell's AuditEvents, newest first: who, when, and each field's before -> after.
import type { CellHistoryEntry } from "@/lib/matrix/load-cell-history";
import { formatTime } from "@/app/_components/format-time";
import { ShownText } from "@/app/_components/shown-text";

export function CellHistory({ entries }: { entries: CellHistoryEntry[] }) {
  if (entries.length === 0) return <p className="muted small">No changes recorded yet: this cell is as imported.</p>;
  return (
    <ol className="history" aria-label="Cell history, newest first">
      {entries.map((entry) => (
        <li key={entry.id}>
          <div className="when">
            <strong>
              <ShownText text={entry.actor} />
            </strong>{" "}
            · <time dateTime={entry.at}>{formatTime(entry.at)}</time>
          </div>
          {entry.changes.map((change, index) => (
            <div className="change" key={index}>
              {change.field}:{" "}
              <span className="before">
                <ShownText text={change.before} />
              </span>{" "}
              →{" "}
              <span className="after">
                <ShownText text={change.after} />
              </span>
            </div>
          ))}
        </li>
      ))}
    </ol>
  );
}
