// A campaign's progress as server-sent events: one `progress` event whenever the counts change,
// polled from the database (workers may be other processes on other machines), until the
// campaign stops running or the client goes away. Every page open on a campaign is a subscriber;
// they share this process's reads of it, so a hundred of them cost the database what one does.
import type { Db } from "../../db/types";
import { loadCampaignProgress, type CampaignProgress } from "./campaign-progress";

const TERMINAL = new Set(["COMPLETED", "CANCELLED"]);

type Read = { at: number; progress: Promise<CampaignProgress | null> };
const recentReads = new WeakMap<Db, Map<string, Read>>();

/**
 * The campaign's progress, read again only when this process's last read of it is `maxAgeMs` old.
 * Each read is three queries, synchronous on SQLite (4 ms on the four suites x 20 repeats): read
 * per subscriber, a hundred open pages stalled the event loop up to a third of a second.
 */
function sharedProgress(db: Db, campaignId: string, maxAgeMs: number): Promise<CampaignProgress | null> {
  const now = Date.now();
  const reads = recentReads.get(db) ?? new Map<string, Read>();
  recentReads.set(db, reads);
  for (const [id, read] of reads) if (now - read.at >= maxAgeMs) reads.delete(id);
  let read = reads.get(campaignId);
  if (!read) {
    read = { at: now, progress: loadCampaignProgress(db, campaignId) };
    reads.set(campaignId, read);
  }
  return read.progress;
}

export async function* campaignProgressUpdates(db: Db, campaignId: string, signal: AbortSignal, intervalMs = 1000): AsyncGenerator<CampaignProgress> {
  let last = "";
  while (!signal.aborted) {
    const progress = await sharedProgress(db, campaignId, intervalMs);
    if (!progress) return;
    const fingerprint = JSON.stringify({ ...progress, casesPerSecond: null, etaSeconds: null });
    if (fingerprint !== last) {
      last = fingerprint;
      yield progress;
    }
    if (TERMINAL.has(progress.status)) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * The updates encoded as an SSE body; null when there is no such campaign, which an empty stream would
 * hide (a browser's EventSource reconnects to it for ever). `stillSignedIn` is asked before each
 * event: the proxy checked the session once, when the stream opened, and a campaign runs for hours,
 * so a person disabled or signed out since then gets the end of the stream instead (their
 * EventSource's reconnection is then refused by the proxy).
 */
export async function progressEventStream(
  db: Db,
  campaignId: string,
  signal: AbortSignal,
  stillSignedIn: () => Promise<boolean>,
): Promise<ReadableStream<Uint8Array> | null> {
  if (!(await db.campaign.findUnique({ where: { id: campaignId }, select: { id: true } }))) return null;
  const encoder = new TextEncoder();
  const updates = campaignProgressUpdates(db, campaignId, signal);
  return new ReadableStream({
    async pull(controller) {
      const next = await updates.next();
      if (next.done) return controller.close();
      if (!(await stillSignedIn())) {
        await updates.return(undefined);
        return controller.close();
      }
      controller.enqueue(encoder.encode(`event: progress\ndata: ${JSON.stringify(next.value)}\n\n`));
    },
    async cancel() {
      await updates.return(undefined);
    },
  });
}
