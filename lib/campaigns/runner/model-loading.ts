// A worker loading a campaign's model into its engine says so on the campaign, so that its page and
// `campaign run` can tell a model loading (minutes on a real checkpoint, no run moving, the worker's
// thread held so that it logs nothing) from a worker stuck or gone. Several workers may load at once:
// the first to begin stamps it, and the first to finish clears it, the campaign then being worked on.
// A worker killed mid-load leaves its stamp, and the page then shows how long ago that load began.
import type { Db } from "../../db/types";
import { clockTime } from "../reads/serving-outage-text";

/** What the campaign's progress says of it: since when (ISO) and which worker. */
export interface ModelLoading {
  since: string;
  worker: string;
}

export async function noteModelLoading(db: Db, campaignId: string, workerId: string, since: Date): Promise<void> {
  await db.campaign.updateMany({ where: { id: campaignId, modelLoadingSince: null }, data: { modelLoadingSince: since, modelLoadingWorker: workerId } });
}

/** Loaded (or the load failed): whatever worker began loading it, a worker has it now, or none does. */
export async function noteModelLoaded(db: Db, campaignId: string): Promise<void> {
  await db.campaign.updateMany({ where: { id: campaignId, modelLoadingSince: { not: null } }, data: { modelLoadingSince: null, modelLoadingWorker: null } });
}

/** The load a worker recorded on a campaign that may still run; null once it ended or was cancelled. */
export function modelLoading(campaign: { status: string; modelLoadingSince: Date | null; modelLoadingWorker: string | null }): ModelLoading | null {
  if (campaign.status === "COMPLETED" || campaign.status === "CANCELLED" || !campaign.modelLoadingSince) return null;
  return { since: campaign.modelLoadingSince.toISOString(), worker: campaign.modelLoadingWorker ?? "a worker" };
}

/** The page's and campaign run's sentence for it. */
export function modelLoadingSentence(loading: ModelLoading): string {
  return `Worker ${loading.worker} is loading the model since ${clockTime(loading.since)}: no run moves until it is loaded.`;
}
