// Why a campaign is paused, where a worker paused it (another model served, an endpoint that answers
// no case): the reason its audit event records. A reviewer's own pause gives none.
import type { Db } from "../../db/types";

export async function loadPauseReason(db: Db, campaignId: string): Promise<string | null> {
  return (await loadPauseReasons(db, [campaignId])).get(campaignId) ?? null;
}

/** Each campaign's reason from its latest pause, for those a worker last paused: one read for a list of them. */
export async function loadPauseReasons(db: Db, campaignIds: string[]): Promise<Map<string, string>> {
  if (campaignIds.length === 0) return new Map();
  const pauses = await db.auditEvent.findMany({
    where: { entityType: "Campaign", entityId: { in: campaignIds }, action: "campaign.pause" },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { entityId: true, after: true },
  });
  const reasons = new Map<string, string>();
  const seen = new Set<string>();
  for (const pause of pauses) {
    if (seen.has(pause.entityId)) continue;
    seen.add(pause.entityId);
    const reason = (pause.after as { reason?: unknown } | null | undefined)?.reason;
    if (typeof reason === "string") reasons.set(pause.entityId, reason);
  }
  return reasons;
}
