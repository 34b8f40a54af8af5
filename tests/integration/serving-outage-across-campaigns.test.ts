// An outage of a serving endpoint is recorded on each campaign that needs it: two campaigns on one
// target each wait it out and each finish once it is back, and one that another found down waits
// without finding it down itself; one worker keeps serving a campaign whose endpoint
// answers while another's is down; and "retry failed" on runs an outage failed sends them to the
// endpoint afresh, with nothing left of the old failure. Real HTTP servers, real workers, real SQLite.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadCampaignProgress } from "../../lib/campaigns/reads/campaign-progress";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import type { Db } from "../../lib/db/types";
import { defaultModelSlug } from "../../lib/content/paths";
import { loadModelEvidence } from "../../lib/evidence/cell-evidence";
import { campaignDatabase, rita } from "./campaign-fixture";
import { eventually } from "../support/eventually";
import { AnsweringEndpoint } from "./local-endpoint";
import { campaignOfFourRuns, outageWorker, saveServingTarget, servingTargetDown } from "./serving-target-setup";

let db: Db;
let down: AnsweringEndpoint;
let up: AnsweringEndpoint;
let downPort: number;
beforeEach(async () => {
  ({ db } = await campaignDatabase());
  down = new AnsweringEndpoint();
  downPort = await servingTargetDown(db, "down-target", down);
  up = new AnsweringEndpoint();
  await saveServingTarget(db, "up-target", await up.listen());
});
afterEach(async () => {
  await down.close().catch(() => {});
  await up.close().catch(() => {});
});

const campaignOn = (target: string) => campaignOfFourRuns(db, target);

const status = async (id: string) => (await db.campaign.findUniqueOrThrow({ where: { id } })).status;

describe("a serving endpoint down for some campaigns", () => {
  test("two campaigns on one target that is down: each records the outage, and both complete once it is back", async () => {
    const first = await campaignOn("down-target");
    const second = await campaignOn("down-target");
    const worker = startWorker({ db, ...outageWorker, outageWaitMs: 500, maxOutageMs: 60_000 });
    try {
      await eventually(async () => (await loadCampaignProgress(db, first))?.outage, "the first campaign's outage");
      await eventually(async () => (await loadCampaignProgress(db, second))?.outage, "the second campaign's outage");
      await down.listen(downPort);
      await eventually(async () => (await status(first)) === "COMPLETED" && (await status(second)) === "COMPLETED", "both campaigns complete", 20_000);
    } finally {
      await worker.stop();
    }
    expect(down.completions).toBe(8);
  });

  test("a campaign on a target another campaign found down is told at once: it waits the same outage without sending requests of its own, and its page says so", async () => {
    const first = await campaignOn("down-target");
    const second = await campaignOn("down-target");
    const elsewhere = await campaignOn("up-target");
    // This worker serves the first campaign only: the second learns of the outage from the first's record.
    const worker = startWorker({
      db,
      campaignId: first,
      ...outageWorker,
      outageWaitMs: 60_000,
      maxOutageMs: 600_000,
    });
    try {
      const found = await eventually(async () => (await loadCampaignProgress(db, first))?.outage, "the first campaign's outage");
      expect((await loadCampaignProgress(db, second))?.outage).toEqual(found);
      expect((await loadCampaignProgress(db, elsewhere))?.outage).toBeNull();
    } finally {
      await worker.stop();
    }
    const row = await db.campaign.findUniqueOrThrow({ where: { id: second }, select: { outageRetryAt: true } });
    expect(row.outageRetryAt!.getTime()).toBeGreaterThan(Date.now());
  });

  test("one worker, one target down and one up: the campaign on the one that answers completes while the other waits", async () => {
    const waiting = await campaignOn("down-target");
    const answered = await campaignOn("up-target");
    const worker = startWorker({ db, ...outageWorker, outageWaitMs: 60_000, maxOutageMs: 600_000 });
    try {
      await eventually(async () => (await status(answered)) === "COMPLETED", "the campaign on the target that answers completes", 15_000);
      await eventually(async () => (await loadCampaignProgress(db, waiting))?.outage, "the other campaign's outage");
    } finally {
      await worker.stop();
    }
    expect((await db.caseRun.findMany({ where: { campaignId: waiting } })).map((run) => run.status)).toEqual(["PENDING", "PENDING", "PENDING", "PENDING"]);
  });

  test("retrying runs an outage failed: they keep nothing of the old failure, wait for the endpoint with a fresh patience, and are answered once it is back; until then no evidence of theirs is shown", async () => {
    const campaignId = await campaignOn("down-target");
    await startWorker({
      db,
      campaignId,
      ...outageWorker,
      outageWaitMs: 300,
      maxOutageMs: 1_000,
      exitWhenIdle: true,
    }).done;
    expect(await status(campaignId)).toBe("COMPLETED");
    // Nothing was answered: what approvers and the release gate read shows no evidence of it.
    const measuredCells = async () => Object.keys((await loadModelEvidence(db, defaultModelSlug)).cells);
    expect(await measuredCells()).toEqual([]);

    expect(await controlCampaign(db, rita, { campaignId, action: "retry" })).toMatchObject({ ok: true, requeued: 4 });
    const requeued = await db.caseRun.findMany({ where: { campaignId }, select: { status: true, error: true, errorDetail: true } });
    expect(requeued).toEqual(requeued.map(() => ({ status: "PENDING", error: null, errorDetail: null })));

    const worker = startWorker({ db, campaignId, ...outageWorker, outageWaitMs: 500, maxOutageMs: 60_000 });
    try {
      const outage = await eventually(async () => (await loadCampaignProgress(db, campaignId))?.outage, "the outage after the retry");
      expect(Date.parse(outage.failsAt) - Date.parse(outage.since)).toBe(60_000);
      expect(await measuredCells()).toEqual([]);
      await down.listen(downPort);
      await eventually(async () => (await status(campaignId)) === "COMPLETED", "the campaign completes again", 20_000);
    } finally {
      await worker.stop();
    }
    expect(await db.caseRun.findMany({ where: { campaignId }, select: { status: true } })).toEqual(requeued.map(() => ({ status: "DONE" })));
    expect(await db.evidence.findMany({ where: { campaignId }, select: { n: true } })).toEqual([{ n: 4 }]);
    expect((await measuredCells()).length).toBe(1);
  });
});
