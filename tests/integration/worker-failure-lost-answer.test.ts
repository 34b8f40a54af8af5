// The write of a failed attempt that the database commits, but whose answer an outage cuts, is tried again, and the
// second try finds its run no longer leased. Seen (stop 49, left alone then): the worker counted such an attempt as
// discarded, "0 attempts failed ... 1 discarded", as if another worker had taken the run, though the run was written.
import { describe, expect, test } from "vitest";
import type { Backend } from "../../engine/backend";
import { commitFailure, failureWrittenByAnEarlierTry } from "../../lib/campaigns/runner/commit-result";
import { leaseBatch } from "../../lib/campaigns/runner/lease";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import type { Db } from "../../lib/db/types";
import { caseRunWriteAnswerLostOnce } from "./answer-lost-once";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";

/** A backend written in the test whose generation always fails, as an engine that crashes on every batch. */
const crashingBackend = (modelRevision: string): Backend => ({
  name: "crashing",
  modelRevision,
  // biome-ignore lint/correctness/useYield: it fails before its first answer
  async *generate() {
    throw new Error("the engine crashed");
  },
  close: async () => {},
});

/** The first write of a failed attempt commits, and its answer never reaches the worker. */
const failureAnswerLostOnce = (db: Db) => caseRunWriteAnswerLostOnce(db, (args) => typeof args.data?.error === "string");

async function oneRunCampaign(db: Db) {
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], risks: ["R2"], casesPerSuite: 1 });
  const { modelRevision } = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  return { campaignId, modelRevision };
}

describe("a failed attempt whose write lost its answer", () => {
  test("counts as failed, not discarded, where it ended the run in error", async () => {
    const { db } = await campaignDatabase();
    const { campaignId, modelRevision } = await oneRunCampaign(db);
    const logs: string[] = [];
    const summary = await startWorker({
      db: failureAnswerLostOnce(db),
      campaignId,
      exitWhenIdle: true,
      idlePollMs: 50,
      maxAttempts: 1,
      openBackend: async () => crashingBackend(modelRevision),
      onLog: (line) => logs.push(line),
    }).done;

    expect(logs.some((line) => /recording a failed run.*retrying in \d+ ms/.test(line))).toBe(true);
    expect({ failed: summary.failed, discarded: summary.discarded }).toEqual({ failed: 1, discarded: 0 });
    const run = await db.caseRun.findFirstOrThrow({ where: { campaignId } });
    expect([run.status, run.error]).toEqual(["ERROR", "Error: the engine crashed"]);
  });

  test("counts as failed, not discarded, where it put the run back for another attempt", async () => {
    const { db } = await campaignDatabase();
    const { campaignId, modelRevision } = await oneRunCampaign(db);
    const summary = await startWorker({
      db: failureAnswerLostOnce(db),
      campaignId,
      exitWhenIdle: true,
      idlePollMs: 50,
      maxAttempts: 2,
      openBackend: async () => crashingBackend(modelRevision),
    }).done;

    expect({ failed: summary.failed, discarded: summary.discarded }).toEqual({ failed: 2, discarded: 0 });
    const run = await db.caseRun.findFirstOrThrow({ where: { campaignId } });
    expect([run.status, run.attempts]).toEqual(["ERROR", 2]);
  });

  test("still counts as not written where another worker took the run over", async () => {
    const { db } = await campaignDatabase();
    const { campaignId } = await oneRunCampaign(db);
    const stalled = await leaseBatch(db, { workerId: "stalled", size: 1, leaseMs: 1, campaignId });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await leaseBatch(db, { workerId: "takeover", size: 1, leaseMs: 60_000, campaignId });
    const run = stalled!.runs[0];
    for (const maxAttempts of [1, 3]) {
      expect(await commitFailure(db, "stalled", run.id, "the engine crashed", run.attempts, maxAttempts)).toBe(false);
      expect(await failureWrittenByAnEarlierTry(db, "stalled", run.id, "the engine crashed", run.attempts, maxAttempts)).toBe(false);
    }
    expect(await db.caseRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "LEASED", leaseOwner: "takeover", error: null });
  });
});
