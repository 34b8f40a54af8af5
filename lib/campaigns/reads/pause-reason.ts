// Why a campaign is paused, where a worker paused it (another model served, an endpoint that answers
// no case): the reason its audit event records. A reviewer's own pause gives none.
import type { Db } from "../../db/types";

export async function loadPauseReason(db: Db, campaignId: string): Promise<string | null> {
  const latest = await db.auditEvent.findFirst({
    where: { entityType: "Campaign", entityId: campaignId, action: "campaign.pause" },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { after: true },
  });
  const reason = (latest?.after as { reason?: unknown } | null | undefined)?.reason;
  return typeof reason === "string" ? reason : null;
}
