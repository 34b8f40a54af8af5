import { execFileSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { leaseBatch } from "../../lib/campaigns/runner/lease";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { campaignPostgresDatabase, newCampaign, smallCampaign } from "./campaign-fixture";
import { dropPostgresDatabase } from "../support/postgres-database";
import { postgresInstalled } from "../support/postgres-installed";
import { runCli, startCli } from "../support/run-cli";

const root = path.resolve(import.meta.dirname, "../..");
const pgCtlFound = postgresInstalled("campaign-postgres");

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Seconds from `earlier` to `later`, two times of day given as HH:MM:SS less than a day apart, across midnight too. */
function secondsAfter(earlier: string, later: string) {
  const seconds = (time: string) => time.split(":").reduce((total, part) => total * 60 + Number(part), 0);
  return (seconds(later) - seconds(earlier) + 86_400) % 86_400;
}

/** A Date's time of day in UTC as HH:MM:SS, as the CLI writes it. */
const timeOfDay = (date: Date) => date.toISOString().slice(11, 19);

/**
 * A TCP relay to the test cluster that can be cut, as a restart of PostgreSQL looks to its clients
 * (open connections dropped, new ones refused), without stopping the cluster other files share.
 */
async function cuttableRelay(serverUrl: string) {
  const target = new URL(serverUrl);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ]) {
      sockets.add(from);
      from.pipe(to);
      from.on("error", () => to.destroy());
      from.on("close", () => {
        sockets.delete(from);
        to.destroy();
      });
    }
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: (databaseUrl: string) => Object.assign(new URL(databaseUrl), { port: String(port) }).toString(),
    cut: () => {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
    restore: () => listen(port),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

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
    serverUrl = execFileSync("bash", ["tests/pg/start-postgres.sh", "PG_URL"], { cwd: root, encoding: "utf8" })
      .trim()
      .replace(/^export PG_URL=/, "");
    url = await campaignPostgresDatabase(serverUrl, "campaign");
  }, 600_000);
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.$disconnect()));
    await dropPostgresDatabase(serverUrl, url);
  });

  test("two connections leasing at the same time never get the same run", async () => {
    const campaignId = await newCampaign(connect(), { ...smallCampaign, uses: ["U1", "U2", "U3", "U4"], casesPerSuite: 10 });
    const taken = await Promise.all(
      [connect(), connect()].map(async (connection, index) => {
        const ids: string[] = [];
        const options = { workerId: `worker-${index}`, size: 3, leaseMs: 60_000, campaignId };
        for (let lease = await leaseBatch(connection, options); lease; lease = await leaseBatch(connection, options)) {
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

  test("a small campaign created after a big one is leased in turn with it, not after it", async () => {
    const db = connect();
    const big = await newCampaign(db, { ...smallCampaign, uses: ["U1", "U2", "U3", "U4"], casesPerSuite: 10 });
    const small = await newCampaign(db, { ...smallCampaign, uses: ["U2"], casesPerSuite: 6 });
    const turns: string[] = [];
    // Only these two: the campaigns of the tests before are finished or hold nothing claimable.
    const options = { workerId: "only-worker", size: 4, leaseMs: 60_000 };
    for (let lease = await leaseBatch(db, options); lease; lease = await leaseBatch(db, options)) {
      if (lease.campaignId === big || lease.campaignId === small) turns.push(lease.campaignId === big ? "big" : "small");
      // A worker spends far longer than a millisecond on a batch, and turns are stamped in milliseconds.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(turns).toEqual(["big", "small", "big", "small", ...Array(8).fill("big")]);
  });

  test("a worker whose runs another session holds locked past its lock timeout logs it, keeps running and completes the campaign", async () => {
    const db = connect();
    const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1", "U2"], casesPerSuite: 8, repeats: 2, sampling: { seed: 7, maxNewTokens: 16 } });
    // The worker's connections give up on a lock after 100 ms, so the lock reaches the worker as an error.
    const impatient = createDb(Object.assign(new URL(url), { search: `?options=${encodeURIComponent("-c lock_timeout=100")}` }).toString());
    clients.push(impatient);
    const log: string[] = [];
    const worker = startWorker({ db: impatient, campaignId, batchSize: 4, exitWhenIdle: true, idlePollMs: 100, onLog: (message) => log.push(message) });
    let exited = false;
    void worker.done.finally(() => (exited = true)).catch(() => {});

    await until("the worker to hold a lease after writing results", async () => {
      const [done, leased] = await Promise.all([
        db.caseRun.count({ where: { campaignId, status: "DONE" } }),
        db.caseRun.count({ where: { campaignId, status: "LEASED" } }),
      ]);
      return done > 0 && leased > 0;
    });
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    await locker.query("BEGIN");
    await locker.query('LOCK TABLE "CaseRun" IN EXCLUSIVE MODE');
    // Held until the worker has run into it and said it will try again, however long that takes.
    await until("the worker to retry past the lock", async () => log.some((message) => message.includes("due to lock timeout")));
    await locker.query("ROLLBACK");
    await locker.end();
    expect(exited, log.join("\n")).toBe(false);

    const summary = await worker.done;
    expect(log.join("\n")).toMatch(/failed on a transient database error \(canceling statement due to lock timeout \(55P03\)\); retrying in \d+ ms/);
    expect(summary.committed).toBe(32);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("COMPLETED");
    const runs = await db.caseRun.findMany({ where: { campaignId }, select: { status: true, attempts: true } });
    expect(runs.filter((run) => run.status !== "DONE" || run.attempts !== 1)).toEqual([]);
  });

  test("campaign run on PostgreSQL never sends a query on a connection still busy with another (pg 9 refuses that; pg 8 warns)", async () => {
    const args = ["run", "--uses", "U1,U2", "--cases-per-suite", "4", "--max-new-tokens", "16", "--seed", "5", "--batch", "4", "--json"];
    const result = await runCli("cli/campaign.ts", args, url);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: "COMPLETED", errors: 0 });
    expect(result.stderr).not.toContain("already executing a query");
  }, 120_000);

  test("campaign run waits out a database restart mid-campaign, says once that it waits and since when, says it resumed, and reports the campaign it completed", async () => {
    const db = connect();
    const relay = await cuttableRelay(serverUrl);
    const startedAt = new Date();
    const args = ["run", "--uses", "U1,U2", "--cases-per-suite", "8", "--max-new-tokens", "48", "--seed", "11", "--batch", "4", "--json"];
    const running = startCli("cli/campaign.ts", args, relay.url(url));
    let exited = false;
    void running.done.finally(() => (exited = true)).catch(() => {});
    await until("the campaign to have written results", async () => {
      const campaign = await db.campaign.findFirst({ where: { createdAt: { gte: startedAt } }, select: { id: true } });
      return campaign !== null && (await db.caseRun.count({ where: { campaignId: campaign.id, status: "DONE" } })) > 0;
    });
    const cutAt = new Date();
    relay.cut();
    // Down until the CLI has noticed, however late a busy machine lets it, and then 2 s more: the
    // wait it reports can then be no shorter than that.
    await until("the CLI to say it waits for the database", async () => {
      if (exited) throw new Error(`campaign run ended before it waited for the database:\n${running.stderr()}`);
      return running.stderr().includes("Waiting for the database");
    });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const restoredAt = new Date();
    await relay.restore();
    const result = await running.done;
    await relay.close();

    expect(result.stderr).not.toMatch(/^\s+at /m);
    // One line for the wait however many queries were tried meanwhile, not a line per retry.
    const waits = [
      ...result.stderr.matchAll(/^Waiting for the database: .+\. Not answering since (\d\d:\d\d:\d\d) UTC; the campaign goes on when it answers\.$/gm),
    ];
    expect(waits, result.stderr).toHaveLength(1);
    expect(result.stderr).not.toMatch(/retrying in \d+ ms/);
    // Since a moment from the cut to the restore, in whole seconds as the line gives it (a stamp
    // before the cut would come out nearly a day after it).
    const [cut, since, restored] = [timeOfDay(cutAt), waits[0][1], timeOfDay(restoredAt)];
    expect(secondsAfter(cut, since), `cut at ${cut}, waiting since ${since}, restored at ${restored}`).toBeLessThanOrEqual(secondsAfter(cut, restored));
    const resumed = result.stderr.match(/^the database answers again after (\d+) s; the campaign goes on$/m);
    expect(resumed, result.stderr).not.toBeNull();
    expect(result.stderr.indexOf(resumed![0])).toBeGreaterThan(waits[0].index!);
    expect(Number(resumed![1])).toBeGreaterThanOrEqual(2);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ status: "COMPLETED", runs: 16, done: 16, errors: 0 });
    const runs = await db.caseRun.findMany({ where: { campaignId: report.campaignId }, select: { status: true, attempts: true } });
    expect(runs.filter((run) => run.status !== "DONE" || run.attempts !== 1)).toEqual([]);
    expect(await db.auditEvent.count({ where: { action: "campaign.complete", entityId: report.campaignId } })).toBe(1);
  }, 120_000);

  test("through a long database outage no retry of a worker waits longer than 5 s, and the worker resumes once the database is back", async () => {
    const db = connect();
    const relay = await cuttableRelay(serverUrl);
    const viaRelay = createDb(relay.url(url));
    clients.push(viaRelay);
    const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1", "U2"], casesPerSuite: 8, sampling: { seed: 7, maxNewTokens: 48 } });
    const log: { at: number; message: string }[] = [];
    // Leases that outlast the outage, so the runs this worker holds wait for it and for no other.
    const worker = startWorker({
      db: viaRelay,
      campaignId,
      batchSize: 4,
      leaseMs: 120_000,
      exitWhenIdle: true,
      idlePollMs: 100,
      onLog: (message) => log.push({ at: Date.now(), message }),
    });
    await until("the worker to have written results", async () => (await db.caseRun.count({ where: { campaignId, status: "DONE" } })) > 0);
    // Down until one operation has been retried seven times: its seventh wait would be 8-16 s had
    // the backoff no cap of a few seconds (retry-transient.ts doubles it from 250 ms).
    relay.cut();
    await until("one operation to have been retried seven times", async () => {
      const retries = new Map<string, number>();
      for (const { message } of log) {
        const what = message.match(/^(.*) failed on a transient database error/)?.[1];
        if (what !== undefined) retries.set(what, (retries.get(what) ?? 0) + 1);
      }
      return Math.max(0, ...retries.values()) >= 7;
    });
    await relay.restore();
    const restoredAt = Date.now();
    const summary = await worker.done;
    await relay.close();

    const trace = log.map(({ at, message }) => `${at - restoredAt} ms: ${message}`).join("\n");
    const waits = log.flatMap(({ message }) => [...message.matchAll(/retrying in (\d+) ms/g)].map((match) => Number(match[1])));
    expect(waits.length, trace).toBeGreaterThanOrEqual(6);
    expect(Math.max(...waits), trace).toBeLessThanOrEqual(5_000);
    const resumed = log.find(({ at, message }) => at >= restoredAt && /the database answered after \d+ retr/.test(message));
    expect(resumed, trace).toBeDefined();
    expect(summary.committed).toBe(16);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("COMPLETED");
  }, 120_000);

  test("a worker given a database that does not exist, or a role it may not log in as, says which in one line and stops", async () => {
    const missing = Object.assign(new URL(url), { pathname: "/riskledger_nowhere" }).toString();
    const stranger = Object.assign(new URL(url), { username: "nobody" }).toString();
    const cases = [
      [missing, /database "riskledger_nowhere" does not exist \(3D000\); check DATABASE_URL/],
      [stranger, /role "nobody" does not exist \(28000\); check DATABASE_URL/],
    ] as const;
    // Both at once: neither gets a connection to write with.
    const results = await Promise.all(cases.map(([databaseUrl]) => runCli("cli/worker.ts", ["--exit-when-idle"], databaseUrl)));
    for (const [index, [, problem]] of cases.entries()) {
      const result = results[index];
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(problem);
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
  }, 60_000);
});
