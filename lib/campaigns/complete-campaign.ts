// A campaign is complete when none of its runs is waiting or leased. Whichever worker sees that
// first completes it and writes its evidence in one transaction: the status change is the guard,
// so the evidence is written once, and a worker dying half-way leaves the campaign RUNNING for
// the next worker to complete.
import type { Db } from "../db/types";
import { writeCampaignEvidence } from "./aggregate";

export async function completeCampaignIfDone(db: Db, campaignId: string): Promise<boolean> {
  const outstanding = await db.caseRun.count({ where: { campaignId, status: { in: ["PENDING", "LEASED"] } } });
  if (outstanding > 0) return false;
  return db.$transaction(async (tx) => {
    const completed = await tx.campaign.updateMany({
      where: { id: campaignId, status: { in: ["QUEUED", "RUNNING"] } },
      data: { status: "COMPLETED", finishedAt: new Date() },
    });
    if (completed.count !== 1) return false;
    // Checked again inside the transaction: "retry failed" may have re-queued runs meanwhile.
    const stillOutstanding = await tx.caseRun.count({ where: { campaignId, status: { in: ["PENDING", "LEASED"] } } });
    if (stillOutstanding > 0) throw new RunsRequeued();
    await writeCampaignEvidence(tx, campaignId);
    return true;
  }).catch((error) => {
    if (error instanceof RunsRequeued) return false;
    throw error;
  });
}

/** Every active campaign with nothing left to run: the idle worker's housekeeping. */
export async function completeFinishedCampaigns(db: Db): Promise<string[]> {
  const active = await db.campaign.findMany({
    where: { status: { in: ["QUEUED", "RUNNING"] }, runs: { none: { status: { in: ["PENDING", "LEASED"] } } } },
    select: { id: true },
  });
  const completed: string[] = [];
  for (const { id } of active) if (await completeCampaignIfDone(db, id)) completed.push(id);
  return completed;
}

class RunsRequeued extends Error {}
