import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { loadAuditLog } from "@/lib/audit-log/load-audit-log";
import { getDb } from "@/lib/db/client";
import { formatTime } from "@/app/_components/format-time";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const entries = await loadAuditLog(getDb(), slug);
  if (!entries) notFound();
  return (
    <>
      <h1>Audit log</h1>
      <p className="page-intro">Every change, newest first: who did what to which entity, before and after. Nothing here is ever edited.</p>
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
                  {entry.summary}
                  {entry.changes.map((change, index) => (
                    <div key={index}>
                      {change.field}: <span className="muted">{change.before}</span> → {change.after}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
