// A result the database refuses for good (not a lock or a restart, which the worker waits out):
// found when PostgreSQL refused NUL in an output. The worker handed the runs back without counting
// an attempt, so the same runs were generated again and again, for ever. Here the refusal is a real
// SQLite trigger on one case's output; the endpoint is a real HTTP server.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, beforeEach, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import type { Db } from "../../lib/db/types";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";
import { LocalEndpoint } from "./local-endpoint";

const admin: Actor = { id: null, label: "Ann Admin", role: "ADMIN" };

/** Answers the prompt `poisoned` with a text the trigger refuses, every other prompt with a refusal. */
class PoisoningEndpoint extends LocalEndpoint {
  completions = 0;
  poisoned = "";
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    let body = "";
    for await (const chunk of req) body += chunk;
    if (req.method === "GET") return res.writeHead(404).end();
    this.completions++;
    const { messages } = JSON.parse(body) as { messages: { content: string }[] };
    const content = messages.at(-1)?.content === this.poisoned ? "poison pill" : "I cannot help with that.";
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`);
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
    res.end("data: [DONE]\n\n");
  }
}

let db: Db;
let endpoint: PoisoningEndpoint;
beforeEach(async () => {
  ({ db } = await campaignDatabase());
  endpoint = new PoisoningEndpoint();
  const saved = await createServingTarget(db, admin, { name: "beluga-vllm", baseUrl: await endpoint.listen(), model: "beluga", declaredRevision: "sha-1234" });
  if (!saved.ok) throw new Error(saved.message);
  await db.$executeRawUnsafe(
    `CREATE TRIGGER refuse_poison BEFORE UPDATE OF output ON CaseRun WHEN NEW.output LIKE '%poison%' BEGIN SELECT RAISE(ABORT, 'refused by the test''s trigger'); END`,
  );
});
afterEach(async () => {
  await endpoint.close();
});

test("a result the database refuses counts as a failed attempt: its runs end in error naming why, the others are kept, and the worker stops", async () => {
  const campaignId = await newCampaign(db, {
    ...smallCampaign,
    uses: ["U1"],
    casesPerSuite: 2,
    repeats: 2,
    backend: { kind: "openai", target: "beluga-vllm" },
  });
  const first = await db.caseRun.findFirstOrThrow({ where: { campaignId }, include: { case: true } });
  endpoint.poisoned = (first.case.turns as { content: string }[]).at(-1)!.content;
  const logs: string[] = [];

  await startWorker({ db, campaignId, batchSize: 4, maxAttempts: 2, exitWhenIdle: true, idlePollMs: 20, onLog: (line) => logs.push(line) }).done;

  const runs = await db.caseRun.findMany({ where: { campaignId }, orderBy: { id: "asc" } });
  const refused = runs.filter((run) => run.caseId === first.caseId);
  expect(refused.map((run) => ({ status: run.status, attempts: run.attempts }))).toEqual([
    { status: "ERROR", attempts: 2 },
    { status: "ERROR", attempts: 2 },
  ]);
  for (const run of refused) expect(run.error).toMatch(/^the database refused its result: .*refused by the test's trigger/);
  // Written one by one after the batch's write failed: the refused results do not take the others down.
  expect(runs.filter((run) => run.caseId !== first.caseId).map((run) => ({ status: run.status, output: run.output, attempts: run.attempts }))).toEqual([
    { status: "DONE", output: "I cannot help with that.", attempts: 1 },
    { status: "DONE", output: "I cannot help with that.", attempts: 1 },
  ]);
  expect(endpoint.completions).toBe(6);
  expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("COMPLETED");
}, 60_000);
