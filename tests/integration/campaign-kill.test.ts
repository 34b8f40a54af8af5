import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";
import { tallyCampaign } from "../../lib/evidence/campaign-aggregate";
import type { Db } from "../../lib/db/types";
import { campaignDatabase, newCampaign, runCampaign, runsByCase, smallCampaign } from "./campaign-fixture";
import { programArgs } from "../support/program-bundle";

const root = path.resolve(import.meta.dirname, "../..");
const settings = { ...smallCampaign, uses: ["U1", "U2"], casesPerSuite: 8, repeats: 2, sampling: { seed: 7, maxNewTokens: 16 } };
// Long enough that a busy machine does not starve a live worker's heartbeat into losing its lease.
const leaseMs = 4000;

/** `npm run worker` as its own process, on one campaign, stopping when nothing is left. */
function workerProcess(databaseUrl: string, campaignId: string): { child: ChildProcess; exited: Promise<number | null>; log: string[] } {
  const child = spawn(
    process.execPath,
    [...programArgs("cli/worker.ts"), "--campaign", campaignId, "--batch", "4", "--lease-ms", String(leaseMs), "--exit-when-idle"],
    { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "ignore", "pipe"] },
  );
  const log: string[] = [];
  child.stderr!.on("data", (chunk) => log.push(String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, log };
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const ownerOf = (pid: number) => ({ contains: `:${pid}:` });
const doneCount = (db: Db, campaignId: string) => db.caseRun.count({ where: { campaignId, status: "DONE" } });

test(
  "a worker process killed mid-run loses nothing and duplicates nothing: the other finishes and the counts match an uninterrupted run",
  async () => {
    const { db, url } = await campaignDatabase();
    const campaignId = await newCampaign(db, settings);
    const total = await db.caseRun.count({ where: { campaignId } });
    expect(total).toBe(32);

    const victim = workerProcess(url, campaignId);
    const survivor = workerProcess(url, campaignId);
    // Kill the victim while it holds a batch and has already written some results.
    await until("the victim to hold a lease after writing results", async () => {
      const [written, held] = await Promise.all([
        db.caseRun.count({ where: { campaignId, status: "DONE", leaseOwner: ownerOf(victim.child.pid!) } }),
        db.caseRun.count({ where: { campaignId, status: "LEASED", leaseOwner: ownerOf(victim.child.pid!) } }),
      ]);
      if (written < 1 || held < 2) return false;
      victim.child.kill("SIGKILL");
      return true;
    });
    expect(await victim.exited).toBeNull();
    // What the dead worker still held: usually its whole batch (it may have written part of it
    // in the moment before the kill).
    const abandoned = (
      await db.caseRun.findMany({ where: { campaignId, status: "LEASED", leaseOwner: ownerOf(victim.child.pid!) }, select: { id: true } })
    ).map((run) => run.id);
    expect(await doneCount(db, campaignId)).toBeLessThan(total);

    expect(await survivor.exited).toBe(0);
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(campaign.status).toBe("COMPLETED");

    // Exactly one result per case x repeat, and the runs the victim held were finished by the survivor.
    const runs = await db.caseRun.findMany({ where: { campaignId } });
    expect(runs).toHaveLength(total);
    expect(runs.filter((run) => run.status !== "DONE" || run.output === null)).toEqual([]);
    const taken = runs.filter((run) => abandoned.includes(run.id));
    expect(taken).toHaveLength(abandoned.length);
    expect(taken.every((run) => run.leaseOwner!.includes(`:${survivor.child.pid}:`) && run.attempts === 2)).toBe(true);
    expect(survivor.log.join("")).toContain(`campaign ${campaignId} completed`);

    // The same settings and seed without a kill give the same per-cell counts, and the same outputs.
    const uninterrupted = await runCampaign(db, settings);
    expect(await tallyCampaign(db, campaignId)).toEqual(await tallyCampaign(db, uninterrupted));
    const [killed, clean] = await Promise.all([runsByCase(db, campaignId), runsByCase(db, uninterrupted)]);
    for (const [key, run] of clean) expect({ key, output: killed.get(key)!.output }).toEqual({ key, output: run.output });
    const evidenceRows = await db.evidence.count({ where: { campaignId } });
    expect(evidenceRows).toBe((await tallyCampaign(db, campaignId)).length);
  },
  15 * 60_000,
);
