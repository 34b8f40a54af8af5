// A risk acceptance holds until its expiry date; after that the cell is open again. The campaign
// worker sweeps for lapsed ones once a minute (lib/campaigns/runner/worker.ts), and the pages that
// show review work (the queue, a model's pages) call this first, so none is seen late: each accepted cell past its date goes back to "in review", its version moves (an
// editor open on it gets the usual conflict) and the change is audited as the system's, once. The acceptance's justification and date stay on the cell, so the
// queue can say which acceptance expired.
import type { Actor } from "../auth/actor";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Db } from "../db/types";

/** The rule in words, for "How Riskledger decides". */
export const ACCEPTANCE_EXPIRY_RULE =
  "A risk acceptance holds until its expiry date. On that date the cell goes back to review (audited), and the approvers' queue lists it until it is accepted again with a new date or approved on current evidence.";

export const ACCEPTANCE_EXPIRY_ACTOR: Actor = { id: null, label: "Riskledger (risk acceptance expired)", role: "ADMIN" };

/** Reopens every accepted cell whose acceptance expired by `now`; returns how many it reopened. */
export async function reopenExpiredAcceptances(db: Db, now = new Date()): Promise<number> {
  const expired = await db.cell.findMany({
    where: { reviewStatus: "ACCEPTED", acceptedUntil: { lte: now } },
    select: { id: true, version: true, acceptedUntil: true },
  });
  let reopened = 0;
  for (const cell of expired) {
    // Guarded by version and status: a person's save or another sweep in between wins, and this one skips it.
    const done = await db.$transaction(async (tx) => {
      const written = await tx.cell.updateMany({
        where: { id: cell.id, version: cell.version, reviewStatus: "ACCEPTED" },
        data: { reviewStatus: "IN_REVIEW", version: { increment: 1 } },
      });
      if (written.count !== 1) return false;
      await recordAuditEvent(tx, ACCEPTANCE_EXPIRY_ACTOR, {
        action: "cell.acceptance-expired",
        entityType: "Cell",
        entityId: cell.id,
        before: { version: cell.version, reviewStatus: "ACCEPTED", acceptedUntil: cell.acceptedUntil!.toISOString() },
        after: { version: cell.version + 1, reviewStatus: "IN_REVIEW" },
      });
      return true;
    });
    if (done) reopened += 1;
  }
  return reopened;
}
