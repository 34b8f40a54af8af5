import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/current-actor";
import { getDb } from "@/lib/db/client";
import { cellKeyLabel, cellKeySlug } from "@/lib/domain/cell-key";
import { reviewStatusLabel } from "@/lib/domain/vocabulary";
import { loadQueue, type QueueCell } from "@/lib/review-queue/load-queue";

export const metadata: Metadata = { title: "My queue" };

export default async function QueuePage() {
  const actor = await currentActor();
  const queue = await loadQueue(getDb(), actor);
  return (
    <main id="main">
      <h1>My queue</h1>
      <p className="page-intro">Cells you own that are still in draft or in review, and for approvers every cell waiting for approval. Earliest due first.</p>
      <h2>Cells you own</h2>
      <QueueTable cells={queue.owned} empty="No open cells are assigned to you." label="Cells you own" />
      {queue.awaitingApproval && (
        <>
          <h2>Waiting for approval</h2>
          <QueueTable cells={queue.awaitingApproval} empty="No cell is waiting for approval." label="Cells waiting for approval" />
        </>
      )}
    </main>
  );
}

function QueueTable({ cells, empty, label }: { cells: QueueCell[]; empty: string; label: string }) {
  if (cells.length === 0) return <p className="muted">{empty}</p>;
  return (
    <div className="table-wrap">
      <table className="data" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Cell</th>
            <th scope="col">Model</th>
            <th scope="col">Status</th>
            <th scope="col">Owner</th>
            <th scope="col">Due</th>
          </tr>
        </thead>
        <tbody>
          {cells.map((cell) => (
            <tr key={cell.cellId}>
              <td>
                <Link href={`/models/${cell.modelSlug}/matrix?cell=${cellKeySlug(cell.risk, cell.use)}`}>{cellKeyLabel(cell.risk, cell.use)}</Link>{" "}
                <span className="small muted">{cell.riskTitle}</span>
              </td>
              <td>{cell.modelName}</td>
              <td>{reviewStatusLabel[cell.reviewStatus]}</td>
              <td>{cell.ownerName ?? "—"}</td>
              <td>
                {cell.dueDate ? cell.dueDate.toISOString().slice(0, 10) : "—"}
                {cell.overdue && <span className="tag"> overdue</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
