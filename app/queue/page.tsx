import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/current-actor";
import { getDb } from "@/lib/db/client";
import { cellKeyLabel, cellKeySlug } from "@/lib/domain/cell-key";
import { reviewStatusLabel } from "@/lib/domain/vocabulary";
import { loadQueue } from "@/lib/review-queue/load-queue";
import { reopenExpiredAcceptances } from "@/lib/cells/expire-acceptances";
import { DecisionsToSign, QueueTable } from "./queue-sections";
import { ShownText } from "@/app/_components/shown-text";

export const metadata: Metadata = { title: "My queue" };

export default async function QueuePage() {
  const actor = await currentActor();
  await reopenExpiredAcceptances(getDb());
  const queue = await loadQueue(getDb(), actor);
  return (
    <main id="main">
      <h1>My queue</h1>
      <p className="page-intro">
        Cells you own that are still in draft or in review, and for approvers every cell waiting for approval, every risk acceptance that expired and every
        signed deploy decision that no longer holds. Earliest due first.
      </p>
      <h2>Cells you own</h2>
      <QueueTable cells={queue.owned} empty="No open cells are assigned to you." label="Cells you own" />
      {queue.awaitingApproval && (
        <>
          <h2>Waiting for approval</h2>
          <QueueTable cells={queue.awaitingApproval} empty="No cell is waiting for approval." label="Cells waiting for approval" />
        </>
      )}
      {queue.acceptancesExpired && (
        <>
          <h2>Risk acceptances that expired</h2>
          <p className="small muted">Each went back to review on its expiry date: accept it again with a new date, or approve it on current evidence.</p>
          {queue.acceptancesExpired.length === 0 ? (
            <p className="muted">No risk acceptance has expired.</p>
          ) : (
            <ul aria-label="Risk acceptances that expired">
              {queue.acceptancesExpired.map((cell) => (
                <li key={cell.cellId}>
                  <Link href={`/models/${cell.modelSlug}/matrix?cell=${cellKeySlug(cell.risk, cell.use)}`}>{cellKeyLabel(cell.risk, cell.use)}</Link> of{" "}
                  <ShownText text={cell.modelName} />: accepted until {cell.acceptedUntil.toISOString().slice(0, 10)}, now{" "}
                  {reviewStatusLabel[cell.reviewStatus]}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {queue.decisions && <DecisionsToSign decisions={queue.decisions} />}
    </main>
  );
}
