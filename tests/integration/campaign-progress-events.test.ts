// The campaign page's live progress (GET /api/campaigns/{id}/events) is read from the database by
// polling, since workers may be other processes. Every open page is a subscriber: many of them on
// one campaign must cost the database what one does, and one that goes away must stop costing.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { progressEventStream } from "../../lib/campaigns/reads/progress-stream";
import { defaultModelSlug } from "../../lib/content/paths";
import { PrismaClient } from "../../lib/db/generated/sqlite/client";
import type { Db } from "../../lib/db/types";
import { campaignDatabase, newCampaign } from "./campaign-fixture";

let client: Db;
let campaignId: string;
const progressReads: number[] = [];

beforeAll(async () => {
  const { db, url } = await campaignDatabase();
  campaignId = await newCampaign(db, { modelSlug: defaultModelSlug, uses: ["U1"], casesPerSuite: 3 });
  // Running, with nothing changing: each subscriber keeps polling and sends nothing new.
  await db.campaign.update({ where: { id: campaignId }, data: { status: "RUNNING", startedAt: new Date() } });
  await db.$disconnect();
  // A client that logs each statement, to count the progress reads (one GROUP BY of the runs by status each).
  const logging = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url }), log: [{ emit: "event", level: "query" }] });
  client = logging as unknown as Db;
  logging.$on("query", (event) => {
    if (event.query.includes("GROUP BY `main`.`CaseRun`.`status`")) progressReads.push(Date.now());
  });
});

afterAll(async () => {
  await client.$disconnect();
});

/** Opens `pages` subscribers, reads each one's first event, and counts the progress reads over the next `ms`. */
async function readsWhileWatching(pages: number, ms: number): Promise<number> {
  const abort = new AbortController();
  const streams = await Promise.all(Array.from({ length: pages }, () => progressEventStream(client, campaignId, abort.signal)));
  const readers = streams.map((stream) => stream!.getReader());
  for (const reader of readers) expect(new TextDecoder().decode((await reader.read()).value)).toContain("event: progress");
  const from = Date.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const reads = progressReads.filter((at) => at >= from && at < from + ms).length;
  abort.abort();
  await Promise.all(readers.map((reader) => reader.cancel()));
  return reads;
}

describe("a campaign's live progress", () => {
  test("twenty pages watching one campaign read its progress from the database as often as one page does", async () => {
    const onePage = await readsWhileWatching(1, 2_500);
    const twentyPages = await readsWhileWatching(20, 2_500);
    expect(onePage).toBeGreaterThanOrEqual(2);
    expect(twentyPages).toBeLessThanOrEqual(onePage + 2);
  });

  test("a page that goes away stops reading", async () => {
    await readsWhileWatching(3, 1_000);
    const after = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(progressReads.filter((at) => at > after)).toEqual([]);
  });
});
