// A case run's case is what its output answered and what its evidence counted: deleting a case that
// has runs would take them out of earlier campaigns, whose evidence still counts them. The database
// refuses it (CaseRun -> TestCase is onDelete: Restrict; suites retire a case, lib/suites/sync-suites.ts).
// Deleting a whole model still goes through: its campaigns, and with them their runs, go too.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { defaultModelSlug } from "../../lib/content/paths";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { dropPostgresDatabase } from "../support/postgres-database";
import { postgresInstalled } from "../support/postgres-installed";
import { campaignDatabase, campaignPostgresDatabase, newCampaign, refusingBackend, smallCampaign } from "./campaign-fixture";

const root = path.resolve(import.meta.dirname, "../..");

async function ranCampaign(db: Db): Promise<string> {
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 2 });
  await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 20, openBackend: async (campaign) => refusingBackend(campaign.modelRevision) }).done;
  return campaignId;
}

function theCaseRunsCase(open: () => Promise<Db>) {
  test("a case with runs in a campaign cannot be deleted, and its runs stay", async () => {
    const db = await open();
    const campaignId = await ranCampaign(db);
    const run = await db.caseRun.findFirstOrThrow({ where: { campaignId } });
    await expect(db.testCase.delete({ where: { id: run.caseId } })).rejects.toThrow(/foreign key/i);
    expect(await db.caseRun.count({ where: { campaignId } })).toBe(2);
    expect(await db.testCase.count({ where: { id: run.caseId } })).toBe(1);
  });

  test("a model deleted whole takes its campaigns, their runs and its cases with it", async () => {
    const db = await open();
    const campaignId = await ranCampaign(db);
    await db.model.delete({ where: { slug: defaultModelSlug } });
    expect({ campaigns: await db.campaign.count(), runs: await db.caseRun.count({ where: { campaignId } }), cases: await db.testCase.count() }).toEqual({
      campaigns: 0,
      runs: 0,
      cases: 0,
    });
  });
}

describe("on SQLite", () => {
  theCaseRunsCase(async () => (await campaignDatabase()).db);
});

describe.skipIf(!postgresInstalled("case-run-keeps-its-case"))("on PostgreSQL", () => {
  const opened: { url: string; db: Db }[] = [];
  let serverUrl = "";
  afterAll(async () => {
    for (const { url, db } of opened) {
      await db.$disconnect();
      await dropPostgresDatabase(serverUrl, url);
    }
  });
  theCaseRunsCase(async () => {
    serverUrl ||= execFileSync("bash", ["tests/pg/start-postgres.sh", "PG_URL"], { cwd: root, encoding: "utf8" })
      .trim()
      .replace(/^export PG_URL=/, "");
    const url = await campaignPostgresDatabase(serverUrl, `keeps${opened.length}`);
    const db = createDb(url);
    opened.push({ url, db });
    return db;
  });
});
