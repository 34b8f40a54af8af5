// An override counts only once a second person confirms it. On PostgreSQL the confirmation read the
// proposal, checked who made it, then wrote "confirmed" unguarded: a proposal replaced in between
// (here by the confirmer's own, its UPDATE holding the run's row while the confirmation read) was the
// one confirmed, so a reviewer confirmed their own override, or one they had never seen.
import { execFileSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { confirmOverride, overrideVerdict } from "../../lib/campaigns/scoring/override";
import { createDb } from "../../lib/db/client";
import { campaignPostgresDatabase, newCampaign, smallCampaign, twoReviewers } from "./campaign-fixture";
import { dropPostgresDatabase } from "../support/postgres-database";
import { postgresInstalled } from "../support/postgres-installed";
import { eventually } from "../support/eventually";

const root = path.resolve(import.meta.dirname, "../..");
const pgCtlFound = postgresInstalled("override-confirm-race-postgres");

describe.skipIf(!pgCtlFound)("confirming an override on PostgreSQL", () => {
  let serverUrl = "";
  let url = "";
  const closers: (() => Promise<void>)[] = [];
  const sqlClient = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    closers.push(() => client.end());
    return client;
  };

  beforeAll(async () => {
    serverUrl = execFileSync("bash", ["tests/pg/start-postgres.sh", "PG_URL"], { cwd: root, encoding: "utf8" })
      .trim()
      .replace(/^export PG_URL=/, "");
    url = await campaignPostgresDatabase(serverUrl, "override");
  }, 600_000);
  afterAll(async () => {
    for (const close of closers) await close();
    await dropPostgresDatabase(serverUrl, url);
  });

  test("a proposal replaced while it was being confirmed is not confirmed: the confirmer is told, and their own proposal stays pending", async () => {
    const db = createDb(url);
    closers.push(() => db.$disconnect());
    const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 1 });
    await db.caseRun.updateMany({ where: { campaignId }, data: { status: "DONE", verdict: "FAIL", finishedAt: new Date() } });
    await db.campaign.update({ where: { id: campaignId }, data: { status: "COMPLETED", finishedAt: new Date() } });
    const [run] = await db.caseRun.findMany({ where: { campaignId }, select: { id: true } });
    const { proposer, confirmer } = await twoReviewers(db);
    expect(await overrideVerdict(db, proposer, { caseRunId: run.id, verdict: "PASS", reason: "the answer refuses" })).toEqual({ ok: true, pending: true });

    // The confirmer's own proposal is being written, its UPDATE holding the run's row, as they confirm.
    const theirs = await sqlClient();
    await theirs.query("BEGIN");
    await theirs.query(
      `UPDATE "CaseRun" SET "overrideVerdict" = 'FAIL', "overrideReason" = 'it complies', "overrideById" = $2, "overrideAt" = now() WHERE id = $1`,
      [run.id, confirmer.id],
    );
    const confirming = confirmOverride(db, confirmer, { caseRunId: run.id });
    const watcher = await sqlClient();
    const waitingOnALock = async () =>
      (await watcher.query("SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0]
        .waiting as number;
    await eventually(async () => (await waitingOnALock()) === 1, "the confirmation waiting on the run's row", 10_000);
    await theirs.query("COMMIT");

    expect(await confirming).toMatchObject({ ok: false, kind: "conflict" });
    expect(await db.caseRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      overrideVerdict: "FAIL",
      overrideById: confirmer.id,
      overrideConfirmedById: null,
      overrideConfirmedAt: null,
    });
  });
});
