import { spawn } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "vitest";
import { sqliteFile } from "../../lib/db/url";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";
import { programArgs } from "../support/program-bundle";

const root = path.resolve(import.meta.dirname, "../..");
const settings = { ...smallCampaign, uses: ["U1", "U2"], casesPerSuite: 8, repeats: 2, sampling: { seed: 7, maxNewTokens: 16 } };

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test(
  "a worker whose SQLite database is locked by another writer for seconds logs it, keeps running and completes the campaign once the lock is released",
  async () => {
    const { db, url } = await campaignDatabase();
    const campaignId = await newCampaign(db, settings);
    // `npm run worker` as its own process, with a busy timeout far shorter than the lock, so the
    // lock reaches the worker as SQLITE_BUSY instead of as a wait inside the driver.
    const worker = spawn(process.execPath, [...programArgs("cli/worker.ts"), "--campaign", campaignId, "--batch", "4", "--exit-when-idle"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, RISKLEDGER_SQLITE_BUSY_TIMEOUT_MS: "100" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let log = "";
    worker.stderr.on("data", (chunk) => (log += String(chunk)));
    const exited = new Promise<number | null>((resolve) => worker.on("exit", (code) => resolve(code)));

    await until("the worker to hold a lease after writing results", async () => {
      const [done, leased] = await Promise.all([
        db.caseRun.count({ where: { campaignId, status: "DONE" } }),
        db.caseRun.count({ where: { campaignId, status: "LEASED" } }),
      ]);
      return done > 0 && leased > 0;
    });
    const lock = new Database(sqliteFile(url));
    lock.exec("BEGIN EXCLUSIVE");
    await new Promise((resolve) => setTimeout(resolve, 3000));
    lock.exec("ROLLBACK");
    lock.close();
    const duringLock = log;
    expect(worker.exitCode, `the worker exited while the database was locked:\n${log}`).toBeNull();

    expect(await exited, log).toBe(0);
    expect(duringLock).toMatch(/failed on a transient database error \(database is locked \(SQLITE_BUSY\)\); retrying in \d+ ms/);
    expect(log).toMatch(/the database answered after \d+ retr/);
    expect(log).toContain(`campaign ${campaignId} completed`);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("COMPLETED");
    // The lock was far shorter than a lease: every run was generated once and written by its first lease.
    const runs = await db.caseRun.findMany({ where: { campaignId }, select: { status: true, attempts: true } });
    expect(runs).toHaveLength(32);
    expect(runs.filter((run) => run.status !== "DONE" || run.attempts !== 1)).toEqual([]);
  },
  10 * 60_000,
);
