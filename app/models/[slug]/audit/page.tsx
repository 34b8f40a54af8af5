import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AUDIT_ENTITY_TYPES, auditLogQuery, parseAuditLogBefore, parseAuditLogFilter } from "@/lib/audit/audit-log-filter";
import { loadAuditLogPage } from "@/lib/audit/load-audit-log";
import { currentActor } from "@/lib/auth/current-actor";
import { getDb } from "@/lib/db/client";
import { formatTime } from "@/app/_components/format-time";

export const metadata: Metadata = { title: "Audit log" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const query = await searchParams;
  const filter = parseAuditLogFilter(query);
  const before = parseAuditLogBefore(query);
  const page = await loadAuditLogPage(getDb(), await currentActor(), slug, filter, before);
  if (!page) notFound();
  const { entries, olderBefore } = page;
  const paging = olderBefore !== null || before !== undefined;
  return (
    <>
      <h1>Audit log</h1>
      <p className="page-intro">Every change, newest first: who did what to which entity, before and after. Nothing here is ever edited.</p>
      {paging && (
        <nav className="toolbar" aria-label="Pages of the audit log">
          <span>{before === undefined ? `Showing the newest ${entries.length} events.` : `Showing ${entries.length} older events.`}</span>
          {before !== undefined && <a href={`?${auditLogQuery(filter).slice(1)}`}>Newest events</a>}
          {olderBefore && <a href={`?${auditLogQuery({ ...filter, before: olderBefore }).slice(1)}`}>Older events</a>}
        </nav>
      )}
      <form className="toolbar" method="get" aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="audit-entity">Entity</label>
          <select id="audit-entity" name="entity" defaultValue={filter.entity ?? ""}>
            <option value="">all</option>
            {AUDIT_ENTITY_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-person">Person</label>
          <input id="audit-person" name="person" maxLength={200} defaultValue={filter.person ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-from">From</label>
          <input id="audit-from" name="from" type="date" defaultValue={filter.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">To</label>
          <input id="audit-to" name="to" type="date" defaultValue={filter.to ?? ""} />
        </div>
        <button type="submit">Filter</button>
        <a href={`/api/models/${slug}/audit.csv${auditLogQuery(filter)}`} download>
          Export CSV
        </a>
      </form>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  Nothing recorded yet.
                </td>
              </tr>
            )}
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td className="small">
                  <time dateTime={entry.at}>{formatTime(entry.at)}</time>
                </td>
                <td>{entry.actor}</td>
                <td>
                  <code>{entry.action}</code>
                  <br />
                  <span className="small">{entry.entity}</span>
                </td>
                <td className="small">
                  {entry.summary === null ? null : entry.shortSummary === entry.summary ? entry.summary : entry.shortSummary}
                  {entry.changes.map((change, index) => (
                    <div key={index}>
                      {change.field}: <span className="muted">{change.before}</span> → {change.after}
                    </div>
                  ))}
                  {(entry.before || entry.after) && (
                    <details>
                      <summary>Full change</summary>
                      {entry.before && (
                        <>
                          <div className="eyebrow">before</div>
                          <pre style={{ whiteSpace: "pre-wrap" }}>{entry.before}</pre>
                        </>
                      )}
                      {entry.after && (
                        <>
                          <div className="eyebrow">after</div>
                          <pre style={{ whiteSpace: "pre-wrap" }}>{entry.after}</pre>
                        </>
                      )}
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
