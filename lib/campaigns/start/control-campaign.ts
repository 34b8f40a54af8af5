// A reviewer's hand on a running campaign. Pause and cancel hand back the campaign's leased runs
// themselves, and its workers, watching the status on every heartbeat, stop generating them;
// resume and "retry failed" put the work in reach again, except that a paused campaign's retry
// leaves it paused: the person who paused it had a reason.
import { z } from "zod";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { defineCommand } from "../../commands/define-command";
import { NO_OUTAGE } from "../runner/serving-outage";
import { handBackCampaignLeases } from "../runner/lease";
import { recordId } from "../../domain/record-id";
import { namedEnum } from "../../domain/named-enum";
import { idleSecondsAfter } from "./running-time";
import type { DbTransaction } from "../../db/types";

export const campaignControlSchema = z.object({
  campaignId: recordId("the campaign's id"),
  action: namedEnum("the action", ["pause", "resume", "cancel", "retry"]),
});
export type CampaignControl = z.infer<typeof campaignControlSchema>;

export type ControlCampaignResult =
  | {
      ok: true;
      status: string;
      requeued: number;
      /** A retry's account of what it did, for the page. */
      message?: string;
    }
  | { ok: false; kind: "invalid" | "forbidden" | "not_found" | "conflict"; message: string };

type Status = "CREATING" | "QUEUED" | "RUNNING" | "PAUSED" | "CANCELLED" | "COMPLETED";

/** For each action: the statuses it applies to, and the status it leaves. */
const transitions: Record<CampaignControl["action"], { from: Status[]; to: Status }> = {
  pause: { from: ["QUEUED", "RUNNING"], to: "PAUSED" },
  resume: { from: ["PAUSED"], to: "RUNNING" },
  // A campaign left CREATING (its writer crashed mid-way) can only be cancelled: it never runs half-made.
  cancel: { from: ["CREATING", "QUEUED", "RUNNING", "PAUSED"], to: "CANCELLED" },
  // Failed runs go back to the queue; a completed campaign runs again and rewrites its evidence; a
  // paused one stays paused (statusAfter).
  retry: { from: ["RUNNING", "PAUSED", "COMPLETED"], to: "RUNNING" },
};

export const controlCampaign = defineCommand({
  name: "campaign.control",
  doing: "controlling a campaign",
  role: "REVIEWER",
  schema: campaignControlSchema,
  audit: ["campaign.pause", "campaign.resume", "campaign.cancel", "campaign.retry"],
  async run(db, actor, input): Promise<ControlCampaignResult> {
    const { campaignId, action } = input;
    const { from } = transitions[action];

    return db.$transaction(async (tx) => {
      const before = await tx.campaign.findUnique({
        where: { id: campaignId },
        select: { status: true, createdAt: true, startedAt: true, pausedAt: true, finishedAt: true, idleSeconds: true },
      });
      if (!before) return { ok: false, kind: "not_found", message: `no campaign ${campaignId}` } as const;
      const to = statusAfter(action, before.status);
      const staysPaused = before.status === "PAUSED" && to === "PAUSED";
      // A retry with no failed run would only reset the completion time and move the evidence date.
      if (action === "retry" && (await tx.caseRun.count({ where: { campaignId, status: "ERROR" } })) === 0) {
        return { ok: false, kind: "conflict", message: "nothing to retry: no run of this campaign is in error" } as const;
      }
      if (action === "retry") {
        const changed = await suitesChangedSince(tx, campaignId, before.createdAt);
        if (changed.length > 0) return { ok: false, kind: "conflict", message: suiteChangedMessage(changed) } as const;
      }
      const now = new Date();
      // Leaving a pause, or a completion for a retry, ends a stretch it stood still: its rate does not count it.
      const stoodStillSince = before.status === "PAUSED" ? before.pausedAt : before.status === "COMPLETED" ? before.finishedAt : null;
      // Guarded on the status read above, which the time it stood still is counted from.
      const changed = from.includes(before.status)
        ? await tx.campaign.updateMany({
            where: { id: campaignId, status: before.status },
            data: {
              status: to,
              ...(to === "CANCELLED" ? { finishedAt: now } : {}),
              // Paused or cancelled, it waits for no endpoint; resumed, a worker finds out afresh.
              ...(to === "PAUSED" || to === "CANCELLED" ? NO_OUTAGE : {}),
              ...(action === "retry" ? { finishedAt: null } : {}),
              // Still paused, it stands still from the same moment as before.
              ...(staysPaused ? {} : to === "PAUSED" ? { pausedAt: now } : { pausedAt: null, idleSeconds: idleSecondsAfter(before, stoodStillSince, now) }),
            },
          })
        : { count: 0 };
      if (changed.count !== 1) {
        return { ok: false, kind: "conflict", message: `cannot ${action} a ${before.status.toLowerCase()} campaign` } as const;
      }
      if ((to === "CANCELLED" || to === "PAUSED") && !staysPaused) {
        // Its workers' leases are handed back here rather than when each next beats (a dead worker never
        // does): the campaign reads settled at once, a resumed one's runs are free for any worker, and a
        // result write under way meets this UPDATE on its run's row, so on PostgreSQL it lands before the
        // pause or cancel commits or finds the run handed back (commit-result.ts).
        await handBackCampaignLeases(tx, campaignId);
      }
      let requeued = 0;
      if (action === "retry") {
        // Queued again, a run has no failure to show: its old one (an endpoint's words, for admins) goes with the message.
        const reset = await tx.caseRun.updateMany({
          where: { campaignId, status: "ERROR" },
          data: { status: "PENDING", verdict: null, error: null, errorDetail: null, attempts: 0, leaseOwner: null, leaseExpiresAt: null, finishedAt: null },
        });
        requeued = reset.count;
      }
      await recordAuditEvent(tx, actor, {
        action: `campaign.${action}`,
        entityType: "Campaign",
        entityId: campaignId,
        before: { status: before.status },
        after: { status: to, ...(action === "retry" ? { requeued } : {}) },
      });
      if (action !== "retry") return { ok: true, status: to, requeued } as const;
      const queued = `${requeued} run${requeued === 1 ? "" : "s"} in error queued again`;
      return { ok: true, status: to, requeued, message: staysPaused ? `${queued}; the campaign stays paused: resume it to run them` : queued } as const;
    });
  },
});

/**
 * The suites of the campaign's cases edited (synced or uploaded with other content) since it was created: a
 * retry would ask their failed runs' cases as they are now, beside the rest answered as they were, and the
 * evidence written at its completion would carry the new suite's hash, reading current.
 */
async function suitesChangedSince(tx: DbTransaction, campaignId: string, createdAt: Date): Promise<string[]> {
  const suites = await tx.testSuite.findMany({
    where: { updatedAt: { gt: createdAt }, cases: { some: { runs: { some: { campaignId } } } } },
    select: { key: true },
    orderBy: { key: "asc" },
  });
  return suites.map((suite) => suite.key);
}

function suiteChangedMessage(keys: string[]): string {
  const named = keys.length === 1 ? `suite ${keys[0]} was` : `suites ${keys.join(", ")} were`;
  return `cannot retry: ${named} changed since this campaign was created, so its runs in error would ask the cases as they are now beside answers to the cases as they were; start a new campaign to test the suite as it is`;
}

function statusAfter(action: CampaignControl["action"], status: Status): Status {
  return action === "retry" && status === "PAUSED" ? "PAUSED" : transitions[action].to;
}
