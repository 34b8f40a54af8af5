// A campaign's progress as server-sent events: one `progress` event whenever the counts change,
// polled from the database (workers may be other processes on other machines), until the
// campaign stops running or the client goes away.
import type { Db } from "../../db/types";
import { loadCampaignProgress, type CampaignProgress } from "./campaign-progress";

const TERMINAL = new Set(["COMPLETED", "CANCELLED"]);

export async function* campaignProgressUpdates(db: Db, campaignId: string, signal: AbortSignal, intervalMs = 1000): AsyncGenerator<CampaignProgress> {
  let last = "";
  while (!signal.aborted) {
    const progress = await loadCampaignProgress(db, campaignId);
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
 * hide (a browser's EventSource reconnects to it for ever).
 */
export async function progressEventStream(db: Db, campaignId: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array> | null> {
  if (!(await db.campaign.findUnique({ where: { id: campaignId }, select: { id: true } }))) return null;
  const encoder = new TextEncoder();
  const updates = campaignProgressUpdates(db, campaignId, signal);
  return new ReadableStream({
    async pull(controller) {
      const next = await updates.next();
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(`event: progress\ndata: ${JSON.stringify(next.value)}\n\n`));
    },
    async cancel() {
      await updates.return(undefined);
    },
  });
}
