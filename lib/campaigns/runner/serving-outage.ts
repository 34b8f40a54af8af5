// A serving endpoint a campaign needs that cannot be reached, its own or a model judge's, recorded
// on the campaign with the target's name so that every worker, the campaign's page and the CLI see
// the one outage. The first worker to find it down sets `outageSince`, on that campaign and on
// the other running or queued ones that send to the same target, which so wait without finding it
// down themselves; each failure since pushes `outageRetryAt`, before which no worker leases the
// campaign's runs (lease.ts), and its runs fail instead of waiting once a worker's `maxOutageMs` has
// passed since `outageSince`, whoever noticed first. The first answer clears it, as do the campaign
// ending, being paused or being cancelled (NO_OUTAGE). A worker stopped or killed meanwhile leaves
// it on the row: once no worker has tried the endpoint for ABANDONED_AFTER_MS past its retry time,
// nobody knows it is still down, so it is shown nowhere and the next worker to find the endpoint
// down starts an outage of its own, with its whole patience.
import type { Db } from "../../db/types";
import { campaignsSendingTo } from "../settings/campaigns-sending-to";

/** The longest wait between tries of an endpoint that cannot be reached. */
const MAX_OUTAGE_WAIT_MS = 60_000;

/** How long past its retry time a recorded outage may go untried before it is taken as left by a worker that stopped. */
export const ABANDONED_AFTER_MS = 5 * MAX_OUTAGE_WAIT_MS;

/** An outage as the campaign's row records it. */
export interface OutageRecord {
  outageSince: Date | null;
  outageRetryAt: Date | null;
}

/** When the outage a worker still tries began; null when none is recorded or the recorded one was abandoned. */
export function outageInForce({ outageSince, outageRetryAt }: OutageRecord, now = Date.now()): Date | null {
  if (outageSince === null) return null;
  if (outageRetryAt !== null && now - outageRetryAt.getTime() > ABANDONED_AFTER_MS) return null;
  return outageSince;
}

/** The columns that say nothing is being waited for. */
export const NO_OUTAGE = { outageTarget: null, outageSince: null, outageReason: null, outageRetryAt: null, outageFailsAt: null } as const;

export interface RecordedOutage {
  since: Date;
  retryAt: Date;
  waitMs: number;
}

/**
 * Notes that a batch of the campaign found the endpoint of serving target `target` unreachable,
 * `reason` being the failure's summary. The wait before the next try is as long as the endpoint has been down, at least
 * `firstWaitMs` and at most a minute: it doubles from one try to the next without a count kept
 * anywhere. Null when the campaign is no longer running (paused, cancelled, ended meanwhile).
 */
export async function recordOutage(
  db: Db,
  campaignId: string,
  { target, reason, firstWaitMs, maxOutageMs }: { target: string; reason: string; firstWaitMs: number; maxOutageMs: number },
): Promise<RecordedOutage | null> {
  const active = { id: campaignId, status: { in: ["QUEUED" as const, "RUNNING" as const] } };
  // Two workers finding it down together: the first to write sets when it began.
  const found = new Date();
  await db.campaign.updateMany({
    where: { ...active, OR: [{ outageSince: null }, { outageRetryAt: { lt: new Date(found.getTime() - ABANDONED_AFTER_MS) } }] },
    data: { outageSince: found, outageRetryAt: found },
  });
  const campaign = await db.campaign.findFirst({ where: active, select: { outageSince: true } });
  if (!campaign?.outageSince) return null;
  const since = campaign.outageSince;
  const now = Date.now();
  const waitMs = Math.min(MAX_OUTAGE_WAIT_MS, Math.max(firstWaitMs, now - since.getTime()));
  const retryAt = new Date(now + waitMs);
  const outage = { outageTarget: target, outageReason: reason, outageRetryAt: retryAt, outageFailsAt: new Date(since.getTime() + maxOutageMs) };
  await db.campaign.updateMany({ where: { ...active, outageSince: since }, data: outage });
  // The other campaigns that need this target wait the same outage rather than each find it down.
  const others = await campaignsSendingTo(db, target, { except: campaignId });
  if (others.length > 0) await db.campaign.updateMany({ where: { id: { in: others }, outageSince: null }, data: { ...outage, outageSince: since } });
  return { since, retryAt, waitMs };
}

/**
 * Past its patience the campaign's runs fail instead of waiting, and no wait is recorded: this notes
 * that a worker still finds the endpoint down, so the outage is not taken as abandoned meanwhile.
 */
export async function noteStillDown(db: Db, campaignId: string, since: Date): Promise<void> {
  await db.campaign.updateMany({ where: { id: campaignId, outageSince: since }, data: { outageRetryAt: new Date() } });
}

/** The campaign's endpoint answered: nothing is waited for any more. */
export async function clearOutage(db: Db, campaignId: string): Promise<void> {
  await db.campaign.updateMany({ where: { id: campaignId, outageSince: { not: null } }, data: NO_OUTAGE });
}

/** Whether runs its endpoint could not take still wait for it: `maxOutageMs` (0: never wait) has not passed since the recorded start. */
export function waitsOutOutage(since: Date | null, maxOutageMs: number, now = Date.now()): boolean {
  return maxOutageMs > 0 && (since === null || now - since.getTime() < maxOutageMs);
}

/** Those of `campaignIds` whose runs wait for their endpoint now: a worker keeps their models open meanwhile. */
export async function campaignsWaitingOutOutage(db: Db, campaignIds: string[]): Promise<Set<string>> {
  if (campaignIds.length === 0) return new Set();
  const waiting = await db.campaign.findMany({ where: { id: { in: campaignIds }, outageRetryAt: { gt: new Date() } }, select: { id: true } });
  return new Set(waiting.map((campaign) => campaign.id));
}
