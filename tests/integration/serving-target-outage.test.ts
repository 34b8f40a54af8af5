// A serving engine that cannot be reached for a while (restarting, as vLLM does for minutes): the
// campaign's runs wait for it rather than burn their attempts, and are answered once it is back;
// one that stays away past the worker's patience fails its runs naming why. Real HTTP servers.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import type { Db } from "../../lib/db/types";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";
import { LocalEndpoint } from "./local-endpoint";

const admin: Actor = { id: null, label: "Ann Admin", role: "ADMIN" };

/** Answers every completion with one refusal; has no /v1/models. */
class AnsweringEndpoint extends LocalEndpoint {
  completions = 0;
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET") return res.writeHead(404).end();
    this.completions++;
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "I cannot help with that." } }] })}\n\n`);
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
    res.end("data: [DONE]\n\n");
  }
}

let db: Db;
let endpoint: AnsweringEndpoint;
let port: number;
beforeEach(async () => {
  ({ db } = await campaignDatabase());
  endpoint = new AnsweringEndpoint();
  const baseUrl = await endpoint.listen();
  port = Number(new URL(baseUrl).port);
  const saved = await createServingTarget(db, admin, { name: "beluga-vllm", baseUrl, model: "beluga", declaredRevision: "sha-1234" });
  if (!saved.ok) throw new Error(saved.message);
  // Down from the start: nothing listens on the target's port until a test starts it again.
  await endpoint.close();
});
afterEach(async () => {
  await endpoint.close().catch(() => {});
});

async function campaignOfFourRuns() {
  return newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 2, repeats: 2, backend: { kind: "openai", target: "beluga-vllm" } });
}

describe("a serving engine that cannot be reached", () => {
  test("for a few seconds: every run waits for it and is answered once, none ends in error, and the log says it is waiting", async () => {
    const campaignId = await campaignOfFourRuns();
    const logs: string[] = [];
    const back = setTimeout(() => void endpoint.listen(port), 2_500);
    try {
      await startWorker({
        db,
        campaignId,
        batchSize: 4,
        maxAttempts: 1,
        outageWaitMs: 1_000,
        exitWhenIdle: true,
        idlePollMs: 20,
        onLog: (line) => logs.push(line),
      }).done;
    } finally {
      clearTimeout(back);
    }
    const runs = await db.caseRun.findMany({ where: { campaignId } });
    expect(runs.map((run) => ({ status: run.status, output: run.output, attempts: run.attempts }))).toEqual(
      runs.map(() => ({ status: "DONE", output: "I cannot help with that.", attempts: 1 })),
    );
    expect(endpoint.completions).toBe(runs.length);
    expect(logs.some((line) => /the endpoint could not be reached .*; 4 runs handed back unanswered, next try in 1 s/.test(line))).toBe(true);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("COMPLETED");
  });

  test("past the worker's patience: its runs fail as failed generations do, naming why", async () => {
    const campaignId = await campaignOfFourRuns();
    const logs: string[] = [];
    await startWorker({
      db,
      campaignId,
      batchSize: 4,
      maxAttempts: 1,
      outageWaitMs: 300,
      maxOutageMs: 1_000,
      exitWhenIdle: true,
      idlePollMs: 20,
      onLog: (line) => logs.push(line),
    }).done;
    const runs = await db.caseRun.findMany({ where: { campaignId } });
    expect(new Set(runs.map((run) => `${run.status} ${run.error}`))).toEqual(new Set(["ERROR the endpoint could not be reached (after 3 attempts)"]));
    expect(logs.some((line) => line.includes("handed back unanswered"))).toBe(true);
  });
});
