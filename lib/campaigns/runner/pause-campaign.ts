// A worker pausing a campaign it should not go on with (another model served, an endpoint that fails
// every case), the reason audited: a reviewer reads it, puts things right and resumes.
import type { Actor } from "../../auth/actor";
import { recordAuditEvent } from "../../audit/record-audit-event";
import type { Db } from "../../db/types";
import { NO_OUTAGE } from "./serving-outage";

const CAMPAIGN_WORKER: Actor = { id: null, label: "campaign worker", role: "REVIEWER" };

/** Pauses the campaign if it is still queued or running; the first of several workers to do so records why. */
export async function pauseCampaign(db: Db, campaignId: string, reason: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const paused = await tx.campaign.updateMany({
      where: { id: campaignId, status: { in: ["QUEUED", "RUNNING"] } },
      data: { status: "PAUSED", pausedAt: new Date(), ...NO_OUTAGE },
    });
    if (paused.count === 1)
      await recordAuditEvent(tx, CAMPAIGN_WORKER, {
        action: "campaign.pause",
        entityType: "Campaign",
        entityId: campaignId,
        after: { status: "PAUSED", reason },
      });
  });
}
