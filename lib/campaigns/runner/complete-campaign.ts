// A campaign is complete when none of its runs is waiting or leased. Whichever worker sees that
// first completes it and writes its evidence in one transaction: the status change is the guard,
// so the evidence is written once, and a worker dying half-way leaves the campaign RUNNING for
// the next worker to complete. Its runs to label join the labelling queue in the same transaction. The completion and each evidence row are audited in that transaction.
import type { Actor } from "../../auth/actor";
import { recordAuditEvent } from "../../audit/record-audit-event";
import type { Db, DbTransaction } from "../../db/types";
import { writeCampaignEvidence } from "../../evidence/campaign-aggregate";
import { enqueueForLabelling } from "../../labelling/enqueue-for-labelling";
import { recordCheckpointFacts } from "../../models/checkpoint-facts";
import { NO_OUTAGE } from "./serving-outage";

/** Who completes a campaign in the audit log when the caller names no one. */
const CAMPAIGN_WORKER: Actor = { id: null, label: "campaign worker", role: "REVIEWER" };

export async function completeCampaignIfDone(db: Db, campaignId: string, by: Actor = CAMPAIGN_WORKER): Promise<boolean> {
  const outstanding = await db.caseRun.count({ where: { campaignId, status: { in: ["PENDING", "LEASED"] } } });
  if (outstanding > 0) return false;
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { modelId: true, backend: true } });
  // The worker re-checks what the checkpoint is (revision, tiny model or not) before the evidence records it.
  if (campaign.backend === "local") await recordCheckpointFacts(db, campaign.modelId);
  return db
    .$transaction(async (tx) => {
      const completed = await tx.campaign.updateMany({
        where: { id: campaignId, status: { in: ["QUEUED", "RUNNING"] } },
        data: { status: "COMPLETED", finishedAt: new Date(), ...NO_OUTAGE },
      });
      if (completed.count !== 1) return false;
      // Checked again inside the transaction: "retry failed" may have re-queued runs meanwhile.
      const stillOutstanding = await tx.caseRun.count({ where: { campaignId, status: { in: ["PENDING", "LEASED"] } } });
      if (stillOutstanding > 0) throw new RunsRequeued();
      await writeCampaignEvidence(tx, campaignId);
      await enqueueForLabelling(tx, campaignId);
      await auditCompletion(tx, campaignId, by);
      return true;
    })
    .catch((error) => {
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

/** The completion under the campaign, and each evidence row it wrote under its cell. */
async function auditCompletion(tx: DbTransaction, campaignId: string, by: Actor) {
  const runs = await tx.caseRun.groupBy({ by: ["status"], where: { campaignId }, _count: { _all: true } });
  const evidence = await tx.evidence.findMany({ where: { campaignId } });
  await recordAuditEvent(tx, by, {
    action: "campaign.complete",
    entityType: "Campaign",
    entityId: campaignId,
    after: { status: "COMPLETED", runs: Object.fromEntries(runs.map((group) => [group.status, group._count._all])), evidence: evidence.length },
  });
  for (const item of evidence) {
    const { id, cellId, kind, passes, failures, n, intervalLow, intervalHigh, verdict, modelRevision, suiteHash, detectorsHash, settingsHash } = item;
    await recordAuditEvent(tx, by, {
      action: "evidence.write",
      entityType: "Cell",
      entityId: cellId,
      after: {
        evidenceId: id,
        campaignId,
        kind,
        passes,
        failures,
        n,
        intervalLow,
        intervalHigh,
        verdict,
        modelRevision,
        suiteHash,
        detectorsHash,
        settingsHash,
      },
    });
  }
}
