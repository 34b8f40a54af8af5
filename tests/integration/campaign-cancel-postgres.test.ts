// A cancel against a result write in flight, on PostgreSQL. The result write is one UPDATE guarded
// by the lease and by its campaign not being cancelled (commit-result.ts), but under READ COMMITTED
// that guard reads the campaign as of the statement's start: a write that began just before a cancel
// and waited on its run's row (a heartbeat renewing it) landed after the cancel had returned. The
// cancel now hands back the runs it stops, in its own transaction, so the two meet on the run's
// row lock: the write lands before the cancel returns, or finds the run handed back and is refused.
import { execFileSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadCampaignProgress } from "../../lib/campaigns/reads/campaign-progress";
import { commitResult } from "../../lib/campaigns/runner/commit-result";
import { leaseBatch } from "../../lib/campaigns/runner/lease";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { campaignPostgresDatabase, newCampaign, rita, smallCampaign } from "./campaign-fixture";
import { dropPostgresDatabase } from "../support/postgres-database";
import { postgresInstalled } from "../support/postgres-installed";
import { eventually } from "../support/eventually";

const root = path.resolve(import.meta.dirname, "../..");
const pgCtlFound = postgresInstalled("campaign-cancel-postgres");

describe.skipIf(!pgCtlFound)("a cancel and a result write on PostgreSQL", () => {
  let serverUrl = "";
  let url = "";
  const closers: (() => Promise<void>)[] = [];
  const connect = () => {
    const client = createDb(url);
    closers.push(() => client.$disconnect());
    return client;
  };
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
    url = await campaignPostgresDatabase(serverUrl, "cancel");
  }, 600_000);
  afterAll(async () => {
    for (const close of closers) await close();
    await dropPostgresDatabase(serverUrl, url);
  });

  /** A campaign with one run leased to worker "w", that run's row locked by another transaction (as a heartbeat's UPDATE holds it). */
  async function leasedRunHeldByAnother(db: Db) {
    const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 2 });
    const lease = await leaseBatch(db, { workerId: "w", size: 1, leaseMs: 60_000, campaignId });
    const runId = lease!.runs[0].id;
    const holder = await sqlClient();
    await holder.query("BEGIN");
    await holder.query(`SELECT 1 FROM "CaseRun" WHERE id = $1 FOR UPDATE`, [runId]);
    return { campaignId, runId, release: () => holder.query("COMMIT") };
  }

  async function statementsWaitingOnALock(watcher: pg.Client) {
    const { rows } = await watcher.query(
      "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    return rows[0].waiting as number;
  }

  /** `work`, its name added to `settled` as it settles: the order they returned in. */
  async function settling<T>(settled: string[], what: string, work: Promise<T>): Promise<T> {
    const outcome = await work;
    settled.push(what);
    return outcome;
  }

  const result = (runId: string) => ({
    output: {
      id: runId,
      text: "I cannot help with that.",
      promptTokens: 5,
      completionTokens: 6,
      finishReason: "stop" as const,
      latencyMs: 1,
      timeToFirstTokenMs: null,
    },
    verdict: "PASS" as const,
    findings: [],
  });

  test("a result write begun before a cancel lands before the cancel returns, never after it", async () => {
    const db = connect();
    const watcher = await sqlClient();
    const { campaignId, runId, release } = await leasedRunHeldByAnother(db);
    const settled: string[] = [];

    const written = settling(settled, "result", commitResult(connect(), "w", runId, result(runId)));
    await eventually(async () => (await statementsWaitingOnALock(watcher)) === 1, "the result write waiting on the run's row", 10_000);
    const cancelled = settling(settled, "cancel", controlCampaign(connect(), rita, { campaignId, action: "cancel" }));
    // The cancel returns, or it waits on the run's row behind the result write.
    await eventually(async () => settled.length > 0 || (await statementsWaitingOnALock(watcher)) === 2, "the cancel returned or waiting", 10_000);
    await release();

    expect(await cancelled).toMatchObject({ ok: true, status: "CANCELLED" });
    expect({ written: await written, settled }).toEqual({ written: true, settled: ["result", "cancel"] });
    expect(await loadCampaignProgress(db, campaignId)).toMatchObject({ status: "CANCELLED", done: 1, notRun: 1 });
  });

  test("a result write begun while a cancel is under way, its run's row taken by the cancel first, is refused", async () => {
    const db = connect();
    const watcher = await sqlClient();
    const { campaignId, runId, release } = await leasedRunHeldByAnother(db);
    const settled: string[] = [];

    const cancelled = settling(settled, "cancel", controlCampaign(connect(), rita, { campaignId, action: "cancel" }));
    await eventually(async () => settled.length > 0 || (await statementsWaitingOnALock(watcher)) === 1, "the cancel returned or waiting", 10_000);
    // Begun before the cancel commits: its guard reads the campaign not yet cancelled.
    const written = settling(settled, "result", commitResult(connect(), "w", runId, result(runId)));
    await eventually(async () => settled.length > 1 || (await statementsWaitingOnALock(watcher)) === 2, "the result write done or waiting", 10_000);
    await release();

    expect(await cancelled).toMatchObject({ ok: true, status: "CANCELLED" });
    expect(await written).toBe(false);
    expect(await db.caseRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "PENDING", output: null, verdict: null });
    expect(await loadCampaignProgress(db, campaignId)).toMatchObject({ status: "CANCELLED", done: 0, notRun: 2 });
  });
});
