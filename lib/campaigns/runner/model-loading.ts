// A worker loading a campaign's model into its engine says so on the campaign, so that its page and
// `campaign run` can tell a model loading (minutes on a real checkpoint, no run moving, the worker's
// thread held so that it logs nothing) from a worker stuck or gone. Several workers may load at once:
// the first to begin stamps it, and the first to finish clears it, the campaign then being worked on.
//
// A worker killed mid-load cannot clear its stamp, so the stamp holds only until an expiry that the
// loading worker renews, as a lease is renewed: every third of LOADING_STAMP_MS while it loads. One
// past its expiry was left by a worker gone and reads as no load; the next worker to load takes its
// place. The load holds the worker's thread between its awaits (a span's graph built, its session
// made), and a renewal can only land between them: the stamp's life is long enough to cover the
// longest of those steps, so that a live load is not read as gone.
import type { Db } from "../../db/types";
import { clockTime } from "../reads/serving-outage-text";

/** How long a loading stamp holds without renewal: past it, its worker is taken to be gone. */
export const LOADING_STAMP_MS = 10 * 60_000;

/** What the campaign's progress says of it: since when (ISO) and which worker. */
export interface ModelLoading {
  since: string;
  worker: string;
}

/** `workerId` begins loading the campaign's model: it stamps the campaign, unless a live worker's stamp is there. */
export async function noteModelLoading(db: Db, campaignId: string, workerId: string, since: Date, stampMs = LOADING_STAMP_MS): Promise<void> {
  await db.campaign.updateMany({
    where: { id: campaignId, OR: [{ modelLoadingSince: null }, ...staleStamp(since)] },
    data: { modelLoadingSince: since, modelLoadingWorker: workerId, modelLoadingExpiresAt: new Date(since.getTime() + stampMs) },
  });
}

/**
 * `workerId` still loads, begun at `since`: its own stamp is pushed on, and one a gone worker left
 * is replaced by its own. A stamp cleared meanwhile stays cleared: another worker has the model loaded.
 */
export async function renewModelLoading(db: Db, campaignId: string, workerId: string, since: Date, stampMs = LOADING_STAMP_MS): Promise<void> {
  const now = new Date();
  const expiresAt = new Date(now.getTime() + stampMs);
  const renewed = await db.campaign.updateMany({ where: { id: campaignId, modelLoadingWorker: workerId }, data: { modelLoadingExpiresAt: expiresAt } });
  if (renewed.count > 0) return;
  await db.campaign.updateMany({
    where: { id: campaignId, modelLoadingSince: { not: null }, OR: staleStamp(now) },
    data: { modelLoadingSince: since, modelLoadingWorker: workerId, modelLoadingExpiresAt: expiresAt },
  });
}

/** A stamp no live worker renews at `now`: expired, or written before stamps expired. */
function staleStamp(now: Date) {
  return [{ modelLoadingExpiresAt: null }, { modelLoadingExpiresAt: { lte: now } }];
}

/** Loaded (or the load failed): whatever worker began loading it, a worker has it now, or none does. */
export async function noteModelLoaded(db: Db, campaignId: string): Promise<void> {
  await db.campaign.updateMany({
    where: { id: campaignId, modelLoadingSince: { not: null } },
    data: { modelLoadingSince: null, modelLoadingWorker: null, modelLoadingExpiresAt: null },
  });
}

/** The load a live worker recorded on a campaign that may still run; null once it ended, was cancelled, or its worker is gone. */
export function modelLoading(
  campaign: { status: string; modelLoadingSince: Date | null; modelLoadingWorker: string | null; modelLoadingExpiresAt: Date | null },
  now: Date,
): ModelLoading | null {
  if (campaign.status === "COMPLETED" || campaign.status === "CANCELLED" || !campaign.modelLoadingSince) return null;
  if (!campaign.modelLoadingExpiresAt || campaign.modelLoadingExpiresAt <= now) return null;
  return { since: campaign.modelLoadingSince.toISOString(), worker: campaign.modelLoadingWorker ?? "a worker" };
}

/** The page's and campaign run's sentence for it. */
export function modelLoadingSentence(loading: ModelLoading): string {
  return `Worker ${loading.worker} is loading the model since ${clockTime(loading.since)}: no run moves until it is loaded.`;
}
