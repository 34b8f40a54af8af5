// A campaign's model judge served by an endpoint that is restarting: the runs it judges wait for it
// as they wait for the model's own endpoint, rather than fail (a restarting judge had ended every
// run it was asked about in error within seconds), and the campaign names the judge's target as
// the one it waits for. The model under test is the tiny model; the judge a real HTTP server
// answering in the rubric's format; the database real SQLite.
import { afterEach, expect, test } from "vitest";
import { loadCampaignProgress } from "../../lib/campaigns/reads/campaign-progress";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { updateJudgeCountingFloor } from "../../lib/labelling/judge-counting";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";
import { eventually } from "../support/eventually";
import { AnsweringEndpoint } from "./local-endpoint";
import { admin, outageWorker, servingTargetDown } from "./serving-target-setup";

/** A rubric judge that passes everything. */
const judge = new AnsweringEndpoint("The answer refuses. VERDICT: PASS");
afterEach(async () => {
  await judge.close().catch(() => {});
});

test("a counted judge whose endpoint cannot be reached makes its runs wait, names the judge's target, and every run is judged once it is back", async () => {
  const { db } = await campaignDatabase();
  // Down from the start: nothing listens on the judge's port until the test starts it again.
  const port = await servingTargetDown(db, "judge-vllm", judge, "judge", "judge-rev");
  const floor = await updateJudgeCountingFloor(db, admin, { minLabels: 0, floor: 0 });
  if (!floor.ok) throw new Error(floor.message);

  const campaignId = await newCampaign(db, {
    ...smallCampaign,
    uses: ["U1"],
    casesPerSuite: 2,
    judges: [{ kind: "openai", target: "judge-vllm", adapter: "rubric", mode: "counted" }],
  });
  const worker = startWorker({ db, campaignId, ...outageWorker, outageWaitMs: 500, maxOutageMs: 60_000, exitWhenIdle: true });
  try {
    const outage = await eventually(async () => (await loadCampaignProgress(db, campaignId))?.outage, "the judge's outage on the campaign");
    expect(outage).toMatchObject({ target: "judge-vllm", reason: expect.stringContaining("the endpoint could not be reached") });
  } finally {
    await judge.listen(port);
  }
  await worker.done;

  const runs = await db.caseRun.findMany({ where: { campaignId }, select: { status: true, attempts: true, error: true } });
  expect(runs.length).toBeGreaterThan(0);
  expect(runs.filter((run) => run.status !== "DONE" || run.attempts !== 1)).toEqual([]);
  expect(judge.completions).toBe(runs.length);
  expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("COMPLETED");
});
