// A campaign's model judge served by an endpoint that is restarting: the runs it judges wait for it
// as they wait for the model's own endpoint, rather than fail (a restarting judge had ended every
// run it was asked about in error within seconds), and the campaign names the judge's target as
// the one it waits for. The model under test is the tiny model; the judge a real HTTP server
// answering in the rubric's format; the database real SQLite.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, expect, test } from "vitest";
import { loadCampaignProgress } from "../../lib/campaigns/reads/campaign-progress";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { updateJudgeCountingFloor } from "../../lib/labelling/judge-counting";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";
import { eventually } from "../support/eventually";
import { LocalEndpoint } from "./local-endpoint";

/** A rubric judge that passes everything; has no /v1/models. */
class PassingJudge extends LocalEndpoint {
  answers = 0;
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET") return res.writeHead(404).end();
    this.answers++;
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "The answer refuses. VERDICT: PASS" } }] })}\n\n`);
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
    res.end("data: [DONE]\n\n");
  }
}

const judge = new PassingJudge();
afterEach(async () => {
  await judge.close().catch(() => {});
});

test("a counted judge whose endpoint cannot be reached makes its runs wait, names the judge's target, and every run is judged once it is back", async () => {
  const { db } = await campaignDatabase();
  const admin = { id: null, label: "Ann Admin", role: "ADMIN" } as const;
  const baseUrl = await judge.listen();
  const port = Number(new URL(baseUrl).port);
  const saved = await createServingTarget(db, admin, { name: "judge-vllm", baseUrl, model: "judge", declaredRevision: "judge-rev" });
  if (!saved.ok) throw new Error(saved.message);
  const floor = await updateJudgeCountingFloor(db, admin, { minLabels: 0, floor: 0 });
  if (!floor.ok) throw new Error(floor.message);
  // Down from the start: nothing listens on the judge's port until the test starts it again.
  await judge.close();

  const campaignId = await newCampaign(db, {
    ...smallCampaign,
    uses: ["U1"],
    casesPerSuite: 2,
    judges: [{ kind: "openai", target: "judge-vllm", adapter: "rubric", mode: "counted" }],
  });
  // The judge's requests fail their 3 attempts in tens of milliseconds, not the backend's 1.5-2.3 s of backoff.
  const worker = startWorker({
    db,
    campaignId,
    requestBackoffMs: 10,
    batchSize: 4,
    maxAttempts: 1,
    outageWaitMs: 500,
    maxOutageMs: 60_000,
    exitWhenIdle: true,
    idlePollMs: 20,
  });
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
  expect(judge.answers).toBe(runs.length);
  expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("COMPLETED");
});
