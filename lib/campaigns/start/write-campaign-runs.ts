// A campaign's runs are written in chunks, each its own short transaction, with the event loop let
// go between them: SQLite's driver is synchronous, so one 50,000-row insert would hold every other
// request of the process (and the database's write lock) until it ended. Chunks are sized by time,
// not rows (a machine under load writes fewer rows in the same time), and after each one the
// writer rests as long as it wrote, so creating a campaign takes at most half of the process while
// other people's requests, each a chain of queries that may wait behind a chunk, take the rest.
// Rows go in as one plain multi-row INSERT per chunk: Prisma's createMany spends six times as long
// per row preparing what SQLite writes in a fraction of it (bench/load/campaign-creation.ts). The
// campaign stays CREATING until its last chunk is in, and workers lease only QUEUED or RUNNING
// campaigns, so one cut short by a crash is never taken for complete.
import type { Db } from "../../db/types";
import { Prisma } from "../../db/generated/sqlite/client";

/** Write time per transaction: a query that waits behind one chunk waits at most about this long. */
export const CHUNK_BUDGET_MS = 8;
const FIRST_CHUNK_ROWS = 200;
const MIN_CHUNK_ROWS = 10;
// PostgreSQL takes at most 65,535 parameters in one statement, four per row.
const MAX_CHUNK_ROWS = 2000;

export interface CampaignRunKey {
  caseId: string;
  repeat: number;
}

/** The next chunk's rows, scaled so that it takes about the budget at the speed the last one was written. */
export function nextChunkRows(rows: number, elapsedMs: number, budgetMs = CHUNK_BUDGET_MS): number {
  const scaled = Math.round((rows * budgetMs) / Math.max(elapsedMs, 0.1));
  return Math.min(MAX_CHUNK_ROWS, Math.max(MIN_CHUNK_ROWS, scaled));
}

/** The campaign's id and the run's index: unique, and in the order the runs were written, which is the order workers lease them in. */
export function caseRunId(campaignId: string, index: number): string {
  return `${campaignId}r${index.toString(36).padStart(6, "0")}`;
}

export async function writeCampaignRuns(db: Db, campaignId: string, caseIds: string[], repeats: number): Promise<number> {
  const total = caseIds.length * repeats;
  let rows = FIRST_CHUNK_ROWS;
  for (let start = 0; start < total; ) {
    const end = Math.min(start + rows, total);
    const values = [];
    for (let index = start; index < end; index++) {
      values.push(Prisma.sql`(${caseRunId(campaignId, index)}, ${campaignId}, ${caseIds[Math.floor(index / repeats)]}, ${index % repeats})`);
    }
    const began = performance.now();
    await db.$executeRaw`INSERT INTO "CaseRun" ("id", "campaignId", "caseId", "repeat") VALUES ${Prisma.join(values)}`;
    const elapsed = performance.now() - began;
    start = end;
    rows = nextChunkRows(values.length, elapsed);
    await new Promise((resolve) => setTimeout(resolve, elapsed));
  }
  // Only now can a worker see it; a campaign cancelled meanwhile stays cancelled.
  await db.campaign.updateMany({ where: { id: campaignId, status: "CREATING" }, data: { status: "QUEUED" } });
  return total;
}
