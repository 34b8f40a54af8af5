// How far a campaign is, for the progress bar (CLI) and the live page (server-sent events):
// counts by state and verdict, the rate over the time it ran and the time left at that rate,
// the outage of its serving endpoint it is waiting out, if any, that a worker is loading its model,
// and why a worker paused it.
import type { Db } from "../../db/types";
import { loadPauseReason } from "./pause-reason";
import { runState, type RunState } from "./run-state";
import { storedServingTarget } from "../settings/campaign-row";
import { outageInForce } from "../runner/serving-outage";
import { modelLoading, type ModelLoading } from "../runner/model-loading";
import { runningSeconds } from "../start/running-time";
import type { ServingOutage } from "./serving-outage-text";

export interface CampaignProgress {
  campaignId: string;
  status: "CREATING" | "QUEUED" | "RUNNING" | "PAUSED" | "CANCELLED" | "COMPLETED";
  total: number;
  pending: number;
  /** Runs a worker holds and is still renewing: in progress. */
  leased: number;
  /** Leased runs whose lease expired (their worker died or stalled): they wait for a worker to take them again. */
  leaseExpired: number;
  done: number;
  errors: number;
  /** Runs a cancelled campaign left waiting or leased: they never run (run-state.ts); 0 for any other campaign. */
  notRun: number;
  passes: number;
  failures: number;
  /** Finished runs (done or error) per second of the time it ran (start/running-time.ts); null while it is paused. */
  casesPerSecond: number | null;
  etaSeconds: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Its serving endpoint cannot be reached and its runs wait for it; null while it answers. */
  outage: ServingOutage | null;
  /** A worker is loading its model (no run moves meanwhile): since when and which worker; null otherwise (runner/model-loading.ts). */
  loadingModel: ModelLoading | null;
  /** While paused, why a worker paused it (lib/campaigns/reads/pause-reason.ts); null otherwise, and where a reviewer did. */
  pausedBecause: string | null;
}

export async function loadCampaignProgress(db: Db, campaignId: string): Promise<CampaignProgress | null> {
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    select: {
      status: true,
      startedAt: true,
      finishedAt: true,
      pausedAt: true,
      idleSeconds: true,
      backendConfig: true,
      outageTarget: true,
      outageSince: true,
      outageReason: true,
      outageRetryAt: true,
      outageFailsAt: true,
      modelLoadingSince: true,
      modelLoadingWorker: true,
      modelLoadingExpiresAt: true,
    },
  });
  if (!campaign) return null;
  const now = new Date();
  const [byStatus, byVerdict, expiredLeases, pausedBecause] = await Promise.all([
    db.caseRun.groupBy({ by: ["status"], where: { campaignId }, _count: { _all: true } }),
    db.caseRun.groupBy({ by: ["verdict"], where: { campaignId, status: "DONE" }, _count: { _all: true } }),
    db.caseRun.count({ where: { campaignId, status: "LEASED", leaseExpiresAt: { lt: now } } }),
    campaign.status === "PAUSED" ? loadPauseReason(db, campaignId) : null,
  ]);
  const count = (state: RunState) =>
    byStatus.filter((row) => runState(campaign.status, row.status) === state).reduce((total, row) => total + row._count._all, 0);
  const verdicts = (verdict: string) => byVerdict.find((row) => row.verdict === verdict)?._count._all ?? 0;
  const [pending, held, done, errors, notRun] = [count("PENDING"), count("LEASED"), count("DONE"), count("ERROR"), count("NOT_RUN")];
  // Of the leased runs (none once cancelled: not run), those whose lease expired (run-state.ts).
  const leaseExpired = Math.min(held, expiredLeases);
  const leased = held - leaseExpired;
  const total = pending + held + done + errors + notRun;
  const finished = done + errors;

  // Over the time it ran, not the time it stood paused or completed before a retry.
  const ranSeconds = runningSeconds(campaign, campaign.finishedAt ?? new Date());
  // Paused, it has no rate to speak of: no run moves.
  const casesPerSecond = campaign.status !== "PAUSED" && ranSeconds > 0 && finished > 0 ? finished / ranSeconds : null;
  const remaining = pending + held;
  const active = campaign.status === "RUNNING" || campaign.status === "QUEUED" || campaign.status === "CREATING";
  return {
    campaignId,
    status: campaign.status,
    total,
    pending,
    leased,
    leaseExpired,
    done,
    errors,
    notRun,
    passes: verdicts("PASS"),
    failures: verdicts("FAIL"),
    casesPerSecond,
    etaSeconds: active && casesPerSecond ? remaining / casesPerSecond : null,
    startedAt: campaign.startedAt?.toISOString() ?? null,
    finishedAt: campaign.finishedAt?.toISOString() ?? null,
    outage: servingOutage(campaign),
    loadingModel: modelLoading(campaign, now),
    pausedBecause,
  };
}

function servingOutage(campaign: {
  backendConfig: Parameters<typeof storedServingTarget>[0];
  outageTarget: string | null;
  outageSince: Date | null;
  outageReason: string | null;
  outageRetryAt: Date | null;
  outageFailsAt: Date | null;
}): ServingOutage | null {
  // Recorded since judges' endpoints wait too; an older row's outage was its own endpoint's.
  const target = campaign.outageTarget ?? storedServingTarget(campaign.backendConfig);
  // One a stopped worker left behind says nothing of the endpoint now.
  const since = outageInForce(campaign);
  if (!target || !since || !campaign.outageFailsAt) return null;
  return {
    target,
    reason: campaign.outageReason ?? "the endpoint could not be reached",
    since: since.toISOString(),
    failsAt: campaign.outageFailsAt.toISOString(),
  };
}
