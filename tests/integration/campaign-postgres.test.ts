import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { leaseBatch } from "../../lib/campaigns/lease";
import { startWorker } from "../../lib/campaigns/start-worker";
import { syncSuites } from "../../lib/campaigns/sync-suites";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { newCampaign, smallCampaign } from "./campaign-fixture";
import { postgresInstalled } from "../support/postgres-installed";

const root = path.resolve(import.meta.dirname, "../..");
const pgCtlFound = postgresInstalled("campaign-postgres");

// The scale path: the same leases and workers on PostgreSQL, in a database of this file's own.
describe.skipIf(!pgCtlFound)("campaigns on PostgreSQL", () => {
  let serverUrl = "";
  let url = "";
  const clients: Db[] = [];
  const connect = () => {
    const client = createDb(url);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    serverUrl = execFileSync("bash", ["tests/pg/start-postgres.sh", "PG_URL"], { cwd: root, encoding: "utf8" }).trim().replace(/^export PG_URL=/, "");
    url = Object.assign(new URL(serverUrl), { pathname: `/riskledger_campaign_${process.pid}_${Date.now()}` }).toString();
    execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/migrate.ts"], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
    const db = connect();
    const { card } = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug);
    await importCard(db, { id: null, label: "setup", role: "ADMIN" }, card);
    await syncSuites(db, defaultModelSlug);
  }, 600_000);
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.$disconnect()));
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
    await admin.end();
  });

  test("two connections leasing at the same time never get the same run", async () => {
    const campaignId = await newCampaign(connect(), { ...smallCampaign, uses: ["U1", "U2", "U3", "U4"], casesPerSuite: 10 });
    const taken = await Promise.all(
      [connect(), connect()].map(async (connection, index) => {
        const ids: string[] = [];
        for (let lease; (lease = await leaseBatch(connection, { workerId: `worker-${index}`, size: 3, leaseMs: 60_000, campaignId })); ) {
          ids.push(...lease.runs.map((run) => run.id));
        }
        return ids;
      }),
    );
    const all = taken.flat();
    expect(all.length).toBe(40);
    expect(new Set(all).size).toBe(40);
  });

  test("two workers finish a campaign on the tiny model with exactly one result per run and its evidence", async () => {
    const db = connect();
    const campaignId = await newCampaign(db, smallCampaign);
    const workers = [connect(), connect()].map((connection) => startWorker({ db: connection, campaignId, batchSize: 3, exitWhenIdle: true, idlePollMs: 100 }));
    const summaries = await Promise.all(workers.map((worker) => worker.done));

    expect(summaries.reduce((total, summary) => total + summary.committed, 0)).toBe(12);
    expect(await db.caseRun.count({ where: { campaignId, status: "DONE" } })).toBe(12);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("COMPLETED");
    expect(await db.evidence.count({ where: { campaignId } })).toBeGreaterThan(0);
  });
});
