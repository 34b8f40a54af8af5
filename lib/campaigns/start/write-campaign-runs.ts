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
// Each run keeps what it asks (system prompt, turns) and what it measures (risks, language, expected
// behaviours, detectors), as its case said when the campaign read it (and recorded its suite's hash):
// a suite synced later rewrites the case, never what a run asked or the cells it counts in.
import type { Db } from "../../db/types";
import { Prisma } from "../../db/generated/sqlite/client";
import { isPostgresClient } from "../../db/provider";

/** Write time per transaction: a query that waits behind one chunk waits at most about this long. */
export const CHUNK_BUDGET_MS = 8;
const FIRST_CHUNK_ROWS = 200;
const MIN_CHUNK_ROWS = 10;
// PostgreSQL takes at most 65,535 parameters in one statement, ten per row.
const MAX_CHUNK_ROWS = 2000;

/** A case as the campaign read it: what its runs ask and measure, its JSON columns as read. */
export interface CampaignCase {
  id: string;
  systemPrompt: string | null;
  turns: unknown;
  risks: unknown;
  language: string;
  expected: string;
  detectors: unknown;
}

/** The next chunk's rows, scaled so that it takes about the budget at the speed the last one was written. */
export function nextChunkRows(rows: number, elapsedMs: number, budgetMs = CHUNK_BUDGET_MS): number {
  const scaled = Math.round((rows * budgetMs) / Math.max(elapsedMs, 0.1));
  return Math.min(MAX_CHUNK_ROWS, Math.max(MIN_CHUNK_ROWS, scaled));
}

/**
 * The first run of each of the campaign's cases: every repeat of a case is written with the same copy of
 * it, so its first run speaks for them all (what they ask and measure), read without reading every run.
 */
export function firstRunOfEachCase(campaignId: string) {
  return { campaignId, repeat: 0 };
}

/** The campaign's id and the run's index: unique, and in the order the runs were written, which is the order workers lease them in. */
export function caseRunId(campaignId: string, index: number): string {
  return `${campaignId}r${index.toString(36).padStart(6, "0")}`;
}

export async function writeCampaignRuns(db: Db, campaignId: string, cases: CampaignCase[], repeats: number): Promise<number> {
  const total = cases.length * repeats;
  // JSON goes in as its text, which SQLite stores as Prisma does and PostgreSQL casts to jsonb;
  // written once per case, not once per repeat.
  const postgres = isPostgresClient(db);
  const json = (value: unknown) => {
    const text = JSON.stringify(value);
    return postgres ? Prisma.sql`CAST(${text} AS jsonb)` : Prisma.sql`${text}`;
  };
  const caseColumns = cases.map(
    (testCase) =>
      Prisma.sql`${testCase.systemPrompt}, ${json(testCase.turns)}, ${json(testCase.risks)}, ${testCase.language}, ${testCase.expected}, ${json(testCase.detectors)}`,
  );
  let rows = FIRST_CHUNK_ROWS;
  for (let start = 0; start < total; ) {
    const end = Math.min(start + rows, total);
    const values = [];
    for (let index = start; index < end; index++) {
      const caseIndex = Math.floor(index / repeats);
      values.push(Prisma.sql`(${caseRunId(campaignId, index)}, ${campaignId}, ${cases[caseIndex].id}, ${index % repeats}, ${caseColumns[caseIndex]})`);
    }
    const began = performance.now();
    await db.$executeRaw`INSERT INTO "CaseRun" ("id", "campaignId", "caseId", "repeat", "systemPrompt", "turns", "risks", "language", "expected", "detectors") VALUES ${Prisma.join(values)}`;
    const elapsed = performance.now() - began;
    start = end;
    rows = nextChunkRows(values.length, elapsed);
    await new Promise((resolve) => setTimeout(resolve, elapsed));
  }
  // Only now can a worker see it; a campaign cancelled meanwhile stays cancelled.
  await db.campaign.updateMany({ where: { id: campaignId, status: "CREATING" }, data: { status: "QUEUED" } });
  return total;
}
