// The campaign page's live progress (GET /api/campaigns/{id}/events) is read from the database by
// polling, since workers may be other processes. Every open page is a subscriber: many of them on
// one campaign must cost the database what one does, one that goes away must stop costing, and a
// person whose session ends while watching (disabled, signed out) must hear no more.
import { randomBytes } from "node:crypto";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { POST as authPost } from "../../app/api/auth/[...all]/route";
import { GET as campaignEvents } from "../../app/api/campaigns/[id]/events/route";
import { progressEventStream } from "../../lib/campaigns/reads/progress-stream";
import { defaultModelSlug } from "../../lib/content/paths";
import { closeDb } from "../../lib/db/client";
import { PrismaClient } from "../../lib/db/generated/sqlite/client";
import type { Db } from "../../lib/db/types";
import { createUser } from "../../lib/users/create-user";
import { setDisabled } from "../../lib/users/set-disabled";
import { campaignDatabase, newCampaign } from "./campaign-fixture";

const setup = { id: null, label: "setup", role: "ADMIN" } as const;
let db: Db;
let client: Db;
let campaignId: string;
const progressReads: number[] = [];

beforeAll(async () => {
  const fresh = await campaignDatabase();
  db = fresh.db;
  const url = fresh.url;
  process.env.DATABASE_URL = url;
  process.env.BETTER_AUTH_SECRET = randomBytes(32).toString("base64url");
  campaignId = await newCampaign(db, { modelSlug: defaultModelSlug, uses: ["U1"], casesPerSuite: 3 });
  // Running, with nothing changing: each subscriber keeps polling and sends nothing new.
  await db.campaign.update({ where: { id: campaignId }, data: { status: "RUNNING", startedAt: new Date() } });
  // A client that logs each statement, to count the progress reads (one GROUP BY of the runs by status each).
  const logging = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url }), log: [{ emit: "event", level: "query" }] });
  client = logging as unknown as Db;
  logging.$on("query", (event) => {
    if (event.query.includes("GROUP BY `main`.`CaseRun`.`status`")) progressReads.push(Date.now());
  });
});

afterAll(async () => {
  await client.$disconnect();
  await db.$disconnect();
  await closeDb();
  delete process.env.DATABASE_URL;
  delete process.env.BETTER_AUTH_SECRET;
});

/** Opens `pages` subscribers and reads each one's first event; `abort` and cancelling the readers close them. */
async function openPages(pages: number, signal: AbortSignal): Promise<ReadableStreamDefaultReader<Uint8Array>[]> {
  const streams = await Promise.all(Array.from({ length: pages }, () => progressEventStream(client, campaignId, signal, async () => true)));
  const readers = streams.map((stream) => stream!.getReader());
  for (const reader of readers) expect(new TextDecoder().decode((await reader.read()).value)).toContain("event: progress");
  return readers;
}

describe("a campaign's live progress", () => {
  test("twenty pages watching one campaign are all brought a change in its progress by one read of the database", async () => {
    const abort = new AbortController();
    const readers = await openPages(20, abort.signal);
    const run = await db.caseRun.findFirstOrThrow({ where: { campaignId } });
    const readsBefore = progressReads.length;

    // The progress moves on: a worker leases a run. The test waits, however long this machine takes,
    // until all twenty pages show it, and counts the reads made meanwhile, not those in a window of
    // time. Read per page, that is twenty. Shared, it is one; one more where a read was under way as
    // the lease was written, and one more where the machine stalled a whole second among one poll's
    // twenty wake-ups, so that the later pages found that poll's read already too old.
    await db.caseRun.update({ where: { id: run.id }, data: { status: "LEASED" } });
    const next = await Promise.all(readers.map((reader) => reader.read()));
    const readsToServeThem = progressReads.length - readsBefore;
    abort.abort();
    await Promise.all(readers.map((reader) => reader.cancel()));
    await db.caseRun.update({ where: { id: run.id }, data: { status: run.status } });

    for (const event of next) expect(new TextDecoder().decode(event.value)).toContain('"leased":1');
    expect(readsToServeThem).toBeLessThanOrEqual(3);
  });

  test("a page that goes away stops reading", async () => {
    const abort = new AbortController();
    const readers = await openPages(3, abort.signal);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    abort.abort();
    await Promise.all(readers.map((reader) => reader.cancel()));
    const after = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(progressReads.filter((at) => at > after)).toEqual([]);
  });
});

describe("a campaign's live progress watched by a person whose session ends", () => {
  test("a person disabled while watching hears no more progress: the stream ends", async () => {
    const vera = { email: "vera@progress.test", name: "Vera Viewer", role: "VIEWER", password: "vera-progress-password" } as const;
    const created = await createUser(db, setup, vera);
    if (!created.ok) throw new Error(created.message);
    const signedIn = await authPost(
      new Request("http://127.0.0.1/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: vera.email, password: vera.password }),
      }),
    );
    const cookie = signedIn.headers
      .getSetCookie()
      .map((line) => line.split(";")[0])
      .join("; ");
    const response = await campaignEvents(new Request(`http://127.0.0.1/api/campaigns/${campaignId}/events`, { headers: { host: "127.0.0.1", cookie } }), {
      params: Promise.resolve({ id: campaignId }),
    });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('"leased":0');

    const disabled = await setDisabled(db, setup, { user: { email: vera.email }, disabled: true });
    expect(disabled).toMatchObject({ ok: true, sessionsEnded: 1 });
    // The progress moves on: a worker leases a run.
    const run = await db.caseRun.findFirstOrThrow({ where: { campaignId } });
    await db.caseRun.update({ where: { id: run.id }, data: { status: "LEASED" } });

    const next = await reader.read();
    expect(next.done ? "the stream ended" : new TextDecoder().decode(next.value)).toBe("the stream ended");
  });
});
