// A campaign's runs are written in chunks, each its own short transaction, with the event loop let
// go between them: SQLite's driver is synchronous, so one 50,000-row insert would hold every other
// request of the process (and the database's write lock) until it ended. The campaign stays
// CREATING until its last chunk is in, and workers lease only QUEUED or RUNNING campaigns, so one
// cut short by a crash is never taken for complete.
import type { Db } from "../db/types";

/** Rows per transaction: tens of milliseconds each even on a busy machine, well inside a request's budget. */
export const RUN_CHUNK_SIZE = 250;

export interface CampaignRunKey {
  caseId: string;
  repeat: number;
}

export async function writeCampaignRuns(db: Db, campaignId: string, caseIds: string[], repeats: number, chunkSize = RUN_CHUNK_SIZE): Promise<number> {
  const total = caseIds.length * repeats;
  for (let start = 0; start < total; start += chunkSize) {
    const end = Math.min(start + chunkSize, total);
    const data = [];
    for (let index = start; index < end; index++) {
      data.push({ campaignId, caseId: caseIds[Math.floor(index / repeats)], repeat: index % repeats });
    }
    await db.caseRun.createMany({ data });
    await new Promise((resolve) => setImmediate(resolve));
  }
  // Only now can a worker see it; a campaign cancelled meanwhile stays cancelled.
  await db.campaign.updateMany({ where: { id: campaignId, status: "CREATING" }, data: { status: "QUEUED" } });
  return total;
}
